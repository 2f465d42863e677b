import Dispatch
import Experiments
import Foundation

/// The messages between rank 0 and the worker ranks: small arrays of 64-bit integers.
///
/// A worker starts with `ready`; rank 0 answers `run [index]` (a run's index in the plan) or
/// `stop`. While a run goes on the worker sends `alive [index]` every heartbeat interval (no
/// answer). When done it sends `done [index]` (complete or recorded as failed: the run's folder
/// says which) or `error [index]` (it could not write the run), and gets its next answer.
/// Every worker gets exactly one `stop`, unless rank 0 counted it as dead. A worker left without
/// a run waits for its `stop` until every other worker has finished or been counted dead: the
/// `stop` then says `[1]` if one was, and the worker leaves without MPI_Finalize, which would
/// wait for the dead rank for ever (`[0]` or no value: finalize as usual).
enum MPIRunTag: Int32 {
  case ready = 1
  case run = 2
  case stop = 3
  case done = 4
  case error = 5
  case alive = 6
}

/// Rank 0 of an MPI sweep: hands the pending runs to the worker ranks one at a time, in plan
/// order, each to the first worker that asks (runs take different times at different
/// parameter points, so a static split would leave ranks idle), and waits for them. Workers
/// write their run folders on the shared file system; rank 0 then merges them like any other
/// executor's.
///
/// A worker that dies takes only its current run with it. By default `mpirun` then stops the
/// whole job; under `mpirun --enable-recovery` the job goes on, and rank 0 counts a worker as
/// dead once it has not heard from it for ``rankTimeout`` seconds (a busy worker says it is
/// alive every tenth of that): the others finish every other run, and rank 0 reports the lost
/// runs instead of merging, so the same command again completes them.
///
/// Rank 0 does no runs itself when there are workers. It waits for messages by polling every
/// millisecond rather than in a blocking receive, which in Open MPI spins a core the workers
/// need. With a single rank (`mpirun -np 1`) it runs everything itself, like the local executor.
public final class MPIRunDispatcher: RunExecutor, @unchecked Sendable {
  /// The worker ranks (1 … size − 1).
  public let workerCount: Int
  /// Runs at a time when rank 0 is alone.
  let localJobs: Int
  /// Seconds without a message from a busy worker after which it counts as dead.
  public let rankTimeout: Double
  /// Workers that have been sent `stop` (only touched on rank 0's main thread).
  private var stopped = Set<Int>()
  /// Workers counted as dead, with the run each had.
  public private(set) var lostRanks: [(rank: Int, runID: String)] = []

  /// A dispatcher for the current MPI job (call after ``MPI/initialize()``, on rank 0).
  public init(localJobs: Int, rankTimeout: Double = 60) {
    workerCount = MPI.size - 1
    self.localJobs = localJobs
    self.rankTimeout = rankTimeout
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
    func id(_ value: Int64) -> String { byIndex[Int(value)]?.id ?? "#\(value)" }
    var next = 0
    var failure: MPIError?
    // Busy workers: their run and when rank 0 last heard from them (uptime nanoseconds).
    var busy: [Int: (run: Int64, heard: UInt64)] = [:]
    // Workers with no run left, waiting for their `stop`.
    var idle: [Int] = []
    while stopped.count + idle.count < workerCount {
      guard let message = try awaitMessage(orAfter: rankTimeout / 10) else {
        let now = DispatchTime.now().uptimeNanoseconds
        for (rank, state) in busy where Double(now - state.heard) / 1e9 > rankTimeout {
          busy[rank] = nil
          stopped.insert(rank)
          lostRanks.append((rank, id(state.run)))
        }
        continue
      }
      let now = DispatchTime.now().uptimeNanoseconds
      switch MPIRunTag(rawValue: message.tag) {
      case .alive?:
        if busy[message.sender] != nil { busy[message.sender]?.heard = now }
        continue
      case .done?:
        if let run = byIndex[Int(message.values[0])] { completed(run) }
      case .error?:
        if failure == nil {
          failure = .workerFailed(rank: message.sender, runID: id(message.values[0]))
        }
      default:
        break
      }
      busy[message.sender] = nil
      if stopped.contains(message.sender) { continue }  // counted dead, yet it spoke: ignore
      if failure == nil && next < runs.count {
        try MPI.send([Int64(runs[next].index)], to: message.sender, tag: MPIRunTag.run.rawValue)
        busy[message.sender] = (Int64(runs[next].index), now)
        next += 1
      } else {
        idle.append(message.sender)
      }
    }
    let peersLost: Int64 = lostRanks.isEmpty ? 0 : 1
    for rank in idle {
      try MPI.send([peersLost], to: rank, tag: MPIRunTag.stop.rawValue)
      stopped.insert(rank)
    }
    if let failure { throw failure }
    if !lostRanks.isEmpty { throw MPIError.ranksLost(lostRanks) }
  }

  /// Sends `stop` to every worker not yet stopped (when rank 0 stops before or without
  /// dispatching: the folder holds another experiment, every run is already complete).
  public func releaseWorkers() {
    while stopped.count < workerCount {
      guard let message = try? awaitMessage(orAfter: nil) else { return }
      guard MPIRunTag(rawValue: message.tag) != .alive else { continue }
      guard (try? MPI.send([], to: message.sender, tag: MPIRunTag.stop.rawValue)) != nil
      else { return }
      stopped.insert(message.sender)
    }
  }

  /// The next message from any worker, polled every millisecond; nil once `seconds` pass
  /// without one (nil: wait as long as it takes).
  func awaitMessage(orAfter seconds: Double?) throws -> MPI.Message? {
    let start = DispatchTime.now().uptimeNanoseconds
    while !MPI.messageWaiting {
      if let seconds, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 > seconds {
        return nil
      }
      usleep(1000)
    }
    return try MPI.receive()
  }
}

/// A worker rank of an MPI sweep: asks rank 0 for runs and carries each out with `work` (which
/// writes the run's folder) until told to stop. The run goes on a thread of its own while this
/// (main) thread, the only one that talks MPI, tells rank 0 every `heartbeat` seconds that the
/// rank is alive. A run the model stops is recorded as failed by `work` itself; an error that
/// leaves the run unwritten is printed by `report` and sent to rank 0, which then stops
/// handing out runs.
public enum MPIRunWorker {
  /// Serves rank 0 until it sends `stop`; returns how many runs this rank carried out, and
  /// whether rank 0 counted another worker as dead (then MPI_Finalize would wait for it: the
  /// caller leaves without it).
  @discardableResult
  public static func serve(
    plan: RunPlan, heartbeat: Double, work: @escaping @Sendable (RunSpec) throws -> Void,
    report: (any Error, RunSpec) -> Void
  ) throws -> (carried: Int, peersLost: Bool) {
    var reply = (values: [Int64](), tag: MPIRunTag.ready)
    var carried = 0
    while true {
      try MPI.send(reply.values, to: 0, tag: reply.tag.rawValue)
      let message = try MPI.receive(from: 0)
      guard MPIRunTag(rawValue: message.tag) == .run else {
        return (carried, message.values.first == 1)
      }
      let index = Int(message.values[0])
      let run = plan.runs[index]
      let finished = DispatchSemaphore(value: 0)
      let outcome = OutcomeBox()
      Thread.detachNewThread {
        do { try work(run) } catch { outcome.error = error }
        finished.signal()
      }
      while finished.wait(timeout: .now() + heartbeat) == .timedOut {
        try MPI.send([Int64(index)], to: 0, tag: MPIRunTag.alive.rawValue)
      }
      if let error = outcome.error {
        report(error, run)
        reply = ([Int64(index)], .error)
      } else {
        carried += 1
        reply = ([Int64(index)], .done)
      }
    }
  }

  /// A run's error, handed from its thread to the main thread (the semaphore orders the two).
  private final class OutcomeBox: @unchecked Sendable {
    var error: (any Error)?
  }
}
