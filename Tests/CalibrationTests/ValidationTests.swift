import Experiments
import Foundation
import Testing

@testable import Calibration

@Suite("Validation: pass/fail logic on fixtures")
struct ValidationTests {
  /// Facts of a replicate that reproduces every stylized fact.
  func goodFacts(shift: Double = 0) -> Validation.ReplicateFacts {
    var facts = Validation.ReplicateFacts()
    facts.cbecByYear = [5.5e12, 6.6e12, 7.7e12, 9.1e12, 10.4e12].map { $0 * (1 + shift) }
    facts.exportShare2017 = 0.80
    facts.exportShare2018 = 0.79
    facts.exportShareByYear = [0.84, 0.82, 0.80, 0.79, 0.77]
    facts.b2bShareByYear = [0.82, 0.80, 0.79, 0.77, 0.76]
    facts.onlineRetailShareByYear = [0.11, 0.13, 0.15, 0.18, 0.20]
    facts.laborShareFirst = 0.40
    facts.laborShareLast = 0.33
    facts.laborExportsGrowth = 0.02
    facts.highTechExportsGrowth = 0.08
    facts.gravityTraditional = -0.9
    facts.gravityEcommerce = -0.35
    facts.tailExponent = 1.05
    facts.exporterShare = 0.18
    facts.topDecileShare = 0.93
    facts.productivityRatio = 1.4
    facts.fraudShareOfB2C = 0.01
    facts.crossBorderFraudRate = 0.005
    facts.domesticOnlineFraudRate = 0.002
    facts.wageGrowth = 0.1
    return facts
  }

  func validation() throws -> Validation {
    Validation(
      config: try ExperimentConfig.parse(
        text: "name: v\ncalendar: {start: 2015-01, months: 96}\n", file: "v.yaml"), jobs: 1,
      threadsPerRun: 1)
  }

  @Test("A replicate set that matches every fact passes all checks")
  func allPass() throws {
    let checks = try validation().checks(
      [goodFacts(shift: -0.01), goodFacts(), goodFacts(shift: 0.01)], lastYear: 2022)
    #expect(checks.count == 27)
    let failed = checks.filter { !$0.passed }.map(\.id)
    #expect(failed.isEmpty, "\(failed)")
    let volume = checks.first { $0.id == "cbec_volume_2015" }!
    // Mean of 5.5 × (0.99, 1, 1.01) trillion, band between the replicates.
    #expect(abs(volume.mean - 5.5) < 1e-9 && volume.low > 5.445 && volume.high < 5.555)
    let markdown = Validation.markdown(checks, replicates: 3)
    #expect(markdown.contains("27 of 27 checks pass (3 replicates)."))
  }

  @Test("Each fact fails on its own when the simulation misses it")
  func eachFactFails() throws {
    let cases: [(String, (inout Validation.ReplicateFacts) -> Void)] = [
      ("cbec_volume_2017", { $0.cbecByYear[2] = 7.6e12 * 1.11 }),
      // A fall from 2016 to 2017 with both years within ±10 % of the observed levels.
      (
        "cbec_growth",
        {
          $0.cbecByYear[1] = 7.0e12
          $0.cbecByYear[2] = 6.95e12
        }
      ),
      ("cbec_export_share_2018", { $0.exportShare2018 = 0.86 }),
      ("cbec_export_share_trend", { $0.exportShareByYear = [0.78, 0.79, 0.80, 0.80, 0.81] }),
      ("cross_border_fraud_ratio", { $0.domesticOnlineFraudRate = 0.004 }),
      ("b2b_share_minimum", { $0.b2bShareByYear[4] = 0.69 }),
      ("china_online_retail_share_2018", { $0.onlineRetailShareByYear[3] = 0.184 * 1.16 }),
      ("b2b_share_trend", { $0.b2bShareByYear = [0.74, 0.75, 0.77, 0.78, 0.80] }),
      ("gravity_traditional", { $0.gravityTraditional = -0.5 }),
      ("gravity_ecommerce_ratio", { $0.gravityEcommerce = -0.8 }),
      ("firm_size_pareto_exponent", { $0.tailExponent = 1.5 }),
      ("exporter_share_of_firms", { $0.exporterShare = 0.4 }),
      ("top_decile_exporter_share", { $0.topDecileShare = 0.6 }),
      ("exporter_productivity_premium", { $0.productivityRatio = 0.9 }),
      ("fraud_loss_share_of_b2c_revenue", { $0.fraudShareOfB2C = 0.003 }),
      ("china_wage_growth", { $0.wageGrowth = 0.05 }),
      ("labor_intensive_export_share_ratio", { $0.laborShareLast = 0.39 }),  // falling, too little
      ("high_tech_growth_premium", { $0.highTechExportsGrowth = 0.01 }),
    ]
    let validation = try validation()
    for (id, perturb) in cases {
      var facts = goodFacts()
      perturb(&facts)
      let failed = validation.checks([facts, facts], lastYear: 2022).filter { !$0.passed }.map(\.id)
      #expect(failed == [id], "\(id): \(failed)")
    }
  }

  @Test("A calendar without 2015–2020 is refused with the key named")
  func calendarTooShort() throws {
    let short = Validation(
      config: try ExperimentConfig.parse(
        text: "name: v\ncalendar: {start: 2015-01, months: 36}\n", file: "v.yaml"), jobs: 1,
      threadsPerRun: 1)
    #expect(throws: ConfigError.self) { _ = try short.run() }
  }
}
