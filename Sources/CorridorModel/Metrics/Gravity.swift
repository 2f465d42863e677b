import DenseMatrix
import RealModule

/// The gravity equation estimated on simulated flows.
public enum GravityRegression {
  /// The fitted equation: distance elasticity and fit.
  public struct Estimate: Sendable {
    /// β in log(flow) = α_o + γ_d + β·log(distance) + ε.
    public let distanceElasticity: Double
    /// Country pairs with a positive flow (the observations).
    public let observations: Int
    /// R² of the fit.
    public let rSquared: Double
  }

  /// Regresses log flows on log distance with origin and destination fixed effects (least
  /// squares through LAPACK's DGELSD, which handles the collinearity of the two sets of
  /// dummies), over country pairs o ≠ d with a positive flow.
  ///
  /// - Parameters:
  ///   - flows: flow value of each (origin, destination), row-major n × n.
  ///   - distancesKm: distance of each pair, row-major n × n.
  ///   - countryCount: n.
  /// - Returns: nil when there are too few observations to identify the elasticity.
  public static func estimate(flows: [Double], distancesKm: [Double], countryCount n: Int)
    -> Estimate?
  {
    var rows: [[Double]] = []
    var outcome: [Double] = []
    for o in 0..<n {
      for d in 0..<n where d != o && flows[o * n + d] > 0 {
        var row = [Double](repeating: 0, count: 1 + 2 * n)
        row[0] = Double.log(distancesKm[o * n + d])
        row[1 + o] = 1
        row[1 + n + d] = 1
        rows.append(row)
        outcome.append(Double.log(flows[o * n + d]))
      }
    }
    guard rows.count > 2 * n + 1 else { return nil }
    let design = Matrix(rows)
    guard let solution = try? LeastSquares.solve(design, outcome) else { return nil }
    let mean = outcome.reduce(0, +) / Double(outcome.count)
    let total = outcome.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return Estimate(
      distanceElasticity: solution.coefficients[0], observations: rows.count,
      rSquared: total > 0 ? 1 - solution.residualSumOfSquares / total : 0)
  }

  /// Flows by (origin, destination) summed over the given channels and all sectors, from a
  /// flow array indexed like ``StepMetrics/flowValueCNY``.
  public static func pairFlows(_ flowValues: [Double], countryCount n: Int, channels: [Channel])
    -> [Double]
  {
    var pairs = [Double](repeating: 0, count: n * n)
    let sectors = Sector.allCases.count
    for o in 0..<n {
      for d in 0..<n {
        for channel in channels {
          for s in 0..<sectors {
            pairs[o * n + d] +=
              flowValues[((o * n + d) * Channel.allCases.count + channel.rawValue) * sectors + s]
          }
        }
      }
    }
    return pairs
  }
}
