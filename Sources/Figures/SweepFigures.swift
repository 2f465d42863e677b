import CGSL
import Foundation

/// Figures of a sweep, from its summary.csv: every summary metric against every swept
/// parameter (the runs as points, with a LOESS trend per scenario), and for a two-parameter
/// full grid a heat map of each metric's mean over replicates.
enum SweepFigures {
  static func figures(folder: ResultsFolder, tables: TableCache) throws -> [FigurePlan] {
    let whole = try tables.table("\(folder.path)/summary.csv")
    // Failed runs have empty metric cells (runs.csv has their messages): left out, and said so.
    let metricColumns = try folder.summaryMetrics.map { try whole.columnIndex($0) }
    let isFailed = { (row: [String]) in
      !metricColumns.isEmpty && metricColumns.allSatisfy { row[$0].isEmpty }
    }
    let failedIDs = try whole.text("run_id").enumerated().filter { isFailed(whole.rows[$0.offset]) }
      .map(\.element)
    let summary = try whole.filter(
      { !isFailed($0) },
      emptyMessage: "every run failed (runs.csv has the messages); nothing to plot")
    let failedNote =
      failedIDs.isEmpty
      ? ""
      : " Left out: \(failedIDs.count) failed run(s) (\(failedIDs.prefix(5).joined(separator: ", "))\(failedIDs.count > 5 ? ", …" : "")); runs.csv has their messages."
    let scenarioColumn = try summary.text("scenario")
    let runIDs = try summary.text("run_id")
    let scenarios = folder.scenarios.filter(scenarioColumn.contains)
    var dimensions: [String: [Double]] = [:]
    for dimension in folder.dimensions { dimensions[dimension] = try summary.numbers(dimension) }
    var figures: [FigurePlan] = []
    for metric in folder.summaryMetrics where !folder.earlierSeriesYears.contains(metric) {
      let values = try summary.numbers(metric)
      // Units follow the result column the metric comes from (value_cny: CNY).
      let unit = MetricUnit(metric: folder.metricSourceColumns[metric] ?? metric, values: values)
      for dimension in folder.dimensions {
        figures.append(
          scatter(
            metric: metric, values: values, unit: unit, dimension: dimension,
            label: folder.label(ofDimension: dimension), x: dimensions[dimension]!,
            scenarios: scenarios, scenarioColumn: scenarioColumn, runIDs: runIDs,
            summaryPath: "summary.csv",
            note: failedNote
              + (folder.commonRandomNumbers
                ? " Seeds are common to every point (sweep.common_random_numbers): differences between points are paired; the level shares one draw of the noise."
                : " Each point has its own seeds (no common random numbers).")))
      }
      if folder.dimensions.count == 2 {
        for scenario in scenarios {
          if let map = heatMap(
            metric: metric, values: values, unit: unit, dimensions: folder.dimensions,
            labels: folder.dimensions.map(folder.label(ofDimension:)),
            x: dimensions[folder.dimensions[0]]!, y: dimensions[folder.dimensions[1]]!,
            scenario: scenario, scenarioColumn: scenarioColumn, several: scenarios.count > 1,
            summaryPath: "summary.csv", note: failedNote)
          {
            figures.append(map)
          }
        }
      }
    }
    return figures
  }

  static func scatter(
    metric: String, values: [Double], unit: MetricUnit, dimension: String, label: String,
    x: [Double], scenarios: [String], scenarioColumn: [String], runIDs: [String],
    summaryPath: String, note: String = ""
  ) -> FigurePlan {
    let stem = "sweep-\(fileStem(metric))-vs-\(fileStem(dimension))"
    let xColumn = Labels.identifier(dimension)
    let yColumn = Labels.identifier(metric)
    let points = FigureData(
      fileName: "\(stem).csv", columns: ["run_id", "scenario", xColumn, yColumn],
      rows: values.indices.map { [runIDs[$0], scenarioColumn[$0], cell(x[$0]), cell(values[$0])] })
    // Few distinct values (a grid): each value's mean with its 95 % t interval, since a
    // LOESS over a handful of x values extrapolates between them. Many values: LOESS.
    let distinctValues = Set(x.filter(\.isFinite)).count
    let byValue = distinctValues < Self.minimumValuesForTrend
    var trendRows: [[String]] = []
    var smallestGroup = Int.max
    for scenario in scenarios {
      let members = values.indices.filter {
        scenarioColumn[$0] == scenario && values[$0].isFinite && x[$0].isFinite
      }
      guard !members.isEmpty else { continue }
      if byValue {
        for value in Set(members.map { x[$0] }).sorted() {
          let ys = members.filter { x[$0] == value }.map { values[$0] }
          smallestGroup = min(smallestGroup, ys.count)
          let mean = ys.reduce(0, +) / Double(ys.count)
          var low = Double.nan
          var high = Double.nan
          if ys.count >= 2 {
            let variance = ys.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(ys.count - 1)
            let half =
              gsl_cdf_tdist_Pinv(0.975, Double(ys.count - 1))
              * (variance / Double(ys.count)).squareRoot()
            (low, high) = (mean - half, mean + half)
          }
          trendRows.append([
            scenario, cell(value), cell(mean), cell(low), cell(high), String(ys.count),
          ])
        }
      } else {
        for point in FigureStatistics.loess(x: members.map { x[$0] }, y: members.map { values[$0] })
        {
          trendRows.append([scenario, cell(point.x), cell(point.y), "NaN", "NaN", ""])
        }
      }
    }
    let trendColumn = yColumn + (byValue ? "_mean" : "_loess")
    let trend = FigureData(
      fileName: "\(stem)-trend.csv",
      columns: ["scenario", xColumn, trendColumn, "ci_low", "ci_high", "replicates"],
      rows: trendRows)
    let name = Labels.metric(metric)
    var clauses: [String] = []
    for (index, scenario) in scenarios.enumerated() {
      let only =
        "(strcol(\"scenario\") eq \(quoted(scenario)) ? \(scaled("column(\(quoted(yColumn)))", unit.scale)) : NaN)"
      let onlyTrend =
        "(strcol(\"scenario\") eq \(quoted(scenario)) ? \(scaled("column(\(quoted(trendColumn)))", unit.scale)) : NaN)"
      let prefix = scenarios.count > 1 ? "\(scenario): " : ""
      clauses.append(
        "\(quoted(points.fileName)) using \(quoted(xColumn)):\(only) with points linetype \(index + 1) pointtype 7 pointsize 0.6 title \(quoted(prefix + "runs"))"
      )
      if byValue {
        let low =
          "(strcol(\"scenario\") eq \(quoted(scenario)) ? \(scaled("column(\"ci_low\")", unit.scale)) : NaN)"
        let high =
          "(strcol(\"scenario\") eq \(quoted(scenario)) ? \(scaled("column(\"ci_high\")", unit.scale)) : NaN)"
        clauses.append(
          "\(quoted(trend.fileName)) using \(quoted(xColumn)):\(onlyTrend):\(low):\(high) with yerrorbars linetype \(index + 1) dashtype solid pointtype 5 pointsize 0.8 notitle"
        )
        clauses.append(
          "\(quoted(trend.fileName)) using \(quoted(xColumn)):\(onlyTrend) with lines linetype \(index + 1) linewidth 2 title \(quoted(prefix + "mean, 95 % CI"))"
        )
      } else {
        clauses.append(
          "\(quoted(trend.fileName)) using \(quoted(xColumn)):\(onlyTrend) with lines linetype \(index + 1) linewidth 2.5 title \(quoted(prefix + "LOESS trend (span 0.75)"))"
        )
      }
    }
    let trendCaption =
      byValue
      ? "the line joins each value's mean over its runs, with the 95 % confidence interval of the mean (Student t\(smallestGroup < 2 ? "; none where a value has one run" : ""); \(smallestGroup == Int.max ? "" : "at least \(smallestGroup) run\(smallestGroup == 1 ? "" : "s") a value")) — with fewer than \(Self.minimumValuesForTrend) distinct values no smooth trend is drawn, since it would only extrapolate between them"
      : "the line is a local-linear LOESS trend (tricube weights, span 0.75)"
    return FigurePlan(
      stem: stem, title: "\(name)\(name.contains(",") ? "," : "") against \(label)",
      caption:
        "\(name)\(name.contains(",") ? "," : "") against \(label). Each point is one run of the sweep (every sweep point and replicate); \(trendCaption). Source: \(summaryPath), columns \(dimension) and \(metric).\(note)",
      data: [points, trend],
      settings: [
        "set xlabel \(quoted(label))", "set ylabel \(quoted(unit.label))",
      ],
      plot: "plot " + clauses.joined(separator: ", \\\n    "))
  }

  /// Fewer distinct swept values than this get per-value means with intervals, not a LOESS.
  static let minimumValuesForTrend = 8

  /// Most tick labels an axis of a heat map shows (every k-th cell beyond it).
  static let maximumTickLabels = 12

  /// Tick settings for a heat-map axis of ordinal cells: cell i spans i − ½ … i + ½, and its
  /// label, the swept value, sits at its centre i, whatever the spacing of the values.
  static func ordinalTicks(_ axis: String, values: [Double]) -> [String] {
    let step = max(1, (values.count + maximumTickLabels - 1) / maximumTickLabels)
    let ticks = stride(from: 0, to: values.count, by: step).map {
      "\(quoted(String(format: "%g", values[$0]))) \($0)"
    }
    return [
      "set \(axis)range [-0.5:\(Double(values.count) - 0.5)]",
      "set \(axis)tics (\(ticks.joined(separator: ", ")))",
    ]
  }

  /// A heat map when the two swept parameters form a full grid (every pair of their values
  /// present); nil otherwise. Cells are ordinal: evenly spaced in the order of the swept values
  /// (grids such as 0, 100, 400, 800 are common), each labelled with its value at its centre.
  static func heatMap(
    metric: String, values: [Double], unit: MetricUnit, dimensions: [String],
    labels: [String], x: [Double], y: [Double], scenario: String, scenarioColumn: [String],
    several: Bool, summaryPath: String, note: String = ""
  ) -> FigurePlan? {
    let members = values.indices.filter { scenarioColumn[$0] == scenario }
    let xs = Set(members.map { x[$0] }).sorted()
    let ys = Set(members.map { y[$0] }).sorted()
    var cells: [[Double]: [Double]] = [:]
    for i in members { cells[[x[i], y[i]], default: []].append(values[i]) }
    guard xs.count >= 2, ys.count >= 2, cells.count == xs.count * ys.count else { return nil }
    let stem = "heatmap-\(fileStem(metric))" + (several ? "-\(fileStem(scenario))" : "")
    let meanColumn = Labels.identifier(metric) + "_mean"
    var rows: [[String]] = []
    for (j, yValue) in ys.enumerated() {
      for (i, xValue) in xs.enumerated() {
        let cellValues = cells[[xValue, yValue]]!
        rows.append([
          "\(i)", cell(xValue), "\(j)", cell(yValue), scenario,
          cell(cellValues.reduce(0, +) / Double(cellValues.count)), "\(cellValues.count)",
        ])
      }
    }
    let data = FigureData(
      fileName: "\(stem).csv",
      columns: [
        "x_cell", Labels.identifier(dimensions[0]), "y_cell", Labels.identifier(dimensions[1]),
        "scenario", meanColumn, "replicates",
      ],
      rows: rows)
    let counts = Set(cells.values.map(\.count)).sorted()
    let replicates = counts.map(String.init).joined(separator: " to ")
    return FigurePlan(
      stem: stem,
      title: Labels.metric(metric) + (several ? " (\(scenario))" : ""),
      caption:
        "Mean of \(Labels.metric(metric)) (\(metric)) over the \(replicates) replicate(s) of each grid point\(several ? " of scenario '\(scenario)'" : ""), by \(labels[0]) (x, \(dimensions[0])) and \(labels[1]) (y, \(dimensions[1])). Cells are evenly spaced in the order of the swept values, each labelled with its value. Source: \(summaryPath).\(note)",
      data: [data],
      settings: [
        "set xlabel \(quoted(labels[0]))", "set ylabel \(quoted(labels[1]))",
        "set cblabel \(quoted(unit.label))", "unset grid", "set style fill solid 1 noborder",
        "set border 15", "set xtics out mirror", "set ytics out mirror",
      ] + ordinalTicks("x", values: xs) + ordinalTicks("y", values: ys) + [
        // Viridis endpoints and midpoints: perceptually uniform and colour-blind safe.
        "set palette defined (0 \"#440154\", 0.25 \"#3B528B\", 0.5 \"#21918C\", 0.75 \"#5EC962\", 1 \"#FDE725\")"
      ],
      plot:
        "plot \(quoted(data.fileName)) using \"x_cell\":\"y_cell\":(\(scaled("column(\(quoted(meanColumn)))", unit.scale))) with image notitle"
    )
  }

  /// A file-name-safe form of a column name.
  static func fileStem(_ name: String) -> String {
    String(name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "-" })
  }
}

/// How a summary metric is shown: money in CNY scaled to million, billion or trillion by its
/// largest value; the axis names the unit (the metric's readable name is the figure's title).
struct MetricUnit {
  let scale: String
  let label: String

  init(metric: String, values: [Double]) {
    let largest = values.filter(\.isFinite).map(abs).max() ?? 0
    guard metric.contains("_cny") else {
      scale = "1"
      label =
        metric.contains("share")
        ? "share (0 to 1)"
        : metric.contains("days")
          ? "days"
          : metric.contains("trust")
            ? "trust (0 to 1)"
            : metric.contains("firms") ? "firms" : "value (summary.csv)"
      return
    }
    let steps: [(Double, String, String)] = [
      (1e12, "1e-12", "trillion CNY"), (1e9, "1e-9", "billion CNY"), (1e6, "1e-6", "million CNY"),
    ]
    let chosen = steps.first { largest >= $0.0 } ?? (1, "1", "CNY")
    scale = chosen.1
    label = chosen.2
  }
}
