import ArgumentParser
import Engine
import Experiments
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
      Run.self, Sweep.self, Slurm.self, Status.self, Merge.self, Summarize.self, Compare.self,
      Analyze.self,
      FiguresCommand.self,
      Calibrate.self, Validate.self,
      Config.self, Parameters.self, Countries.self, Corridors.self, Policies.self,
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
      if let failure = error as? ModelFailureReport {
        FileHandle.standardError.write(Data("brisim: error: \(failure.oneLine)\n".utf8))
        Foundation.exit(1)
      }
      exit(withError: error)
    }
  }
}

/// A failure of the model during a run (not of the input): printed as one line
/// `brisim: error: …`, exit status 1.
protocol ModelFailureReport: Error {
  var oneLine: String { get }
}

extension RunFailure: ModelFailureReport {
  var oneLine: String { description }
}

/// Some runs of an experiment failed (each was reported as it happened and is listed in
/// runs.csv); the others are complete.
struct FailedRuns: ModelFailureReport {
  let failed: [(id: String, message: String)]
  let total: Int
  let folder: String

  var oneLine: String {
    let shown = failed.prefix(5).map(\.id).joined(separator: ", ")
    let more = failed.count > 5 ? ", …" : ""
    return
      "\(failed.count) of \(total) runs failed (\(shown)\(more)); \(folder)/runs.csv lists each with its message; rerun them with --retry-failed"
  }
}

/// Bad input detected after parsing (a file, a config key, a combination of options). The
/// message names what was wrong and what was expected; the tool exits with status 2.
struct BadInput: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
