@preconcurrency import CGSL
import Stochastic

/// Goodness-of-fit statistics used by the distribution tests.
enum GoodnessOfFit {
  /// Sample mean and unbiased variance.
  static func moments(_ values: [Double]) -> (mean: Double, variance: Double) {
    let mean = values.reduce(0, +) / Double(values.count)
    let sumOfSquares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (mean, sumOfSquares / Double(values.count - 1))
  }

  /// The Kolmogorov–Smirnov statistic D = sup |Fₙ(x) − F(x)| of a sample against a CDF.
  static func kolmogorovSmirnov(_ values: [Double], cdf: (Double) -> Double) -> Double {
    let sorted = values.sorted()
    let n = Double(sorted.count)
    var largest = 0.0
    for (index, value) in sorted.enumerated() {
      let f = cdf(value)
      largest = max(largest, abs(f - Double(index) / n), abs(Double(index + 1) / n - f))
    }
    return largest
  }

  /// √n·D above which a sample is rejected at level α ≈ 0.001 (asymptotic Kolmogorov
  /// distribution: P(√n·D > 1.949) ≈ 0.001).
  static let kolmogorovCritical0001 = 1.949

  /// Pearson's χ² of observed counts against expected probabilities, after merging adjacent
  /// cells until each expects at least 5. Returns the statistic and the degrees of freedom.
  static func chiSquare(observed: [Int], probabilities: [Double]) -> (
    statistic: Double, degreesOfFreedom: Int
  ) {
    precondition(observed.count == probabilities.count)
    let total = Double(observed.reduce(0, +))
    var cells: [(observed: Double, expected: Double)] = []
    var pending = (observed: 0.0, expected: 0.0)
    for (count, probability) in zip(observed, probabilities) {
      pending.observed += Double(count)
      pending.expected += probability * total
      if pending.expected >= 5 {
        cells.append(pending)
        pending = (0, 0)
      }
    }
    if pending.expected > 0 || pending.observed > 0 {
      if cells.isEmpty {
        cells.append(pending)
      } else {
        cells[cells.count - 1].observed += pending.observed
        cells[cells.count - 1].expected += pending.expected
      }
    }
    let statistic = cells.reduce(0) {
      $0 + ($1.observed - $1.expected) * ($1.observed - $1.expected) / $1.expected
    }
    return (statistic, cells.count - 1)
  }

  /// The χ² critical value at upper-tail probability α (GSL's inverse CDF).
  static func chiSquareCritical(degreesOfFreedom: Int, alpha: Double = 0.001) -> Double {
    gsl_cdf_chisq_Qinv(alpha, Double(degreesOfFreedom))
  }
}
