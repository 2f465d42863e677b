import Engine
import Foundation

@testable import CorridorModel

/// What a test run of the corridor economy produced, summed over the last `window` months.
struct ScenarioOutcome {
  let economy: CorridorEconomy
  /// Flow values summed over the window, indexed as ``StepMetrics/flowValueCNY``.
  let flows: [Double]
  let fraudLossCNY: Double
  let defaultLossCNY: Double
  let relocationsFromChina: Double
  let crossBorderB2CSpendCNY: Double
  /// Weighted B2C orders and their delivery days summed over the window.
  let crossBorderOrders: Double
  let deliveryDaysOrderSum: Double
  /// Tariff revenue of each country summed over the window.
  let tariffRevenueCNY: [Double]
  /// Trade credit falling due (sales on credit a month earlier), summed over the window.
  let creditDueCNY: Double
  /// Goods value of wholesale imports sold on open account and by letter of credit, summed
  /// over the window.
  let tradeCreditSalesCNY: Double
  let letterOfCreditSalesCNY: Double
  /// Losses to non-delivery of prepaid wholesale orders, summed over the window.
  let b2bFraudLossCNY: Double
  /// Households' retail purchases (net of VAT and margin) of each country, summed over the
  /// window.
  let retailSalesCNY: [Double]
  /// Households' tradables budget and the part of it spent online (domestic and cross-border)
  /// of each country, summed over the window.
  let householdTradablesBudgetCNY: [Double]
  let onlineRetailSpendCNY: [Double]

  /// Country `c`'s online share of retail sales over the window.
  func onlineRetailShare(_ c: Int) -> Double {
    onlineRetailSpendCNY[c] / householdTradablesBudgetCNY[c]
  }

  /// The B2C share of China's cross-border e-commerce over the window.
  var chinaB2CShare: Double {
    chinaTrade([.b2cPlatform]) / chinaTrade([.b2bPlatform, .b2cPlatform])
  }

  /// Mean delivery days of B2C orders to `destinations` over the window.
  var meanDeliveryDays: Double { deliveryDaysOrderSum / crossBorderOrders }

  var world: CountryTable { economy.world }
  var china: Int { economy.world.chinaIndex }
  var all: [Int] { Array(0..<economy.world.count) }

  func flow(
    origins: [Int], destinations: [Int], channels: [Channel] = Channel.allCases,
    sectors: [Sector] = Sector.allCases
  ) -> Double {
    StepMetrics.flowTotal(
      flows, countryCount: economy.world.count, origins: origins, destinations: destinations,
      channels: channels, sectors: sectors)
  }

  /// China's exports plus imports through `channels`.
  func chinaTrade(_ channels: [Channel]) -> Double {
    flow(origins: [china], destinations: all, channels: channels)
      + flow(origins: all, destinations: [china], channels: channels)
  }

  /// Labor-intensive share of China's labor-intensive plus high-tech exports.
  var chinaLaborIntensiveShare: Double {
    let laborIntensive = flow(origins: [china], destinations: all, sectors: [.laborIntensive])
    let highTech = flow(origins: [china], destinations: all, sectors: [.highTech])
    return laborIntensive / (laborIntensive + highTech)
  }

  /// China's bilateral surplus with country `c` (exports − imports).
  func chinaSurplus(with c: Int) -> Double {
    flow(origins: [china], destinations: [c]) - flow(origins: [c], destinations: [china])
  }
}

/// The economy of the direction tests: a tenth of the default consumers, a fifth of the
/// firms, and more importers per country and sector than the default (B2B flows are lumpy:
/// importer sizes are Pareto with shape 1.1, so a handful of importers would make trade noise).
var testScale: ScaleSettings {
  var scale = ScaleSettings()
  scale.consumers = 20_000
  scale.firms = 4_000
  scale.importers = 3_000
  scale.minimumConsumersPerCountry = 50
  scale.minimumFirmsPerCountrySector = 6
  scale.minimumImportersPerCountrySector = 8
  return scale
}

/// Runs the test economy for `months` calendar months after a `spinUp`, with `modify` applied
/// to the configuration, and sums outcomes over the last `window` months. Same seed, same
/// random streams: two scenarios differ only by `modify` (common random numbers: every agent
/// draws from its own counter-based stream per month).
func runScenario(
  seed: UInt64, months: Int = 48, window: Int = 24, spinUp: Int = 24,
  scale: ScaleSettings = testScale,
  threads: Int = 2, modify: (inout EconomyConfiguration) -> Void = { _ in }
) throws -> ScenarioOutcome {
  var configuration = EconomyConfiguration(
    calendar: ModelCalendar(months: months), scale: scale, seed: seed)
  configuration.parameters.spinUpMonths = spinUp
  modify(&configuration)
  let economy = try CorridorEconomy(configuration)
  let executor = ParallelExecutor(threadCount: threads)
  var flows = [Double](repeating: 0, count: economy.metrics.flowValueCNY.count)
  var fraud = 0.0
  var defaults = 0.0
  var relocations = 0.0
  var b2cSpend = 0.0
  var orders = 0.0
  var days = 0.0
  var tariffRevenue = [Double](repeating: 0, count: economy.world.count)
  var creditDue = 0.0
  var creditSales = 0.0
  var letterOfCreditSales = 0.0
  var b2bFraud = 0.0
  var retailSales = [Double](repeating: 0, count: economy.world.count)
  var tradablesBudget = [Double](repeating: 0, count: economy.world.count)
  var onlineSpend = [Double](repeating: 0, count: economy.world.count)
  for step in 0..<(spinUp + months) {
    economy.step(executor: executor)
    if let failure = economy.failure { throw failure }
    let metrics = economy.metrics
    if step >= spinUp { relocations += metrics.relocationsFromChina }
    guard step >= spinUp + months - window else { continue }
    for index in flows.indices { flows[index] += metrics.flowValueCNY[index] }
    fraud += metrics.fraudLossCNY.reduce(0, +) - metrics.b2bFraudLossCNY.reduce(0, +)
    defaults += metrics.defaultLossCNY.reduce(0, +)
    b2cSpend += metrics.crossBorderB2CSpendCNY.reduce(0, +)
    orders += metrics.crossBorderOrders.reduce(0, +)
    days += metrics.deliveryDaysOrderSum.reduce(0, +)
    for c in tariffRevenue.indices { tariffRevenue[c] += metrics.tariffRevenueCNY[c] }
    creditDue += metrics.creditDueCNY.reduce(0, +)
    creditSales += metrics.tradeCreditSalesCNY.reduce(0, +)
    letterOfCreditSales += metrics.letterOfCreditSalesCNY.reduce(0, +)
    b2bFraud += metrics.b2bFraudLossCNY.reduce(0, +)
    for c in retailSales.indices {
      tradablesBudget[c] += metrics.householdTradablesBudgetCNY[c]
      onlineSpend[c] += metrics.onlineRetailSpendCNY[c]
      for s in Sector.allCases {
        retailSales[c] += economy.retailSalesCNY[c * Sector.allCases.count + s.rawValue]
      }
    }
  }
  return ScenarioOutcome(
    economy: economy, flows: flows, fraudLossCNY: fraud, defaultLossCNY: defaults,
    relocationsFromChina: relocations,
    crossBorderB2CSpendCNY: b2cSpend, crossBorderOrders: orders, deliveryDaysOrderSum: days,
    tariffRevenueCNY: tariffRevenue, creditDueCNY: creditDue, tradeCreditSalesCNY: creditSales,
    letterOfCreditSalesCNY: letterOfCreditSales, b2bFraudLossCNY: b2bFraud,
    retailSalesCNY: retailSales, householdTradablesBudgetCNY: tradablesBudget,
    onlineRetailSpendCNY: onlineSpend)
}

/// Baseline runs shared by the direction tests (each seed's baseline is computed once).
final class BaselineRuns: @unchecked Sendable {
  static let shared = BaselineRuns()
  private let lock = NSLock()
  private var outcomes: [UInt64: ScenarioOutcome] = [:]

  func outcome(seed: UInt64) throws -> ScenarioOutcome {
    lock.lock()
    defer { lock.unlock() }
    if let outcome = outcomes[seed] { return outcome }
    let outcome = try runScenario(seed: seed)
    outcomes[seed] = outcome
    return outcome
  }
}

/// A tiny economy for tests that step it by hand: 2 % of the default agents, a 2-month spin-up.
func tinyEconomyConfiguration(months: Int) -> EconomyConfiguration {
  var configuration = EconomyConfiguration(
    calendar: ModelCalendar(months: months), scale: ScaleSettings().scaled(by: 0.02), seed: 4)
  configuration.parameters.spinUpMonths = 2
  return configuration
}

/// A treatment's effect on one outcome over paired replicates (common random numbers: the
/// baseline and the treatment of a replicate share its seed): the differences
/// d_r = log(treatment_r / baseline_r), their mean and its standard error s_d/√R. An effect
/// is established when its mean lies beyond twice its standard error, so that a correct sign
/// is not luck and a wrong mechanism cannot pass by noise.
struct PairedEffect: CustomStringConvertible {
  private(set) var differences: [Double] = []

  /// Whether the differences are plain (treatment − baseline) rather than log ratios: for
  /// outcomes that can be 0 in the baseline.
  private(set) var isAdditive = false

  /// Adds replicate r's pair (both positive): the log ratio.
  mutating func add(treatment: Double, baseline: Double) {
    precondition(!isAdditive, "one kind of difference per effect")
    differences.append(log(treatment / baseline))
  }

  /// Adds replicate r's pair as a plain difference.
  mutating func add(difference treatment: Double, baseline: Double) {
    precondition(isAdditive || differences.isEmpty, "one kind of difference per effect")
    isAdditive = true
    differences.append(treatment - baseline)
  }

  var mean: Double { differences.reduce(0, +) / Double(differences.count) }
  var standardError: Double {
    let n = Double(differences.count)
    guard n > 1 else { return .infinity }
    let m = mean
    let variance = differences.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
    return (variance / n).squareRoot()
  }
  /// exp(mean): the geometric-mean ratio of treatment to baseline.
  var ratio: Double { exp(mean) }
  /// The mean log effect is above +2 SE.
  var isPositive: Bool { mean > 2 * standardError }
  /// The mean log effect is below −2 SE.
  var isNegative: Bool { mean < -2 * standardError }

  var description: String {
    isAdditive
      ? "\(mean) ± \(standardError) over \(differences.count) pairs"
      : "×\(ratio) (log effect \(mean) ± \(standardError) over \(differences.count) pairs)"
  }
}
