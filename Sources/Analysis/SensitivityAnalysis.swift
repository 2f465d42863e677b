import Engine
import Foundation

/// `brisim analyze`: Sobol' indices (a Saltelli sweep) or Morris measures (a Morris sweep) of
/// every summary metric, computed on each point's replicate mean, with how much of the runs'
/// variance lies between seeds at the same point (so a researcher sees when a "sensitivity" is
/// noise). A yearly series (`years:` in the config) is analysed year by year: its indices over
/// time. Each metric is also analysed on the design's first 2ᵏ base samples (trajectories), so
/// the indices can be seen to settle as N grows (convergence).
public struct SensitivityAnalysis: Sendable {
  /// One metric's (or one year of a series') analysis.
  public struct MetricResult: Sendable {
    /// The metric's name, or its series' name for one year of a yearly series.
    public let metric: String
    /// The calendar year the metric measures (nil: the whole run).
    public let year: Int?
    /// The summary.csv column.
    public let column: String
    public let indices: SobolIndices?
    public let morris: MorrisIndices?
    /// The share of the analysed output's variance (the points' replicate means) that is seed
    /// noise: the variance between seeds at a point divided by the replicates, over the
    /// variance of the point means (0 with one replicate a point: not measured). With common
    /// random numbers only the part of the seeds' effect that differs between points counts:
    /// a shift every point shares cannot move an index.
    public let noiseShare: Double
    public let replicates: Int
    /// The indices on the design's first n base samples (Sobol') or trajectories (Morris), for
    /// n = 4, 8, 16, … below the full design, then the full design.
    public let convergence: [(samples: Int, indices: SobolIndices?, morris: MorrisIndices?)]
  }

  public let folder: String
  public let parameters: [String]
  public let secondOrder: Bool
  /// Whether the folder is a Morris design (else Saltelli).
  public let isMorris: Bool
  public let results: [MetricResult]

  /// Reads `folder` (a sweep with `design: saltelli` or `morris`) and analyses `metrics`
  /// (summary.csv columns or yearly series' names; nil: every summary metric).
  /// summary.csv is streamed: memory holds each point's replicate statistics, not the rows.
  /// - Throws: ``AnalysisInputError`` for a folder that is not a sensitivity design, an
  ///   unknown metric, a malformed row or a point without a complete run.
  public init(
    folder: String, metrics: [String]? = nil, scenario: String? = nil, resamples: Int = 1_000
  ) throws {
    self.folder = folder
    let manifestPath = "\(folder)/manifest.json"
    guard let data = FileManager.default.contents(atPath: manifestPath),
      let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let summaryMetrics = manifest["summary_metrics"] as? [String]
    else {
      throw AnalysisInputError(
        file: manifestPath, "missing or unreadable experiment manifest (not a results folder?)")
    }
    let design = manifest["design"] as? String
    guard design == "saltelli" || design == "morris" else {
      throw AnalysisInputError(
        file: manifestPath,
        "not a sensitivity design (design: \(design ?? "none")); Sobol' indices need sweep.design: saltelli, elementary effects sweep.design: morris"
      )
    }
    isMorris = design == "morris"
    let secondOrder = manifest["second_order"] as? Bool ?? false
    self.secondOrder = secondOrder
    parameters = manifest["dimensions"] as? [String] ?? []
    let d = parameters.count
    guard d >= 1 else {
      throw AnalysisInputError(file: manifestPath, "no swept dimensions")
    }
    // Each column's series and year (summary_definitions; older manifests: the column alone).
    var seriesOf: [String: (name: String, year: Int?)] = [:]
    for definition in manifest["summary_definitions"] as? [[String: Any]] ?? [] {
      guard let name = definition["name"] as? String else { continue }
      let year = definition["year"] as? Int
      seriesOf[name] = ((definition["series"] as? String) ?? name, year)
    }
    let chosen: [String]
    if let metrics {
      chosen = try metrics.flatMap { metric -> [String] in
        let columns = summaryMetrics.filter { $0 == metric || seriesOf[$0]?.name == metric }
        guard !columns.isEmpty else {
          var series: [String] = []
          for column in summaryMetrics {
            if let name = seriesOf[column]?.name, name != column, !series.contains(name) {
              series.append(name)
            }
          }
          let singles = summaryMetrics.filter { (seriesOf[$0]?.name ?? $0) == $0 }
          throw AnalysisInputError(
            file: "\(folder)/summary.csv",
            "no summary metric or yearly series '\(metric)'; \([series.isEmpty ? "" : "series: \(series.joined(separator: ", "))", singles.isEmpty ? "" : "metrics: \(singles.joined(separator: ", "))"].filter { !$0.isEmpty }.joined(separator: "; "))"
          )
        }
        return columns
      }
    } else {
      chosen = summaryMetrics
    }
    let ranges: [Double]?
    if isMorris {
      let bounds = (manifest["dimension_ranges"] as? [[Double]])?.map {
        $0.count == 2 ? $0[1] - $0[0] : .nan
      }
      guard let bounds, bounds.count == d, bounds.allSatisfy({ $0.isFinite && $0 > 0 }) else {
        throw AnalysisInputError(
          file: manifestPath, "a Morris sweep's manifest needs dimension_ranges (min, max)")
      }
      ranges = bounds
    } else {
      ranges = nil
    }
    let points = try PointStatistics(
      path: "\(folder)/summary.csv", metrics: chosen, dimensions: parameters,
      keepSweptValues: isMorris, scenario: scenario)
    var results: [MetricResult] = []
    for (k, column) in chosen.enumerated() {
      let means = try points.means(metric: k, name: column)
      let noise = points.noiseShare(metric: k)
      let replicates = points.fewestReplicates(metric: k)
      let (metric, year) = seriesOf[column] ?? (column, nil)
      if let ranges {
        let r = means.count / (d + 1)
        guard r >= 2, means.count == r * (d + 1) else {
          throw AnalysisInputError(
            file: "\(folder)/summary.csv",
            "\(means.count) points do not make 2 or more Morris trajectories of \(d + 1) points")
        }
        var convergence: [(Int, SobolIndices?, MorrisIndices?)] = []
        for size in Self.subsetSizes(full: r, smallest: 4) {
          let rows = size * (d + 1)
          convergence.append(
            (
              size, nil,
              try MorrisIndices(
                outputs: Array(means[0..<rows]), values: Array(points.sweptValues[0..<rows]),
                ranges: ranges, resamples: resamples, source: "\(folder)/summary.csv")
            ))
        }
        results.append(
          MetricResult(
            metric: metric, year: year, column: column, indices: nil,
            morris: convergence.last!.2, noiseShare: noise, replicates: replicates,
            convergence: convergence))
      } else {
        let block = secondOrder ? 2 * d + 2 : d + 2
        let n = means.count / block
        guard n >= 2, means.count == n * block else {
          throw AnalysisInputError(
            file: "\(folder)/summary.csv",
            "\(means.count) points are not a Saltelli design of \(d) parameters (a multiple of \(block), at least \(2 * block))"
          )
        }
        var convergence: [(Int, SobolIndices?, MorrisIndices?)] = []
        for size in Self.subsetSizes(full: n, smallest: 8) {
          convergence.append(
            (
              size,
              SobolIndices(
                outputs: Array(means[0..<(size * block)]), dimensions: d,
                secondOrder: secondOrder, resamples: resamples),
              nil
            ))
        }
        results.append(
          MetricResult(
            metric: metric, year: year, column: column, indices: convergence.last!.1,
            morris: nil, noiseShare: noise, replicates: replicates, convergence: convergence))
      }
    }
    self.results = results
  }

  /// Sizes of the nested designs of the convergence analysis: powers of two from `smallest`
  /// below `full`, then `full` (the first 2ᵏ points of a Sobol' sequence are balanced).
  static func subsetSizes(full: Int, smallest: Int) -> [Int] {
    var sizes: [Int] = []
    var size = smallest
    while size < full {
      sizes.append(size)
      size *= 2
    }
    return sizes + [full]
  }

  /// Columns of analysis.csv and analysis-convergence.csv. `base_samples`: N for Sobol'
  /// indices, the number of trajectories for Morris measures.
  public static let columns = [
    "metric", "year", "parameter", "parameter_2", "index", "estimate", "ci_low", "ci_high",
    "base_samples", "replicates",
  ]

  /// Writes analysis.csv (tidy: one row per metric, year, index and parameter) atomically.
  public func writeCSV(to path: String) throws {
    let writer = try CSVTableWriter(path: path, columns: Self.columns)
    for metric in results {
      try Self.appendRows(
        writer, metric, samples: metric.convergence.last!.samples, metric.indices, metric.morris,
        parameters: parameters, withNoise: true)
    }
    try writer.finish()
  }

  /// Writes analysis-convergence.csv: S1 and ST (μ* for Morris) of every metric on the nested
  /// designs of ``MetricResult/convergence``, atomically.
  public func writeConvergenceCSV(to path: String) throws {
    let writer = try CSVTableWriter(path: path, columns: Self.columns)
    for metric in results {
      for step in metric.convergence {
        try Self.appendRows(
          writer, metric, samples: step.samples, step.indices, step.morris,
          parameters: parameters, withNoise: false)
      }
    }
    try writer.finish()
  }

  /// One metric's rows; `withNoise` (analysis.csv) adds S2 and the noise share.
  private static func appendRows(
    _ writer: CSVTableWriter, _ metric: MetricResult, samples: Int, _ indices: SobolIndices?,
    _ morris: MorrisIndices?, parameters: [String], withNoise: Bool
  ) throws {
    func row(_ index: String, _ p: String, _ q: String, _ e: SobolIndices.Estimate?, value: Double)
      throws
    {
      writer.append(metric.metric)
      if let year = metric.year { writer.append(year) } else { writer.append("") }
      writer.append(p)
      writer.append(q)
      writer.append(index)
      writer.append(e?.estimate ?? value)
      // No interval (mu, sigma, noise_share): empty cells, read as missing by R, Stata, pandas.
      if let e, e.halfWidth.isFinite {
        writer.append(e.low)
        writer.append(e.high)
      } else {
        writer.append("")
        writer.append("")
      }
      writer.append(samples)
      writer.append(metric.replicates)
      try writer.endRow()
    }
    if let morris {
      for (j, parameter) in parameters.enumerated() {
        let m = morris.parameters[j]
        try row(
          "mu_star", parameter, "",
          SobolIndices.Estimate(estimate: m.muStar, halfWidth: m.muStarHalfWidth), value: .nan)
        try row("mu", parameter, "", nil, value: m.mu)
        try row("sigma", parameter, "", nil, value: m.sigma)
      }
    } else if let indices {
      for (j, parameter) in parameters.enumerated() {
        try row("S1", parameter, "", indices.firstOrder[j], value: .nan)
        try row("ST", parameter, "", indices.totalOrder[j], value: .nan)
      }
      if withNoise, let second = indices.secondOrder {
        for j in parameters.indices {
          for k in parameters.indices where k > j {
            try row("S2", parameters[j], parameters[k], second[j][k], value: .nan)
          }
        }
      }
    }
    if withNoise { try row("noise_share", "", "", nil, value: metric.noiseShare) }
  }

  /// analysis.md: per metric, each parameter's S1 and ST with intervals ranked by ST (μ*, μ, σ
  /// for Morris); a yearly series shows its last year in full and its ST (μ*) by year.
  public func markdown() -> String {
    typealias Format = ExperimentComparison
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
      *Noise share*: the share of the point means' variance that is seed noise (the variance \
      between seeds at a point, over the replicates; with common random numbers only the part \
      that differs between points).


      """
      : """
      Each point's output is the mean over its replicates. S1: first-order index (Saltelli \
      2010), the share of the output's variance due to the parameter alone; ST: total index \
      (Jansen 1999), its share with every interaction. 95 % intervals: the estimate ± 1.96 \
      bootstrap standard deviations (base rows resampled, as SALib does). *Noise share*: the \
      share of the point means' variance that is seed noise (the variance between seeds at a \
      point, over the replicates; with common random numbers only the part that differs \
      between points); when it is large, indices describe noise as much as the parameters \
      (add replicates): noise left in the means adds to every ST, so a parameter with no \
      effect shows an ST about the noise share. Indices are shares of variance, without sign \
      (the sweep's scatter figures or a Morris design's μ give the direction). \
      analysis-convergence.csv holds the indices on the first 8, 16, … base samples.


      """
    var shown = Set<String>()
    for result in results {
      let series = results.filter { $0.metric == result.metric }
      if series.count > 1 {
        // A yearly series: once, at its last year, with the by-year table.
        guard !shown.contains(result.metric), let last = series.last else { continue }
        shown.insert(result.metric)
        text += metricSection(last, title: "\(last.metric), \(last.year.map(String.init) ?? "")")
        text += byYear(series)
      } else {
        text += metricSection(
          result, title: result.year.map { "\(result.metric) (\($0))" } ?? result.metric)
      }
    }
    return text
  }

  private func metricSection(_ result: MetricResult, title: String) -> String {
    typealias Format = ExperimentComparison
    var text = ""
    if let morris = result.morris {
      text +=
        "## \(title) (Morris)\n\n\(morris.trajectories) trajectories, \(result.replicates) replicate(s) a point; noise share \(Format.number(result.noiseShare, digits: 3)). Elementary effects per full range of each parameter: μ* (mean |EE|, importance) with its bootstrap 95 % interval, μ (mean EE, sign), σ (sd of EE: nonlinearity or interactions).\n\n"
      text += "| parameter | μ* | 95 % interval | μ | σ |\n|---|---:|---|---:|---:|\n"
      let order = parameters.indices.sorted {
        morris.parameters[$0].muStar > morris.parameters[$1].muStar
      }
      for j in order {
        let m = morris.parameters[j]
        text +=
          "| \(parameters[j]) | \(Format.number(m.muStar, digits: 3)) | \(Format.interval((m.muStar - m.muStarHalfWidth, m.muStar + m.muStarHalfWidth), digits: 3)) | \(Format.number(m.mu, digits: 3)) | \(Format.number(m.sigma, digits: 3)) |\n"
      }
      return text + "\n"
    }
    guard let indices = result.indices else { return text }
    text +=
      "## \(title)\n\n\(indices.baseSamples) base samples, \(result.replicates) replicate(s) a point; noise share \(Format.number(result.noiseShare, digits: 3))\n\n"
    if let warning = Self.instability(indices, parameters: parameters) {
      text += "**Too few samples for stable indices:** \(warning)\n\n"
    }
    text += "| parameter | S1 | 95 % interval | ST | 95 % interval |\n|---|---:|---|---:|---|\n"
    let order = parameters.indices.sorted {
      indices.totalOrder[$0].estimate > indices.totalOrder[$1].estimate
    }
    for j in order {
      let s1 = indices.firstOrder[j]
      let st = indices.totalOrder[j]
      text +=
        "| \(parameters[j]) | \(Format.number(s1.estimate, digits: 3)) | \(Format.interval((s1.low, s1.high), digits: 3)) | \(Format.number(st.estimate, digits: 3)) | \(Format.interval((st.low, st.high), digits: 3)) |\n"
    }
    return text + "\n"
  }

  /// Why the indices cannot be trusted yet, if they show it: first-order indices summing
  /// above 1 (they are shares of one variance), a total index above 1, a first-order index
  /// whose whole interval lies above its total index's, or a constant output.
  static func instability(_ indices: SobolIndices, parameters: [String]) -> String? {
    let firstSum = indices.firstOrder.reduce(0) { $0 + $1.estimate }
    guard firstSum.isFinite else {
      return "the output is constant over the design (no variance to apportion)."
    }
    var reasons: [String] = []
    if firstSum > 1.05 {
      reasons.append(
        "the first-order indices sum to \(ExperimentComparison.number(firstSum, digits: 3)), above 1"
      )
    }
    let overOne = parameters.indices.filter { indices.totalOrder[$0].estimate > 1.05 }
    if !overOne.isEmpty {
      reasons.append(
        "ST exceeds 1 for \(overOne.map { parameters[$0] }.joined(separator: ", "))")
    }
    let above = parameters.indices.filter {
      indices.firstOrder[$0].low > indices.totalOrder[$0].high
    }
    if !above.isEmpty {
      reasons.append(
        "S1 lies above ST for \(above.map { parameters[$0] }.joined(separator: ", "))")
    }
    guard !reasons.isEmpty else { return nil }
    return reasons.joined(separator: "; ")
      + " (impossible in the true indices): raise sweep.samples (N) until they settle (analysis-convergence.csv)."
  }

  /// A series' ST (μ*) by year, parameters ranked by their mean over the years.
  private func byYear(_ series: [MetricResult]) -> String {
    typealias Format = ExperimentComparison
    func value(_ result: MetricResult, _ j: Int) -> Double {
      result.morris?.parameters[j].muStar ?? result.indices?.totalOrder[j].estimate ?? .nan
    }
    let order = parameters.indices.sorted { j, k in
      series.reduce(0) { $0 + value($1, j) } > series.reduce(0) { $0 + value($1, k) }
    }
    var text =
      "\(isMorris ? "μ*" : "ST") by year (figure \(isMorris ? "morris" : "sobol")-over-time-\(series[0].metric)):\n\n"
    text += "| parameter | " + series.map { "\($0.year ?? 0)" }.joined(separator: " | ") + " |\n"
    text += "|---|" + String(repeating: "---:|", count: series.count) + "\n"
    for j in order {
      text +=
        "| \(parameters[j]) | "
        + series.map { Format.number(value($0, j), digits: 2) }.joined(separator: " | ") + " |\n"
    }
    text +=
      "| *noise share* | "
      + series.map { Format.number($0.noiseShare, digits: 2) }.joined(separator: " | ") + " |\n"
    let unsettled = series.filter { result in
      result.indices.map { Self.instability($0, parameters: parameters) != nil } ?? false
    }.compactMap(\.year)
    if !unsettled.isEmpty {
      text +=
        "\nNot settled (first-order indices summing above 1, an index above 1 or S1 above ST): \(unsettled.map(String.init).joined(separator: ", ")); years with a large noise share describe noise as much as the parameters.\n"
    }
    return text + "\n"
  }
}

/// Each point's replicate count, mean and sum of squared deviations for every analysed metric
/// (Welford's updates as summary.csv streams by), each replicate's sum over the points (for the
/// noise share), and for Morris designs each point's swept values. Only the rows of one
/// scenario are read.
struct PointStatistics {
  let metrics: Int
  let count: [Int]
  let mean: [Double]
  let squares: [Double]
  let sweptValues: [[Double]]
  /// Per metric, each replicate's count and sum of values over the points.
  let replicateCount: [[Int]]
  let replicateSum: [[Double]]
  /// Per metric, each replicate's sum over the points that have every replicate (a second
  /// pass, only when some point lacks one).
  let completeReplicateSum: [[Double]]
  let path: String

  /// One pass over summary.csv's rows of `scenario` (nil: the only scenario there is):
  /// `visit(point, replicate, row)`.
  private static func scan(
    path: String, scenario: String?, _ visit: (Int, Int, CSVRowStream.Row) throws -> Void
  ) throws -> CSVRowStream {
    var stream: CSVRowStream
    do { stream = try CSVRowStream(path: path) } catch let error as AnalysisInputError {
      throw AnalysisInputError(
        file: error.file,
        "\(error.message); run the experiment to the end or brisim merge / summarize it")
    }
    let width = stream.header.count
    let pointColumn = try stream.column("point")
    let replicateColumn = try stream.column("replicate")
    let scenarioColumn = try stream.column("scenario")
    var scenarios: [String] = []
    // The replicates seen at each point: one bit each below 64 (memory grows with the points,
    // not the rows), a set for the rare larger replicate numbers.
    var seenMasks: [UInt64] = []
    var seenBeyond = Set<Int>()
    try stream.forEachRow { row in
      guard row.count == width, let point = row.integer(pointColumn), point >= 0,
        point < 100_000_000, let replicate = row.integer(replicateColumn), replicate >= 0,
        replicate < 100_000
      else {
        throw AnalysisInputError(
          file: "\(path):\(row.line)",
          "expected \(width) fields with an integer point and replicate")
      }
      let name = row.string(scenarioColumn)
      if !scenarios.contains(name) { scenarios.append(name) }
      if let scenario {
        guard name == scenario else { return }
      } else if scenarios.count > 1 {
        throw AnalysisInputError(
          file: path,
          "holds scenarios \(scenarios.joined(separator: ", ")); analyse one at a time (--scenario NAME)"
        )
      }
      let isNew: Bool
      if replicate < 64 {
        if point >= seenMasks.count {
          seenMasks += repeatElement(0, count: point + 1 - seenMasks.count)
        }
        let bit = UInt64(1) << UInt64(replicate)
        isNew = seenMasks[point] & bit == 0
        seenMasks[point] |= bit
      } else {
        isNew = seenBeyond.insert(point * 100_000 + replicate).inserted
      }
      guard isNew else {
        throw AnalysisInputError(
          file: "\(path):\(row.line)", "a second row for point \(point), replicate \(replicate)")
      }
      try visit(point, replicate, row)
    }
    if let scenario, !scenarios.contains(scenario) {
      throw AnalysisInputError(
        file: path,
        "no scenario '\(scenario)'; scenarios: \(scenarios.joined(separator: ", "))")
    }
    return stream
  }

  init(
    path: String, metrics names: [String], dimensions: [String], keepSweptValues: Bool,
    scenario: String? = nil
  ) throws {
    self.path = path
    metrics = names.count
    let header = try CSVRowStream(path: path).header
    func column(_ name: String) throws -> Int {
      guard let index = header.firstIndex(of: name) else {
        throw AnalysisInputError(file: path, "no column '\(name)'")
      }
      return index
    }
    let metricColumns = try names.map(column)
    let dimensionColumns = try dimensions.map(column)
    let m = names.count
    var count: [Int] = []
    var mean: [Double] = []
    var squares: [Double] = []
    var sweptValues: [[Double]] = []
    var replicateCount = [[Int]](repeating: [], count: m)
    var replicateSum = [[Double]](repeating: [], count: m)
    /// The row's value of metric `k`: nil for an empty cell (a failed run) or a non-finite one.
    func value(_ row: CSVRowStream.Row, _ k: Int) throws -> Double? {
      let column = metricColumns[k]
      if row.isEmpty(column) { return nil }
      guard let value = row.number(column) else {
        throw AnalysisInputError(
          file: "\(path):\(row.line)",
          "\(header[column]): expected a number, got '\(row.string(column))'")
      }
      return value.isFinite ? value : nil
    }
    _ = try Self.scan(path: path, scenario: scenario) { point, replicate, row in
      if point * m >= count.count {
        let grow = (point + 1) * m - count.count
        count += repeatElement(0, count: grow)
        mean += repeatElement(0, count: grow)
        squares += repeatElement(0, count: grow)
      }
      if keepSweptValues {
        while sweptValues.count <= point { sweptValues.append([]) }
        if sweptValues[point].isEmpty {
          sweptValues[point] = try dimensionColumns.map { column in
            guard let value = row.number(column) else {
              throw AnalysisInputError(
                file: "\(path):\(row.line)",
                "\(header[column]): expected a number, got '\(row.string(column))'")
            }
            return value
          }
        }
      }
      for k in 0..<m {
        guard let value = try value(row, k) else { continue }
        let cell = point * m + k
        count[cell] += 1
        let delta = value - mean[cell]
        mean[cell] += delta / Double(count[cell])
        squares[cell] += delta * (value - mean[cell])
        if replicate >= replicateCount[k].count {
          let grow = replicate + 1 - replicateCount[k].count
          replicateCount[k] += repeatElement(0, count: grow)
          replicateSum[k] += repeatElement(0, count: grow)
        }
        replicateCount[k][replicate] += 1
        replicateSum[k][replicate] += value
      }
    }
    // Where a point lacks a replicate, the replicates' sums over the complete points.
    let points = count.count / max(m, 1)
    let full = (0..<m).map { k in (0..<points).map { count[$0 * m + k] }.max() ?? 0 }
    var completeReplicateSum = (0..<m).map { [Double](repeating: 0, count: full[$0]) }
    let unbalanced = (0..<m).filter { k in
      full[k] >= 2 && (0..<points).contains { count[$0 * m + k] != full[k] }
    }
    if !unbalanced.isEmpty {
      _ = try Self.scan(path: path, scenario: scenario) { point, replicate, row in
        for k in unbalanced where count[point * m + k] == full[k] {
          if let value = try value(row, k) { completeReplicateSum[k][replicate] += value }
        }
      }
    }
    self.count = count
    self.mean = mean
    self.squares = squares
    self.sweptValues = sweptValues
    self.replicateCount = replicateCount
    self.replicateSum = replicateSum
    self.completeReplicateSum = completeReplicateSum
  }

  var points: Int { count.count / max(metrics, 1) }

  /// Each point's replicate mean of metric `k`.
  /// - Throws: ``AnalysisInputError`` for a point without a finite value.
  func means(metric k: Int, name: String) throws -> [Double] {
    var values: [Double] = []
    values.reserveCapacity(points)
    for point in 0..<points {
      guard count[point * metrics + k] > 0 else {
        throw AnalysisInputError(
          file: path,
          "\(name): point \(point) has no complete run with a finite value; every point of a sensitivity design is needed (rerun failed runs with --retry-failed)"
        )
      }
      values.append(mean[point * metrics + k])
    }
    return values
  }

  /// Seed noise in the point means over their variance (``SensitivityAnalysis/MetricResult/
  /// noiseShare``), MS_E / (R · variance of the point means) with MS_E the residual mean
  /// square of the two-way layout y_pr = μ + a_p + b_r + u_pr (point × replicate) over the
  /// points that have all R replicates: MS_E = (within-point SS − P·Σ_r (ȳ_·r − ȳ)²) /
  /// ((P − 1)(R − 1)). The replicate effect b_r (a seed shared by every point, as with common
  /// random numbers) cancels from the indices and is left out; without common seeds b_r is
  /// noise of mean zero and MS_E stays unbiased. A point with n of the R replicates has noise
  /// MS_E / n in its mean. 0 with one replicate a point (not measured).
  func noiseShare(metric k: Int) -> Double {
    let p = points
    guard p >= 2 else { return 0 }
    let means = (0..<p).map { mean[$0 * metrics + k] }
    let grand = means.reduce(0, +) / Double(p)
    let meansVariance = means.reduce(0) { $0 + ($1 - grand) * ($1 - grand) } / Double(p - 1)
    guard meansVariance > 0 else { return 0 }
    let counts = (0..<p).map { count[$0 * metrics + k] }
    let r = counts.max() ?? 0
    let complete = (0..<p).filter { counts[$0] == r }
    guard r >= 2, complete.count >= 2 else { return 0 }
    let sums = complete.count == p ? replicateSum[k] : completeReplicateSum[k]
    let completeGrand = complete.reduce(0.0) { $0 + means[$1] } / Double(complete.count)
    let within = complete.reduce(0.0) { $0 + squares[$1 * metrics + k] }
    let replicateEffects = sums.prefix(r).reduce(0.0) { sum, total in
      let deviation = total / Double(complete.count) - completeGrand
      return sum + deviation * deviation
    }
    let residual = max(within - Double(complete.count) * replicateEffects, 0)
    let meanSquare = residual / Double((complete.count - 1) * (r - 1))
    let noise = counts.reduce(0.0) { $0 + meanSquare / Double(max($1, 1)) } / Double(p)
    return noise / meansVariance
  }

  func fewestReplicates(metric k: Int) -> Int {
    (0..<points).map { count[$0 * metrics + k] }.min() ?? 0
  }
}
