import Foundation
import Yams

/// Gives a finished experiment a new summary without running anything again: the new config
/// may differ from the one that made the results only in `summary:`, `groups:` (as far as no
/// policy's countries change) and `description:`. The experiment manifest then records the
/// new config; run folders are not touched; summary.csv is recomputed from the runs' tables.
public enum ExperimentResummary {
  /// Keys a config may change without changing its runs.
  public static let analysisKeys: Set<String> = ["summary", "groups", "description"]

  /// Whether `config` is the recorded config (`oldText`) with more replicates and nothing else
  /// changed (`replicates:`, or `sweep.replicates:` for a sweep): the runs already done keep
  /// their ids and seeds (seeds depend on the point and replicate only), so the experiment
  /// can grow in place. Run ids carry the replicate only from two replicates on, so the
  /// recorded config must have had at least two.
  /// - Throws: ``ConfigError`` when only the replicates changed but they fell, or grew from 1.
  public static func addsReplicates(from oldText: String, to config: ExperimentConfig) throws
    -> Bool
  {
    guard var old = try? Yams.load(yaml: oldText) as? [String: Any],
      var new = try Yams.load(yaml: config.text) as? [String: Any]
    else { return false }
    func replicates(_ tree: inout [String: Any]) -> Int {
      if var sweep = tree["sweep"] as? [String: Any] {
        let count = sweep["replicates"] as? Int ?? 1
        sweep["replicates"] = nil
        tree["sweep"] = sweep
        tree["replicates"] = nil
        return count
      }
      let count = tree["replicates"] as? Int ?? 1
      tree["replicates"] = nil
      return count
    }
    let before = replicates(&old)
    let after = replicates(&new)
    guard before != after, canonical(old) == canonical(new) else { return false }
    guard after > before else {
      throw ConfigError(
        file: config.file, key: "replicates",
        message:
          "\(after) replicates, fewer than the \(before) of the results folder; use another name or --out (or keep the folder and ignore the extra runs)"
      )
    }
    guard before >= 2 else {
      throw ConfigError(
        file: config.file, key: "replicates",
        message:
          "the results folder has 1 replicate, whose run ids carry no replicate number; runs can be added in place from 2 replicates on: use another name or --out"
      )
    }
    return true
  }

  /// A YAML value as canonical text (sorted keys), so that comments, layout and key order do
  /// not count as changes.
  static func canonical(_ value: Any?) -> String {
    guard let value else { return "absent" }
    if let data = try? JSONSerialization.data(withJSONObject: ["v": value], options: .sortedKeys) {
      return String(decoding: data, as: UTF8.self)
    }
    return String(describing: value)
  }

  /// Checks that `config` makes the same runs as the config recorded in `folder`'s manifest
  /// and records it there (config text, hash, summary metrics, groups).
  /// - Throws: ``ConfigError`` naming the first key that differs, or an unreadable manifest.
  public static func adopt(_ config: ExperimentConfig, folder: String) throws {
    let manifestPath = "\(folder)/manifest.json"
    guard let data = FileManager.default.contents(atPath: manifestPath),
      var manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let oldText = manifest["config_text"] as? String
    else {
      throw ConfigError(
        file: manifestPath, message: "not an experiment's results folder (no readable manifest)")
    }
    guard let oldTree = try? Yams.load(yaml: oldText) as? [String: Any],
      let newTree = try Yams.load(yaml: config.text) as? [String: Any]
    else { throw ConfigError(file: manifestPath, message: "unreadable recorded config") }
    let keys = Set(oldTree.keys).union(newTree.keys).subtracting(analysisKeys).sorted()
    for key in keys {
      if canonical(oldTree[key]) != canonical(newTree[key]) {
        throw ConfigError(
          file: config.file, key: key,
          message:
            "differs from the config that made \(folder) (only summary:, groups: and description: may change without new runs); use another name or --out to run the changed experiment"
        )
      }
    }
    // Groups a policy names must keep their members. The recorded config is parsed again to
    // compare the rules with groups expanded; if it no longer parses (written for an older
    // BRISim), its groups must be unchanged.
    let recordedBase = ((manifest["config_file"] as? String) ?? config.file)
    if let old = try? ExperimentConfig.parse(
      text: oldText, file: recordedBase,
      baseDirectory: URL(fileURLWithPath: config.file).deletingLastPathComponent().path)
    {
      let oldRules = (old.policies + old.scenarios.flatMap(\.policies)).map(\.rule)
      let newRules = (config.policies + config.scenarios.flatMap(\.policies)).map(\.rule)
      guard oldRules == newRules else {
        throw ConfigError(
          file: config.file, key: "groups",
          message:
            "changes the members of a group a policy names, so the runs would differ; use another name or --out to run the changed experiment"
        )
      }
    } else if canonical(oldTree["groups"]) != canonical(newTree["groups"]) {
      throw ConfigError(
        file: config.file, key: "groups",
        message:
          "differs from the recorded config, which this BRISim cannot parse to check that no policy moves; keep groups: as recorded"
      )
    }
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    let definitions = try JSONSerialization.jsonObject(with: encoder.encode(config.summary))
    manifest["config_text"] = config.text
    manifest["config_file"] = config.file
    manifest["config_fnv1a64"] = config.textHash
    manifest["description"] = config.description
    manifest["summary_metrics"] = config.summary.map(\.name)
    manifest["summary_definitions"] = definitions
    manifest["groups"] = config.groups.keys.sorted().map {
      ["name": $0, "members": config.groups[$0]!]
    }
    let updated = try JSONSerialization.data(
      withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    try writeAtomically(updated, to: manifestPath)
  }
}
