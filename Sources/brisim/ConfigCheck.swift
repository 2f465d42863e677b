import ArgumentParser
import Experiments

/// `brisim config check CONFIG`: validate without running.
struct ConfigCheck: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract:
      "Validate a config (every key, value, country, lever, month and run) without running it.")

  @Argument(help: "The experiment config (YAML).")
  var config: String

  func run() throws {
    let experiment = try loadExperiment(config)
    let plan = RunPlan(experiment)
    do {
      for run in plan.runs {
        _ = try experiment.economyConfiguration(for: run, dimensionNames: plan.dimensionNames)
      }
    } catch let error as ConfigError {
      throw BadInput(error.description)
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
