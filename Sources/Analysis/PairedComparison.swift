import CGSL
import Stochastic

/// The paired comparison of a scenario with its baseline over replicates that share seeds
/// (common random numbers): for pairs (bᵢ, sᵢ), i = 1…n, the differences dᵢ = sᵢ − bᵢ.
///
/// - mean difference d̄ and its standard error s_d/√n (s_d with divisor n − 1);
/// - the paired t statistic t = d̄ / (s_d/√n) on n − 1 degrees of freedom, its two-sided
///   p-value 2·Q_t(|t|) (`gsl_cdf_tdist_Q`) and the 95 % interval d̄ ± t₀.₉₇₅,ₙ₋₁·s_d/√n
///   (`gsl_cdf_tdist_Pinv`);
/// - a percentile bootstrap interval of d̄ (pairs resampled with replacement, `resamples`
///   times, the 2.5th and 97.5th percentiles of the resampled means, Hyndman–Fan type 7 as in
///   `gsl_stats_quantile_from_sorted_data`), which does not assume normal differences; with
///   few replicates it is narrower than the t interval, because n values cannot show the
///   tails;
/// - the ratio of means s̄ / b̄ with the bootstrap interval from the same resamples;
/// - how many replicates make the t interval's half-width at most `precision` × |d̄|.
public struct PairedComparison: Sendable, Equatable {
  public let replicates: Int
  public let baselineMean: Double
  public let scenarioMean: Double
  public let meanDifference: Double
  public let standardDeviation: Double
  public let standardError: Double
  public let tStatistic: Double
  public let degreesOfFreedom: Int
  public let pValue: Double
  public let tInterval: (low: Double, high: Double)
  public let bootstrapInterval: (low: Double, high: Double)
  public let ratio: Double
  public let ratioInterval: (low: Double, high: Double)
  /// Replicates for a 95 % t interval of half-width ≤ precision × |d̄|; nil when no number
  /// would do (d̄ = 0 with differences that vary) or fewer than two pairs show the spread.
  public let replicatesNeeded: Int?

  public static func == (a: PairedComparison, b: PairedComparison) -> Bool {
    a.replicates == b.replicates && a.meanDifference == b.meanDifference
      && a.tInterval == b.tInterval && a.bootstrapInterval == b.bootstrapInterval
      && a.ratio == b.ratio && a.replicatesNeeded == b.replicatesNeeded
  }

  /// The comparison of `scenario` with `baseline` (same length, pair i shares its seed).
  /// The bootstrap draws from a stream of its own (`seed`), so results are reproducible.
  public init(
    baseline: [Double], scenario: [Double], precision: Double = 0.1, resamples: Int = 9_999,
    seed: UInt64 = 2_026
  ) {
    precondition(baseline.count == scenario.count, "pairs need equal lengths")
    let n = baseline.count
    replicates = n
    let differences = zip(scenario, baseline).map { $0 - $1 }
    baselineMean = Self.mean(baseline)
    scenarioMean = Self.mean(scenario)
    meanDifference = Self.mean(differences)
    degreesOfFreedom = max(n - 1, 0)
    guard n >= 2 else {
      standardDeviation = .nan
      standardError = .nan
      tStatistic = .nan
      pValue = .nan
      tInterval = (.nan, .nan)
      bootstrapInterval = (.nan, .nan)
      ratio = scenarioMean / baselineMean
      ratioInterval = (.nan, .nan)
      replicatesNeeded = nil
      return
    }
    let d̄ = meanDifference
    let variance = differences.reduce(0) { $0 + ($1 - d̄) * ($1 - d̄) } / Double(n - 1)
    standardDeviation = variance.squareRoot()
    standardError = standardDeviation / Double(n).squareRoot()
    let df = Double(n - 1)
    if standardError > 0 {
      tStatistic = d̄ / standardError
      pValue = 2 * gsl_cdf_tdist_Q(abs(tStatistic), df)
    } else {
      tStatistic = d̄ == 0 ? .nan : (d̄ > 0 ? .infinity : -.infinity)
      pValue = d̄ == 0 ? .nan : 0
    }
    let quantile = gsl_cdf_tdist_Pinv(0.975, df)
    tInterval = (d̄ - quantile * standardError, d̄ + quantile * standardError)
    ratio = scenarioMean / baselineMean

    // Bootstrap: resample the n pairs with replacement.
    let stream = RandomStream(seed: seed, stream: StreamID("compare.bootstrap"))
    var resampledDifferences = [Double](repeating: 0, count: resamples)
    var resampledRatios = [Double](repeating: 0, count: resamples)
    for b in 0..<resamples {
      var sumBaseline = 0.0
      var sumScenario = 0.0
      for _ in 0..<n {
        let i = stream.uniformInt(below: n)
        sumBaseline += baseline[i]
        sumScenario += scenario[i]
      }
      resampledDifferences[b] = (sumScenario - sumBaseline) / Double(n)
      resampledRatios[b] = sumScenario / sumBaseline
    }
    bootstrapInterval = Self.percentileInterval(&resampledDifferences)
    ratioInterval = Self.percentileInterval(&resampledRatios)

    if standardDeviation == 0 {
      replicatesNeeded = 2
    } else if d̄ == 0 || !(precision > 0) {
      replicatesNeeded = nil
    } else {
      let halfWidth = precision * abs(d̄)
      var needed = 2
      while needed < 10_000_000 {
        let q = gsl_cdf_tdist_Pinv(0.975, Double(needed - 1))
        if q * standardDeviation / Double(needed).squareRoot() <= halfWidth { break }
        // Jump close to the normal-approximation answer, then step.
        let normal = Int(
          ((1.96 * standardDeviation / halfWidth) * (1.96 * standardDeviation / halfWidth)).rounded(
            .down))
        needed = max(needed + 1, min(normal, 10_000_000))
      }
      replicatesNeeded = needed
    }
  }

  static func mean(_ values: [Double]) -> Double {
    values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
  }

  /// The 2.5th and 97.5th percentiles (type 7), sorting `values` in place (GSL's sort).
  static func percentileInterval(_ values: inout [Double]) -> (low: Double, high: Double) {
    guard values.allSatisfy(\.isFinite) else { return (.nan, .nan) }
    return values.withUnsafeMutableBufferPointer { buffer in
      gsl_sort(buffer.baseAddress, 1, buffer.count)
      return (
        gsl_stats_quantile_from_sorted_data(buffer.baseAddress, 1, buffer.count, 0.025),
        gsl_stats_quantile_from_sorted_data(buffer.baseAddress, 1, buffer.count, 0.975)
      )
    }
  }
}
