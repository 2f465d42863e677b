import Foundation

/// Figures of `brisim analyze`'s analysis.csv: for a Saltelli sweep, each metric's first-order
/// and total Sobol' indices as bars with their 95 % intervals; for a Morris sweep, each
/// metric's parameters in the μ*–σ plane (importance against nonlinearity or interactions).
enum SensitivityFigures {
  static func figures(folder: ResultsFolder) throws -> [FigurePlan] {
    let path = "\(folder.path)/analysis.csv"
    guard FileManager.default.fileExists(atPath: path) else { return [] }
    let table = try ResultTable(path: path)
    let metrics = try table.text("metric")
    let indexNames = try table.text("index")
    let parameters = try table.text("parameter")
    let estimates = try table.numbers("estimate")
    let lows = try table.numbers("ci_low")
    let highs = try table.numbers("ci_high")
    var order: [String] = []
    for metric in metrics where !order.contains(metric) { order.append(metric) }
    var figures: [FigurePlan] = []
    for metric in order {
      let rows = table.rows.indices.filter { metrics[$0] == metric }
      let names = Labels.metric(metric)
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
        let tics = params.enumerated().map { "\(quoted($1)) \(count - 1 - $0)" }
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
              "First-order (S1, Saltelli 2010) and total (ST, Jansen) Sobol' indices of \(names) for each swept parameter, ranked by ST (top), with 95 % bootstrap intervals (estimate ± 1.96 sd over resampled base rows). Source: analysis.csv (brisim analyze), metric \(metric).",
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
          metric: folder.metricSourceColumns[metric] ?? metric,
          values: dataRows.compactMap { Double($0[2]) })
        let data = FigureData(
          fileName: "\(stem).csv", columns: ["parameter", "label", "mu_star", "sigma", "mu"],
          rows: dataRows)
        figures.append(
          FigurePlan(
            stem: stem, title: "Morris screening: \(names)",
            caption:
              "Each swept parameter's Morris measures for \(names): μ* (mean absolute elementary effect per full range: importance) against σ (their standard deviation: nonlinearity or interactions). Parameters near the origin can be fixed. Source: analysis.csv (brisim analyze), metric \(metric).",
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
    return figures
  }
}
