import ArgumentParser
import Engine
import Experiments

/// `brisim merge FOLDER`: check an experiment's runs and build runs.csv and summary.csv.
struct Merge: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Check that every run of an experiment is done and build runs.csv and summary.csv.",
    discussion: """
      Runs recorded as failed get status 'failed' and their message in runs.csv and an empty \
      row in summary.csv; merge then says how many failed and which, and exits with status 1.
      """)

  @Argument(help: "The experiment's results folder (results/<name>).")
  var folder: String

  func run() throws {
    let report: ExperimentMerge.Report
    do {
      report = try ExperimentMerge(folder: folder).merge(jobs: ParallelExecutor.availableCores)
    } catch let error as ConfigError {
      throw BadInput(error.description)
    }
    print(
      "wrote \(folder)/runs.csv and summary.csv: \(report.runs - report.failed.count) complete, \(report.failed.count) failed"
    )
    if !report.failed.isEmpty {
      throw FailedRuns(failed: report.failed, total: report.runs, folder: folder)
    }
  }
}
