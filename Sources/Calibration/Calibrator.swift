import CorridorModel
import Experiments
import Foundation
import Stochastic

/// A method-of-simulated-moments problem: free parameters with bounds, target moments with
/// observed values and weights, and the experiment whose runs simulate them.
public struct CalibrationProblem: Sendable {
  /// A parameter (a model parameter's documented name, or `policies.<id>.value`) free within
  /// [low, high].
  public struct FreeParameter: Sendable, Equatable {
    public var name: String
    public var low: Double
    public var high: Double
    public init(name: String, low: Double, high: Double) {
      precondition(low < high, "\(name): empty range")
      self.name = name
      self.low = low
      self.high = high
    }
  }

  /// A moment of the simulated world series and the value observed for it.
  public struct Target: Sendable {
    public var metric: SummaryMetric
    public var observed: Double
    public var weight: Double
    /// The observed fact it stands for, if it was named by one (`cbec_volume_2017`).
    public var fact: String?
    public init(metric: SummaryMetric, observed: Double, weight: Double = 1, fact: String? = nil) {
      self.metric = metric
      self.observed = observed
      self.weight = weight
      self.fact = fact
    }
  }

  /// The experiment: calendar, scale, parameters and policies every candidate starts from (its
  /// first scenario), and the master seed of the replicates.
  public var experiment: ExperimentConfig
  public var parameters: [FreeParameter]
  public var targets: [Target]
  /// Replicates per candidate; replicate r runs with the same seed at every candidate (common
  /// random numbers), so the objective changes only through the parameters.
  public var replicates: Int

  public init(
    experiment: ExperimentConfig, parameters: [FreeParameter], targets: [Target], replicates: Int
  ) {
    precondition(!parameters.isEmpty && !targets.isEmpty && replicates >= 1)
    self.experiment = experiment
    self.parameters = parameters
    self.targets = targets
    self.replicates = replicates
  }

  /// The seed of replicate `r`, the same for every candidate.
  public func seed(replicate r: Int) -> UInt64 {
    SeedDerivation.derive(experiment.seed, 0, UInt64(r))
  }

  /// The experiment's own values of the free parameters (its `parameters`, else the model's
  /// defaults, which carry the last calibration): the incumbent a recalibration starts from.
  /// Nil if a free parameter is a policy value or its current value lies outside the bounds.
  public func currentValues() throws -> [Double]? {
    let run = RunSpec(
      index: 0, id: "current", point: 0, scenario: experiment.scenarios[0].name, replicate: 0,
      seed: seed(replicate: 0), values: [])
    let current = try experiment.economyConfiguration(for: run, dimensionNames: []).parameters
    var values: [Double] = []
    for parameter in parameters {
      guard let spec = ParameterCatalog.spec(named: parameter.name) else { return nil }
      let value = spec.value(in: current)
      guard value >= parameter.low && value <= parameter.high else { return nil }
      values.append(value)
    }
    return values
  }

  /// The economy of candidate `values` (one per free parameter), replicate `r`.
  public func economy(values: [Double], replicate r: Int) throws -> EconomyConfiguration {
    let scenario = experiment.scenarios[0].name
    let run = RunSpec(
      index: 0, id: "candidate", point: 0, scenario: scenario, replicate: r,
      seed: seed(replicate: r), values: values)
    return try experiment.economyConfiguration(
      for: run, dimensionNames: parameters.map(\.name))
  }

  /// The weighted distance between simulated and observed moments:
  /// J = Σₖ wₖ · ((m̄ₖ − oₖ) / |oₖ|)², with m̄ₖ the mean over replicates — relative deviations,
  /// so that moments in trillions of CNY and shares weigh alike. (A target observed as 0 uses
  /// the absolute deviation.) Non-finite moments give +∞.
  public func objective(meanMoments: [Double]) -> Double {
    var total = 0.0
    for (target, moment) in zip(targets, meanMoments) {
      guard moment.isFinite else { return .infinity }
      let scale = target.observed == 0 ? 1 : abs(target.observed)
      let deviation = (moment - target.observed) / scale
      total += target.weight * deviation * deviation
    }
    return total
  }
}

/// One evaluation of the objective: a candidate, its moments per replicate, and J.
public struct CalibrationEvaluation: Sendable {
  /// Position in the calibration's log (0-based).
  public let index: Int
  /// `design` (the Sobol design) or `start N` (the Nelder–Mead search from start N).
  public let phase: String
  public let values: [Double]
  /// `moments[r][k]`: target k in replicate r.
  public let moments: [[Double]]
  public let objective: Double
  /// Why the candidate's runs failed (the objective is then +∞), if they did.
  public let failure: String?

  public var meanMoments: [Double] { Self.mean(of: moments) }

  /// The mean over replicates of each moment.
  static func mean(of moments: [[Double]]) -> [Double] {
    guard let first = moments.first else { return [] }
    return first.indices.map { k in moments.map { $0[k] }.reduce(0, +) / Double(moments.count) }
  }
}

/// Fits a ``CalibrationProblem``: evaluates a Sobol design over the bounds, then runs
/// Nelder–Mead from the best `starts` design points (in a logistic transform of the bounded
/// box, so every candidate stays inside it), and reports the best candidate found.
///
/// Runs go to `jobs` workers at a time, `threadsPerRun` threads each: in the design phase the
/// (point, replicate) runs of all points share the workers; in a search, the replicates of each
/// candidate do. Results never depend on either count.
public final class Calibrator: @unchecked Sendable {
  public let problem: CalibrationProblem
  public let jobs: Int
  public let threadsPerRun: Int
  /// Called with every evaluation, in order (for calibration.csv).
  private let record: (CalibrationEvaluation) throws -> Void
  private var evaluations = 0

  public init(
    problem: CalibrationProblem, jobs: Int, threadsPerRun: Int,
    record: @escaping (CalibrationEvaluation) throws -> Void = { _ in }
  ) {
    self.problem = problem
    self.jobs = max(1, jobs)
    self.threadsPerRun = max(1, threadsPerRun)
    self.record = record
  }

  /// The outcome of a calibration.
  public struct Outcome: Sendable {
    public let best: CalibrationEvaluation
    public let evaluations: Int
    /// Each search's end: start index, its result, whether the simplex converged.
    public let searches: [(start: Int, best: CalibrationEvaluation, converged: Bool)]
    /// The incumbent's evaluation, if one was given.
    public let incumbent: CalibrationEvaluation?
  }

  /// The incumbent (if given), design points, then searches from the best `starts` of them,
  /// each at most `maxEvaluationsPerStart` evaluations (or until the simplex, in transformed
  /// coordinates, is smaller than `tolerance`).
  ///
  /// The incumbent — the current calibration, ``CalibrationProblem/currentValues()`` — is
  /// evaluated first and ranked with the design points: after a change to the model a
  /// recalibration refines the values that fitted before, where a short search from a sparse
  /// design in many dimensions may find only a worse basin, and never ends worse than them.
  public func run(
    designPoints: Int, starts: Int, maxEvaluationsPerStart: Int, tolerance: Double = 1e-3,
    incumbent: [Double]? = nil
  ) throws -> Outcome {
    let parameters = problem.parameters
    let sobol = QuasiRandomSequence(kind: .sobol, dimension: max(parameters.count, 1))
    let design = sobol.points(designPoints).map { unit in
      zip(unit, parameters).map { $1.low + $0 * ($1.high - $1.low) }
    }
    let current = try incumbent.map { try evaluateAll([$0], phase: "current") } ?? []
    let designed = try current + evaluateAll(design, phase: "design")
    var best = designed.min { $0.objective < $1.objective }!
    let ranked = designed.filter { $0.objective.isFinite }.sorted {
      $0.objective < $1.objective || ($0.objective == $1.objective && $0.index < $1.index)
    }
    var searches: [(start: Int, best: CalibrationEvaluation, converged: Bool)] = []
    for (number, start) in ranked.prefix(starts).enumerated() {
      var searchBest = start
      var budget = maxEvaluationsPerStart
      var thrown: Error?
      let result = NelderMead(sizeTolerance: tolerance, maxIterations: maxEvaluationsPerStart)
        .minimize(
          { u in
            guard budget > 0, thrown == nil else { return .infinity }
            budget -= 1
            do {
              let evaluation = try self.evaluate(
                self.bounded(u), phase: "start \(number + 1)")
              if evaluation.objective < searchBest.objective { searchBest = evaluation }
              return evaluation.objective
            } catch {
              thrown = error
              return .infinity
            }
          }, from: unbounded(start.values), steps: [Double](repeating: 0.5, count: parameters.count)
        )
      if let thrown { throw thrown }
      searches.append((number + 1, searchBest, result.converged))
      if searchBest.objective < best.objective { best = searchBest }
    }
    return Outcome(
      best: best, evaluations: evaluations, searches: searches, incumbent: current.first)
  }

  /// θ from unconstrained u: low + (high − low) / (1 + e^−u).
  func bounded(_ u: [Double]) -> [Double] {
    zip(u, problem.parameters).map { $1.low + ($1.high - $1.low) / (1 + exp(-$0)) }
  }

  /// u from θ (the inverse logistic, kept a hair inside the bounds).
  func unbounded(_ values: [Double]) -> [Double] {
    zip(values, problem.parameters).map { value, parameter in
      let p = min(max((value - parameter.low) / (parameter.high - parameter.low), 1e-6), 1 - 1e-6)
      return log(p / (1 - p))
    }
  }

  /// One candidate: its replicates run concurrently.
  public func evaluate(_ values: [Double], phase: String) throws -> CalibrationEvaluation {
    try evaluateAll([values], phase: phase)[0]
  }

  /// Candidates whose (candidate, replicate) runs share the workers; logged in order.
  func evaluateAll(_ candidates: [[Double]], phase: String) throws -> [CalibrationEvaluation] {
    let replicates = problem.replicates
    let metrics = problem.targets.map(\.metric)
    let runs = candidates.count * replicates
    let problem = self.problem
    let threads = threadsPerRun
    let results = concurrentResults(count: runs, workers: jobs) { index in
      let configuration = try problem.economy(
        values: candidates[index / replicates], replicate: index % replicates)
      return try MomentRun.moments(
        of: configuration, metrics: metrics, threads: threads,
        runID: "\(phase) candidate \(index / replicates + 1) replicate \(index % replicates + 1)")
    }
    var evaluations: [CalibrationEvaluation] = []
    for (c, candidate) in candidates.enumerated() {
      var moments: [[Double]] = []
      var failure: String?
      for r in 0..<replicates {
        switch results[c * replicates + r] {
        case .success(let values): moments.append(values)
        case .failure(let error):
          if error is ConfigError { throw error }
          failure = failure ?? "\(error)"
          moments.append([Double](repeating: .nan, count: metrics.count))
        }
      }
      let mean = CalibrationEvaluation.mean(of: moments)
      let evaluation = CalibrationEvaluation(
        index: evaluations.count + self.evaluations, phase: phase, values: candidate,
        moments: moments,
        objective: failure == nil ? problem.objective(meanMoments: mean) : .infinity,
        failure: failure)
      evaluations.append(evaluation)
    }
    self.evaluations += evaluations.count
    for evaluation in evaluations { try record(evaluation) }
    return evaluations
  }
}
