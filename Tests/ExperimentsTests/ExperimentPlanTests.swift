import CorridorModel
import Foundation
import Stochastic
import Testing

@testable import Experiments

/// The repository's root folder (three levels above this file).
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

/// A config with a sweep section over `parameters` (YAML flow mappings), for plan tests.
private func sweepConfig(
  design: String, samples: Int?, replicates: Int = 1, parameters: [String], extra: String = ""
) throws -> ExperimentConfig {
  var text = "name: plan-test\nseed: 5\nscale: 0.01\ncalendar: {start: 2015-01, months: 12}\n"
  text += extra
  text += "sweep:\n  design: \(design)\n"
  if let samples { text += "  samples: \(samples)\n" }
  text += "  replicates: \(replicates)\n  parameters:\n"
  for parameter in parameters { text += "    \(parameter)\n" }
  return try ExperimentConfig.parse(text: text, file: "plan-test.yaml")
}

@Suite("Experiment configs and run plans")
struct ExperimentPlanTests {
  @Test("Every config in experiments/ and every YAML example of the README is valid")
  func shippedConfigsAreValid() throws {
    let folder = repositoryRoot.appendingPathComponent("experiments")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".yaml") }.sorted()
    #expect(files.count >= 10, "baseline, sweep-demo and the eight questions")
    for file in files {
      let config = try ExperimentConfig.load(path: folder.appendingPathComponent(file).path)
      #expect(config.name + ".yaml" == file, "\(file): name matches the file")
      #expect(!config.description.isEmpty, "\(file) says what it asks")
      let text = try String(
        contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
      #expect(text.hasPrefix("#"), "\(file) opens with a comment block")
    }
    let readme = try String(
      contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let blocks = readme.components(separatedBy: "```yaml\n").dropFirst()
      .map { $0.components(separatedBy: "```")[0] }
    #expect(!blocks.isEmpty)
    for block in blocks {
      _ = try ExperimentConfig.parse(text: block, file: "README.md")
    }
  }

  @Test("sweep-demo plans 48 runs with distinct ids and seeds, in plan order")
  func sweepDemoPlan() throws {
    let config = try ExperimentConfig.load(
      path: repositoryRoot.appendingPathComponent("experiments/sweep-demo.yaml").path)
    let plan = RunPlan(config)
    #expect(plan.runs.count == 48)
    #expect(Set(plan.runs.map(\.id)).count == 48)
    #expect(Set(plan.runs.map(\.seed)).count == 48)
    #expect(plan.runs.map(\.index) == Array(0..<48))
    #expect(plan.runs[4].id == "p0001-baseline-r01")
  }

  @Test("A grid is the full factorial of its axes, ranges including both ends")
  func gridDesign() throws {
    let config = try sweepConfig(
      design: "grid", samples: nil,
      parameters: [
        "wage_growth_china_per_year: {min: 0.04, max: 0.16, steps: 4}",
        "cross_border_fraud_probability: [0.01, 0.02, 0.05]",
      ])
    let points = RunPlan.points(config)
    #expect(points.count == 12)
    let wages = [0.04, 0.08, 0.12, 0.16]
    var expected: Set<[Double]> = []
    for wage in wages { for fraud in [0.01, 0.02, 0.05] { expected.insert([wage, fraud]) } }
    let rounded = Set(points.map { $0.map { ($0 * 1e12).rounded() / 1e12 } })
    #expect(rounded == expected)
    #expect(RunPlan(config).runs.count == RunPlan.runCount(config))
  }

  @Test("A Latin hypercube uses each of the n strata of every dimension exactly once")
  func latinHypercube() throws {
    let n = 40
    let config = try sweepConfig(
      design: "latin_hypercube", samples: n,
      parameters: [
        "wage_growth_china_per_year: {min: 0.04, max: 0.16}",
        "cross_border_fraud_probability: {min: 0.0, max: 0.1}",
        "security_reinvestment_share: {min: 0.1, max: 0.5}",
      ])
    let points = RunPlan.points(config)
    #expect(points.count == n)
    let ranges = [(0.04, 0.16), (0.0, 0.1), (0.1, 0.5)]
    for (dimension, (low, high)) in ranges.enumerated() {
      let strata = points.map { Int(($0[dimension] - low) / (high - low) * Double(n)) }
      #expect(strata.sorted() == Array(0..<n), "dimension \(dimension): one point per stratum")
    }
    // Independent permutations: the strata of two dimensions are not the same ordering.
    let first = points.map { Int(($0[0] - 0.04) / 0.12 * Double(n)) }
    let second = points.map { Int($0[1] / 0.1 * Double(n)) }
    #expect(first != second)
  }

  @Test("Sobol points are GSL's sequence mapped onto the ranges; random points are uniform")
  func sobolAndRandom() throws {
    let config = try sweepConfig(
      design: "sobol", samples: 64,
      parameters: [
        "wage_growth_china_per_year: {min: 0.04, max: 0.16}",
        "cross_border_fraud_probability: {min: 0.0, max: 0.1}",
      ])
    let points = RunPlan.points(config)
    let sequence = QuasiRandomSequence(kind: .sobol, dimension: 2)
    for point in points {
      let u = sequence.next()
      #expect(abs(point[0] - (0.04 + 0.12 * u[0])) < 1e-15)
      #expect(abs(point[1] - 0.1 * u[1]) < 1e-15)
    }
    // Space filling: each half of each axis holds half of the first 64 points.
    #expect(points.filter { $0[0] < 0.10 }.count == 32)
    #expect(points.filter { $0[1] < 0.05 }.count == 32)

    let samples = 4000
    let random = try sweepConfig(
      design: "random", samples: samples,
      parameters: ["wage_growth_china_per_year: {min: 0.0, max: 1.0}"])
    let values = RunPlan.points(random).map { $0[0] }
    let mean = values.reduce(0, +) / Double(samples)
    let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(samples - 1)
    // U(0, 1): mean 1/2 (standard error 0.0046), variance 1/12.
    #expect(abs(mean - 0.5) < 4 * (1 / 12.0).squareRoot() / Double(samples).squareRoot())
    #expect(abs(variance - 1 / 12.0) < 0.006)
    #expect(values.allSatisfy { $0 >= 0 && $0 < 1 })
  }

  @Test("Seeds depend on (seed, point, replicate): shared by scenarios, distinct otherwise")
  func seedsAndScenarios() throws {
    let config = try sweepConfig(
      design: "random", samples: 50, replicates: 4,
      parameters: ["wage_growth_china_per_year: {min: 0.04, max: 0.16}"],
      extra: """
        scenarios:
          - {name: dear, parameters: {cross_border_fraud_probability: 0.09}}

        """)
    let plan = RunPlan(config)
    #expect(plan.runs.count == 50 * 2 * 4)
    #expect(Set(plan.runs.map(\.seed)).count == 200)
    for run in plan.runs where run.scenario == "dear" {
      let twin = plan.runs.first {
        $0.scenario == "baseline" && $0.point == run.point && $0.replicate == run.replicate
      }!
      #expect(twin.seed == run.seed && twin.values == run.values)
    }
    let again = RunPlan(
      try sweepConfig(
        design: "random", samples: 50, replicates: 4,
        parameters: ["wage_growth_china_per_year: {min: 0.04, max: 0.16}"],
        extra: """
          scenarios:
            - {name: dear, parameters: {cross_border_fraud_probability: 0.09}}

          """))
    #expect(again.runs == plan.runs, "the plan is a function of the config")
  }

  @Test("Shards are disjoint, cover the plan and differ in size by at most one run")
  func shardsBalance() throws {
    let config = try sweepConfig(
      design: "random", samples: 37, replicates: 3,
      parameters: ["wage_growth_china_per_year: {min: 0.04, max: 0.16}"])
    let plan = RunPlan(config)
    for count in 1...9 {
      let shards = (1...count).map { k in
        plan.runs.filter { Shard(index: k, count: count).contains($0) }
      }
      let sizes = shards.map(\.count)
      #expect(sizes.reduce(0, +) == plan.runs.count)
      #expect(sizes.max()! - sizes.min()! <= 1)
      #expect(Set(shards.flatMap { $0.map(\.index) }).count == plan.runs.count)
    }
    #expect(Shard("3/8") == Shard(index: 3, count: 8))
    #expect(Shard("0/8") == nil && Shard("9/8") == nil && Shard("a/b") == nil && Shard("3") == nil)
  }

  @Test("A run's economy: config, then scenario, then the swept values, on top of defaults")
  func economyOfARun() throws {
    let config = try sweepConfig(
      design: "grid", samples: nil,
      parameters: [
        "cross_border_fraud_probability: [0.01, 0.07]",
        "policies.floor.value: [0.4, 0.9]",
      ],
      extra: """
        parameters: {cross_border_fraud_probability: 0.05, security_reinvestment_share: 0.3}
        policies:
          - id: floor
            lever: payment_security_floor
            countries: [KAZ]
            schedule:
              - {step: 2015-06, value: 0.2}
              - {ramp: [2015-07, 2015-10], to: 0.5}
        scenarios:
          - {name: thrifty, parameters: {security_reinvestment_share: 0.1}}

        """)
    let plan = RunPlan(config)
    #expect(plan.runs.count == 4 * 2)
    let run = plan.runs.first { $0.scenario == "thrifty" && $0.values == [0.07, 0.9] }!
    let economy = try config.economyConfiguration(for: run, dimensionNames: plan.dimensionNames)
    let defaults = ModelParameters()
    #expect(economy.parameters.crossBorderFraudProbability == 0.07, "the sweep wins")
    #expect(
      economy.parameters.securityReinvestmentShare == 0.1, "the scenario overrides the config")
    #expect(economy.parameters.wageGrowthChinaPerYear == defaults.wageGrowthChinaPerYear)
    #expect(economy.seed == run.seed)
    let baseline = PolicyPlan.baseline(calendar: config.calendar)
    #expect(economy.policy.rules.count == baseline.rules.count + 1)
    let floor = economy.policy.rules.last!
    #expect(floor.lever == .paymentSecurityFloor)
    // Both segments of the schedule take the swept value: 0.9 from June, ramping to 0.9.
    #expect(floor.schedule.value(atMonth: 4, base: 0) == 0)
    #expect(floor.schedule.value(atMonth: 5, base: 0) == 0.9)
    #expect(floor.schedule.value(atMonth: 11, base: 0) == 0.9)
    let base = plan.runs.first { $0.scenario == "baseline" && $0.values == [0.01, 0.4] }!
    let baseEconomy = try config.economyConfiguration(
      for: base, dimensionNames: plan.dimensionNames)
    #expect(baseEconomy.parameters.securityReinvestmentShare == 0.3)
    #expect(baseEconomy.policy.rules.last!.schedule.value(atMonth: 5, base: 0) == 0.4)
  }

  @Test(
    "agent_scale multiplies one kind's counts and floors on top of scale; scale alone is as before"
  )
  func agentScales() throws {
    let config = try ExperimentConfig.parse(
      text: "name: kinds\nscale: 0.5\nagent_scale: {firms: 0.2, consumers: 4}\n",
      file: "kinds.yaml")
    let run = RunPlan(config).runs[0]
    let scale = try config.economyConfiguration(for: run, dimensionNames: []).scale
    let defaults = ScaleSettings()
    // Firms at 0.5 × 0.2 = 0.1 of the default, their floor shrunk to max(2, 8 × 0.1); consumers
    // at 0.5 × 4 = 2 (floor kept: a kind scaled up keeps its floor); importers at 0.5.
    #expect(scale.firms == 2_000 && scale.minimumFirmsPerCountrySector == 2)
    #expect(scale.consumers == 400_000 && scale.minimumConsumersPerCountry == 300)
    #expect(scale.importers == 7_500 && scale.minimumImportersPerCountrySector == 2)
    // scale alone: every kind and floor by the one factor, as before the per-kind multipliers.
    let plain = defaults.scaled(by: 0.25)
    #expect(plain.consumers == 50_000 && plain.firms == 5_000 && plain.importers == 3_750)
    #expect(
      plain.minimumConsumersPerCountry == 75 && plain.minimumFirmsPerCountrySector == 2
        && plain.minimumImportersPerCountrySector == 1)
    #expect(defaults.scaled(by: 3) == defaults.scaled(by: AgentScales().times(3)))
    #expect(defaults.scaled(by: 1) == defaults)
  }
}
