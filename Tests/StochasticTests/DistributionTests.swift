import Foundation
import Testing

@testable import Stochastic

/// Each sampler is checked three ways on 200,000 draws: the sample mean within 4 standard
/// errors of the analytic mean, the sample variance within a relative tolerance, and the
/// Kolmogorov–Smirnov statistic against GSL's CDF below the α = 0.001 critical value. The
/// parameters are chosen so that the usual mistakes (rate for mean, scale for shape,
/// variance for standard deviation) move the moments far outside these bounds.
@Suite("Continuous distributions")
struct ContinuousDistributionTests {
  static let sampleSize = 200_000

  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    let distribution: any ContinuousDistribution
    /// Allowed relative error of the sample variance.
    let varianceTolerance: Double
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "uniform(-1, 3)", distribution: UniformDistribution(lower: -1, upper: 3),
      varianceTolerance: 0.02),
    Case(
      name: "normal(3, 2)", distribution: NormalDistribution(mean: 3, standardDeviation: 2),
      varianceTolerance: 0.02),
    Case(
      name: "lognormal(ζ=0.5, σ=0.8)",
      distribution: LognormalDistribution(logMean: 0.5, logStandardDeviation: 0.8),
      varianceTolerance: 0.08),
    Case(
      name: "Pareto(α=5, xₘ=2)", distribution: ParetoDistribution(shape: 5, scale: 2),
      varianceTolerance: 0.15),
    Case(
      name: "exponential(mean 2)", distribution: ExponentialDistribution(mean: 2),
      varianceTolerance: 0.03),
    Case(
      name: "gamma(k=2, θ=3)", distribution: GammaDistribution(shape: 2, scale: 3),
      varianceTolerance: 0.03),
    Case(
      name: "gamma(k=0.5, θ=1)", distribution: GammaDistribution(shape: 0.5, scale: 1),
      varianceTolerance: 0.04),
    Case(
      name: "beta(2, 5)", distribution: BetaDistribution(alpha: 2, beta: 5), varianceTolerance: 0.02
    ),
    Case(
      name: "Gumbel(μ=1, β=2)", distribution: GumbelDistribution(location: 1, scale: 2),
      varianceTolerance: 0.03),
  ]

  @Test("Sample moments and KS statistic match the analytic distribution", arguments: cases)
  func matchesAnalytic(_ testCase: Case) {
    let stream = RandomStream(
      seed: 2024, stream: StreamID("distribution", index: testCase.name.count))
    let distribution = testCase.distribution
    let values = (0..<Self.sampleSize).map { _ in distribution.sample(stream) }
    let (mean, variance) = GoodnessOfFit.moments(values)
    let standardError = (distribution.variance / Double(Self.sampleSize)).squareRoot()
    #expect(
      abs(mean - distribution.mean) < 4 * standardError,
      "mean \(mean) vs analytic \(distribution.mean) (SE \(standardError))")
    #expect(
      abs(variance / distribution.variance - 1) < testCase.varianceTolerance,
      "variance \(variance) vs analytic \(distribution.variance)")
    let ksStatistic = GoodnessOfFit.kolmogorovSmirnov(
      values, cdf: distribution.cumulativeProbability)
    #expect(
      ksStatistic * Double(Self.sampleSize).squareRoot() < GoodnessOfFit.kolmogorovCritical0001,
      "KS D = \(ksStatistic)")
  }

  @Test("Pareto tail: P(X > x) = (xₘ/x)^α for a heavy tail (α = 1.2)")
  func paretoTail() {
    let pareto = ParetoDistribution(shape: 1.2, scale: 1)
    let stream = RandomStream(seed: 1, stream: StreamID("pareto-tail"))
    let values = (0..<Self.sampleSize).map { _ in pareto.sample(stream) }
    #expect(values.allSatisfy { $0 >= 1 })
    for threshold in [2.0, 10.0, 100.0] {
      let observed = Double(values.filter { $0 > threshold }.count) / Double(Self.sampleSize)
      let exact = pow(threshold, -1.2)
      let standardError = (exact * (1 - exact) / Double(Self.sampleSize)).squareRoot()
      #expect(
        abs(observed - exact) < 4 * standardError, "P(X > \(threshold)): \(observed) vs \(exact)")
    }
    #expect(abs(pareto.mean - 6) < 1e-12)
    #expect(pareto.variance == .infinity)
  }

  @Test("Lognormal from mean and Gini: the sample reproduces both")
  func lognormalFromMeanAndGini() {
    let income = LognormalDistribution(mean: 10_000, gini: 0.45)
    #expect(abs(income.mean - 10_000) < 1e-6)
    #expect(abs(income.gini - 0.45) < 1e-12)
    let stream = RandomStream(seed: 8, stream: StreamID("income"))
    let values = (0..<Self.sampleSize).map { _ in income.sample(stream) }.sorted()
    let n = Double(values.count)
    let weighted = values.enumerated().reduce(0.0) { $0 + Double($1.offset + 1) * $1.element }
    let total = values.reduce(0, +)
    let sampleGini = 2 * weighted / (n * total) - (n + 1) / n
    #expect(abs(sampleGini - 0.45) < 0.005, "sample Gini \(sampleGini)")
    #expect(abs(total / n / 10_000 - 1) < 0.01)
  }
}

@Suite("Count distributions")
struct CountDistributionTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    let distribution: any CountDistribution
    let support: ClosedRange<Int>
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(name: "Poisson(3.5)", distribution: PoissonDistribution(mean: 3.5), support: 0...40),
    Case(name: "Poisson(250)", distribution: PoissonDistribution(mean: 250), support: 0...500),
    Case(
      name: "binomial(20, 0.3)", distribution: BinomialDistribution(trials: 20, probability: 0.3),
      support: 0...20),
    Case(
      name: "binomial(1000, 0.6)",
      distribution: BinomialDistribution(trials: 1000, probability: 0.6), support: 0...1000),
  ]

  @Test("Mean, variance and χ² against the probability mass function", arguments: cases)
  func matchesAnalytic(_ testCase: Case) {
    let n = 200_000
    let stream = RandomStream(seed: 77, stream: StreamID("counts", index: testCase.name.count))
    let distribution = testCase.distribution
    let draws = (0..<n).map { _ in distribution.sample(stream) }
    let (mean, variance) = GoodnessOfFit.moments(draws.map(Double.init))
    #expect(abs(mean - distribution.mean) < 4 * (distribution.variance / Double(n)).squareRoot())
    #expect(abs(variance / distribution.variance - 1) < 0.03)
    var counts = [Int](repeating: 0, count: testCase.support.count)
    for draw in draws {
      #expect(testCase.support.contains(draw))
      counts[draw - testCase.support.lowerBound] += 1
    }
    let probabilities = testCase.support.map { distribution.probability($0) }
    let (statistic, df) = GoodnessOfFit.chiSquare(observed: counts, probabilities: probabilities)
    #expect(
      statistic < GoodnessOfFit.chiSquareCritical(degreesOfFreedom: df),
      "χ² = \(statistic) on \(df) df")
  }
}

@Suite("Weighted draws, shuffles, subsets, quasi-random points")
struct SamplingTests {
  @Test("The alias table draws each index with probability wᵢ/Σw; zero weights never")
  func weightedDiscrete() {
    let weights = [1.0, 2, 3, 0, 4]
    let sampler = WeightedDiscreteSampler(weights: weights)
    #expect(abs(sampler.probability(2) - 0.3) < 1e-12)
    #expect(sampler.probability(3) == 0)
    let stream = RandomStream(seed: 4, stream: StreamID("alias"))
    var counts = [Int](repeating: 0, count: weights.count)
    for _ in 0..<100_000 { counts[sampler.sample(stream)] += 1 }
    #expect(counts[3] == 0)
    let nonzero = [0, 1, 2, 4]
    let (statistic, df) = GoodnessOfFit.chiSquare(
      observed: nonzero.map { counts[$0] }, probabilities: nonzero.map { weights[$0] / 10 })
    #expect(statistic < GoodnessOfFit.chiSquareCritical(degreesOfFreedom: df))
  }

  @Test("Shuffling gives every permutation of 3 elements with probability 1/6")
  func shuffleUniform() {
    let stream = RandomStream(seed: 6, stream: StreamID("shuffle"))
    var counts: [[Int]: Int] = [:]
    for _ in 0..<60_000 {
      var elements = [0, 1, 2]
      stream.shuffle(&elements)
      counts[elements, default: 0] += 1
    }
    #expect(counts.count == 6)
    let (statistic, df) = GoodnessOfFit.chiSquare(
      observed: counts.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { counts[$0]! },
      probabilities: .init(repeating: 1.0 / 6, count: 6))
    #expect(statistic < GoodnessOfFit.chiSquareCritical(degreesOfFreedom: df))
    var large = Array(0..<1000)
    stream.shuffle(&large)
    #expect(large.sorted() == Array(0..<1000))
    #expect(large != Array(0..<1000))
  }

  @Test("Choosing k of n without replacement: distinct, ordered, each element with probability k/n")
  func chooseWithoutReplacement() {
    let stream = RandomStream(seed: 12, stream: StreamID("choose"))
    let population = Array(0..<20)
    var inclusion = [Int](repeating: 0, count: 20)
    let rounds = 20_000
    for _ in 0..<rounds {
      let chosen = stream.choose(5, from: population)
      #expect(chosen.count == 5)
      #expect(chosen == chosen.sorted())
      #expect(Set(chosen).count == 5)
      for element in chosen { inclusion[element] += 1 }
    }
    let (statistic, df) = GoodnessOfFit.chiSquare(
      observed: inclusion, probabilities: .init(repeating: 1.0 / 20, count: 20))
    #expect(statistic < GoodnessOfFit.chiSquareCritical(degreesOfFreedom: df))
    #expect(stream.choose(20, from: population) == population)
    #expect(stream.choose(0, from: population).isEmpty)
    let sampled = stream.sampleWithReplacement(1000, from: [7, 8])
    #expect(Set(sampled) == [7, 8])
  }

  @Test("Sobol points equal GSL's published first points")
  func sobolFirstPoints() {
    // GSL manual, "Quasi-Random Sequences", example output of the 2-D Sobol sequence.
    let sobol = QuasiRandomSequence(kind: .sobol, dimension: 2)
    let expected: [[Double]] = [
      [0.5, 0.5], [0.75, 0.25], [0.25, 0.75], [0.375, 0.375], [0.875, 0.875],
    ]
    #expect(sobol.points(5) == expected)
    sobol.reset()
    #expect(sobol.next() == [0.5, 0.5])
  }

  @Test("Sobol points stratify: the first 2ᵐ − 1 points hit every cell k/2ᵐ of each axis once")
  func sobolStratification() {
    let dimension = 10
    let m = 10
    let sobol = QuasiRandomSequence(kind: .sobol, dimension: dimension)
    let points = sobol.points((1 << m) - 1)
    for axis in 0..<dimension {
      let cells = points.map { Int($0[axis] * Double(1 << m)) }
      #expect(Set(cells) == Set(1..<(1 << m)), "axis \(axis)")
    }
  }

  @Test("Halton and Niederreiter points stay in the unit cube and fill it evenly")
  func otherQuasiRandomKinds() {
    for kind in [QuasiRandomSequence.Kind.halton, .reverseHalton, .niederreiter2] {
      let sequence = QuasiRandomSequence(kind: kind, dimension: 3)
      let points = sequence.points(4096)
      #expect(points.allSatisfy { $0.allSatisfy { (0..<1).contains($0) } })
      for axis in 0..<3 {
        let mean = points.reduce(0) { $0 + $1[axis] } / 4096
        #expect(abs(mean - 0.5) < 0.01, "\(kind) axis \(axis) mean \(mean)")
      }
    }
  }
}

@Suite("Quantiles and sampling by inversion")
struct QuantileTests {
  @Test(
    "quantile(cdf(x)) = x, and inversion sampling from a per-agent generator matches the moments",
    arguments: ContinuousDistributionTests.cases)
  func inversion(_ testCase: ContinuousDistributionTests.Case) {
    let distribution = testCase.distribution
    for p in [0.01, 0.1, 0.5, 0.9, 0.99] {
      let x = distribution.quantile(p)
      #expect(abs(distribution.cumulativeProbability(x) - p) < 1e-9, "\(testCase.name) p=\(p)")
    }
    var generator = AgentStreams(seed: 3, family: "inversion").generator(agent: 7, step: 1)
    let values = (0..<100_000).map { _ in distribution.sample(using: &generator) }
    let (mean, _) = GoodnessOfFit.moments(values)
    #expect(
      abs(mean - distribution.mean) < 4 * (distribution.variance / 100_000).squareRoot(),
      "\(testCase.name)")
    let ks = GoodnessOfFit.kolmogorovSmirnov(values, cdf: distribution.cumulativeProbability)
    #expect(ks * 100_000.0.squareRoot() < GoodnessOfFit.kolmogorovCritical0001)
  }

  @Test("Agent streams: same (seed, family, agent, step) same numbers; any change gives others")
  func agentStreams() {
    let streams = AgentStreams(seed: 9, family: "f")
    var a = streams.generator(agent: 4, step: 12)
    var b = streams.generator(agent: 4, step: 12)
    #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
    let variants = [
      streams.generator(agent: 5, step: 12), streams.generator(agent: 4, step: 13),
      AgentStreams(seed: 10, family: "f").generator(agent: 4, step: 12),
      AgentStreams(seed: 9, family: "g").generator(agent: 4, step: 12),
    ]
    let reference = streams.generator(agent: 4, step: 12).state.0
    for variant in variants { #expect(variant.state.0 != reference) }
  }

  @Test("drawing(with:) runs GSL samplers on a local generator and advances it")
  func drawingWithLocalGenerator() {
    let scratch = RandomStream(seed: 0, stream: StreamID("scratch"))
    var generator = Xoshiro256StarStar(seed: 77)
    var copy = generator
    let viaGSL = scratch.drawing(with: &generator) {
      UniformDistribution(lower: 0, upper: 1).sample($0)
    }
    #expect(viaGSL == copy.uniform())
    #expect(generator == copy)
  }
}
