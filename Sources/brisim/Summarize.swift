import Analysis
import ArgumentParser
import Engine
import Experiments

/// `brisim summarize RESULTS [--config NEW.yaml]`: recompute summary.csv from the runs on disk.
struct Summarize: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Recompute an experiment's summary.csv from the tables its runs wrote, without rerunning.",
    discussion: """
      Without --config the recorded summary metrics are computed again (the result is \
      byte-identical to a fresh run's summary.csv). With --config, the new config may differ \
      from the recorded one only in summary:, groups: and description:; it is recorded in the \
      experiment's manifest.json (later brisim run/sweep of it resume this folder) and \
      summary.csv is rebuilt for its metrics. Run folders are never touched. A metric needs \
      the table it reads (outputs.tables) in every run.
      """)

  @Argument(help: "The experiment's results folder (results/<name>).")
  var folder: String

  @Option(help: ArgumentHelp("A config with a new summary: section.", valueName: "config.yaml"))
  var config: String?

  @Option(help: "Runs read at a time (default: all cores).")
  var jobs: Int?

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
  }

  func run() throws {
    let report: ExperimentMerge.Report
    do {
      if let config {
        let experiment = try ExperimentConfig.load(path: config)
        try ExperimentResummary.adopt(experiment, folder: folder)
      }
      report = try ExperimentMerge(folder: folder).merge(
        jobs: jobs ?? ParallelExecutor.availableCores)
    } catch let error as ConfigError {
      throw BadInput(error.description)
    } catch let error as OutputError {
      throw BadInput(error.description)
    }
    print(
      "wrote \(folder)/summary.csv and runs.csv: \(report.runs - report.failed.count) complete, \(report.failed.count) failed"
    )
    // The comparison follows the summary; figures are redrawn on request.
    if let table = try? SummaryTable(folder: folder), table.scenarios.count > 1 {
      let (_, written) = try writeComparison(
        folder: folder, baseline: "baseline", precision: 0.1, year: nil)
      print("wrote \(written); brisim figures \(folder) redraws the figures")
    }
    if !report.failed.isEmpty {
      throw FailedRuns(failed: report.failed, total: report.runs, folder: folder)
    }
  }
}
