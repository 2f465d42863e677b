import Stochastic

/// Morris (1991) elementary-effects screening with Campolongo et al.'s (2007) μ*: from r
/// trajectories of D + 1 points in which consecutive points differ in one parameter, each
/// step gives that parameter's elementary effect EE = Δy / Δu, with Δu the step as a share of
/// the parameter's range (±Δ). Per parameter: μ = mean EE, μ* = mean |EE| (its importance),
/// σ = sd(EE), divisor r − 1 (nonlinearity and interactions), and a bootstrap interval for μ*
/// as SALib's: the r effects resampled `resamples` times, μ* ± z₀.₉₇₅·sd of the resampled μ*.
public struct MorrisIndices: Sendable {
  public struct Parameter: Sendable, Equatable {
    public let mu: Double
    public let muStar: Double
    public let sigma: Double
    /// z₀.₉₇₅ times the bootstrap standard deviation of μ*.
    public let muStarHalfWidth: Double
    public let effects: Int
  }

  public let parameters: [Parameter]
  public let trajectories: Int

  /// Indices from outputs `y` and swept values `x` (one row per point, in trajectory order)
  /// over dimensions with `ranges` (max − min).
  /// - Throws: ``AnalysisInputError`` when two consecutive points of a trajectory do not
  ///   differ in exactly one parameter.
  public init(
    outputs y: [Double], values x: [[Double]], ranges: [Double], resamples: Int = 1_000,
    seed: UInt64 = 2_026, source: String = "summary.csv"
  ) throws {
    let d = ranges.count
    let r = y.count / (d + 1)
    trajectories = r
    var effects = [[Double]](repeating: [], count: d)
    for t in 0..<r {
      for k in 0..<d {
        let from = t * (d + 1) + k
        let moved = (0..<d).filter { x[from + 1][$0] != x[from][$0] }
        guard moved.count == 1, let j = moved.first else {
          throw AnalysisInputError(
            file: source,
            "points \(from) and \(from + 1) of trajectory \(t) differ in \(moved.count) parameters; a Morris trajectory moves one at a time"
          )
        }
        let step = (x[from + 1][j] - x[from][j]) / ranges[j]
        effects[j].append((y[from + 1] - y[from]) / step)
      }
    }
    let stream = RandomStream(seed: seed, stream: StreamID("analyze.morris-bootstrap"))
    parameters = effects.map { ee in
      let n = Double(ee.count)
      let mu = ee.reduce(0, +) / n
      let muStar = ee.reduce(0) { $0 + abs($1) } / n
      let sigma = (ee.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / max(n - 1, 1)).squareRoot()
      var draws: [Double] = []
      draws.reserveCapacity(resamples)
      for _ in 0..<resamples {
        var sum = 0.0
        for _ in 0..<ee.count { sum += abs(ee[stream.uniformInt(below: ee.count)]) }
        draws.append(sum / n)
      }
      return Parameter(
        mu: mu, muStar: muStar, sigma: sigma,
        muStarHalfWidth: SobolIndices.bootstrapHalfWidth(draws), effects: ee.count)
    }
  }
}
