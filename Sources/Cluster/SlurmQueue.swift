import Foundation

/// What Slurm's queue says about a sweep's jobs, through `squeue` (and `scancel`, `sbatch`),
/// so that a resubmission never runs a task that is still queued or running, and a merge job
/// waiting on a dependency that can no longer be met is cancelled rather than left behind.
public struct SlurmQueue: Sendable {
  /// Slurm's commands' folder, found on PATH.
  let locate: @Sendable (String) -> String?

  public init(locate: @escaping @Sendable (String) -> String?) { self.locate = locate }

  /// The result of running a Slurm command.
  public struct Output: Sendable {
    public let status: Int32
    public let standardOutput: String
    public let standardError: String
  }

  /// Whether `squeue` can be asked (the machine is a Slurm node or login node).
  public var isAvailable: Bool { locate("squeue") != nil }

  /// Runs Slurm's `tool` with `arguments`; nil when the tool is not on PATH.
  public func run(_ tool: String, _ arguments: [String]) throws -> Output? {
    guard let path = locate(tool) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let printed = output.fileHandleForReading.readDataToEndOfFile()
    let complaint = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus,
      standardOutput: String(decoding: printed, as: UTF8.self),
      standardError: String(decoding: complaint, as: UTF8.self))
  }

  /// The tasks of array job `arrayJob` still in the queue (pending, running, completing), by
  /// task index with their state; empty when none is (or squeue cannot be asked).
  public func activeTasks(ofArrayJob arrayJob: String) -> [Int: String] {
    guard let output = try? run("squeue", ["-h", "-r", "-j", arrayJob, "-o", "%K|%T"]),
      output.status == 0
    else { return [:] }
    var tasks: [Int: String] = [:]
    for line in output.standardOutput.split(separator: "\n") {
      let fields = line.split(separator: "|")
      if fields.count == 2, let task = Int(fields[0]) { tasks[task] = String(fields[1]) }
    }
    return tasks
  }

  /// Job `id`'s state and Slurm's reason for it (`PENDING`, `DependencyNeverSatisfied`), or
  /// nil once it has left the queue.
  public func state(ofJob id: String) -> (state: String, reason: String)? {
    guard let output = try? run("squeue", ["-h", "-j", id, "-o", "%T|%r"]), output.status == 0,
      let line = output.standardOutput.split(separator: "\n").first
    else { return nil }
    let fields = line.split(separator: "|", omittingEmptySubsequences: false)
    return (String(fields[0]), fields.count > 1 ? String(fields[1]) : "")
  }

  /// Whether job `id` waits on a dependency that can never be met (a task it waits for failed
  /// or was cancelled), so that it would wait forever.
  public func waitsForever(_ id: String) -> Bool {
    state(ofJob: id)?.reason == "DependencyNeverSatisfied"
  }
}
