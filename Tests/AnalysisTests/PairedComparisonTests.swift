import CGSL
import Foundation
import Stochastic
import Testing

@testable import Analysis

@Suite("Paired comparisons")
struct PairedComparisonTests {
  /// d = (1, 3, 2, 4): d̄ = 2.5, s_d = √(5/3), t = 2.5/(s_d/2) = 3.8730, df 3,
  /// t₀.₉₇₅,₃ = 3.182446, interval 2.5 ± 2.05426; p = 0.03047 (R: 2*pt(-3.873, 3)).
  @Test func knownAnswer() {
    let c = PairedComparison(baseline: [10, 20, 30, 40], scenario: [11, 23, 32, 44])
    #expect(c.replicates == 4)
    #expect(c.meanDifference == 2.5)
    #expect(abs(c.standardDeviation - (5.0 / 3).squareRoot()) < 1e-12)
    #expect(abs(c.tStatistic - 3.872983346) < 1e-8)
    #expect(c.degreesOfFreedom == 3)
    #expect(abs(c.tInterval.low - (2.5 - 3.182446305 * 0.645497224)) < 1e-6)
    #expect(abs(c.tInterval.high - (2.5 + 3.182446305 * 0.645497224)) < 1e-6)
    #expect(abs(c.pValue - 0.03047) < 5e-5)
    #expect(abs(c.ratio - 1.1) < 1e-12)
    // The bootstrap means of four differences lie between the smallest and the largest.
    #expect(c.bootstrapInterval.low >= 1 && c.bootstrapInterval.low < 2.5)
    #expect(c.bootstrapInterval.high <= 4 && c.bootstrapInterval.high > 2.5)
    #expect(c.ratioInterval.low < 1.1 && c.ratioInterval.high > 1.1)
    // Reproducible: the bootstrap has its own seeded stream.
    #expect(c == PairedComparison(baseline: [10, 20, 30, 40], scenario: [11, 23, 32, 44]))
  }

  /// Scenarios that share seeds before a policy starts differ by exactly 0.
  @Test func identicalRunsGiveZeroWithoutSpread() {
    let c = PairedComparison(baseline: [5, 7, 9], scenario: [5, 7, 9])
    #expect(c.meanDifference == 0)
    #expect(c.tInterval.low == 0 && c.tInterval.high == 0)
    #expect(c.bootstrapInterval.low == 0 && c.bootstrapInterval.high == 0)
    #expect(c.tStatistic.isNaN)
    #expect(c.ratio == 1)
  }

  /// The replicates needed: the smallest n with t₀.₉₇₅,ₙ₋₁ · s_d/√n ≤ precision · |d̄|.
  @Test func replicatesNeededIsTheSmallestSufficientCount() throws {
    let c = PairedComparison(baseline: [0, 0, 0, 0], scenario: [1, 3, 2, 4], precision: 0.1)
    let n = try #require(c.replicatesNeeded)
    let s = c.standardDeviation
    func halfWidth(_ n: Int) -> Double {
      gsl_cdf_tdist_Pinv(0.975, Double(n - 1)) * s / Double(n).squareRoot()
    }
    #expect(halfWidth(n) <= 0.25)
    #expect(halfWidth(n - 1) > 0.25)
    #expect(n > 100 && n < 110)  // (1.96 · 1.291 / 0.25)² = 102.4 by the normal approximation
  }

  /// Over many simulated experiments with normal differences of known mean, the 95 % t
  /// interval covers the mean 95 % of the time (binomial SE ≈ 0.5 points over 2,000).
  @Test func tIntervalCoversTheTrueMeanAtItsLevel() {
    let stream = RandomStream(seed: 17, stream: StreamID("coverage"))
    let normal = NormalDistribution(mean: 0, standardDeviation: 2)
    var covered = 0
    let experiments = 2_000
    for _ in 0..<experiments {
      let baseline = (0..<5).map { _ in 100 + normal.sample(stream) }
      let scenario = baseline.map { $0 + 1.5 + normal.sample(stream) }
      let c = PairedComparison(baseline: baseline, scenario: scenario, resamples: 99)
      if c.tInterval.low <= 1.5 && 1.5 <= c.tInterval.high { covered += 1 }
    }
    let coverage = Double(covered) / Double(experiments)
    #expect(abs(coverage - 0.95) < 0.02)
  }
}
