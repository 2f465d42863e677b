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
      scripts are absolute. Options not given are taken from an earlier call's job.json.

      --submit submits the tasks that still have missing runs (all of them the first time) \
      and a merge after them, and prints the job ids. After a task failed or was cancelled, \
      brisim status RESULTS names the tasks, and the same brisim slurm CONFIG --submit \
      resubmits just those; their complete runs are skipped.
      """)

  @Argument(help: "The experiment config (YAML) with a sweep section.")
  var config: String

  @Option(help: "Results folder (default: results/<name>).")
  var out: String?

  @Option(help: "Array tasks (shards) (default: an earlier call's, else min(runs, 16)).")
  var tasks: Int?

  @Option(help: "CPUs per task: runs each task carries out at once (default: earlier, else 1).")
  var cpusPerTask: Int?

  @Option(help: "Time limit per task, as sbatch --time takes it (e.g. 02:00:00, 1-12:00:00).")
  var time: String?

  @Option(help: "Slurm partition (sbatch --partition).")
  var partition: String?

  @Option(help: "Slurm account to charge (sbatch --account).")
  var account: String?

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
  }

  func run() throws {
    let experiment = try loadExperiment(config)
    guard experiment.sweep != nil else {
      throw BadInput("\(config): no 'sweep:' section; brisim slurm runs sweeps")
    }
    let results = absolutePath(out ?? "results/\(experiment.name)")
    let earlier = SlurmJob.recorded(resultsFolder: results)
    let runner = try makeRunner(experiment, out: results, shard: nil, jobs: 1, threads: 1)
    let plan: RunPlan
    do { plan = try runner.prepare() } catch let error as ConfigError {
      throw BadInput(error.description)
    } catch let error as OutputError {
      throw BadInput(error.description)
    }
    var job = SlurmJob(
      experimentName: experiment.name, brisimPath: executablePath(),
      configPath: absolutePath(config), resultsFolder: results,
      workingDirectory: FileManager.default.currentDirectoryPath,
      tasks: tasks ?? earlier?.tasks ?? min(plan.runs.count, 16),
      cpusPerTask: cpusPerTask ?? earlier?.cpusPerTask ?? 1,
      timeLimit: time ?? earlier?.timeLimit, partition: partition ?? earlier?.partition,
      account: account ?? earlier?.account, figures: figures || (earlier?.figures ?? false))
    job.mergeJob = earlier?.mergeJob
    do { try job.write(retryFailed: retryFailed) } catch let error as OutputError {
      throw BadInput(error.description)
    }
    print(
      "wrote \(job.arrayScriptPath) (\(job.tasks) tasks × \(job.cpusPerTask) CPU\(job.cpusPerTask == 1 ? "" : "s"), \(plan.runs.count) runs) and \(job.mergeScriptPath)"
    )
    guard submit else {
      print(
        "submit: brisim slurm \(job.configPath) --out \(results) --submit (or sbatch the scripts)")
      return
    }
    try submitJobs(&job)
  }

  /// Submits the tasks with missing runs and a merge after them, cancelling the earlier merge
  /// job if it still waits (its dependency can no longer be met), and records the new one.
  func submitJobs(_ job: inout SlurmJob) throws {
    let status = try ExperimentStatus(folder: job.resultsFolder, shardCount: job.tasks)
    let unfinished = SlurmJob.unfinishedTasks(status, retryFailed: retryFailed)
    if unfinished.isEmpty && status.merged && (status.failed == 0 || !retryFailed) {
      print("every run is done and merged (brisim status \(job.resultsFolder)); nothing submitted")
      return
    }
    if let earlierMerge = job.mergeJob, isPending(earlierMerge) {
      _ = try? runTool("scancel", [earlierMerge])
      print("cancelled merge job \(earlierMerge), which waited on tasks that did not finish")
    }
    var mergeArguments: [String] = []
    if !unfinished.isEmpty {
      let specification = SlurmJob.arraySpecification(unfinished)
      var arguments = ["--parsable"]
      if unfinished.count < job.tasks { arguments.append("--array=\(specification)") }
      let arrayID = try sbatch(arguments + [job.arrayScriptPath])
      print("submitted array job \(arrayID) (tasks \(specification) of \(job.tasks))")
      mergeArguments.append("--dependency=afterok:\(arrayID)")
    }
    let mergeID = try sbatch(["--parsable"] + mergeArguments + [job.mergeScriptPath])
    print(
      "submitted merge job \(mergeID)\(mergeArguments.isEmpty ? "" : " (after the array)")")
    job.mergeJob = mergeID
    do { try job.write(retryFailed: retryFailed) } catch let error as OutputError {
      throw BadInput(error.description)
    }
    print("follow: squeue -u $USER; brisim status \(job.resultsFolder); logs in \(job.folder)/logs")
  }

  /// Runs sbatch with `arguments` and returns the job id it prints (`--parsable`: `id[;cluster]`).
  func sbatch(_ arguments: [String]) throws -> String {
    let (status, printed, complaint) = try runTool("sbatch", arguments)
    let id = printed.split(separator: "\n").first.map {
      String($0.split(separator: ";")[0]).trimmingCharacters(in: .whitespaces)
    }
    guard status == 0, let id, !id.isEmpty, id.allSatisfy(\.isNumber) else {
      throw BadInput(
        "sbatch \(arguments.joined(separator: " ")) failed (status \(status)): \(complaint.trimmingCharacters(in: .whitespacesAndNewlines))"
      )
    }
    return id
  }

  /// Whether Slurm still holds job `id` as pending.
  func isPending(_ id: String) -> Bool {
    guard let (status, printed, _) = try? runTool("squeue", ["-h", "-j", id, "-o", "%T"]),
      status == 0
    else { return false }
    return printed.split(separator: "\n").contains("PENDING")
  }

  /// Runs Slurm's `tool` with `arguments`; its exit status, stdout and stderr.
  func runTool(_ tool: String, _ arguments: [String]) throws -> (Int32, String, String) {
    guard let path = findExecutable(tool) else {
      throw BadInput(
        "--submit: \(tool) not found on PATH; run on a Slurm login node, or submit the scripts written above yourself"
      )
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let complaint = String(
      decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, printed, complaint)
  }
}

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
