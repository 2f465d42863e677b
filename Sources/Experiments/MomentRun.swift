import CorridorModel
import Engine

/// Runs one economy in memory and returns summary metrics of its world series — the moments a
/// calibration compares with observed ones. `afterStep` sees the economy after every step
/// (spin-up included), for statistics beyond the world series. Nothing is written; the books
/// are checked every step as in any run.
public enum MomentRun {
  /// - Throws: ``RunFailure`` (named `runID`) when the model stops.
  public static func moments(
    of configuration: EconomyConfiguration, metrics: [SummaryMetric], threads: Int,
    runID: String = "in-memory run", afterStep: (CorridorEconomy) throws -> Void = { _ in }
  ) throws -> [Double] {
    let executor = ParallelExecutor(threadCount: threads)
    let economy = try CorridorEconomy(configuration, executor: executor)
    let outputs = try RunOutputs(economy: economy, directory: "", tables: [], summary: metrics)
    for _ in 0..<(economy.spinUpSteps + configuration.calendar.months) {
      economy.step(executor: executor)
      if let stop = economy.failure {
        throw RunFailure(runID: runID, stop: stop, parameters: configuration.parameters)
      }
      try outputs.record()
      try afterStep(economy)
    }
    return outputs.summary.numbers
  }
}
