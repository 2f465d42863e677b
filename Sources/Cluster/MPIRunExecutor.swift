import Experiments
import Foundation

/// The messages between rank 0 and the worker ranks: small arrays of 64-bit integers.
///
/// A worker starts with `ready`; rank 0 answers `run [index]` (a run's index in the plan) or
/// `stop`. When done the worker sends `done [index]` (complete or recorded as failed: the
/// run's folder says which) or `error [index]` (it could not write the run), and gets its next
/// answer. Every worker gets exactly one `stop`.
enum MPIRunTag: Int32 {
  case ready = 1
  case run = 2
  case stop = 3
  case done = 4
  case error = 5
}

/// Rank 0 of an MPI sweep: hands the pending runs to the worker ranks one at a time, in plan
/// order, each to the first worker that asks (runs take different times at different
/// parameter points, so a static split would leave ranks idle), and waits for them. Workers
/// write their run folders on the shared file system; rank 0 then merges them like any other
/// executor's.
///
/// Rank 0 does no runs itself when there are workers. It waits for messages by polling every
/// millisecond rather than in a blocking receive, which in Open MPI spins a core the workers
/// need. With a single rank (`mpirun -np 1`) it runs everything itself, like the local executor.
public final class MPIRunDispatcher: RunExecutor, @unchecked Sendable {
  /// The worker ranks (1 … size − 1).
  public let workerCount: Int
  /// Runs at a time when rank 0 is alone.
  let localJobs: Int
  /// Workers that have been sent `stop` (only touched on rank 0's main thread).
  private var stopped = Set<Int>()

  /// A dispatcher for the current MPI job (call after ``MPI/initialize()``, on rank 0).
  public init(localJobs: Int) {
    workerCount = MPI.size - 1
    self.localJobs = localJobs
  }

  public func execute(
    _ runs: [RunSpec], work: @Sendable (RunSpec) throws -> Void,
    completed: @Sendable (RunSpec) -> Void
  ) throws {
    guard workerCount > 0 else {
      try LocalRunExecutor(jobs: localJobs).execute(runs, work: work, completed: completed)
      return
    }
    let byIndex = Dictionary(uniqueKeysWithValues: runs.map { ($0.index, $0) })
    var next = 0
    var failure: MPIError?
    while stopped.count < workerCount {
      let message = try Self.awaitMessage()
      switch MPIRunTag(rawValue: message.tag) {
      case .done?:
        if let run = byIndex[Int(message.values[0])] { completed(run) }
      case .error?:
        let id = byIndex[Int(message.values[0])]?.id ?? "#\(message.values[0])"
        if failure == nil { failure = .workerFailed(rank: message.sender, runID: id) }
      default:
        break
      }
      if failure == nil && next < runs.count {
        try MPI.send([Int64(runs[next].index)], to: message.sender, tag: MPIRunTag.run.rawValue)
        next += 1
      } else {
        try MPI.send([], to: message.sender, tag: MPIRunTag.stop.rawValue)
        stopped.insert(message.sender)
      }
    }
    if let failure { throw failure }
  }

  /// Sends `stop` to every worker not yet stopped (when rank 0 stops before or without
  /// dispatching: the folder holds another experiment, every run is already complete).
  public func releaseWorkers() {
    while stopped.count < workerCount {
      guard let message = try? Self.awaitMessage() else { return }
      guard (try? MPI.send([], to: message.sender, tag: MPIRunTag.stop.rawValue)) != nil
      else { return }
      stopped.insert(message.sender)
    }
  }

  /// The next message from any worker, polled every millisecond.
  static func awaitMessage() throws -> MPI.Message {
    while !MPI.messageWaiting { usleep(1000) }
    return try MPI.receive()
  }
}

/// A worker rank of an MPI sweep: asks rank 0 for runs and carries each out with `work` (which
/// writes the run's folder) until told to stop. A run the model stops is recorded as failed by
/// `work` itself; an error that leaves the run unwritten is printed by `report` and sent to
/// rank 0, which then stops handing out runs.
public enum MPIRunWorker {
  /// Serves rank 0 until it sends `stop`; returns how many runs this rank carried out.
  @discardableResult
  public static func serve(
    plan: RunPlan, work: (RunSpec) throws -> Void, report: (any Error, RunSpec) -> Void
  ) throws -> Int {
    var reply = (values: [Int64](), tag: MPIRunTag.ready)
    var carried = 0
    while true {
      try MPI.send(reply.values, to: 0, tag: reply.tag.rawValue)
      let message = try MPI.receive(from: 0)
      guard MPIRunTag(rawValue: message.tag) == .run else { return carried }
      let index = Int(message.values[0])
      let run = plan.runs[index]
      do {
        try work(run)
        carried += 1
        reply = ([Int64(index)], .done)
      } catch {
        report(error, run)
        reply = ([Int64(index)], .error)
      }
    }
  }
}
