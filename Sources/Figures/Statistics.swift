import CGSL

/// The trend figures draw through a scatter: a local-linear (LOESS) smoother. Sorting and
/// weighted least squares are GSL's. (Replicate bands are Stochastic's ``ReplicateBand``.)
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
