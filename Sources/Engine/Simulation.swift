/// A model the engine can step: a schedule of phases plus a step counter.
///
/// As in Agents.jl, data collection is kept apart from the model: ``run(steps:executor:timings:collectors:)``
/// hands the model to each ``StepCollector`` after every step, and collectors stream rows to
/// their tables, so no history accumulates in memory.
public protocol SimulationModel: AnyObject {
  /// Advances the model by one step.
  func step(executor: ParallelExecutor, timings: PhaseTimings?)
  /// Steps taken so far (1 after the first step).
  var stepsTaken: Int { get }
}

extension SimulationModel {
  /// Advances `steps` steps; after each, every collector whose interval divides the step
  /// count appends its rows. Collectors are finished (their tables renamed into place) only
  /// after the last step; if a step or a collector throws, the tables are discarded.
  public func run(
    steps: Int, executor: ParallelExecutor, timings: PhaseTimings? = nil,
    collectors: [StepCollector<Self>] = []
  ) throws {
    do {
      for _ in 0..<steps {
        step(executor: executor, timings: timings)
        for collector in collectors { try collector.observe(self, step: stepsTaken) }
      }
      for collector in collectors { try collector.finish() }
    } catch {
      for collector in collectors { collector.discard() }
      throw error
    }
  }
}

/// Streams one table of per-step observations of a model (the data-collection hook).
///
/// Every `interval` steps it calls `rows(model, step, table)`, which appends any number of
/// complete rows to the table (one per entity, in tidy form).
public final class StepCollector<Model> {
  /// The table rows go to.
  public let table: CSVTableWriter
  /// Collect every this many steps.
  public let interval: Int
  private let rows: (_ model: Model, _ step: Int, _ table: CSVTableWriter) throws -> Void

  /// A collector writing to `table` every `interval` steps.
  public init(
    table: CSVTableWriter, every interval: Int = 1,
    rows: @escaping (_ model: Model, _ step: Int, _ table: CSVTableWriter) throws -> Void
  ) {
    precondition(interval >= 1, "collection interval must be at least 1 step")
    self.table = table
    self.interval = interval
    self.rows = rows
  }

  /// Appends the rows for `step` if it falls on the interval.
  public func observe(_ model: Model, step: Int) throws {
    guard step % interval == 0 else { return }
    try rows(model, step, table)
  }

  /// Completes the table (atomic rename into place).
  public func finish() throws { try table.finish() }

  /// Abandons the table; nothing is left at its path.
  public func discard() { table.discard() }
}
