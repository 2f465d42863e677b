import CSV
import Dispatch
import Engine
import Foundation
import Synchronization

/// Builds an experiment's `runs.csv` and `summary.csv` from its run folders, after checking
/// that every planned run is complete. Rows follow the plan's order and the values are copied
/// as exact text, so the tables are byte-identical however the runs were spread over
/// processes, shards, interruptions and resumptions.
public struct ExperimentMerge {
  public let folder: String

  public init(folder: String) { self.folder = folder }

  /// A run is complete once its manifest exists (it is written last, atomically).
  public static func isComplete(runFolder: String) -> Bool {
    FileManager.default.fileExists(atPath: "\(runFolder)/manifest.json")
  }

  /// The message of a run recorded as failed (its `failure.json`), or nil.
  public static func failureMessage(runFolder: String) -> String? {
    guard let data = FileManager.default.contents(atPath: "\(runFolder)/failure.json"),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return nil }
    return object["message"] as? String ?? "failed (unreadable failure record)"
  }

  /// Whether a run is done: complete, or recorded as failed.
  public static func isDone(runFolder: String) -> Bool {
    isComplete(runFolder: runFolder) || failureMessage(runFolder: runFolder) != nil
  }

  /// Records a failed run: `failure.json` (the one-line message, when, what) in its folder,
  /// written atomically; the folder holds no tables.
  static func recordFailure(_ failure: RunFailure, runFolder: String) throws {
    do {
      try FileManager.default.createDirectory(
        atPath: runFolder, withIntermediateDirectories: true)
    } catch {
      throw OutputError(
        path: runFolder, reason: "cannot create the run folder (\(error.localizedDescription))")
    }
    let record: [String: Any] = [
      "run_id": failure.runID, "message": failure.description, "when": failure.stop.when,
      "step": failure.stop.step, "problem": failure.stop.problem,
      "changed_parameters": failure.changedParameters,
    ]
    let data = try JSONSerialization.data(
      withJSONObject: record, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    try writeAtomically(data, to: "\(runFolder)/failure.json")
  }

  /// Writes plan.csv: run id, point, scenario, replicate, seed and the swept values.
  static func writePlan(_ plan: RunPlan, to path: String) throws {
    let table = try CSVTableWriter(path: path, columns: planColumns + plan.dimensionColumns)
    for run in plan.runs {
      table.append(run.id)
      table.append(run.point)
      table.append(run.scenario)
      table.append(run.replicate)
      table.append(String(run.seed))
      for value in run.values { table.append(value) }
      try table.endRow()
    }
    try table.finish()
  }

  static let planColumns = ["run_id", "point", "scenario", "replicate", "seed"]

  /// What a merge found.
  public struct Report: Sendable {
    /// Runs in the plan.
    public let runs: Int
    /// Failed runs, with their messages, in plan order.
    public let failed: [(id: String, message: String)]
  }

  /// The summary metrics recorded in an experiment manifest (`summary_definitions`).
  /// - Throws: ``ConfigError`` naming the manifest when they are missing or unreadable.
  public static func summaryMetrics(manifestPath: String) throws -> [SummaryMetric] {
    struct Recorded: Decodable { let summaryDefinitions: [SummaryMetric] }
    guard let data = FileManager.default.contents(atPath: manifestPath) else {
      throw ConfigError(file: manifestPath, message: "missing experiment manifest")
    }
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    guard let recorded = try? decoder.decode(Recorded.self, from: data) else {
      throw ConfigError(
        file: manifestPath,
        message:
          "no readable summary_definitions (results of an older BRISim?); brisim summarize RESULTS --config CONFIG records them"
      )
    }
    return recorded.summaryDefinitions
  }

  /// Checks that every run is done and writes runs.csv (status `complete` or `failed`, wall
  /// time, the failure message) and summary.csv: each complete run's metrics computed from its
  /// tables (``SummaryEvaluation``), empty cells for failed runs. Runs are read `jobs` at a
  /// time; the tables do not depend on it.
  /// - Throws: ``ConfigError`` naming the folder and the missing runs, or the table a metric
  ///   cannot be computed from.
  @discardableResult
  public func merge(jobs: Int = 1) throws -> Report {
    let folder = self.folder
    let planPath = "\(folder)/plan.csv"
    guard let planText = try? String(contentsOfFile: planPath, encoding: .utf8) else {
      throw ConfigError(file: folder, message: "not an experiment's results folder (no plan.csv)")
    }
    let metrics = try Self.summaryMetrics(manifestPath: "\(folder)/manifest.json")
    let metricNames = metrics.map(\.name)

    let reader = try CSVReader(string: planText, hasHeaderRow: true)
    let header = reader.headerRow ?? []
    var rows: [[String]] = []
    while let row = reader.next() { rows.append(row) }
    let missing = rows.filter { !Self.isDone(runFolder: "\(folder)/\($0[0])") }.map { $0[0] }
    guard missing.isEmpty else {
      let shown = missing.prefix(5).joined(separator: ", ")
      throw ConfigError(
        file: folder,
        message:
          "\(missing.count) of \(rows.count) runs are incomplete (\(shown)\(missing.count > 5 ? ", …" : "")); run the remaining shards or resume the sweep"
      )
    }
    // Each complete run's wall time and metrics, computed concurrently into fixed slots.
    let results = Mutex<[Result<(Double, [Double]), Error>?]>(
      [Result<(Double, [Double]), Error>?](repeating: nil, count: rows.count))
    let runIDs = rows.map { $0[0] }
    let workers = max(1, min(jobs, rows.count))
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      for index in stride(from: worker, to: runIDs.count, by: workers) {
        let runFolder = "\(folder)/\(runIDs[index])"
        guard Self.isComplete(runFolder: runFolder) else { continue }
        let result = Result { () throws -> (Double, [Double]) in
          let manifestPath = "\(runFolder)/manifest.json"
          guard let data = FileManager.default.contents(atPath: manifestPath),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
          else { throw ConfigError(file: manifestPath, message: "unreadable run manifest") }
          let values = try SummaryEvaluation.values(of: metrics, runFolder: runFolder)
          return ((object["wall_seconds"] as? Double) ?? .nan, values)
        }
        results.withLock { $0[index] = result }
      }
    }
    let computed = results.withLock { $0 }
    let runs = try CSVTableWriter(
      path: "\(folder)/runs.csv", columns: header + ["status", "wall_seconds", "message"])
    let summary = try CSVTableWriter(path: "\(folder)/summary.csv", columns: header + metricNames)
    var failed: [(id: String, message: String)] = []
    for (index, row) in rows.enumerated() {
      guard let result = computed[index] else {
        let message = Self.failureMessage(runFolder: "\(folder)/\(row[0])") ?? "failed"
        failed.append((row[0], message))
        for field in row { runs.append(field) }
        runs.append("failed")
        runs.append("")
        runs.append(message)
        try runs.endRow()
        for field in row { summary.append(field) }
        for _ in metricNames { summary.append("") }
        try summary.endRow()
        continue
      }
      let wallSeconds: Double
      let values: [Double]
      do {
        (wallSeconds, values) = try result.get()
      } catch {
        runs.discard()
        summary.discard()
        throw error
      }
      for field in row { runs.append(field) }
      runs.append("complete")
      runs.append(wallSeconds)
      runs.append("")
      try runs.endRow()
      for field in row { summary.append(field) }
      for value in values { summary.append(value.description) }
      try summary.endRow()
    }
    try runs.finish()
    try summary.finish()
    return Report(runs: rows.count, failed: failed)
  }
}
