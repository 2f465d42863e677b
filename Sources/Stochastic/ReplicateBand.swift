@preconcurrency import CGSL

/// The mean of replicate values and their central 90 % band (5th and 95th percentiles), as
/// figures, fit tables and validation report them. Quantiles interpolate linearly between
/// order statistics (`gsl_stats_quantile_from_sorted_data`, Hyndman–Fan type 7, R's default):
/// with three replicates the band runs from 0.1 of the way between the smallest and middle
/// value to 0.9 of the way between the middle and largest.
public struct ReplicateBand: Sendable, Equatable {
  /// Lower and upper probabilities of the band.
  public static let probabilities = (low: 0.05, high: 0.95)

  public let mean: Double
  public let low: Double
  public let high: Double

  /// The band of `values` (one per replicate; at least one).
  public init(_ values: [Double]) {
    precondition(!values.isEmpty, "a band needs at least one value")
    var sorted = values
    sorted.withUnsafeMutableBufferPointer { gsl_sort($0.baseAddress, 1, $0.count) }
    (mean, low, high) = sorted.withUnsafeBufferPointer { buffer in
      let base = buffer.baseAddress
      let n = buffer.count
      return (
        gsl_stats_mean(base, 1, n),
        gsl_stats_quantile_from_sorted_data(base, 1, n, Self.probabilities.low),
        gsl_stats_quantile_from_sorted_data(base, 1, n, Self.probabilities.high)
      )
    }
  }
}
