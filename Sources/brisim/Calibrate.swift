import ArgumentParser
import Calibration
import Engine
import Experiments
import Foundation

/// `brisim calibrate CONFIG`: method of simulated moments for a config's `calibration:` section.
struct Calibrate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Fit free parameters to observed moments (method of simulated moments).",
    discussion: """
      The config's calibration: section names free parameters with bounds and target moments \
      (a world.csv column's sum, mean or last value in a year, with an observed value or an \
      observed fact's id, and a weight). The objective is Σ weight · ((simulated − observed) / \
      observed)², simulated moments averaged over the config's replicates with the same seeds \
      at every candidate (common random numbers). A Sobol design over the bounds is evaluated \
      first; GSL's Nelder–Mead simplex then starts from the best points. Writes calibration.csv \
      (every evaluation), calibrated.yaml (the best parameters as a config fragment), fit.csv \
      and fit.md (observed against simulated mean and 90 % band at the best parameters).
      """)

  @Argument(help: "An experiment config with a calibration: section.")
  var config: String

  @Option(help: "Output folder (default: results/<name>).")
  var out: String?

  @Option(help: "Runs at a time (default: all cores).")
  var jobs: Int?

  @Option(help: "Threads per run (default: cores / jobs). Never changes results.")
  var threads: Int?

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    if let threads, threads < 1 {
      throw ValidationError("--threads must be at least 1, got \(threads)")
    }
    if let out, out.isEmpty { throw ValidationError("--out must name a folder") }
  }

  func run() throws {
    let experiment = try loadExperiment(config)
    let cores = ParallelExecutor.availableCores
    let jobCount = jobs ?? cores
    let folder = out ?? "results/\(experiment.name)"
    let isTerminal = isatty(2) != 0
    let calibration = CalibrationRun(
      config: experiment, folder: folder, jobs: jobCount,
      threadsPerRun: threads ?? max(1, cores / jobCount)
    ) { line in
      FileHandle.standardError.write(Data((isTerminal ? "\r\u{1B}[K" + line : line + "\n").utf8))
    }
    let report: CalibrationRun.Report
    do {
      report = try calibration.run()
    } catch let error as ConfigError {
      throw BadInput(error.description)
    } catch let error as OutputError {
      throw BadInput("\(error)")
    }
    if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    print(report.markdown, terminator: "")
    print("wrote \(folder)/calibration.csv, calibrated.yaml, fit.csv, fit.md")
    print("evaluations: \(report.evaluations)")
    print("wall_seconds: \(report.wallSeconds)")
  }
}
