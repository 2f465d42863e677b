import Foundation

/// Bar charts of `brisim compare`'s differences by corridor and by country, one per scenario
/// and platform channel (B2B, B2C): each bar the mean paired difference (scenario minus
/// baseline) in one year, with its 95 % t interval as an error bar. They read
/// `compare-corridors.csv` and `compare-countries.csv` (written by `brisim compare`).
enum BreakdownFigures {
  /// How many countries a country chart shows: those whose differences are clearest.
  static let countriesShown = 15

  /// Whether a code is one of the model's aggregate regions (ISO 3166 user-assigned X codes:
  /// XEA, XEU, XNA, XRW), which the charts label as such.
  static func isRegion(_ code: String) -> Bool { code.count == 3 && code.hasPrefix("X") }

  /// The figures of `folder`, if `brisim compare` wrote its breakdowns there.
  static func figures(folder: ResultsFolder) throws -> [FigurePlan] {
    var figures: [FigurePlan] = []
    for level in ["corridors", "countries"] {
      let path = "\(folder.path)/compare-\(level).csv"
      guard FileManager.default.fileExists(atPath: path) else { continue }
      let table = try ResultTable(path: path)
      let scenarios = try table.text("scenario")
      let channels = try table.text("channel")
      let units = try table.text("unit")
      let means = try table.numbers("mean_difference")
      let lows = try table.numbers("t_ci_low")
      let highs = try table.numbers("t_ci_high")
      let replicates = try table.numbers("replicates")
      let years = try table.text("year")
      let sources = try table.text("source")
      let baselines = try table.text("baseline")
      var order: [String] = []
      for scenario in scenarios where !order.contains(scenario) { order.append(scenario) }
      for scenario in order {
        for channel in ["b2b", "b2c"] {
          var rows = table.rows.indices.filter {
            scenarios[$0] == scenario && channels[$0] == channel
          }
          guard let first = rows.first else { continue }
          if level == "countries" {
            // The countries whose differences are clearest: largest |mean| / interval width
            // (the order of |t| at a given number of pairs), then drawn by difference.
            func clarity(_ row: Int) -> Double {
              let width = highs[row] - lows[row]
              guard means[row].isFinite else { return -1 }
              if width > 0 { return abs(means[row]) / width }
              return means[row] == 0 ? 0 : .infinity
            }
            rows = Array(
              rows.sorted { clarity($0) > clarity($1) || (clarity($0) == clarity($1) && $0 < $1) }
                .prefix(countriesShown)
            ).sorted { means[$0] < means[$1] || (means[$0] == means[$1] && $0 < $1) }
          }
          let stem = "difference-\(level)-\(channel)-\(scenario)"
          let data = FigureData(
            fileName: "\(stem).csv",
            columns: [
              "position", "unit", "label", "scenario", "baseline", "channel", "year",
              "mean_difference", "t_ci_low", "t_ci_high", "replicates",
            ],
            rows: rows.enumerated().map { position, row in
              [
                String(position), units[row],
                level == "corridors"
                  ? "\(units[row]) \(CorridorNames.label(units[row]))" : units[row],
                scenario, baselines[row], channel, years[row], cell(means[row]), cell(lows[row]),
                cell(highs[row]), cell(replicates[row]),
              ]
            })
          let pairs = Int(replicates[first])
          let channelName = channel == "b2b" ? "B2B platform" : "B2C (parcel)"
          let what: String
          if level == "corridors" {
            what =
              "China's \(channelName) exports to each corridor in \(years[first]) (corridors.csv: B2C = china_b2c_exports_cny; B2B = china_cbec_exports_cny − china_b2c_exports_cny)"
          } else if sources[first] == "china_exports" {
            what =
              "China's \(channelName) exports to the \(rows.count) countries or regions whose differences are clearest (largest |difference| over its interval's width, the order of |t|) in \(years[first]) (flows.csv: origin CHN, channel \(channel)_platform; every country in compare-countries.csv)"
          } else {
            what =
              "\(channelName) imports from every origin of the \(rows.count) countries or regions whose differences are clearest (largest |difference| over its interval's width) in \(years[first]) (countries.csv; without flows.csv China's own exports by country are not known; every country in compare-countries.csv)"
          }
          let height = level == "countries" ? "rows" : "corridors"
          figures.append(
            FigurePlan(
              stem: stem,
              title:
                "\(scenario) − \(baselines[first]): \(channelName) \(level == "corridors" ? "exports by corridor" : "by country or region"), \(years[first])",
              caption:
                "Mean paired difference (\(scenario) minus \(baselines[first]), replicate by replicate: paired runs share their seeds) of \(what), billion CNY per year; error bars: the 95 % confidence interval of the mean difference (Student t over \(pairs) paired difference\(pairs == 1 ? "" : "s")\(pairs < 2 ? ", none with one pair" : "")). Source: compare-\(level).csv, written by brisim compare.",
              data: [data],
              settings: [
                "set style fill solid 0.6 border lc rgb \"#333333\"",
                "set xlabel \"difference, billion CNY per year\"",
                "set ylabel \"\"",
                "set yrange [-0.6:\(max(rows.count, 1)) - 0.4]",
                "set ytics scale 0",
                "set grid noytics xtics",
                "set arrow from 0, graph 0 to 0, graph 1 nohead linecolor rgb \"#333333\" linewidth 1",
                "set key off",
                "# One bar per \(height == "rows" ? "country" : "corridor"), drawn from 0 to the mean difference.",
              ],
              plot:
                "plot \(quoted(data.fileName)) using (column(\"mean_difference\")*1e-9/2):\"position\":(abs(column(\"mean_difference\"))*1e-9/2):(0.35):ytic(strcol(\"label\")) with boxxyerror linecolor rgb \(quoted(GnuplotStyle.colour(channel == "b2b" ? 0 : 1))) notitle, \\\n      \(quoted(data.fileName)) using (column(\"mean_difference\")*1e-9):\"position\":(column(\"t_ci_low\")*1e-9):(column(\"t_ci_high\")*1e-9) with xerrorbars linecolor rgb \"#333333\" dashtype solid pointtype 7 pointsize 0.5 notitle"
            ))
        }
      }
    }
    return figures
  }
}
