/// Messages from agents in one partition to agents in others, delivered without locks and in
/// a fixed order.
///
/// A phase in which agents act on other partitions' agents (a gift, a purchase, a payment)
/// runs in two parts. In the *post* part, each source partition p calls
/// ``post(from:_:)``, whose body sends messages through an ``OutboxWriter``; when the body
/// returns, the messages are sorted by destination partition (a stable counting sort,
/// O(messages), into a buffer of the running thread's and back, so that an outbox holds its
/// messages once, in delivery order). In the *deliver* part, each destination partition reads what was addressed to it with ``forEachMessage(to:_:)``: from source 0 to the last, each source's messages in send
/// order. Delivery order is therefore fixed, and even floating-point accumulations come out
/// identical for any thread count. Buffers keep their capacity across steps: in steady state
/// a step allocates nothing.
public final class PartitionExchange<Payload: BitwiseCopyable>: @unchecked Sendable {
  /// The partitioning of the receiving agents.
  public let partitioning: Partitioning
  @usableFromInline let outboxes: [Outbox]
  /// Where a post sorts its messages: one buffer per source posting at once (per thread), not
  /// per source.
  @usableFromInline let sortBuffers = ScratchPool { SortBuffer() }

  /// An exchange from `sourceCount` sending partitions (any population) to the agents of
  /// `destinations`. `expectedMessagesPerSource` pre-sizes the buffers (they grow if a
  /// source sends more).
  public init(sourceCount: Int, destinations: Partitioning, expectedMessagesPerSource: Int = 16) {
    precondition(sourceCount >= 0, "source count must be non-negative")
    precondition(
      expectedMessagesPerSource <= Int(Int32.max),
      "an outbox numbers its messages with 32-bit integers")
    precondition(
      destinations.agentCount <= Int(Int32.max),
      "the exchange addresses agents with 32-bit indices")
    self.partitioning = destinations
    self.outboxes = (0..<sourceCount).map { _ in
      Outbox(
        partitionCount: destinations.partitionCount, capacity: max(1, expectedMessagesPerSource))
    }
  }

  /// An exchange among the partitions of one population (sources and destinations alike).
  public convenience init(partitioning: Partitioning, expectedMessagesPerSource: Int = 16) {
    self.init(
      sourceCount: partitioning.partitionCount, destinations: partitioning,
      expectedMessagesPerSource: expectedMessagesPerSource)
  }

  /// Number of sending partitions.
  public var sourceCount: Int { outboxes.count }

  /// Number of receiving partitions.
  public var destinationCount: Int { partitioning.partitionCount }

  /// Replaces `source`'s messages with those `body` sends, then sorts them by destination.
  /// Run it from the source partition's own phase work.
  @inlinable
  public func post<Result>(
    from source: Int, _ body: (inout OutboxWriter<Payload>) throws -> Result
  ) rethrows -> Result {
    let outbox = outboxes[source]
    var writer = OutboxWriter(outbox: outbox, partitionShift: partitioning.regularShift)
    defer {
      outbox.count = writer.count
      sortBuffers.withScratch { buffer in
        outbox.sortByDestination(
          partitioning, countedWhileSending: writer.partitionShift >= 0, through: buffer)
      }
    }
    return try body(&writer)
  }

  /// Number of messages `source` sent in its latest post.
  public func messageCount(from source: Int) -> Int { outboxes[source].count }

  /// Calls `body(agent, payload)` for every message addressed to partition `destination`:
  /// sources in increasing order, each source's messages in send order.
  @inlinable
  public func forEachMessage(
    to destination: Int, _ body: (_ agent: Int, _ payload: Payload) throws -> Void
  ) rethrows {
    for outbox in outboxes {
      let start = Int(outbox.offsets[destination])
      let end = Int(outbox.offsets[destination + 1])
      let agents = outbox.destinations
      let payloads = outbox.payloads
      for index in start..<end {
        try body(
          Int(agents[index]),
          payloads.loadUnaligned(fromByteOffset: index &* Outbox.payloadSize, as: Payload.self))
      }
    }
  }

  /// One source partition's messages. Written only by its source (while posting and sorting),
  /// read by every destination while delivering.
  ///
  /// Payloads are packed at their size, not their stride (10 bytes, not 16, for an amount and
  /// two one-byte tags), and read unaligned; the 32-bit offsets per destination partition
  /// hold as many messages as an outbox may. An outbox's memory is then about 14 bytes a
  /// message for such a payload (its destination agent and payload), plus 4 bytes per
  /// destination partition.
  @usableFromInline
  final class Outbox {
    /// Bytes per packed payload.
    @usableFromInline static var payloadSize: Int { MemoryLayout<Payload>.size }
    @usableFromInline var destinations: UnsafeMutablePointer<Int32>
    @usableFromInline var payloads: UnsafeMutableRawPointer
    @usableFromInline var capacity: Int
    @usableFromInline var count = 0
    /// `offsets[d]..<offsets[d + 1]`: the sorted messages bound for partition d.
    @usableFromInline let offsets: UnsafeMutablePointer<Int32>
    @usableFromInline let partitionCount: Int

    init(partitionCount: Int, capacity: Int) {
      self.partitionCount = partitionCount
      self.capacity = capacity
      destinations = .allocate(capacity: capacity)
      payloads = Self.allocatePayloads(capacity)
      offsets = .allocate(capacity: partitionCount + 1)
      offsets.initialize(repeating: 0, count: partitionCount + 1)
    }

    static func allocatePayloads(_ capacity: Int) -> UnsafeMutableRawPointer {
      .allocate(
        byteCount: Swift.max(1, capacity * payloadSize), alignment: MemoryLayout<Payload>.alignment)
    }

    deinit {
      destinations.deallocate()
      payloads.deallocate()
      offsets.deallocate()
    }

    /// Grows the capacity by a quarter, keeping the first `used` unsorted messages. A source
    /// sends about as many messages every step, so the buffers settle after a few steps at
    /// most a quarter above the most it has sent (doubling would hold up to twice as much).
    @usableFromInline
    func grow(keeping used: Int) {
      let newCapacity = capacity + Swift.max(1, capacity / 4)
      precondition(
        newCapacity <= Int(Int32.max), "a partition sends 2³¹ messages or more in a phase")
      let newDestinations = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
      let newPayloads = Self.allocatePayloads(newCapacity)
      newDestinations.update(from: destinations, count: used)
      newPayloads.copyMemory(from: payloads, byteCount: used * Self.payloadSize)
      destinations.deallocate()
      payloads.deallocate()
      destinations = newDestinations
      payloads = newPayloads
      capacity = newCapacity
    }

    /// Stable counting sort of the `count` messages by destination partition, scattered into
    /// `buffer` and copied back. With regular partitions the writer has already counted
    /// messages per destination into `offsets[d + 1]` while sending, saving one pass.
    /// Inlinable, so that it is specialised for the payload type where it is used.
    @inlinable
    func sortByDestination(
      _ partitioning: Partitioning, countedWhileSending: Bool, through buffer: SortBuffer
    ) {
      if let shift = partitioning.regularShift {
        sortByDestination(counted: countedWhileSending, through: buffer) { $0 &>> shift }
      } else {
        sortByDestination(counted: countedWhileSending, through: buffer) {
          partitioning.partition(ofAgent: $0)
        }
      }
    }

    @inlinable @inline(__always)
    func sortByDestination(counted: Bool, through buffer: SortBuffer, partitionOf: (Int) -> Int) {
      // Locals, so that the loops keep them in registers (stores through the buffers could
      // otherwise alias the object's fields and force reloads).
      let count = self.count
      let offsets = self.offsets
      let destinations = self.destinations
      let payloads = self.payloads
      let size = Self.payloadSize
      buffer.reserve(count, payloadSize: size)
      let sortedDestinations = buffer.destinations
      let sortedPayloads = buffer.payloads
      if !counted {
        offsets.update(repeating: 0, count: partitionCount + 1)
        for index in 0..<count { offsets[partitionOf(Int(destinations[index])) + 1] += 1 }
      }
      for partition in 0..<partitionCount { offsets[partition + 1] += offsets[partition] }
      // Scatter; `offsets[d]` serves as the cursor of d and ends at the start of d + 1, so
      // afterwards shifting by one slot restores the starts.
      for index in 0..<count {
        let agent = destinations[index]
        let partition = partitionOf(Int(agent))
        let slot = Int(offsets[partition])
        offsets[partition] = Int32(truncatingIfNeeded: slot &+ 1)
        sortedDestinations[slot] = agent
        sortedPayloads.storeBytes(
          of: payloads.loadUnaligned(fromByteOffset: index &* size, as: Payload.self),
          toByteOffset: slot &* size, as: Payload.self)
      }
      destinations.update(from: sortedDestinations, count: count)
      payloads.copyMemory(from: sortedPayloads, byteCount: count &* size)
      var partition = partitionCount
      while partition > 0 {
        offsets[partition] = offsets[partition - 1]
        partition -= 1
      }
      offsets[0] = 0
    }
  }
}

/// Scratch of a post's sort: a source's messages in destination order before they are copied
/// back into its outbox. Grows to the largest post it has served and keeps that size.
@usableFromInline
final class SortBuffer {
  @usableFromInline var destinations = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
  @usableFromInline var payloads = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 16)
  /// Messages the buffers hold (none at first: the first post allocates them at its size).
  @usableFromInline var capacity = 0

  @usableFromInline init() {}

  deinit {
    destinations.deallocate()
    payloads.deallocate()
  }

  /// Makes room for `count` messages of `payloadSize` bytes (the old contents are not kept).
  @inlinable
  func reserve(_ count: Int, payloadSize: Int) {
    guard count > capacity else { return }
    let newCapacity = count + count / 4
    destinations.deallocate()
    payloads.deallocate()
    destinations = .allocate(capacity: newCapacity)
    payloads = .allocate(byteCount: newCapacity * payloadSize, alignment: 16)
    capacity = newCapacity
  }
}

/// Sends messages from one source partition (see ``PartitionExchange/post(from:_:)``). A
/// local value, so that a hot loop keeps its buffer pointers and count in registers.
public struct OutboxWriter<Payload: BitwiseCopyable> {
  @usableFromInline let outbox: PartitionExchange<Payload>.Outbox
  @usableFromInline var destinations: UnsafeMutablePointer<Int32>
  @usableFromInline var payloads: UnsafeMutableRawPointer
  @usableFromInline var capacity: Int
  @usableFromInline var sentCount: Int
  /// Per-destination message counts, `countsPerDestination[d + 1]` (the outbox's offsets).
  @usableFromInline let countsPerDestination: UnsafeMutablePointer<Int32>
  /// log₂ of the destination partition size, or −1 for irregular partitions (then the
  /// counting happens when sorting).
  @usableFromInline let partitionShift: Int
  /// Messages sent so far in this post.
  @inlinable public var count: Int { sentCount }

  @inlinable
  init(outbox: PartitionExchange<Payload>.Outbox, partitionShift: Int?) {
    self.outbox = outbox
    destinations = outbox.destinations
    payloads = outbox.payloads
    capacity = outbox.capacity
    sentCount = 0
    countsPerDestination = outbox.offsets
    self.partitionShift = partitionShift ?? -1
    countsPerDestination.update(repeating: 0, count: outbox.partitionCount + 1)
  }

  /// Sends `payload` to agent `agent`.
  @inlinable @inline(__always)
  public mutating func send(to agent: Int, _ payload: Payload) {
    send(to: agent, payload, if: true)
  }

  /// Sends `payload` to `agent` only if `condition` holds, without a branch: the slot is
  /// written either way and the count advances by 0 or 1. For hot loops whose condition the
  /// CPU cannot predict.
  @inlinable @inline(__always)
  public mutating func send(to agent: Int, _ payload: Payload, if condition: Bool) {
    if _slowPath(sentCount == capacity) { grow() }
    destinations[sentCount] = Int32(truncatingIfNeeded: agent)
    payloads.storeBytes(
      of: payload, toByteOffset: sentCount &* PartitionExchange<Payload>.Outbox.payloadSize,
      as: Payload.self)
    let increment = condition ? 1 : 0
    sentCount &+= increment
    if partitionShift >= 0 {
      countsPerDestination[(agent &>> partitionShift) &+ 1] &+= Int32(truncatingIfNeeded: increment)
    }
  }

  @usableFromInline
  mutating func grow() {
    outbox.grow(keeping: sentCount)
    destinations = outbox.destinations
    payloads = outbox.payloads
    capacity = outbox.capacity
  }
}
