import ArgumentParser
import CorridorModel
import DenseMatrix
import Engine
import Experiments
import Foundation
import Stochastic

/// `brisim run`: run the corridor economy and write its tables.
struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Run the corridor economy (the embedded baseline) and write CSV tables and a manifest.",
    discussion: """
      Writes world.csv (monthly aggregates), corridors.csv (China's trade with each corridor, \
      monthly), countries.csv (monthly, one row per country), \
      flows.csv (origin × destination × channel × sector) and manifest.json into --out. \
      The same seed gives byte-identical CSVs for any --threads.
      """)

  @Argument(
    help:
      "An experiment config (YAML). Without one, the embedded baseline runs with the options below."
  )
  var config: String?

  @Option(help: "Master seed (default 1).")
  var seed: UInt64?

  @Option(help: "Worker threads (default: all cores). Never changes results.")
  var threads: Int?

  @Option(help: "Calendar months to simulate from 2015-01 (default 192: to 2030-12).")
  var months: Int?

  @Option(
    help:
      "Multiplier of the default agent counts (200,000 consumers, 20,000 firms, 15,000 importers).")
  var scale: Double?

  @Option(
    help:
      "One kind's agent count multiplied further, on top of --scale: KIND=FACTOR with KIND consumers, firms or importers (repeatable; to see which kind's granularity a result depends on)."
  )
  var agentScale: [String] = []

  @Option(help: "Output folder (default: results/baseline, or results/<name> for a config).")
  var out: String?

  @Option(help: "With a config: runs at a time (default: all cores).")
  var jobs: Int?

  @Flag(help: "Draw the figures when the run or experiment is done (as brisim figures does).")
  var figures = false

  @Flag(
    help:
      "Without a config: also print the set-up, output and each phase's seconds, the part of serial phases spent fanned out over partitions, and the serial share of the steps (for benchmarks)."
  )
  var phaseTimings = false

  @Flag(help: "With a config: run again the runs an earlier call recorded as failed.")
  var retryFailed = false

  @Option(
    name: .customLong("inject-nan"),
    help: ArgumentHelp(
      "Tests only: RUN_ID@STEP makes that run's model meet a NaN at that step.",
      visibility: .hidden))
  var injectedNaN: [String] = []

  @Option(help: "Frequency of flows.csv: yearly (default) or monthly.")
  var flows: FlowFrequency?

  @Option(
    name: .customLong("set"),
    help:
      "Override a model parameter: NAME=VALUE (repeatable; names as in docs/ODD.md, e.g. wage_growth_china_per_year=0.15)."
  )
  var overrides: [String] = []

  func validate() throws {
    if let months, !(1...1200).contains(months) {
      throw ValidationError("--months must be 1…1200, got \(months)")
    }
    if let scale, !(scale > 0 && scale <= 100 && scale.isFinite) {
      throw ValidationError("--scale must be greater than 0 and at most 100, got \(scale)")
    }
    _ = try parsedAgentScales()
    if let threads, threads < 1 {
      throw ValidationError("--threads must be at least 1, got \(threads)")
    }
    if let out, out.isEmpty { throw ValidationError("--out must name a folder") }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    if phaseTimings && config != nil {
      throw ValidationError("--phase-timings times a run without a config (the embedded baseline)")
    }
    _ = try parsedParameters()
  }

  /// The --agent-scale multipliers (1 for a kind not named).
  func parsedAgentScales() throws -> AgentScales {
    var scales = AgentScales()
    var named = Set<String>()
    for entry in agentScale {
      let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2 else {
        throw ValidationError("--agent-scale expects KIND=FACTOR, got '\(entry)'")
      }
      guard let factor = Double(parts[1]), factor > 0, factor <= 100, factor.isFinite else {
        throw ValidationError(
          "--agent-scale \(parts[0]): expected a number greater than 0 and at most 100, got '\(parts[1])'"
        )
      }
      guard scales.set(parts[0], to: factor) else {
        throw ValidationError(
          "--agent-scale: unknown kind '\(parts[0])'; expected \(AgentScales.kindNames.joined(separator: ", "))"
        )
      }
      guard named.insert(parts[0]).inserted else {
        throw ValidationError("--agent-scale \(parts[0]) is given twice")
      }
      if factor * (scale ?? 1) > 100 {
        throw ValidationError(
          "--agent-scale \(parts[0]): --scale × \(factor) is above 100, the most any kind may be multiplied by"
        )
      }
    }
    return scales
  }

  /// The default parameters with the --set overrides applied.
  func parsedParameters() throws -> ModelParameters {
    var parameters = ModelParameters()
    for override in overrides {
      let parts = override.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty else {
        throw ValidationError("--set expects NAME=VALUE, got '\(override)'")
      }
      let value: Double
      switch parts[1].lowercased() {
      case "true": value = 1
      case "false": value = 0
      default:
        guard let number = Double(parts[1]) else {
          if let spec = ParameterCatalog.spec(named: parts[0]), case .boolean = spec.kind {
            throw ValidationError("--set \(parts[0]): '\(parts[1])' is not true or false")
          }
          throw ValidationError("--set \(parts[0]): '\(parts[1])' is not a number")
        }
        value = number
      }
      do {
        try ParameterCatalog.set(parts[0], to: value, in: &parameters, source: "--set")
      } catch let error as ModelInputError {
        throw ValidationError(error.description)
      }
    }
    do {
      try ParameterCatalog.checkConstraints(parameters, source: "--set")
    } catch let error as ModelInputError {
      throw ValidationError(error.description)
    }
    return parameters
  }

  func run() throws {
    if let config {
      try runConfig(config)
      return
    }
    let out = self.out ?? "results/baseline"
    let gnuplot = figures ? try locateGnuplot() : nil

    let agentScales = try parsedAgentScales()
    var configuration = EconomyConfiguration(
      calendar: ModelCalendar(months: months ?? 192), parameters: try parsedParameters(),
      scale: ScaleSettings().scaled(by: agentScales.times(scale ?? 1)), seed: seed ?? 1)
    configuration.policy = PolicyPlan.baseline(calendar: configuration.calendar)
    let threadCount = threads ?? ParallelExecutor.availableCores
    var run = SingleRun(
      configuration: configuration, outputDirectory: out, threads: threadCount,
      flowFrequency: flows ?? .yearly,
      worldSource: "embedded countries.csv", gitCommit: currentGitCommit(),
      environment: [
        "gsl": GSLLibrary.version, "openblas_core": BLAS.coreName,
        "cores": "\(ParallelExecutor.availableCores)",
      ])
    run.recordPhaseTimings = phaseTimings
    let summary: SingleRun.Summary
    do {
      // Before the steps, so that the warning is seen while there is time to stop.
      summary = try run.run {
        warnIfBelowInvariantScale(
          scale ?? 1, source: "--scale", agentScales: agentScales,
          agentScaleSource: "--agent-scale")
      }
    } catch let error as ModelInputError {
      throw BadInput("\(error)")
    } catch let error as OutputError {
      throw BadInput("\(error)")
    }
    print("wrote \(out)/world.csv, corridors.csv, countries.csv, flows.csv, manifest.json")
    print("wall_seconds: \(summary.wallSeconds)")
    print(
      "agent_steps_per_second: \(Double(summary.agents) * Double(summary.steps) / summary.wallSeconds)"
    )
    if let timings = summary.phaseTimings {
      print("setup_seconds: \(summary.setupSeconds)")
      print("output_seconds: \(summary.outputSeconds)")
      print("steps_seconds: \(timings.seconds.reduce(0) { $0 + $1.seconds })")
      print("serial_share: \(timings.serialShare)")
      for ((name, seconds), serial) in zip(timings.seconds, timings.isSerial) {
        print("phase_seconds[\(name)|\(serial ? "serial" : "partitioned")]: \(seconds)")
      }
      for (name, seconds) in timings.fanOutSeconds where seconds > 0 {
        print("phase_fan_out_seconds[\(name)]: \(seconds)")
      }
    }
    if let gnuplot { try drawFigures(of: out, gnuplot: gnuplot, jobs: threads) }
  }
}

extension Run {
  /// Runs every scenario and replicate of a config (a sweep needs brisim sweep).
  func runConfig(_ path: String) throws {
    let ignored = [
      seed == nil ? nil : "--seed", months == nil ? nil : "--months",
      scale == nil ? nil : "--scale", agentScale.isEmpty ? nil : "--agent-scale",
      flows == nil ? nil : "--flows",
      overrides.isEmpty ? nil : "--set",
    ].compactMap { $0 }
    if !ignored.isEmpty {
      throw BadInput(
        "\(ignored.joined(separator: ", ")) cannot be combined with a config; set it in \(path)")
    }
    let experiment = try loadExperiment(path)
    guard experiment.sweep == nil else {
      throw BadInput("\(path) has a 'sweep:' section; run it with brisim sweep \(path)")
    }
    let gnuplot = figures ? try locateGnuplot() : nil
    let outcome = try runExperiment(
      experiment, out: out, shard: nil, jobs: jobs, threads: threads, retryFailed: retryFailed,
      injectedNaN: injectedNaN)
    let folder = out ?? "results/\(experiment.name)"
    let failedText = outcome.failed.isEmpty ? "" : ", \(outcome.failed.count) failed"
    print(
      "ran \(outcome.ran) of \(outcome.planned) run(s) under \(folder)/ (\(outcome.alreadyComplete) already complete\(failedText)); wrote runs.csv, summary.csv"
    )
    print("wall_seconds: \(outcome.wallSeconds)")
    if outcome.merged && experiment.scenarios.count > 1 {
      let (_, written) = try writeComparison(
        folder: folder, baseline: "baseline", precision: 0.1, year: nil)
      print("wrote \(written) (brisim compare \(folder) to change the baseline or precision)")
    }
    if let gnuplot { try drawFigures(of: folder, gnuplot: gnuplot, jobs: jobs) }
    if !outcome.failed.isEmpty {
      throw FailedRuns(failed: outcome.failed, total: outcome.planned, folder: folder)
    }
  }
}

extension FlowFrequency: ExpressibleByArgument {}

/// The commit of the working tree, if brisim runs inside a git checkout (else "unknown").
func currentGitCommit() -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["git", "rev-parse", "HEAD"]
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = FileHandle(forWritingAtPath: "/dev/null")
  do {
    try process.run()
    process.waitUntilExit()
  } catch {
    return "unknown"
  }
  guard process.terminationStatus == 0 else { return "unknown" }
  let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  return text.trimmingCharacters(in: .whitespacesAndNewlines)
}
