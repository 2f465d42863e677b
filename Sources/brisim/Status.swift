import ArgumentParser
import Experiments

/// `brisim status RESULTS`: planned, complete, failed and missing runs, per shard, and the
/// commands that finish the experiment.
struct Status: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Planned, complete, failed and missing runs of an experiment, per shard, and the commands that finish it.",
    discussion: """
      Reads RESULTS/plan.csv and the run folders (a run is complete once its manifest is \
      written; failed when its failure.json is). With --shards N, runs are grouped as \
      --shard K/N runs them (run i in shard i mod N + 1) and each shard with missing or \
      failed runs gets the command that reruns it: its complete runs are skipped. Exit \
      status 0 when every run is complete, 1 otherwise.
      """)

  @Argument(help: "The experiment's results folder (results/<name>).")
  var folder: String

  @Option(help: "The number of shards the sweep was split into (--shard K/N).")
  var shards = 1

  func validate() throws {
    guard shards >= 1 else {
      throw ValidationError("--shards: expected a positive number of shards, got \(shards)")
    }
  }

  func run() throws {
    let status: ExperimentStatus
    do {
      status = try ExperimentStatus(folder: folder, shardCount: shards)
    } catch let error as ConfigError {
      throw BadInput(error.description)
    }
    print(status.report)
    if status.complete < status.planned { throw ExitCode(1) }
  }
}
