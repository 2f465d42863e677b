import Engine
import Testing

@testable import CorridorModel

/// Payment terms and trade credit: defaults reach sellers' profits, sellers choose terms by
/// the buyer's and the seller's jurisdiction, and credit dries up where buyers do not pay.
@Suite("Trade credit and payment terms")
struct TradeCreditTests {
  /// A tiny economy after its spin-up, stepped by hand.
  func steppedEconomy(
    months: Int = 6, modify: (inout EconomyConfiguration) -> Void = { _ in }
  ) throws -> (CorridorEconomy, ParallelExecutor) {
    var configuration = tinyEconomyConfiguration(months: months)
    modify(&configuration)
    let economy = try CorridorEconomy(configuration)
    let executor = ParallelExecutor(threadCount: 2)
    for _ in 0..<configuration.parameters.spinUpMonths {
      economy.step(executor: executor)
      if let failure = economy.failure { throw failure }
    }
    return (economy, executor)
  }

  @Test("Open account where the buyer's courts work; prepayment or letters of credit where not")
  func termsFollowJurisdictions() throws {
    let (economy, _) = try steppedEconomy()
    let china = economy.world.chinaIndex
    let partner = economy.world.index(of: "XEU")!
    let traditional = Channel.traditional.rawValue
    func terms(_ buyerEnforcement: Double, _ sellerEnforcement: Double) -> PaymentTermsMix {
      economy.enforcement[partner] = buyerEnforcement
      economy.enforcement[china] = sellerEnforcement
      economy.expectedDefaultShare[partner] = economy.defaultShare(destination: partner)
      return economy.paymentTerms(
        origin: china, destination: partner, channel: traditional, platform: -1)
    }
    let strongBuyer = terms(0.9, 0.5)
    let weakBuyer = terms(0.1, 0.5)
    // The buyer's courts decide whether sellers lend (default 0.02·e^(−5·enforcement)).
    #expect(strongBuyer.openAccount > 0.6, "\(strongBuyer)")
    #expect(weakBuyer.openAccount < 0.5 * strongBuyer.openAccount, "\(weakBuyer)")
    // Where buyers are risky, an honest seller's courts make prepayment the way out …
    let weakBuyerHonestSeller = terms(0.1, 1)
    let weakBuyerWeakSeller = terms(0.1, 0)
    #expect(weakBuyerHonestSeller.cashInAdvance > weakBuyerWeakSeller.cashInAdvance)
    // … and where neither side's courts work, letters of credit.
    #expect(weakBuyerWeakSeller.letterOfCredit > weakBuyerHonestSeller.letterOfCredit)
    for mix in [strongBuyer, weakBuyer, weakBuyerHonestSeller, weakBuyerWeakSeller] {
      #expect(abs(mix.openAccount + mix.cashInAdvance + mix.letterOfCredit - 1) < 1e-12)
    }
    // Riskier terms cost the buyer more.
    #expect(weakBuyerWeakSeller.costShare > strongBuyer.costShare)
    // Banks price the buyer's default into the letter of credit: ℓ₀ + ℓ₁·δ̂.
    let p = economy.parameters
    for mix in [strongBuyer, weakBuyer] {
      let belief = mix.defaultPremium / (1 + mix.defaultPremium)
      #expect(
        abs(mix.letterOfCreditFee - p.letterOfCreditFeeShare - p.letterOfCreditRiskLoading * belief)
          < 1e-12)
    }
    #expect(weakBuyer.letterOfCreditFee > strongBuyer.letterOfCreditFee)
  }

  @Test("Unexpected defaults are the sellers' losses: profits fall by exactly what is written off")
  func defaultsReachProfits() throws {
    // Sellers that believe nobody defaults (and never learn) lend without a premium.
    let (naive, executor) = try steppedEconomy { configuration in
      configuration.parameters.defaultBeliefAdjustmentPerMonth = 0
      configuration.parameters.buyerDefaultProbabilityPerMonth = 0.2
    }
    for c in 0..<naive.countryCount { naive.expectedDefaultShare[c] = 0 }
    var writtenOff = 0.0
    var creditResult = 0.0
    for _ in 0..<4 {
      naive.step(executor: executor)
      if let failure = naive.failure { throw failure }
      writtenOff += naive.metrics.defaultLossCNY.reduce(0, +)
      creditResult += naive.firms.creditRiskResult.sum()
    }
    #expect(writtenOff > 0)
    // No premium was charged, so the sellers' result on credit is minus the defaults.
    #expect(abs(creditResult + writtenOff) <= 1e-9 * writtenOff, "\(creditResult) \(writtenOff)")
  }

  @Test("Sellers who expect defaults charge for them: premiums cover the losses on average")
  func premiumsCoverExpectedDefaults() throws {
    let (economy, executor) = try steppedEconomy(months: 12) { configuration in
      configuration.parameters.buyerDefaultProbabilityPerMonth = 0.2
    }
    var writtenOff = 0.0
    var creditResult = 0.0
    for month in 0..<12 {
      economy.step(executor: executor)
      if let failure = economy.failure { throw failure }
      guard month >= 8 else { continue }
      writtenOff += economy.metrics.defaultLossCNY.reduce(0, +)
      creditResult += economy.firms.creditRiskResult.sum()
    }
    #expect(writtenOff > 0)
    // Beliefs are right (the default share is constant) and the premium δ/(1 − δ) on what is
    // lent makes the expected collection the receipt: premiums and losses match up to the
    // growth of credit from one month to the next (losses fall on last month's credit).
    #expect(abs(creditResult) < 0.05 * writtenOff, "\(creditResult) against \(writtenOff)")
  }

  @Test(
    "With every buyer defaulting, trade on credit and letters of credit collapse and prepayment takes their place"
  )
  func everyBuyerDefaults() throws {
    for seed: UInt64 in [11, 22] {
      let baseline = try BaselineRuns.shared.outcome(seed: seed)
      let defaulting = try runScenario(seed: seed) { configuration in
        configuration.parameters.buyerDefaultProbabilityPerMonth = 1
        configuration.parameters.defaultEnforcementSlope = 0
      }
      #expect(baseline.tradeCreditSalesCNY > 0)
      // Premium δ/(1 − δ) at δ → 1: no open account at all.
      #expect(
        defaulting.tradeCreditSalesCNY < 1e-6 * baseline.tradeCreditSalesCNY, "seed \(seed)")
      // Banks that guarantee the buyer's payment price its default too (fee ℓ₀ + ℓ₁·δ̂):
      // letters of credit vanish as well, and prepayment takes the place of both.
      #expect(
        defaulting.letterOfCreditSalesCNY < 0.01 * baseline.letterOfCreditSalesCNY, "seed \(seed)")
      // More prepaid orders: more of them lost to non-delivery.
      #expect(defaulting.b2bFraudLossCNY > 1.5 * baseline.b2bFraudLossCNY, "seed \(seed)")
      // Safer terms cost more: wholesale imports fall, a little.
      let wholesale: [Channel] = [.traditional, .b2bPlatform]
      #expect(
        defaulting.flow(origins: defaulting.all, destinations: defaulting.all, channels: wholesale)
          < baseline.flow(origins: baseline.all, destinations: baseline.all, channels: wholesale),
        "seed \(seed)")
    }
  }
}
