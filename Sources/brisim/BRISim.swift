import ArgumentParser
import Engine
import Foundation

/// `brisim`: the command-line tool. The root command only lists its subcommands.
@main
struct BRISim: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "brisim",
    abstract: "Agent-based simulation of cross-border e-commerce along the Belt and Road.",
    discussion: """
      Exit status: 0 on success, 2 for bad input (an option value, a config, a CSV), \
      1 for a failure during a run.
      """,
    version: BRISimVersion.string,
    subcommands: [
      Run.self, Sweep.self, Merge.self, FiguresCommand.self, Calibrate.self, Validate.self, Config.self, Parameters.self,
      Bench.self, Info.self,
    ])

  /// Parses and runs, mapping every kind of bad input to one line on stderr and exit status 2.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      if exitCode(for: error) == .validationFailure || error is BadInput {
        let text = message(for: error)
          .split(whereSeparator: \.isNewline)
          .map { $0.trimmingPrefix(while: \.isWhitespace) }
          .joined(separator: " ")
        FileHandle.standardError.write(Data("brisim: error: \(text)\n".utf8))
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }
}

/// Bad input detected after parsing (a file, a config key, a combination of options). The
/// message names what was wrong and what was expected; the tool exits with status 2.
struct BadInput: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
