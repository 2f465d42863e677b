import Foundation

/// Figures of `brisim analyze`'s analysis.csv and analysis-convergence.csv: for a Saltelli
/// sweep, each metric's first-order and total Sobol' indices as bars with their 95 % intervals;
/// for a Morris sweep, each metric's parameters in the μ*–σ plane (importance against
/// nonlinearity or interactions). A yearly series gets its last year's bars or plane and its
/// indices over the years; every metric its indices against the number of base samples
/// (trajectories), to show whether they have settled.
enum SensitivityFigures {
  /// Lines drawn in the over-time and convergence figures: the most influential parameters.
  static let linesShown = 6

  /// The figures, and those left out with why.
  static func figures(folder: ResultsFolder) throws -> (figures: [FigurePlan], skipped: [String]) {
    let path = "\(folder.path)/analysis.csv"
    guard FileManager.default.fileExists(atPath: path) else { return ([], []) }
    var skipped: [String] = []
    let table = try ResultTable(path: path)
    let metrics = try table.text("metric")
    let years = (try? table.text("year")) ?? Array(repeating: "", count: table.rows.count)
    let indexNames = try table.text("index")
    let parameters = try table.text("parameter")
    let estimates = try table.numbers("estimate")
    // Rows without an interval (mu, sigma, noise_share) leave ci_low and ci_high empty.
    let lows = try table.text("ci_low").map { Double($0) ?? .nan }
    let highs = try table.text("ci_high").map { Double($0) ?? .nan }
    var order: [String] = []
    for metric in metrics where !order.contains(metric) { order.append(metric) }
    var figures: [FigurePlan] = []
    for metric in order {
      // A yearly series: its last year's bars (or plane), then its indices over the years.
      let metricRows = table.rows.indices.filter { metrics[$0] == metric }
      let metricYears = Set(metricRows.map { years[$0] }).compactMap { Int($0) }.sorted()
      let lastYear = metricYears.last.map(String.init) ?? ""
      let rows = metricRows.filter { years[$0] == lastYear || metricYears.count <= 1 }
      if metricYears.count > 1 {
        figures += overTime(
          folder: folder, metric: metric, rows: metricRows, years: years, indexNames: indexNames,
          parameters: parameters, estimates: estimates, lows: lows, highs: highs)
      }
      let steps = try convergence(folder: folder, metric: metric, year: lastYear)
      if steps.isEmpty {
        skipped.append(
          "convergence-\(SweepFigures.fileStem(metric)): the design has no smaller nested design to compare (brisim analyze's analysis-convergence.csv needs 16 or more base samples, 8 or more trajectories)"
        )
      }
      figures += steps
      let names = Labels.metric(metric) + (metricYears.count > 1 ? ", \(lastYear)" : "")
      if rows.contains(where: { indexNames[$0] == "ST" }) {
        // Parameters ranked by ST, bars for S1 (left) and ST (right) of each.
        let params = rows.filter { indexNames[$0] == "ST" }.sorted {
          estimates[$0] > estimates[$1] || (estimates[$0] == estimates[$1] && $0 < $1)
        }.map { parameters[$0] }
        var dataRows: [[String]] = []
        for (position, parameter) in params.enumerated() {
          for (offset, index) in [(0.18, "S1"), (-0.18, "ST")] {
            guard
              let row = rows.first(where: { parameters[$0] == parameter && indexNames[$0] == index }
              )
            else { continue }
            dataRows.append([
              cell(Double(position) + offset), parameter, folder.label(ofDimension: parameter),
              index,
              cell(estimates[row]), cell(lows[row]), cell(highs[row]),
            ])
          }
        }
        let stem = "sobol-\(SweepFigures.fileStem(metric))"
        let data = FigureData(
          fileName: "\(stem).csv",
          columns: ["position", "parameter", "label", "index", "estimate", "ci_low", "ci_high"],
          rows: dataRows)
        // Horizontal bars: the most influential parameter on top.
        let count = params.count
        let tics = params.enumerated().map {
          "\(quoted(shortLabel(folder, $1))) \(count - 1 - $0)"
        }
        .joined(separator: ", ")
        let y = "(\(count - 1) - column(\"position\"))"
        func bars(_ index: String, _ style: Int) -> String {
          let pick = { (column: String) in
            "(strcol(\"index\") eq \"\(index)\" ? column(\"\(column)\") : NaN)"
          }
          return
            "\(quoted(data.fileName)) using (\(pick("estimate"))/2):\(y):(abs(\(pick("estimate")))/2):(0.16) with boxxyerror linetype \(style) title \(quoted(index == "S1" ? "first order (S1)" : "total (ST)")), \\\n      \(quoted(data.fileName)) using \(pick("estimate")):\(y):\(pick("ci_low")):\(pick("ci_high")) with xerrorbars linecolor rgb \"#333333\" dashtype solid pointtype 0 notitle"
        }
        figures.append(
          FigurePlan(
            stem: stem, title: "Sobol' indices: \(names)",
            caption:
              "First-order (S1, Saltelli 2010) and total (ST, Jansen) Sobol' indices of \(names) for each swept parameter, ranked by ST (top), with 95 % bootstrap intervals (estimate ± 1.96 sd over resampled base rows). Source: analysis.csv (brisim analyze), metric \(metric)\(metricYears.count > 1 ? ", year \(lastYear)" : "").",
            data: [data],
            settings: [
              "set style fill solid 0.7 border lc rgb \"#333333\"",
              "set xlabel \"share of the output's variance\"",
              "set yrange [-0.6:\(count) - 0.4]",
              "set ytics (\(tics)) scale 0",
              "set grid noytics xtics",
              "set arrow from 0, graph 0 to 0, graph 1 nohead linecolor rgb \"#333333\" linewidth 1",
            ],
            plot: "plot " + bars("ST", 2) + ", \\\n      " + bars("S1", 1)))
      } else if rows.contains(where: { indexNames[$0] == "mu_star" }) {
        let params = rows.filter { indexNames[$0] == "mu_star" }.map { parameters[$0] }
        let dataRows = params.map { parameter -> [String] in
          func value(_ index: String) -> Double {
            rows.first { parameters[$0] == parameter && indexNames[$0] == index }.map {
              estimates[$0]
            } ?? .nan
          }
          return [
            parameter, folder.label(ofDimension: parameter), cell(value("mu_star")),
            cell(value("sigma")), cell(value("mu")),
          ]
        }
        let stem = "morris-\(SweepFigures.fileStem(metric))"
        // Elementary effects are in the metric's units (per full range): scale money readably.
        let unit = MetricUnit(
          metric: folder.metricSourceColumns[metric]
            ?? folder.metricSourceColumns["\(metric)_\(lastYear)"] ?? metric,
          values: dataRows.compactMap { Double($0[2]) })
        let data = FigureData(
          fileName: "\(stem).csv", columns: ["parameter", "label", "mu_star", "sigma", "mu"],
          rows: dataRows)
        figures.append(
          FigurePlan(
            stem: stem, title: "Morris screening: \(names)",
            caption:
              "Each swept parameter's Morris measures for \(names): μ* (mean absolute elementary effect per full range: importance) against σ (their standard deviation: nonlinearity or interactions). Parameters near the origin can be fixed. Source: analysis.csv (brisim analyze), metric \(metric)\(metricYears.count > 1 ? ", year \(lastYear)" : "").",
            data: [data],
            settings: [
              "set xlabel \(quoted("μ* (mean |elementary effect| per full range), \(unit.label)"))",
              "set ylabel \(quoted("σ (sd of elementary effects), \(unit.label)"))", "set key off",
              "set xrange [0:*]", "set yrange [0:*]", "set offsets 0, graph 0.15, graph 0.1, 0",
            ],
            plot:
              "plot \(quoted(data.fileName)) using (\(scaled("column(\"mu_star\")", unit.scale))):(\(scaled("column(\"sigma\")", unit.scale))) with points linetype 1 pointtype 7 pointsize 1 notitle, \\\n      \(quoted(data.fileName)) using (\(scaled("column(\"mu_star\")", unit.scale))):(\(scaled("column(\"sigma\")", unit.scale))):(strcol(\"parameter\")) with labels offset 1,0.6 left font \",8\" notitle"
          ))
      }
    }
    return (figures, skipped)
  }

  /// A yearly series' ST (μ* for Morris) by year for the parameters most influential over the
  /// years (largest mean), with their 95 % intervals.
  static func overTime(
    folder: ResultsFolder, metric: String, rows: [Int], years: [String], indexNames: [String],
    parameters: [String], estimates: [Double], lows: [Double], highs: [Double]
  ) -> [FigurePlan] {
    let index = rows.contains { indexNames[$0] == "ST" } ? "ST" : "mu_star"
    let chosen = rows.filter { indexNames[$0] == index }
    let ranked = top(
      chosen.map { (parameters[$0], estimates[$0]) }, count: linesShown)
    let isSobol = index == "ST"
    var dataRows: [[String]] = []
    for parameter in ranked {
      for row in chosen where parameters[row] == parameter {
        dataRows.append([
          parameter, folder.label(ofDimension: parameter), years[row], cell(estimates[row]),
          cell(lows[row]), cell(highs[row]),
        ])
      }
    }
    let stem = "\(isSobol ? "sobol" : "morris")-over-time-\(SweepFigures.fileStem(metric))"
    let data = FigureData(
      fileName: "\(stem).csv",
      columns: ["parameter", "label", "year", "estimate", "ci_low", "ci_high"], rows: dataRows)
    let unit = MetricUnit(
      metric: folder.metricSourceColumns.first { $0.key.hasPrefix("\(metric)_") }?.value ?? metric,
      values: isSobol ? [] : dataRows.compactMap { Double($0[3]) })
    let scale = isSobol ? "1" : unit.scale
    let clauses = lines(
      folder: folder, data: data, x: "year", parameters: ranked, scale: scale)
    let names = Labels.metric(metric)
    return [
      FigurePlan(
        stem: stem, title: "\(isSobol ? "Sobol' indices" : "Morris μ*") over time: \(names)",
        caption:
          "\(isSobol ? "Total Sobol' index ST (Jansen)" : "Morris μ* (mean absolute elementary effect per full range)") of \(names) in each year, for the \(ranked.count) parameters with the largest mean over the years, with 95 % bootstrap intervals: which levers drive the outcome early and late. Source: analysis.csv (brisim analyze), series \(metric).",
        data: [data],
        settings: [
          "set xlabel \"year\"",
          "set ylabel \(quoted(isSobol ? "total index ST (share of variance)" : "μ*, \(unit.label)"))",
          "set xtics 1 rotate by -45", "set offsets 0.3, 0.3, 0, 0",
        ] + (isSobol ? ["set yrange [0:*]"] : ["set yrange [0:*]"]),
        plot: "plot " + clauses.joined(separator: ", \\\n      "))
    ]
  }

  /// ST (μ*) of the most influential parameters against the base samples (trajectories) of the
  /// nested designs in analysis-convergence.csv, at `year` (empty: the metric's only row set).
  static func convergence(folder: ResultsFolder, metric: String, year: String) throws
    -> [FigurePlan]
  {
    let path = "\(folder.path)/analysis-convergence.csv"
    guard FileManager.default.fileExists(atPath: path) else { return [] }
    let table = try ResultTable(path: path)
    let metrics = try table.text("metric")
    let years = try table.text("year")
    let indexNames = try table.text("index")
    let parameters = try table.text("parameter")
    let estimates = try table.numbers("estimate")
    let lows = try table.text("ci_low").map { Double($0) ?? .nan }
    let highs = try table.text("ci_high").map { Double($0) ?? .nan }
    let samples = try table.numbers("base_samples")
    let rows = table.rows.indices.filter { metrics[$0] == metric && years[$0] == year }
    let index = rows.contains { indexNames[$0] == "ST" } ? "ST" : "mu_star"
    let chosen = rows.filter { indexNames[$0] == index }
    let sizes = Set(chosen.map { samples[$0] }).sorted()
    guard sizes.count >= 2, let full = sizes.last else { return [] }
    let ranked = top(
      chosen.filter { samples[$0] == full }.map { (parameters[$0], estimates[$0]) },
      count: linesShown)
    let isSobol = index == "ST"
    var dataRows: [[String]] = []
    for parameter in ranked {
      for row in chosen where parameters[row] == parameter {
        dataRows.append([
          parameter, folder.label(ofDimension: parameter), cell(samples[row]),
          cell(estimates[row]), cell(lows[row]), cell(highs[row]),
        ])
      }
    }
    let stem = "\(isSobol ? "sobol" : "morris")-convergence-\(SweepFigures.fileStem(metric))"
    let data = FigureData(
      fileName: "\(stem).csv",
      columns: ["parameter", "label", "base_samples", "estimate", "ci_low", "ci_high"],
      rows: dataRows)
    let unit = MetricUnit(
      metric: folder.metricSourceColumns[metric]
        ?? folder.metricSourceColumns["\(metric)_\(year)"] ?? metric,
      values: isSobol ? [] : dataRows.compactMap { Double($0[3]) })
    let scale = isSobol ? "1" : unit.scale
    let clauses = lines(
      folder: folder, data: data, x: "base_samples", parameters: ranked, scale: scale)
    let names = Labels.metric(metric) + (year.isEmpty || metric.hasSuffix(year) ? "" : ", \(year)")
    let what = isSobol ? "base samples N" : "trajectories r"
    return [
      FigurePlan(
        stem: stem, title: "Convergence: \(names)",
        caption:
          "\(isSobol ? "Total Sobol' index ST" : "Morris μ*") of \(names) estimated on the design's first \(sizes.map { String(Int($0)) }.joined(separator: ", ")) \(what), with 95 % bootstrap intervals, for the \(ranked.count) parameters most influential on the full design: estimates that still move as N doubles, or intervals too wide to tell the parameters apart, call for a larger design. Source: analysis-convergence.csv (brisim analyze), metric \(metric)\(year.isEmpty ? "" : ", year \(year)").",
        data: [data],
        settings: [
          "set xlabel \(quoted(what))", "set logscale x 2",
          "set xtics (\(sizes.map { String(Int($0)) }.joined(separator: ", ")))",
          "set ylabel \(quoted(isSobol ? "total index ST (share of variance)" : "μ*, \(unit.label)"))",
          "set offsets graph 0.03, graph 0.03, 0, 0",
        ],
        plot: "plot " + clauses.joined(separator: ", \\\n      "))
    ]
  }

  /// An axis label that leaves the bars room: the manifest's label, or for a long one (a policy
  /// rule's label names its lever and countries) the column name in words (`policy
  /// de_minimis`, `parcel cost cny`).
  static func shortLabel(_ folder: ResultsFolder, _ parameter: String) -> String {
    let label = folder.label(ofDimension: parameter)
    guard label.count > 48 else { return label }
    if parameter.hasPrefix("policies_") && parameter.hasSuffix("_value") {
      return "policy " + parameter.dropFirst("policies_".count).dropLast("_value".count)
    }
    return parameter.replacingOccurrences(of: "_", with: " ")
  }

  /// One plot clause per parameter: its estimates against column `x` of `data` with their
  /// intervals as error bars, scaled by `scale`, in line style 1, 2, … in order.
  static func lines(
    folder: ResultsFolder, data: FigureData, x: String, parameters: [String], scale: String
  ) -> [String] {
    parameters.enumerated().map { number, parameter in
      let pick = { (column: String) in
        scaled(
          "(strcol(\"parameter\") eq \(quoted(parameter)) ? column(\"\(column)\") : NaN)", scale)
      }
      return
        "\(quoted(data.fileName)) using \"\(x)\":(\(pick("estimate"))):(\(pick("ci_low"))):(\(pick("ci_high"))) with yerrorlines linetype \(number + 1) title \(quoted(folder.label(ofDimension: parameter)))"
    }
  }

  /// The `count` parameters with the largest mean value, in that order (ties: first seen).
  static func top(_ values: [(String, Double)], count: Int) -> [String] {
    var sums: [String: (sum: Double, n: Int, first: Int)] = [:]
    for (offset, (parameter, value)) in values.enumerated() where value.isFinite {
      let entry = sums[parameter] ?? (0, 0, offset)
      sums[parameter] = (entry.sum + value, entry.n + 1, entry.first)
    }
    return sums.sorted {
      let a = $0.value.sum / Double($0.value.n)
      let b = $1.value.sum / Double($1.value.n)
      return a > b || (a == b && $0.value.first < $1.value.first)
    }.prefix(count).map(\.key)
  }
}
