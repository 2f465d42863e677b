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

  /// The statistics (NaN when no month fell in a metric's year).
  public var numbers: [Double] {
    metrics.indices.map { index in
      switch metrics[index].statistic {
      case .sum: return counts[index] > 0 ? sums[index] : .nan
      case .mean: return counts[index] > 0 ? sums[index] / Double(counts[index]) : .nan
      case .last: return lasts[index]
      }
    }
  }

  /// The statistics, as exact round-trip text (NaN when no month fell in a metric's year).
  public var values: [String] { numbers.map(\.description) }
}
