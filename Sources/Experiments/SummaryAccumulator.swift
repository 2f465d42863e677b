/// Streams a run's monthly world.csv rows into the experiment's summary statistics, keeping
/// only running sums (nothing accumulates over months).
public final class SummaryAccumulator {
  public let metrics: [SummaryMetric]
  private let columnIndex: [Int]
  private var sums: [Double]
  private var counts: [Int]
  private var lasts: [Double]

  /// Statistics of `metrics` over rows whose values follow `columns`.
  init(metrics: [SummaryMetric], columns: [String]) {
    self.metrics = metrics
    columnIndex = metrics.map { metric in columns.firstIndex(of: metric.column)! }
    sums = [Double](repeating: 0, count: metrics.count)
    counts = [Int](repeating: 0, count: metrics.count)
    lasts = [Double](repeating: .nan, count: metrics.count)
  }

  /// Adds one month of `year`.
  func observe(year: Int, row: [Double]) {
    for (index, metric) in metrics.enumerated() where metric.year == nil || metric.year == year {
      let value = row[columnIndex[index]]
      sums[index] += value
      counts[index] += 1
      lasts[index] = value
    }
  }

  /// The statistics, as exact round-trip text (NaN when no month fell in a metric's year).
  public var values: [String] {
    metrics.indices.map { index in
      let value: Double
      switch metrics[index].statistic {
      case .sum: value = counts[index] > 0 ? sums[index] : .nan
      case .mean: value = counts[index] > 0 ? sums[index] / Double(counts[index]) : .nan
      case .last: value = lasts[index]
      }
      return value.description
    }
  }
}
