@preconcurrency import CGSL
import Foundation

/// Statistics of firm populations that stylized facts are stated in. Agents stand for groups
/// of real firms: agent i stands for `weights[i]` firms, each with `values[i] / weights[i]`
/// (revenue, exports) — so every statistic here is over real firms, not agents.
public enum FactStatistics {
  /// The exponent α of the upper tail of the size distribution, Pr(size > s) ∝ s^−α, as minus
  /// the slope of log CCDF on log size over the largest `tailShare` of firms (by weight): the
  /// CCDF-slope regression of Axtell (2001). Sizes are per real firm; firms with size ≤ 0 are
  /// left out. Returns nil with fewer than 10 agents in the tail.
  public static func paretoTailExponent(
    totals: [Double], weights: [Double], tailShare: Double = 0.1
  ) -> Double? {
    precondition(totals.count == weights.count && tailShare > 0 && tailShare <= 1)
    let units = zip(totals, weights).filter { $0.0 > 0 && $0.1 > 0 }
      .map { (size: $0.0 / $0.1, weight: $0.1) }
      .sorted { $0.size > $1.size }
    let totalWeight = units.reduce(0) { $0 + $1.weight }
    guard totalWeight > 0 else { return nil }
    var logSizes: [Double] = []
    var logCCDF: [Double] = []
    var above = 0.0
    for unit in units {
      // Pr(size ≥ s) at this unit, counting half of its own weight (a mid-point CCDF, which
      // removes the bias of the largest observation).
      let ccdf = (above + unit.weight / 2) / totalWeight
      if ccdf > tailShare { break }
      logSizes.append(Foundation.log(unit.size))
      logCCDF.append(Foundation.log(ccdf))
      above += unit.weight
    }
    guard logSizes.count >= 10 else { return nil }
    var c0 = 0.0
    var c1 = 0.0
    var cov00 = 0.0
    var cov01 = 0.0
    var cov11 = 0.0
    var sumsq = 0.0
    gsl_fit_linear(
      logSizes, 1, logCCDF, 1, logSizes.count, &c0, &c1, &cov00, &cov01, &cov11, &sumsq)
    return -c1
  }

  /// The share of the total of `totals` held by the top `topShare` of real firms ranked by
  /// their per-firm value (the boundary agent counted in part).
  public static func topShare(totals: [Double], weights: [Double], topShare: Double) -> Double {
    precondition(totals.count == weights.count && topShare > 0 && topShare <= 1)
    let units = zip(totals, weights).filter { $0.1 > 0 }
      .map { (perFirm: $0.0 / $0.1, total: $0.0, weight: $0.1) }
      .sorted { $0.perFirm > $1.perFirm }
    let totalWeight = units.reduce(0) { $0 + $1.weight }
    let totalValue = units.reduce(0) { $0 + $1.total }
    guard totalWeight > 0, totalValue > 0 else { return .nan }
    var remaining = topShare * totalWeight
    var held = 0.0
    for unit in units where remaining > 0 {
      let taken = min(unit.weight, remaining)
      held += unit.perFirm * taken
      remaining -= taken
    }
    return held / totalValue
  }
}
