import Stochastic

/// Sobol' sensitivity indices from a Saltelli (2010) design: for N base rows the outputs at A,
/// AB₁…AB_D, [BA₁…BA_D,] B (the layout of ``ExperimentConfig`` design `saltelli` and of SALib).
///
/// With Y standardised over all rows ((Y − Ȳ)/s, s with divisor n, as SALib does) and
/// V = Var[A ∪ B] (divisor 2N):
/// - first order (Saltelli et al. 2010): S1ⱼ = mean(B·(ABⱼ − A)) / V;
/// - total order (Jansen 1999): STⱼ = ½·mean((A − ABⱼ)²) / V;
/// - second order: S2ⱼₖ = mean(BAⱼ·ABₖ − A·B) / V − S1ⱼ − S1ₖ.
/// Confidence intervals as SALib's: the N base rows resampled with replacement `resamples`
/// times, the estimator recomputed on each resample, and the interval estimate ± z₀.₉₇₅·sd of
/// the resampled estimates (sd with divisor B − 1).
public struct SobolIndices: Sendable {
  public struct Estimate: Sendable, Equatable {
    public let estimate: Double
    /// z₀.₉₇₅ times the bootstrap standard deviation (SALib's `_conf`).
    public let halfWidth: Double
    public var low: Double { estimate - halfWidth }
    public var high: Double { estimate + halfWidth }
  }

  public let dimensions: Int
  public let baseSamples: Int
  public let firstOrder: [Estimate]
  public let totalOrder: [Estimate]
  /// S2 for j < k, row-major over the upper triangle (nil without second-order blocks).
  public let secondOrder: [[Estimate?]]?

  /// 1.959963984540054: the standard normal's 97.5th percentile.
  static let z975 = 1.959963984540054

  /// SALib's interval half-width from bootstrap estimates: z₀.₉₇₅ times their standard
  /// deviation (divisor B − 1). Resamples whose estimate is not finite (a resample of a
  /// mostly constant output with no variance) are left out; with none left it is NaN.
  static func bootstrapHalfWidth(_ all: [Double]) -> Double {
    let draws = all.filter(\.isFinite)
    guard draws.count >= 2 else { return .nan }
    let m = draws.reduce(0, +) / Double(max(draws.count, 1))
    let variance = draws.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(draws.count - 1, 1))
    return z975 * variance.squareRoot()
  }

  /// Indices of the outputs `y` of a Saltelli design with `dimensions` parameters.
  /// - Precondition: `y.count` is a multiple of D + 2 (or 2D + 2 with `secondOrder`).
  public init(
    outputs y: [Double], dimensions d: Int, secondOrder: Bool, resamples: Int = 1_000,
    seed: UInt64 = 2_026
  ) {
    let block = secondOrder ? 2 * d + 2 : d + 2
    precondition(d >= 1 && y.count % block == 0 && y.count >= 2 * block, "not a Saltelli design")
    let n = y.count / block
    dimensions = d
    baseSamples = n
    // Standardise as SALib does.
    let mean = y.reduce(0, +) / Double(y.count)
    let sd = (y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(y.count)).squareRoot()
    let z = y.map { sd > 0 ? ($0 - mean) / sd : 0 }
    func a(_ i: Int) -> Double { z[i * block] }
    func b(_ i: Int) -> Double { z[i * block + block - 1] }
    func ab(_ i: Int, _ j: Int) -> Double { z[i * block + 1 + j] }
    func ba(_ i: Int, _ j: Int) -> Double { z[i * block + 1 + d + j] }

    /// Var[A ∪ B] over the rows `rows` (with repeats), divisor 2·count.
    func variance(_ rows: [Int]) -> Double {
      var sum = 0.0
      for i in rows { sum += a(i) + b(i) }
      let m = sum / Double(2 * rows.count)
      var squares = 0.0
      for i in rows { squares += (a(i) - m) * (a(i) - m) + (b(i) - m) * (b(i) - m) }
      return squares / Double(2 * rows.count)
    }
    func s1(_ j: Int, _ rows: [Int], _ v: Double) -> Double {
      var sum = 0.0
      for i in rows { sum += b(i) * (ab(i, j) - a(i)) }
      return sum / Double(rows.count) / v
    }
    func st(_ j: Int, _ rows: [Int], _ v: Double) -> Double {
      var sum = 0.0
      for i in rows { sum += (a(i) - ab(i, j)) * (a(i) - ab(i, j)) }
      return 0.5 * sum / Double(rows.count) / v
    }
    func s2(_ j: Int, _ k: Int, _ rows: [Int], _ v: Double) -> Double {
      var sum = 0.0
      for i in rows { sum += ba(i, j) * ab(i, k) - a(i) * b(i) }
      return sum / Double(rows.count) / v - s1(j, rows, v) - s1(k, rows, v)
    }

    let all = Array(0..<n)
    let v = variance(all)
    // Bootstrap: each resample of the base rows is drawn once (in order from one stream) and
    // every index is recomputed on it; only the resampled estimates are kept.
    let stream = RandomStream(seed: seed, stream: StreamID("analyze.sobol-bootstrap"))
    let pairs = secondOrder ? (0..<d).flatMap { j in ((j + 1)..<d).map { (j, $0) } } : []
    var firstDraws = [[Double]](repeating: [], count: d)
    var totalDraws = [[Double]](repeating: [], count: d)
    var secondDraws = [[Double]](repeating: [], count: pairs.count)
    var rows = [Int](repeating: 0, count: n)
    for _ in 0..<resamples {
      for i in 0..<n { rows[i] = stream.uniformInt(below: n) }
      let vb = variance(rows)
      for j in 0..<d {
        firstDraws[j].append(s1(j, rows, vb))
        totalDraws[j].append(st(j, rows, vb))
      }
      for (index, pair) in pairs.enumerated() {
        secondDraws[index].append(s2(pair.0, pair.1, rows, vb))
      }
    }
    func estimate(_ point: Double, _ draws: [Double]) -> Estimate {
      Estimate(estimate: point, halfWidth: Self.bootstrapHalfWidth(draws))
    }
    firstOrder = (0..<d).map { estimate(s1($0, all, v), firstDraws[$0]) }
    totalOrder = (0..<d).map { estimate(st($0, all, v), totalDraws[$0]) }
    if secondOrder {
      var matrix = [[Estimate?]](repeating: [Estimate?](repeating: nil, count: d), count: d)
      for (index, pair) in pairs.enumerated() {
        matrix[pair.0][pair.1] = estimate(s2(pair.0, pair.1, all, v), secondDraws[index])
      }
      self.secondOrder = matrix
    } else {
      self.secondOrder = nil
    }
  }
}
