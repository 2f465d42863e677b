import ObservedData

/// The source paper's Figure 1 (section 3.1): China's cross-border e-commerce transactions
/// 2015–2019, observed (the industry series, with the range of published figures) against the
/// simulated volume (mean and 90 % band across replicates).
enum PaperFigure {
  /// The observed series shipped with BRISim (ObservedData's cbec_china.csv, sources in the
  /// README beside it).
  static var observedText: String { ObservedFacts.cbecSeriesCSV }

  static let years = 2015...2019

  /// The figure, or nil when the runs do not cover every month of 2015–2019.
  static func figure(
    runs: [ResultsFolder.Run], scenario: String, tables: TableCache, observed: ResultTable
  ) throws -> FigurePlan? {
    let simulated = try tables.series(
      runs: runs, file: TimeFigures.world, column: "china_cbec_cny", frequency: .yearlySum)
    let wanted = years.map(String.init)
    guard wanted.allSatisfy(simulated.periods.contains) else { return nil }
    let bands = simulated.bands
    let observedYears = try observed.text("year")
    let level = try observed.numbers("cbec_trillion_cny")
    let low = try observed.numbers("cbec_low_trillion_cny")
    let high = try observed.numbers("cbec_high_trillion_cny")
    var rows: [[String]] = []
    for year in wanted {
      guard let o = observedYears.firstIndex(of: year) else {
        throw FigureError("\(observed.path): no row for year \(year)")
      }
      let t = simulated.periods.firstIndex(of: year)!
      rows.append([
        year, cell(level[o]), cell(low[o]), cell(high[o]), cell(bands[t].mean),
        cell(bands[t].low), cell(bands[t].high),
      ])
    }
    let data = FigureData(
      fileName: "paper-figure-1.csv",
      columns: [
        "year", "observed_cbec_trillion_cny", "observed_low_trillion_cny",
        "observed_high_trillion_cny", "china_cbec_cny_mean", "china_cbec_cny_p05",
        "china_cbec_cny_p95",
      ], rows: rows)
    let observedCopy = FigureData(
      fileName: "observed_cbec_china.csv", columns: observed.header, rows: observed.rows)
    let drawBand = runs.count > 1
    var clauses: [String] = []
    if drawBand {
      clauses.append(
        "\"paper-figure-1.csv\" using \"year\":(column(\"china_cbec_cny_p05\")*1e-12):(column(\"china_cbec_cny_p95\")*1e-12) with filledcurves linecolor rgb \"\(GnuplotStyle.colour(0))\" title \(quoted("simulated, 90 % band across \(runs.count) replicates"))"
      )
    }
    clauses.append(
      "\(drawBand ? "\"\"" : "\"paper-figure-1.csv\"") using \"year\":(column(\"china_cbec_cny_mean\")*1e-12) with linespoints linetype 1 pointtype 7 pointsize 0.8 title \(quoted(runs.count > 1 ? "simulated (mean)" : "simulated"))"
    )
    clauses.append(
      "\"\" using \"year\":\"observed_cbec_trillion_cny\":\"observed_low_trillion_cny\":\"observed_high_trillion_cny\" with yerrorlines linetype 2 pointtype 5 pointsize 0.8 title \"observed (range of published figures)\""
    )
    return FigurePlan(
      stem: "paper-figure-1",
      title: "China's cross-border e-commerce transactions, 2015–2019",
      caption:
        "The source paper's Figure 1, simulated against observed. Observed: the industry series (China E-commerce Research Center / 100EC and others; sources in observed_cbec_china.csv), error bars spanning the published figures for the year. Simulated: world.csv column china_cbec_cny of scenario '\(scenario)', summed by year\(runs.count > 1 ? ", mean across \(runs.count) replicates with the 5th–95th percentile band" : "").",
      data: [data, observedCopy],
      settings: [
        "set xrange [2014.6:2019.4]", "set xtics 1", "set format x \"%.0f\"",
        "set xlabel \"Year\"", "set ylabel \"trillion CNY per year\"", "set yrange [0:*]",
      ],
      plot: "plot " + clauses.joined(separator: ", \\\n    "))
  }
}
