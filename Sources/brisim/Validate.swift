import ArgumentParser
import Calibration
import Engine
import Experiments
import Foundation

/// `brisim validate [CONFIG]`: the baseline against the stylized facts.
struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check the baseline against the stylized facts, with replicates.",
    discussion: """
      Runs CONFIG (default: the baseline 2015-01 to 2022-12, 4 replicates, in memory) and \
      checks CBEC volume and growth 2015–2019, the export and B2B shares, gravity, firm sizes, \
      exporters, fraud losses, wage growth and the export mix against the observed facts \
      (Sources/ObservedData/Resources/stylized_facts.csv). Prints a Markdown table and writes \
      validation.csv and validation.md into --out. Facts the model does not reproduce, or \
      cannot compute, are reported as failures; the exit status is 0 either way.
      """)

  /// The default: the baseline with the default parameters, long enough for the trends.
  static let defaultConfig = """
    name: validation
    description: The baseline 2015-2022 checked against the stylized facts.
    seed: 1
    replicates: 4
    calendar: {start: 2015-01, months: 96}
    outputs: {tables: []}
    """

  @Argument(help: "An experiment config (its first scenario is validated).")
  var config: String?

  @Option(help: "Output folder (default: results/validation).")
  var out: String?

  @Option(help: "Runs at a time (default: all cores).")
  var jobs: Int?

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    if let out, out.isEmpty { throw ValidationError("--out must name a folder") }
  }

  func run() throws {
    let experiment: ExperimentConfig
    if let config {
      experiment = try loadExperiment(config)
    } else {
      experiment = try ExperimentConfig.parse(
        text: Self.defaultConfig, file: "(the default validation config)")
    }
    let cores = ParallelExecutor.availableCores
    let jobCount = min(jobs ?? cores, experiment.replicates)
    let start = DispatchTime.now().uptimeNanoseconds
    let checks: [ValidationCheck]
    do {
      checks = try Validation(
        config: experiment, jobs: jobCount, threadsPerRun: max(1, cores / jobCount)
      ).run()
    } catch let error as ConfigError {
      throw BadInput(error.description)
    }
    let folder = out ?? "results/validation"
    do {
      do {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      } catch {
        throw OutputError(path: folder, reason: "cannot create the output folder")
      }
      let table = try CSVTableWriter(
        path: "\(folder)/validation.csv",
        columns: [
          "fact", "description", "observed", "simulated_mean", "simulated_p05", "simulated_p95",
          "rule", "result", "note",
        ])
      for check in checks {
        table.append(check.id)
        table.append(check.description)
        table.append(check.observed)
        table.append(check.mean)
        table.append(check.low)
        table.append(check.high)
        table.append(check.rule)
        table.append(check.passed ? "pass" : "fail")
        table.append(check.note)
        try table.endRow()
      }
      try table.finish()
      let markdown = Validation.markdown(checks, replicates: experiment.replicates)
      try writeAtomically(
        Data(("# Validation of \(experiment.name)\n\n" + markdown).utf8),
        to: "\(folder)/validation.md")
      print(markdown, terminator: "")
    } catch let error as OutputError {
      throw BadInput("\(error)")
    }
    print("wrote \(folder)/validation.csv and validation.md")
    print("wall_seconds: \(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)")
  }
}
