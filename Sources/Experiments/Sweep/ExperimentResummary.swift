import Foundation
import Yams

/// Gives a finished experiment a new summary without running anything again: the new config
/// may differ from the one that made the results only in `summary:`, `groups:` (as far as no
/// policy's countries change) and `description:`. The experiment manifest then records the
/// new config; run folders are not touched; summary.csv is recomputed from the runs' tables.
public enum ExperimentResummary {
  /// Keys a config may change without changing its runs.
  public static let analysisKeys: Set<String> = ["summary", "groups", "description"]

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
