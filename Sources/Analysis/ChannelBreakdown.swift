import CSV
import Engine
import Foundation

/// China's exports by platform channel (B2B and B2C) to each corridor and to each country in
/// one year, compared scenario by scenario with the baseline, paired by replicate: the data
/// of the difference figures of `brisim compare`.
///
/// By corridor, from each run's corridors.csv: B2C = `china_b2c_exports_cny`, B2B =
/// `china_cbec_exports_cny` − `china_b2c_exports_cny` (CBEC is B2B plus B2C platforms), summed
/// over the year's months. By country, from flows.csv (origin CHN, channel `b2b_platform` or
/// `b2c_platform`, the year's periods summed); without flows.csv, from countries.csv, whose
/// `b2c_imports_cny` and `cbec_imports_cny` are every origin's (the source column says which).
public struct ChannelBreakdown: Sendable {
  /// One unit (corridor or country) × channel × scenario.
  public struct Row: Sendable {
    public let scenario: String
    public let unit: String
    public let channel: String
    public let comparison: PairedComparison
  }

  /// What the country rows measure.
  public enum CountrySource: String, Sendable {
    /// China's exports to the country (flows.csv).
    case chinaExports = "china_exports"
    /// The country's imports from every origin (countries.csv).
    case allOrigins = "imports_all_origins"
  }

  public let year: Int
  public let baseline: String
  public let corridorRows: [Row]
  public let countryRows: [Row]
  public let countrySource: CountrySource?
  /// Runs left out because they are not complete (failed), with their pairs.
  public let droppedRuns: [String]
  /// Whether the runs wrote corridors.csv (else there are no corridor rows).
  public var hasCorridorRows: Bool { !corridorRows.isEmpty }

  /// The breakdown of `table`'s runs at sweep point 0 in `year` (nil: the last year of the
  /// tables). Without corridors.csv there are no corridor rows; without flows.csv and
  /// countries.csv no country rows.
  /// - Throws: ``AnalysisInputError`` when the runs have none of those tables or a table is
  ///   malformed.
  public init(table: SummaryTable, baseline: String = "baseline", year: Int? = nil) throws {
    self.baseline = baseline
    // Complete runs only (a failed run has no tables): its pair is left out and named.
    let complete = table.runs.filter {
      $0.point == 0
        && FileManager.default.fileExists(atPath: "\(table.folder)/\($0.id)/manifest.json")
    }
    let runs = complete
    let baseRuns = runs.filter { $0.scenario == baseline }.sorted { $0.replicate < $1.replicate }
    guard let firstBase = baseRuns.first else {
      throw AnalysisInputError(file: table.folder, "no complete run of scenario '\(baseline)'")
    }
    droppedRuns = table.runs.filter { $0.point == 0 }.map(\.id).filter { id in
      !complete.contains { $0.id == id }
    }
    let runFolder = "\(table.folder)/\(firstBase.id)"
    let hasCorridors = FileManager.default.fileExists(atPath: "\(runFolder)/corridors.csv")
    let hasFlows = FileManager.default.fileExists(atPath: "\(runFolder)/flows.csv")
    let hasCountries = FileManager.default.fileExists(atPath: "\(runFolder)/countries.csv")
    guard
      let dated = hasCorridors
        ? "corridors" : (hasCountries ? "countries" : (hasFlows ? "flows" : nil))
    else {
      throw AnalysisInputError(
        file: runFolder,
        "no corridors.csv, flows.csv or countries.csv: differences by corridor and country need one of them in outputs.tables"
      )
    }
    // Years with every month (a yearly flows table counts its periods as whole years).
    let datedPath = "\(runFolder)/\(dated).csv"
    let months = try Self.monthsByYear(path: datedPath)
    let wholeYears = months.filter { $0.value.count == 12 || $0.value == ["year"] }.keys.sorted()
    let chosenYear: Int
    if let year {
      guard wholeYears.contains(year) else {
        throw AnalysisInputError(
          file: datedPath,
          "--year \(year): the runs cover every month only of \(wholeYears.first.map { "\($0)–\(wholeYears.last!)" } ?? "no year")"
        )
      }
      chosenYear = year
    } else {
      guard let last = wholeYears.last else {
        throw AnalysisInputError(file: datedPath, "no calendar year with every month")
      }
      chosenYear = last
    }
    self.year = chosenYear
    let source: CountrySource? = hasFlows ? .chinaExports : (hasCountries ? .allOrigins : nil)
    countrySource = source

    /// unit → channel → value, for one run.
    func corridorValues(_ run: SummaryTable.Run) throws -> [String: [String: Double]] {
      var values: [String: [String: Double]] = [:]
      guard hasCorridors else { return values }
      try Self.forEachRow(path: "\(table.folder)/\(run.id)/corridors.csv") { field, _ in
        guard try Self.year(of: field("date")) == chosenYear else { return }
        let b2c = try Self.number(field("china_b2c_exports_cny"))
        let cbec = try Self.number(field("china_cbec_exports_cny"))
        let corridor = try field("corridor")
        values[corridor, default: [:]]["b2c", default: 0] += b2c
        values[corridor, default: [:]]["b2b", default: 0] += cbec - b2c
      }
      return values
    }
    func countryValues(_ run: SummaryTable.Run) throws -> [String: [String: Double]] {
      var values: [String: [String: Double]] = [:]
      switch source {
      case .chinaExports:
        try Self.forEachRow(path: "\(table.folder)/\(run.id)/flows.csv") { field, _ in
          guard try field("origin") == "CHN", try Self.year(of: field("period")) == chosenYear
          else { return }
          let channel = try field("channel")
          guard channel != "traditional" else { return }
          let key = channel == "b2c_platform" ? "b2c" : "b2b"
          values[try field("destination"), default: [:]][key, default: 0] += try Self.number(
            field("value_cny"))
        }
      case .allOrigins:
        try Self.forEachRow(path: "\(table.folder)/\(run.id)/countries.csv") { field, _ in
          guard try Self.year(of: field("date")) == chosenYear, try field("iso3") != "CHN"
          else { return }
          let b2c = try Self.number(field("b2c_imports_cny"))
          let cbec = try Self.number(field("cbec_imports_cny"))
          let country = try field("iso3")
          values[country, default: [:]]["b2c", default: 0] += b2c
          values[country, default: [:]]["b2b", default: 0] += cbec - b2c
        }
      case nil: break
      }
      return values
    }

    var corridorRows: [Row] = []
    var countryRows: [Row] = []
    let baseCorridors = try baseRuns.map(corridorValues)
    let baseCountries = try baseRuns.map(countryValues)
    for scenario in table.scenarios where scenario != firstBase.scenario {
      // Pairs of complete runs: replicate r of the baseline and of the scenario.
      let paired = baseRuns.indices.compactMap { index -> (Int, SummaryTable.Run)? in
        runs.first { $0.scenario == scenario && $0.replicate == baseRuns[index].replicate }
          .map { (index, $0) }
      }
      guard !paired.isEmpty else { continue }
      let baseCorridorsPaired = paired.map { baseCorridors[$0.0] }
      let baseCountriesPaired = paired.map { baseCountries[$0.0] }
      let scenarioCorridors = try paired.map { try corridorValues($0.1) }
      let scenarioCountries = try paired.map { try countryValues($0.1) }
      func rows(_ base: [[String: [String: Double]]], _ other: [[String: [String: Double]]])
        -> [Row]
      {
        let units = Set(base.flatMap(\.keys)).union(other.flatMap(\.keys))
        return units.sorted().flatMap { unit in
          ["b2b", "b2c"].map { channel in
            Row(
              scenario: scenario, unit: unit, channel: channel,
              comparison: PairedComparison(
                baseline: base.map { $0[unit]?[channel] ?? 0 },
                scenario: other.map { $0[unit]?[channel] ?? 0 }, resamples: 999))
          }
        }
      }
      corridorRows += rows(baseCorridorsPaired, scenarioCorridors)
      countryRows += rows(baseCountriesPaired, scenarioCountries)
    }
    self.corridorRows = corridorRows
    self.countryRows = countryRows
  }

  /// Columns of compare-corridors.csv and compare-countries.csv.
  public static let columns = [
    "scenario", "baseline", "year", "unit", "channel", "source", "replicates", "baseline_mean",
    "scenario_mean", "mean_difference", "t_ci_low", "t_ci_high", "relative_difference",
  ]

  /// Writes `rows` in long form to `path` (atomically).
  public func write(_ rows: [Row], source: String, to path: String) throws {
    let writer = try CSVTableWriter(path: path, columns: Self.columns)
    for row in rows {
      let c = row.comparison
      writer.append(row.scenario)
      writer.append(baseline)
      writer.append(year)
      writer.append(row.unit)
      writer.append(row.channel)
      writer.append(source)
      writer.append(c.replicates)
      for value in [
        c.baselineMean, c.scenarioMean, c.meanDifference, c.tInterval.low, c.tInterval.high,
        c.meanDifference / c.baselineMean,
      ] { writer.append(value) }
      try writer.endRow()
    }
    try writer.finish()
  }

  static func year(of date: String) throws -> Int {
    guard let year = Int(date.prefix(4)) else {
      throw AnalysisInputError(file: "", "expected a date or period, got '\(date)'")
    }
    return year
  }

  static func number(_ text: String) throws -> Double {
    guard let value = Double(text) else {
      throw AnalysisInputError(file: "", "expected a number, got '\(text)'")
    }
    return value
  }

  /// The months (`MM`, or `year` for a yearly period) of each year in a table's first column.
  static func monthsByYear(path: String) throws -> [Int: Set<String>] {
    var months: [Int: Set<String>] = [:]
    try forEachRow(path: path) { _, row in
      let date = row[0]
      months[try year(of: date), default: []].insert(
        date.count >= 7 ? String(date.suffix(2)) : "year")
    }
    return months
  }

  /// Calls `body` with a field accessor by column name and the raw row, for each data row.
  static func forEachRow(
    path: String, _ body: ((String) throws -> String, [String]) throws -> Void
  ) throws {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw AnalysisInputError(file: path, "missing or not UTF-8 text")
    }
    let reader = try CSVReader(string: text, hasHeaderRow: true)
    let header = reader.headerRow ?? []
    let index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    var line = 1
    while let row = reader.next() {
      line += 1
      guard row.count == header.count else {
        throw AnalysisInputError(
          file: "\(path):\(line)", "expected \(header.count) fields, found \(row.count)")
      }
      do {
        try body(
          { name in
            guard let column = index[name] else {
              throw AnalysisInputError(file: path, "no column '\(name)'")
            }
            return row[column]
          }, row)
      } catch let error as AnalysisInputError where error.file.isEmpty {
        throw AnalysisInputError(file: "\(path):\(line)", error.message)
      }
    }
  }
}
