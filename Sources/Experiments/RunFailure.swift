import CorridorModel

/// A run the model stopped (a quantity became NaN or infinite, or the books did not balance):
/// a model failure, distinct from bad input. Its description is the one line the command line
/// prints: `run p0003-baseline-r01, month 2019-07: unit costs (CNY per unit) became NaN
/// (parameters that differ from the defaults: congestion_cost_elasticity=20.0)`.
public struct RunFailure: Error, CustomStringConvertible, Sendable {
  /// The run's id (its folder name).
  public let runID: String
  /// What stopped the model, and when.
  public let stop: any ModelStop
  /// `name=value` of every parameter that differs from its default, in catalog order, then
  /// the run's swept policy values (`policies.<id>.value=…`).
  public let changedParameters: [String]

  public init(
    runID: String, stop: any ModelStop, parameters: ModelParameters, sweptPolicies: [String] = []
  ) {
    self.runID = runID
    self.stop = stop
    changedParameters =
      ParameterCatalog.differences(parameters, from: ModelParameters()) + sweptPolicies
  }

  public var description: String {
    let changed = changedParameters.isEmpty ? "none" : changedParameters.joined(separator: ", ")
    return
      "run \(runID), \(stop.when): \(stop.problem) (parameters that differ from the defaults: \(changed))"
  }
}
