import CSV
import Foundation

/// Computes summary metrics from the tables a run wrote: the one way `summary.csv` is made,
/// by a finished experiment, `brisim merge` and `brisim summarize` alike, so a summary
/// recomputed later is byte-identical to the one of a fresh run.
///
/// Rows are read in file order (months in order, entities in table order); for each metric
/// the rows of a period that pass its filters are combined (``SummaryMetric/Across``), then
/// the periods of its year (``SummaryMetric/Statistic``). A metric with no period in its year
/// is NaN. Months in which no row passes the filters (a platform not yet in the market) are
/// left out: `mean` averages over the months with rows, `last` is the last such month.
public enum SummaryEvaluation {
  /// The running state of one metric over one table.
  struct State {
    let metric: SummaryMetric
    let valueIndex: Int
    let weightIndex: Int?
    let filters: [(index: Int, values: Set<String>)]
    var period: String?
    var periodSum = 0.0
    var periodRows = 0
    var periodWeight = 0.0
    var total = 0.0
    var periods = 0
    var last = Double.nan

    mutating func closePeriod() {
      defer {
        periodSum = 0
        periodRows = 0
        periodWeight = 0
      }
      guard period != nil, periodRows > 0 else { return }
      let value: Double
      switch metric.across {
      case .sum: value = periodSum
      case .mean: value = periodSum / Double(periodRows)
      case .weighted:
        // A month whose rows all weigh 0 has no weighted mean: it is left out.
        guard periodWeight > 0 else { return }
        value = periodSum / periodWeight
      }
      total += value
      periods += 1
      last = value
    }

    var result: Double {
      guard periods > 0 else { return .nan }
      switch metric.statistic {
      case .sum: return total
      case .mean: return total / Double(periods)
      case .last: return last
      }
    }
  }

  /// The metrics' values for the run in `runFolder`, in the order of `metrics`.
  /// - Throws: ``ConfigError`` naming the file when a table a metric needs is missing or
  ///   malformed.
  public static func values(of metrics: [SummaryMetric], runFolder: String) throws -> [Double] {
    var results = [Double](repeating: .nan, count: metrics.count)
    for table in OutputTable.allCases {
      let indices = metrics.indices.filter { metrics[$0].table == table }
      guard !indices.isEmpty else { continue }
      let path = "\(runFolder)/\(table.rawValue).csv"
      guard let data = FileManager.default.contents(atPath: path) else {
        throw ConfigError(
          file: path,
          message:
            "summary metric \(metrics[indices[0]].name) reads \(table.rawValue).csv, which is not in this run's folder (outputs.tables left it out, or it was removed: the committed reference results keep only world.csv and corridors.csv, scripts/regenerate-results.sh rebuilds the rest)"
        )
      }
      guard let text = String(data: data, encoding: .utf8) else {
        throw ConfigError(file: path, message: "not UTF-8 text")
      }
      let values = try evaluate(indices.map { metrics[$0] }, text: text, path: path)
      for (slot, value) in zip(indices, values) { results[slot] = value }
    }
    return results
  }

  /// The metrics (all of one table) over the CSV rows of `text` (read from `path`).
  static func evaluate(_ metrics: [SummaryMetric], text: String, path: String) throws
    -> [Double]
  {
    let reader: CSVReader
    do {
      reader = try CSVReader(string: text, hasHeaderRow: true)
    } catch {
      throw ConfigError(file: path, message: "unreadable CSV (\(error))")
    }
    let header = reader.headerRow ?? []
    func index(_ column: String) throws -> Int {
      guard let index = header.firstIndex(of: column) else {
        throw ConfigError(file: path, message: "no column '\(column)' in the header")
      }
      return index
    }
    var states = try metrics.map { metric in
      State(
        metric: metric, valueIndex: try index(metric.column),
        weightIndex: try metric.weight.map(index),
        filters: try metric.filters.map { (try index($0.column), Set($0.values)) })
    }
    let periodIndex = 0
    var line = 1
    while let row = reader.next() {
      line += 1
      guard row.count == header.count else {
        throw ConfigError(
          file: path, line: line,
          message: "expected \(header.count) fields, found \(row.count)")
      }
      let period = row[periodIndex]
      guard let year = Int(period.prefix(4)) else {
        throw ConfigError(
          file: path, line: line, message: "expected a date or period, got '\(period)'")
      }
      for slot in states.indices {
        if let wanted = states[slot].metric.year, wanted != year { continue }
        if states[slot].period != period {
          states[slot].closePeriod()
          states[slot].period = period
        }
        guard states[slot].filters.allSatisfy({ $0.values.contains(row[$0.index]) }) else {
          continue
        }
        guard let value = Double(row[states[slot].valueIndex]) else {
          throw ConfigError(
            file: path, line: line, key: states[slot].metric.column,
            message: "expected a number, got '\(row[states[slot].valueIndex])'")
        }
        if let weightIndex = states[slot].weightIndex {
          guard let weight = Double(row[weightIndex]) else {
            throw ConfigError(
              file: path, line: line, key: states[slot].metric.weight,
              message: "expected a number, got '\(row[weightIndex])'")
          }
          states[slot].periodSum += value * weight
          states[slot].periodWeight += weight
        } else {
          states[slot].periodSum += value
        }
        states[slot].periodRows += 1
      }
    }
    if let error = reader.error {
      throw ConfigError(file: path, line: line, message: "unreadable CSV (\(error))")
    }
    return states.indices.map { slot in
      states[slot].closePeriod()
      return states[slot].result
    }
  }
}
