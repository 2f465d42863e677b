import Foundation
import Stochastic

/// A time-series figure of one scenario: one or more columns of a run table, each drawn as the
/// mean across replicates with its 90 % band.
struct TimeFigureSpec {
  struct Series {
    let column: String
    /// For `corridors.csv`: the corridor's rows only.
    var corridor: String? = nil
    let label: String
    /// Name of the series in the data file (`<prefix>_mean`, `_p05`, `_p95`).
    var prefix: String { corridor.map { "\(column)_\($0)" } ?? column }
  }

  let stem: String
  let title: String
  let yLabel: String
  /// The run table the columns come from.
  let file: String
  let frequency: SeriesFrequency
  /// Multiplier applied in the script (data files keep the table's units): 1e-12 for trillion
  /// CNY, 100 for percent.
  let scale: String
  let series: [Series]
  var logScale = false
  var bands = true
  /// What the figure shows, for the caption.
  let about: String
}

/// The time-series figures, and how they are drawn for one scenario, several scenarios, and as
/// differences from the reference scenario.
enum TimeFigures {
  static let world = "world.csv"
  static let corridors = "corridors.csv"

  /// Figures of one scenario (a single run or replicates).
  static let scenarioFigures: [TimeFigureSpec] = [
    TimeFigureSpec(
      stem: "cbec-volume", title: "China's cross-border e-commerce volume",
      yLabel: "trillion CNY per year", file: world, frequency: .yearlySum, scale: "1e-12",
      series: [
        .init(column: "china_cbec_cny", label: "total (exports + imports)"),
        .init(column: "china_cbec_exports_cny", label: "exports"),
        .init(column: "china_cbec_imports_cny", label: "imports"),
      ],
      about:
        "Goods value traded through B2B and B2C platforms between China and all partners, summed over each complete calendar year."
    ),
    TimeFigureSpec(
      stem: "cbec-export-share", title: "Exports' share of China's cross-border e-commerce",
      yLabel: "% of CBEC volume", file: world, frequency: .monthly, scale: "100",
      series: [.init(column: "cbec_export_share", label: "exports / (exports + imports)")],
      about:
        "China's e-commerce exports as a share of its e-commerce exports plus imports, monthly."
    ),
    TimeFigureSpec(
      stem: "channel-shares", title: "B2B and B2C shares of China's cross-border e-commerce",
      yLabel: "% of CBEC volume", file: world, frequency: .monthly, scale: "100",
      series: [
        .init(column: "b2b_share", label: "B2B platforms"),
        .init(column: "b2c_share", label: "B2C platforms (parcels)"),
      ],
      about: "Shares of the two platform channels in China's cross-border e-commerce, monthly."),
    TimeFigureSpec(
      stem: "corridor-exports", title: "China's exports to the Belt-and-Road corridors",
      yLabel: "billion CNY per year (log scale)", file: corridors, frequency: .yearlySum,
      scale: "1e-9", series: [], logScale: true, bands: false,
      about:
        "China's exports to the countries of each Belt-and-Road corridor, traditional trade and platforms together, summed over each complete calendar year; lines are means across replicates (corridors.csv also has the rest of the world, ROW)."
    ),
    TimeFigureSpec(
      stem: "labor-intensive-share",
      title: "Labor-intensive goods' share of China's manufactured exports",
      yLabel: "% of manufactured exports", file: world, frequency: .monthly, scale: "100",
      series: [
        .init(
          column: "china_labor_intensive_share_of_manufactured_exports", label: "labor-intensive")
      ],
      about:
        "Labor-intensive exports over labor-intensive plus high-tech electromechanical exports (the labor-cost pressure on China's export mix), monthly."
    ),
    TimeFigureSpec(
      stem: "delivery-days", title: "Delivery time of cross-border B2C parcels",
      yLabel: "days (order-weighted mean)", file: world, frequency: .monthly, scale: "1",
      series: [.init(column: "mean_b2c_delivery_days", label: "mean delivery days")],
      about:
        "Mean days from order to delivery of cross-border B2C parcels, weighted by orders, monthly."
    ),
    TimeFigureSpec(
      stem: "losses", title: "Fraud and default losses in cross-border trade",
      yLabel: "billion CNY per year", file: world, frequency: .yearlySum, scale: "1e-9",
      series: [
        .init(column: "b2c_fraud_loss_cny", label: "B2C fraud"),
        .init(column: "b2b_fraud_loss_cny", label: "B2B fraud"),
        .init(column: "default_loss_cny", label: "buyer defaults on trade credit"),
      ],
      about:
        "Losses to fraud (B2C and B2B) and to importers' defaults, world total, summed over each complete calendar year."
    ),
    TimeFigureSpec(
      stem: "trust", title: "Consumers' trust in cross-border purchases",
      yLabel: "mean trust (0 to 1)", file: world, frequency: .monthly, scale: "1",
      series: [.init(column: "mean_trust", label: "population-weighted mean trust")],
      about:
        "Consumers' trust in cross-border online purchases, population-weighted across countries, monthly."
    ),
  ]

  /// Series compared across scenarios (each its own pair of figures: levels and differences).
  static let comparedSeries: [TimeFigureSpec] = [

    single(
      scenarioFigures[0], series: 0, stem: "cbec-volume",
      title: "China's cross-border e-commerce volume"),
    single(
      scenarioFigures[2], series: 1, stem: "b2c-share",
      title: "B2C share of China's cross-border e-commerce"),
    scenarioFigures[1],
    scenarioFigures[4],
    TimeFigureSpec(
      stem: "china-exports", title: "China's exports (all channels)",
      yLabel: "trillion CNY per year", file: world, frequency: .yearlySum, scale: "1e-12",
      series: [.init(column: "china_exports_cny", label: "exports")],
      about:
        "China's exports through traditional trade and platforms, summed over each complete calendar year."
    ),
    scenarioFigures[5],
    single(scenarioFigures[6], series: 0, stem: "b2c-fraud-losses", title: "B2C fraud losses"),
    single(
      scenarioFigures[6], series: 2, stem: "default-losses", title: "Losses to buyer defaults"),
    scenarioFigures[7],
  ].map(yearly)

  private static func single(
    _ spec: TimeFigureSpec, series: Int, stem: String, title: String
  ) -> TimeFigureSpec {
    TimeFigureSpec(
      stem: stem, title: title, yLabel: spec.yLabel, file: spec.file, frequency: spec.frequency,
      scale: spec.scale, series: [spec.series[series]], logScale: spec.logScale,
      bands: spec.bands, about: spec.about)
  }

  /// `spec` with monthly values averaged by year: scenario effects read more clearly without
  /// the month-to-month noise.
  private static func yearly(_ spec: TimeFigureSpec) -> TimeFigureSpec {
    guard spec.frequency == .monthly else { return spec }
    return TimeFigureSpec(
      stem: spec.stem, title: spec.title, yLabel: spec.yLabel, file: spec.file,
      frequency: .yearlyMean, scale: spec.scale, series: spec.series, logScale: spec.logScale,
      bands: spec.bands,
      about: spec.about.replacingOccurrences(
        of: ", monthly.", with: ", yearly means of monthly values.")
    )
  }

  /// The x column and axis settings for `periods`.
  static func axis(_ periods: [String], frequency: SeriesFrequency) -> (
    x: String, settings: [String]
  ) {
    let years = periods.reduce(into: [String]()) {
      if $0.last != String($1.prefix(4)) { $0.append(String($1.prefix(4))) }
    }
    let step = years.count <= 8 ? 1 : years.count <= 20 ? 2 : 5
    let ticked = stride(from: 0, to: years.count, by: step).map { years[$0] }
    switch frequency {
    case .monthly:
      let ticks = ticked.map { "\"\($0)\" \"\($0)-01\"" }.joined(separator: ", ")
      return (
        "date",
        [
          "set xdata time", "set timefmt \"%Y-%m\"", "set format x \"%Y\"",
          "set xrange [\"\(periods.first!)\":\"\(periods.last!)\"]", "set xtics (\(ticks))",
          "set xlabel \"Year\"",
        ]
      )
    case .yearlySum, .yearlyMean:
      let first = Double(years.first!)!
      let last = Double(years.last!)!
      return (
        "year",
        [
          "set xrange [\(first - 0.4):\(last + 0.4)]",
          "set xtics (\(ticked.joined(separator: ", ")))", "set format x \"%.0f\"",
          "set xlabel \"Year\"",
        ]
      )
    }
  }

  /// Plot clauses for one series: its band (when drawn) and its mean line.
  static func clauses(
    file: String, x: String, prefix: String, scale: String, style: Int, title: String,
    band: Bool, first: Bool
  ) -> [String] {
    // Yearly series (x column "year") mark their points: a year is one observation.
    let lineStyle = x == "year" ? "linespoints" : "lines"
    let source = first ? quoted(file) : "\"\""
    var parts: [String] = []
    if band {
      parts.append(
        "\(source) using \(quoted(x)):(column(\(quoted(prefix + "_p05")))*\(scale)):(column(\(quoted(prefix + "_p95")))*\(scale)) with filledcurves linecolor rgb \"\(GnuplotStyle.colour(style))\" notitle"
      )
    }
    parts.append(
      "\(parts.isEmpty ? source : "\"\"") using \(quoted(x)):(column(\(quoted(prefix + "_mean")))*\(scale)) with \(lineStyle) linetype \(style + 1) title \(quoted(title))"
    )
    return parts
  }

  /// The key entry explaining the bands.
  static func bandKey(replicates: Int) -> String {
    "NaN with filledcurves linecolor rgb \"#888888\" title \(quoted("90 % band across \(replicates) replicates"))"
  }

  /// Data columns of a banded series.
  static func bandColumns(_ prefix: String) -> [String] {
    [prefix + "_mean", prefix + "_p05", prefix + "_p95"]
  }

  /// The figure of `spec` for the runs of one scenario.
  static func scenarioFigure(
    _ spec: TimeFigureSpec, runs: [ResultsFolder.Run], scenario: String, tables: TableCache
  ) throws -> FigurePlan? {
    var series = spec.series
    if series.isEmpty {
      series = try tables.corridors(run: runs[0], file: spec.file).filter { $0 != "ROW" }.map {
        .init(column: "china_exports_cny", corridor: $0, label: CorridorNames.label($0))
      }
    }
    var loaded = try series.map {
      try tables.series(
        runs: runs, file: spec.file, column: $0.column, corridor: $0.corridor,
        frequency: spec.frequency)
    }
    var dropped: [String] = []
    if spec.logScale {
      // A log axis cannot show a series that is zero throughout (gnuplot refuses the plot).
      let kept = loaded.indices.filter { loaded[$0].values.joined().contains { $0 > 0 } }
      dropped = loaded.indices.filter { !kept.contains($0) }.map { series[$0].label }
      series = kept.map { series[$0] }
      loaded = kept.map { loaded[$0] }
    }
    guard let periods = loaded.first?.periods, !periods.isEmpty else { return nil }
    let bands = loaded.map(\.bands)
    let axis = axis(periods, frequency: spec.frequency)
    let data = FigureData(
      fileName: "\(spec.stem).csv",
      columns: [axis.x] + series.flatMap { bandColumns($0.prefix) },
      rows: periods.indices.map { t in
        [periods[t]] + bands.flatMap { [cell($0[t].mean), cell($0[t].low), cell($0[t].high)] }
      })
    let drawBands = spec.bands && runs.count > 1
    var clauses: [String] = []
    for (index, line) in series.enumerated() {
      clauses += Self.clauses(
        file: data.fileName, x: axis.x, prefix: line.prefix, scale: spec.scale, style: index,
        title: line.label, band: drawBands, first: index == 0)
    }
    if drawBands { clauses.append(bandKey(replicates: runs.count)) }
    var settings = axis.settings + ["set ylabel \(quoted(spec.yLabel))"]
    if spec.logScale { settings.append("set logscale y") }
    let replicates =
      runs.count > 1
      ? "mean across \(runs.count) replicates"
        + (drawBands ? " with the 5th–95th percentile band" : "")
      : "one run"
    return FigurePlan(
      stem: spec.stem, title: spec.title,
      caption:
        "\(spec.about) Scenario '\(scenario)': \(replicates).\(dropped.isEmpty ? "" : " Not drawn (zero throughout, which a log scale cannot show): \(dropped.joined(separator: ", ")).") Source: \(spec.file), columns \(Set(series.map(\.column)).sorted().joined(separator: ", ")).",
      data: [data], settings: settings, plot: "plot " + clauses.joined(separator: ", \\\n    "))
  }

  /// Each scenario's series of `spec` (its first column) on one chart.
  static func comparisonFigure(
    _ spec: TimeFigureSpec, folder: ResultsFolder, tables: TableCache
  ) throws -> FigurePlan? {
    let line = spec.series[0]
    let perScenario = try folder.scenarios.map {
      try tables.series(
        runs: folder.runs(of: $0), file: spec.file, column: line.column, frequency: spec.frequency)
    }
    guard let periods = perScenario.first?.periods, !periods.isEmpty else { return nil }
    let axis = axis(periods, frequency: spec.frequency)
    let prefixes = folder.scenarios.map { "\(line.column)_\($0)" }
    let bands = perScenario.map(\.bands)
    let data = FigureData(
      fileName: "compare-\(spec.stem).csv", columns: [axis.x] + prefixes.flatMap(bandColumns),
      rows: periods.indices.map { t in
        [periods[t]] + bands.flatMap { [cell($0[t].mean), cell($0[t].low), cell($0[t].high)] }
      })
    let replicates = folder.runs(of: folder.scenarios[0]).count
    let drawBands = spec.bands && replicates > 1
    var clauses: [String] = []
    for (index, scenario) in folder.scenarios.enumerated() {
      clauses += Self.clauses(
        file: data.fileName, x: axis.x, prefix: prefixes[index], scale: spec.scale, style: index,
        title: scenario, band: drawBands, first: index == 0)
    }
    if drawBands { clauses.append(bandKey(replicates: replicates)) }
    return FigurePlan(
      stem: "compare-\(spec.stem)", title: "\(spec.title), by scenario",
      caption:
        "\(spec.about) Each scenario's mean across \(replicates) replicate(s)\(drawBands ? " with its 5th–95th percentile band" : ""). Source: \(spec.file), column \(line.column).",
      data: [data], settings: axis.settings + ["set ylabel \(quoted(spec.yLabel))"],
      plot: "plot " + clauses.joined(separator: ", \\\n    "))
  }

  /// Each scenario's difference from the reference scenario, replicate by replicate (the
  /// replicates of a point share their seeds, so the pairs share random numbers), as the mean
  /// difference with its 90 % band.
  static func differenceFigure(
    _ spec: TimeFigureSpec, folder: ResultsFolder, tables: TableCache
  ) throws -> FigurePlan? {
    let line = spec.series[0]
    let reference = folder.referenceScenario
    let referenceSeries = try tables.series(
      runs: folder.runs(of: reference), file: spec.file, column: line.column,
      frequency: spec.frequency)
    let others = folder.scenarios.filter { $0 != reference }
    guard !referenceSeries.periods.isEmpty, !others.isEmpty else { return nil }
    let periods = referenceSeries.periods
    var bands: [[ReplicateBand]] = []
    for scenario in others {
      let series = try tables.series(
        runs: folder.runs(of: scenario), file: spec.file, column: line.column,
        frequency: spec.frequency)
      guard series.values.count == referenceSeries.values.count else {
        throw FigureError(
          "\(folder.path): scenario '\(scenario)' has \(series.values.count) replicates and '\(reference)' \(referenceSeries.values.count); differences pair them one to one"
        )
      }
      let differences = zip(series.values, referenceSeries.values).map { zip($0, $1).map(-) }
      bands.append(ReplicateSeries(periods: periods, values: differences).bands)
    }
    let axis = axis(periods, frequency: spec.frequency)
    let prefixes = others.map { "\(line.column)_\($0)_minus_\(reference)" }
    let data = FigureData(
      fileName: "difference-\(spec.stem).csv", columns: [axis.x] + prefixes.flatMap(bandColumns),
      rows: periods.indices.map { t in
        [periods[t]] + bands.flatMap { [cell($0[t].mean), cell($0[t].low), cell($0[t].high)] }
      })
    let replicates = referenceSeries.values.count
    let drawBands = replicates > 1
    var clauses: [String] = []
    for (index, scenario) in others.enumerated() {
      // Keep each scenario's colour from the comparison chart (the reference is line 1 there).
      let style = folder.scenarios.firstIndex(of: scenario)!
      clauses += Self.clauses(
        file: data.fileName, x: axis.x, prefix: prefixes[index], scale: spec.scale, style: style,
        title: "\(scenario) − \(reference)", band: drawBands, first: index == 0)
    }
    if drawBands { clauses.append(bandKey(replicates: replicates)) }
    clauses.append("0 with lines linecolor rgb \"#333333\" linewidth 1 dashtype 2 notitle")
    return FigurePlan(
      stem: "difference-\(spec.stem)", title: "\(spec.title): difference from \(reference)",
      caption:
        "\(spec.about) Scenario minus \(reference), replicate by replicate (paired runs share their seeds, hence their random numbers); mean across \(replicates) pair(s)\(drawBands ? " with the 5th–95th percentile band of the paired differences" : ""). Source: \(spec.file), column \(line.column).",
      data: [data],
      settings: axis.settings + [
        "set ylabel \(quoted(spec.scale == "100" ? "difference, percentage points" : "difference, " + spec.yLabel))"
      ],
      plot: "plot " + clauses.joined(separator: ", \\\n    "))
  }
}

/// Display names of the corridor codes in `corridors.csv` (presentation only; unknown codes
/// show as they are).
public enum CorridorNames {
  public static let names = [
    "CMR": "China–Mongolia–Russia", "NELB": "New Eurasian Land Bridge",
    "CCAWA": "China–Central Asia–West Asia", "CICP": "China–Indochina Peninsula",
    "CPEC": "China–Pakistan", "BCIM": "Bangladesh–China–India–Myanmar",
    "MSR": "Maritime Silk Road", "ROW": "rest of the world",
  ]

  public static func label(_ code: String) -> String { names[code] ?? code }
}
