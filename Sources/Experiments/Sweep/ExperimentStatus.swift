import CSV
import Foundation

/// Where an experiment's runs stand, per shard: planned, complete, failed (recorded by
/// `failure.json`) and missing (never started, or stopped before its manifest was written),
/// read from `plan.csv` and the run folders, so that a researcher (or a cluster script) sees
/// which shards to run again and with which command.
public struct ExperimentStatus: Sendable {
  /// One shard's counts, with the ids of its failed and missing runs in plan order.
  public struct ShardState: Sendable {
    public let shard: Shard
    public let planned: Int
    public let complete: Int
    public let failedRuns: [String]
    public let missingRuns: [String]
  }

  public let folder: String
  /// The config the experiment was run from (its manifest's `config_file`), if recorded.
  public let configFile: String?
  public let shards: [ShardState]
  /// Whether runs.csv and summary.csv exist (the experiment was merged).
  public let merged: Bool

  public var planned: Int { shards.reduce(0) { $0 + $1.planned } }
  public var complete: Int { shards.reduce(0) { $0 + $1.complete } }
  public var failed: Int { shards.reduce(0) { $0 + $1.failedRuns.count } }
  public var missing: Int { shards.reduce(0) { $0 + $1.missingRuns.count } }

  /// Reads `folder` as split into `shardCount` shards (run i in shard i mod N + 1, as `--shard
  /// K/N` runs them).
  /// - Throws: ``ConfigError`` for a folder that is not an experiment's results.
  public init(folder: String, shardCount: Int = 1) throws {
    self.folder = folder
    let planPath = "\(folder)/plan.csv"
    guard let planText = try? String(contentsOfFile: planPath, encoding: .utf8) else {
      throw ConfigError(file: folder, message: "not an experiment's results folder (no plan.csv)")
    }
    let reader: CSVReader
    do { reader = try CSVReader(string: planText, hasHeaderRow: true) } catch {
      throw ConfigError(file: planPath, message: "unreadable CSV (\(error))")
    }
    guard reader.headerRow?.first == "run_id" else {
      throw ConfigError(file: planPath, message: "expected a plan whose first column is run_id")
    }
    var ids: [String] = []
    while let row = reader.next() { ids.append(row[0]) }
    var complete = [Int](repeating: 0, count: shardCount)
    var failed = [[String]](repeating: [], count: shardCount)
    var missing = [[String]](repeating: [], count: shardCount)
    for (index, id) in ids.enumerated() {
      let shard = index % shardCount
      let runFolder = "\(folder)/\(id)"
      if ExperimentMerge.isComplete(runFolder: runFolder) {
        complete[shard] += 1
      } else if ExperimentMerge.failureMessage(runFolder: runFolder) != nil {
        failed[shard].append(id)
      } else {
        missing[shard].append(id)
      }
    }
    shards = (0..<shardCount).map { k in
      ShardState(
        shard: Shard(index: k + 1, count: shardCount),
        planned: ids.indices.filter { $0 % shardCount == k }.count, complete: complete[k],
        failedRuns: failed[k], missingRuns: missing[k])
    }
    let manifest =
      FileManager.default.contents(atPath: "\(folder)/manifest.json").flatMap {
        try? JSONSerialization.jsonObject(with: $0) as? [String: Any]
      }
    configFile = manifest?["config_file"] as? String
    merged =
      FileManager.default.fileExists(atPath: "\(folder)/runs.csv")
      && FileManager.default.fileExists(atPath: "\(folder)/summary.csv")
  }

  /// The commands that finish the experiment: each shard with missing runs run again (its
  /// complete runs are skipped), each with failed runs retried, then the merge.
  public var nextCommands: [String] {
    let config = configFile ?? "CONFIG"
    let sharded = shards.count > 1
    var commands: [String] = []
    for state in shards where !state.missingRuns.isEmpty || !state.failedRuns.isEmpty {
      var command = "brisim sweep \(config) --out \(folder)"
      if sharded { command += " --shard \(state.shard)" }
      if !state.failedRuns.isEmpty { command += " --retry-failed" }
      commands.append(command)
    }
    if missing == 0 && failed == 0 && !merged {
      commands.append("brisim merge \(folder)")
    }
    return commands
  }

  /// A table of the shards and the commands that finish the experiment (``nextCommands``
  /// unless others are given, such as a Slurm resubmission).
  public var report: String { report(commands: nextCommands) }

  /// A table of the shards and `commands`, the ones that finish the experiment.
  public func report(commands: [String]) -> String {
    var lines = [
      "\(folder): \(planned) runs planned, \(complete) complete, \(failed) failed, \(missing) missing\(merged ? " (merged)" : "")"
    ]
    if shards.count > 1 {
      lines.append("shard   planned  complete  failed  missing")
      for state in shards {
        lines.append(
          "\(String(describing: state.shard).padding(toLength: 7, withPad: " ", startingAt: 0)) \(pad(state.planned, 8)) \(pad(state.complete, 9)) \(pad(state.failedRuns.count, 7)) \(pad(state.missingRuns.count, 8))"
        )
      }
    }
    let missingIDs = shards.flatMap(\.missingRuns)
    if !missingIDs.isEmpty {
      lines.append(
        "missing: \(missingIDs.prefix(5).joined(separator: ", "))\(missingIDs.count > 5 ? ", …" : "")"
      )
    }
    let failedIDs = shards.flatMap(\.failedRuns)
    if !failedIDs.isEmpty {
      lines.append(
        "failed: \(failedIDs.prefix(5).joined(separator: ", "))\(failedIDs.count > 5 ? ", …" : "") (runs.csv or each run's failure.json has the message)"
      )
    }
    if !commands.isEmpty {
      lines.append("to finish:")
      lines += commands.map { "  \($0)" }
    }
    return lines.joined(separator: "\n")
  }

  private func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: " ", count: max(0, width - text.count)) + text
  }
}
