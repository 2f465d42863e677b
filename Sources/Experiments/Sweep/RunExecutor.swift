import Dispatch
import Synchronization

/// Carries out a list of runs. A small, replaceable piece: the local executor runs them on
/// this machine's cores; a cluster executor (MPI) can take its place.
public protocol RunExecutor: Sendable {
  /// Calls `work` once for every run, possibly concurrently, and `completed` after each
  /// finishes. Stops starting new runs after the first error, which it rethrows.
  func execute(
    _ runs: [RunSpec], work: @Sendable (RunSpec) throws -> Void,
    completed: @Sendable (RunSpec) -> Void
  ) throws
}

/// Runs up to `jobs` runs at a time on local threads; each run takes the next unstarted one.
public struct LocalRunExecutor: RunExecutor {
  public let jobs: Int

  public init(jobs: Int) {
    precondition(jobs >= 1, "at least one job")
    self.jobs = jobs
  }

  public func execute(
    _ runs: [RunSpec], work: @Sendable (RunSpec) throws -> Void,
    completed: @Sendable (RunSpec) -> Void
  ) throws {
    let next = Atomic<Int>(0)
    let failure = Mutex<(any Error)?>(nil)
    DispatchQueue.concurrentPerform(iterations: min(jobs, max(runs.count, 1))) { _ in
      while true {
        if failure.withLock({ $0 != nil }) { return }
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard index < runs.count else { return }
        do {
          try work(runs[index])
          completed(runs[index])
        } catch {
          failure.withLock { if $0 == nil { $0 = error } }
          return
        }
      }
    }
    if let error = failure.withLock({ $0 }) { throw error }
  }
}
