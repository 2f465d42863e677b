import CGSL

/// The trend figures draw through a scatter: a local-linear (LOESS) smoother. Sorting and
/// weighted least squares are GSL's. (Bands around replicate means are ``FigureBand``.)
public enum FigureStatistics {
  /// A local-linear regression smoother (Cleveland's LOESS, degree 1, no robustness
  /// iterations): at each of `points` evenly spaced x values, a straight line fitted by
  /// weighted least squares (`gsl_fit_wlinear`) to the nearest `span` share of the data, with
  /// tricube weights (1 − (d/h)³)³ where h is the distance to the farthest of them. Where the
  /// data have fewer than three distinct x values, the trend joins the mean y at each x.
  public static func loess(
    x: [Double], y: [Double], span: Double = 0.75, points: Int = 60
  ) -> [(x: Double, y: Double)] {
    precondition(x.count == y.count && !x.isEmpty, "loess needs paired, non-empty data")
    let distinct = Set(x).sorted()
    if distinct.count < 3 {
      return distinct.map { value in
        let ys = zip(x, y).filter { $0.0 == value }.map(\.1)
        return (value, ys.reduce(0, +) / Double(ys.count))
      }
    }
    let n = x.count
    let neighbours = min(n, max(3, Int((span * Double(n)).rounded(.up))))
    let low = distinct.first!
    let high = distinct.last!
    var weights = [Double](repeating: 0, count: n)
    var distances = [Double](repeating: 0, count: n)
    var trend: [(x: Double, y: Double)] = []
    for step in 0..<points {
      let x0 = low + (high - low) * Double(step) / Double(points - 1)
      for i in 0..<n { distances[i] = abs(x[i] - x0) }
      var sortedDistances = distances
      sortedDistances.withUnsafeMutableBufferPointer { gsl_sort($0.baseAddress, 1, $0.count) }
      // Widen h a little beyond the farthest neighbour so that it keeps a positive weight.
      let h = max(sortedDistances[neighbours - 1], (high - low) * 1e-9) * (1 + 1e-9)
      var weightedX = Set<Double>()
      for i in 0..<n {
        let ratio = distances[i] / h
        weights[i] = ratio < 1 ? pow3(1 - pow3(ratio)) : 0
        if weights[i] > 0 { weightedX.insert(x[i]) }
      }
      var c0 = 0.0
      var c1 = 0.0
      var cov00 = 0.0
      var cov01 = 0.0
      var cov11 = 0.0
      var chiSquared = 0.0
      if weightedX.count >= 2 {
        _ = gsl_fit_wlinear(
          x, 1, weights, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &chiSquared)
        trend.append((x0, c0 + c1 * x0))
      } else {
        let total = weights.reduce(0, +)
        trend.append((x0, zip(weights, y).reduce(0) { $0 + $1.0 * $1.1 } / total))
      }
    }
    return trend
  }

  private static func pow3(_ value: Double) -> Double { value * value * value }
}

/// Which band a figure draws around the mean of its replicates (`brisim figures --band`).
public enum BandKind: String, Sendable, CaseIterable {
  /// How far the replicates spread: their range below ``FigureBand/percentileMinimum``
  /// replicates, their 5th–95th percentiles from there on.
  case spread
  /// The 95 % confidence interval of the mean (Student t).
  case ci
}

/// A band around the mean of replicate values, named for what it is.
///
/// - ``Method/range``: the smallest and largest value. With few replicates, a "90 % band" of
///   percentiles would only interpolate between the extremes, so the range is drawn and called so.
/// - ``Method/percentiles``: the 5th and 95th percentiles, interpolated linearly between order
///   statistics (Hyndman–Fan type 7, R's default; `gsl_stats_quantile_from_sorted_data`).
/// - ``Method/meanInterval``: the 95 % confidence interval of the mean,
///   x̄ ± t₀.₉₇₅,ₙ₋₁ · s / √n, with s the sample standard deviation (divisor n − 1) and the
///   Student t quantile from `gsl_cdf_tdist_Pinv`. It needs two replicates at least.
/// - ``Method/none``: one replicate; the band's ends are NaN.
public struct FigureBand: Sendable, Equatable {
  /// What the band's ends are.
  public enum Method: String, Sendable, Equatable {
    case none
    case range
    case percentiles = "p05_p95"
    case meanInterval = "mean_ci95"

    /// The value of the data files' `band` column (a valid identifier).
    public var code: String { rawValue }
  }

  /// From this many replicates on, the spread band is the 5th–95th percentiles; below, the range.
  public static let percentileMinimum = 5
  /// Probabilities of the percentile band's ends.
  public static let percentiles = (low: 0.05, high: 0.95)
  /// Confidence level of the mean's interval.
  public static let confidenceLevel = 0.95

  public let mean: Double
  public let low: Double
  public let high: Double
  public let method: Method
  /// Number of replicate values.
  public let count: Int

  /// The method `kind` calls for with `replicates` values.
  public static func method(_ kind: BandKind, replicates: Int) -> Method {
    guard replicates > 1 else { return .none }
    switch kind {
    case .spread: return replicates < percentileMinimum ? .range : .percentiles
    case .ci: return .meanInterval
    }
  }

  /// The band of `values` (one per replicate; at least one) that `kind` calls for.
  public init(_ values: [Double], kind: BandKind) {
    precondition(!values.isEmpty, "a band needs at least one value")
    var sorted = values
    sorted.withUnsafeMutableBufferPointer { gsl_sort($0.baseAddress, 1, $0.count) }
    let n = sorted.count
    let method = Self.method(kind, replicates: n)
    self.method = method
    count = n
    let mean = sorted.withUnsafeBufferPointer { gsl_stats_mean($0.baseAddress, 1, n) }
    self.mean = mean
    switch method {
    case .none:
      (low, high) = (.nan, .nan)
    case .range:
      (low, high) = (sorted[0], sorted[n - 1])
    case .percentiles:
      (low, high) = sorted.withUnsafeBufferPointer {
        (
          gsl_stats_quantile_from_sorted_data($0.baseAddress, 1, n, Self.percentiles.low),
          gsl_stats_quantile_from_sorted_data($0.baseAddress, 1, n, Self.percentiles.high)
        )
      }
    case .meanInterval:
      let sd = sorted.withUnsafeBufferPointer { gsl_stats_sd_m($0.baseAddress, 1, n, mean) }
      let halfWidth =
        gsl_cdf_tdist_Pinv(1 - (1 - Self.confidenceLevel) / 2, Double(n - 1)) * sd
        / Double(n).squareRoot()
      (low, high) = (mean - halfWidth, mean + halfWidth)
    }
  }

  /// The key entry naming the band, e.g. "range of 3 replicates" (`of` names what was
  /// replicated: "replicates", "paired differences").
  public static func key(_ method: Method, count: Int, of items: String = "replicates") -> String {
    switch method {
    case .none: return "no band (one run)"
    case .range: return "range of \(count) \(items)"
    case .percentiles: return "5th–95th percentiles of \(count) \(items)"
    case .meanInterval: return "95 % CI of the mean, \(count) \(items)"
    }
  }

  /// The caption's sentence on the band, e.g. "The band is the range (minimum to maximum) of
  /// the 3 replicates."
  public static func caption(_ method: Method, count: Int, of items: String = "replicates")
    -> String
  {
    switch method {
    case .none: return "No band: one run."
    case .range:
      return
        "The band is the range (minimum to maximum) of the \(count) \(items) (with fewer than \(percentileMinimum), percentiles would only interpolate between the extremes)."
    case .percentiles:
      return
        "The band spans the 5th to 95th percentiles of the \(count) \(items) (type-7 interpolation)."
    case .meanInterval:
      return
        "The band is the 95 % confidence interval of the mean over the \(count) \(items) (Student t, \(count - 1) degrees of freedom); it shows how precisely the mean is known, not how far \(items) spread."
    }
  }
}
