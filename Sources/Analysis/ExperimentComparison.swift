import Engine
import Foundation

/// Bad input to an analysis (a results folder, a table, an option), naming the file and what
/// was expected.
public struct AnalysisInputError: Error, CustomStringConvertible {
  public let file: String
  public let message: String

  public init(file: String, _ message: String) {
    self.file = file
    self.message = message
  }

  public var description: String { "\(file): \(message)" }
}

/// A results folder's summary.csv read as runs (streamed, ``CSVRowStream``): each with its
/// point, scenario, replicate, swept values and metric values.
public struct SummaryTable: Sendable {
  public struct Run: Sendable {
    public let id: String
    public let point: Int
    public let scenario: String
    public let replicate: Int
    /// Swept values as written (exact text), in the order of ``SummaryTable/dimensions``.
    public let sweptValues: [String]
    /// Metric values (NaN for a failed run), in the order of ``SummaryTable/metrics``.
    public let values: [Double]
  }

  public let folder: String
  public let dimensions: [String]
  public let metrics: [String]
  public let runs: [Run]
  /// Scenario names in the order of the plan.
  public let scenarios: [String]

  /// Reads `folder/summary.csv` with the dimension and metric names of `folder/manifest.json`.
  /// - Throws: ``AnalysisInputError`` naming the file, line or column.
  public init(folder: String) throws {
    self.folder = folder
    let manifestPath = "\(folder)/manifest.json"
    guard let data = FileManager.default.contents(atPath: manifestPath),
      let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let metrics = manifest["summary_metrics"] as? [String]
    else {
      throw AnalysisInputError(
        file: manifestPath, "missing or unreadable experiment manifest (not a results folder?)")
    }
    dimensions = manifest["dimensions"] as? [String] ?? []
    self.metrics = metrics
    let path = "\(folder)/summary.csv"
    var stream: CSVRowStream
    do { stream = try CSVRowStream(path: path) } catch {
      throw AnalysisInputError(
        file: path, "missing; run the experiment to the end or brisim merge / summarize it")
    }
    let header = stream.header
    let idColumn = try stream.column("run_id")
    let pointColumn = try stream.column("point")
    let scenarioColumn = try stream.column("scenario")
    let replicateColumn = try stream.column("replicate")
    let dimensionColumns = try dimensions.map(stream.column)
    let metricColumns = try metrics.map(stream.column)
    var runs: [Run] = []
    var scenarios: [String] = []
    try stream.forEachRow { row in
      guard row.count == header.count, let point = row.integer(pointColumn),
        let replicate = row.integer(replicateColumn)
      else {
        throw AnalysisInputError(
          file: "\(path):\(row.line)",
          "expected \(header.count) fields with integer point and replicate")
      }
      var values: [Double] = []
      for index in metricColumns {
        if row.isEmpty(index) {
          values.append(.nan)
        } else if let value = row.number(index) {
          values.append(value)
        } else {
          throw AnalysisInputError(
            file: "\(path):\(row.line)",
            "\(header[index]): expected a number, got '\(row.string(index))'")
        }
      }
      let scenario = row.string(scenarioColumn)
      if !scenarios.contains(scenario) { scenarios.append(scenario) }
      runs.append(
        Run(
          id: row.string(idColumn), point: point, scenario: scenario, replicate: replicate,
          sweptValues: dimensionColumns.map { row.string($0) }, values: values))
    }
    self.runs = runs
    self.scenarios = scenarios
  }
}

/// `brisim compare`: every summary metric of every scenario against the baseline, paired by
/// sweep point and replicate (runs that share their seeds), as ``PairedComparison``s.
public struct ExperimentComparison: Sendable {
  /// One scenario × metric × point.
  public struct Row: Sendable {
    public let point: Int
    public let sweptValues: [String]
    public let scenario: String
    public let metric: String
    public let comparison: PairedComparison
  }

  public let table: SummaryTable
  /// What each row is compared with: the baseline scenario's name, or `point K`.
  public let baseline: String
  public let precision: Double
  /// With sweep points compared against one point, that point.
  public let referencePoint: Int?
  public let rows: [Row]

  /// Compares each scenario other than `baseline` with it, at every sweep point; or, with
  /// `referencePoint`, every sweep point with that point, scenario by scenario. Either way the
  /// runs pair by replicate (they share their seeds: always across scenarios, across points
  /// with common random numbers); failed runs (NaN) drop their pair.
  /// - Throws: ``AnalysisInputError`` when there is no such scenario or point, or nothing to
  ///   compare it with.
  public init(
    table: SummaryTable, baseline: String = "baseline", precision: Double = 0.1,
    referencePoint: Int? = nil
  ) throws {
    self.table = table
    self.precision = precision
    self.referencePoint = referencePoint
    let points = Array(Set(table.runs.map(\.point))).sorted()
    /// (point, scenario) compared with (reference point, reference scenario).
    var pairs: [(point: Int, scenario: String, referencePoint: Int, referenceScenario: String)]
    if let referencePoint {
      self.baseline = "point \(referencePoint)"
      guard points.contains(referencePoint), points.count > 1 else {
        throw AnalysisInputError(
          file: "\(table.folder)/summary.csv",
          "--reference-point \(referencePoint): the sweep has points 0…\(points.last ?? 0); a comparison of points needs at least two"
        )
      }
      pairs = points.filter { $0 != referencePoint }.flatMap { point in
        table.scenarios.map { (point, $0, referencePoint, $0) }
      }
    } else {
      self.baseline = baseline
      guard table.scenarios.contains(baseline) else {
        throw AnalysisInputError(
          file: "\(table.folder)/summary.csv",
          "no scenario '\(baseline)' to compare with; scenarios: \(table.scenarios.joined(separator: ", "))"
        )
      }
      let others = table.scenarios.filter { $0 != baseline }
      guard !others.isEmpty else {
        throw AnalysisInputError(
          file: "\(table.folder)/summary.csv",
          "only one scenario ('\(baseline)'); a comparison needs scenarios: in the config\(table.dimensions.isEmpty ? "" : ", or compare sweep points with --reference-point K")"
        )
      }
      pairs = points.flatMap { point in others.map { (point, $0, point, baseline) } }
    }
    var byKey: [String: SummaryTable.Run] = [:]
    for run in table.runs { byKey["\(run.point)/\(run.scenario)/\(run.replicate)"] = run }
    var rows: [Row] = []
    for pair in pairs {
      let replicates = Set(table.runs.filter { $0.point == pair.point }.map(\.replicate)).sorted()
      let swept = table.runs.first { $0.point == pair.point }?.sweptValues ?? []
      for (metricIndex, metric) in table.metrics.enumerated() {
        var base: [Double] = []
        var treated: [Double] = []
        for replicate in replicates {
          guard
            let b = byKey["\(pair.referencePoint)/\(pair.referenceScenario)/\(replicate)"]?
              .values[metricIndex],
            let s = byKey["\(pair.point)/\(pair.scenario)/\(replicate)"]?.values[metricIndex],
            b.isFinite, s.isFinite
          else { continue }
          base.append(b)
          treated.append(s)
        }
        guard !base.isEmpty else { continue }
        rows.append(
          Row(
            point: pair.point, sweptValues: swept, scenario: pair.scenario, metric: metric,
            comparison: PairedComparison(baseline: base, scenario: treated, precision: precision)))
      }
    }
    self.rows = rows
  }

  /// Columns of compare.csv (after the swept columns).
  public static let columns = [
    "scenario", "baseline", "metric", "replicates", "baseline_mean", "scenario_mean",
    "mean_difference", "sd_difference", "se_difference", "t_stat", "df", "p_value",
    "t_ci_low", "t_ci_high", "bootstrap_ci_low", "bootstrap_ci_high", "relative_difference",
    "ratio", "ratio_ci_low", "ratio_ci_high", "replicates_needed",
  ]

  /// Writes compare.csv (one row per point, scenario and metric; long form) atomically.
  public func writeCSV(to path: String) throws {
    let writer = try CSVTableWriter(
      path: path, columns: ["point"] + table.dimensions + Self.columns)
    for row in rows {
      let c = row.comparison
      writer.append(row.point)
      for value in row.sweptValues { writer.append(value) }
      writer.append(row.scenario)
      writer.append(baseline)
      writer.append(row.metric)
      writer.append(c.replicates)
      for value in [
        c.baselineMean, c.scenarioMean, c.meanDifference, c.standardDeviation, c.standardError,
        c.tStatistic,
      ] { writer.append(value) }
      writer.append(c.degreesOfFreedom)
      for value in [
        c.pValue, c.tInterval.low, c.tInterval.high, c.bootstrapInterval.low,
        c.bootstrapInterval.high, c.meanDifference / c.baselineMean, c.ratio, c.ratioInterval.low,
        c.ratioInterval.high,
      ] { writer.append(value) }
      writer.append(c.replicatesNeeded.map(String.init) ?? "")
      try writer.endRow()
    }
    try writer.finish()
  }

  /// compare.md: per scenario (and point), each metric's replicates, means, paired difference
  /// with its t interval and p-value, ratio with its interval, and the replicates a
  /// ±`precision` interval needs; the bootstrap interval where there are enough pairs.
  public func markdown() -> String {
    var text = "# \(table.folder): scenarios against '\(baseline)'\n\n"
    let minimum = PairedComparison.bootstrapMinimumPairs
    text += """
      Paired by sweep point and replicate (runs that share their seeds, so their common noise \
      cancels). *n*: complete pairs. *Difference*: scenario − \(baseline), mean over the pairs, \
      with its 95 % interval (Student t on the paired differences) and two-sided p-value; a \
      difference of exactly 0 means the runs are identical (a policy not yet in force). *Ratio*: \
      mean of the scenario over mean of the baseline, 95 % delta-method t interval. *Needed*: \
      replicates for a t interval of half-width ≤ \(Self.number(precision * 100)) % of the \
      difference, a plug-in estimate from these pairs' spread (with 5 pairs it may be off by a \
      factor of 3 either way; — when the difference is 0). Percentile bootstrap intervals \
      (compare.csv) are given from \(minimum) pairs: with fewer they cover the mean far less \
      than 95 % of the time. † Two pairs: the interval rests on one degree of freedom, so its \
      width (and *needed*) say little; run more replicates. Each row is its own test: with many rows, some p-values below 0.05 \
      arise by chance. Values are in the metrics' units (CNY, shares, days).


      """
    let points = Array(Set(rows.map(\.point))).sorted()
    let showBootstrap = rows.contains { $0.comparison.replicates >= minimum }
    for scenario in table.scenarios where referencePoint != nil || scenario != baseline {
      for point in points {
        let selected = rows.filter { $0.scenario == scenario && $0.point == point }
        guard let first = selected.first else { continue }
        var heading =
          referencePoint == nil
          ? "## \(scenario)" : "## \(scenario): point \(point) against point \(referencePoint!)"
        if !table.dimensions.isEmpty {
          heading +=
            (referencePoint == nil ? " at point \(point) (" : " (")
            + zip(table.dimensions, first.sweptValues).map { "\($0) = \($1)" }.joined(
              separator: ", ") + ")"
        }
        text += heading + "\n\n"
        text +=
          "| metric | n | \(baseline) | \(scenario) | difference | 95 % t interval | p |\(showBootstrap ? " 95 % bootstrap |" : "") ratio | 95 % interval | needed |\n"
        text += "|---|---:|---:|---:|---:|---|---:|\(showBootstrap ? "---|" : "")---:|---|---:|\n"
        for row in selected {
          let c = row.comparison
          let identical = c.meanDifference == 0 && c.standardDeviation == 0
          text +=
            "| \(row.metric) | \(c.replicates)\(c.replicates < 3 ? " †" : "") | \(Self.number(c.baselineMean)) | \(Self.number(c.scenarioMean)) | \(identical ? "0 (identical)" : Self.number(c.meanDifference)) | \(Self.interval(c.tInterval)) | \(Self.number(c.pValue, digits: 2)) |\(showBootstrap ? " \(Self.interval(c.bootstrapInterval)) |" : "") \(Self.number(c.ratio, digits: 5)) | \(Self.interval(c.ratioInterval, digits: 5)) | \(c.replicatesNeeded.map(String.init) ?? "—") |\n"
        }
        text += "\n"
      }
    }
    return text
  }

  static func interval(_ interval: (low: Double, high: Double), digits: Int = 4) -> String {
    interval.low.isNaN
      ? "—" : "[\(number(interval.low, digits: digits)), \(number(interval.high, digits: digits))]"
  }

  /// `value` with `digits` significant digits, in exponent form outside 1e-3…1e6.
  static func number(_ value: Double, digits: Int = 4) -> String {
    guard value.isFinite else { return value.isNaN ? "—" : (value > 0 ? "∞" : "−∞") }
    if value == 0 { return "0" }
    let magnitude = abs(value)
    if magnitude >= 1e6 || magnitude < 1e-3 {
      return String(format: "%.\(digits - 1)e", value)
    }
    let decimals = max(0, digits - 1 - Int(log10(magnitude).rounded(.down)))
    return String(format: "%.\(decimals)f", value)
  }
}
