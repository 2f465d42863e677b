import CorridorModel
import Yams

/// A node of a parsed config with its key path and file, and typed accessors that throw a
/// ``ConfigError`` naming the line and key when the value is not what the schema expects.
struct ConfigNode {
  let node: Node
  let key: String
  let file: String
  let budget: NodeBudget

  /// Counts visited nodes, so that YAML aliases (a node reused many times) cannot make a small
  /// file expand into an enormous tree.
  final class NodeBudget {
    var remaining: Int
    init(limit: Int) { remaining = limit }
  }

  var line: Int? { node.mark?.line }

  func error(_ message: String) -> ConfigError {
    ConfigError(file: file, line: line, key: key, message: message)
  }

  func child(_ node: Node, key childKey: String) throws -> ConfigNode {
    budget.remaining -= 1
    guard budget.remaining >= 0 else {
      throw ConfigError(
        file: file, line: node.mark?.line, key: childKey,
        message:
          "the config expands to more than \(ConfigLimits.maximumNodes) YAML nodes (aliases?); simplify it"
      )
    }
    return ConfigNode(node: node, key: childKey, file: file, budget: budget)
  }

  private func describe() -> String {
    switch node {
    case .scalar(let scalar): return "'\(scalar.string)'"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
  }

  /// The entries of a mapping, in file order, after checking every key against `allowed`
  /// ("did you mean" for unknown keys) and that `required` keys are present.
  func mapping(allowed: [String], required: [String] = []) throws -> [(String, ConfigNode)] {
    guard case .mapping(let mapping) = node else {
      throw error("expected a mapping of keys, got \(describe())")
    }
    var entries: [(String, ConfigNode)] = []
    for (keyNode, valueNode) in mapping {
      guard case .scalar(let scalar) = keyNode else { throw error("keys must be plain names") }
      let name = scalar.string
      let path = key.isEmpty ? name : "\(key).\(name)"
      guard allowed.contains(name) else {
        let hint = closestMatch(to: name, among: allowed).map { "; did you mean '\($0)'?" } ?? ""
        throw ConfigError(
          file: file, line: keyNode.mark?.line, key: path,
          message: "unknown key\(hint) Expected one of: \(allowed.joined(separator: ", "))")
      }
      if entries.contains(where: { $0.0 == name }) {
        throw ConfigError(file: file, line: keyNode.mark?.line, key: path, message: "duplicate key")
      }
      entries.append((name, try child(valueNode, key: path)))
    }
    for name in required where !entries.contains(where: { $0.0 == name }) {
      throw ConfigError(
        file: file, line: line, key: key.isEmpty ? name : "\(key).\(name)",
        message: "missing required key")
    }
    return entries
  }

  /// The entries of a mapping whose keys are free names (checked by the caller).
  func namedEntries() throws -> [(name: String, line: Int?, value: ConfigNode)] {
    guard case .mapping(let mapping) = node else {
      throw error("expected a mapping, got \(describe())")
    }
    var entries: [(String, Int?, ConfigNode)] = []
    for (keyNode, valueNode) in mapping {
      guard case .scalar(let scalar) = keyNode else { throw error("keys must be plain names") }
      let path = key.isEmpty ? scalar.string : "\(key).\(scalar.string)"
      if entries.contains(where: { $0.0 == scalar.string }) {
        throw ConfigError(file: file, line: keyNode.mark?.line, key: path, message: "duplicate key")
      }
      entries.append((scalar.string, keyNode.mark?.line, try child(valueNode, key: path)))
    }
    return entries
  }

  func sequence() throws -> [ConfigNode] {
    guard case .sequence(let sequence) = node else {
      throw error("expected a list, got \(describe())")
    }
    return try sequence.enumerated().map { try child($0.element, key: "\(key)[\($0.offset + 1)]") }
  }

  func string() throws -> String {
    guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
      throw error("expected text, got \(describe())")
    }
    return scalar.string
  }

  func double(in range: ClosedRange<Double>? = nil, unit: String = "") throws -> Double {
    guard case .scalar(let scalar) = node,
      let value = Double(scalar.string.replacingOccurrences(of: "_", with: "")),
      value.isFinite
    else { throw error("expected a number, got \(describe())") }
    if let range, !range.contains(value) {
      throw error(
        "\(value) is out of range; expected \(range.lowerBound) to \(range.upperBound)\(unit.isEmpty ? "" : " (\(unit))")"
      )
    }
    return value
  }

  /// A number inside a parameter's range (whose ends may be excluded, with a reason).
  func double(in range: ParameterRange, unit: String = "") throws -> Double {
    let value = try double()
    guard range.contains(value) else {
      throw error(
        "\(value) is out of range; expected a value in \(range)\(unit.isEmpty ? "" : " (\(unit))")\(range.note.map { ": \($0)" } ?? "")"
      )
    }
    return value
  }

  func integer(in range: ClosedRange<Int>? = nil) throws -> Int {
    guard case .scalar(let scalar) = node,
      let value = Int(scalar.string.replacingOccurrences(of: "_", with: ""))
    else {
      throw error("expected a whole number, got \(describe())")
    }
    if let range, !range.contains(value) {
      throw error("\(value) is out of range; expected \(range.lowerBound) to \(range.upperBound)")
    }
    return value
  }

  func unsigned() throws -> UInt64 {
    guard case .scalar(let scalar) = node,
      let value = UInt64(scalar.string.replacingOccurrences(of: "_", with: ""))
    else {
      throw error("expected a non-negative whole number, got \(describe())")
    }
    return value
  }

  func bool() throws -> Bool {
    guard case .scalar(let scalar) = node else {
      throw error("expected true or false, got \(describe())")
    }
    switch scalar.string.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default: throw error("expected true or false, got \(describe())")
    }
  }

  /// A list of text values, or a single text value.
  func strings() throws -> [String] {
    if case .sequence = node { return try sequence().map { try $0.string() } }
    return [try string()]
  }
}

/// Limits that keep a config from exhausting memory or time.
public enum ConfigLimits {
  /// Largest config file, bytes.
  public static let maximumBytes = 1 << 20
  /// Most YAML nodes a config may expand to (aliases included).
  public static let maximumNodes = 100_000
  /// Most runs one experiment may plan.
  public static let maximumRuns = 1_000_000
}
