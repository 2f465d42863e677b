import Foundation
import Testing

@testable import Analysis

/// A results folder with only what `brisim compare` reads: manifest.json and summary.csv.
private func fixture(dimensions: [String], header: String, rows: [String]) throws -> String {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
    "brisim-compare-\(UUID().uuidString)"
  ).path
  try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  let manifest: [String: Any] = ["summary_metrics": ["m"], "dimensions": dimensions]
  try JSONSerialization.data(withJSONObject: manifest).write(
    to: URL(fileURLWithPath: "\(folder)/manifest.json"))
  try ([header] + rows).joined(separator: "\n").appending("\n").write(
    toFile: "\(folder)/summary.csv", atomically: true, encoding: .utf8)
  return folder
}

@Suite("brisim compare on fixtures")
struct ExperimentComparisonTests {
  /// Scenario against baseline, paired by replicate; a failed run (empty cell) drops its pair.
  @Test func scenariosAgainstTheBaselineSkipFailedPairs() throws {
    let folder = try fixture(
      dimensions: [], header: "run_id,point,scenario,replicate,seed,m",
      rows: [
        "baseline-r00,0,baseline,0,1,10", "baseline-r01,0,baseline,1,2,20",
        "baseline-r02,0,baseline,2,3,30", "baseline-r03,0,baseline,3,4,40",
        "open-r00,0,open,0,1,11", "open-r01,0,open,1,2,23", "open-r02,0,open,2,3,",
        "open-r03,0,open,3,4,44",
      ])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let comparison = try ExperimentComparison(table: SummaryTable(folder: folder))
    #expect(comparison.rows.count == 1)
    let c = comparison.rows[0].comparison
    // Pairs 0, 1, 3: differences 1, 3, 4.
    #expect(c.replicates == 3)
    #expect(abs(c.meanDifference - 8.0 / 3) < 1e-12)
    #expect(comparison.markdown().contains("| m | 3 |"))
    // Reproducible to the byte.
    let path = "\(folder)/compare.csv"
    try comparison.writeCSV(to: path)
    let first = try Data(contentsOf: URL(fileURLWithPath: path))
    try ExperimentComparison(table: SummaryTable(folder: folder)).writeCSV(to: path)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == first)
  }

  /// Sweep points against a reference point, paired by replicate: with common random numbers a
  /// shift that is the same in every replicate is measured exactly.
  @Test func sweepPointsAgainstAReferencePoint() throws {
    var rows: [String] = []
    for point in 0..<3 {
      for replicate in 0..<3 {
        let value = 100 + 2.0 * Double(point) + 7.0 * Double(replicate)
        rows.append(
          "p\(point)-r\(replicate),\(point),baseline,\(replicate),\(replicate),\(point * 100),\(value)"
        )
      }
    }
    let folder = try fixture(
      dimensions: ["policies_dm_value"],
      header: "run_id,point,scenario,replicate,seed,policies_dm_value,m",
      rows: rows)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let table = try SummaryTable(folder: folder)
    #expect(throws: AnalysisInputError.self) { try ExperimentComparison(table: table) }
    let comparison = try ExperimentComparison(table: table, referencePoint: 0)
    #expect(comparison.rows.map(\.point) == [1, 2])
    #expect(comparison.rows.map(\.comparison.meanDifference) == [2, 4])
    #expect(
      comparison.rows.allSatisfy { $0.comparison.tInterval.low == $0.comparison.tInterval.high })
    #expect(comparison.baseline == "point 0")
    #expect(comparison.rows[1].sweptValues == ["200"])
    #expect(throws: AnalysisInputError.self) {
      try ExperimentComparison(table: table, referencePoint: 7)
    }
  }
}
