import CorridorModel
import Dispatch
import Engine
import Foundation

/// One run of the corridor economy from a configuration to a folder of results.
public struct SingleRun {
  /// The economy's configuration.
  public var configuration: EconomyConfiguration
  /// Where the tables and the manifest go (created if missing).
  public var outputDirectory: String
  /// Worker threads (never changes results).
  public var threads: Int
  /// Frequency of `flows.csv`.
  public var flowFrequency: FlowFrequency
  /// Where the country table came from (for the manifest).
  public var worldSource: String
  /// Commit of the code (for the manifest).
  public var gitCommit: String
  /// Extra facts about the machine for the manifest (library versions, BLAS kernels).
  public var environment: [String: String]
  /// Which tables to write.
  public var tables: Set<OutputTable> = Set(OutputTable.allCases)
  /// The run's place in an experiment (recorded in the manifest).
  public var runSpec: RunSpec?
  /// Names of the swept dimensions (with runSpec's values).
  public var dimensionNames: [String] = []
  /// The run's name in messages: its id in an experiment, else the output folder's name.
  public var runID: String {
    runSpec?.id ?? outputDirectory.split(separator: "/").last.map(String.init) ?? outputDirectory
  }

  public init(
    configuration: EconomyConfiguration, outputDirectory: String, threads: Int,
    flowFrequency: FlowFrequency = .yearly,
    worldSource: String = "embedded", gitCommit: String = "unknown",
    environment: [String: String] = [:]
  ) {
    self.configuration = configuration
    self.outputDirectory = outputDirectory
    self.threads = threads
    self.flowFrequency = flowFrequency
    self.worldSource = worldSource
    self.gitCommit = gitCommit
    self.environment = environment
  }

  /// What a finished run reports.
  public struct Summary: Sendable {
    public let wallSeconds: Double
    public let steps: Int
    public let agents: Int
    /// Seconds building the economy (agents, strata, directories) before the first step, and
    /// recording the tables after each step.
    public let setupSeconds: Double
    public let outputSeconds: Double
    /// Each phase's wall time over all steps, when ``recordPhaseTimings`` is set.
    public let phaseTimings: PhaseTimings?
  }

  /// Whether ``run(beforeSteps:)`` times each phase of the step (for benchmarks; a clock read
  /// per phase and step, nothing per agent).
  public var recordPhaseTimings = false

  /// Builds the economy, runs spin-up and calendar, streams the tables and writes the
  /// manifest last. On any failure nothing complete-looking is left: tables are discarded, no
  /// manifest is written, and a folder the run created is removed again.
  /// - Throws: ``RunFailure`` when the model stops (a non-finite quantity, books that do not
  ///   balance); ``OutputError``; ``ModelInputError`` for a configuration the model refuses.
  /// - Parameter beforeSteps: called once the economy is built and the output folder is
  ///   open, before the first step (say, to warn about the scale while there is time to stop).
  public func run(beforeSteps: () -> Void = {}) throws -> Summary {
    let start = DispatchTime.now().uptimeNanoseconds
    let executor = ParallelExecutor(threadCount: threads)
    let economy = try CorridorEconomy(configuration, executor: executor)
    let setupSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let timings = recordPhaseTimings ? PhaseTimings(for: economy.schedule) : nil
    var outputNanoseconds: UInt64 = 0
    let folderExisted = FileManager.default.fileExists(atPath: outputDirectory)
    do {
      try FileManager.default.createDirectory(
        atPath: outputDirectory, withIntermediateDirectories: true)
    } catch {
      throw OutputError(
        path: outputDirectory,
        reason: "cannot create the output folder (\(error.localizedDescription))")
    }
    let outputs = try RunOutputs(
      economy: economy, directory: outputDirectory, tables: tables, flowFrequency: flowFrequency)
    beforeSteps()
    do {
      for _ in 0..<(economy.spinUpSteps + configuration.calendar.months) {
        economy.step(executor: executor, timings: timings)
        if let stop = economy.failure {
          let sweptPolicies = zip(dimensionNames, runSpec?.values ?? []).filter {
            $0.0.hasPrefix("policies.")
          }.map { "\($0.0)=\($0.1)" }
          throw RunFailure(
            runID: runID, stop: stop, parameters: configuration.parameters,
            sweptPolicies: sweptPolicies)
        }
        let recordStart = DispatchTime.now().uptimeNanoseconds
        try outputs.record()
        outputNanoseconds += DispatchTime.now().uptimeNanoseconds - recordStart
      }
      try outputs.finish()
    } catch {
      outputs.discard()
      if !folderExisted,
        (try? FileManager.default.contentsOfDirectory(atPath: outputDirectory))?.isEmpty == true
      {
        try? FileManager.default.removeItem(atPath: outputDirectory)
      }
      throw error
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    var manifest = RunManifest(
      economy: economy, worldSource: worldSource, gitCommit: gitCommit, threads: threads,
      wallSeconds: seconds, flowFrequency: flowFrequency, environment: environment)
    manifest.outputs = outputs.fileNames
    if let runSpec {
      manifest.run = RunManifest.RunEntry(
        id: runSpec.id, point: runSpec.point, scenario: runSpec.scenario,
        replicate: runSpec.replicate,
        values: Dictionary(
          uniqueKeysWithValues: zip(dimensionNames, runSpec.values.map(\.description))))
    }
    try writeAtomically(try manifest.json(), to: "\(outputDirectory)/manifest.json")
    return Summary(
      wallSeconds: seconds, steps: economy.stepsTaken,
      agents: economy.consumers.count + economy.firms.count + economy.importers.count,
      setupSeconds: setupSeconds, outputSeconds: Double(outputNanoseconds) / 1e9,
      phaseTimings: timings)
  }
}
