import Engine
import Stochastic

/// How the Boltzmann wealth model updates its agents within a step.
public enum BoltzmannUpdateMode: String, CaseIterable, Sendable {
  /// Mesa's semantics exactly: agents act one at a time in a fresh random order each step,
  /// and each sees the transfers made before it in the same step. One thread.
  case sequential
  /// A synchronous variant: every agent that holds wealth at the *start* of the step gives one
  /// unit to a random other agent, and all gifts arrive at the end of the step. Order within
  /// the step no longer matters, so partitions run in parallel, each with its own stream.
  /// It differs from `sequential` in that an agent cannot pass on, in the same step, a unit it
  /// received earlier in that step, and an agent's decision to give never depends on gifts
  /// made before it; the stationary distribution is close but not identical.
  case parallel
}

/// Parameters of the Boltzmann wealth model.
public struct BoltzmannParameters: Sendable, Equatable {
  /// Number of agents N (at least 2: every gift needs another agent).
  public var agentCount: Int
  /// Units of wealth each agent starts with.
  public var initialWealth: Int32 = 1
  /// Master seed of all random streams.
  public var seed: UInt64 = 42
  /// How a step updates agents.
  public var mode: BoltzmannUpdateMode = .sequential
  /// Agents per partition in parallel mode (rounded up to a power of two). Part of the
  /// model's identity: results depend on it, never on the thread count.
  public var partitionSize: Int = 16_384

  /// Parameters with the given agent count and defaults otherwise.
  public init(
    agentCount: Int, initialWealth: Int32 = 1, seed: UInt64 = 42,
    mode: BoltzmannUpdateMode = .sequential, partitionSize: Int = 16_384
  ) {
    self.agentCount = agentCount
    self.initialWealth = initialWealth
    self.seed = seed
    self.mode = mode
    self.partitionSize = partitionSize
  }
}

/// The Boltzmann wealth model (Dragulescu & Yakovenko 2000; Mesa's introductory tutorial),
/// without space: N agents start with equal wealth and, each step, every agent with wealth
/// gives one unit to a uniformly chosen other agent. Money is conserved; the wealth
/// distribution relaxes from equality towards a Boltzmann–Gibbs (geometric) shape.
///
/// It is BRISim's engine test bed and cross-framework benchmark. Agents are two Int32
/// columns; a step allocates nothing.
public final class BoltzmannWealthModel: SimulationModel, @unchecked Sendable {
  /// The parameters the model was built with.
  public let parameters: BoltzmannParameters
  /// Each agent's wealth in units.
  public let wealth: AgentColumn<Int32>
  /// The partitions of parallel mode (a single partition in sequential mode).
  public let partitioning: Partitioning
  /// The phases of one step.
  public private(set) var schedule: StepSchedule!
  /// Steps taken so far.
  public private(set) var stepsTaken = 0

  /// Sequential mode: the current random order of agents (reshuffled each step).
  private let order: AgentColumn<Int32>?
  /// Sequential mode: the single stream.
  private let sequentialStream: RandomStream
  /// Parallel mode: one stream per partition.
  private let partitionStreams: PartitionStreams
  /// Parallel mode: gifts in flight from one partition's agents to another's.
  private let gifts: PartitionExchange<GiftUnit>

  /// A model at step 0: every agent holds `initialWealth`.
  public init(_ parameters: BoltzmannParameters) {
    precondition(parameters.agentCount >= 2, "the model needs at least 2 agents")
    precondition(parameters.agentCount <= Int(Int32.max), "agent indices are 32-bit")
    precondition(parameters.initialWealth >= 0, "initial wealth must be non-negative")
    self.parameters = parameters
    let agentCount = parameters.agentCount
    wealth = AgentColumn(count: agentCount, repeating: parameters.initialWealth)
    switch parameters.mode {
    case .sequential:
      partitioning = Partitioning(boundaries: [0, agentCount])
      order = AgentColumn(count: agentCount) { Int32(truncatingIfNeeded: $0) }
    case .parallel:
      partitioning = Partitioning(agentCount: agentCount, partitionSize: parameters.partitionSize)
      order = nil
    }
    sequentialStream = RandomStream(seed: parameters.seed, stream: StreamID("boltzmann.sequential"))
    partitionStreams = PartitionStreams(
      seed: parameters.seed, family: "boltzmann.give",
      partitionCount: parameters.mode == .parallel ? partitioning.partitionCount : 0)
    gifts = PartitionExchange(
      partitioning: partitioning,
      expectedMessagesPerSource: parameters.mode == .parallel
        ? partitioning.range(of: 0).count : 0)
    schedule = makeSchedule()
  }

  private func makeSchedule() -> StepSchedule {
    switch parameters.mode {
    case .sequential:
      return StepSchedule(phases: [
        .serial("give in random order") { [unowned self] in giveInRandomOrder() }
      ])
    case .parallel:
      let partitions = partitioning.partitionCount
      return StepSchedule(phases: [
        .partitioned("give", partitions: partitions) { [unowned self] in give(partition: $0) },
        .partitioned("receive", partitions: partitions) { [unowned self] in receive(partition: $0)
        },
      ])
    }
  }

  /// Advances the model by one step.
  public func step(executor: ParallelExecutor, timings: PhaseTimings? = nil) {
    schedule.runStep(on: executor, timings: timings)
    stepsTaken += 1
  }

  // MARK: Behaviours

  /// Sequential step: a fresh uniformly random order of all agents, and each agent, in that
  /// order, gives one unit to a uniformly random other agent if it has any, seeing the
  /// transfers made before it in the step.
  private func giveInRandomOrder() {
    let agentCount = parameters.agentCount
    let wealth = self.wealth.storage.baseAddress!
    let order = self.order!.storage.baseAddress!
    sequentialStream.withLocalGenerator { random in
      // Fisher–Yates shuffle of the previous order (a uniform permutation whatever the
      // previous one was), then one pass in that order, as Mesa's `shuffle_do`. Two passes
      // beat a fused one at N ≥ 10⁶: the second pass reads the order sequentially, so the
      // CPU overlaps the random wealth accesses of many agents (measured 64 vs 37 M
      // agent-steps/s at N = 10⁶, about equal at 10⁵).
      var position = agentCount - 1
      while position > 0 {
        let pick = random.uniformInt(below: position + 1)
        let swapped = order[pick]
        order[pick] = order[position]
        order[position] = swapped
        position -= 1
      }
      for position in 0..<agentCount {
        let giver = Int(order[position])
        // Branch-free: the receiver is drawn for every agent and the transfer is 0 or 1
        // unit. Whether an agent holds wealth is a coin flip the CPU cannot predict; a
        // mispredicted branch would cost more than the unused draw.
        let receiver = Self.otherAgent(than: giver, among: agentCount, using: &random)
        let amount: Int32 = wealth[giver] > 0 ? 1 : 0
        wealth[giver] &-= amount
        wealth[receiver] &+= amount
      }
    }
  }

  /// Parallel step, first phase: each agent of the partition with wealth at the start of the
  /// step pays one unit out and posts it to a uniformly random other agent.
  private func give(partition: Int) {
    let agentCount = parameters.agentCount
    let wealth = self.wealth.storage.baseAddress!
    let givers = partitioning.range(of: partition)
    partitionStreams[partition].withLocalGenerator { random in
      gifts.post(from: partition) { outbox in
        for giver in givers {
          // Branch-free, as in the sequential step: a receiver is drawn for every agent and
          // the gift is posted only if the giver holds wealth.
          let receiver = Self.otherAgent(than: giver, among: agentCount, using: &random)
          let gives = wealth[giver] > 0
          wealth[giver] &-= gives ? 1 : 0
          outbox.send(to: receiver, GiftUnit(), if: gives)
        }
      }
    }
  }

  /// Parallel step, second phase: each agent of the partition receives the units posted to it.
  private func receive(partition: Int) {
    let wealth = self.wealth.storage.baseAddress!
    gifts.forEachMessage(to: partition) { receiver, _ in wealth[receiver] &+= 1 }
  }

  /// A uniformly random agent other than `agent`: a uniform index among the N − 1 others.
  @inline(__always)
  private static func otherAgent(
    than agent: Int, among agentCount: Int, using random: inout LocalRandomGenerator
  ) -> Int {
    let draw = random.uniformInt(below: agentCount - 1)
    return draw >= agent ? draw + 1 : draw
  }

  // MARK: Metrics

  /// Total wealth (conserved: N × initial wealth at every step).
  public var totalWealth: Int {
    wealth.storage.reduce(0) { $0 + Int($1) }
  }

  /// The wealth distribution's histogram: `histogram[w]` agents hold w units.
  public var wealthHistogram: [Int] {
    let maximum = Int(wealth.storage.max() ?? 0)
    var histogram = [Int](repeating: 0, count: maximum + 1)
    for value in wealth.storage { histogram[Int(value)] += 1 }
    return histogram
  }

  /// The Gini coefficient of wealth, G = 2·Σᵢ i·x₍ᵢ₎ / (N·Σx) − (N + 1)/N over wealth sorted
  /// ascending (1-based i), computed exactly from the histogram in O(N + max wealth).
  public var gini: Double { WealthInequality.gini(histogram: wealthHistogram) }

  /// Share of agents with no wealth.
  public var zeroWealthShare: Double {
    Double(wealth.storage.lazy.filter { $0 == 0 }.count) / Double(parameters.agentCount)
  }
}

/// One unit of wealth in transit (the message of the parallel mode's exchange).
struct GiftUnit: BitwiseCopyable {}

/// Inequality measures over integer wealth.
public enum WealthInequality {
  /// The Gini coefficient of a population given by its histogram (`histogram[w]` members hold
  /// w units): G = 2·Σᵢ i·x₍ᵢ₎ / (N·Σx) − (N + 1)/N, with x sorted ascending. 0 when everyone
  /// holds the same; (N − 1)/N when one member holds everything. 0 for zero total wealth.
  public static func gini(histogram: [Int]) -> Double {
    var members = 0.0
    var total = 0.0
    var rankWeightedSum = 0.0
    for (value, count) in histogram.enumerated() where count > 0 {
      let n = Double(count)
      // Ranks members+1 … members+n all hold `value`.
      rankWeightedSum += Double(value) * (n * members + n * (n + 1) / 2)
      members += n
      total += Double(value) * n
    }
    guard members > 0 && total > 0 else { return 0 }
    return 2 * rankWeightedSum / (members * total) - (members + 1) / members
  }
}
