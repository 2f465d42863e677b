import Foundation

/// A time-series figure of one scenario: one or more columns of a run table, each drawn as the
/// mean across replicates with a band (``FigureBand``).
struct TimeFigureSpec {
  struct Series {
    let column: String
    /// For `corridors.csv`: the corridor's rows only.
    var corridor: String? = nil
    let label: String
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
  /// What the figure shows, for the caption: it must describe exactly the columns in `series`.
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
        "China's cross-border e-commerce: goods traded through B2B and B2C platforms between China and all partners, the total and its exports and imports, summed over each complete calendar year."
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
  /// A series cut out of a multi-series figure gets its own description, so that the caption
  /// says what is drawn and nothing else.
  static let comparedSeries: [TimeFigureSpec] = [
    single(
      scenarioFigures[0], series: 0, stem: "cbec-volume",
      title: "China's cross-border e-commerce volume",
      about:
        "China's cross-border e-commerce: goods traded through B2B and B2C platforms between China and all partners, exports plus imports, summed over each complete calendar year."
    ),
    single(
      scenarioFigures[2], series: 1, stem: "b2c-share",
      title: "B2C share of China's cross-border e-commerce",
      about:
        "The B2C platforms' (parcels') share of China's cross-border e-commerce, exports plus imports, monthly."
    ),
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
    single(
      scenarioFigures[6], series: 0, stem: "b2c-fraud-losses", title: "B2C fraud losses",
      about:
        "Losses to fraud on cross-border B2C purchases (parcels), world total, summed over each complete calendar year; B2B fraud and buyers' defaults are not included."
    ),
    single(
      scenarioFigures[6], series: 2, stem: "default-losses", title: "Losses to buyer defaults",
      about:
        "Sellers' losses to importers' defaults on trade credit, world total, summed over each complete calendar year; fraud losses are not included."
    ),
    scenarioFigures[7],
  ].map(yearly)

  private static func single(
    _ spec: TimeFigureSpec, series: Int, stem: String, title: String, about: String
  ) -> TimeFigureSpec {
    TimeFigureSpec(
      stem: stem, title: title, yLabel: spec.yLabel, file: spec.file, frequency: spec.frequency,
      scale: spec.scale, series: [spec.series[series]], logScale: spec.logScale,
      bands: spec.bands, about: about)
  }

  /// `spec` with monthly values averaged by year: scenario effects read more clearly without
  /// the month-to-month noise.
  private static func yearly(_ spec: TimeFigureSpec) -> TimeFigureSpec {
    guard spec.frequency == .monthly else { return spec }
    precondition(spec.about.hasSuffix(", monthly."), "\(spec.stem): about must end ', monthly.'")
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

  /// One line of a time figure: the rows of the long-form data file that share `key` in the
  /// figure's key column (a scenario, a series or a corridor), one per period.
  struct Line {
    /// The value identifying the line's rows in the key column.
    let key: String
    let scenario: String
    let series: String
    var corridor: String? = nil
    /// For differences: the scenario subtracted.
    var reference: String? = nil
    /// The line's entry in the key.
    let label: String
    /// Line style (0-based; the palette colour, dash pattern and marker).
    let style: Int
    let bands: [FigureBand]
  }

  /// The long (tidy) data file of a time figure: one row per line and period, the lines one
  /// after another (each contiguous, periods in order), with columns `year` or `date`,
  /// `scenario`, (`reference_scenario`,) `series`, (`corridor`,) `mean`, `band_low`,
  /// `band_high`, `band` (``FigureBand/Method/code``) and `replicates`.
  static func longData(fileName: String, x: String, periods: [String], lines: [Line])
    -> FigureData
  {
    let hasReference = lines.contains { $0.reference != nil }
    let hasCorridor = lines.contains { $0.corridor != nil }
    var columns = [x, "scenario"]
    if hasReference { columns.append("reference_scenario") }
    columns.append("series")
    if hasCorridor { columns.append("corridor") }
    columns += ["mean", "band_low", "band_high", "band", "replicates"]
    var rows: [[String]] = []
    for line in lines {
      for (t, period) in periods.enumerated() {
        var row = [period, line.scenario]
        if hasReference { row.append(line.reference ?? "") }
        row.append(line.series)
        if hasCorridor { row.append(line.corridor ?? "") }
        let band = line.bands[t]
        row += [
          cell(band.mean), cell(band.low), cell(band.high), band.method.code, "\(band.count)",
        ]
        rows.append(row)
      }
    }
    return FigureData(fileName: fileName, columns: columns, rows: rows)
  }

  /// Plot clauses for `lines` of the long-form `file`, each line's rows picked by its value in
  /// `keyColumn`: every band first (so that no band veils a line), then the lines, then (for
  /// monthly series) their markers, then the key. Each line has its own colour, dash pattern
  /// and marker (``GnuplotStyle``), so that lines which coincide stay visible: yearly series
  /// mark every year; monthly ones mark one month a year, a different month for each line.
  static func clauses(
    file: String, x: String, keyColumn: String, lines: [Line], scale: String, drawBands: Bool,
    bandItems: String = "replicates"
  ) -> [String] {
    var parts: [String] = []
    func source() -> String { parts.isEmpty ? quoted(file) : "\"\"" }
    func pick(_ line: Line, _ column: String, month: String? = nil) -> String {
      let condition =
        "strcol(\(quoted(keyColumn))) eq \(quoted(line.key))"
        + (month.map { " && substr(strcol(\"date\"), 6, 7) eq \(quoted($0))" } ?? "")
      return "(\(condition) ? \(scaled("column(\(quoted(column)))", scale)) : NaN)"
    }
    if drawBands {
      for line in lines {
        parts.append(
          "\(source()) using \(quoted(x)):\(pick(line, "band_low")):\(pick(line, "band_high")) with filledcurves linecolor rgb \"\(GnuplotStyle.colour(line.style))\" notitle"
        )
      }
    }
    let yearly = x == "year"
    for line in lines {
      parts.append(
        "\(source()) using \(quoted(x)):\(pick(line, "mean")) with \(yearly ? "linespoints" : "lines") linetype \(line.style + 1) \(yearly ? "title \(quoted(line.label))" : "notitle")"
      )
    }
    if !yearly {
      for (index, line) in lines.enumerated() {
        let month = String(format: "%02d", 1 + (index * 12 / max(lines.count, 1)) % 12)
        parts.append(
          "\(source()) using \(quoted(x)):\(pick(line, "mean", month: month)) with points linetype \(line.style + 1) notitle"
        )
      }
      for line in lines {
        parts.append("NaN with linespoints linetype \(line.style + 1) title \(quoted(line.label))")
      }
    }
    if drawBands {
      for key in bandKeys(lines, items: bandItems) {
        parts.append(
          "NaN with filledcurves linecolor rgb \"#888888\" title \(quoted("band: " + key))")
      }
    }
    return parts
  }

  /// The distinct (method, replicates) of `lines`' bands, in order.
  static func bandKinds(_ lines: [Line]) -> [(method: FigureBand.Method, count: Int)] {
    var seen: [(method: FigureBand.Method, count: Int)] = []
    for line in lines {
      guard let band = line.bands.first else { continue }
      if !seen.contains(where: { $0.method == band.method && $0.count == band.count }) {
        seen.append((band.method, band.count))
      }
    }
    return seen
  }

  /// Key entries naming the bands of `lines` (e.g. "range of 3 replicates").
  static func bandKeys(_ lines: [Line], items: String) -> [String] {
    bandKinds(lines).map { FigureBand.key($0.method, count: $0.count, of: items) }
  }

  /// The caption's sentences on the bands of `lines`.
  static func bandCaption(_ lines: [Line], items: String, drawn: Bool) -> String {
    guard drawn else { return "" }
    return " "
      + bandKinds(lines).map { FigureBand.caption($0.method, count: $0.count, of: items) }
      .joined(separator: " ")
  }

  /// The plot command of `clauses`.
  static func plot(_ clauses: [String]) -> String {
    "plot " + clauses.joined(separator: ", \\\n    ")
  }

  /// The figure of `spec` for the runs of one scenario.
  static func scenarioFigure(
    _ spec: TimeFigureSpec, runs: [ResultsFolder.Run], scenario: String, tables: TableCache,
    band: BandKind
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
    let axis = axis(periods, frequency: spec.frequency)
    let byCorridor = series.contains { $0.corridor != nil }
    let lines = series.indices.map { index in
      Line(
        key: series[index].corridor ?? series[index].column, scenario: scenario,
        series: series[index].column, corridor: series[index].corridor,
        label: series[index].label, style: index, bands: loaded[index].bands(band))
    }
    let data = longData(
      fileName: "\(spec.stem).csv", x: axis.x, periods: periods, lines: lines)
    let drawBands = spec.bands && runs.count > 1
    let clauses = clauses(
      file: data.fileName, x: axis.x, keyColumn: byCorridor ? "corridor" : "series",
      lines: lines, scale: spec.scale, drawBands: drawBands)
    var settings = axis.settings + ["set ylabel \(quoted(spec.yLabel))"]
    if spec.logScale { settings.append("set logscale y") }
    let replicates = runs.count > 1 ? "mean across \(runs.count) replicates" : "one run"
    let lineNote = !spec.bands && runs.count > 1 ? " No band is drawn: lines only." : ""
    return FigurePlan(
      stem: spec.stem, title: spec.title,
      caption:
        "\(spec.about) Scenario '\(scenario)': \(replicates).\(bandCaption(lines, items: "replicates", drawn: drawBands))\(lineNote)\(dropped.isEmpty ? "" : " Not drawn (zero throughout, which a log scale cannot show): \(dropped.joined(separator: ", ")).") Source: \(spec.file), column\(Set(series.map(\.column)).count > 1 ? "s" : "") \(uniqueColumns(series).joined(separator: ", "))\(byCorridor ? ", one line per corridor" : "").",
      data: [data], settings: settings, plot: plot(clauses))
  }

  /// The columns of `series`, each once, in order.
  static func uniqueColumns(_ series: [TimeFigureSpec.Series]) -> [String] {
    var seen = Set<String>()
    return series.map(\.column).filter { seen.insert($0).inserted }
  }

  /// Each scenario's series of `spec` (its one column) on one chart.
  static func comparisonFigure(
    _ spec: TimeFigureSpec, folder: ResultsFolder, tables: TableCache, band: BandKind
  ) throws -> FigurePlan? {
    precondition(spec.series.count == 1, "\(spec.stem): a compared series has one column")
    let column = spec.series[0].column
    let perScenario = try folder.scenarios.map {
      try tables.series(
        runs: folder.runs(of: $0), file: spec.file, column: column, frequency: spec.frequency)
    }
    guard let periods = perScenario.first?.periods, !periods.isEmpty else { return nil }
    let axis = axis(periods, frequency: spec.frequency)
    let lines = folder.scenarios.indices.map { index in
      Line(
        key: folder.scenarios[index], scenario: folder.scenarios[index], series: column,
        label: folder.scenarios[index], style: index, bands: perScenario[index].bands(band))
    }
    let data = longData(
      fileName: "compare-\(spec.stem).csv", x: axis.x, periods: periods, lines: lines)
    let counts = Set(perScenario.map(\.values.count))
    let drawBands = spec.bands && counts.allSatisfy { $0 > 1 }
    let clauses = clauses(
      file: data.fileName, x: axis.x, keyColumn: "scenario", lines: lines, scale: spec.scale,
      drawBands: drawBands)
    let replicates = counts.sorted().map(String.init).joined(separator: " or ")
    return FigurePlan(
      stem: "compare-\(spec.stem)", title: "\(spec.title), by scenario",
      caption:
        "\(spec.about) Each scenario's mean across its \(replicates) replicate\(counts == [1] ? "" : "s").\(bandCaption(lines, items: "replicates", drawn: drawBands)) Source: \(spec.file), column \(column).",
      data: [data], settings: axis.settings + ["set ylabel \(quoted(spec.yLabel))"],
      plot: plot(clauses))
  }

  /// Each scenario's difference from the reference scenario, replicate by replicate (the
  /// replicates of a point share their seeds, so the pairs share random numbers), as the mean
  /// difference with the band of the paired differences.
  static func differenceFigure(
    _ spec: TimeFigureSpec, folder: ResultsFolder, tables: TableCache, band: BandKind
  ) throws -> FigurePlan? {
    precondition(spec.series.count == 1, "\(spec.stem): a compared series has one column")
    let column = spec.series[0].column
    let reference = folder.referenceScenario
    let referenceSeries = try tables.series(
      runs: folder.runs(of: reference), file: spec.file, column: column,
      frequency: spec.frequency)
    let others = folder.scenarios.filter { $0 != reference }
    guard !referenceSeries.periods.isEmpty, !others.isEmpty else { return nil }
    let periods = referenceSeries.periods
    var lines: [Line] = []
    for scenario in others {
      let series = try tables.series(
        runs: folder.runs(of: scenario), file: spec.file, column: column,
        frequency: spec.frequency)
      guard series.values.count == referenceSeries.values.count else {
        throw FigureError(
          "\(folder.path): scenario '\(scenario)' has \(series.values.count) replicates and '\(reference)' \(referenceSeries.values.count); differences pair them one to one"
        )
      }
      let differences = zip(series.values, referenceSeries.values).map { zip($0, $1).map(-) }
      // Keep each scenario's style from the comparison chart (the reference has one there).
      lines.append(
        Line(
          key: scenario, scenario: scenario, series: column, reference: reference,
          label: "\(scenario) − \(reference)", style: folder.scenarios.firstIndex(of: scenario)!,
          bands: ReplicateSeries(periods: periods, values: differences).bands(band)))
    }
    let axis = axis(periods, frequency: spec.frequency)
    let data = longData(
      fileName: "difference-\(spec.stem).csv", x: axis.x, periods: periods, lines: lines)
    let pairs = referenceSeries.values.count
    let drawBands = pairs > 1
    var clauses = clauses(
      file: data.fileName, x: axis.x, keyColumn: "scenario", lines: lines, scale: spec.scale,
      drawBands: drawBands, bandItems: "paired differences")
    clauses.append("0 with lines linecolor rgb \"#333333\" linewidth 1 dashtype 2 notitle")
    return FigurePlan(
      stem: "difference-\(spec.stem)", title: "\(spec.title): difference from \(reference)",
      caption:
        "\(spec.about) Scenario minus \(reference), replicate by replicate (paired runs share their seeds, hence their random numbers): the mean of \(pairs) paired difference\(pairs == 1 ? "" : "s").\(bandCaption(lines, items: "paired differences", drawn: drawBands)) Source: \(spec.file), column \(column).",
      data: [data],
      settings: axis.settings + [
        "set ylabel \(quoted(spec.scale == "100" ? "difference, percentage points" : "difference, " + spec.yLabel))"
      ],
      plot: plot(clauses))
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
