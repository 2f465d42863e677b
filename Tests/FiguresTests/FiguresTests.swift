import Foundation
import Stochastic
import Testing

@testable import Figures

/// The file-format signatures of the three outputs.
func isPNG(_ data: Data, width: Int, height: Int) -> Bool {
  let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
  guard data.count > 24, Array(data.prefix(8)) == signature else { return false }
  // IHDR: width and height, big-endian, at bytes 16–23.
  func integer(_ offset: Int) -> Int {
    data[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
  }
  return String(decoding: data[12..<16], as: UTF8.self) == "IHDR" && integer(16) == width
    && integer(20) == height
}

func isSVG(_ data: Data) -> Bool {
  let text = String(decoding: data, as: UTF8.self)
  return text.hasPrefix("<?xml") && text.contains("<svg")
    && text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</svg>")
}

func isPDF(_ data: Data) -> Bool {
  String(decoding: data.prefix(5), as: UTF8.self) == "%PDF-"
    && String(decoding: data.suffix(64), as: UTF8.self).contains("%%EOF")
}

/// Column names a gnuplot script's plot command reads: `column("X")`, `strcol("X")` and
/// `using "X"` fields.
func referencedColumns(_ script: String) -> Set<String> {
  guard let start = script.range(of: "\n  plot "), let end = script.range(of: "unset output")
  else { return ["(no plot command)"] }
  let script = String(script[start.lowerBound..<end.lowerBound])
  var names = Set<String>()
  let patterns = [
    #"column\("([^"]+)"\)"#, #"strcol\("([^"]+)"\)"#, #"using "([^"]+)""#, #":"([^"]+)""#,
  ]
  for pattern in patterns {
    let expression = try! NSRegularExpression(pattern: pattern)
    let range = NSRange(script.startIndex..., in: script)
    for match in expression.matches(in: script, range: range) {
      names.insert(String(script[Range(match.range(at: 1), in: script)!]))
    }
  }
  return names
}

/// gnuplot, located as brisim locates it.
func gnuplot() throws -> Gnuplot { try Gnuplot.locate() }

/// Checks every figure of `report`: three valid images, a script whose column references all
/// exist in its data files, and an entry in index.md.
func checkFigures(_ report: FigureBuilder.Report) throws {
  let folder = URL(fileURLWithPath: report.folder)
  let index = try String(contentsOf: folder.appendingPathComponent("index.md"), encoding: .utf8)
  for stem in report.figures {
    let png = try Data(contentsOf: folder.appendingPathComponent("\(stem).png"))
    #expect(isPNG(png, width: 1000, height: 625), "\(stem).png")
    #expect(
      isSVG(try Data(contentsOf: folder.appendingPathComponent("\(stem).svg"))), "\(stem).svg")
    #expect(
      isPDF(try Data(contentsOf: folder.appendingPathComponent("\(stem).pdf"))), "\(stem).pdf")
    let script = try String(
      contentsOf: folder.appendingPathComponent("\(stem).gp"), encoding: .utf8)
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
      $0.hasPrefix(stem) && $0.hasSuffix(".csv") && script.contains("\"\($0)\"")
    }
    #expect(!files.isEmpty, "\(stem).gp reads no data file")
    var header = Set<String>()
    for file in files {
      let columns = try ResultTable(path: folder.appendingPathComponent(file).path).header
      for column in columns {
        #expect(Fixture.isIdentifier(column), "\(file): column '\(column)' is not an identifier")
      }
      header.formUnion(columns)
    }
    let missing = referencedColumns(script).subtracting(header)
    #expect(missing.isEmpty, "\(stem).gp reads columns its data lack: \(missing.sorted())")
    #expect(index.contains("(\(stem).png)"), "index.md lists \(stem)")
  }
}

@Suite("Figures from result CSVs")
struct FiguresTests {
  @Test("A replicated run: every figure renders to PNG, SVG and PDF; scripts read existing columns")
  func replicatedRun() throws {
    let root = try Fixture.experiment("replicated", scenarios: ["baseline"], replicates: 3)
    defer { try? FileManager.default.removeItem(at: root) }
    let report = try FigureBuilder.render(resultsFolder: root.path, gnuplot: gnuplot(), workers: 2)
    #expect(report.kind == .replicated)
    #expect(
      report.figures == [
        "cbec-volume", "cbec-export-share", "channel-shares", "corridor-exports",
        "labor-intensive-share", "delivery-days", "losses", "trust", "paper-figure-1",
      ])
    #expect(report.skipped.isEmpty)
    try checkFigures(report)
    let figures = root.appendingPathComponent("figures")
    // Long form: one row per series and year, each series' rows together.
    let volumeURL = figures.appendingPathComponent("cbec-volume.csv")
    #expect(
      try Fixture.header(volumeURL) == [
        "year", "scenario", "series", "mean", "band_low", "band_high", "band", "replicates",
      ])
    let volume = try Fixture.data(volumeURL)
    let years = ["2015", "2016", "2017", "2018", "2019"]
    // Yearly sums cover complete years only (2020 has three months in the fixture).
    #expect(volume["year"] == years + years + years)
    #expect(
      volume["series"]
        == ["china_cbec_cny", "china_cbec_exports_cny", "china_cbec_imports_cny"].flatMap {
          Array(repeating: $0, count: 5)
        })
    #expect(Set(volume["scenario"]!) == ["baseline"])
    // Replicates' yearly sums are 1.2e12, 2.4e12, 3.6e12: mean 2.4e12. Three replicates are
    // too few for percentiles: the band is their range, 1.2e12 to 3.6e12 (a "90 % band" of
    // type-7 percentiles would be 1.32e12 to 3.48e12).
    let total = try Fixture.rows(volumeURL, where: "series", is: "china_cbec_cny")[0]
    #expect(abs(Double(total["mean"]!)! - 2.4e12) < 1e-3)
    #expect(abs(Double(total["band_low"]!)! - 1.2e12) < 1e-3)
    #expect(abs(Double(total["band_high"]!)! - 3.6e12) < 1e-3)
    #expect(total["band"] == "range" && total["replicates"] == "3")
    // Monthly series keep every month.
    let trust = try Fixture.data(figures.appendingPathComponent("trust.csv"))
    #expect(trust["date"]?.count == Fixture.dates.count)
    // The corridor figure leaves out the rest of the world and draws a line per corridor.
    let corridors = try Fixture.data(figures.appendingPathComponent("corridor-exports.csv"))
    #expect(
      corridors["corridor"] == Array(repeating: "CMR", count: 5) + Array(repeating: "MSR", count: 5)
    )
    #expect(Set(corridors["series"]!) == ["china_exports_cny"])
    // Figure 1 sets the observed series beside the simulated one, and ships the observed CSV.
    let paperURL = figures.appendingPathComponent("paper-figure-1.csv")
    let observed = try Fixture.rows(paperURL, where: "series", is: "observed")
    #expect(observed.map { $0["cbec_trillion_cny"]! } == ["5.4", "6.7", "7.6", "9.0", "10.5"])
    let simulated = try Fixture.rows(paperURL, where: "series", is: "simulated")
    #expect(simulated.map { $0["year"]! } == years)
    #expect(abs(Double(simulated[4]["cbec_trillion_cny"]!)! - 2.4) < 1e-12)
    #expect(abs(Double(simulated[4]["band_low_trillion_cny"]!)! - 1.2) < 1e-12)
    #expect(simulated[4]["band"] == "range" && simulated[4]["scenario"] == "baseline")
    #expect(
      FileManager.default.fileExists(
        atPath: figures.appendingPathComponent("observed_cbec_china.csv").path))
    // No staging folder is left behind.
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter {
      $0.hasPrefix(".figures")
    }
    #expect(leftovers.isEmpty)
  }

  @Test("A scenario comparison: scenario series together, differences paired by replicate")
  func scenarioComparison() throws {
    let root = try Fixture.experiment(
      "comparison", scenarios: ["baseline", "cheap_parcels", "strict_customs"], replicates: 3)
    defer { try? FileManager.default.removeItem(at: root) }
    let report = try FigureBuilder.render(resultsFolder: root.path, gnuplot: gnuplot(), workers: 2)
    #expect(report.kind == .scenarioComparison)
    #expect(report.figures.contains("compare-cbec-volume"))
    #expect(report.figures.contains("difference-trust"))
    #expect(report.figures.count == 9 + 2 * TimeFigures.comparedSeries.count)
    try checkFigures(report)
    let figures = root.appendingPathComponent("figures")
    let scenarios = ["baseline", "cheap_parcels", "strict_customs"]
    // Long form: scenario names are values of the scenario column, never part of a column name.
    let compareURL = figures.appendingPathComponent("compare-cbec-volume.csv")
    #expect(
      try Fixture.header(compareURL) == [
        "year", "scenario", "series", "mean", "band_low", "band_high", "band", "replicates",
      ])
    let compare = try Fixture.data(compareURL)
    #expect(compare["scenario"] == scenarios.flatMap { Array(repeating: $0, count: 5) })
    for (s, scenario) in scenarios.enumerated() {
      let rows = try Fixture.rows(compareURL, where: "scenario", is: scenario)
      #expect(rows.map { $0["year"]! } == ["2015", "2016", "2017", "2018", "2019"])
      // Mean over replicates of 12 (1 + r)(1e11 + 1e10 s): 24 (1e11 + 1e10 s).
      #expect(abs(Double(rows[0]["mean"]!)! - 24 * (1e11 + 1e10 * Double(s))) < 1e-2)
    }
    // Paired by replicate, scenario s differs from the baseline by 1.2e11 s (1 + r) a year:
    // mean 2.4e11 s, range 1.2e11 s to 3.6e11 s. (Unpaired, the replicates' spread of 1.2e12
    // would show.)
    let differenceURL = figures.appendingPathComponent("difference-cbec-volume.csv")
    #expect(
      try Fixture.header(differenceURL) == [
        "year", "scenario", "reference_scenario", "series", "mean", "band_low", "band_high",
        "band", "replicates",
      ])
    for (s, scenario) in ["cheap_parcels", "strict_customs"].enumerated() {
      let rows = try Fixture.rows(differenceURL, where: "scenario", is: scenario)
      #expect(rows.count == 5)
      for row in rows {
        let unit = 1.2e11 * Double(s + 1)
        #expect(abs(Double(row["mean"]!)! - 2 * unit) < 1e-2)
        #expect(abs(Double(row["band_low"]!)! - unit) < 1e-2)
        #expect(abs(Double(row["band_high"]!)! - 3 * unit) < 1e-2)
        #expect(row["band"] == "range" && row["replicates"] == "3")
        #expect(row["reference_scenario"] == "baseline")
      }
    }
    let days = try Fixture.rows(
      figures.appendingPathComponent("difference-delivery-days.csv"), where: "scenario",
      is: "strict_customs")
    #expect(days.allSatisfy { abs(Double($0["mean"]!)! + 2) < 1e-9 })
  }

  @Test("A sweep: metric against parameter with a LOESS trend, and heat maps of a 2-D grid")
  func sweep() throws {
    let root = try Fixture.sweep("sweep")
    defer { try? FileManager.default.removeItem(at: root) }
    let report = try FigureBuilder.render(resultsFolder: root.path, gnuplot: gnuplot(), workers: 2)
    #expect(report.kind == .sweep)
    #expect(
      Set(report.figures) == [
        "sweep-outcome_share-vs-alpha", "sweep-outcome_share-vs-beta", "heatmap-outcome_share",
        "sweep-exports_cny_sum_2019-vs-alpha", "sweep-exports_cny_sum_2019-vs-beta",
        "heatmap-exports_cny_sum_2019",
      ])
    try checkFigures(report)
    let figures = root.appendingPathComponent("figures")
    // Each cell's mean cancels the replicate noise: 2 alpha + 3 beta.
    let map = try Fixture.data(figures.appendingPathComponent("heatmap-outcome_share.csv"))
    #expect(map["alpha"]?.count == 6)
    #expect(
      map["x_cell"] == ["0", "1", "2", "0", "1", "2"]
        && map["y_cell"] == ["0", "0", "0", "1", "1", "1"])
    for i in 0..<6 {
      let expected = 2 * Double(map["alpha"]![i])! + 3 * Double(map["beta"]![i])!
      #expect(abs(Double(map["outcome_share_mean"]![i])! - expected) < 1e-12)
    }
    // Three swept values are too few for a smooth trend: each value's mean over its runs,
    // linear with slope 2 through the mean over beta (1.5), with a 95 % interval around it.
    let trend = try Fixture.data(
      figures.appendingPathComponent("sweep-outcome_share-vs-alpha-trend.csv"))
    #expect(trend["alpha"]?.count == 3 && trend["outcome_share_loess"] == nil)
    for (index, (x, y)) in zip(trend["alpha"]!, trend["outcome_share_mean"]!).enumerated() {
      #expect(abs(Double(y)! - (2 * Double(x)! + 4.5)) < 1e-9)
      #expect(Double(trend["ci_low"]![index])! < Double(y)!)
      #expect(Double(trend["ci_high"]![index])! > Double(y)!)
    }
    // Money is scaled to a readable unit on the axis.
    let script = try String(
      contentsOf: figures.appendingPathComponent("sweep-exports_cny_sum_2019-vs-alpha.gp"),
      encoding: .utf8)
    #expect(script.contains("set ylabel \"trillion CNY\""))
    #expect(script.contains("*1e-12"))
  }

  @Test(
    "brisim analyze's CSVs: Sobol' bars ranked by ST, Morris μ*–σ plane, a series' indices over time, convergence in N"
  )
  func sensitivityFigures() throws {
    let root = try Fixture.sweep("sensitivity")
    defer { try? FileManager.default.removeItem(at: root) }
    // outcome_share a yearly series (2019: beta leads; 2020: alpha), exports a Morris metric.
    let analysis = """
      metric,year,parameter,parameter_2,index,estimate,ci_low,ci_high,base_samples,replicates
      outcome_share,2019,alpha,,S1,0.2,0.1,0.3,64,1
      outcome_share,2019,alpha,,ST,0.25,0.15,0.35,64,1
      outcome_share,2019,beta,,S1,0.6,0.5,0.7,64,1
      outcome_share,2019,beta,,ST,0.7,0.6,0.8,64,1
      outcome_share,2019,,,noise_share,0.01,NaN,NaN,64,1
      outcome_share,2020,alpha,,S1,0.5,0.4,0.6,64,1
      outcome_share,2020,alpha,,ST,0.9,0.8,1.0,64,1
      outcome_share,2020,beta,,S1,0.1,0.0,0.2,64,1
      outcome_share,2020,beta,,ST,0.2,0.1,0.3,64,1
      outcome_share,2020,,,noise_share,0.01,NaN,NaN,64,1
      exports_cny_sum_2019,2019,alpha,,mu_star,3e12,2e12,4e12,10,1
      exports_cny_sum_2019,2019,alpha,,mu,-3e12,NaN,NaN,10,1
      exports_cny_sum_2019,2019,alpha,,sigma,1e11,NaN,NaN,10,1
      exports_cny_sum_2019,2019,beta,,mu_star,1e10,0,2e10,10,1
      exports_cny_sum_2019,2019,beta,,mu,1e10,NaN,NaN,10,1
      exports_cny_sum_2019,2019,beta,,sigma,5e9,NaN,NaN,10,1

      """
    let convergence = """
      metric,year,parameter,parameter_2,index,estimate,ci_low,ci_high,base_samples,replicates
      outcome_share,2020,alpha,,S1,0.3,0.0,0.6,32,1
      outcome_share,2020,alpha,,ST,0.7,0.4,1.0,32,1
      outcome_share,2020,beta,,S1,0.2,0.0,0.4,32,1
      outcome_share,2020,beta,,ST,0.3,0.0,0.6,32,1
      outcome_share,2020,alpha,,S1,0.5,0.4,0.6,64,1
      outcome_share,2020,alpha,,ST,0.9,0.8,1.0,64,1
      outcome_share,2020,beta,,S1,0.1,0.0,0.2,64,1
      outcome_share,2020,beta,,ST,0.2,0.1,0.3,64,1

      """
    try analysis.write(
      to: root.appendingPathComponent("analysis.csv"), atomically: true, encoding: .utf8)
    try convergence.write(
      to: root.appendingPathComponent("analysis-convergence.csv"), atomically: true,
      encoding: .utf8)
    let report = try FigureBuilder.render(resultsFolder: root.path, gnuplot: gnuplot(), workers: 2)
    for stem in [
      "sobol-outcome_share", "sobol-over-time-outcome_share", "sobol-convergence-outcome_share",
      "morris-exports_cny_sum_2019",
    ] {
      #expect(report.figures.contains(stem))
    }
    try checkFigures(report)
    let figures = root.appendingPathComponent("figures")
    let bars = try Fixture.data(figures.appendingPathComponent("sobol-outcome_share.csv"))
    // The series' last year (2020), ranked by ST: alpha (0.9) first, then beta; S1 and ST.
    #expect(bars["parameter"] == ["alpha", "alpha", "beta", "beta"])
    #expect(bars["index"] == ["S1", "ST", "S1", "ST"])
    #expect(bars["estimate"].map { $0.compactMap(Double.init) } == [0.5, 0.9, 0.1, 0.2])
    // Over time: ST by year, parameters ranked by their mean ST (alpha 0.575, beta 0.45).
    let time = try Fixture.data(figures.appendingPathComponent("sobol-over-time-outcome_share.csv"))
    #expect(time["parameter"] == ["alpha", "alpha", "beta", "beta"])
    #expect(time["year"] == ["2019", "2020", "2019", "2020"])
    #expect(time["estimate"].map { $0.compactMap(Double.init) } == [0.25, 0.9, 0.7, 0.2])
    // Convergence: ST against N for the last year, ranked by the full design's ST.
    let steps = try Fixture.data(
      figures.appendingPathComponent("sobol-convergence-outcome_share.csv"))
    #expect(steps["base_samples"].map { $0.compactMap(Double.init) } == [32, 64, 32, 64])
    #expect(steps["estimate"].map { $0.compactMap(Double.init) } == [0.7, 0.9, 0.3, 0.2])
    let script = try String(
      contentsOf: figures.appendingPathComponent("sobol-convergence-outcome_share.gp"),
      encoding: .utf8)
    #expect(script.contains("set logscale x 2"))
    let plane = try Fixture.data(figures.appendingPathComponent("morris-exports_cny_sum_2019.csv"))
    #expect(plane["parameter"] == ["alpha", "beta"])
    #expect(plane["mu_star"].map { $0.compactMap(Double.init) } == [3e12, 1e10])
    let morris = try String(
      contentsOf: figures.appendingPathComponent("morris-exports_cny_sum_2019.gp"), encoding: .utf8)
    #expect(morris.contains("trillion CNY"))
  }

  @Test("A script renders on its own, from any working folder")
  func standaloneScript() throws {
    let root = try Fixture.experiment("standalone", scenarios: ["baseline"], replicates: 2)
    defer { try? FileManager.default.removeItem(at: root) }
    let report = try FigureBuilder.render(resultsFolder: root.path, gnuplot: gnuplot(), workers: 1)
    let png = URL(fileURLWithPath: report.folder).appendingPathComponent("trust.png")
    try FileManager.default.removeItem(at: png)
    // gnuplot started elsewhere, with the script's path: it finds its data beside itself.
    try gnuplot().run(
      script: "\(report.folder)/trust.gp", in: FileManager.default.temporaryDirectory.path)
    #expect(isPNG(try Data(contentsOf: png), width: 1000, height: 625))
  }

  @Test("LOESS statistics (and Stochastic's replicate band, still used by calibration)")
  func statistics() {
    let band = ReplicateBand([5, 1, 4, 2, 3])
    #expect(band.mean == 3)
    #expect(abs(band.low - 1.2) < 1e-12 && abs(band.high - 4.8) < 1e-12)
    let single = ReplicateBand([7])
    #expect(single.mean == 7 && single.low == 7 && single.high == 7)
    // Linear data: the local-linear fit is exact everywhere.
    let x = (0..<40).map { Double($0) / 4 }
    let linear = FigureStatistics.loess(x: x, y: x.map { 3 - 0.5 * $0 }, points: 11)
    #expect(linear.count == 11)
    for point in linear { #expect(abs(point.y - (3 - 0.5 * point.x)) < 1e-9) }
    // A curve is followed closely, unlike a global straight line (which misses by ~2 at the ends).
    let curve = FigureStatistics.loess(x: x, y: x.map { $0 * $0 / 10 }, span: 0.3, points: 21)
    for point in curve { #expect(abs(point.y - point.x * point.x / 10) < 0.25) }
    // Two distinct x values: the trend joins the means.
    let two = FigureStatistics.loess(x: [0, 0, 1, 1], y: [1, 3, 10, 20])
    #expect(two.map(\.x) == [0, 1] && two.map(\.y) == [2, 15])
  }
}

@Suite("Figures: bad input")
struct FigureInputTests {
  func message(_ body: () throws -> Void) -> String {
    do {
      try body()
      return ""
    } catch {
      return "\(error)"
    }
  }

  @Test("A missing column names the file and the column; nothing is written")
  func missingColumn() throws {
    let root = try Fixture.experiment(
      "missing", scenarios: ["baseline"], replicates: 2, omitting: "mean_trust")
    defer { try? FileManager.default.removeItem(at: root) }
    let text = message {
      _ = try FigureBuilder.render(resultsFolder: root.path, gnuplot: gnuplot(), workers: 2)
    }
    #expect(text.contains("\(root.path)/baseline-r00/world.csv: no column 'mean_trust'"), "\(text)")
    #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("figures").path))
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".") }
        .isEmpty)
  }

  @Test("A table with no rows, a cell that is not a number, a folder that holds no results")
  func emptyAndMalformed() throws {
    let root = try Fixture.experiment("empty", scenarios: ["baseline"], replicates: 2)
    defer { try? FileManager.default.removeItem(at: root) }
    // An earlier set of figures survives a failed attempt.
    _ = try FigureBuilder.render(resultsFolder: root.path, gnuplot: gnuplot(), workers: 2)
    let world = root.appendingPathComponent("baseline-r01/world.csv")
    let header = "date," + Fixture.worldColumns.joined(separator: ",") + "\n"
    try header.write(to: world, atomically: true, encoding: .utf8)
    let empty = message {
      _ = try FigureBuilder.render(resultsFolder: root.path, gnuplot: gnuplot(), workers: 2)
    }
    #expect(empty == "\(world.path): no data rows (only the header); nothing to plot")
    #expect(
      FileManager.default.fileExists(atPath: root.appendingPathComponent("figures/trust.png").path))

    let row =
      "2015-01,"
      + Fixture.worldColumns.map { $0 == "china_cbec_cny" ? "high" : "1" }.joined(separator: ",")
    try (header + row + "\n").write(to: world, atomically: true, encoding: .utf8)
    let notNumber = message {
      _ = try FigureBuilder.render(resultsFolder: root.path, gnuplot: gnuplot(), workers: 2)
    }
    #expect(notNumber == "\(world.path):2: column 'china_cbec_cny': 'high' is not a number")

    let badDate = "2015-13," + Fixture.worldColumns.map { _ in "1" }.joined(separator: ",")
    try (header + badDate + "\n").write(to: world, atomically: true, encoding: .utf8)
    #expect(
      message {
        _ = try FigureBuilder.render(resultsFolder: root.path, gnuplot: gnuplot(), workers: 2)
      } == "\(world.path):2: column 'date': '2015-13' is not a month YYYY-MM")

    let nothing = try Fixture.folder("nothing")
    defer { try? FileManager.default.removeItem(at: nothing) }
    let notResults = message { _ = try ResultsFolder(path: nothing.path) }
    #expect(notResults.contains("not a BRISim results folder"))
    #expect(
      message { _ = try ResultsFolder(path: nothing.path + "/absent") }.hasSuffix("no such folder"))
  }

  @Test("Without gnuplot on PATH the message names the package to install")
  func missingGnuplot() {
    let text = message { _ = try Gnuplot.locate(environment: ["PATH": "/nonexistent:/also-not"]) }
    #expect(text.contains("gnuplot was not found on PATH"))
    #expect(text.contains("gnuplot-nox"))
  }
}
