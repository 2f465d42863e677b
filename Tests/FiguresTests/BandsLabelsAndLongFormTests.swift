import Foundation
import Testing

@testable import Figures

/// The quantile t₀.₉₇₅ of Student's t with 2 and 4 degrees of freedom, in closed form (for
/// ν = 2, t = (2p − 1) / √(2p(1 − p)); for ν = 4, t = 2√(q − 1) with
/// q = cos(arccos(√α) / 3) / √α, α = 4p(1 − p)); R's qt(0.975, 2) and qt(0.975, 4) agree.
let t975With2 = 0.95 / (2 * 0.975 * 0.025).squareRoot()
let t975With4: Double = {
  let alpha = 4 * 0.975 * 0.025
  let q = cos(acos(alpha.squareRoot()) / 3) / alpha.squareRoot()
  return 2 * (q - 1).squareRoot()
}()

/// The text of `name` in `folder`.
func text(_ folder: URL, _ name: String) throws -> String {
  try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
}

/// The paragraph of index.md under the heading of figure `stem`.
func caption(_ index: String, stem: String) -> String {
  guard let image = index.range(of: "(\(stem).png)\n\n") else { return "" }
  return String(index[image.upperBound...].prefix { $0 != "\n" })
}

@Suite("Figures: bands named for what they are")
struct BandTests {
  @Test("Fewer than 5 replicates: the range; 5 or more: the 5th–95th percentiles; ci: Student t")
  func bandStatistics() {
    let three = FigureBand([3, 1, 2], kind: .spread)
    #expect(three.method == .range && three.count == 3)
    #expect(three.mean == 2 && three.low == 1 && three.high == 3)
    let four = FigureBand([4, 1, 3, 2], kind: .spread)
    #expect(four.method == .range && four.low == 1 && four.high == 4)
    // Type-7 percentiles of 1…5: 1 + 0.2 and 4 + 0.8.
    let five = FigureBand([5, 1, 4, 2, 3], kind: .spread)
    #expect(five.method == .percentiles)
    #expect(abs(five.low - 1.2) < 1e-12 && abs(five.high - 4.8) < 1e-12)
    // Mean 2, sample standard deviation 1: 2 ± t₀.₉₇₅,₂ / √3.
    let ci = FigureBand([1, 2, 3], kind: .ci)
    #expect(ci.method == .meanInterval)
    #expect(abs(ci.low - (2 - t975With2 / 3.0.squareRoot())) < 1e-9)
    #expect(abs(ci.high - (2 + t975With2 / 3.0.squareRoot())) < 1e-9)
    // 1…5: mean 3, s = √2.5, t₀.₉₇₅,₄.
    let ci5 = FigureBand([1, 2, 3, 4, 5], kind: .ci)
    #expect(abs(ci5.high - (3 + t975With4 * 2.5.squareRoot() / 5.0.squareRoot())) < 1e-9)
    // One run: no band at all, not a band of zero width.
    let one = FigureBand([7], kind: .spread)
    #expect(one.method == .none && one.mean == 7 && one.low.isNaN && one.high.isNaN)
    #expect(FigureBand([7], kind: .ci).method == .none)
    #expect(FigureBand.key(.range, count: 3) == "range of 3 replicates")
    #expect(FigureBand.key(.percentiles, count: 8) == "5th–95th percentiles of 8 replicates")
    #expect(
      FigureBand.key(.meanInterval, count: 3, of: "paired differences")
        == "95 % CI of the mean, 3 paired differences")
  }

  @Test("Three replicates: data, key and caption say 'range of 3 replicates', never '90 %'")
  func rangeOfThree() throws {
    let root = try Fixture.experiment(
      "range", scenarios: ["baseline", "cheap_parcels"], replicates: 3)
    defer { try? FileManager.default.removeItem(at: root) }
    let report = try FigureBuilder.render(resultsFolder: root.path, gnuplot: gnuplot(), workers: 2)
    let figures = URL(fileURLWithPath: report.folder)
    let index = try text(figures, "index.md")
    #expect(!index.contains("90 %") && !index.contains("90%"))
    for stem in report.figures {
      let script = try text(figures, "\(stem).gp")
      #expect(!script.contains("90 %"), "\(stem).gp")
    }
    for stem in ["cbec-volume", "compare-trust", "paper-figure-1"] {
      #expect(try text(figures, "\(stem).gp").contains("range of 3 replicates"), "\(stem).gp key")
      #expect(
        caption(index, stem: stem).contains("range (minimum to maximum) of the 3 replicates"),
        "\(stem) caption")
    }
    // Differences: the range of the paired differences.
    #expect(try text(figures, "difference-trust.gp").contains("range of 3 paired differences"))
    #expect(
      caption(index, stem: "difference-trust").contains(
        "range (minimum to maximum) of the 3 paired differences"))
  }

  @Test("Five replicates: the 5th–95th percentiles, in data, key, caption and differences")
  func percentilesOfFive() throws {
    let root = try Fixture.experiment(
      "five", scenarios: ["baseline", "cheap_parcels"], replicates: 5)
    defer { try? FileManager.default.removeItem(at: root) }
    let report = try FigureBuilder.render(resultsFolder: root.path, gnuplot: gnuplot(), workers: 2)
    try checkFigures(report)
    let figures = URL(fileURLWithPath: report.folder)
    // Yearly sums 1.2e12 × (1 … 5): type-7 percentiles 1.44e12 and 5.76e12 (range: 1.2e12, 6e12).
    let total = try Fixture.rows(
      figures.appendingPathComponent("cbec-volume.csv"), where: "series", is: "china_cbec_cny")[0]
    #expect(total["band"] == "p05_p95" && total["replicates"] == "5")
    #expect(abs(Double(total["band_low"]!)! - 1.44e12) < 1e-2)
    #expect(abs(Double(total["band_high"]!)! - 5.76e12) < 1e-2)
    let index = try text(figures, "index.md")
    #expect(try text(figures, "cbec-volume.gp").contains("5th–95th percentiles of 5 replicates"))
    #expect(
      caption(index, stem: "cbec-volume").contains("5th to 95th percentiles of the 5 replicates"))
    // Paired differences 1.2e11 × (1 … 5): percentiles 1.44e11 and 5.76e11.
    let difference = try Fixture.rows(
      figures.appendingPathComponent("difference-cbec-volume.csv"), where: "scenario",
      is: "cheap_parcels")[0]
    #expect(difference["band"] == "p05_p95")
    #expect(abs(Double(difference["band_low"]!)! - 1.44e11) < 1e-2)
    #expect(abs(Double(difference["band_high"]!)! - 5.76e11) < 1e-2)
    #expect(
      try text(figures, "difference-cbec-volume.gp").contains(
        "5th–95th percentiles of 5 paired differences"))
  }

  @Test("--band ci: the mean's 95 % confidence interval (Student t), levels and differences")
  func confidenceInterval() throws {
    let root = try Fixture.experiment(
      "ci", scenarios: ["baseline", "cheap_parcels"], replicates: 3)
    defer { try? FileManager.default.removeItem(at: root) }
    let report = try FigureBuilder.render(
      resultsFolder: root.path, gnuplot: gnuplot(), workers: 2, band: .ci)
    try checkFigures(report)
    let figures = URL(fileURLWithPath: report.folder)
    // Yearly sums 1.2e12 × (1, 2, 3): mean 2.4e12, s = 1.2e12, half width t₀.₉₇₅,₂ · s / √3.
    let total = try Fixture.rows(
      figures.appendingPathComponent("cbec-volume.csv"), where: "series", is: "china_cbec_cny")[0]
    let half = t975With2 * 1.2e12 / 3.0.squareRoot()
    #expect(total["band"] == "mean_ci95")
    #expect(abs(Double(total["band_low"]!)! - (2.4e12 - half)) < 1)
    #expect(abs(Double(total["band_high"]!)! - (2.4e12 + half)) < 1)
    let difference = try Fixture.rows(
      figures.appendingPathComponent("difference-cbec-volume.csv"), where: "scenario",
      is: "cheap_parcels")[0]
    #expect(abs(Double(difference["band_high"]!)! - (2.4e11 + half / 10)) < 1)
    let index = try text(figures, "index.md")
    #expect(index.contains("`--band ci`"))
    #expect(index.contains("--band ci`; re-render"))
    #expect(
      caption(index, stem: "cbec-volume").contains(
        "95 % confidence interval of the mean over the 3 replicates (Student t, 2 degrees of freedom)"
      ))
    #expect(try text(figures, "compare-trust.gp").contains("95 % CI of the mean, 3 replicates"))
    #expect(
      caption(index, stem: "difference-trust").contains(
        "95 % confidence interval of the mean over the 3 paired differences"))
    #expect(
      try text(figures, "paper-figure-1.gp").contains(
        "simulated, band: 95 % CI of the mean, 3 replicates"))
  }
}

@Suite("Figures: data in long form, lines that stay visible")
struct LongFormTests {
  @Test("Every time figure's data: long form, lines contiguous, read by the scenario column")
  func longForm() throws {
    let scenarios = ["baseline", "cheap_parcels", "strict_customs"]
    let root = try Fixture.experiment("long", scenarios: scenarios, replicates: 2)
    defer { try? FileManager.default.removeItem(at: root) }
    let report = try FigureBuilder.render(resultsFolder: root.path, gnuplot: gnuplot(), workers: 2)
    let figures = URL(fileURLWithPath: report.folder)
    for stem in report.figures {
      let header = try Fixture.header(figures.appendingPathComponent("\(stem).csv"))
      for scenario in scenarios {
        #expect(!header.contains { $0.contains(scenario) }, "\(stem).csv: \(header)")
      }
      guard stem.hasPrefix("compare-") || stem.hasPrefix("difference-") else { continue }
      // Each scenario's rows are contiguous and in time order, so each line is drawn whole.
      let data = try Fixture.data(figures.appendingPathComponent("\(stem).csv"))
      let order = data["scenario"]!.reduce(into: [String]()) {
        if $0.last != $1 { $0.append($1) }
      }
      #expect(order.count == Set(order).count, "\(stem).csv: scenario rows interleave")
      let years = data["year"]!
      let perLine = years.count / order.count
      for line in 0..<order.count {
        let slice = Array(years[(line * perLine)..<((line + 1) * perLine)])
        #expect(slice == slice.sorted(), "\(stem).csv: years out of order")
      }
      let script = try text(figures, "\(stem).gp")
      for scenario in scenarios where stem.hasPrefix("compare-") || scenario != "baseline" {
        #expect(
          script.contains("strcol(\"scenario\") eq \"\(scenario)\""), "\(stem).gp picks \(scenario)"
        )
      }
    }
  }

  @Test("Line styles differ in dash pattern and marker; monthly markers sit in different months")
  func distinctLines() throws {
    // Every one of the eight line styles has its own dash pattern and its own marker.
    let styles = GnuplotStyle.lineStyles
    func field(_ name: String, _ line: String) -> String {
      let words = line.split(separator: " ")
      return words.firstIndex(of: Substring(name)).map { String(words[$0 + 1]) } ?? ""
    }
    #expect(Set(styles.map { field("dashtype", $0) }).count == styles.count)
    #expect(Set(styles.map { field("pointtype", $0) }).count == styles.count)

    let root = try Fixture.experiment(
      "styles", scenarios: ["baseline", "cheap_parcels", "strict_customs"], replicates: 2)
    defer { try? FileManager.default.removeItem(at: root) }
    let report = try FigureBuilder.render(resultsFolder: root.path, gnuplot: gnuplot(), workers: 2)
    let figures = URL(fileURLWithPath: report.folder)
    // A comparison draws each scenario with its own line type (so its own dash and marker),
    // and yearly lines mark every year.
    let compare = try text(figures, "compare-cbec-volume.gp")
    for style in 1...3 {
      #expect(compare.contains("with linespoints linetype \(style) title"), "linetype \(style)")
    }
    // Monthly lines carry markers once a year, each line in another month, so that coinciding
    // lines still show every marker.
    let shares = try text(figures, "channel-shares.gp")
    let months = shares.matches(of: /substr\(strcol\("date"\), 6, 7\) eq "(\d\d)"/).map {
      String($0.output.1)
    }
    #expect(months.count == 2 && Set(months).count == 2, "\(months)")
  }

  @Test("Data files and scripts are byte-identical when drawn again")
  func deterministic() throws {
    let root = try Fixture.experiment(
      "again", scenarios: ["baseline", "cheap_parcels"], replicates: 3)
    defer { try? FileManager.default.removeItem(at: root) }
    func snapshot() throws -> [String: Data] {
      let report = try FigureBuilder.render(
        resultsFolder: root.path, gnuplot: gnuplot(), workers: 3)
      var files: [String: Data] = [:]
      for name in try FileManager.default.contentsOfDirectory(atPath: report.folder)
      where name.hasSuffix(".csv") || name.hasSuffix(".gp") || name == "index.md" {
        files[name] = try Data(contentsOf: URL(fileURLWithPath: "\(report.folder)/\(name)"))
      }
      return files
    }
    let first = try snapshot()
    let second = try snapshot()
    #expect(first.count > 40)
    #expect(first == second)
  }
}

@Suite("Figures: captions say what is plotted")
struct CaptionTests {
  @Test("A series cut out of a multi-series figure describes itself, not its siblings")
  func singleSeriesCaptions() {
    let multiSeries = TimeFigures.scenarioFigures.filter { $0.series.count > 1 }
    for spec in TimeFigures.comparedSeries {
      #expect(spec.series.count == 1, "\(spec.stem)")
      for parent in multiSeries {
        #expect(
          !spec.about.hasPrefix(String(parent.about.dropLast(12))),
          "\(spec.stem) reuses the caption of \(parent.stem)")
      }
    }
    let fraud = TimeFigures.comparedSeries.first { $0.stem == "b2c-fraud-losses" }!
    #expect(fraud.series[0].column == "b2c_fraud_loss_cny")
    #expect(fraud.about.hasPrefix("Losses to fraud on cross-border B2C purchases"))
    #expect(!fraud.about.contains("(B2C and B2B)") && !fraud.about.contains("and to importers'"))
    let defaults = TimeFigures.comparedSeries.first { $0.stem == "default-losses" }!
    #expect(defaults.series[0].column == "default_loss_cny")
    #expect(defaults.about.hasPrefix("Sellers' losses to importers' defaults"))
    let b2c = TimeFigures.comparedSeries.first { $0.stem == "b2c-share" }!
    #expect(b2c.series[0].column == "b2c_share" && !b2c.about.contains("two platform channels"))
  }

  @Test("Each caption's source names exactly the columns its data file holds")
  func captionSources() throws {
    let root = try Fixture.experiment(
      "captions", scenarios: ["baseline", "cheap_parcels"], replicates: 2)
    defer { try? FileManager.default.removeItem(at: root) }
    let folder = try ResultsFolder(path: root.path)
    let (plans, _) = try FigureBuilder.plans(for: folder)
    for plan in plans where plan.stem != "paper-figure-1" {
      let data = plan.data[0]
      let seriesIndex = data.columns.firstIndex(of: "series")!
      let columns = data.rows.map { $0[seriesIndex] }.reduce(into: [String]()) {
        if !$0.contains($1) { $0.append($1) }
      }
      let source = plan.caption.components(separatedBy: "Source: ").last ?? ""
      let named = source.drop { $0 != " " }.dropFirst().split(separator: " ").dropFirst()
        .joined(separator: " ").components(separatedBy: ", ").map {
          $0.trimmingCharacters(in: CharacterSet(charactersIn: ". "))
        }.filter { !$0.hasPrefix("one line") }
      #expect(named == columns, "\(plan.stem): caption names \(named), data hold \(columns)")
    }
    let fraud = plans.first { $0.stem == "compare-b2c-fraud-losses" }!
    #expect(fraud.caption.contains("column b2c_fraud_loss_cny"))
    #expect(!fraud.caption.contains("Losses to fraud (B2C and B2B) and to importers' defaults"))
  }
}

@Suite("Figures: sweeps with readable names and uneven grids")
struct SweepLabelTests {
  @Test("Readable parameter and metric names, from the manifest or derived")
  func labels() {
    #expect(Labels.dimension("policies_asean_dm_value") == "policy asean_dm (value)")
    #expect(Labels.dimension("policies.asean_dm.value") == "policy asean_dm (value)")
    #expect(Labels.dimension("policies.floor.start") == "policy floor (start)")
    #expect(Labels.dimension("wage_growth_china_per_year") == "wage growth China per year")
    #expect(
      Labels.dimension(
        "policies_asean_dm_value", labels: ["policies_asean_dm_value": "ASEAN de minimis (USD)"])
        == "ASEAN de minimis (USD)")
    // A label keyed by the other spelling of the column still applies.
    #expect(
      Labels.dimension("policies_x_value", labels: ["policies.x.value": "X (value)"])
        == "X (value)")
    #expect(Labels.metric("china_cbec_cny_sum_2030") == "China CBEC (CNY), sum over 2030")
    #expect(
      Labels.metric("b2c_share_mean_2021") == "B2C share, mean over 2021")
    #expect(
      Labels.metric("relocated_firms_from_china_last_all")
        == "relocated firms from China, at the end of the run")
    #expect(Labels.metric("outcome_share") == "outcome share")
    #expect(Labels.identifier("policies.asean_dm.value") == "policies_asean_dm_value")
    #expect(Labels.identifier("2x") == "x2x")
  }

  @Test("Axis and figure titles use the manifest's labels, else readable fallbacks")
  func sweepTitles() throws {
    let root = try Fixture.sweep(
      "labels", names: ("policies_asean_dm_value", "wage_growth_china_per_year"),
      labels: #"{"policies_asean_dm_value": "ASEAN de minimis threshold (USD)"}"#)
    defer { try? FileManager.default.removeItem(at: root) }
    let report = try FigureBuilder.render(resultsFolder: root.path, gnuplot: gnuplot(), workers: 2)
    try checkFigures(report)
    let figures = URL(fileURLWithPath: report.folder)
    let scatter = try text(figures, "sweep-exports_cny_sum_2019-vs-policies_asean_dm_value.gp")
    #expect(scatter.contains("set xlabel \"ASEAN de minimis threshold (USD)\""))
    #expect(
      scatter.contains(
        "set title \"exports (CNY), sum over 2019, against ASEAN de minimis threshold (USD)\""))
    let other = try text(figures, "sweep-outcome_share-vs-wage_growth_china_per_year.gp")
    #expect(other.contains("set xlabel \"wage growth China per year\""))
    let map = try text(figures, "heatmap-outcome_share.gp")
    #expect(map.contains("set xlabel \"ASEAN de minimis threshold (USD)\""))
    #expect(map.contains("set ylabel \"wage growth China per year\""))
    #expect(map.contains("set title \"outcome share\""))
    #expect(!map.contains("policies_asean_dm_value\"\n") && !map.contains("title \"outcome_share"))
  }

  @Test("dimension_labels as a list of {column, label} objects reads the same")
  func labelList() throws {
    let root = try Fixture.sweep(
      "labellist", names: ("policies_asean_dm_value", "beta"),
      labels: #"[{"column": "policies_asean_dm_value", "label": "ASEAN de minimis (USD)"}]"#)
    defer { try? FileManager.default.removeItem(at: root) }
    let folder = try ResultsFolder(path: root.path)
    #expect(folder.label(ofDimension: "policies_asean_dm_value") == "ASEAN de minimis (USD)")
    #expect(folder.label(ofDimension: "beta") == "beta")
  }

  @Test("Dotted parameter names: identifier columns in the data, 'policy <id> (value)' on axes")
  func dottedNames() throws {
    let root = try Fixture.sweep("dotted", names: ("policies.asean_dm.value", "beta"))
    defer { try? FileManager.default.removeItem(at: root) }
    let report = try FigureBuilder.render(resultsFolder: root.path, gnuplot: gnuplot(), workers: 2)
    try checkFigures(report)
    let figures = URL(fileURLWithPath: report.folder)
    let scatter = try text(figures, "sweep-outcome_share-vs-policies-asean_dm-value.gp")
    #expect(scatter.contains("set xlabel \"policy asean_dm (value)\""))
    #expect(
      try Fixture.header(
        figures.appendingPathComponent("sweep-outcome_share-vs-policies-asean_dm-value.csv"))
        == ["run_id", "scenario", "policies_asean_dm_value", "outcome_share"])
  }

  @Test("A malformed dimension_labels is one message naming the manifest")
  func badLabels() throws {
    let root = try Fixture.sweep("badlabels", labels: #"["alpha", "beta"]"#)
    defer { try? FileManager.default.removeItem(at: root) }
    do {
      _ = try ResultsFolder(path: root.path)
      Issue.record("accepted a list as dimension_labels")
    } catch {
      #expect("\(error)".hasPrefix("\(root.path)/manifest.json: 'dimension_labels' must map"))
    }
  }

  @Test("An uneven grid (0, 100, 400, 800): ordinal cells, each value labelled at its centre")
  func unevenHeatMap() throws {
    let root = try Fixture.sweep("uneven", alphas: [0, 100, 400, 800], betas: [1, 2, 5])
    defer { try? FileManager.default.removeItem(at: root) }
    let report = try FigureBuilder.render(resultsFolder: root.path, gnuplot: gnuplot(), workers: 2)
    try checkFigures(report)
    let figures = URL(fileURLWithPath: report.folder)
    let script = try text(figures, "heatmap-outcome_share.gp")
    // Cells span i − ½ … i + ½: the axis runs from −½ to n − ½.
    #expect(script.contains("set xrange [-0.5:3.5]"))
    #expect(script.contains("set yrange [-0.5:2.5]"))
    #expect(script.contains("using \"x_cell\":\"y_cell\":"))
    // Each tick sits at a cell centre and shows the value of the data rows drawn there.
    let data = try Fixture.data(figures.appendingPathComponent("heatmap-outcome_share.csv"))
    for (axis, cellColumn, valueColumn, count) in [
      ("x", "x_cell", "alpha", 4), ("y", "y_cell", "beta", 3),
    ] {
      guard
        let line = script.split(separator: "\n").first(where: { $0.hasPrefix("set \(axis)tics (") })
      else {
        Issue.record("no \(axis)tics")
        continue
      }
      let ticks = line.matches(of: /"([^"]+)" (\d+)/).map {
        (String($0.output.1), Int($0.output.2)!)
      }
      #expect(ticks.count == count)
      for (label, position) in ticks {
        let values = Set(
          zip(data[cellColumn]!, data[valueColumn]!).filter { Int($0.0) == position }.map {
            Double($0.1)!
          })
        #expect(
          values == [Double(label)!], "\(axis) tick '\(label)' at \(position): cells hold \(values)"
        )
      }
    }
    #expect(data["x_cell"]!.prefix(4) == ["0", "1", "2", "3"])
    #expect(data["alpha"]!.prefix(4) == ["0.0", "100.0", "400.0", "800.0"])
    #expect(data["replicates"]!.allSatisfy { $0 == "2" })
  }
}
