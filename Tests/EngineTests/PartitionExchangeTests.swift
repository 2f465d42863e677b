import Stochastic
import Testing

@testable import Engine

@Suite("Partition exchange")
struct PartitionExchangeTests {
  /// Every agent sends a random number of messages to random agents; each destination
  /// partition folds what it receives into a floating-point sum and an ordered log.
  func exchange(threads: Int, agents: Int = 5000, partitionSize: Int = 128) -> (
    sums: [Double], logs: [[Int]]
  ) {
    let partitioning = Partitioning(agentCount: agents, partitionSize: partitionSize)
    let exchange = PartitionExchange<Double>(
      partitioning: partitioning, expectedMessagesPerSource: 4)
    let streams = PartitionStreams(
      seed: 3, family: "exchange-test", partitionCount: partitioning.partitionCount)
    let executor = ParallelExecutor(threadCount: threads)
    executor.forEachPartition(partitioning.partitionCount) { source in
      let stream = streams[source]
      exchange.post(from: source) { outbox in
        for agent in partitioning.range(of: source) {
          for _ in 0..<stream.uniformInt(below: 4) {
            outbox.send(
              to: stream.uniformInt(below: agents), Double(agent) * 1e-3 + stream.uniform() * 1e6)
          }
        }
      }
    }
    let received = executor.mapPartitions(partitioning.partitionCount) { destination in
      var sum = 0.0
      var log: [Int] = []
      exchange.forEachMessage(to: destination) { agent, payload in
        #expect(partitioning.range(of: destination).contains(agent))
        sum += payload
        log.append(agent)
      }
      return (sum, log)
    }
    return (received.map(\.0), received.map(\.1))
  }

  @Test("Delivery is complete, addressed correctly and identical for any thread count")
  func deterministicDelivery() {
    let reference = exchange(threads: 1)
    #expect(reference.logs.reduce(0) { $0 + $1.count } > 5000)  // ~1.5 messages per agent
    for threads in [2, 4, 8] {
      let other = exchange(threads: threads)
      #expect(other.logs == reference.logs)
      #expect(other.sums.map(\.bitPattern) == reference.sums.map(\.bitPattern))
    }
  }

  @Test("Messages arrive by source, then in send order; buffers grow past their initial size")
  func orderAndGrowth() {
    let partitioning = Partitioning(agentCount: 8, partitionSize: 4)  // partitions {0…3}, {4…7}
    let exchange = PartitionExchange<Int>(partitioning: partitioning, expectedMessagesPerSource: 1)
    exchange.post(from: 1) { outbox in
      outbox.send(to: 0, 10)
      outbox.send(to: 5, 11)
      outbox.send(to: 0, 12)
      outbox.send(to: 1, 13, if: false)
      outbox.send(to: 2, 14, if: true)
    }
    exchange.post(from: 0) { outbox in
      outbox.send(to: 3, 20)
      outbox.send(to: 6, 21)
    }
    #expect(exchange.messageCount(from: 1) == 4)
    var toFirst: [Int] = []
    exchange.forEachMessage(to: 0) { _, payload in toFirst.append(payload) }
    #expect(toFirst == [20, 10, 12, 14])
    var toSecond: [(Int, Int)] = []
    exchange.forEachMessage(to: 1) { agent, payload in toSecond.append((agent, payload)) }
    #expect(toSecond.map(\.0) == [6, 5] && toSecond.map(\.1) == [21, 11])
    // A new post replaces the previous messages.
    exchange.post(from: 1) { _ in }
    var after: [Int] = []
    exchange.forEachMessage(to: 0) { _, payload in after.append(payload) }
    #expect(after == [20])
  }
}

extension PartitionExchangeTests {
  @Test(
    "Two populations: 3 sending partitions deliver to 10 receivers in partitions {0-3} {4-7} {8-9}")
  func betweenPopulations() {
    let receivers = Partitioning(agentCount: 10, partitionSize: 4)
    let exchange = PartitionExchange<Double>(sourceCount: 3, destinations: receivers)
    #expect(exchange.sourceCount == 3 && exchange.destinationCount == 3)
    for source in 0..<3 {
      exchange.post(from: source) { outbox in
        for receiver in 0..<10 { outbox.send(to: receiver, Double(source * 100 + receiver)) }
      }
    }
    var totals = [Double](repeating: 0, count: 10)
    for destination in 0..<3 {
      exchange.forEachMessage(to: destination) { agent, amount in totals[agent] += amount }
    }
    let expected: [Double] = (0..<10).map { receiver in Double(300 + 3 * receiver) }
    #expect(totals == expected)
  }
}

@Suite("Phases")
struct ScheduleTests {
  @Test("Phases run in order; a serial phase sees every partition's writes; timings accumulate")
  func phaseOrder() {
    let column = AgentColumn<Int64>(count: 64, repeating: 0)
    let total = AgentColumn<Int64>(count: 1, repeating: 0)
    let partitioning = Partitioning(agentCount: 64, partitionSize: 8)
    let schedule = StepSchedule(
      phases: [
        .partitioned("write", partitions: partitioning.partitionCount) { p in
          for i in partitioning.range(of: p) { column[i] += Int64(i) }
        },
        .serial("sum") { total[0] = column.values.reduce(0, +) },
      ])
    let timings = PhaseTimings(for: schedule)
    for _ in 0..<3 { schedule.runStep(on: ParallelExecutor(threadCount: 4), timings: timings) }
    #expect(total[0] == 3 * (0..<64).reduce(0, +))
    #expect(timings.names == ["write", "sum"])
    #expect(timings.nanoseconds.allSatisfy { $0 > 0 })
  }

  @Test("Partition streams are fixed by (seed, family, partition), not by who runs them")
  func partitionStreams() {
    let first = PartitionStreams(seed: 10, family: "f", partitionCount: 4)
    let second = PartitionStreams(seed: 10, family: "f", partitionCount: 8)
    for p in 0..<4 { #expect(first[p].next() == second[p].next()) }
    let other = PartitionStreams(seed: 10, family: "g", partitionCount: 4)
    #expect((0..<4).allSatisfy { first[$0].next() != other[$0].next() })
  }
}
