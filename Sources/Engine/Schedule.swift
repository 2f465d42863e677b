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

  /// Whether the phase runs once, alone (rather than per partition).
  public var isSerial: Bool {
    if case .serial = work { return true }
    return false
  }

  /// A phase run once, serially.
  public static func serial(_ name: String, _ body: @escaping @Sendable () -> Void) -> Phase {
    Phase(name: name, work: .serial(body))
  }
}

/// A model step: phases run in order, each finishing before the next starts.
///
/// With more than one thread, a partitioned phase hands out its partitions longest first, by
/// the time each took in the phase's previous step (``PartitionOrder``): partitions of uneven
/// work (a country's large exporters, say) then start early, and the threads end on short ones
/// together instead of one waiting for a late long one (Graham's longest processing time
/// first). Which thread runs which partition changes no result. The orders are state of the
/// schedule (its copies share them): run one step at a time on a schedule, as a model does.
public struct StepSchedule: Sendable {
  /// The phases, in execution order.
  public let phases: [Phase]
  /// Per phase, the order its partitions are handed out in (nil for a serial phase).
  let partitionOrders: [PartitionOrder?]

  /// A schedule of `phases`.
  public init(phases: [Phase]) {
    self.phases = phases
    partitionOrders = phases.map { phase in
      if case .partitioned(let partitions, _) = phase.work {
        return PartitionOrder(partitionCount: partitions)
      }
      return nil
    }
  }

  /// Runs one step. If `timings` is given, adds each phase's wall time to it, and for a serial
  /// phase the part of it spent in fan-outs timed by `timings.fanOutClock`.
  public func runStep(on executor: ParallelExecutor, timings: PhaseTimings? = nil) {
    for (index, phase) in phases.enumerated() {
      let start = timings == nil ? 0 : DispatchTime.now().uptimeNanoseconds
      let fanOutStart = timings?.fanOutClock.nanoseconds ?? 0
      switch phase.work {
      case .partitioned(let partitions, let body):
        if executor.threadCount > 1, let order = partitionOrders[index] {
          order.run(on: executor, body)
        } else {
          executor.forEachPartition(partitions, body)
        }
      case .serial(let body): body()
      }
      if let timings {
        timings.add(
          phase: index, nanoseconds: DispatchTime.now().uptimeNanoseconds - start,
          fanOutNanoseconds: phase.isSerial ? timings.fanOutClock.nanoseconds - fanOutStart : 0)
      }
    }
  }
}

/// The order in which a partitioned phase hands out its partitions: by the wall time each
/// took the previous time the phase ran, longest first (index order before the first run and
/// between partitions of equal time).
final class PartitionOrder: @unchecked Sendable {
  /// Nanoseconds each partition took in the phase's latest run.
  private let nanoseconds: UnsafeMutableBufferPointer<UInt64>
  /// The partitions, longest first.
  private(set) var order: [Int]

  init(partitionCount: Int) {
    nanoseconds = .allocate(capacity: partitionCount)
    nanoseconds.initialize(repeating: 0)
    order = Array(0..<partitionCount)
  }

  deinit { nanoseconds.deallocate() }

  /// Runs `body` for every partition in the current order, timing each (its own slot: no
  /// two partitions write the same), then sorts the order for the next run.
  func run(on executor: ParallelExecutor, _ body: (_ partition: Int) -> Void) {
    let times = nanoseconds
    executor.forEachPartition(inOrder: order) { partition in
      let start = DispatchTime.now().uptimeNanoseconds
      body(partition)
      times[partition] = DispatchTime.now().uptimeNanoseconds - start
    }
    sortLongestFirst()
  }

  /// Records that `partition` took `elapsed` nanoseconds.
  func record(_ partition: Int, nanoseconds elapsed: UInt64) { nanoseconds[partition] = elapsed }

  /// Orders the partitions by their latest time, longest first, ties by index.
  func sortLongestFirst() {
    let times = nanoseconds
    order.sort { times[$0] != times[$1] ? times[$0] > times[$1] : $0 < $1 }
  }
}

/// Wall time spent in each phase, accumulated over steps (for profiling and benchmarks).
///
/// A serial phase may fan work out over partitions through an executor that adds its time to
/// ``fanOutClock`` (`executor.timingFanOuts(with: timings.fanOutClock)`, as the corridor
/// economy does for its directories and cut-offs): that time is counted apart
/// (``fanOutNanoseconds``), and only the rest of the phase is serial.
public final class PhaseTimings: @unchecked Sendable {
  /// Phase names, in schedule order.
  public let names: [String]
  /// Whether each phase runs once, alone (rather than per partition).
  public let isSerial: [Bool]
  /// Accumulated nanoseconds per phase.
  public private(set) var nanoseconds: [UInt64]
  /// Of those, per serial phase, the nanoseconds spent in fan-outs over partitions.
  public private(set) var fanOutNanoseconds: [UInt64]
  /// The clock with which a model's serial phases time their fan-outs.
  public let fanOutClock = FanOutClock()

  /// Empty timings for the phases of `schedule`.
  public init(for schedule: StepSchedule) {
    names = schedule.phases.map(\.name)
    isSerial = schedule.phases.map(\.isSerial)
    nanoseconds = [UInt64](repeating: 0, count: names.count)
    fanOutNanoseconds = [UInt64](repeating: 0, count: names.count)
  }

  /// The serial share s of the steps' wall time: the serial phases' time outside their
  /// fan-outs, the part of a step that more threads cannot shorten (0 when nothing was timed).
  /// By Amdahl's law, T threads can speed a step up at most 1 / (s + (1 − s) / T).
  public var serialShare: Double {
    let total = nanoseconds.reduce(0, +)
    guard total > 0 else { return 0 }
    var serial: UInt64 = 0
    for phase in names.indices where isSerial[phase] {
      serial += nanoseconds[phase] - min(fanOutNanoseconds[phase], nanoseconds[phase])
    }
    return Double(serial) / Double(total)
  }

  func add(phase: Int, nanoseconds elapsed: UInt64, fanOutNanoseconds fanOut: UInt64 = 0) {
    nanoseconds[phase] += elapsed
    fanOutNanoseconds[phase] += fanOut
  }

  /// Seconds per phase, paired with names.
  public var seconds: [(name: String, seconds: Double)] {
    zip(names, nanoseconds).map { ($0, Double($1) / 1e9) }
  }

  /// Seconds per phase spent in fan-outs, paired with names (0 for partitioned phases).
  public var fanOutSeconds: [(name: String, seconds: Double)] {
    zip(names, fanOutNanoseconds).map { ($0, Double($1) / 1e9) }
  }
}
