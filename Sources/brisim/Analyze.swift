import Analysis
import ArgumentParser
import Engine
import Experiments
import Foundation

/// `brisim analyze RESULTS`: Sobol' sensitivity indices of a Saltelli sweep.
struct Analyze: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Sensitivity of every summary metric: Sobol' indices (S1, ST, S2) of a saltelli sweep, or Morris μ*, μ, σ of a morris sweep, with bootstrap 95 % intervals.",
    discussion: """
      Streams RESULTS/summary.csv, averages each point's replicates, and writes \
      RESULTS/analysis.csv (tidy: metric, year, parameter(s), index S1/ST/S2 or \
      mu_star/mu/sigma or noise_share, estimate, ci_low, ci_high), analysis.md and \
      analysis-convergence.csv (the indices on the design's first 8, 16, … base samples or 4, \
      8, … trajectories). A yearly series (summary years:) is analysed year by year. The noise \
      share says how much of the runs' variance lies between seeds at one point. brisim \
      figures RESULTS then draws the indices, their path over the years and their convergence.
      """)

  @Argument(help: "The sweep's results folder (results/<name>).")
  var folder: String

  @Option(
    help:
      "Analyse only this summary metric or yearly series (repeatable; default: every metric).")
  var metric: [String] = []

  @Option(help: "The scenario to analyse, when the sweep has more than one.")
  var scenario: String?

  @Option(
    help:
      "sobol or morris: must match the sweep's design (saltelli or morris); default: the design's.")
  var method: String?

  @Option(help: "Bootstrap resamples for the intervals.")
  var bootstrap = 1_000

  func validate() throws {
    if let method, !["sobol", "morris"].contains(method) {
      throw ValidationError("--method: expected sobol or morris, got '\(method)'")
    }
    guard bootstrap >= 10 else {
      throw ValidationError("--bootstrap: expected at least 10 resamples, got \(bootstrap)")
    }
  }

  func run() throws {
    do {
      let analysis = try SensitivityAnalysis(
        folder: folder, metrics: metric.isEmpty ? nil : metric, scenario: scenario,
        resamples: bootstrap)
      if let method, (method == "morris") != analysis.isMorris {
        throw BadInput(
          "--method \(method): \(folder) is a \(analysis.isMorris ? "morris" : "saltelli") design; it gives \(analysis.isMorris ? "morris" : "sobol") measures"
        )
      }
      try analysis.writeCSV(to: "\(folder)/analysis.csv")
      try analysis.writeConvergenceCSV(to: "\(folder)/analysis-convergence.csv")
      try writeAtomically(Data(analysis.markdown().utf8), to: "\(folder)/analysis.md")
      print(
        "wrote analysis.csv, analysis-convergence.csv and analysis.md in \(folder): \(analysis.results.count) metric(s) and year(s), \(analysis.parameters.count) parameter(s)"
      )
      if !metric.isEmpty {
        print(
          "they hold only \(metric.joined(separator: ", ")); brisim analyze \(folder) without --metric analyses every metric"
        )
      }
    } catch let error as AnalysisInputError {
      throw BadInput(error.description)
    } catch let error as OutputError {
      throw BadInput(error.description)
    }
  }
}
