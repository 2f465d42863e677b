import CorridorModel
import DenseMatrix
import Engine
import Experiments
import Foundation
import Stochastic

/// Runs (part of) an experiment's plan with a sensible split of cores: `jobs` runs at once,
/// each with `threads` threads, jobs × threads ≈ cores unless the user says otherwise; with an
/// `executor` (rank 0 of an MPI sweep) the pending runs go to it instead.
///
/// Each run the model stops is reported on stderr as it happens (`brisim: error: run …`) and
/// recorded as failed; the others go on.
func runExperiment(
  _ experiment: ExperimentConfig, out: String?, shard: Shard?, jobs: Int?, threads: Int?,
  retryFailed: Bool = false, injectedNaN: [String] = [], executor: (any RunExecutor)? = nil
) throws -> ExperimentRunner.Outcome {
  var runner = try makeRunner(
    experiment, out: out, shard: shard, jobs: jobs, threads: threads, retryFailed: retryFailed,
    injectedNaN: injectedNaN)
  runner.executor = executor
  return try runExperiment(experiment, with: runner)
}

/// Runs `runner` over `experiment`, turning bad input and output failures into one line.
func runExperiment(_ experiment: ExperimentConfig, with runner: ExperimentRunner) throws
  -> ExperimentRunner.Outcome
{
  do {
    let outcome = try runner.run()
    // After the run, so that bad input still gets its one line.
    warnIfBelowInvariantScale(experiment)
    for note in experiment.sensitivityDesignNotes {
      FileHandle.standardError.write(Data("brisim: note: \(note)\n".utf8))
    }
    return outcome
  } catch let error as ConfigError {
    throw BadInput(error.description)
  } catch let error as OutputError {
    throw BadInput(error.description)
  }
}

/// The runner for (part of) an experiment's plan: `jobs` runs at once (default: the cores, at
/// most the runs), `threads` per run (default: the config's, else cores / jobs), progress and
/// each failed run on stderr.
func makeRunner(
  _ experiment: ExperimentConfig, out: String?, shard: Shard?, jobs: Int?, threads: Int?,
  retryFailed: Bool = false, injectedNaN: [String] = []
) throws -> ExperimentRunner {
  let cores = ParallelExecutor.availableCores
  let plan = RunPlan(experiment)
  let selected = plan.runs.filter { shard?.contains($0) ?? true }.count
  let jobCount = max(1, min(jobs ?? cores, max(selected, 1)))
  let threadCount = threads ?? experiment.threads ?? max(1, cores / jobCount)
  let isTerminal = isatty(2) != 0
  var runner = ExperimentRunner(
    config: experiment, folder: out ?? "results/\(experiment.name)", shard: shard, jobs: jobCount,
    threadsPerRun: threadCount, gitCommit: currentGitCommit(), environment: machineEnvironment(),
    progress: ProgressReporter(isTerminal: isTerminal) { line in
      FileHandle.standardError.write(Data(line.utf8))
    }, retryFailed: retryFailed)
  for item in injectedNaN {
    let parts = item.split(separator: "@")
    guard parts.count == 2, let step = Int(parts[1]), step >= 0 else {
      throw BadInput("--inject-nan expects RUN_ID@STEP, got '\(item)'")
    }
    runner.injectedNaNSteps[String(parts[0])] = step
  }
  runner.onFailure = { failure in
    FileHandle.standardError.write(
      Data("\(isTerminal ? "\n" : "")brisim: error: \(failure.description)\n".utf8))
  }
  return runner
}

/// One line on stderr when an experiment runs below the scale at which totals are those of the
/// large-scale limit.
func warnIfBelowInvariantScale(_ experiment: ExperimentConfig) {
  warnIfBelowInvariantScale(
    experiment.scale, source: "\(experiment.file): scale", agentScales: experiment.agentScales,
    agentScaleSource: "agent_scale")
}

/// The warning for `scale` with per-kind multipliers on top (named by `agentScaleSource`): by
/// the scale alone when there are none, else by the smallest kind's product.
func warnIfBelowInvariantScale(
  _ scale: Double, source: String, agentScales: AgentScales, agentScaleSource: String
) {
  if agentScales == AgentScales() {
    warnIfBelowInvariantScale(scale, source: source)
  } else {
    warnIfBelowInvariantScale(
      agentScales.times(scale).smallest,
      source: "\(source) × \(agentScaleSource) (smallest kind)")
  }
}

/// One line on stderr when `scale` (named by `source`: an option or a config's key) is below
/// the scale at which totals are those of the large-scale limit.
func warnIfBelowInvariantScale(_ unroundedScale: Double, source: String) {
  let smallest = ScaleSettings.smallestInvariantScale
  guard unroundedScale < smallest else { return }
  // A product of multipliers, shown without binary noise (0.1, not 0.10000000000000002).
  let scale = (unroundedScale * 1e9).rounded() / 1e9
  FileHandle.standardError.write(
    Data(
      "brisim: warning: \(source) \(scale) is below \(smallest), the smallest at which replicate means match the large-scale limit within 5 % (docs/ODD.md §3.5); below it means drift (China's exports to the small corridors, the B2B share) and single runs are noisy\n"
        .utf8))
}

/// Facts about this machine for manifests.
func machineEnvironment() -> [String: String] {
  [
    "gsl": GSLLibrary.version, "openblas_core": BLAS.coreName,
    "cores": "\(ParallelExecutor.availableCores)",
  ]
}
