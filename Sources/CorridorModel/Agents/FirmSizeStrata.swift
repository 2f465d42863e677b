import RealModule

/// Firm agents as strata of a country-sector's real firms, from the largest down.
///
/// A country-sector has M real firms (M need not be an integer) with Pareto(k) productivity,
/// the j-th largest at the upper-tail quantile u_j = (j − ½)/M (Hazen plotting positions), so
/// its CES weight is φ_j^(σ−1) = u_j^(−β) with β = (σ − 1)/k < 1. The cell's firms are then a
/// fixed, deterministic population: its total Σ_j φ_j^(σ−1) and the mass of its top decile do
/// not depend on how many agents stand for it, and its largest firm is as large as a sample of
/// M firms makes it (about (2M)^β, a granular economy) rather than absent (a sampler that
/// draws N agents misses the tail above quantile 1 − 1/N, which holds most of the mass when β
/// is near 1).
///
/// The N agents are contiguous strata of ranks. Their boundaries split
/// G(x) = ½·x/M + ½·S(x)/S(M) into equal parts, where S(x) is the φ^(σ−1) mass of the top x
/// firms: half of the agents are spread by count, half by mass, so the upper tail, which holds
/// the mass, is oversampled (the largest firm may be split across several agents), and the
/// crowd of small firms is covered by a few heavy agents. Each agent stands for its stratum's
/// real firms (its weight, fractional in general) and carries their mean φ^(σ−1). Sums of
/// weight × mean φ^(σ−1) over the agents give S(M) exactly.
///
/// Between integers, S is linear: the x-th firm's mass accrues evenly, so a fraction of a firm
/// carries the fraction of its mass.
public struct FirmSizeStrata: Sendable {
  /// β = (σ − 1)/k.
  public let powerExponent: Double
  /// prefix[j] = Σ_{i=1…j} (i − ½)^(−β), exact up to `exactTerms`, and term[j] = (j − ½)^(−β).
  private let prefix: [Double]
  private let term: [Double]
  private static let exactTerms = 1 << 16

  /// - Parameter powerExponent: β = (σ − 1)/k, in (0, 1) (k > σ − 1 keeps it below 1).
  public init(powerExponent: Double) {
    self.powerExponent = powerExponent
    var sums = [Double](repeating: 0, count: Self.exactTerms + 1)
    var terms = [Double](repeating: 0, count: Self.exactTerms + 1)
    for j in 1...Self.exactTerms {
      terms[j] = Double.pow(Double(j) - 0.5, -powerExponent)
      sums[j] = sums[j - 1] + terms[j]
    }
    prefix = sums
    term = terms
  }

  /// H(x) = Σ_{i=1…x} (i − ½)^(−β) for real x ≥ 0, linear between integers; beyond the exact
  /// table, the midpoint rule with its first Euler–Maclaurin correction:
  /// Σ_{i=J+1…x} f(i − ½) ≈ ∫_J^x f − (f′(x) − f′(J))/24 with f(t) = t^(−β).
  func rankSum(_ x: Double) -> Double {
    let beta = powerExponent
    let table = Double(Self.exactTerms)
    if x <= table {
      let whole = Int(x)
      let fraction = x - Double(whole)
      guard whole < Self.exactTerms else { return prefix[whole] }
      return prefix[whole] + fraction * term[whole + 1]
    }
    let integral =
      abs(1 - beta) < 1e-12
      ? Double.log(x / table)
      : (Double.pow(x, 1 - beta) - Double.pow(table, 1 - beta)) / (1 - beta)
    func derivative(_ t: Double) -> Double { -beta * Double.pow(t, -beta - 1) }
    return prefix[Self.exactTerms] + integral - (derivative(x) - derivative(table)) / 24
  }

  /// The φ^(σ−1) mass of the top `x` of `realFirms` firms: M^β·H(x), with M at least 1 (a cell
  /// of less than one firm holds a fraction of a median-ranked firm, not a giant).
  public func topMass(_ x: Double, realFirms: Double) -> Double {
    Double.pow(max(realFirms, 1), powerExponent) * rankSum(x)
  }

  /// The median firm's φ^(σ−1), 2^β (the firm at upper-tail quantile ½), over the mean of the
  /// cell's `realFirms` firms, S(M)/M; 1 for a cell of at most one firm. The mean grows with M
  /// (the sample's largest firm grows like (2M)^β), the median does not.
  public func medianOverMeanPower(realFirms: Double) -> Double {
    guard realFirms > 1 else { return 1 }
    return Double.pow(2, powerExponent) / (topMass(realFirms, realFirms: realFirms) / realFirms)
  }

  /// The agents of a cell of `realFirms` real firms, from the largest firms down: each one's
  /// real firms (weight), their mean φ^(σ−1), and the ranks that bound its stratum (the top
  /// `x` firms lie above rank x).
  public func strata(realFirms: Double, agents: Int) -> [(
    weight: Double, meanPower: Double, topRank: Double, bottomRank: Double
  )] {
    precondition(agents >= 1 && realFirms > 0)
    let totalMass = rankSum(realFirms)
    func share(_ x: Double) -> Double { 0.5 * x / realFirms + 0.5 * rankSum(x) / totalMass }
    var boundaries = [0.0]
    for r in 1..<agents {
      let target = Double(r) / Double(agents)
      var low = boundaries.last!
      var high = realFirms
      for _ in 0..<64 {
        let middle = 0.5 * (low + high)
        if share(middle) < target { low = middle } else { high = middle }
        if high - low <= 1e-12 * realFirms { break }
      }
      boundaries.append(0.5 * (low + high))
    }
    boundaries.append(realFirms)
    let scale = Double.pow(max(realFirms, 1), powerExponent)
    return (0..<agents).map { r in
      let weight = boundaries[r + 1] - boundaries[r]
      let mass = scale * (rankSum(boundaries[r + 1]) - rankSum(boundaries[r]))
      // An empty stratum (rounding) takes its edge firm's power.
      let power =
        weight > 0
        ? mass / weight
        : scale * Double.pow(Double(Int(boundaries[r])) + 0.5, -powerExponent)
      return (weight, power, boundaries[r], boundaries[r + 1])
    }
  }

  /// dH/dx: the slope of ``rankSum(_:)`` at x (the (⌊x⌋ + 1)-th term inside the exact table,
  /// the derivative of its continuation beyond).
  func rankSumSlope(_ x: Double) -> Double {
    let beta = powerExponent
    if x < Double(Self.exactTerms) { return term[Int(x) + 1] }
    return Double.pow(x, -beta) + beta * (beta + 1) * Double.pow(x, -beta - 2) / 24
  }

  /// Mean φ^(σ−1) of the firms of ranks `top`…`bottom` of a cell of `realFirms` firms:
  /// M^β·(H(b) − H(a))/(b − a).
  public func meanPower(top a: Double, bottom b: Double, realFirms: Double) -> Double {
    guard b > a else { return power(rank: a, realFirms: realFirms) }
    return Double.pow(max(realFirms, 1), powerExponent) * (rankSum(b) - rankSum(a)) / (b - a)
  }

  /// The top rank x of a stratum that ends at rank `bottom` and whose firms' mean φ^(σ−1) is
  /// `meanPower`: M^β·(H(b) − H(x))/(b − x) = meanPower, x in [`lowest`, b). The mean falls as
  /// x rises (the strongest firms leave), so the root is unique; a mean above the one of
  /// [`lowest`, b] gives `lowest`, one below the weakest firm's power gives b. When a share of
  /// a stratum's firms leaves, mostly from its top (its exporters), what remains is such a
  /// stratum: the same bottom, a lower top, the remaining mass over the remaining firms.
  public func fitTop(meanPower target: Double, bottom b: Double, realFirms: Double, lowest: Double)
    -> Double
  {
    let scale = Double.pow(max(realFirms, 1), powerExponent)
    let hBottom = rankSum(b)
    // g(x) = mean of [x, b] − target, decreasing in x.
    func g(_ x: Double) -> Double { scale * (hBottom - rankSum(x)) / (b - x) - target }
    if !(g(lowest) > 0) { return lowest }
    let weakest = power(rank: b, realFirms: realFirms, fromBelow: true)
    if !(target > weakest) { return b }
    return Self.decreasingRoot(
      of: g, from: lowest, low: lowest, high: b, tolerance: 1e-13 * max(b, 1)
    ) { x in
      let width = b - x
      return scale * ((hBottom - rankSum(x)) / width - rankSumSlope(x)) / width
    }
  }

  /// The bottom rank y of a stratum that starts at rank `top` and whose firms' mean
  /// φ^(σ−1) is `meanPower`: M^β·(H(y) − H(a))/(y − a) = meanPower, y in (a, `highest`]. The
  /// mean falls as y rises (weaker firms join), so the root is unique; a mean above the top
  /// firm's power gives a, one below the mean of [a, `highest`] gives `highest`.
  public func fitBottom(
    meanPower target: Double, top a: Double, realFirms: Double, highest: Double
  ) -> Double {
    let scale = Double.pow(max(realFirms, 1), powerExponent)
    let hTop = rankSum(a)
    // g(y) = mean of [a, y] − target, decreasing in y.
    func g(_ y: Double) -> Double { scale * (rankSum(y) - hTop) / (y - a) - target }
    if !(target < power(rank: a, realFirms: realFirms)) { return a }
    if !(g(highest) < 0) { return highest }
    return Self.decreasingRoot(
      of: g, from: highest, low: a, high: highest, tolerance: 1e-13 * max(highest, 1)
    ) { y in
      let width = y - a
      return scale * (rankSumSlope(y) - (rankSum(y) - hTop) / width) / width
    }
  }

  /// The root of a decreasing g in [`low`, `high`] (g(low) > 0 ≥ g(high)), by Newton's method
  /// from `start` inside a shrinking bracket, bisecting when a step (with g′ from `slope`)
  /// would leave it; stops when the bracket is narrower than `tolerance`.
  static func decreasingRoot(
    of g: (Double) -> Double, from start: Double, low: Double, high: Double,
    tolerance: Double, slope: (Double) -> Double
  ) -> Double {
    var low = low
    var high = high
    var x = start
    for _ in 0..<100 {
      let value = g(x)
      if value > 0 { low = x } else { high = x }
      if high - low <= tolerance || value == 0 { break }
      let derivative = slope(x)
      var next = derivative < 0 ? x - value / derivative : .nan
      if !(next > low && next < high) { next = 0.5 * (low + high) }
      x = next
    }
    return x
  }

  /// φ^(σ−1) of the firm that holds rank position x of a cell of `realFirms` firms: the j-th
  /// largest, j = ⌊x⌋ + 1, has M^β·(j − ½)^(−β) (M at least 1). `from below` takes the firm
  /// ending at x instead (j = ⌈x⌉, at least 1): a stratum's weakest firm.
  public func power(rank x: Double, realFirms: Double, fromBelow: Bool = false) -> Double {
    let j = fromBelow ? max(x.rounded(.up), 1) : x.rounded(.down) + 1
    return Double.pow(max(realFirms, 1), powerExponent) * Double.pow(j - 0.5, -powerExponent)
  }

  /// The shares of a stratum's real firms and of its φ^(σ−1) mass whose φ^(σ−1) is at least
  /// `threshold`, for the stratum of ranks `top`…`bottom` of a cell of `realFirms` firms.
  ///
  /// The j-th largest firm has φ^(σ−1) = M^β·(j − ½)^(−β), so the firms at or above the
  /// threshold are the top x* = ½ + M·threshold^(−1/β) (x* clamped to [a, b], the firm at the
  /// crossing counted in part, as the strata count a firm split between two agents): a share
  /// (x* − a)/(b − a) of the stratum's firms and (S(x*) − S(a))/(S(b) − S(a)) of its mass, with
  /// S the exact partial sums of the strata (``rankSum(_:)``). A stratum that straddles an
  /// export cut-off thus exports with the part of its firms above it, as its real firms would,
  /// instead of all or none of them by its mean.
  public func sharesAbove(
    threshold: Double, top a: Double, bottom b: Double, realFirms: Double
  ) -> (firms: Double, mass: Double) {
    if threshold <= power(rank: b, realFirms: realFirms, fromBelow: true) { return (1, 1) }
    if !(threshold < power(rank: a, realFirms: realFirms)) { return (0, 0) }
    return sharesStraddling(
      threshold: threshold, top: a, bottom: b, realFirms: realFirms, topRankSum: rankSum(a),
      bottomRankSum: rankSum(b))
  }

  /// ``sharesAbove(threshold:top:bottom:realFirms:)`` for an agent whose stratum's bounds are
  /// stored (they are fixed): two powers instead of eight when the threshold crosses the
  /// stratum, none otherwise.
  @inline(__always)
  public func sharesAbove(threshold: Double, of stratum: StratumBounds) -> (
    firms: Double, mass: Double
  ) {
    if threshold <= stratum.weakestPower { return (1, 1) }
    if !(threshold < stratum.strongestPower) { return (0, 0) }
    return sharesStraddling(
      threshold: threshold, top: stratum.top, bottom: stratum.bottom,
      realFirms: stratum.cellFirms, topRankSum: stratum.topRankSum,
      bottomRankSum: stratum.bottomRankSum)
  }

  /// The crossing of a threshold that lies between the stratum's weakest and strongest firm.
  @inline(__always)
  func sharesStraddling(
    threshold: Double, top a: Double, bottom b: Double, realFirms: Double, topRankSum: Double,
    bottomRankSum: Double
  ) -> (firms: Double, mass: Double) {
    guard b > a else { return (1, 1) }
    let m = max(realFirms, 1)
    let crossing = min(max(0.5 + m * Double.pow(threshold, -1 / powerExponent), a), b)
    let firms = (crossing - a) / (b - a)
    let total = bottomRankSum - topRankSum
    let mass = total > 0 ? (rankSum(crossing) - topRankSum) / total : firms
    return (firms, mass)
  }
}

/// Where an agent's stratum lies in its cell: φ^(σ−1) of its strongest and weakest firm, its
/// top and bottom rank, the cell's real firms, and the rank sums H(top) and H(bottom).
public struct StratumBounds {
  public var strongestPower: Double
  public var weakestPower: Double
  public var top: Double
  public var bottom: Double
  public var cellFirms: Double
  public var topRankSum: Double
  public var bottomRankSum: Double
}
