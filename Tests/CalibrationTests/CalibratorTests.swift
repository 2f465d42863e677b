import CorridorModel
import Experiments
import Foundation
import Testing

@testable import Calibration

/// A small economy for calibration tests: 5 % scale, 2015–2016 after a 6-month spin-up.
let smallExperiment = """
  name: calibration-test
  seed: 17
  scale: 0.05
  calendar: {start: 2015-01, months: 24}
  parameters: {spin_up_months: 6}
  outputs: {tables: []}
  """

@Suite("Calibration (method of simulated moments)")
struct CalibratorTests {
  func problem(observed: [Double]) throws -> CalibrationProblem {
    let experiment = try ExperimentConfig.parse(text: smallExperiment, file: "test.yaml")
    return CalibrationProblem(
      experiment: experiment,
      parameters: [
        .init(name: "home_bias_weight", low: 2, high: 20),
        .init(name: "online_unfamiliarity_cost", low: 1, high: 5),
      ],
      // China's total trade identifies businesses' home bias (their imports), the online share
      // of China's retail sales the cost of unfamiliarity with online shopping.
      targets: [
        .init(
          metric: .init(column: "china_total_trade_cny", statistic: .sum, year: 2016),
          observed: observed[0]
        ),
        .init(
          metric: .init(column: "china_online_retail_share", statistic: .mean, year: 2016),
          observed: observed[1]
        ),
      ], replicates: 2)
  }

  @Test("The objective is the weighted squared relative deviation of the replicate means")
  func objective() throws {
    let p = try problem(observed: [100, 0])
    // (110 − 100)/100 = 0.1 → 0.01; observed 0 uses the absolute deviation: 0.5² = 0.25.
    #expect(abs(p.objective(meanMoments: [110, 0.5]) - 0.26) < 1e-12)
    #expect(p.objective(meanMoments: [.nan, 0]) == .infinity)
    // Common random numbers: replicate seeds do not depend on the candidate.
    let a = try p.economy(values: [7, 2], replicate: 1)
    let b = try p.economy(values: [5, 4], replicate: 1)
    #expect(a.seed == b.seed)
    #expect(a.seed != (try p.economy(values: [7, 2], replicate: 0)).seed)
    #expect(
      a.parameters.homeBiasWeight == 7 && b.parameters.onlineUnfamiliarityCost == 4)
  }

  @Test("Recovers known parameters from moments the model itself generated (synthetic truth)")
  func syntheticTruth() throws {
    let truth: [Double] = [8, 3]
    // The "observed" moments: the model's own at the true parameters, same seeds.
    let generator = try problem(observed: [1, 1])
    let observed = try Calibrator(problem: generator, jobs: 2, threadsPerRun: 1)
      .evaluate(truth, phase: "truth").meanMoments
    #expect(observed.allSatisfy { $0 > 0 })
    let fitted = try problem(observed: observed)
    var logged: [CalibrationEvaluation] = []
    let outcome = try Calibrator(problem: fitted, jobs: 2, threadsPerRun: 1) { logged.append($0) }
      .run(designPoints: 8, starts: 1, maxEvaluationsPerStart: 60, tolerance: 1e-4)
    // Within 5 % of each parameter's range of the truth, and a near-zero objective.
    for (i, parameter) in fitted.parameters.enumerated() {
      let tolerance = 0.05 * (parameter.high - parameter.low)
      #expect(
        abs(outcome.best.values[i] - truth[i]) < tolerance,
        "\(parameter.name): \(outcome.best.values[i])")
    }
    #expect(outcome.best.objective < 1e-3)
    #expect(outcome.incumbent == nil)
    // Every evaluation is logged once, in order; the design comes first.
    #expect(logged.map(\.index) == Array(0..<outcome.evaluations))
    #expect(logged.prefix(8).allSatisfy { $0.phase == "design" })
    #expect(logged.dropFirst(8).allSatisfy { $0.phase == "start 1" })
    // Every candidate stayed inside the bounds.
    for evaluation in logged {
      for (value, parameter) in zip(evaluation.values, fitted.parameters) {
        #expect(value >= parameter.low && value <= parameter.high)
      }
    }
  }

  @Test(
    "A recalibration starts from the current values: evaluated first, ranked with the design, never beaten by a worse end"
  )
  func incumbent() throws {
    let truth: [Double] = [8, 3]
    let generator = try problem(observed: [1, 1])
    let observed = try Calibrator(problem: generator, jobs: 2, threadsPerRun: 1)
      .evaluate(truth, phase: "truth").meanMoments
    let fitted = try problem(observed: observed)
    // The experiment sets neither parameter: its current values are the model's defaults
    // (within bounds wide enough to hold them).
    let defaults = ModelParameters()
    var wide = fitted
    wide.parameters[0] = .init(name: "home_bias_weight", low: 0.1, high: 50)
    wide.parameters[1] = .init(name: "online_unfamiliarity_cost", low: 0, high: 10)
    #expect(
      try wide.currentValues() == [defaults.homeBiasWeight, defaults.onlineUnfamiliarityCost])
    // A free parameter whose current value lies outside its bounds has no incumbent.
    var outside = wide
    outside.parameters[0] = .init(name: "home_bias_weight", low: 50, high: 60)
    #expect(try outside.currentValues() == nil)
    // With the truth as the incumbent and a search too short to reach it from the design, the
    // truth is evaluated first, starts the search and stays the best.
    var logged: [CalibrationEvaluation] = []
    let outcome = try Calibrator(problem: fitted, jobs: 2, threadsPerRun: 1) { logged.append($0) }
      .run(designPoints: 4, starts: 1, maxEvaluationsPerStart: 3, incumbent: truth)
    #expect(logged.first?.phase == "current" && logged.first?.values == truth)
    #expect(outcome.incumbent?.objective == logged.first?.objective)
    #expect(outcome.best.objective <= logged.first!.objective)
    #expect(outcome.best.objective < 1e-9, "the truth reproduces its own moments exactly")
    #expect(logged.dropFirst().prefix(4).allSatisfy { $0.phase == "design" })
  }
}
