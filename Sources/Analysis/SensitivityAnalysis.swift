import Engine
import Foundation

/// `brisim analyze`: Sobol' indices of every summary metric of a Saltelli sweep, computed on
/// each point's replicate mean, with how much of the runs' variance lies between seeds at the
/// same point (so a researcher sees when a "sensitivity" is noise).
public struct SensitivityAnalysis: Sendable {
  /// One metric's analysis: Sobol' indices (design saltelli) or Morris measures (morris).
  public struct MetricResult: Sendable {
    public let metric: String
    public let indices: SobolIndices?
    public let morris: MorrisIndices?
    /// Mean within-point variance of the replicates over the variance of all runs (0 with one
    /// replicate a point: not measured).
    public let noiseShare: Double
    public let replicates: Int
  }

  public let folder: String
  public let parameters: [String]
  public let secondOrder: Bool
  /// Whether the folder is a Morris design (else Saltelli).
  public let isMorris: Bool
  public let results: [MetricResult]

  /// Reads `folder` (a sweep with `design: saltelli`) and analyses `metrics` (nil: every
  /// summary metric).
  /// - Throws: ``AnalysisInputError`` for a folder that is not a Saltelli sweep, an unknown
  ///   metric, or a point without a complete run.
  public init(folder: String, metrics: [String]? = nil, resamples: Int = 1_000) throws {
    self.folder = folder
    let manifestPath = "\(folder)/manifest.json"
    guard let data = FileManager.default.contents(atPath: manifestPath),
      let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else {
      throw AnalysisInputError(file: manifestPath, "missing or unreadable experiment manifest")
    }
    let design = manifest["design"] as? String
    guard design == "saltelli" || design == "morris" else {
      throw AnalysisInputError(
        file: manifestPath,
        "not a sensitivity design (design: \(design ?? "none")); Sobol' indices need sweep.design: saltelli, elementary effects sweep.design: morris"
      )
    }
    isMorris = design == "morris"
    let ranges = (manifest["dimension_ranges"] as? [[Double]])?.map {
      $0.count == 2 ? $0[1] - $0[0] : .nan
    }
    let secondOrder = manifest["second_order"] as? Bool ?? false
    self.secondOrder = secondOrder
    let table = try SummaryTable(folder: folder)
    parameters = table.dimensions
    let d = table.dimensions.count
    let chosen = metrics ?? table.metrics
    for metric in chosen where !table.metrics.contains(metric) {
      throw AnalysisInputError(
        file: "\(folder)/summary.csv",
        "no summary metric '\(metric)'; metrics: \(table.metrics.joined(separator: ", "))")
    }
    let points = (table.runs.map(\.point).max() ?? -1) + 1
    var results: [MetricResult] = []
    for metric in chosen {
      let column = table.metrics.firstIndex(of: metric)!
      var sums = [Double](repeating: 0, count: points)
      var counts = [Int](repeating: 0, count: points)
      var values: [[Double]] = Array(repeating: [], count: points)
      for run in table.runs where run.values[column].isFinite {
        sums[run.point] += run.values[column]
        counts[run.point] += 1
        values[run.point].append(run.values[column])
      }
      if let missing = counts.firstIndex(of: 0) {
        throw AnalysisInputError(
          file: "\(folder)/summary.csv",
          "\(metric): point \(missing) has no complete run with a finite value; every point of a Saltelli design is needed (rerun failed runs with --retry-failed)"
        )
      }
      let means = zip(sums, counts).map { $0 / Double($1) }
      // Between-seed variance at a point against the variance of all runs.
      let all = values.flatMap { $0 }
      let grand = all.reduce(0, +) / Double(all.count)
      let totalVariance =
        all.reduce(0) { $0 + ($1 - grand) * ($1 - grand) } / Double(max(all.count - 1, 1))
      let within = values.filter { $0.count > 1 }.map { group -> Double in
        let m = group.reduce(0, +) / Double(group.count)
        return group.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(group.count - 1)
      }
      let noise =
        within.isEmpty || totalVariance == 0
        ? 0 : (within.reduce(0, +) / Double(within.count)) / totalVariance
      if isMorris {
        guard let ranges, ranges.count == d, ranges.allSatisfy({ $0.isFinite && $0 > 0 }) else {
          throw AnalysisInputError(
            file: manifestPath, "a Morris sweep's manifest needs dimension_ranges (min, max)")
        }
        var x = [[Double]](repeating: [], count: points)
        for run in table.runs where x[run.point].isEmpty {
          x[run.point] = run.sweptValues.map { Double($0) ?? .nan }
        }
        results.append(
          MetricResult(
            metric: metric, indices: nil,
            morris: try MorrisIndices(
              outputs: means, values: x, ranges: ranges, resamples: resamples,
              source: "\(folder)/summary.csv"),
            noiseShare: noise, replicates: counts.min() ?? 0))
      } else {
        results.append(
          MetricResult(
            metric: metric,
            indices: SobolIndices(
              outputs: means, dimensions: d, secondOrder: secondOrder, resamples: resamples),
            morris: nil, noiseShare: noise, replicates: counts.min() ?? 0))
      }
    }
    self.results = results
  }

  /// Columns of analysis.csv.
  public static let columns = [
    "metric", "index", "parameter", "parameter_2", "estimate", "ci_low", "ci_high",
    "base_samples", "replicates",
  ]

  /// Writes analysis.csv (tidy: one row per metric, index and parameter) atomically.
  public func writeCSV(to path: String) throws {
    let writer = try CSVTableWriter(path: path, columns: Self.columns)
    func row(
      _ metric: MetricResult, _ index: String, _ p: String, _ q: String,
      _ e: SobolIndices.Estimate?, value: Double? = nil
    ) throws {
      writer.append(metric.metric)
      writer.append(index)
      writer.append(p)
      writer.append(q)
      writer.append(e?.estimate ?? value ?? metric.noiseShare)
      writer.append(e?.low ?? .nan)
      writer.append(e?.high ?? .nan)
      writer.append(metric.indices?.baseSamples ?? metric.morris?.trajectories ?? 0)
      writer.append(metric.replicates)
      try writer.endRow()
    }
    for metric in results {
      if let morris = metric.morris {
        for (j, parameter) in parameters.enumerated() {
          let m = morris.parameters[j]
          try row(
            metric, "mu_star", parameter, "",
            SobolIndices.Estimate(estimate: m.muStar, halfWidth: m.muStarHalfWidth))
          try row(metric, "mu", parameter, "", nil, value: m.mu)
          try row(metric, "sigma", parameter, "", nil, value: m.sigma)
        }
        try row(metric, "noise_share", "", "", nil)
        continue
      }
      guard let indices = metric.indices else { continue }
      for (j, parameter) in parameters.enumerated() {
        try row(metric, "S1", parameter, "", indices.firstOrder[j])
        try row(metric, "ST", parameter, "", indices.totalOrder[j])
      }
      if let second = indices.secondOrder {
        for j in parameters.indices {
          for k in parameters.indices where k > j {
            try row(metric, "S2", parameters[j], parameters[k], second[j][k])
          }
        }
      }
      try row(metric, "noise_share", "", "", nil)
    }
    try writer.finish()
  }

  /// analysis.md: per metric, each parameter's S1 and ST with intervals, ranked by ST.
  public func markdown() -> String {
    var text =
      "# \(folder): \(isMorris ? "Morris elementary effects" : "Sobol' sensitivity indices")\n\n"
    text +=
      isMorris
      ? """
      Each point's output is the mean over its replicates. Elementary effect: the change of \
      the output when one parameter moves by Δ = p / (2(p − 1)) of its range along a \
      trajectory, per full range. μ*: mean |EE| (Campolongo et al. 2007), the parameter's \
      importance, with a bootstrap 95 % interval (effects resampled, estimate ± 1.96 sd, as \
      SALib does); μ: mean EE (its sign); σ: sd of EE (nonlinearity or interactions). \
      *Noise share*: the variance between seeds at one point over the variance of all runs.


      """
      : """
      Each point's output is the mean over its replicates. S1: first-order index (Saltelli \
      2010), the share of the output's variance due to the parameter alone; ST: total index \
      (Jansen 1999), its share with every interaction. 95 % intervals: the estimate ± 1.96 \
      bootstrap standard deviations (base rows resampled, as SALib does). *Noise share*: the \
      variance between seeds at one point over the variance of all runs; when it is large, \
      indices describe noise as much as the parameters (add replicates).


      """
    for result in results {
      if let morris = result.morris {
        text +=
          "## \(result.metric) (Morris)\n\n\(morris.trajectories) trajectories, \(result.replicates) replicate(s) a point; noise share \(ExperimentComparison.number(result.noiseShare, digits: 3)). Elementary effects per full range of each parameter: μ* (mean |EE|, importance) with its bootstrap 95 % interval, μ (mean EE, sign), σ (sd of EE: nonlinearity or interactions).\n\n"
        text += "| parameter | μ* | 95 % interval | μ | σ |\n|---|---:|---|---:|---:|\n"
        let order = parameters.indices.sorted {
          morris.parameters[$0].muStar > morris.parameters[$1].muStar
        }
        for j in order {
          let m = morris.parameters[j]
          text +=
            "| \(parameters[j]) | \(ExperimentComparison.number(m.muStar, digits: 3)) | \(ExperimentComparison.interval((m.muStar - m.muStarHalfWidth, m.muStar + m.muStarHalfWidth), digits: 3)) | \(ExperimentComparison.number(m.mu, digits: 3)) | \(ExperimentComparison.number(m.sigma, digits: 3)) |\n"
        }
        text += "\n"
        continue
      }
      guard let indices = result.indices else { continue }
      text +=
        "## \(result.metric)\n\n\(indices.baseSamples) base samples, \(result.replicates) replicate(s) a point; noise share \(ExperimentComparison.number(result.noiseShare, digits: 3))\n\n"
      text += "| parameter | S1 | 95 % interval | ST | 95 % interval |\n|---|---:|---|---:|---|\n"
      let order = parameters.indices.sorted {
        indices.totalOrder[$0].estimate > indices.totalOrder[$1].estimate
      }
      for j in order {
        let s1 = indices.firstOrder[j]
        let st = indices.totalOrder[j]
        text +=
          "| \(parameters[j]) | \(ExperimentComparison.number(s1.estimate, digits: 3)) | \(ExperimentComparison.interval((s1.low, s1.high), digits: 3)) | \(ExperimentComparison.number(st.estimate, digits: 3)) | \(ExperimentComparison.interval((st.low, st.high), digits: 3)) |\n"
      }
      text += "\n"
    }
    return text
  }
}
