import ArgumentParser
import Experiments
import Foundation

/// `brisim config check CONFIG`: validate without running.
struct ConfigCheck: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract:
      "Validate a config (every key, value, country, lever, month and run) without running it; note the rules that overlap the baseline's observed policy schedules."
  )

  @Argument(help: "The experiment config (YAML).")
  var config: String

  func run() throws {
    let experiment = try loadExperiment(config)
    let plan = RunPlan(experiment)
    // A calibration replaces its free parameters in every run; the parser has checked its
    // whole box, so the runs are checked at the box's centre rather than at the defaults.
    var runs = plan.runs
    var dimensionNames = plan.dimensionNames
    if let free = experiment.calibration?.parameters {
      dimensionNames = free.map(\.name)
      runs = runs.map { run in
        RunSpec(
          index: run.index, id: run.id, point: run.point, scenario: run.scenario,
          replicate: run.replicate, seed: run.seed, values: free.map { ($0.low + $0.high) / 2 })
      }
    }
    do {
      for run in runs {
        _ = try experiment.economyConfiguration(for: run, dimensionNames: dimensionNames)
      }
    } catch let error as ConfigError {
      throw BadInput(error.description)
    }
    warnIfBelowInvariantScale(experiment)
    for note in experiment.baselineOverlaps + experiment.sensitivityDesignNotes {
      FileHandle.standardError.write(Data("brisim: note: \(note)\n".utf8))
    }
    print(
      "\(config): valid — experiment '\(experiment.name)', \(experiment.scenarios.count) scenario(s), \(plan.runs.count) run(s)"
    )
  }
}

/// Loads a config, turning its errors into one-line bad-input messages (exit status 2).
func loadExperiment(_ path: String) throws -> ExperimentConfig {
  do {
    return try ExperimentConfig.load(path: path)
  } catch let error as ConfigError {
    throw BadInput(error.description)
  }
}
