import Dispatch
import Engine
import Foundation
import Stochastic
import Synchronization
import Testing

@testable import CorridorModel

/// Every value the catalog documents either runs or is refused in one line naming the
/// parameters: no trap, no NaN, no books that fail.
@Suite("Parameter ranges: every documented value runs or is refused")
struct ParameterBoundsTests {
  /// What happened to one parameter setting.
  enum Outcome: Equatable {
    case ran
    case refused(String)
    case failed(String)
  }

  /// A small, short economy: the per-country floors of a 1 % scale, two calendar years after
  /// the spin-up the parameters ask for.
  static func run(_ parameters: ModelParameters) -> Outcome {
    do {
      try ParameterCatalog.checkConstraints(parameters, source: "test")
    } catch let error as ModelInputError {
      return .refused(error.message)
    } catch {
      return .failed("\(error)")
    }
    do {
      let configuration = EconomyConfiguration(
        calendar: ModelCalendar(months: 24), parameters: parameters,
        scale: ScaleSettings().scaled(by: 0.01), seed: 3)
      let economy = try CorridorEconomy(configuration)
      let executor = ParallelExecutor(threadCount: 1)
      try economy.runAll(executor: executor)
      let metrics = economy.metrics
      for value in metrics.flowValueCNY + metrics.meanTrust + metrics.taxRevenueCNY
      where !value.isFinite {
        return .failed("a non-finite metric after the run")
      }
      return .ran
    } catch {
      return .failed("\(error)")
    }
  }

  /// Runs `cases` on all cores (one single-threaded economy each), results in input order.
  static func runAll(_ cases: [ModelParameters]) -> [Outcome] {
    let results = Mutex([Outcome?](repeating: nil, count: cases.count))
    DispatchQueue.concurrentPerform(iterations: cases.count) { index in
      let outcome = run(cases[index])
      results.withLock { $0[index] = outcome }
    }
    return results.withLock { $0.map { $0! } }
  }

  @Test("Each parameter alone at its smallest, middle and largest allowed value")
  func eachParameterAtItsBoundsAndMidpoint() throws {
    var labels: [String] = []
    var cases: [ModelParameters] = []
    for spec in ParameterCatalog.all {
      let (low, high) = spec.extremes
      var values = [("low", low), ("high", high)]
      if case .boolean = spec.kind {
      } else {
        var middle = (low + high) / 2
        if case .integer = spec.kind { middle = middle.rounded(.down) }
        values.insert(("mid", middle), at: 1)
      }
      for (which, value) in values {
        var parameters = ModelParameters()
        try ParameterCatalog.set(spec.name, to: value, in: &parameters, source: "test")
        labels.append("\(spec.name) \(which) = \(value)")
        cases.append(parameters)
      }
    }
    let outcomes = Self.runAll(cases)
    var refused = 0
    for (label, outcome) in zip(labels, outcomes) {
      switch outcome {
      case .ran: break
      case .refused(let message):
        refused += 1
        // A refusal is one line naming every parameter of the constraint it breaks.
        #expect(!message.contains("\n"), "\(label)")
        let constraint = ParameterCatalog.constraints.first { message.contains($0.requirement) }
        #expect(constraint != nil, "\(label): \(message)")
        for name in constraint?.parameters ?? [] {
          #expect(message.contains("\(name) = "), "\(label): \(message)")
        }
      case .failed(let message):
        Issue.record("\(label) failed: \(message)")
      }
    }
    // The single-parameter refusals are the constraints' own: σ at its middle and top and k at
    // its bottom break k > σ − 1, each sector share at 1 breaks the sum ≤ 1, and households'
    // income share or tradables budget at 0 leave no final demand.
    #expect(refused == 7)
    #expect(outcomes.count == labels.count && labels.count > 3 * 100)
  }

  @Test("Every policy lever at the ends of its range, everywhere at once, runs cleanly")
  func leversAtTheirBounds() throws {
    var labels: [String] = []
    var outcomes: [Outcome] = []
    let results = Mutex([Int: Outcome]())
    let cases = PolicyLever.allCases.flatMap { lever in
      [lever.range.lowerBound, lever.range.upperBound].map { (lever, $0) }
    }
    DispatchQueue.concurrentPerform(iterations: cases.count) { index in
      let (lever, value) = cases[index]
      var configuration = EconomyConfiguration(
        calendar: ModelCalendar(months: 24), scale: ScaleSettings().scaled(by: 0.01), seed: 3)
      configuration.policy.rules.append(
        PolicyRule(
          lever: lever, countries: .all,
          partners: lever.needsPartners ? .countries(["CHN"]) : nil,
          schedule: .constant(value)))
      let outcome: Outcome
      do {
        let economy = try CorridorEconomy(configuration)
        try economy.runAll(executor: ParallelExecutor(threadCount: 1))
        outcome = .ran
      } catch {
        outcome = .failed("\(error)")
      }
      results.withLock { $0[index] = outcome }
    }
    for (index, (lever, value)) in cases.enumerated() {
      labels.append("\(lever.rawValue) = \(value)")
      outcomes.append(results.withLock { $0[index]! })
    }
    for (label, outcome) in zip(labels, outcomes) {
      #expect(outcome == .ran, "\(label): \(outcome)")
    }
    #expect(outcomes.count == 2 * PolicyLever.allCases.count)
  }

  @Test("Random points over all parameters at once run or are refused")
  func randomPoints() throws {
    let stream = RandomStream(seed: 2026, stream: StreamID("tests.parameter-corners"))
    var cases: [ModelParameters] = []
    for _ in 0..<40 {
      var parameters = ModelParameters()
      for spec in ParameterCatalog.all where spec.name != "accounting_tolerance" {
        let (low, high) = spec.extremes
        var value = low + (high - low) * stream.uniform()
        switch spec.kind {
        case .real: break
        case .integer: value = value.rounded()
        case .boolean: value = value < 0.5 ? 0 : 1
        }
        try ParameterCatalog.set(spec.name, to: value, in: &parameters, source: "test")
      }
      cases.append(parameters)
    }
    let outcomes = Self.runAll(cases)
    var ran = 0
    for (index, outcome) in outcomes.enumerated() {
      switch outcome {
      case .ran: ran += 1
      case .refused(let message): #expect(!message.contains("\n"))
      case .failed(let message):
        // The point's values, so that the failure can be rerun with `brisim run --set`.
        let values = ParameterCatalog.all.map { "\($0.name)=\($0.valueText(in: cases[index]))" }
        Issue.record(
          "point \(index) failed: \(message)\n\(values.joined(separator: " "))")
      }
    }
    // Roughly a quarter of uniform points satisfy both k > σ − 1 and the sector shares' sum.
    #expect(ran >= 5, "\(ran) of 40 points ran")
  }

  @Test("A box that crosses k = σ − 1 is found at its corner")
  func boxCrossingAConstraint() throws {
    let base = ModelParameters()
    let crossing = ParameterCatalog.firstViolation(
      in: ["productivity_pareto_shape": (2.5, 5), "elasticity_of_substitution": (3, 4)],
      base: base)
    let found = try #require(crossing)
    #expect(found.constraint.parameters.contains("productivity_pareto_shape"))
    #expect(found.corner.productivityParetoShape == 2.5)
    #expect(found.corner.elasticityOfSubstitution == 4)
    #expect(
      ParameterCatalog.firstViolation(
        in: ["productivity_pareto_shape": (3.1, 5), "elasticity_of_substitution": (3, 4)],
        base: base) == nil)
    // The box of one parameter is checked against the other's value in the base.
    var steep = base
    steep.elasticityOfSubstitution = 6
    #expect(
      ParameterCatalog.firstViolation(in: ["productivity_pareto_shape": (4, 8)], base: steep)?
        .corner.productivityParetoShape == 4)
  }
}
