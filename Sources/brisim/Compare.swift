import Analysis
import ArgumentParser
import Engine
import Experiments
import Foundation

/// `brisim compare RESULTS [--baseline NAME]`: paired differences of every scenario against
/// the baseline, with intervals, tests and the replicates a given precision needs.
struct Compare: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Compare every scenario of an experiment with its baseline, paired by replicate: differences, ratios, 95 % intervals, t, replicates needed.",
    discussion: """
      Reads RESULTS/summary.csv (brisim summarize changes its metrics without rerunning) and \
      writes RESULTS/compare.csv (one row per sweep point, scenario and metric: means, mean \
      paired difference, its standard deviation and error, paired t statistic, p-value, 95 % \
      t and bootstrap intervals, relative difference, ratio of means with a bootstrap \
      interval, replicates needed) and RESULTS/compare.md (the same as tables). Scenarios \
      share seeds replicate by replicate, so pairing removes the noise they have in common. \
      With --figures (or brisim figures RESULTS) the differences of China's B2B and B2C \
      exports by corridor and by country are drawn too.
      """)

  @Argument(help: "The experiment's results folder (results/<name>).")
  var folder: String

  @Option(help: "The scenario the others are compared with.")
  var baseline = "baseline"

  @Option(
    help: ArgumentHelp(
      "Precision for 'replicates needed': the 95 % interval's half-width as a share of the difference.",
      valueName: "fraction"))
  var precision = 0.1

  @Option(
    help: ArgumentHelp(
      "The year of the by-corridor and by-country differences (default: the last).",
      valueName: "year"))
  var year: Int?

  @Option(
    help: ArgumentHelp(
      "Compare every sweep point with this one (scenario by scenario, paired by replicate; with sweep.common_random_numbers the pairs share seeds) instead of scenarios with the baseline.",
      valueName: "K"))
  var referencePoint: Int?

  func validate() throws {
    guard precision > 0, precision < 10 else {
      throw ValidationError(
        "--precision: expected a fraction above 0 (0.1 = ±10 %), got \(precision)")
    }
  }

  func run() throws {
    let (comparison, written) = try writeComparison(
      folder: folder, baseline: baseline, precision: precision, year: year,
      referencePoint: referencePoint)
    let scenarios = Set(comparison.rows.map(\.scenario)).count
    print(
      "wrote \(written) in \(folder): \(scenarios) scenario(s) against '\(comparison.baseline)', \(comparison.table.metrics.count) metric(s)"
    )
  }
}

/// Whether the baseline's first complete run wrote a table the breakdown by corridor and
/// country reads.
func hasBreakdownTables(_ table: SummaryTable) -> Bool {
  table.runs.contains { run in
    ["corridors", "countries", "flows"].contains {
      FileManager.default.fileExists(atPath: "\(table.folder)/\(run.id)/\($0).csv")
    }
  }
}

/// Writes compare.csv and compare.md of `folder`, and for an experiment without a sweep
/// compare-corridors.csv and compare-countries.csv; returns the comparison and the files
/// written, in words.
func writeComparison(
  folder: String, baseline: String, precision: Double, year: Int?, referencePoint: Int? = nil
) throws -> (ExperimentComparison, String) {
  var written = "compare.csv, compare.md"
  do {
    let comparison = try ExperimentComparison(
      table: SummaryTable(folder: folder), baseline: baseline, precision: precision,
      referencePoint: referencePoint)
    try comparison.writeCSV(to: "\(folder)/compare.csv")
    try writeAtomically(Data(comparison.markdown().utf8), to: "\(folder)/compare.md")
    // Earlier breakdowns go first, so that no file describes another year or run set.
    for name in ["compare-corridors.csv", "compare-countries.csv"] {
      try? FileManager.default.removeItem(atPath: "\(folder)/\(name)")
    }
    if comparison.table.dimensions.isEmpty, hasBreakdownTables(comparison.table) {
      let breakdown = try ChannelBreakdown(
        table: comparison.table, baseline: baseline, year: year)
      if !breakdown.droppedRuns.isEmpty {
        FileHandle.standardError.write(
          Data(
            "brisim: note: by corridor and country: left out \(breakdown.droppedRuns.joined(separator: ", ")) (not complete) and their pairs\n"
              .utf8))
      }
      var files: [String] = []
      if breakdown.hasCorridorRows {
        try breakdown.write(
          breakdown.corridorRows, source: "corridors", to: "\(folder)/compare-corridors.csv")
        files.append("compare-corridors.csv")
      }
      if let source = breakdown.countrySource {
        try breakdown.write(
          breakdown.countryRows, source: source.rawValue, to: "\(folder)/compare-countries.csv")
        files.append("compare-countries.csv")
      }
      if !files.isEmpty {
        written += ", " + files.joined(separator: ", ") + " (\(breakdown.year))"
      }
    }
    return (comparison, written)
  } catch let error as AnalysisInputError {
    throw BadInput(error.description)
  } catch let error as OutputError {
    throw BadInput(error.description)
  }
}
