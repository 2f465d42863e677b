import Dispatch
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Runs per-partition work on a fixed number of worker threads.
///
/// Workers take partitions dynamically (an atomic counter), so which thread runs which
/// partition varies from run to run; results never do, because each partition writes only its
/// own slots and draws only from its own stream, and per-partition results come back in
/// partition order for a fixed-order reduction.
public struct ParallelExecutor: Sendable {
  /// How many partitions may run at once.
  public let threadCount: Int
  /// Where the wall time of every fan-out (``forEachPartition(_:_:)``,
  /// ``forEachPartition(inOrder:_:)`` and what is built on them) is added, if anywhere.
  public let fanOutClock: FanOutClock?

  /// An executor with `threadCount` workers (default: every online core).
  public init(threadCount: Int? = nil) {
    let threads = threadCount ?? Self.availableCores
    precondition(threads >= 1, "thread count must be at least 1, got \(threads)")
    self.threadCount = threads
    self.fanOutClock = nil
  }

  private init(threadCount: Int, fanOutClock: FanOutClock?) {
    self.threadCount = threadCount
    self.fanOutClock = fanOutClock
  }

  /// This executor, adding the wall time of its fan-outs to `clock` (nil: timing none). A
  /// serial phase that fans work out over partitions (directories over destinations, say) is
  /// thereby split into its serial part and its parallel part (``PhaseTimings``).
  public func timingFanOuts(with clock: FanOutClock?) -> ParallelExecutor {
    ParallelExecutor(threadCount: threadCount, fanOutClock: clock)
  }

  /// The number of online processor cores.
  public static var availableCores: Int {
    max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  }

  /// Calls `body(p)` for every partition p in 0..<partitionCount, up to `threadCount` at once.
  /// Returns when all have finished.
  public func forEachPartition(_ partitionCount: Int, _ body: (_ partition: Int) -> Void) {
    timed { runPartitions(partitionCount, order: nil, body) }
  }

  /// Calls `body(p)` for every partition p of `order` (a permutation of 0..<order.count),
  /// taking them in that order. Give the partitions of uneven work largest first: the workers
  /// then end on small ones and none waits long for the last (Graham's longest processing
  /// time first). Which thread runs which partition changes no result.
  public func forEachPartition(inOrder order: [Int], _ body: (_ partition: Int) -> Void) {
    assert(
      Set(order) == Set(0..<order.count),
      "forEachPartition(inOrder:) needs a permutation of 0..<\(order.count)")
    timed { runPartitions(order.count, order: order, body) }
  }

  /// Runs `work`, adding its wall time to the fan-out clock if there is one.
  private func timed(_ work: () -> Void) {
    if let fanOutClock {
      let start = DispatchTime.now().uptimeNanoseconds
      defer { fanOutClock.add(DispatchTime.now().uptimeNanoseconds - start) }
      work()
    } else {
      work()
    }
  }

  private func runPartitions(
    _ partitionCount: Int, order: [Int]?, _ body: (_ partition: Int) -> Void
  ) {
    let workers = min(threadCount, partitionCount)
    if workers <= 1 {
      for position in 0..<partitionCount { body(order?[position] ?? position) }
      return
    }
    let nextPosition = Atomic<Int>(0)
    withoutActuallyEscaping(body) { body in
      let work = UncheckedSendable(body)
      DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
          let position = nextPosition.wrappingAdd(1, ordering: .relaxed).oldValue
          if position >= partitionCount { break }
          work.value(order?[position] ?? position)
        }
      }
    }
  }

  /// `body(p)` for every partition, returned in partition order (whatever order they ran in).
  public func mapPartitions<Result>(
    _ partitionCount: Int, _ body: (_ partition: Int) -> Result
  ) -> [Result] {
    let slots = UnsafeMutableBufferPointer<Result>.allocate(capacity: partitionCount)
    defer { slots.deallocate() }
    let output = UncheckedSendable(slots)
    forEachPartition(partitionCount) { partition in
      (output.value.baseAddress! + partition).initialize(to: body(partition))
    }
    return Array(unsafeUninitializedCapacity: partitionCount) { buffer, count in
      _ = buffer.moveInitialize(fromContentsOf: slots)
      count = partitionCount
    }
  }

  /// Maps every partition and folds the results in partition order: the fold's floating-point
  /// rounding is therefore the same for any thread count.
  public func reducePartitions<Partial, Result>(
    _ partitionCount: Int, into initial: Result, map: (_ partition: Int) -> Partial,
    reduce: (inout Result, Partial) -> Void
  ) -> Result {
    mapPartitions(partitionCount, map).reduce(into: initial, reduce)
  }
}

/// Wall time spent inside an executor's fan-outs (``ParallelExecutor/timingFanOuts(with:)``),
/// accumulated.
public final class FanOutClock: Sendable {
  private let elapsed = Atomic<UInt64>(0)

  public init() {}

  /// Nanoseconds so far.
  public var nanoseconds: UInt64 { elapsed.load(ordering: .relaxed) }

  func add(_ nanoseconds: UInt64) { elapsed.wrappingAdd(nanoseconds, ordering: .relaxed) }
}

/// Wraps a value that is shared across partition workers under the engine's ownership rule
/// (each worker touches only its own partition's part), which the compiler cannot check.
@usableFromInline
struct UncheckedSendable<Value>: @unchecked Sendable {
  @usableFromInline let value: Value
  @usableFromInline init(_ value: Value) { self.value = value }
}
