import Foundation
import Stochastic
import Testing

@testable import Calibration

@Suite("Stylized-fact statistics over weighted firm populations")
struct FactStatisticsTests {
  func paretoSample(shape: Double, count: Int, seed: UInt64) -> [Double] {
    ParetoDistribution(shape: shape, scale: 1).samples(
      count, from: RandomStream(seed: seed, stream: StreamID("fact-statistics")))
  }

  @Test("The CCDF slope recovers the Pareto exponent (1.0 and 1.5), and weights equal copies")
  func paretoTail() throws {
    for shape in [1.0, 1.5] {
      let sizes = paretoSample(shape: shape, count: 200_000, seed: 3)
      let estimate = try #require(
        FactStatistics.paretoTailExponent(
          totals: sizes, weights: [Double](repeating: 1, count: sizes.count)))
      #expect(abs(estimate - shape) < 0.05 * shape, "shape \(shape): \(estimate)")
    }
    // An agent standing for 3 firms of size s (total 3s) counts as three firms of size s.
    let sizes = paretoSample(shape: 1.2, count: 20_000, seed: 4)
    let tripled = FactStatistics.paretoTailExponent(
      totals: sizes.map { 3 * $0 }, weights: [Double](repeating: 3, count: sizes.count))
    let copies = FactStatistics.paretoTailExponent(
      totals: sizes + sizes + sizes, weights: [Double](repeating: 1, count: 3 * sizes.count))
    #expect(abs(tripled! - copies!) < 0.02)
    #expect(FactStatistics.paretoTailExponent(totals: [1, 2, 3], weights: [1, 1, 1]) == nil)
  }

  @Test("Top shares: equal firms hold their share; Pareto firms hold p^(1 − 1/α)")
  func topShares() {
    let equal = FactStatistics.topShare(
      totals: [Double](repeating: 5, count: 1_000), weights: [Double](repeating: 1, count: 1_000),
      topShare: 0.1)
    #expect(abs(equal - 0.1) < 1e-12)
    // The boundary agent counts in part: two agents of 1 firm each, top 25 % = half the larger.
    #expect(
      abs(FactStatistics.topShare(totals: [3, 1], weights: [1, 1], topShare: 0.25) - 0.375) < 1e-12)
    let sizes = paretoSample(shape: 1.5, count: 400_000, seed: 5)
    let share = FactStatistics.topShare(
      totals: sizes, weights: [Double](repeating: 1, count: sizes.count), topShare: 0.1)
    #expect(abs(share - pow(0.1, 1 - 1 / 1.5)) < 0.02, "\(share)")
  }
}
