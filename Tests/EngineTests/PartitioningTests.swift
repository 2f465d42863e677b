import Synchronization
import Testing

@testable import Engine

@Suite("Partitions")
struct PartitioningTests {
  @Test("Regular partitions cover 0..<N exactly once, with a power-of-two size")
  func regularCoverage() {
    for (agents, size) in [(1, 1), (10, 3), (1000, 64), (100_000, 16_384), (5, 1000)] {
      let partitioning = Partitioning(agentCount: agents, partitionSize: size)
      let ranges = (0..<partitioning.partitionCount).map(partitioning.range(of:))
      #expect(ranges.flatMap { Array($0) } == Array(0..<agents))
      let roundedSize = ranges[0].count
      #expect(roundedSize >= min(size, agents))
      #expect(roundedSize == agents || roundedSize & (roundedSize - 1) == 0)
      for agent in stride(from: 0, to: agents, by: max(1, agents / 97)) {
        #expect(ranges[partitioning.partition(ofAgent: agent)].contains(agent))
      }
    }
  }

  @Test("Irregular partitions (with empty ones) locate every agent")
  func irregularLookup() {
    let partitioning = Partitioning(boundaries: [0, 3, 3, 10, 11, 11, 20])
    #expect(partitioning.partitionCount == 6)
    for agent in 0..<20 {
      let partition = partitioning.partition(ofAgent: agent)
      #expect(partitioning.range(of: partition).contains(agent), "agent \(agent) → \(partition)")
    }
  }
}

@Suite("Parallel execution")
struct ParallelExecutorTests {
  @Test("Every partition runs exactly once, for any thread count", arguments: [1, 2, 3, 4, 8])
  func eachPartitionOnce(threads: Int) {
    let executor = ParallelExecutor(threadCount: threads)
    let visits = AgentColumn<Int32>(count: 257, repeating: 0)
    executor.forEachPartition(257) { visits[$0] += 1 }
    #expect(visits.values.allSatisfy { $0 == 1 })
  }

  @Test(
    "An ordered fan-out runs every partition once, and one thread takes them in the order given",
    arguments: [1, 2, 3, 8])
  func orderedFanOut(threads: Int) {
    // Largest first, as a caller with uneven partitions would give them.
    let order = (0..<97).map { ($0 * 37) % 97 }
    let visits = AgentColumn<Int32>(count: 97, repeating: 0)
    let started = AgentColumn<Int32>(count: 97, repeating: -1)
    let position = Atomic<Int32>(0)
    ParallelExecutor(threadCount: threads).forEachPartition(inOrder: order) { partition in
      visits[partition] += 1
      started[partition] = position.wrappingAdd(1, ordering: .relaxed).oldValue
    }
    #expect(visits.values.allSatisfy { $0 == 1 })
    if threads == 1 {
      #expect(order.map { Int(started[$0]) } == Array(0..<97))
    }
  }

  @Test("A phase's partitions are handed out longest first by their latest times, ties by index")
  func longestFirst() {
    let order = PartitionOrder(partitionCount: 6)
    #expect(order.order == Array(0..<6))
    for (partition, nanoseconds) in [5, 50, 50, 1, 0, 7].enumerated() {
      order.record(partition, nanoseconds: UInt64(nanoseconds))
    }
    order.sortLongestFirst()
    #expect(order.order == [1, 2, 5, 0, 3, 4])
  }

  @Test("mapPartitions returns results in partition order", arguments: [1, 2, 4, 8])
  func mapInOrder(threads: Int) {
    let executor = ParallelExecutor(threadCount: threads)
    #expect(executor.mapPartitions(100) { $0 * $0 } == (0..<100).map { $0 * $0 })
    #expect(executor.mapPartitions(0) { $0 }.isEmpty)
  }

  @Test("A fixed-order reduction of floating-point partials is bit-identical for any thread count")
  func deterministicReduction() {
    // Terms of wildly different magnitude: summation order changes the rounding.
    let partials = (0..<64).map { p in
      (0..<1000).map { i in Double((p * 7919 + i * 104_729) % 1_000_003) * pow10(p % 17 - 8) }
    }
    func reduce(threads: Int) -> Double {
      ParallelExecutor(threadCount: threads).reducePartitions(64, into: 0.0) {
        partials[$0].reduce(0, +)
      } reduce: {
        $0 += $1
      }
    }
    let serial = reduce(threads: 1)
    for threads in [2, 3, 4, 8] {
      #expect(reduce(threads: threads).bitPattern == serial.bitPattern)
    }
    // And the order does matter for this data, so the test has teeth.
    let reversed = partials.reversed().map { $0.reduce(0, +) }.reduce(0, +)
    #expect(reversed.bitPattern != serial.bitPattern)
  }

  private func pow10(_ exponent: Int) -> Double {
    var value = 1.0
    for _ in 0..<abs(exponent) { value *= 10 }
    return exponent < 0 ? 1 / value : value
  }
}

@Suite("Scratch pools")
struct ScratchPoolTests {
  final class Scratch: @unchecked Sendable {
    let serial: Int
    var holder = -1
    init(serial: Int) { self.serial = serial }
  }

  final class Counter: Sendable {
    let made = Atomic<Int>(0)
  }

  @Test(
    "A pool makes no more objects than partitions run at once, and never lends one twice",
    arguments: [1, 2, 4])
  func boundedAndExclusive(threads: Int) {
    let counter = Counter()
    let pool = ScratchPool<Scratch> {
      Scratch(serial: counter.made.wrappingAdd(1, ordering: .relaxed).newValue)
    }
    let partitions = 400
    let clashes = AgentColumn<Int32>(count: partitions, repeating: 0)
    let serials = AgentColumn<Int32>(count: partitions, repeating: 0)
    ParallelExecutor(threadCount: threads).forEachPartition(partitions) { partition in
      pool.withScratch { scratch in
        if scratch.holder != -1 { clashes[partition] = 1 }
        scratch.holder = partition
        var spin = 0
        for k in 0..<2_000 { spin &+= k &* partition }
        if scratch.holder != partition || spin == -1 { clashes[partition] = 1 }
        scratch.holder = -1
        serials[partition] = Int32(scratch.serial)
      }
    }
    #expect(clashes.sum() == 0)
    let made = counter.made.load(ordering: .relaxed)
    #expect(made >= 1 && made <= threads)
    #expect(pool.idleCount == made)
    #expect(Set(serials.values) == Set((1...made).map(Int32.init)))
  }

  @Test("Largest partition size")
  func largestPartition() {
    #expect(Partitioning(boundaries: [0, 3, 3, 10, 11]).largestPartitionSize == 7)
  }
}
