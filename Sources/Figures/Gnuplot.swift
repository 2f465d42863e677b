import Foundation

/// The gnuplot executable, run as a process with arguments (never through a shell).
public struct Gnuplot: Sendable {
  public let executable: String

  /// The Debian package that provides gnuplot with the cairo terminals (PNG, SVG, PDF).
  public static let debianPackage = "gnuplot-nox"

  public init(executable: String) { self.executable = executable }

  /// Finds `gnuplot` on `PATH` (of `environment`), or fails with a message naming the package.
  public static func locate(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> Gnuplot {
    if let executable = findExecutable("gnuplot", environment: environment) {
      return Gnuplot(executable: executable)
    }
    throw FigureError(
      "gnuplot was not found on PATH; install the Debian package \(debianPackage) (apt-get install \(debianPackage)) or run scripts/install-deps.sh"
    )
  }

  /// Warnings that leave a correct figure: a constant series (e.g. a difference that is zero
  /// throughout) gets an empty range, which gnuplot widens by itself.
  static let benignWarnings = ["empty y range", "empty x range", "empty cb range"]

  /// Runs `gnuplot script` in `folder`. A non-zero exit, or anything gnuplot prints on stderr
  /// (its warnings included, but for ``benignWarnings``), is an error quoting gnuplot's message.
  public func run(script: String, in folder: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = [script]
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw FigureError("\(executable): cannot be started (\(error))")
    }
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      .split(whereSeparator: \.isNewline)
      .filter { line in !Self.benignWarnings.contains { line.contains($0) } }
      .joined(separator: "\n")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    process.waitUntilExit()
    guard process.terminationStatus == 0, message.isEmpty else {
      let text = message.split(whereSeparator: \.isNewline).suffix(4).joined(separator: " | ")
      throw FigureError(
        "\(folder)/\(script): gnuplot \(process.terminationStatus == 0 ? "warned" : "failed (status \(process.terminationStatus))"): \(text)"
      )
    }
  }
}

/// The first executable file called `name` in the folders of `PATH` (of `environment`), as
/// a shell would find it; nil if there is none.
public func findExecutable(
  _ name: String, environment: [String: String] = ProcessInfo.processInfo.environment
) -> String? {
  let path = environment["PATH"] ?? ""
  for folder in path.split(separator: ":") where !folder.isEmpty {
    let candidate = "\(folder)/\(name)"
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
  }
  return nil
}
