@preconcurrency import CGSL
import Engine
import Testing

@testable import BoltzmannWealth

@Suite("Boltzmann wealth model")
struct BoltzmannWealthTests {
  func run(
    agents: Int, steps: Int, mode: BoltzmannUpdateMode, seed: UInt64 = 42, threads: Int = 1,
    partitionSize: Int = 16_384
  ) -> BoltzmannWealthModel {
    let model = BoltzmannWealthModel(
      BoltzmannParameters(agentCount: agents, seed: seed, mode: mode, partitionSize: partitionSize))
    try! model.run(steps: steps, executor: ParallelExecutor(threadCount: threads))
    return model
  }

  @Test(
    "Wealth is conserved and never negative, every step, in both modes",
    arguments: BoltzmannUpdateMode.allCases)
  func conservation(mode: BoltzmannUpdateMode) {
    let model = BoltzmannWealthModel(
      BoltzmannParameters(agentCount: 5000, mode: mode, partitionSize: 256))
    let executor = ParallelExecutor(threadCount: 2)
    for _ in 0..<50 {
      model.step(executor: executor, timings: nil)
      #expect(model.totalWealth == 5000)
      #expect(model.wealth.values.min()! >= 0)
    }
  }

  @Test("Parallel mode: byte-identical wealth for 1, 2, 4 and 8 threads")
  func parallelDeterminism() {
    let reference = run(agents: 50_000, steps: 20, mode: .parallel, threads: 1, partitionSize: 1024)
      .wealth.values
    for threads in [2, 4, 8] {
      let other = run(
        agents: 50_000, steps: 20, mode: .parallel, threads: threads, partitionSize: 1024)
      #expect(other.wealth.values == reference, "threads \(threads)")
    }
  }

  @Test(
    "Repeated runs with one seed agree; different seeds differ",
    arguments: BoltzmannUpdateMode.allCases)
  func seedReproducibility(mode: BoltzmannUpdateMode) {
    let first = run(agents: 20_000, steps: 10, mode: mode, seed: 7, threads: 2, partitionSize: 512)
      .wealth.values
    let again = run(agents: 20_000, steps: 10, mode: mode, seed: 7, threads: 2, partitionSize: 512)
      .wealth.values
    let other = run(agents: 20_000, steps: 10, mode: mode, seed: 8, threads: 2, partitionSize: 512)
      .wealth.values
    #expect(first == again)
    #expect(first != other)
  }

  @Test("Sequential mode at N = 1,000,000 converges to Gini ≈ 0.630 with ≈ 46 % at zero")
  func sequentialEquilibrium() {
    // Mesa and an independent C implementation settle at Gini 0.630 and 46.2 % zero; the
    // model is within 0.001 of both after 25 steps (measured), and the sampling noise of
    // either statistic at N = 10⁶ is below 0.001.
    let model = run(agents: 1_000_000, steps: 30, mode: .sequential)
    #expect(abs(model.gini - 0.630) < 0.003, "Gini \(model.gini)")
    #expect(abs(model.zeroWealthShare - 0.462) < 0.003, "zero share \(model.zeroWealthShare)")
  }

  @Test(
    "Parallel (synchronous) mode settles at its own, lower inequality: Gini ≈ 0.580, 41.4 % at zero"
  )
  func parallelEquilibrium() {
    // Each giver loses one unit and receives ≈ Poisson(1 − p₀) units at once, so wealth
    // cannot cascade within a step; measured at N = 10⁶ over 400 steps: 0.5794–0.5803.
    let model = run(agents: 200_000, steps: 60, mode: .parallel, threads: 2)
    #expect(abs(model.gini - 0.580) < 0.004, "Gini \(model.gini)")
    #expect(abs(model.zeroWealthShare - 0.414) < 0.004, "zero share \(model.zeroWealthShare)")
  }

  /// The exact distribution of wealth vectors after one step from (1, 1, 1).
  func exactOneStepDistribution(mode: BoltzmannUpdateMode) -> [[Int32]: Double] {
    var outcomes: [[Int32]: Double] = [:]
    switch mode {
    case .sequential:
      // Every order of the three agents (probability 1/6), then each acting agent with wealth
      // picks one of the two others (probability 1/2 each), seeing earlier transfers.
      func act(_ wealth: [Int32], _ remaining: [Int], _ probability: Double) {
        guard let agent = remaining.first else {
          outcomes[wealth, default: 0] += probability
          return
        }
        let rest = Array(remaining.dropFirst())
        if wealth[agent] == 0 { return act(wealth, rest, probability) }
        for receiver in 0..<3 where receiver != agent {
          var next = wealth
          next[agent] -= 1
          next[receiver] += 1
          act(next, rest, probability / 2)
        }
      }
      for order in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
        act([1, 1, 1], order, 1.0 / 6)
      }
    case .parallel:
      // All three hold wealth at the start, so all give simultaneously: 2³ receiver choices.
      for choice in 0..<8 {
        var wealth: [Int32] = [0, 0, 0]
        for agent in 0..<3 {
          let others = (0..<3).filter { $0 != agent }
          wealth[others[(choice >> agent) & 1]] += 1
        }
        outcomes[wealth, default: 0] += 1.0 / 8
      }
    }
    return outcomes
  }

  @Test(
    "One step with N = 3 reproduces the exact outcome distribution of each mode",
    arguments: BoltzmannUpdateMode.allCases)
  func exactSmallSystem(mode: BoltzmannUpdateMode) {
    let exact = exactOneStepDistribution(mode: mode)
    let otherMode = exactOneStepDistribution(mode: mode == .sequential ? .parallel : .sequential)
    #expect(
      exact != otherMode, "the two modes' one-step laws differ, so the test can tell them apart")
    #expect(abs(exact.values.reduce(0, +) - 1) < 1e-12)
    let runs = 24_000
    var observed: [[Int32]: Int] = [:]
    for seed in 0..<runs {
      let model = run(agents: 3, steps: 1, mode: mode, seed: UInt64(seed), partitionSize: 1)
      observed[model.wealth.values, default: 0] += 1
    }
    #expect(
      Set(observed.keys).isSubset(of: Set(exact.keys)), "impossible outcomes: \(observed.keys)")
    let keys = exact.keys.sorted { $0.lexicographicallyPrecedes($1) }
    var statistic = 0.0
    for key in keys {
      let expected = exact[key]! * Double(runs)
      let difference = Double(observed[key, default: 0]) - expected
      statistic += difference * difference / expected
    }
    let critical = gsl_cdf_chisq_Qinv(0.001, Double(keys.count - 1))
    #expect(statistic < critical, "χ² = \(statistic) on \(keys.count - 1) df")
  }

  @Test("Gini from a histogram equals the O(n²) definition Σ|xᵢ − xⱼ| / (2n²μ)")
  func giniFormula() {
    #expect(WealthInequality.gini(histogram: [0, 10]) == 0)
    #expect(abs(WealthInequality.gini(histogram: [3, 0, 0, 0, 1]) - 0.75) < 1e-15)
    #expect(WealthInequality.gini(histogram: [5]) == 0)
    let values: [Int] = [0, 0, 1, 3, 3, 7, 2, 0, 9, 1, 1, 4]
    var histogram = [Int](repeating: 0, count: 10)
    for value in values { histogram[value] += 1 }
    let n = Double(values.count)
    let mean = Double(values.reduce(0, +)) / n
    var absoluteDifferences = 0.0
    for a in values { for b in values { absoluteDifferences += Double(abs(a - b)) } }
    #expect(
      abs(WealthInequality.gini(histogram: histogram) - absoluteDifferences / (2 * n * n * mean))
        < 1e-12)
  }
}
