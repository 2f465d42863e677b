import Engine
import Experiments
import Foundation

/// A sweep as a Slurm job array: task K of N runs shard K/N of the plan (runs i with
/// i mod N = K − 1) with the task's CPUs as concurrent runs, and a merge job that runs after
/// the whole array succeeded (`--dependency=afterok`) and writes runs.csv and summary.csv.
///
/// The scripts and a record of the job live in `RESULTS/slurm/` (`sweep.sbatch`,
/// `merge.sbatch`, `job.json`; each task's output in `logs/`). Every path in them is absolute,
/// so they can be submitted from anywhere. Resubmitting a task reruns only its missing runs.
public struct SlurmJob: Codable, Equatable, Sendable {
  /// The experiment's name (the jobs are called `brisim-<name>` and `brisim-<name>-merge`).
  public var experimentName: String
  /// The brisim binary, the config and the results folder, absolute.
  public var brisimPath: String
  public var configPath: String
  public var resultsFolder: String
  /// Where the tasks start (the folder `brisim slurm` ran in).
  public var workingDirectory: String
  /// Array tasks (shards).
  public var tasks: Int
  /// CPUs per task: the runs one task carries out at a time, one thread each.
  public var cpusPerTask: Int
  /// Slurm's time limit per task (`--time`, e.g. `02:00:00`), partition and account, if given.
  public var timeLimit: String?
  public var partition: String?
  public var account: String?
  /// Whether the merge job also draws the figures (gnuplot on the compute node).
  public var figures: Bool
  /// Further `#SBATCH` options for both jobs, as sbatch takes them (`--mem=8G`, `--qos=long`,
  /// `--constraint=avx512`), and shell lines run before brisim in both (`module load gsl`).
  public var sbatchOptions: [String]?
  public var setupLines: [String]?
  /// The last array job and merge job submitted, if any: a resubmission waits until no task of
  /// the array is queued or running, and cancels the merge when it waits forever (after a task
  /// was cancelled or failed, `afterok` can never be satisfied).
  public var arrayJob: String?
  public var mergeJob: String?

  public init(
    experimentName: String, brisimPath: String, configPath: String, resultsFolder: String,
    workingDirectory: String, tasks: Int, cpusPerTask: Int, timeLimit: String? = nil,
    partition: String? = nil, account: String? = nil, figures: Bool = false
  ) {
    self.experimentName = experimentName
    self.brisimPath = brisimPath
    self.configPath = configPath
    self.resultsFolder = resultsFolder
    self.workingDirectory = workingDirectory
    self.tasks = tasks
    self.cpusPerTask = cpusPerTask
    self.timeLimit = timeLimit
    self.partition = partition
    self.account = account
    self.figures = figures
  }

  /// `RESULTS/slurm`.
  public var folder: String { "\(resultsFolder)/slurm" }
  public var arrayScriptPath: String { "\(folder)/sweep.sbatch" }
  public var mergeScriptPath: String { "\(folder)/merge.sbatch" }
  public var recordPath: String { "\(folder)/job.json" }
  public static func recordPath(resultsFolder: String) -> String {
    "\(resultsFolder)/slurm/job.json"
  }

  /// The `#SBATCH` lines both jobs share.
  private func commonDirectives() -> [String] {
    var lines = ["#SBATCH --ntasks=1", "#SBATCH --cpus-per-task=\(cpusPerTask)"]
    if let timeLimit { lines.append("#SBATCH --time=\(timeLimit)") }
    if let partition { lines.append("#SBATCH --partition=\(partition)") }
    if let account { lines.append("#SBATCH --account=\(account)") }
    lines += (sbatchOptions ?? []).map { "#SBATCH \($0)" }
    return lines
  }

  /// The interpreter: a login shell when there are setup lines, so that `module` (Lmod,
  /// Environment Modules) is defined as it is at the site's prompt.
  private var shebang: String { (setupLines ?? []).isEmpty ? "#!/bin/bash" : "#!/bin/bash -l" }

  /// The setup lines (before strict mode: `module load` may read unset variables), the shell's
  /// `options`, and `cd` into the working directory, before brisim runs.
  private func preamble(options: String) -> [String] {
    (setupLines ?? []) + ["set \(options)", "cd \(Self.quoted(workingDirectory))"]
  }

  /// The job-array script.
  /// - Parameter retryFailed: whether the tasks rerun runs an earlier call recorded as failed.
  public func arrayScript(retryFailed: Bool = false) -> String {
    let sweep =
      [
        Self.quoted(brisimPath), "sweep", Self.quoted(configPath), "--out",
        Self.quoted(resultsFolder),
        "--shard", "\"${SLURM_ARRAY_TASK_ID}/\(tasks)\"", "--jobs", "\"${SLURM_CPUS_PER_TASK:-1}\"",
        "--threads", "1",
      ].joined(separator: " ") + (retryFailed ? " --retry-failed" : "")
    return
      ([
        shebang,
        "# BRISim sweep '\(experimentName)' as a Slurm job array, written by brisim slurm.",
        "# Task K of \(tasks) runs shard K/\(tasks): the runs i of plan.csv with i mod \(tasks) = K - 1,",
        "# \(cpusPerTask) at a time. Complete runs are skipped, so a failed or cancelled task can be",
        "# resubmitted alone: sbatch --array=K \(arrayScriptPath)",
        "# (brisim status \(resultsFolder) lists the tasks to resubmit). brisim slurm writes this",
        "# file again on every call: change it through its options (--sbatch-option, --setup).",
        "#SBATCH --job-name=brisim-\(experimentName)",
        "#SBATCH --array=1-\(tasks)",
      ] + commonDirectives() + [
        "#SBATCH --output=\(folder)/logs/sweep-%A_%a.out"
      ] + preamble(options: "-uo pipefail") + [
        sweep,
        "status=$?",
        "# Exit status 1: runs the model stopped were recorded as failed (runs.csv will list them);",
        "# the task still counts as done so that the merge runs. Anything else fails the task.",
        "if [ \"$status\" -eq 1 ]; then exit 0; fi",
        "exit \"$status\"",
      ]).joined(separator: "\n") + "\n"
  }

  /// The merge job's script: `brisim merge`, the status, and the figures if asked.
  public func mergeScript() -> String {
    var lines =
      [
        shebang,
        "# Merges BRISim sweep '\(experimentName)' once every task of its job array succeeded",
        "# (submitted with --dependency=afterok:<array job id>), written by brisim slurm.",
        "#SBATCH --job-name=brisim-\(experimentName)-merge",
      ] + commonDirectives() + [
        "#SBATCH --output=\(folder)/logs/merge-%j.out"
      ] + preamble(options: "-uo pipefail") + [
        "\(Self.quoted(brisimPath)) merge \(Self.quoted(resultsFolder))",
        "status=$?",
        "\(Self.quoted(brisimPath)) status \(Self.quoted(resultsFolder)) --shards \(tasks)",
      ]
    if figures {
      lines.append(
        "if [ \"$status\" -le 1 ]; then \(Self.quoted(brisimPath)) figures \(Self.quoted(resultsFolder)) || exit $?; fi"
      )
    }
    lines.append("exit \"$status\"")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The shards (1-based) that still have missing runs, or failed ones when `retryFailed`.
  public static func unfinishedTasks(_ status: ExperimentStatus, retryFailed: Bool) -> [Int] {
    status.shards.filter { !$0.missingRuns.isEmpty || (retryFailed && !$0.failedRuns.isEmpty) }
      .map(\.shard.index)
  }

  /// Slurm's compact form of a task list: `1-4`, `2,5,7-9`.
  public static func arraySpecification(_ tasks: [Int]) -> String {
    var parts: [String] = []
    var index = 0
    let sorted = tasks.sorted()
    while index < sorted.count {
      var end = index
      while end + 1 < sorted.count && sorted[end + 1] == sorted[end] + 1 { end += 1 }
      parts.append(
        end == index ? "\(sorted[index])" : "\(sorted[index])-\(sorted[end])")
      index = end + 1
    }
    return parts.joined(separator: ",")
  }

  /// Writes the two scripts (executable) and the job's record into `RESULTS/slurm/`, each under
  /// a temporary name renamed when complete, and creates `logs/` (Slurm does not).
  public func write(retryFailed: Bool = false) throws {
    let manager = FileManager.default
    do {
      try manager.createDirectory(atPath: "\(folder)/logs", withIntermediateDirectories: true)
    } catch {
      throw OutputError(
        path: "\(folder)/logs", reason: "cannot create (\(error.localizedDescription))")
    }
    try writeAtomically(Data(arrayScript(retryFailed: retryFailed).utf8), to: arrayScriptPath)
    try writeAtomically(Data(mergeScript().utf8), to: mergeScriptPath)
    for path in [arrayScriptPath, mergeScriptPath] {
      try? manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    try writeAtomically(try encoder.encode(self), to: recordPath)
  }

  /// The job recorded in `RESULTS/slurm/job.json`, if `brisim slurm` wrote one there.
  public static func recorded(resultsFolder: String) -> SlurmJob? {
    guard let data = FileManager.default.contents(atPath: recordPath(resultsFolder: resultsFolder))
    else { return nil }
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try? decoder.decode(SlurmJob.self, from: data)
  }

  /// `text` quoted for bash when it holds anything but safe characters.
  static func quoted(_ text: String) -> String {
    let safe = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "/._-+=:,@%"))
    if !text.isEmpty && text.unicodeScalars.allSatisfy(safe.contains) { return text }
    return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
