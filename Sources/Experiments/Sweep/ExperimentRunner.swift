import CorridorModel
import Dispatch
import Engine
import Foundation
import Synchronization

/// A shard of a plan: runs whose index i has i mod count = index − 1 (1-based index).
public struct Shard: Sendable, Equatable, CustomStringConvertible {
  public let index: Int
  public let count: Int

  public init(index: Int, count: Int) {
    precondition(count >= 1 && index >= 1 && index <= count, "shard K/N needs 1 ≤ K ≤ N")
    self.index = index
    self.count = count
  }

  /// Parses "K/N".
  public init?(_ text: String) {
    let parts = text.split(separator: "/")
    guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n
    else { return nil }
    self.init(index: k, count: n)
  }

  public func contains(_ run: RunSpec) -> Bool { run.index % count == index - 1 }
  public var description: String { "\(index)/\(count)" }
}

/// Runs an experiment's plan into `results/<name>/`: one folder per run (tables, then the
/// run's manifest, written last), `plan.csv` and the experiment's `manifest.json`; completed
/// runs are skipped, so an interrupted experiment resumes where it stopped; when every run is
/// complete, ``ExperimentMerge`` writes `runs.csv` and `summary.csv`.
public struct ExperimentRunner {
  public var config: ExperimentConfig
  /// The experiment's folder (`results/<name>` by default).
  public var folder: String
  public var shard: Shard?
  /// Runs at a time.
  public var jobs: Int
  /// Threads inside each run.
  public var threadsPerRun: Int
  public var gitCommit: String
  public var environment: [String: String]
  /// Receives progress lines (the command line prints them on stderr).
  public var progress: ProgressReporter?
  /// Whether runs recorded as failed by an earlier call are run again (otherwise they are
  /// kept as failed and skipped).
  public var retryFailed = false
  /// Called with each run that fails while this call runs (the model stopped it), as it happens.
  public var onFailure: (@Sendable (RunFailure) -> Void)?
  /// For tests of failure handling: run id → step at which the model gets a NaN wage.
  public var injectedNaNSteps: [String: Int] = [:]
  /// Who carries out the pending runs: nil for ``LocalRunExecutor`` with ``jobs`` runs at a
  /// time; an MPI dispatcher hands them to worker ranks instead.
  public var executor: (any RunExecutor)?

  public init(
    config: ExperimentConfig, folder: String, shard: Shard? = nil, jobs: Int, threadsPerRun: Int,
    gitCommit: String = "unknown", environment: [String: String] = [:],
    progress: ProgressReporter? = nil, retryFailed: Bool = false
  ) {
    self.retryFailed = retryFailed
    self.config = config
    self.folder = folder
    self.shard = shard
    self.jobs = jobs
    self.threadsPerRun = threadsPerRun
    self.gitCommit = gitCommit
    self.environment = environment
    self.progress = progress
  }

  /// What a call did.
  public struct Outcome: Sendable {
    public let planned: Int
    public let inShard: Int
    public let alreadyComplete: Int
    public let ran: Int
    public let wallSeconds: Double
    /// Whether runs.csv and summary.csv were written (every run of the plan is done: complete
    /// or failed).
    public let merged: Bool
    /// Runs of the shard recorded as failed (now or earlier), with their messages, in plan order.
    public let failed: [(id: String, message: String)]
    /// Failed runs of the shard skipped because an earlier call recorded them (no retry asked).
    public let failedEarlier: Int
  }

  /// Plans, checks, runs what is missing and merges when every run is done. A run the model
  /// stops (``RunFailure``: a non-finite quantity, books that do not balance) is recorded as
  /// failed in its folder (`failure.json`) and the others go on; it is run again only with
  /// ``retryFailed``.
  /// - Throws: ``ConfigError`` (a folder holding another experiment, an invalid run), output
  ///   failures (which stop the experiment).
  public func run() throws -> Outcome {
    let start = DispatchTime.now().uptimeNanoseconds
    let plan = try prepare()

    let selected = plan.runs.filter { shard?.contains($0) ?? true }
    var pending: [RunSpec] = []
    var complete = 0
    var failedEarlier = 0
    for run in selected {
      let runFolder = "\(folder)/\(run.id)"
      if ExperimentMerge.isComplete(runFolder: runFolder) {
        complete += 1
      } else if !retryFailed && ExperimentMerge.failureMessage(runFolder: runFolder) != nil {
        failedEarlier += 1
      } else {
        try? FileManager.default.removeItem(atPath: runFolder)
        pending.append(run)
      }
    }
    progress?.begin(
      total: selected.count, alreadyDone: complete + failedEarlier, failedEarlier: failedEarlier)
    let reporter = progress
    try (executor ?? LocalRunExecutor(jobs: jobs)).execute(
      pending, work: try runWork(plan: plan), completed: { _ in reporter?.advance() })
    progress?.finish()

    var merged = false
    if plan.runs.allSatisfy({ ExperimentMerge.isDone(runFolder: "\(folder)/\($0.id)") }) {
      try ExperimentMerge(folder: folder).merge(jobs: jobs)
      merged = true
    }
    let failed = selected.compactMap { run in
      ExperimentMerge.failureMessage(runFolder: "\(folder)/\(run.id)").map { (run.id, $0) }
    }
    return Outcome(
      planned: plan.runs.count, inShard: selected.count, alreadyComplete: complete,
      ran: pending.count,
      wallSeconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, merged: merged,
      failed: failed, failedEarlier: failedEarlier)
  }

  /// Checks every run's configuration, then creates the results folder with plan.csv and the
  /// experiment's manifest (or checks that the folder holds this very experiment), before any
  /// run starts; a cluster job calls it once before its tasks start, so that they do not race
  /// to write them.
  /// - Throws: ``ConfigError`` (an invalid run, a folder holding another experiment).
  @discardableResult
  public func prepare() throws -> RunPlan {
    let plan = RunPlan(config)
    for run in plan.runs {
      _ = try config.economyConfiguration(for: run, dimensionNames: plan.dimensionNames)
    }
    try prepareFolder(plan: plan)
    return plan
  }

  /// Carries out one run of `plan` into its folder (`<folder>/<run id>`): the model's tables,
  /// then its manifest; a run the model stops gets `failure.json` instead and is reported to
  /// ``onFailure``. The same work whichever executor calls it (local threads, an MPI worker
  /// rank), so results do not depend on the engine.
  /// - Throws: ``ConfigError`` for an invalid run, output failures.
  public func runWork(plan: RunPlan) throws -> @Sendable (RunSpec) throws -> Void {
    let config = self.config
    let folder = self.folder
    let threads = threadsPerRun
    let commit = gitCommit
    let environment = self.environment
    let dimensionNames = plan.dimensionNames
    let onFailure = self.onFailure
    let injected = injectedNaNSteps
    return { run in
      var single = SingleRun(
        configuration: try config.economyConfiguration(for: run, dimensionNames: dimensionNames),
        outputDirectory: "\(folder)/\(run.id)", threads: threads,
        flowFrequency: config.flowFrequency,
        worldSource: Self.describe(config.world), gitCommit: commit, environment: environment)
      single.tables = config.tables
      single.runSpec = run
      single.dimensionNames = dimensionNames
      single.configuration.injectedNaNStep = injected[run.id]
      do {
        _ = try single.run()
      } catch let failure as RunFailure {
        try ExperimentMerge.recordFailure(failure, runFolder: "\(folder)/\(run.id)")
        onFailure?(failure)
      }
    }
  }

  static func describe(_ world: WorldSource) -> String {
    switch world {
    case .embedded: return "embedded countries.csv"
    case .file(let path): return path
    }
  }

  /// The first line where the config a results folder was made from (`old`) and the current
  /// one differ, in words: `line 3 was 'seed: 3', now 'seed: 4'`; nil if none does.
  static func firstDifference(from old: String, to new: String) -> String? {
    let before = old.split(separator: "\n", omittingEmptySubsequences: false)
    let after = new.split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(before.count, after.count) {
      let was = index < before.count ? String(before[index]) : nil
      let now = index < after.count ? String(after[index]) : nil
      guard was != now else { continue }
      func quoted(_ line: String?) -> String {
        line.map { "'\($0.trimmingCharacters(in: .whitespaces))'" } ?? "nothing"
      }
      return "line \(index + 1) was \(quoted(was)), now \(quoted(now))"
    }
    return nil
  }

  /// Creates the folder, or checks that it holds this very experiment; writes the experiment
  /// manifest and plan.csv (both deterministic) if they are missing.
  func prepareFolder(plan: RunPlan) throws {
    let manifestPath = "\(folder)/manifest.json"
    if let data = FileManager.default.contents(atPath: manifestPath) {
      guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
        let hash = object["config_fnv1a64"] as? String
      else {
        throw ConfigError(
          file: manifestPath,
          message: "unreadable experiment manifest; remove the folder to start afresh")
      }
      if hash != config.textHash, let oldText = object["config_text"] as? String,
        try ExperimentResummary.addsReplicates(from: oldText, to: config)
      {
        // More replicates of the same experiment: the runs done keep their ids and seeds.
        try ExperimentMerge.writePlan(plan, to: "\(folder)/plan.csv")
        let manifest = ExperimentManifest(
          config: config, runs: plan.runs.count, plan: plan, gitCommit: gitCommit,
          environment: environment)
        try writeAtomically(try manifest.json(), to: manifestPath)
        return
      }
      guard hash == config.textHash else {
        let change = (object["config_text"] as? String).flatMap {
          Self.firstDifference(from: $0, to: config.text)
        }
        throw ConfigError(
          file: folder,
          message:
            "holds results of another config (\(change.map { "\($0)" } ?? "its text differs")); if only summary:, groups: or description: differ, brisim summarize \(folder) --config \(config.file) adopts this config without rerunning; otherwise use another name or --out, or remove the folder"
        )
      }
      return
    }
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw ConfigError(
        file: folder, message: "cannot create the results folder (\(error.localizedDescription))")
    }
    try ExperimentMerge.writePlan(plan, to: "\(folder)/plan.csv")
    let manifest = ExperimentManifest(
      config: config, runs: plan.runs.count, plan: plan, gitCommit: gitCommit,
      environment: environment)
    try writeAtomically(try manifest.json(), to: manifestPath)
  }
}

/// The experiment's `manifest.json`.
struct ExperimentManifest: Encodable {
  let name: String
  let description: String
  let brisimVersion: String
  let gitCommit: String
  let configFile: String
  let configText: String
  let configFnv1a64: String
  let runs: Int
  /// The swept dimensions' columns in plan.csv, runs.csv and summary.csv.
  let dimensions: [String]
  /// The swept dimensions as the config names them (`policies.asean_dm.value`).
  let dimensionNames: [String]
  /// Each swept column's readable label (what it is, its unit, where a policy applies), in
  /// the order of `dimensions` (a list: dictionary keys would be snake-cased).
  let dimensionLabels: [Labelled]
  let commonRandomNumbers: Bool
  /// The sweep's design (`grid`, `sobol`, `saltelli`, …), and for `saltelli` its base rows
  /// and whether it holds the second-order blocks (what `brisim analyze` needs).
  let design: String?
  let baseSamples: Int?
  let secondOrder: Bool
  /// For `morris`: the grid's levels, and each swept column's range (min, max), by which
  /// elementary effects are put in units of the range.
  let levels: Int?
  /// For `morris` with `candidates`: the trajectories drawn, of which the most spread are run.
  let candidates: Int?
  let dimensionRanges: [[Double]]?
  let summaryMetrics: [String]
  /// How each summary metric is computed from the runs' tables.
  let summaryDefinitions: [SummaryMetric]
  /// The country groups the config could name, with their members.
  let groups: [Group]

  struct Labelled: Encodable {
    let column: String
    let label: String
  }

  struct Group: Encodable {
    let name: String
    let members: [String]
  }
  let environment: [String: String]

  init(
    config: ExperimentConfig, runs: Int, plan: RunPlan, gitCommit: String,
    environment: [String: String]
  ) {
    name = config.name
    description = config.description
    brisimVersion = BRISimVersion.string
    self.gitCommit = gitCommit
    configFile = config.file
    configText = config.text
    configFnv1a64 = config.textHash
    self.runs = runs
    dimensions = plan.dimensionColumns
    dimensionNames = plan.dimensionNames
    dimensionLabels = zip(plan.dimensionColumns, plan.dimensionNames).map {
      Labelled(column: $0, label: config.label(ofDimension: $1))
    }
    commonRandomNumbers = config.sweep?.commonRandomNumbers ?? false
    design = config.sweep?.design.rawValue
    baseSamples = config.sweep?.baseSamples
    secondOrder = config.sweep?.secondOrder ?? false
    levels = config.sweep?.design == .morris ? config.sweep?.levels : nil
    candidates = config.sweep?.design == .morris ? config.sweep?.candidates : nil
    dimensionRanges =
      config.sweep?.design == .morris
      ? config.sweep?.dimensions.map { dimension -> [Double] in
        if case .range(let low, let high, _) = dimension.values { return [low, high] }
        return []
      } : nil
    summaryMetrics = config.summary.map(\.name)
    summaryDefinitions = config.summary
    groups = config.groups.keys.sorted().map { Group(name: $0, members: config.groups[$0]!) }
    self.environment = environment
  }

  func json() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return try encoder.encode(self)
  }
}

/// Progress of a sweep on a stream: a live line on a terminal, else a line every `interval`.
public final class ProgressReporter: @unchecked Sendable {
  private let write: @Sendable (String) -> Void
  private let isTerminal: Bool
  private let interval: Double
  private let state = Mutex<
    (total: Int, done: Int, startDone: Int, start: UInt64, lastPrint: UInt64)
  >(
    (0, 0, 0, 0, 0))

  /// A reporter writing with `write`; `isTerminal` chooses live updates.
  public init(isTerminal: Bool, interval: Double = 10, write: @escaping @Sendable (String) -> Void)
  {
    self.isTerminal = isTerminal
    self.interval = interval
    self.write = write
  }

  func begin(total: Int, alreadyDone: Int, failedEarlier: Int = 0) {
    let now = DispatchTime.now().uptimeNanoseconds
    state.withLock { $0 = (total, alreadyDone, alreadyDone, now, now) }
    if alreadyDone > 0 {
      let complete = alreadyDone - failedEarlier
      let failedText =
        failedEarlier > 0
        ? ", \(failedEarlier) failed earlier and skipped (--retry-failed runs them again)" : ""
      write("resuming: \(complete) of \(total) runs already complete\(failedText)\n")
    }
  }

  func advance() {
    let line: String? = state.withLock { state in
      state.done += 1
      let now = DispatchTime.now().uptimeNanoseconds
      let elapsed = Double(now - state.start) / 1e9
      let rate = elapsed > 0 ? Double(state.done - state.startDone) / elapsed : 0
      let remaining = rate > 0 ? Double(state.total - state.done) / rate : 0
      let text =
        "\(state.done)/\(state.total) runs, \(Self.format(rate)) runs/s, ETA \(Int(remaining.rounded())) s"
      if isTerminal { return "\r\(text)   " }
      guard Double(now - state.lastPrint) / 1e9 >= interval || state.done == state.total else {
        return nil
      }
      state.lastPrint = now
      return text + "\n"
    }
    if let line { write(line) }
  }

  func finish() {
    if isTerminal { write("\n") }
  }

  static func format(_ value: Double) -> String {
    let scaled = (value * 100).rounded() / 100
    return "\(scaled)"
  }
}
