import ArgumentParser
import Cluster
import Experiments
import Figures

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

  @Option(
    help:
      "The number of shards the sweep was split into (--shard K/N) (default: brisim slurm's tasks, else 1)."
  )
  var shards: Int?

  func validate() throws {
    if let shards, shards < 1 {
      throw ValidationError("--shards: expected a positive number of shards, got \(shards)")
    }
  }

  func run() throws {
    let job = SlurmJob.recorded(resultsFolder: absolutePath(folder))
    let status: ExperimentStatus
    do {
      status = try ExperimentStatus(folder: folder, shardCount: shards ?? job?.tasks ?? 1)
    } catch let error as ConfigError {
      throw BadInput(error.description)
    }
    if let job, status.shards.count == job.tasks {
      print(status.report(commands: slurmCommands(status, job: job)))
    } else {
      print(status.report)
    }
    if status.complete < status.planned { throw ExitCode(1) }
  }

  /// For a sweep `brisim slurm` wrote: while tasks of its last array are queued or running,
  /// that (and nothing to resubmit); else the call that resubmits the unfinished tasks and a
  /// merge after them, and the same in plain sbatch; or the merge alone.
  func slurmCommands(_ status: ExperimentStatus, job: SlurmJob) -> [String] {
    let queue = SlurmQueue { findExecutable($0) }
    if let arrayJob = job.arrayJob {
      let active = queue.activeTasks(ofArrayJob: arrayJob)
      if !active.isEmpty {
        let states = Set(active.values).sorted().map { $0.lowercased() }.joined(separator: " or ")
        var lines = [
          "wait: array job \(arrayJob) has \(plural(active.count, "task")) \(SlurmJob.arraySpecification(Array(active.keys))) \(states) (squeue -j \(arrayJob))"
        ]
        if let merge = job.mergeJob, queue.state(ofJob: merge) != nil {
          lines.append(
            queue.waitsForever(merge)
              ? "merge job \(merge) can no longer run (a task it waits for failed or was cancelled): once the array has left the queue, brisim status says what to resubmit"
              : "then merge job \(merge) merges (it waits for the array)")
        }
        return lines
      }
    }
    if !status.merged, let merge = job.mergeJob, let state = queue.state(ofJob: merge),
      !queue.waitsForever(merge), status.missing == 0
    {
      return ["wait: merge job \(merge) is \(state.state.lowercased()) (squeue -j \(merge))"]
    }
    let tasks = SlurmJob.unfinishedTasks(status, retryFailed: true)
    if tasks.isEmpty {
      return status.merged ? [] : ["sbatch \(job.mergeScriptPath)   (or: brisim merge \(folder))"]
    }
    let retry = status.failed > 0 ? " --retry-failed" : ""
    let array = SlurmJob.arraySpecification(tasks)
    // The plain-sbatch way must also cancel a merge job still waiting on the old array.
    let cancel =
      job.mergeJob.flatMap { queue.state(ofJob: $0) != nil ? "scancel \($0); " : nil } ?? ""
    return [
      "brisim slurm \(job.configPath) --out \(job.resultsFolder)\(retry) --submit   (submits \(tasks.count == 1 ? "task" : "tasks") \(array) and a merge after)",
      "or: \(cancel)jid=$(sbatch --parsable --array=\(array) \(job.arrayScriptPath)) && sbatch --dependency=afterok:${jid%;*} \(job.mergeScriptPath)",
    ]
  }
}
