/// How a monthly column becomes a figure's series.
enum SeriesFrequency: Sendable {
  /// One value a month, as written.
  case monthly
  /// Summed over each complete calendar year (flows: CNY per month → CNY per year); a year
  /// with fewer than twelve months in the table is left out rather than drawn too low.
  case yearlySum
  /// Averaged over each complete calendar year (shares, days, trust): the unweighted mean of
  /// the twelve monthly values.
  case yearlyMean
}

/// One column's series across the replicates of a scenario, on one time axis: `values[r][t]`
/// is replicate r's value in period t.
struct ReplicateSeries {
  /// `2015-01` for monthly series, `2015` for yearly ones.
  let periods: [String]
  let values: [[Double]]

  /// Mean and the band `kind` calls for across replicates, per period.
  func bands(_ kind: BandKind) -> [FigureBand] {
    periods.indices.map { t in FigureBand(values.map { $0[t] }, kind: kind) }
  }
}

/// Reads result tables once each and cuts series out of them.
final class TableCache {
  private var tables: [String: ResultTable] = [:]

  func table(_ path: String) throws -> ResultTable {
    if let table = tables[path] { return table }
    let table = try ResultTable(path: path)
    tables[path] = table
    return table
  }

  /// Column `column` of `file` (e.g. `world.csv`) in each of `runs`, restricted to rows whose
  /// `corridor` is `corridor` when one is given. Every run must cover the same months.
  func series(
    runs: [ResultsFolder.Run], file: String, column: String, corridor: String? = nil,
    frequency: SeriesFrequency
  ) throws -> ReplicateSeries {
    var periods: [String]?
    var firstPath = ""
    var values: [[Double]] = []
    for run in runs {
      let table = try table("\(run.folder)/\(file)")
      var dates = try table.text("date")
      for (offset, date) in dates.enumerated() where !Self.isMonth(date) {
        throw FigureError(
          "\(table.path):\(offset + 2): column 'date': '\(date)' is not a month YYYY-MM")
      }
      var numbers = try table.numbers(column)
      if let corridor {
        let codes = try table.text("corridor")
        let keep = codes.indices.filter { codes[$0] == corridor }
        guard !keep.isEmpty else {
          throw FigureError("\(table.path): no rows for corridor '\(corridor)'")
        }
        dates = keep.map { dates[$0] }
        numbers = keep.map { numbers[$0] }
      }
      let (runPeriods, runValues): ([String], [Double])
      switch frequency {
      case .monthly: (runPeriods, runValues) = (dates, numbers)
      case .yearlySum: (runPeriods, runValues) = Self.yearlySums(dates: dates, values: numbers)
      case .yearlyMean:
        let (years, sums) = Self.yearlySums(dates: dates, values: numbers)
        (runPeriods, runValues) = (years, sums.map { $0 / 12 })
      }
      if let periods {
        guard periods == runPeriods else {
          throw FigureError(
            "\(table.path): its dates differ from those of \(firstPath); replicates must cover the same months"
          )
        }
      } else {
        periods = runPeriods
        firstPath = table.path
      }
      values.append(runValues)
    }
    return ReplicateSeries(periods: periods ?? [], values: values)
  }

  /// Whether `text` is a month `YYYY-MM` (every figure's time axis rests on it).
  static func isMonth(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let month = Int(parts[1])
    else { return false }
    return (1...12).contains(month)
  }

  /// Sums of `values` over the complete calendar years of `dates` (`YYYY-MM`).
  static func yearlySums(dates: [String], values: [Double]) -> ([String], [Double]) {
    var years: [String] = []
    var sums: [Double] = []
    var months: [Int] = []
    for (date, value) in zip(dates, values) {
      let year = String(date.prefix(4))
      if years.last != year {
        years.append(year)
        sums.append(0)
        months.append(0)
      }
      sums[sums.count - 1] += value
      months[months.count - 1] += 1
    }
    let complete = years.indices.filter { months[$0] == 12 }
    return (complete.map { years[$0] }, complete.map { sums[$0] })
  }

  /// Corridor codes in the order of `file`'s first date (e.g. `corridors.csv`).
  func corridors(run: ResultsFolder.Run, file: String) throws -> [String] {
    let table = try table("\(run.folder)/\(file)")
    let dates = try table.text("date")
    let codes = try table.text("corridor")
    return zip(dates, codes).filter { $0.0 == dates[0] }.map(\.1)
  }
}
