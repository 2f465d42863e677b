import Synchronization

/// Working storage shared by the partitions of a phase: one object per partition running at
/// once, not one per partition.
///
/// A partition borrows an object for the length of its work and gives it back; the pool makes
/// a new one only when every object is lent out, so it never holds more than the executor's
/// thread count. The objects are scratch: a partition must overwrite what it reads, since which
/// earlier partition used the object depends on thread scheduling. Memory is then fixed per
/// thread, not proportional to the number of partitions (and so to the agents).
public final class ScratchPool<Scratch: AnyObject>: Sendable {
  private let idle = Mutex<[Scratch]>([])
  private let make: @Sendable () -> Scratch

  /// A pool whose objects `make` creates, on first need.
  public init(_ make: @escaping @Sendable () -> Scratch) {
    self.make = make
  }

  /// Calls `body` with an object no other running partition holds.
  @inlinable
  public func withScratch<Result>(_ body: (Scratch) throws -> Result) rethrows -> Result {
    let scratch = borrow()
    defer { giveBack(scratch) }
    return try body(scratch)
  }

  @usableFromInline
  func borrow() -> Scratch {
    idle.withLock { $0.popLast() } ?? make()
  }

  @usableFromInline
  func giveBack(_ scratch: Scratch) {
    let unchecked = UncheckedSendable(scratch)
    idle.withLock { $0.append(unchecked.value) }
  }

  /// Objects made so far and now idle (all of them between phases).
  public var idleCount: Int { idle.withLock { $0.count } }
}
