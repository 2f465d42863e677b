import CorridorModel
import Engine
import Experiments
import Foundation
import ObservedData
import Stochastic

/// One stylized fact checked against the simulation.
public struct ValidationCheck: Sendable {
  /// Short identifier (`cbec_volume_2017`).
  public let id: String
  public let description: String
  /// The observed value or range, as text.
  public let observed: String
  /// The simulated statistic: mean across replicates and its 5th–95th percentile band.
  public let mean: Double
  public let low: Double
  public let high: Double
  /// The pass rule, as text.
  public let rule: String
  public let passed: Bool
  /// Why a fact cannot be computed, or what to read into a failure.
  public let note: String
}

/// `brisim validate`: runs the baseline with replicates and checks it against the stylized
/// facts of the issue list (Sources/ObservedData/Resources/stylized_facts.csv), reporting a
/// failure — never hiding it — when the model does not reproduce a fact or cannot produce it.
public struct Validation: Sendable {
  public let config: ExperimentConfig
  public let jobs: Int
  public let threadsPerRun: Int

  public init(config: ExperimentConfig, jobs: Int, threadsPerRun: Int) {
    self.config = config
    self.jobs = max(1, jobs)
    self.threadsPerRun = max(1, threadsPerRun)
  }

  /// The years the volume facts cover; the config's calendar must include them.
  static let years = 2015...2019

  /// What one replicate yields.
  struct ReplicateFacts {
    var cbecByYear: [Double] = []
    var exportShare2017 = 0.0
    var exportShare2018 = 0.0
    var exportShareByYear: [Double] = []
    var b2bShareByYear: [Double] = []
    /// China's online share of retail sales (households' tradables budget) by year 2015–2019.
    var onlineRetailShareByYear: [Double] = []
    var laborShareFirst = 0.0
    var laborShareLast = 0.0
    var laborExportsGrowth = 0.0
    var highTechExportsGrowth = 0.0
    var gravityTraditional = Double.nan
    var gravityEcommerce = Double.nan
    var tailExponent = Double.nan
    var exporterShare = 0.0
    var topDecileShare = 0.0
    var productivityRatio = 0.0
    var fraudShareOfB2C = 0.0
    /// Fraud orders over orders 2015–2019: cross-border B2C and domestic online.
    var crossBorderFraudRate = 0.0
    var domesticOnlineFraudRate = 0.0
    var wageGrowth = 0.0
  }

  /// Runs every replicate and returns the checks, in the order of the issue's list.
  public func run() throws -> [ValidationCheck] {
    let first = config.calendar.yearMonth(ofStep: 0)
    let last = config.calendar.yearMonth(ofStep: config.calendar.months - 1)
    guard first.year <= Self.years.lowerBound, first.month == 1,
      last.year >= Self.years.upperBound + 1, last.month == 12
    else {
      throw ConfigError(
        file: config.file, key: "calendar",
        message:
          "validation needs whole years from 2015 through at least 2020 (the facts cover 2015–2019 and the trends need a later year)"
      )
    }
    let validation = self
    let facts = try concurrentResults(count: config.replicates, workers: jobs) {
      try validation.replicate($0)
    }.map { try $0.get() }
    return checks(facts, lastYear: last.year)
  }

  /// One replicate, in memory: world-series statistics, flows of 2019, firm facts at 2019-12.
  func replicate(_ r: Int) throws -> ReplicateFacts {
    let run = RunSpec(
      index: r, id: "validation-r\(r)", point: 0, scenario: config.scenarios[0].name,
      replicate: r, seed: SeedDerivation.derive(config.seed, 0, UInt64(r)), values: [])
    let configuration = try config.economyConfiguration(for: run, dimensionNames: [])
    let firstYear = config.calendar.yearMonth(ofStep: 0).year
    let lastYear = config.calendar.yearMonth(ofStep: config.calendar.months - 1).year
    var metrics: [SummaryMetric] = []
    for year in Self.years {
      metrics.append(.init(column: "china_cbec_cny", statistic: .sum, year: year))
      metrics.append(.init(column: "b2b_share", statistic: .mean, year: year))
      metrics.append(.init(column: "cbec_export_share", statistic: .mean, year: year))
    }
    let labor = "china_labor_intensive_share_of_manufactured_exports"
    metrics += [
      .init(column: "cbec_export_share", statistic: .mean, year: 2017),
      .init(column: "cbec_export_share", statistic: .mean, year: 2018),
      .init(column: labor, statistic: .mean, year: firstYear),
      .init(column: labor, statistic: .mean, year: lastYear),
      .init(column: "china_exports_labor_intensive_cny", statistic: .sum, year: firstYear),
      .init(column: "china_exports_labor_intensive_cny", statistic: .sum, year: lastYear),
      .init(column: "china_exports_high_tech_cny", statistic: .sum, year: firstYear),
      .init(column: "china_exports_high_tech_cny", statistic: .sum, year: lastYear),
    ]
    let n = configuration.world.count
    var flows2019: [Double] = []
    var distances: [Double] = []
    var b2cRevenue = 0.0
    var b2cFraud = 0.0
    var crossBorderOrders = 0.0
    var crossBorderFraudOrders = 0.0
    var domesticOrders = 0.0
    var domesticFraudOrders = 0.0
    var facts = ReplicateFacts()
    var onlineSpend = [Double](repeating: 0, count: Self.years.count)
    var tradablesBudget = [Double](repeating: 0, count: Self.years.count)
    var firstWage = 0.0
    var lastWage = 0.0
    let values = try MomentRun.moments(
      of: configuration, metrics: metrics, threads: threadsPerRun
    ) { economy in
      guard !economy.isSpinningUp else { return }
      let month = economy.calendarMonth
      let (year, monthOfYear) = economy.calendar.yearMonth(ofStep: month)
      let m = economy.metrics
      let china = economy.world.chinaIndex
      if month == 0 {
        firstWage = m.wageCNY[china]
        distances = economy.distancesKm.values
        flows2019 = [Double](repeating: 0, count: m.flowValueCNY.count)
      }
      lastWage = m.wageCNY[china]
      if Self.years.contains(year) {
        let yearIndex = year - Self.years.lowerBound
        onlineSpend[yearIndex] += m.onlineRetailSpendCNY[china]
        tradablesBudget[yearIndex] += m.householdTradablesBudgetCNY[china]
        b2cRevenue += GravityRegression.pairFlows(
          m.flowValueCNY, countryCount: n, channels: [.b2cPlatform]
        ).reduce(0, +)
        b2cFraud += m.fraudLossCNY.reduce(0, +) - m.b2bFraudLossCNY.reduce(0, +)
        crossBorderOrders += m.crossBorderOrders.reduce(0, +)
        crossBorderFraudOrders += m.fraudOrders.reduce(0, +)
        domesticOrders += m.domesticOnlineOrders.reduce(0, +)
        domesticFraudOrders += m.domesticOnlineFraudOrders.reduce(0, +)
      }
      if year == 2019 {
        for index in flows2019.indices { flows2019[index] += m.flowValueCNY[index] }
        if monthOfYear == 12 { firmFacts(economy, into: &facts) }
      }
    }
    for (index, _) in Self.years.enumerated() {
      facts.cbecByYear.append(values[3 * index])
      facts.b2bShareByYear.append(values[3 * index + 1])
      facts.exportShareByYear.append(values[3 * index + 2])
      facts.onlineRetailShareByYear.append(onlineSpend[index] / tradablesBudget[index])
    }
    let base = 3 * Self.years.count
    facts.exportShare2017 = values[base]
    facts.exportShare2018 = values[base + 1]
    facts.laborShareFirst = values[base + 2]
    facts.laborShareLast = values[base + 3]
    let span = Double(lastYear - firstYear)
    facts.laborExportsGrowth = pow(values[base + 5] / values[base + 4], 1 / span) - 1
    facts.highTechExportsGrowth = pow(values[base + 7] / values[base + 6], 1 / span) - 1
    facts.gravityTraditional =
      GravityRegression.estimate(
        flows: GravityRegression.pairFlows(flows2019, countryCount: n, channels: [.traditional]),
        distancesKm: distances, countryCount: n)?.distanceElasticity ?? .nan
    facts.gravityEcommerce =
      GravityRegression.estimate(
        flows: GravityRegression.pairFlows(
          flows2019, countryCount: n, channels: [.b2bPlatform, .b2cPlatform]),
        distancesKm: distances, countryCount: n)?.distanceElasticity ?? .nan
    facts.fraudShareOfB2C = b2cRevenue > 0 ? b2cFraud / b2cRevenue : .nan
    facts.crossBorderFraudRate =
      crossBorderOrders > 0 ? crossBorderFraudOrders / crossBorderOrders : .nan
    facts.domesticOnlineFraudRate = domesticOrders > 0 ? domesticFraudOrders / domesticOrders : .nan
    let years = Double(config.calendar.months) / 12
    facts.wageGrowth = pow(lastWage / firstWage, 1 / (years - 1.0 / 12)) - 1
    return facts
  }

  /// Firm facts at one month: exporters among firms of the exporting sectors (labor-intensive
  /// and high-tech), concentration of exports, productivity of exporters, and the upper tail
  /// of firm sizes (monthly revenue per real firm), all over real firms.
  func firmFacts(_ economy: CorridorEconomy, into facts: inout ReplicateFacts) {
    let firms = economy.firms
    let exportingSectors: Set<UInt8> = [
      UInt8(Sector.laborIntensive.rawValue), UInt8(Sector.highTech.rawValue),
    ]
    var weightAll = 0.0
    var weightExporters = 0.0
    var exportTotals: [Double] = []
    var exportWeights: [Double] = []
    var sizes: [Double] = []
    var sizeWeights: [Double] = []
    var productivityExporters = 0.0
    var productivityOthers = 0.0
    var weightOthers = 0.0
    for f in 0..<firms.count {
      let weight = firms.weightFirms[f]
      let exports = firms.exportRevenue(f)
      let revenue = exports + firms.domesticRevenue[f]
      if revenue > 0 {
        sizes.append(revenue)
        sizeWeights.append(weight)
      }
      guard exportingSectors.contains(firms.sector[f]), revenue > 0 else { continue }
      weightAll += weight
      if exports > 0 {
        weightExporters += weight
        exportTotals.append(exports)
        exportWeights.append(weight)
        productivityExporters += weight * log(firms.productivity[f])
      } else {
        weightOthers += weight
        productivityOthers += weight * log(firms.productivity[f])
      }
    }
    facts.exporterShare = weightAll > 0 ? weightExporters / weightAll : .nan
    facts.topDecileShare = FactStatistics.topShare(
      totals: exportTotals, weights: exportWeights, topShare: 0.1)
    facts.productivityRatio =
      weightExporters > 0 && weightOthers > 0
      ? exp(productivityExporters / weightExporters - productivityOthers / weightOthers) : .nan
    facts.tailExponent =
      FactStatistics.paretoTailExponent(totals: sizes, weights: sizeWeights) ?? .nan
  }

  /// The checks, from every replicate's facts.
  func checks(_ facts: [ReplicateFacts], lastYear: Int) -> [ValidationCheck] {
    func check(
      _ id: String, _ description: String, observed: String, values: [Double], rule: String,
      note: String = "", passes: (Double) -> Bool
    ) -> ValidationCheck {
      let band = ReplicateBand(values)
      return ValidationCheck(
        id: id, description: description, observed: observed, mean: band.mean, low: band.low,
        high: band.high, rule: rule, passed: band.mean.isFinite && passes(band.mean), note: note)
    }
    func fact(_ id: String) -> ObservedFact { ObservedFacts.fact(id)! }
    var checks: [ValidationCheck] = []
    // 1. Volume 2015–2019 within ±10 % each year; growth positive each year.
    for (index, year) in Self.years.enumerated() {
      let observed = fact("cbec_volume_\(year)").observed
      checks.append(
        check(
          "cbec_volume_\(year)", "China's CBEC volume \(year), trillion CNY",
          observed: "\(observed)", values: facts.map { $0.cbecByYear[index] / 1e12 },
          rule: "within ±10 % of \(observed)"
        ) { abs($0 / observed - 1) <= 0.10 })
    }
    let growth = facts.map { replicate in
      zip(replicate.cbecByYear.dropFirst(), replicate.cbecByYear).map { $0 / $1 - 1 }.min()!
    }
    checks.append(
      check(
        "cbec_growth", "Smallest yearly growth of CBEC 2015–2019", observed: "positive every year",
        values: growth, rule: "> 0"
      ) { $0 > 0 })
    // 2. Export share in the observed range; B2B share > 70 % and falling slowly.
    let exportFact = fact("cbec_export_share_2017")
    for (year, keyPath) in [(2017, \ReplicateFacts.exportShare2017), (2018, \.exportShare2018)] {
      checks.append(
        check(
          "cbec_export_share_\(year)", "Exports' share of CBEC \(year)",
          observed: "\(exportFact.low)–\(exportFact.high)",
          values: facts.map { $0[keyPath: keyPath] },
          rule: "within \(exportFact.low)–\(exportFact.high)"
        ) {
          $0 >= exportFact.low - 1e-12 && $0 <= exportFact.high + 1e-12
        })
    }
    checks.append(
      check(
        "cbec_export_share_trend",
        "Change of exports' share of CBEC per year 2015–2019 (China's CBEC imports growing faster)",
        observed: "falling (the source paper: it decreased year by year)",
        values: facts.map { ($0.exportShareByYear.last! - $0.exportShareByYear.first!) / 4 },
        rule: "< 0"
      ) { $0 < 0 })
    checks.append(
      check(
        "b2b_share_minimum", "Lowest yearly B2B share 2015–2019",
        observed: "> 0.70 (0.786 in 2016)",
        values: facts.map { $0.b2bShareByYear.min()! }, rule: "> 0.70"
      ) { $0 > 0.70 })
    checks.append(
      check(
        "b2b_share_trend", "Change of the B2B share per year 2015–2019 (B2C rising = B2B falling)",
        observed: "falling slowly",
        values: facts.map { ($0.b2bShareByYear.last! - $0.b2bShareByYear.first!) / 4 },
        rule: "between −0.05 and 0 per year"
      ) { $0 < 0 && $0 >= -0.05 })
    // China's online share of retail sales, each year within ±15 % of the NBS figure.
    for (index, year) in Self.years.enumerated() {
      let observed = fact("china_online_retail_share_\(year)").observed
      checks.append(
        check(
          "china_online_retail_share_\(year)",
          "Online share of China's retail sales \(year) (households' tradables)",
          observed: "\(observed)", values: facts.map { $0.onlineRetailShareByYear[index] },
          rule: "within ±15 % of \(observed)"
        ) { abs($0 / observed - 1) <= 0.15 })
    }
    // 3. Gravity.
    let gravity = fact("gravity_distance_elasticity")
    checks.append(
      check(
        "gravity_traditional", "Distance elasticity of traditional trade (2019, fixed effects)",
        observed: "\(gravity.low) to \(gravity.high)", values: facts.map(\.gravityTraditional),
        rule: "within \(gravity.low)…\(gravity.high)"
      ) {
        $0 >= gravity.low && $0 <= gravity.high
      })
    checks.append(
      check(
        "gravity_ecommerce_ratio",
        "E-commerce distance elasticity relative to traditional trade (2019)",
        observed: "about 0.35 (65 % smaller, Lendle et al. 2016)",
        values: facts.map { $0.gravityEcommerce / $0.gravityTraditional },
        rule: "≤ 0.75 (clearly flatter)"
      ) { $0 <= 0.75 })
    // 4. Firm sizes.
    let tail = fact("firm_size_pareto_exponent")
    checks.append(
      check(
        "firm_size_pareto_exponent",
        "Upper-tail exponent of firm sizes (revenue, top 10 %, 2019-12)",
        observed: "\(tail.observed) ± 0.2", values: facts.map(\.tailExponent),
        rule: "within \(tail.low)…\(tail.high)"
      ) { $0 >= tail.low && $0 <= tail.high })
    // 5. Exporters.
    let exporters = fact("exporter_share_of_firms")
    checks.append(
      check(
        "exporter_share_of_firms", "Share of firms in exporting sectors that export (2019-12)",
        observed: "\(exporters.low)–\(exporters.high)", values: facts.map(\.exporterShare),
        rule: "within \(exporters.low)–\(exporters.high)"
      ) {
        $0 >= exporters.low && $0 <= exporters.high
      })
    checks.append(
      check(
        "top_decile_exporter_share", "Export value shipped by the top 10 % of exporters (2019-12)",
        observed: "0.96 (≥ 0.85)", values: facts.map(\.topDecileShare), rule: "≥ 0.85"
      ) {
        $0 >= 0.85
      })
    checks.append(
      check(
        "exporter_productivity_premium",
        "Geometric-mean productivity of exporters over non-exporters (2019-12)",
        observed: "> 1 (exporters more productive)", values: facts.map(\.productivityRatio),
        rule: "> 1"
      ) { $0 > 1 })
    // 6. Fraud.
    let fraud = fact("fraud_loss_share_of_b2c_revenue")
    checks.append(
      check(
        "fraud_loss_share_of_b2c_revenue",
        "B2C fraud losses over cross-border B2C revenue 2015–2019",
        observed: "\(fraud.low)–\(fraud.high)", values: facts.map(\.fraudShareOfB2C),
        rule: "within \(fraud.low)–\(fraud.high)"
      ) { $0 >= fraud.low && $0 <= fraud.high })
    let fraudRatio = fact("cross_border_fraud_ratio")
    checks.append(
      check(
        "cross_border_fraud_ratio",
        "Fraud rate of cross-border B2C orders over domestic online orders 2015–2019",
        observed: "\(fraudRatio.observed) (\(fraudRatio.low)–\(fraudRatio.high))",
        values: facts.map { $0.crossBorderFraudRate / $0.domesticOnlineFraudRate },
        rule: "within \(fraudRatio.low)–\(fraudRatio.high)"
      ) { $0 >= fraudRatio.low && $0 <= fraudRatio.high })
    // 7. Wages and the export mix.
    let wages = fact("china_wage_growth")
    checks.append(
      check(
        "china_wage_growth", "China's wage growth per year, 2015 to \(lastYear)",
        observed: "\(wages.observed) (\(wages.low)–\(wages.high))", values: facts.map(\.wageGrowth),
        rule: "within \(wages.low)–\(wages.high)"
      ) { $0 >= wages.low && $0 <= wages.high })
    let laborShare = fact("labor_intensive_export_share_ratio_2022")
    checks.append(
      check(
        "labor_intensive_export_share_ratio",
        "Labor-intensive share of China's manufactured exports in \(lastYear) over 2015 (observed: 2022)",
        observed: "\(laborShare.observed) (\(laborShare.low)–\(laborShare.high))",
        values: facts.map { $0.laborShareLast / $0.laborShareFirst },
        rule: "within \(laborShare.low)–\(laborShare.high)"
      ) { $0 >= laborShare.low && $0 <= laborShare.high })
    checks.append(
      check(
        "high_tech_growth_premium",
        "Yearly export growth of high-tech minus labor-intensive goods, 2015 to \(lastYear)",
        observed: "high-tech faster",
        values: facts.map { $0.highTechExportsGrowth - $0.laborExportsGrowth }, rule: "> 0"
      ) {
        $0 > 0
      })
    return checks
  }

  /// The checks as a Markdown table.
  public static func markdown(_ checks: [ValidationCheck], replicates: Int) -> String {
    func number(_ value: Double) -> String {
      value.isFinite ? String(format: "%.3g", value) : "—"
    }
    var lines = [
      "| fact | observed | simulated mean | 90 % band | rule | result |",
      "|---|---|---|---|---|---|",
    ]
    for check in checks {
      lines.append(
        "| \(check.description) | \(check.observed) | \(number(check.mean)) | \(number(check.low)) – \(number(check.high)) | \(check.rule) | \(check.passed ? "pass" : "FAIL")\(check.note.isEmpty ? "" : ": \(check.note)") |"
      )
    }
    let passed = checks.filter(\.passed).count
    lines.append("")
    lines.append("\(passed) of \(checks.count) checks pass (\(replicates) replicates).")
    return lines.joined(separator: "\n") + "\n"
  }
}
