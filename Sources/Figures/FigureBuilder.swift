import Foundation

/// Draws every figure of a results folder into `RESULTS/figures/`: for each figure its data
/// file(s), its standalone gnuplot script, and the PNG, SVG and PDF the script renders, plus an
/// `index.md` listing them with captions. Reads only the folder's CSVs and manifests.
///
/// The figures are prepared in a hidden folder beside `figures/` and swapped in only when every
/// one has rendered, so a failure leaves the previous figures (or none) in place.
public enum FigureBuilder {
  /// What was drawn.
  public struct Report: Sendable {
    public let folder: String
    public let kind: ResultsFolder.Kind
    /// File stems of the figures drawn.
    public let figures: [String]
    /// Figures left out, each with why (e.g. no complete calendar year).
    public let skipped: [String]
  }

  /// The figures `folder` calls for, with their data, ready to write (no files touched); time
  /// series carry the band `band` calls for around their replicate means.
  public static func plans(for folder: ResultsFolder, band: BandKind = .spread) throws -> (
    figures: [FigurePlan], skipped: [String]
  ) {
    let tables = TableCache()
    var figures: [FigurePlan] = []
    var skipped: [String] = []
    func add(_ stem: String, _ plan: FigurePlan?, why: String) {
      if let plan { figures.append(plan) } else { skipped.append("\(stem): \(why)") }
    }
    if folder.kind == .sweep {
      let sensitivity = try SensitivityFigures.figures(folder: folder)
      return (
        try SweepFigures.figures(folder: folder, tables: tables) + sensitivity.figures,
        sensitivity.skipped
      )
    }
    let reference = folder.referenceScenario
    let runs = folder.runs(of: reference)
    let hasCorridors = FileManager.default.fileExists(atPath: "\(runs[0].folder)/corridors.csv")
    for spec in TimeFigures.scenarioFigures {
      if spec.file == TimeFigures.corridors && !hasCorridors {
        skipped.append(
          "\(spec.stem): the runs have no corridors.csv (add corridors to outputs.tables)")
        continue
      }
      add(
        spec.stem,
        try TimeFigures.scenarioFigure(
          spec, runs: runs, scenario: reference, tables: tables, band: band),
        why: spec.logScale
          ? "no complete calendar year in the runs, or no series above zero for its log scale"
          : "no complete calendar year in the runs")
    }
    let observed = try ResultTable(path: "observed_cbec_china.csv", text: PaperFigure.observedText)
    add(
      "paper-figure-1",
      try PaperFigure.figure(
        runs: runs, scenario: reference, tables: tables, observed: observed, band: band),
      why: "the runs do not cover every month of 2015–2019")
    if folder.kind == .scenarioComparison {
      for spec in TimeFigures.comparedSeries {
        add(
          "compare-\(spec.stem)",
          try TimeFigures.comparisonFigure(spec, folder: folder, tables: tables, band: band),
          why: "no complete calendar year in the runs")
        add(
          "difference-\(spec.stem)",
          try TimeFigures.differenceFigure(spec, folder: folder, tables: tables, band: band),
          why: "no complete calendar year in the runs")
      }
      figures += try BreakdownFigures.figures(folder: folder)
    }
    return (figures, skipped)
  }

  /// Reads `resultsFolder`, writes and renders its figures with `gnuplot` (`workers` at a
  /// time), time series with the bands `band` calls for, and swaps them into
  /// `resultsFolder/figures/`.
  public static func render(
    resultsFolder path: String, gnuplot: Gnuplot, workers: Int, band: BandKind = .spread
  ) throws -> Report {
    let folder = try ResultsFolder(path: path)
    let (figures, skipped) = try plans(for: folder, band: band)
    let manager = FileManager.default
    let staging = "\(folder.path)/.figures-\(ProcessInfo.processInfo.processIdentifier)"
    try? manager.removeItem(atPath: staging)
    do {
      try manager.createDirectory(atPath: staging, withIntermediateDirectories: false)
    } catch {
      throw FigureError(
        "\(folder.path): cannot write the figures folder (\(error.localizedDescription))")
    }
    do {
      for figure in figures {
        for data in figure.data {
          try write(data.csvText, to: "\(staging)/\(data.fileName)")
        }
        try write(figure.script, to: "\(staging)/\(figure.stem).gp")
      }
      try write(
        index(folder: folder, figures: figures, skipped: skipped, band: band),
        to: "\(staging)/index.md")
      try renderAll(
        figures.map { "\($0.stem).gp" }, in: staging, gnuplot: gnuplot, workers: workers)
      for figure in figures {
        for format in ["png", "svg", "pdf"]
        where !manager.fileExists(atPath: "\(staging)/\(figure.stem).\(format)") {
          throw FigureError("\(staging)/\(figure.stem).gp: gnuplot wrote no \(format)")
        }
      }
      let target = "\(folder.path)/figures"
      let retired = "\(folder.path)/.figures-old-\(ProcessInfo.processInfo.processIdentifier)"
      if manager.fileExists(atPath: target) {
        try manager.moveItem(atPath: target, toPath: retired)
      }
      try manager.moveItem(atPath: staging, toPath: target)
      try? manager.removeItem(atPath: retired)
    } catch {
      try? manager.removeItem(atPath: staging)
      throw error
    }
    return Report(
      folder: "\(folder.path)/figures", kind: folder.kind, figures: figures.map(\.stem),
      skipped: skipped)
  }

  /// Runs the scripts, `workers` gnuplot processes at a time; the first failure (in script
  /// order) is reported.
  static func renderAll(_ scripts: [String], in folder: String, gnuplot: Gnuplot, workers: Int)
    throws
  {
    let failures = FailureList(count: scripts.count)
    let groups = max(1, min(workers, scripts.count))
    DispatchQueue.concurrentPerform(iterations: groups) { group in
      for index in stride(from: group, to: scripts.count, by: groups) {
        do {
          try gnuplot.run(script: scripts[index], in: folder)
        } catch {
          failures.record(error, at: index)
        }
      }
    }
    if let first = failures.first { throw first }
  }

  static func write(_ text: String, to path: String) throws {
    do {
      try text.write(toFile: path, atomically: false, encoding: .utf8)
    } catch {
      throw FigureError("\(path): cannot be written (\(error.localizedDescription))")
    }
  }

  /// `figures/index.md`: every figure with its caption and files, and what was left out.
  static func index(
    folder: ResultsFolder, figures: [FigurePlan], skipped: [String], band: BandKind = .spread
  ) -> String {
    let swept = folder.dimensions.map { "\(folder.label(ofDimension: $0)) (`\($0)`)" }
    var lines = [
      "# Figures of \(folder.name)", "",
      "A \(folder.kind.rawValue): \(folder.runs.count) run(s)\(folder.scenarios.count > 1 ? ", scenarios \(folder.scenarios.joined(separator: ", "))" : "")\(swept.isEmpty ? "" : ", swept \(swept.joined(separator: ", "))").",
    ]
    if folder.kind != .sweep && folder.kind != .singleRun {
      lines.append(bandSummary(band))
    }
    lines += [
      "Regenerate with `brisim figures \(folder.path)\(band == .spread ? "" : " --band \(band.rawValue)")`; re-render one figure with `gnuplot STEM.gp`.",
      "",
    ]
    for figure in figures {
      lines.append("## \(figure.title)")
      lines.append("")
      lines.append("![\(figure.title)](\(figure.stem).png)")
      lines.append("")
      lines.append(figure.caption)
      lines.append("")
      lines.append(
        "Files: `\(figure.stem).png`, `.svg`, `.pdf`; script `\(figure.stem).gp`; data \(figure.dataFileNames.map { "`\($0)`" }.joined(separator: ", "))."
      )
      lines.append("")
    }
    var leftOut = skipped
    if !folder.failedRuns.isEmpty {
      leftOut.append(
        "failed runs \(folder.failedRuns.joined(separator: ", ")): the model stopped them (runs.csv has each message)"
      )
    }
    if !folder.unpairedRuns.isEmpty {
      leftOut.append(
        "runs \(folder.unpairedRuns.joined(separator: ", ")): complete, but their pair in another scenario failed, and differences compare complete pairs only"
      )
    }
    if !leftOut.isEmpty {
      lines.append("## Left out")
      lines.append("")
      for line in leftOut { lines.append("- \(line)") }
      lines.append("")
    }
    return lines.joined(separator: "\n")
  }
}

extension FigureBuilder {
  /// index.md's sentence on the bands of time figures.
  static func bandSummary(_ band: BandKind) -> String {
    switch band {
    case .spread:
      return
        "Bands (`--band spread`) show how far replicates spread: their range (minimum to maximum) with fewer than \(FigureBand.percentileMinimum) replicates, their 5th–95th percentiles with \(FigureBand.percentileMinimum) or more; each caption says which, over how many."
    case .ci:
      return
        "Bands (`--band ci`) are the 95 % confidence interval of the mean (Student t with n − 1 degrees of freedom over n replicates or paired differences); each caption says over how many."
    }
  }
}

/// Errors of concurrent renders, by script position.
private final class FailureList: @unchecked Sendable {
  private let lock = NSLock()
  private var errors: [Error?]

  init(count: Int) { errors = Array(repeating: nil, count: count) }

  func record(_ error: Error, at index: Int) {
    lock.lock()
    errors[index] = error
    lock.unlock()
  }

  var first: Error? {
    lock.lock()
    defer { lock.unlock() }
    return errors.lazy.compactMap { $0 }.first
  }
}
