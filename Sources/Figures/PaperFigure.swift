import ObservedData

/// The source paper's Figure 1 (section 3.1): China's cross-border e-commerce transactions
/// 2015–2019, observed (the industry series, with the range of published figures) against the
/// simulated volume (mean across replicates, with the band `brisim figures --band` chooses).
enum PaperFigure {
  /// The observed series shipped with BRISim (ObservedData's cbec_china.csv, sources in the
  /// README beside it).
  static var observedText: String { ObservedFacts.cbecSeriesCSV }

  static let years = 2015...2019

  /// Columns of the figure's long-form data file: one row per series (`observed`, `simulated`)
  /// and year, values in trillion CNY.
  static let columns = [
    "year", "series", "scenario", "cbec_trillion_cny", "band_low_trillion_cny",
    "band_high_trillion_cny", "band", "replicates",
  ]

  /// The figure, or nil when the runs do not cover every month of 2015–2019.
  static func figure(
    runs: [ResultsFolder.Run], scenario: String, tables: TableCache, observed: ResultTable,
    band: BandKind
  ) throws -> FigurePlan? {
    let simulated = try tables.series(
      runs: runs, file: TimeFigures.world, column: "china_cbec_cny", frequency: .yearlySum)
    let wanted = years.map(String.init)
    guard wanted.allSatisfy(simulated.periods.contains) else { return nil }
    let bands = simulated.bands(band)
    let observedYears = try observed.text("year")
    let level = try observed.numbers("cbec_trillion_cny")
    let low = try observed.numbers("cbec_low_trillion_cny")
    let high = try observed.numbers("cbec_high_trillion_cny")
    var observedRows: [[String]] = []
    var simulatedRows: [[String]] = []
    let trillion = 1e-12
    for year in wanted {
      guard let o = observedYears.firstIndex(of: year) else {
        throw FigureError("\(observed.path): no row for year \(year)")
      }
      observedRows.append([
        year, "observed", "", cell(level[o]), cell(low[o]), cell(high[o]), "published_range", "",
      ])
      let b = bands[simulated.periods.firstIndex(of: year)!]
      simulatedRows.append([
        year, "simulated", scenario, cell(b.mean * trillion), cell(b.low * trillion),
        cell(b.high * trillion), b.method.code, "\(b.count)",
      ])
    }
    let data = FigureData(
      fileName: "paper-figure-1.csv", columns: columns, rows: observedRows + simulatedRows)
    let observedCopy = FigureData(
      fileName: "observed_cbec_china.csv", columns: observed.header, rows: observed.rows)
    let drawBand = runs.count > 1
    let method = FigureBand.method(band, replicates: runs.count)
    func pick(_ series: String, _ column: String) -> String {
      "(strcol(\"series\") eq \(quoted(series)) ? column(\(quoted(column))) : NaN)"
    }
    var clauses: [String] = []
    if drawBand {
      clauses.append(
        "\"paper-figure-1.csv\" using \"year\":\(pick("simulated", "band_low_trillion_cny")):\(pick("simulated", "band_high_trillion_cny")) with filledcurves linecolor rgb \"\(GnuplotStyle.colour(0))\" title \(quoted("simulated, band: " + FigureBand.key(method, count: runs.count)))"
      )
    }
    clauses.append(
      "\(drawBand ? "\"\"" : "\"paper-figure-1.csv\"") using \"year\":\(pick("simulated", "cbec_trillion_cny")) with linespoints linetype 1 title \(quoted(runs.count > 1 ? "simulated (mean of \(runs.count) replicates)" : "simulated (one run)"))"
    )
    clauses.append(
      "\"\" using \"year\":\(pick("observed", "cbec_trillion_cny")):\(pick("observed", "band_low_trillion_cny")):\(pick("observed", "band_high_trillion_cny")) with yerrorlines linetype 2 title \"observed (range of published figures)\""
    )
    let simulatedText =
      runs.count > 1
      ? ", mean across \(runs.count) replicates. \(FigureBand.caption(method, count: runs.count))"
      : ", one run."
    return FigurePlan(
      stem: "paper-figure-1",
      title: "China's cross-border e-commerce transactions, 2015–2019",
      caption:
        "The source paper's Figure 1, simulated against observed, in trillion CNY per year. Observed: the industry series (China E-commerce Research Center / 100EC and others; sources in observed_cbec_china.csv), error bars spanning the published figures for the year. Simulated: world.csv column china_cbec_cny (China's B2B and B2C platform trade, exports plus imports) of scenario '\(scenario)', summed by year\(simulatedText)",
      data: [data, observedCopy],
      settings: [
        "set xrange [2014.6:2019.4]", "set xtics 1", "set format x \"%.0f\"",
        "set xlabel \"Year\"", "set ylabel \"trillion CNY per year\"", "set yrange [0:*]",
      ],
      plot: "plot " + clauses.joined(separator: ", \\\n    "))
  }
}
