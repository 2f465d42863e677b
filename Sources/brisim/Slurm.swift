import ArgumentParser
import Cluster
import Engine
import Experiments
import Figures
import Foundation

/// `brisim slurm CONFIG`: a sweep as a Slurm job array plus a merge job, optionally submitted.
struct Slurm: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write (and with --submit, submit) a sweep as a Slurm job array and a merge job.",
    discussion: """
      Writes RESULTS/slurm/sweep.sbatch (a job array: task K of N runs brisim sweep CONFIG \
      --shard K/N with the task's CPUs as concurrent runs), RESULTS/slurm/merge.sbatch (brisim \
      merge, submitted with --dependency=afterok on the array) and RESULTS/slurm/job.json, \
      after writing plan.csv and the manifest so that the tasks do not race to. Paths in the \
      scripts are absolute, so brisim, the config and the results folder must be on a file \
      system the compute nodes share, and the nodes need the libraries brisim links (the \
      Swift runtime, GSL, OpenBLAS, Open MPI if built with it): load them with --setup. The \
      scripts are written again on every call; options not given are taken from an earlier \
      call's job.json (--reset-options forgets them).

      --submit submits the tasks that still have missing runs (all of them the first time) \
      and a merge after them, and prints the job ids. After a task failed or was cancelled, \
      brisim status RESULTS names the tasks, and the same brisim slurm CONFIG --submit \
      resubmits just those; their complete runs are skipped. While tasks of the last array \
      are still queued or running it submits nothing and says so.
      """)

  @Argument(help: "The experiment config (YAML) with a sweep section.")
  var config: String

  @Option(help: "Results folder (default: results/<name>).")
  var out: String?

  @Option(help: "Array tasks (shards) (default: an earlier call's, else min(runs, 16)).")
  var tasks: Int?

  @Option(help: "CPUs per task: runs each task carries out at once (default: earlier, else 1).")
  var cpusPerTask: Int?

  @Option(
    help:
      "Time limit per task and for the merge, as sbatch --time takes it (e.g. 02:00:00, 1-12:00:00); without it the partition's default limit applies."
  )
  var time: String?

  @Option(help: "Slurm partition (sbatch --partition).")
  var partition: String?

  @Option(help: "Slurm account to charge (sbatch --account).")
  var account: String?

  @Option(
    name: .customLong("sbatch-option"),
    help: ArgumentHelp(
      "A further #SBATCH option for both jobs, as sbatch takes it (repeatable): --sbatch-option=--mem=8G.",
      valueName: "option"))
  var sbatchOptions: [String] = []

  @Option(
    name: .customLong("setup"),
    help: ArgumentHelp(
      "A shell line both jobs run before brisim (repeatable), e.g. 'module load gsl openblas'.",
      valueName: "line"))
  var setupLines: [String] = []

  @Flag(help: "Forget the options earlier calls recorded in RESULTS/slurm/job.json.")
  var resetOptions = false

  @Flag(help: "The merge job also draws the figures (needs gnuplot on the compute node).")
  var figures = false

  @Flag(help: "The tasks also rerun runs recorded as failed.")
  var retryFailed = false

  @Flag(help: "Submit with sbatch and print the job ids (otherwise only write the scripts).")
  var submit = false

  func validate() throws {
    if let tasks, tasks < 1 { throw ValidationError("--tasks must be at least 1, got \(tasks)") }
    if let cpusPerTask, cpusPerTask < 1 {
      throw ValidationError("--cpus-per-task must be at least 1, got \(cpusPerTask)")
    }
    if let time, time.isEmpty || !time.allSatisfy({ $0.isNumber || $0 == ":" || $0 == "-" }) {
      throw ValidationError(
        "--time expects sbatch's form (minutes, HH:MM:SS or D-HH:MM:SS), got '\(time)'")
    }
    for (name, value) in [("--partition", partition), ("--account", account)] {
      if let value,
        value.isEmpty
          || !value.allSatisfy({ $0.isLetter || $0.isNumber || "_.,-".contains($0) })
      {
        throw ValidationError(
          "\(name) expects a Slurm name (letters, digits, _ . , -), got '\(value)'")
      }
    }
    for option in sbatchOptions where !option.hasPrefix("--") || option.contains("\n") {
      throw ValidationError(
        "--sbatch-option expects one sbatch option starting with -- (e.g. --sbatch-option=--mem=8G), got '\(option)'"
      )
    }
    for line in setupLines where line.contains("\n") || line.isEmpty {
      throw ValidationError("--setup expects one non-empty shell line, got '\(line)'")
    }
  }

  func run() throws {
    let experiment = try loadExperiment(config)
    guard experiment.sweep != nil else {
      throw BadInput("\(config): no 'sweep:' section; brisim slurm runs sweeps")
    }
    let results = absolutePath(out ?? "results/\(experiment.name)")
    let recorded = SlurmJob.recorded(resultsFolder: results)
    let earlier = resetOptions ? nil : recorded
    let runner = try makeRunner(experiment, out: results, shard: nil, jobs: 1, threads: 1)
    let plan: RunPlan
    do { plan = try runner.prepare() } catch let error as ConfigError {
      throw BadInput(error.description)
    } catch let error as OutputError {
      throw BadInput(error.description)
    }
    let runs = plan.runs.count
    let taskCount = tasks ?? earlier?.tasks ?? min(runs, 16)
    if taskCount > runs {
      FileHandle.standardError.write(
        Data(
          "brisim: note: --tasks \(taskCount) is more than the \(runs) runs; using \(runs)\n".utf8))
    }
    var job = SlurmJob(
      experimentName: experiment.name, brisimPath: executablePath(),
      configPath: absolutePath(config), resultsFolder: results,
      workingDirectory: FileManager.default.currentDirectoryPath,
      tasks: min(taskCount, runs), cpusPerTask: cpusPerTask ?? earlier?.cpusPerTask ?? 1,
      timeLimit: time ?? earlier?.timeLimit, partition: partition ?? earlier?.partition,
      account: account ?? earlier?.account, figures: figures || (earlier?.figures ?? false))
    job.sbatchOptions = sbatchOptions.isEmpty ? earlier?.sbatchOptions : sbatchOptions
    job.setupLines = setupLines.isEmpty ? earlier?.setupLines : setupLines
    job.arrayJob = recorded?.arrayJob
    job.mergeJob = recorded?.mergeJob
    if resetOptions, let recorded { noteForgotten(from: recorded, now: job) }
    let queue = SlurmQueue { findExecutable($0) }
    if submit {
      guard queue.isAvailable && findExecutable("sbatch") != nil else {
        throw BadInput(
          "--submit: sbatch and squeue not found on PATH; run on a Slurm login node, or without --submit and submit \(job.folder)/*.sbatch yourself"
        )
      }
      // Nothing is written or submitted while the last array is still at work.
      if let arrayJob = job.arrayJob {
        let active = queue.activeTasks(ofArrayJob: arrayJob)
        if !active.isEmpty {
          throw BadInput(
            "array job \(arrayJob) still has \(plural(active.count, "task")) \(SlurmJob.arraySpecification(Array(active.keys))) queued or running (squeue -j \(arrayJob)); submit again once \(active.count == 1 ? "it has" : "they have") left the queue, or scancel \(arrayJob) first"
          )
        }
      }
    }
    do { try job.write(retryFailed: retryFailed) } catch let error as OutputError {
      throw BadInput(error.description)
    }
    let written =
      "wrote \(job.arrayScriptPath) (\(plural(job.tasks, "task")) × \(plural(job.cpusPerTask, "CPU")), \(runs) runs) and \(job.mergeScriptPath)"
    guard submit else {
      print(written)
      print(
        "submit: brisim slurm \(job.configPath) --out \(results) --submit (or sbatch the scripts)")
      return
    }
    do {
      try submitJobs(&job, queue: queue, written: written)
    } catch {
      // A rejected submission (an unknown partition, say) leaves the earlier scripts and
      // record as they were, so that its options are not taken up by later calls.
      if let recorded {
        try? recorded.write()
      } else {
        try? FileManager.default.removeItem(atPath: job.folder)
      }
      throw error
    }
  }

  /// Submits the tasks with missing runs and a merge after them, cancelling the earlier merge
  /// job if it waits forever (a task it waited for failed or was cancelled), and records both.
  func submitJobs(_ job: inout SlurmJob, queue: SlurmQueue, written: String) throws {
    let status = try ExperimentStatus(folder: job.resultsFolder, shardCount: job.tasks)
    let unfinished = SlurmJob.unfinishedTasks(status, retryFailed: retryFailed)
    if unfinished.isEmpty && status.merged && (status.failed == 0 || !retryFailed) {
      print(written)
      print("every run is done and merged (brisim status \(job.resultsFolder)); nothing submitted")
      return
    }
    // With runs missing and no task of its array left in the queue, the earlier merge can
    // never succeed (Slurm may not have marked its dependency as never satisfied yet).
    var staleMerge: String?
    if let earlierMerge = job.mergeJob, let state = queue.state(ofJob: earlierMerge) {
      if !unfinished.isEmpty || queue.waitsForever(earlierMerge) {
        staleMerge = earlierMerge
      } else {
        print(written)
        print("merge job \(earlierMerge) is \(state.state.lowercased()); nothing submitted")
        return
      }
    }
    var mergeArguments: [String] = []
    var arrayLine: String?
    if !unfinished.isEmpty {
      let specification = SlurmJob.arraySpecification(unfinished)
      var arguments = ["--parsable"]
      if unfinished.count < job.tasks { arguments.append("--array=\(specification)") }
      let arrayID = try sbatch(arguments + [job.arrayScriptPath], queue: queue)
      arrayLine =
        "submitted array job \(arrayID) (\(unfinished.count == 1 ? "task" : "tasks") \(specification) of \(job.tasks))"
      job.arrayJob = arrayID
      mergeArguments.append("--dependency=afterok:\(arrayID)")
    }
    // Only once the array is accepted: a rejected submission leaves the queue as it was.
    print(written)
    if let staleMerge {
      _ = try? queue.run("scancel", [staleMerge])
      print("cancelled merge job \(staleMerge), which waited on tasks that did not finish")
    }
    if let arrayLine { print(arrayLine) }
    let mergeID = try sbatch(["--parsable"] + mergeArguments + [job.mergeScriptPath], queue: queue)
    print(
      "submitted merge job \(mergeID)\(mergeArguments.isEmpty ? "" : " (after the array)")")
    job.mergeJob = mergeID
    do { try job.write(retryFailed: retryFailed) } catch let error as OutputError {
      throw BadInput(error.description)
    }
    print("follow: squeue -u $USER; brisim status \(job.resultsFolder); logs in \(job.folder)/logs")
  }

  /// Says on stderr which recorded options --reset-options dropped (a half-done sweep's
  /// resubmitted tasks would otherwise start without, say, their module loads).
  func noteForgotten(from recorded: SlurmJob, now job: SlurmJob) {
    var dropped: [String] = []
    if recorded.tasks != job.tasks {
      dropped.append("--tasks \(recorded.tasks) (now \(job.tasks))")
    }
    if recorded.cpusPerTask != job.cpusPerTask {
      dropped.append("--cpus-per-task \(recorded.cpusPerTask) (now \(job.cpusPerTask))")
    }
    for (name, was, now) in [
      ("--time", recorded.timeLimit, job.timeLimit),
      ("--partition", recorded.partition, job.partition),
      ("--account", recorded.account, job.account),
    ] where was != nil && was != now {
      dropped.append("\(name) \(was!)")
    }
    for option in recorded.sbatchOptions ?? [] where !(job.sbatchOptions ?? []).contains(option) {
      dropped.append("--sbatch-option=\(option)")
    }
    for line in recorded.setupLines ?? [] where !(job.setupLines ?? []).contains(line) {
      dropped.append("--setup '\(line)'")
    }
    if recorded.figures && !job.figures { dropped.append("--figures") }
    guard !dropped.isEmpty else { return }
    FileHandle.standardError.write(
      Data("brisim: note: --reset-options forgot \(dropped.joined(separator: ", "))\n".utf8))
  }

  /// Runs sbatch with `arguments` and returns the job id it prints (`--parsable`: `id[;cluster]`).
  func sbatch(_ arguments: [String], queue: SlurmQueue) throws -> String {
    guard let output = try queue.run("sbatch", arguments) else {
      throw BadInput("--submit: sbatch not found on PATH")
    }
    let id = output.standardOutput.split(separator: "\n").first.map {
      String($0.split(separator: ";")[0]).trimmingCharacters(in: .whitespaces)
    }
    guard output.status == 0, let id, !id.isEmpty, id.allSatisfy(\.isNumber) else {
      throw BadInput(
        "sbatch \(arguments.joined(separator: " ")) failed (status \(output.status)): \(output.standardError.trimmingCharacters(in: .whitespacesAndNewlines))"
      )
    }
    return id
  }
}

/// "1 task", "3 tasks".
func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

/// `path` made absolute against the current directory.
func absolutePath(_ path: String) -> String {
  if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardized.path }
  return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    .appendingPathComponent(path).standardized.path
}

/// This brisim binary's absolute path (what the cluster's jobs run).
func executablePath() -> String {
  (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
    ?? absolutePath(CommandLine.arguments[0])
}
