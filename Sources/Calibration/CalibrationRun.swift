import CorridorModel
import Engine
import Experiments
import Foundation
import Stochastic

/// `brisim calibrate`: fits a config's `calibration:` section and writes, in its folder,
/// `calibration.csv` (every evaluation: parameters, mean moments, objective, in order),
/// `calibrated.yaml` (the best parameters as a config fragment), and `fit.csv` / `fit.md`
/// (each target: observed, simulated mean and 90 % band over `fit_replicates` runs at the best
/// parameters). Each file is written under a temporary name and renamed when complete.
public struct CalibrationRun {
  public let config: ExperimentConfig
  public let folder: String
  public let jobs: Int
  public let threadsPerRun: Int
  /// Progress lines (to stderr).
  public let progress: @Sendable (String) -> Void

  public init(
    config: ExperimentConfig, folder: String, jobs: Int, threadsPerRun: Int,
    progress: @escaping @Sendable (String) -> Void = { _ in }
  ) {
    self.config = config
    self.folder = folder
    self.jobs = jobs
    self.threadsPerRun = threadsPerRun
    self.progress = progress
  }

  /// One row of the fit table.
  public struct FitRow: Sendable {
    public let target: String
    public let fact: String?
    public let observed: Double
    public let mean: Double
    public let low: Double
    public let high: Double
    public let weight: Double
    public var relativeDeviation: Double {
      observed == 0 ? mean : (mean - observed) / abs(observed)
    }
  }

  public struct Report: Sendable {
    public let best: CalibrationEvaluation
    public let evaluations: Int
    public let wallSeconds: Double
    public let fit: [FitRow]
    /// The fit table as Markdown.
    public let markdown: String
  }

  /// The problem a config's `calibration:` section states.
  public static func problem(_ config: ExperimentConfig) throws -> CalibrationProblem {
    guard let calibration = config.calibration else {
      throw ConfigError(
        file: config.file, key: "calibration",
        message: "no 'calibration:' section; name free parameters and targets to calibrate")
    }
    return CalibrationProblem(
      experiment: config,
      parameters: calibration.parameters.map { .init(name: $0.name, low: $0.low, high: $0.high) },
      targets: calibration.targets.map {
        .init(metric: $0.metric, observed: $0.observed, weight: $0.weight, fact: $0.fact)
      }, replicates: config.replicates)
  }

  public func run() throws -> Report {
    let start = DispatchTime.now().uptimeNanoseconds
    let problem = try Self.problem(config)
    let calibration = config.calibration!
    // Every candidate's economy must be valid before anything is written.
    _ = try problem.economy(values: problem.parameters.map { ($0.low + $0.high) / 2 }, replicate: 0)
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw OutputError(path: folder, reason: "cannot create the output folder")
    }
    let names = problem.parameters.map(\.name)
    let momentNames = problem.targets.map(\.metric.name)
    let log = try CSVTableWriter(
      path: "\(folder)/calibration.csv",
      columns: ["evaluation", "phase"] + names + momentNames.map { $0 + "_mean" } + [
        "objective", "failure",
      ])
    let total =
      1 + calibration.designPoints + calibration.starts * calibration.maxEvaluations
    let reporter = progress
    let calibrator = Calibrator(problem: problem, jobs: jobs, threadsPerRun: threadsPerRun) {
      evaluation in
      log.append(evaluation.index)
      log.append(evaluation.phase)
      for value in evaluation.values { log.append(value) }
      for value in evaluation.meanMoments { log.append(value) }
      log.append(evaluation.objective)
      log.append(evaluation.failure ?? "")
      try log.endRow()
      reporter(
        "evaluation \(evaluation.index + 1) (at most \(total)), \(evaluation.phase): objective \(evaluation.objective)"
      )
    }
    let outcome: Calibrator.Outcome
    do {
      outcome = try calibrator.run(
        designPoints: calibration.designPoints, starts: calibration.starts,
        maxEvaluationsPerStart: calibration.maxEvaluations, tolerance: calibration.tolerance,
        incumbent: try problem.currentValues())
      try log.finish()
    } catch {
      log.discard()
      throw error
    }

    // The fit table: more replicates at the best point (the same seeds for the first ones).
    var fitProblem = problem
    fitProblem.replicates = calibration.fitReplicates
    let fitted = try Calibrator(problem: fitProblem, jobs: jobs, threadsPerRun: threadsPerRun)
      .evaluate(outcome.best.values, phase: "fit")
    if let failure = fitted.failure {
      throw CalibrationFailure(
        message: "the fit runs at the best parameters failed: \(failure)")
    }
    let rows = problem.targets.enumerated().map { k, target in
      let band = ReplicateBand(fitted.moments.map { $0[k] })
      return FitRow(
        target: target.metric.name, fact: target.fact, observed: target.observed,
        mean: band.mean, low: band.low, high: band.high, weight: target.weight)
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let markdown = Self.markdown(
      rows: rows, outcome: outcome, names: names, seconds: seconds,
      fitReplicates: calibration.fitReplicates, config: config)
    let fitCSV = try CSVTableWriter(
      path: "\(folder)/fit.csv",
      columns: [
        "target", "fact", "observed", "simulated_mean", "simulated_p05", "simulated_p95",
        "relative_deviation", "weight",
      ])
    for row in rows {
      fitCSV.append(row.target)
      fitCSV.append(row.fact ?? "")
      for value in [row.observed, row.mean, row.low, row.high, row.relativeDeviation, row.weight] {
        fitCSV.append(value)
      }
      try fitCSV.endRow()
    }
    try fitCSV.finish()
    try writeAtomically(Data(markdown.utf8), to: "\(folder)/fit.md")
    var fragment = [
      "# Calibrated by brisim calibrate \(config.file): objective \(outcome.best.objective) after \(outcome.evaluations) evaluations (\(outcome.best.phase)).",
      "parameters:",
    ]
    for (name, value) in zip(names, outcome.best.values) { fragment.append("  \(name): \(value)") }
    try writeAtomically(
      Data((fragment.joined(separator: "\n") + "\n").utf8), to: "\(folder)/calibrated.yaml")
    return Report(
      best: outcome.best, evaluations: outcome.evaluations, wallSeconds: seconds, fit: rows,
      markdown: markdown)
  }

  static func markdown(
    rows: [FitRow], outcome: Calibrator.Outcome, names: [String], seconds: Double,
    fitReplicates: Int, config: ExperimentConfig
  ) -> String {
    let best = outcome.best
    func number(_ value: Double) -> String {
      abs(value) >= 1e9 ? String(format: "%.3g", value) : String(format: "%.4g", value)
    }
    var lines = [
      "# Calibration of \(config.name)", "",
      "\(outcome.evaluations) evaluations in \(String(format: "%.0f", seconds)) s; best objective \(number(best.objective)) (\(best.phase)).",
    ]
    if let incumbent = outcome.incumbent {
      lines.append(
        "The current values (the experiment's, else the model's defaults): objective \(number(incumbent.objective))."
      )
    }
    for search in outcome.searches {
      lines.append(
        "Search from start \(search.start): best objective \(number(search.best.objective)), \(search.converged ? "converged" : "stopped at the evaluation limit")."
      )
    }
    lines += ["", "| parameter | value |", "|---|---|"]
    for (name, value) in zip(names, best.values) {
      lines.append("| `\(name)` | \(number(value)) |")
    }
    lines += [
      "",
      "Fit at the best parameters, \(fitReplicates) replicates (90 % band: 5th–95th percentiles):",
      "", "| target | observed | simulated mean | 90 % band | deviation | weight |",
      "|---|---|---|---|---|---|",
    ]
    for row in rows {
      lines.append(
        "| `\(row.target)`\(row.fact.map { " (\($0))" } ?? "") | \(number(row.observed)) | \(number(row.mean)) | \(number(row.low)) – \(number(row.high)) | \(String(format: "%+.1f %%", 100 * row.relativeDeviation)) | \(number(row.weight)) |"
      )
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

/// A calibration that cannot produce its result (a failed run where one is needed).
public struct CalibrationFailure: Error, CustomStringConvertible {
  public let message: String
  public var description: String { message }
}
