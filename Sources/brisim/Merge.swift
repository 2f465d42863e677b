import ArgumentParser
import Experiments

/// `brisim merge FOLDER`: check an experiment's runs and build runs.csv and summary.csv.
struct Merge: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Check that every run of an experiment is complete and build runs.csv and summary.csv.")

  @Argument(help: "The experiment's results folder (results/<name>).")
  var folder: String

  func run() throws {
    do {
      try ExperimentMerge(folder: folder).merge()
    } catch let error as ConfigError {
      throw BadInput(error.description)
    }
    print("wrote \(folder)/runs.csv and summary.csv")
  }
}
