import Foundation
import Stochastic
import Testing

@testable import Analysis
@testable import Experiments

/// Points of a Saltelli design over `d` inputs uniform on [low, high], through the sweep
/// planner (`RunPlan.saltelliPoints`), as `brisim sweep` lays them out.
private func saltelli(
  d: Int, low: Double, high: Double, n: Int, secondOrder: Bool, shiftSeed: UInt64? = nil
) -> [[Double]] {
  let dimensions = (1...d).map {
    SweepDimension(
      name: "x\($0)", values: .range(min: low, max: high, steps: nil), isDiscrete: false)
  }
  return RunPlan.saltelliPoints(
    dimensions: dimensions, baseSamples: n, secondOrder: secondOrder, shiftSeed: shiftSeed)
}

/// The Ishigami function (a = 7, b = 0.1) on [−π, π]³.
private func ishigami(_ x: [Double]) -> Double {
  sin(x[0]) + 7 * sin(x[1]) * sin(x[1]) + 0.1 * pow(x[2], 4) * sin(x[0])
}

/// Its indices (Ishigami & Homma 1990; Saltelli et al. 2008, p. 179).
private let ishigamiFirst = [0.3139, 0.4424, 0.0]
private let ishigamiTotal = [0.5576, 0.4424, 0.2437]

@Suite("Sobol' indices from Saltelli designs")
struct SobolIndicesTests {
  @Test("The design: N(D + 2) points, N(2D + 2) with second order, A and B blocks crossed")
  func designLayout() {
    let points = saltelli(d: 3, low: 0, high: 1, n: 4, secondOrder: true)
    #expect(points.count == 4 * 8)
    for i in 0..<4 {
      let block = Array(points[(i * 8)..<(i * 8 + 8)])
      let a = block[0]
      let b = block[7]
      for j in 0..<3 {
        var ab = a
        ab[j] = b[j]
        #expect(block[1 + j] == ab)
        var ba = b
        ba[j] = a[j]
        #expect(block[4 + j] == ba)
      }
    }
    #expect(saltelli(d: 3, low: 0, high: 1, n: 4, secondOrder: false).count == 4 * 5)
    // A digital shift changes the points, not their number, and stays in the cube.
    let shifted = saltelli(d: 3, low: 0, high: 1, n: 4, secondOrder: false, shiftSeed: 9)
    #expect(
      shifted.count == 20 && shifted != saltelli(d: 3, low: 0, high: 1, n: 4, secondOrder: false))
    #expect(shifted.allSatisfy { $0.allSatisfy { $0 > 0 && $0 < 1 } })
  }

  @Test("Ishigami at N = 2^13: every S1 and ST inside its 95 % interval, and close to the truth")
  func ishigamiIndices() {
    let points = saltelli(d: 3, low: -Double.pi, high: Double.pi, n: 1 << 13, secondOrder: true)
    let indices = SobolIndices(outputs: points.map(ishigami), dimensions: 3, secondOrder: true)
    for j in 0..<3 {
      let s1 = indices.firstOrder[j]
      let st = indices.totalOrder[j]
      #expect(s1.low <= ishigamiFirst[j] && ishigamiFirst[j] <= s1.high, "S1[\(j)] = \(s1)")
      #expect(st.low <= ishigamiTotal[j] && ishigamiTotal[j] <= st.high, "ST[\(j)] = \(st)")
      #expect(
        abs(s1.estimate - ishigamiFirst[j]) < 0.03 && abs(st.estimate - ishigamiTotal[j]) < 0.03)
    }
    // The only interaction is x1 × x3: S2₁₃ = ST₁ − S1₁ = 0.2437; the others are 0.
    let s2 = indices.secondOrder!
    #expect(abs(s2[0][2]!.estimate - 0.2437) < 0.05)
    #expect(abs(s2[0][1]!.estimate) < 0.05 && abs(s2[1][2]!.estimate) < 0.05)
  }

  @Test(
    "Over 50 randomised designs the 95 % intervals cover the true indices at least 88 % of the time"
  )
  func ishigamiCoverage() {
    var covered = 0
    var total = 0
    for seed in 1...50 {
      let points = saltelli(
        d: 3, low: -Double.pi, high: Double.pi, n: 1 << 10, secondOrder: false,
        shiftSeed: UInt64(seed))
      let indices = SobolIndices(
        outputs: points.map(ishigami), dimensions: 3, secondOrder: false, resamples: 300,
        seed: UInt64(seed))
      for j in 0..<3 {
        for (estimate, truth) in [
          (indices.firstOrder[j], ishigamiFirst[j]), (indices.totalOrder[j], ishigamiTotal[j]),
        ] {
          total += 1
          // The published values carry 4 decimals.
          if estimate.low - 5e-5 <= truth && truth <= estimate.high + 5e-5 { covered += 1 }
        }
      }
    }
    #expect(Double(covered) / Double(total) >= 0.88, "coverage \(covered) of \(total)")
  }

  @Test(
    "Sobol's G function (a = 0, 1, 4.5, 9, 99, 99, 99, 99): the analytic indices, inert inputs last"
  )
  func gFunction() {
    let a = [0, 1, 4.5, 9, 99, 99, 99, 99]
    func g(_ x: [Double]) -> Double {
      zip(x, a).reduce(1) { $0 * (abs(4 * $1.0 - 2) + $1.1) / (1 + $1.1) }
    }
    let partial = a.map { 1 / (3 * (1 + $0) * (1 + $0)) }
    let variance = partial.reduce(1) { $0 * (1 + $1) } - 1
    let first = partial.map { $0 / variance }
    let totals = partial.indices.map { j in
      partial[j] * partial.indices.filter { $0 != j }.reduce(1) { $0 * (1 + partial[$1]) }
        / variance
    }
    let points = saltelli(d: 8, low: 0, high: 1, n: 1 << 12, secondOrder: false)
    let indices = SobolIndices(outputs: points.map(g), dimensions: 8, secondOrder: false)
    for j in 0..<8 {
      #expect(abs(indices.firstOrder[j].estimate - first[j]) < 0.03, "S1[\(j)]")
      #expect(abs(indices.totalOrder[j].estimate - totals[j]) < 0.03, "ST[\(j)]")
    }
    let byTotal = (0..<8).sorted {
      indices.totalOrder[$0].estimate > indices.totalOrder[$1].estimate
    }
    #expect(Array(byTotal.prefix(4)) == [0, 1, 2, 3])
  }
}

@Suite("brisim analyze on a results folder")
struct SensitivityAnalysisTests {
  /// A results folder of a Saltelli design over x1…x3 on [−π, π]: `value(point, replicate,
  /// x)` gives each metric's value; `metrics` names the summary columns and
  /// `definitions` the manifest's summary_definitions.
  private func folder(
    n: Int, replicates: Int, metrics: [String], definitions: [[String: Any]] = [],
    value: (Int, Int, [Double]) -> [Double]
  ) throws -> String {
    let points = saltelli(d: 3, low: -Double.pi, high: Double.pi, n: n, secondOrder: false)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "brisim-analyze-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var manifest: [String: Any] = [
      "summary_metrics": metrics, "dimensions": ["x1", "x2", "x3"], "design": "saltelli",
      "second_order": false,
    ]
    if !definitions.isEmpty { manifest["summary_definitions"] = definitions }
    try JSONSerialization.data(withJSONObject: manifest).write(
      to: URL(fileURLWithPath: "\(folder)/manifest.json"))
    var lines = ["run_id,point,scenario,replicate,seed,x1,x2,x3," + metrics.joined(separator: ",")]
    for (p, x) in points.enumerated() {
      for r in 0..<replicates {
        let values = value(p, r, x).map { "\($0)" }.joined(separator: ",")
        lines.append("p\(p)-r\(r),\(p),baseline,\(r),\(r),\(x[0]),\(x[1]),\(x[2]),\(values)")
      }
    }
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: "\(folder)/summary.csv", atomically: true, encoding: .utf8)
    return folder
  }

  /// Ishigami plus seed noise: every replicate's own shift (as common random numbers give: a
  /// seed moves all points alike) and independent normal noise of sd 0.5. The indices are
  /// those of the replicate means; the noise share counts only the noise that differs between
  /// points, σ²/R over the means' variance.
  @Test func ishigamiFolderWithNoise() throws {
    let stream = RandomStream(seed: 9, stream: StreamID("test.noise"))
    func normal() -> Double {
      (-2 * log(1 - stream.uniform())).squareRoot() * cos(2 * Double.pi * stream.uniform())
    }
    let shifts = [0.0, 2.0, -1.0]
    let folder = try folder(n: 1 << 11, replicates: 3, metrics: ["y"]) { _, r, x in
      [ishigami(x) + shifts[r] + 0.5 * normal()]
    }
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let analysis = try SensitivityAnalysis(folder: folder, resamples: 200)
    let result = try #require(analysis.results.first)
    for j in 0..<3 {
      #expect(abs(result.indices!.firstOrder[j].estimate - ishigamiFirst[j]) < 0.05)
      #expect(abs(result.indices!.totalOrder[j].estimate - ishigamiTotal[j]) < 0.05)
    }
    // The means' variance ≈ 13.84 + 0.25/3; the noise variance of a mean 0.25/3 (df ≈ 20,000:
    // the estimate within 5 %). Counting the shifts as noise would give ≈ 2.3/3.
    let noise = result.noiseShare * (13.84 + 0.25 / 3)
    #expect(abs(noise / (0.25 / 3) - 1) < 0.1)
    #expect(result.replicates == 3)
    try analysis.writeCSV(to: "\(folder)/analysis.csv")
    let rows = try String(contentsOfFile: "\(folder)/analysis.csv", encoding: .utf8).split(
      separator: "\n")
    #expect(rows.count == 1 + 3 * 2 + 1)
    #expect(rows[0] == Substring(SensitivityAnalysis.columns.joined(separator: ",")))
    // Not a Saltelli sweep: one message naming the manifest.
    try JSONSerialization.data(withJSONObject: ["summary_metrics": ["y"], "design": "sobol"])
      .write(to: URL(fileURLWithPath: "\(folder)/manifest.json"))
    #expect(throws: AnalysisInputError.self) { try SensitivityAnalysis(folder: folder) }
  }

  /// The noise share stays right when a run failed (its cell empty): the replicates' shifts
  /// are estimated on the complete points; a second scenario or a repeated row is refused.
  @Test func incompleteRunsScenariosAndDuplicates() throws {
    let stream = RandomStream(seed: 4, stream: StreamID("test.noise-missing"))
    func normal() -> Double {
      (-2 * log(1 - stream.uniform())).squareRoot() * cos(2 * Double.pi * stream.uniform())
    }
    let shifts = [0.0, 3.0]
    let folder = try folder(n: 1 << 10, replicates: 2, metrics: ["y"]) { _, r, x in
      [ishigami(x) + shifts[r] + 0.5 * normal()]
    }
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = "\(folder)/summary.csv"
    var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(
      String.init)
    // Point 7's second replicate failed: its metric cell is empty.
    let failed = try #require(lines.firstIndex { $0.hasPrefix("p7-r1,") })
    lines[failed] = String(lines[failed].prefix { $0 != "," }) + ",7,baseline,1,1,0,0,0,"
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: path, atomically: true, encoding: .utf8)
    let result = try #require(try SensitivityAnalysis(folder: folder, resamples: 50).results.first)
    #expect(result.replicates == 1)
    // σ² = 0.25 over 2 replicates; pooling the 3.0 shift as noise would give about 28 times that.
    #expect(abs(result.noiseShare * 13.84 / (0.25 / 2) - 1) < 0.15)
    // A second scenario: refused unless one is chosen.
    try (lines.joined(separator: "\n") + "\nq0-r0,0,other,0,0,0,0,0,1\n").write(
      toFile: path, atomically: true, encoding: .utf8)
    do {
      _ = try SensitivityAnalysis(folder: folder, resamples: 10)
      Issue.record("two scenarios were pooled")
    } catch let error as AnalysisInputError {
      #expect(error.message.contains("--scenario"))
    }
    #expect(
      try SensitivityAnalysis(folder: folder, scenario: "baseline", resamples: 10).results.count
        == 1)
    // The same point and replicate twice.
    try (lines.joined(separator: "\n") + "\n" + lines[1] + "\n").write(
      toFile: path, atomically: true, encoding: .utf8)
    do {
      _ = try SensitivityAnalysis(folder: folder, resamples: 10)
      Issue.record("a repeated row was counted twice")
    } catch let error as AnalysisInputError {
      #expect(error.message.contains("a second row for point 0, replicate 0"))
    }
  }

  /// A yearly series whose driver changes over time: in 2020 the output is x1 alone, in 2021
  /// x1 and x2 equally, in 2022 x2 alone (S1 = ST = 1, ½ and ½, 1). The analysis reports the
  /// series under one name with a year column, and the indices on nested designs converge.
  @Test func indicesOverTimeAndConvergence() throws {
    let years = [2020, 2021, 2022]
    let names = years.map { "y_mean_\($0)" }
    let definitions: [[String: Any]] = zip(names, years).map {
      ["name": $0, "year": $1, "series": "y_mean"]
    }
    let folder = try folder(
      n: 256, replicates: 1, metrics: names + ["z"], definitions: definitions
    ) { _, _, x in
      [x[0], x[0] + x[1], x[1], x[2]]
    }
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let analysis = try SensitivityAnalysis(folder: folder, resamples: 200)
    #expect(analysis.results.map(\.metric) == ["y_mean", "y_mean", "y_mean", "z"])
    #expect(analysis.results.map(\.year) == [2020, 2021, 2022, nil])
    let expected: [[Double]] = [[1, 0, 0], [0.5, 0.5, 0], [0, 1, 0], [0, 0, 1]]
    for (result, truth) in zip(analysis.results, expected) {
      for j in 0..<3 {
        #expect(abs(result.indices!.firstOrder[j].estimate - truth[j]) < 0.03)
        #expect(abs(result.indices!.totalOrder[j].estimate - truth[j]) < 0.03)
      }
      // Nested designs of 8, 16, …, 256 base samples; the last is the full analysis.
      #expect(result.convergence.map(\.samples) == [8, 16, 32, 64, 128, 256])
      #expect(
        result.convergence.last!.indices!.totalOrder.map(\.estimate)
          == result.indices!.totalOrder.map(\.estimate))
      // Intervals narrow as N grows (about as 1/√N: from 8 to 256, by a factor near 6).
      let first = result.convergence.first!.indices!.totalOrder.map(\.halfWidth).max()!
      let last = result.convergence.last!.indices!.totalOrder.map(\.halfWidth).max()!
      #expect(last < first / 2)
    }
    try analysis.writeCSV(to: "\(folder)/analysis.csv")
    try analysis.writeConvergenceCSV(to: "\(folder)/analysis-convergence.csv")
    let rows = try String(contentsOfFile: "\(folder)/analysis.csv", encoding: .utf8)
      .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    #expect(rows.filter { $0[0] == "y_mean" && $0[4] == "ST" }.map { String($0[1]) }.count == 9)
    #expect(rows.filter { $0[0] == "z" }.allSatisfy { $0[1] == "" })
    let convergence = try String(
      contentsOfFile: "\(folder)/analysis-convergence.csv", encoding: .utf8
    ).split(separator: "\n")
    // 4 metric-years × 6 sizes × 3 parameters × (S1, ST), no noise rows.
    #expect(convergence.count == 1 + 4 * 6 * 3 * 2)
    // A series or metric is chosen by name; an unknown one is refused with the list.
    #expect(
      try SensitivityAnalysis(folder: folder, metrics: ["y_mean"], resamples: 10).results.count == 3
    )
    do {
      _ = try SensitivityAnalysis(folder: folder, metrics: ["y_men"], resamples: 10)
      Issue.record("an unknown metric was accepted")
    } catch let error as AnalysisInputError {
      #expect(error.message.contains("series: y_mean; metrics: z"))
    }
  }
}

@Suite("Morris screening")
struct MorrisTests {
  @Test(
    "Trajectories move one parameter at a time by Δ of its range; a linear function's μ* is its slope, inert inputs rank last"
  )
  func knownScreening() throws {
    let dimensions = (1...5).map {
      SweepDimension(
        name: "x\($0)", values: .range(min: 0, max: 2, steps: nil), isDiscrete: false)
    }
    let points = RunPlan.morrisPoints(dimensions: dimensions, trajectories: 40, levels: 4, seed: 7)
    #expect(points.count == 40 * 6)
    for t in 0..<40 {
      for k in 0..<5 {
        let a = points[t * 6 + k]
        let b = points[t * 6 + k + 1]
        let moved = (0..<5).filter { a[$0] != b[$0] }
        #expect(moved.count == 1)
        // Δ = 4 / (2 · 3) = 2/3 of the range 2.
        #expect(abs(abs(b[moved[0]] - a[moved[0]]) - 4.0 / 3) < 1e-12)
      }
    }
    // f = 3 x1 + 2 x2 + x3² on [0, 2]: per full range, EE(x1) = 6, EE(x2) = 4, x4, x5 inert.
    let y = points.map { 3 * $0[0] + 2 * $0[1] + $0[2] * $0[2] }
    let morris = try MorrisIndices(outputs: y, values: points, ranges: [2, 2, 2, 2, 2])
    let m = morris.parameters
    #expect(abs(m[0].muStar - 6) < 1e-9 && abs(m[0].sigma) < 1e-9 && m[0].muStarHalfWidth < 1e-9)
    #expect(abs(m[1].muStar - 4) < 1e-9)
    #expect(m[2].muStar > 0 && m[2].sigma > 0, "x3 is nonlinear: its effects vary")
    #expect(m[3].muStar == 0 && m[4].muStar == 0)
    let ranking = (0..<5).sorted { m[$0].muStar > m[$1].muStar }
    #expect(Set(ranking.suffix(2)) == [3, 4])
  }

  @Test(
    "Grid levels are exact (p distinct values a parameter); candidates: the kept trajectories spread more than the first r drawn"
  )
  func levelsAndOptimisedTrajectories() throws {
    let dimensions = (1...4).map {
      SweepDimension(
        name: "x\($0)", values: .range(min: 0, max: 800, steps: nil), isDiscrete: false)
    }
    let plain = RunPlan.morrisPoints(dimensions: dimensions, trajectories: 10, levels: 4, seed: 3)
    let grid: Set<Double> = Set((0..<4).map { Double($0) / 3 * 800 })
    for j in 0..<4 {
      let values: Set<Double> = Set(plain.map { $0[j] })
      #expect(values.isSubset(of: grid))
    }
    let optimised = RunPlan.morrisPoints(
      dimensions: dimensions, trajectories: 10, levels: 4, seed: 3, candidates: 60)
    #expect(optimised.count == 10 * 5)
    func trajectories(_ points: [[Double]]) -> [[[Double]]] {
      (0..<10).map { t in (0..<5).map { points[t * 5 + $0].map { $0 / 800 } } }
    }
    func spread(_ set: [[[Double]]]) -> Double {
      var sum = 0.0
      for i in set.indices {
        for j in set.indices where j > i {
          let d = RunPlan.trajectoryDistance(set[i], set[j])
          sum += d * d
        }
      }
      return sum.squareRoot()
    }
    // The first 10 drawn are the plain design; the 10 kept of 60 spread more.
    #expect(spread(trajectories(optimised)) > 1.1 * spread(trajectories(plain)))
    // Still trajectories: one parameter moves at a time, by Δ = 2/3 of the range.
    for t in 0..<10 {
      for k in 0..<4 {
        let moved = (0..<4).filter { optimised[t * 5 + k][$0] != optimised[t * 5 + k + 1][$0] }
        #expect(moved.count == 1)
      }
    }
  }
}
