import Foundation

@testable import Figures

/// Small result folders written for the tests, with values whose means, bands and differences
/// are known in closed form.
enum Fixture {
  /// World columns the figures read.
  static let worldColumns = [
    "china_cbec_cny", "china_cbec_exports_cny", "china_cbec_imports_cny", "cbec_export_share",
    "b2b_share", "b2c_share", "china_labor_intensive_share_of_manufactured_exports",
    "mean_b2c_delivery_days", "b2c_fraud_loss_cny", "b2b_fraud_loss_cny", "default_loss_cny",
    "mean_trust", "china_exports_cny",
  ]

  /// China's CBEC in a month of replicate `r` of scenario number `s`: (1 + r)(1e11 + 1e10 s).
  /// Scenario s adds 1e10 s (1 + r) a month: paired with the baseline replicate by replicate,
  /// its difference is 1.2e11 s (1 + r) a year, spread far less than the replicates themselves.
  static func cbec(replicate r: Int, scenario s: Int) -> Double {
    Double(1 + r) * (1e11 + 1e10 * Double(s))
  }

  /// Months 2015-01 … 2019-12 and three months of 2020 (an incomplete year).
  static let dates: [String] =
    (2015...2019).flatMap { year in (1...12).map { String(format: "%d-%02d", year, $0) } }
    + ["2020-01", "2020-02", "2020-03"]

  static func folder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "brisim-figures-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static func write(_ text: String, _ url: URL) throws {
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
  }

  static func worldTable(replicate r: Int, scenario s: Int, omitting: String? = nil) -> String {
    let columns = worldColumns.filter { $0 != omitting }
    var lines = [(["date"] + columns).joined(separator: ",")]
    for (month, date) in dates.enumerated() {
      let values = columns.map { column -> Double in
        switch column {
        case "china_cbec_cny": return cbec(replicate: r, scenario: s)
        case "china_cbec_exports_cny": return 0.8 * cbec(replicate: r, scenario: s)
        case "china_cbec_imports_cny": return 0.2 * cbec(replicate: r, scenario: s)
        case "mean_trust": return 0.4 + 0.001 * Double(month) + 0.01 * Double(r)
        case "mean_b2c_delivery_days": return 20 - 0.05 * Double(month) - Double(s)
        default: return 0.5 + 0.01 * Double(r) + 0.02 * Double(s) + 1e-4 * Double(month)
        }
      }
      lines.append(([date] + values.map { "\($0)" }).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func corridorTable(replicate r: Int) -> String {
    var lines = ["date,corridor,china_exports_cny,china_imports_cny"]
    for date in dates {
      for (index, corridor) in ["CMR", "MSR", "ROW"].enumerated() {
        lines.append("\(date),\(corridor),\(1e10 * Double(index + 1) * Double(1 + r)),1e9")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// An experiment folder with `scenarios` × `replicates` runs.
  static func experiment(
    _ name: String, scenarios: [String], replicates: Int, omitting: String? = nil
  ) throws -> URL {
    let root = try folder(name)
    var plan = ["run_id,point,scenario,replicate,seed"]
    for (s, scenario) in scenarios.enumerated() {
      for r in 0..<replicates {
        let id = replicates > 1 ? "\(scenario)-r0\(r)" : scenario
        plan.append("\(id),0,\(scenario),\(r),\(1000 + r)")
        try write(
          worldTable(replicate: r, scenario: s, omitting: omitting),
          root.appendingPathComponent("\(id)/world.csv"))
        try write(corridorTable(replicate: r), root.appendingPathComponent("\(id)/corridors.csv"))
      }
    }
    try write(plan.joined(separator: "\n") + "\n", root.appendingPathComponent("plan.csv"))
    try write(
      #"{"name": "\#(name)", "dimensions": [], "summary_metrics": ["china_cbec_cny_sum_2019"]}"#,
      root.appendingPathComponent("manifest.json"))
    return root
  }

  /// A sweep over a grid of (alpha, beta) — by default 3 × 2, alpha 0, 0.5, 1 and beta 1, 2 —
  /// with 2 replicates; the metric is 2 alpha + 3 beta + 0.1 × (2 × replicate − 1), so
  /// replicate noise cancels in each cell's mean. `names` are the two swept columns' names and
  /// `labels` the manifest's `dimension_labels` (none by default).
  static func sweep(
    _ name: String, alphas: [Double] = [0, 0.5, 1], betas: [Double] = [1, 2],
    names: (String, String) = ("alpha", "beta"), labels: String? = nil
  ) throws -> URL {
    let root = try folder(name)
    var plan = ["run_id,point,scenario,replicate,seed,\(names.0),\(names.1)"]
    var summary = [
      "run_id,point,scenario,replicate,seed,\(names.0),\(names.1),outcome_share,exports_cny_sum_2019"
    ]
    var point = 0
    for beta in betas {
      for alpha in alphas {
        for r in 0..<2 {
          let id = String(format: "p%04d-baseline-r0%d", point, r)
          plan.append("\(id),\(point),baseline,\(r),\(r),\(alpha),\(beta)")
          let outcome = 2 * alpha + 3 * beta + 0.1 * Double(2 * r - 1)
          summary.append(
            "\(id),\(point),baseline,\(r),\(r),\(alpha),\(beta),\(outcome),\(outcome * 1e12)")
        }
        point += 1
      }
    }
    try write(plan.joined(separator: "\n") + "\n", root.appendingPathComponent("plan.csv"))
    try write(summary.joined(separator: "\n") + "\n", root.appendingPathComponent("summary.csv"))
    try write(
      #"{"name": "\#(name)", "dimensions": ["\#(names.0)", "\#(names.1)"], "summary_metrics": ["outcome_share", "exports_cny_sum_2019"]\#(labels.map { ", \"dimension_labels\": \($0)" } ?? "")}"#,
      root.appendingPathComponent("manifest.json"))
    return root
  }

  /// Rows of a figure's data file as column → values (in row order).
  static func data(_ url: URL) throws -> [String: [String]] {
    let table = try ResultTable(path: url.path)
    var columns: [String: [String]] = [:]
    for name in table.header { columns[name] = try table.text(name) }
    return columns
  }
}

extension Fixture {
  /// The header of a data file.
  static func header(_ url: URL) throws -> [String] { try ResultTable(path: url.path).header }
}

extension Fixture {
  /// The rows of a long-form data file whose `column` holds `value`, each as column → cell.
  static func rows(_ url: URL, where column: String, is value: String) throws -> [[String: String]]
  {
    let table = try ResultTable(path: url.path)
    let key = try table.columnIndex(column)
    return table.rows.filter { $0[key] == value }.map {
      Dictionary(uniqueKeysWithValues: zip(table.header, $0))
    }
  }

  /// Whether `name` is a valid identifier: ASCII letters, digits, `_`, starting with a letter.
  static func isIdentifier(_ name: String) -> Bool {
    guard let first = name.first, first.isASCII, first.isLetter else { return false }
    return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
  }
}
