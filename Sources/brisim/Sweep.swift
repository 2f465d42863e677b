import ArgumentParser
import Cluster
import Engine
import Experiments
import Figures
import Foundation

/// `brisim sweep CONFIG`: every point × scenario × replicate of a config's sweep.
struct Sweep: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Run a config's sweep: all points, scenarios and replicates, concurrently, resumable.",
    discussion: """
      Results go to results/<name>/ (or --out): one folder per run, plan.csv, manifest.json, and \
      when every run is done runs.csv and summary.csv. A run the model stops (a quantity \
      became NaN, the books did not balance) is reported, recorded as failed (runs.csv: status \
      and message; its summary row empty) and the others go on; the sweep then exits with \
      status 1. Running again skips complete and failed runs and redoes incomplete ones \
      (--retry-failed reruns the failed ones). --shard K/N runs only runs i with \
      i mod N = K − 1; merge the shards with brisim merge.

      --executor mpi runs the sweep as an MPI job: mpirun -np R brisim sweep CONFIG \
      --executor mpi. Rank 0 hands the runs to ranks 1 … R − 1 one at a time, each writes its \
      run folders on the shared file system, rank 0 merges; threads per run default to the \
      cores / the ranks on the node. If a rank dies, mpirun stops the job; the same command \
      again runs the rest (the runs in progress and those not yet handed out). Under mpirun \
      --enable-recovery the job goes on: after --rank-timeout seconds without word from \
      the dead rank, rank 0 reports its run as lost (exit status 1) once the others are \
      done, and the same command again completes it.
      """)

  /// Who carries out the runs.
  enum Executor: String, ExpressibleByArgument, CaseIterable {
    case local, mpi
  }

  @Argument(help: "The experiment config (YAML) with a sweep section.")
  var config: String

  @Option(
    name: .customLong("shard"), help: "Run only shard K of N (e.g. 2/8), for cluster job arrays.")
  var shardText: String?

  /// The parsed --shard.
  var shard: Shard? { shardText.flatMap(Shard.init) }

  @Option(help: "Runs at a time (default: all cores).")
  var jobs: Int?

  @Option(help: "Threads per run (default: cores / jobs). Never changes results.")
  var threads: Int?

  @Flag(help: "Draw the sweep's figures when every run is done (brisim figures).")
  var figures = false

  @Option(help: "Results folder (default: results/<name>).")
  var out: String?

  @Flag(help: "Run again the runs an earlier call recorded as failed.")
  var retryFailed = false

  @Option(
    help: "local (this machine's cores) or mpi (under mpirun: rank 0 dispatches, the others run).")
  var executor: Executor = .local

  @Option(
    help: ArgumentHelp(
      "With --executor mpi under mpirun --enable-recovery: seconds without word from a busy worker rank before rank 0 counts it dead and finishes without its run.",
      valueName: "seconds"))
  var rankTimeout: Double = 60

  @Option(
    name: .customLong("inject-nan"),
    help: ArgumentHelp(
      "Tests only: RUN_ID@STEP makes that run's model meet a NaN at that step.",
      visibility: .hidden))
  var injectedNaN: [String] = []

  func validate() throws {
    if let shardText, Shard(shardText) == nil {
      throw ValidationError(
        "--shard expects K/N with whole numbers 1 ≤ K ≤ N (e.g. 2/8), got '\(shardText)'")
    }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    if let threads, threads < 1 {
      throw ValidationError("--threads must be at least 1, got \(threads)")
    }
    guard rankTimeout.isFinite && rankTimeout > 0 else {
      throw ValidationError(
        "--rank-timeout must be a positive number of seconds, got \(rankTimeout)")
    }
  }

  func run() throws {
    let experiment = try loadExperiment(config)
    guard experiment.sweep != nil else {
      throw BadInput("\(config): no 'sweep:' section; run it with brisim run \(config)")
    }
    let gnuplot = figures ? try locateGnuplot() : nil
    if executor == .local, let ranks = launchedRanks(), ranks > 1 {
      throw BadInput(
        "started as one of \(ranks) MPI ranks but --executor is local, so every rank would run the whole sweep into the same folder; add --executor mpi"
      )
    }
    if executor == .mpi {
      guard MPI.isAvailable else { throw BadInput("--executor mpi: \(MPIError.unavailable)") }
      // Everything that runs a process (git for the manifest) happens before MPI starts.
      var runner = try makeRunner(
        experiment, out: out, shard: shard, jobs: jobs, threads: threads ?? mpiThreadsPerRun(),
        retryFailed: retryFailed, injectedNaN: injectedNaN)
      try MPI.initialize()
      defer { MPI.finalize() }
      if MPI.rank > 0 {
        // MPI_Finalize would wait for a dead rank: leave without it, as rank 0 does.
        if try serveAsWorker(runner) { Foundation.exit(0) }
        return
      }
      if MPI.size == 1 {
        FileHandle.standardError.write(
          Data(
            "brisim: note: --executor mpi with a single rank (not under mpirun -np 2 or more): this process runs every run itself\n"
              .utf8))
      }
      let dispatcher = MPIRunDispatcher(localJobs: runner.jobs, rankTimeout: rankTimeout)
      defer { dispatcher.releaseWorkers() }
      runner.executor = dispatcher
      do {
        try report(
          runExperiment(experiment, with: runner), experiment: experiment, gnuplot: gnuplot)
      } catch let error as MPIError {
        FileHandle.standardError.write(Data("brisim: error: \(error)\n".utf8))
        // MPI_Finalize would wait for the dead ranks: leave without it. (mpirun
        // --enable-recovery exits 0 whatever the ranks' statuses; brisim status tells.)
        if case .ranksLost = error { Foundation.exit(1) }
        throw ExitCode(1)
      }
      return
    }
    try report(
      runExperiment(
        experiment, out: out, shard: shard, jobs: jobs, threads: threads,
        retryFailed: retryFailed, injectedNaN: injectedNaN),
      experiment: experiment, gnuplot: gnuplot)
  }

  /// How many MPI ranks the launcher started (mpirun, srun), if this process is one of them.
  func launchedRanks() -> Int? {
    let environment = ProcessInfo.processInfo.environment
    for key in ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE"] {
      if let text = environment[key], let ranks = Int(text) { return ranks }
    }
    return nil
  }

  /// Threads per run for an MPI rank: the node's cores shared among the ranks on it (Open MPI
  /// says how many in OMPI_COMM_WORLD_LOCAL_SIZE).
  func mpiThreadsPerRun() -> Int? {
    guard let text = ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_LOCAL_SIZE"],
      let ranksOnNode = Int(text), ranksOnNode >= 1
    else { return nil }
    return max(1, ParallelExecutor.availableCores / ranksOnNode)
  }

  /// A worker rank: runs what rank 0 hands out until it says stop; returns whether rank 0
  /// counted another worker as dead.
  func serveAsWorker(_ runner: ExperimentRunner) throws -> Bool {
    let plan = RunPlan(runner.config)
    let work = try runner.runWork(plan: plan)
    return try MPIRunWorker.serve(plan: plan, heartbeat: rankTimeout / 10, work: work) {
      error, run in
      FileHandle.standardError.write(
        Data("brisim: error: rank \(MPI.rank), run \(run.id): \(error)\n".utf8))
    }.peersLost
  }

  /// Prints what the sweep did, writes the comparison and figures when it is merged, and
  /// exits with status 1 if runs failed.
  func report(
    _ outcome: ExperimentRunner.Outcome, experiment: ExperimentConfig, gnuplot: Gnuplot?
  ) throws {
    let folder = out ?? "results/\(experiment.name)"
    print(
      "runs: \(outcome.ran) ran now, \(outcome.alreadyComplete) already complete, \(outcome.failed.count) failed, \(shard == nil ? "" : "\(outcome.inShard) in this shard, ")\(outcome.planned) planned"
    )
    print("wall_seconds: \(outcome.wallSeconds)")
    if outcome.ran > 0 { print("runs_per_second: \(Double(outcome.ran) / outcome.wallSeconds)") }
    print(
      outcome.merged
        ? "wrote \(folder)/runs.csv and summary.csv"
        : "other shards are incomplete: brisim merge \(folder) once they finish")
    if outcome.merged && experiment.scenarios.count > 1 {
      let (_, written) = try writeComparison(
        folder: folder, baseline: "baseline", precision: 0.1, year: nil)
      print("wrote \(written) (brisim compare \(folder) to change the baseline or precision)")
    }
    if let gnuplot, outcome.merged { try drawFigures(of: folder, gnuplot: gnuplot, jobs: jobs) }
    if !outcome.failed.isEmpty {
      throw FailedRuns(failed: outcome.failed, total: outcome.inShard, folder: folder)
    }
  }
}
