import Dispatch

/// One named phase of a model step.
///
/// A *partitioned* phase runs `body(p)` for every partition p concurrently: the body may read
/// anything that no phase-mate writes, and writes only partition p's slots and draws only from
/// partition p's streams. A *serial* phase runs once, alone, and may touch anything (market
/// clearing, aggregate bookkeeping).
public struct Phase: Sendable {
  /// What runs in the phase.
  public enum Work: Sendable {
    /// Runs once per partition of a population with `partitions` partitions, concurrently.
    case partitioned(partitions: Int, @Sendable (_ partition: Int) -> Void)
    /// Runs once, on the calling thread.
    case serial(@Sendable () -> Void)
  }

  /// A short name, used in timings and error messages (e.g. "give", "receive").
  public let name: String
  /// The work.
  public let work: Work

  /// A phase run once per partition (0..<`partitions`), concurrently.
  public static func partitioned(
    _ name: String, partitions: Int, _ body: @escaping @Sendable (_ partition: Int) -> Void
  ) -> Phase {
    precondition(partitions >= 0, "a phase needs a non-negative partition count")
    return Phase(name: name, work: .partitioned(partitions: partitions, body))
  }

  /// A phase run once, serially.
  public static func serial(_ name: String, _ body: @escaping @Sendable () -> Void) -> Phase {
    Phase(name: name, work: .serial(body))
  }
}

/// A model step: phases run in order, each finishing before the next starts.
public struct StepSchedule: Sendable {
  /// The phases, in execution order.
  public let phases: [Phase]

  /// A schedule of `phases`.
  public init(phases: [Phase]) {
    self.phases = phases
  }

  /// Runs one step. If `timings` is given, adds each phase's wall time to it.
  public func runStep(on executor: ParallelExecutor, timings: PhaseTimings? = nil) {
    for (index, phase) in phases.enumerated() {
      let start = timings == nil ? 0 : DispatchTime.now().uptimeNanoseconds
      switch phase.work {
      case .partitioned(let partitions, let body): executor.forEachPartition(partitions, body)
      case .serial(let body): body()
      }
      if let timings {
        timings.add(phase: index, nanoseconds: DispatchTime.now().uptimeNanoseconds - start)
      }
    }
  }
}

/// Wall time spent in each phase, accumulated over steps (for profiling and benchmarks).
public final class PhaseTimings: @unchecked Sendable {
  /// Phase names, in schedule order.
  public let names: [String]
  /// Whether each phase runs once, alone, on one thread (rather than per partition): the part
  /// of a step that more threads cannot shorten.
  public let isSerial: [Bool]
  /// Accumulated nanoseconds per phase.
  public private(set) var nanoseconds: [UInt64]

  /// Empty timings for the phases of `schedule`.
  public init(for schedule: StepSchedule) {
    names = schedule.phases.map(\.name)
    isSerial = schedule.phases.map {
      if case .serial = $0.work { return true }
      return false
    }
    nanoseconds = [UInt64](repeating: 0, count: names.count)
  }

  /// The serial phases' share of the steps' wall time (0 when nothing was timed). By
  /// Amdahl's law, T threads can speed a step up at most 1 / (s + (1 − s) / T).
  public var serialShare: Double {
    let total = nanoseconds.reduce(0, +)
    guard total > 0 else { return 0 }
    let serial = zip(nanoseconds, isSerial).filter(\.1).reduce(0) { $0 + $1.0 }
    return Double(serial) / Double(total)
  }

  func add(phase: Int, nanoseconds elapsed: UInt64) { nanoseconds[phase] += elapsed }

  /// Seconds per phase, paired with names.
  public var seconds: [(name: String, seconds: Double)] {
    zip(names, nanoseconds).map { ($0, Double($1) / 1e9) }
  }
}
