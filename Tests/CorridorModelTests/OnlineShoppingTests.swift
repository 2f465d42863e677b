import Engine
import Foundation
import Testing

@testable import CorridorModel

/// Households' online shopping, the platforms' markets and producers' inputs: each mechanism
/// moved to an extreme against the baseline run of the same seed (common random numbers).
@Suite("Online shopping, platform markets and producers' inputs")
struct OnlineShoppingTests {
  static let seeds: [UInt64] = [11, 22]

  @Test(
    "Learning by doing: without familiarity gains the online share of retail grows less, and so does the B2C share"
  )
  func learningToShopOnline() throws {
    for seed in Self.seeds {
      let baseline = try BaselineRuns.shared.outcome(seed: seed)
      let noLearning = try runScenario(seed: seed) {
        $0.parameters.onlineFamiliarityGainPerOrder = 0
      }
      let china = baseline.china
      // Without gains households have no familiarity in 2015 either (it is their past
      // learning), nor gain any; over the window (calendar months 24–47)
      // the learners shop online more.
      #expect(
        baseline.onlineRetailShare(china) > 1.1 * noLearning.onlineRetailShare(china),
        "seed \(seed)")
      #expect(baseline.chinaB2CShare > noLearning.chinaB2CShare, "seed \(seed)")
      // Households who shop online more buy more by parcel from abroad.
      #expect(
        baseline.crossBorderB2CSpendCNY > 1.05 * noLearning.crossBorderB2CSpendCNY, "seed \(seed)")
    }
  }

  @Test("Familiar households shop online: the unfamiliarity cost lowers the online share")
  func unfamiliarityCost() throws {
    for seed in Self.seeds {
      let costly = try runScenario(seed: seed, months: 24, window: 12) {
        $0.parameters.onlineUnfamiliarityCost = 6
      }
      let free = try runScenario(seed: seed, months: 24, window: 12) {
        $0.parameters.onlineUnfamiliarityCost = 0
      }
      let china = costly.china
      // With the initial mean familiarity 0.3, a cost of 6 takes 4.2 utils off every online
      // option: the online share falls by far more than half.
      #expect(
        costly.onlineRetailShare(china) < 0.5 * free.onlineRetailShare(china), "seed \(seed)")
      #expect(costly.chinaB2CShare < free.chinaB2CShare, "seed \(seed)")
    }
  }

  @Test("The consumer's choice is the CES choice over all varieties, whatever K")
  func considerationSetSize() throws {
    // Each of K sampled offers stands for N_f/K real sellers, so quadrupling K must not
    // change the share of online spending that goes abroad by much (without the variety
    // correction the foreign weight grew in proportion to K).
    for seed in Self.seeds {
      func foreignShare(_ k: Int) throws -> Double {
        let outcome = try runScenario(seed: seed, months: 24, window: 12) {
          $0.parameters.considerationSetSize = k
        }
        return outcome.crossBorderB2CSpendCNY / outcome.onlineRetailSpendCNY.reduce(0, +)
      }
      let ratio = try foreignShare(16) / foreignShare(4)
      #expect(
        ratio > 0.85 && ratio < 1.18, "seed \(seed): foreign share at K = 16 over K = 4: \(ratio)")
    }
  }

  @Test("A platform's sellers reach only the markets it serves")
  func platformMarkets() throws {
    // The only B2C platform is an import platform serving China: foreign sellers reach
    // China's households, and nobody else buys by parcel from abroad. (Without home bias per
    // variety: at the calibrated −4.35 China's households, facing its 10⁵ domestic firms per
    // sector, almost never buy a foreign parcel, §3.4.)
    let outcome = try runScenario(seed: Self.seeds[0], months: 12, window: 6) { configuration in
      configuration.parameters.crossBorderVarietyUtility = 0
      configuration.platforms =
        configuration.platforms.filter { $0.kind == .b2b } + [
          PlatformSpec(
            name: "import_only", kind: .b2c, homeCountry: "CHN", commissionRate: 0.05,
            paymentSecurity: 0.6, logisticsPartnership: 0.2, reputation: 0.6,
            markets: .only(["CHN"]))
        ]
    }
    let china = outcome.china
    let others = outcome.all.filter { $0 != china }
    #expect(outcome.flow(origins: others, destinations: [china], channels: [.b2cPlatform]) > 0)
    #expect(outcome.flow(origins: outcome.all, destinations: others, channels: [.b2cPlatform]) == 0)
  }

  @Test(
    "Set-up: B2B platforms reach real importers, not importer agents, when the first adopters choose one"
  )
  func initialB2BPlatformDraw() throws {
    // Two B2B platforms alike but for their markets: one worldwide, one serving three small
    // economies. The first adopters draw a platform ∝ (its share of reachable buyers)^η, the
    // buyers being real importers. Counted from the importer agents' placeholder weights
    // (agent counts, which do not follow GDP and have a floor per cell), the small platform's
    // share of the reach moved by 22 % from scale 0.1 to 0.25, and its share of the first
    // adopters was off by 4 to 6 points.
    let small = ["KGZ", "ARM", "LAO"]
    var reachable: [Double] = []
    for scale in [0.1, 0.25] {
      var configuration = EconomyConfiguration(
        calendar: ModelCalendar(months: 1), scale: ScaleSettings().scaled(by: scale), seed: 9)
      configuration.platforms =
        configuration.platforms.filter { $0.kind == .b2c } + [
          PlatformSpec(
            name: "worldwide_b2b", kind: .b2b, homeCountry: "CHN", commissionRate: 0.02,
            paymentSecurity: 0.6, logisticsPartnership: 0, reputation: 0.6),
          PlatformSpec(
            name: "small_b2b", kind: .b2b, homeCountry: "CHN", commissionRate: 0.02,
            paymentSecurity: 0.6, logisticsPartnership: 0, reputation: 0.6,
            markets: .only(small)),
        ]
      let economy = try CorridorEconomy(configuration)
      let b2b = economy.platforms.indices(of: .b2b)
      let (worldwide, regional) = (b2b[0], b2b[1])
      let servedImporters = small.reduce(0.0) {
        $0 + economy.realImportersByCountry[economy.world.index(of: $1)!]
      }
      let reach = economy.platforms.reachableBuyers
      #expect(abs(reach[regional] / servedImporters - 1) < 1e-12, "scale \(scale)")
      #expect(
        abs(reach[worldwide] / economy.realImportersByCountry.reduce(0, +) - 1) < 1e-12,
        "scale \(scale)")
      reachable.append(reach[regional] / reach[worldwide])
      // The agents' draws: alike platforms, so P(small) = r^η / (r^η + (1 − r)^η), r the
      // small platform's share of the reachable buyers.
      let eta = configuration.parameters.networkEffectElasticity
      let r = reach[regional] / (reach[regional] + reach[worldwide])
      let expected = pow(r, eta) / (pow(r, eta) + pow(1 - r, eta))
      var adopters = 0
      var onSmall = 0
      for f in 0..<economy.firms.count where economy.firms.b2bPlatform[f] >= 0 {
        adopters += 1
        if Int(economy.firms.b2bPlatform[f]) == regional { onSmall += 1 }
      }
      let share = Double(onSmall) / Double(adopters)
      let standardError = (expected * (1 - expected) / Double(adopters)).squareRoot()
      #expect(adopters > 1000, "scale \(scale): \(adopters) B2B adopters")
      #expect(
        abs(share - expected) < 4 * standardError,
        "scale \(scale): \(share) of the B2B adopters on the small platform, expected \(expected)")
    }
    // The reach does not depend on how many agents stand for the importers.
    #expect(abs(reachable[0] / reachable[1] - 1) < 1e-9, "\(reachable)")
  }

  @Test(
    "Switching costs: sellers never leave their platform when a move costs everything, do when it is free; sellers listed add up to the adopters"
  )
  func platformSwitchingCosts() throws {
    func run(switchingCost: Double) throws -> (switches: Double, movedAgents: Int) {
      var configuration = tinyEconomyConfiguration(months: 24)
      configuration.parameters.platformSwitchingCost = switchingCost
      // Fast diffusion: many later cohorts re-choose.
      configuration.parameters.adoptionImitationPerMonth = 0.3
      let economy = try CorridorEconomy(configuration)
      let executor = ParallelExecutor(threadCount: 2)
      let sectors = Sector.allCases.count
      var switches = 0.0
      var moved = Set<Int>()
      var listed: [Int8] = []
      var generation: [UInt32] = []
      for step in 0..<26 {
        economy.step(executor: executor)
        #expect(economy.failure == nil)
        switches += economy.metrics.platformSwitches
        let firms = economy.firms
        let current = (0..<firms.count).flatMap { f -> [Int8] in
          [
            firms.adoption[f] & 1 != 0 ? firms.b2bPlatform[f] : -1,
            firms.adoption[f] & 2 != 0 ? firms.b2cPlatform[f] : -1,
          ]
        }
        // A listed agent whose firms did not exit (same generation) and now lists elsewhere.
        let generations = firms.generation.values
        if step > 0 {
          for index in current.indices
          where listed[index] >= 0 && current[index] != listed[index]
            && generations[index / 2] == generation[index / 2]
          {
            moved.insert(index / 2)
          }
        }
        listed = current
        generation = generations
        // Sellers listed on the platforms of a kind are the kind's adopters (real firms).
        var b2bAdopters = 0.0
        var b2cAdopters = 0.0
        for index in 0..<(economy.countryCount * sectors) {
          b2bAdopters += economy.metrics.b2bAdopters[index]
          b2cAdopters += economy.metrics.b2cAdopters[index]
        }
        let platforms = economy.platforms
        let b2bSellers = platforms.indices(of: .b2b).reduce(0) { $0 + platforms.sellers[$1] }
        let b2cSellers = platforms.indices(of: .b2c).reduce(0) { $0 + platforms.sellers[$1] }
        #expect(abs(b2bSellers - b2bAdopters) <= 1e-9 * max(b2bAdopters, 1), "step \(step)")
        #expect(abs(b2cSellers - b2cAdopters) <= 1e-9 * max(b2cAdopters, 1), "step \(step)")
      }
      return (switches, moved.count)
    }
    let locked = try run(switchingCost: 1)
    #expect(locked.switches == 0)
    #expect(locked.movedAgents == 0)
    let free = try run(switchingCost: 0)
    #expect(free.switches > 0)
    #expect(free.movedAgents > 0)
  }

  @Test("A B2C platform's revenue is its commission on the goods value bought through it")
  func platformGoodsValue() throws {
    let economy = try CorridorEconomy(tinyEconomyConfiguration(months: 6))
    let executor = ParallelExecutor(threadCount: 2)
    var checked = 0
    for _ in 0..<8 {
      let rates = economy.platforms.commissionRate.values
      economy.step(executor: executor)
      #expect(economy.failure == nil)
      for index in economy.platforms.indices(of: .b2c) {
        let goods = economy.platforms.goodsValueCNY[index]
        let revenue = economy.platforms.revenueCNY[index]
        #expect(abs(revenue - rates[index] * goods) <= 1e-9 * max(revenue, 1))
        if goods > 0 { checked += 1 }
      }
      // B2B platforms earn fees beyond their commissions: at least the commissions.
      for index in economy.platforms.indices(of: .b2b) {
        #expect(
          economy.platforms.revenueCNY[index]
            >= rates[index] * economy.platforms.goodsValueCNY[index] * (1 - 1e-9))
      }
    }
    #expect(checked > 0, "some B2C platform sold")
  }

  @Test("Producers' inputs are what they paid for materials last month, spent in full")
  func inputsAreTransfers() throws {
    let economy = try CorridorEconomy(tinyEconomyConfiguration(months: 6))
    let executor = ParallelExecutor(threadCount: 2)
    let sectors = Sector.allCases.count
    for _ in 0..<6 {
      let pool = economy.ledger.inputPool
      let bought = economy.materialsBoughtCNY.values
      let first = economy.stepsTaken == 0
      economy.step(executor: executor)
      if let failure = economy.failure { throw failure }
      // Each country's importers were given, for inputs, exactly the pool of last month.
      for c in 0..<economy.world.count where pool[c] > 0 {
        let inputs = (0..<sectors).reduce(0.0) {
          $0 + economy.businessBudgetCNY[c * sectors + $1]
            - economy.restockingBudgetCNY[c * sectors + $1]
        }
        #expect(abs(inputs / pool[c] - 1) < 1e-9, "country \(c)")
      }
      // Spread over the supplying sectors by the input-output coefficients, weighted by what
      // each buying sector paid for materials last month.
      let coefficients = economy.inputCoefficients
      for c in 0..<economy.world.count where pool[c] > 0 && !first {
        let total = (0..<sectors).reduce(0.0) { $0 + bought[c * sectors + $1] }
        guard total > 0 else { continue }
        for supplier in 0..<sectors {
          let expected = (0..<sectors).reduce(0.0) {
            $0 + bought[c * sectors + $1] / total * coefficients[supplier * sectors + $1]
          }
          let budget =
            economy.businessBudgetCNY[c * sectors + supplier]
            - economy.restockingBudgetCNY[c * sectors + supplier]
          #expect(abs(budget - expected * pool[c]) <= 1e-9 * pool[c], "country \(c)")
        }
      }
    }
    // Producers that buy all their materials from the high-tech sector (components) leave
    // the other sectors' importers nothing but restocking.
    var components = tinyEconomyConfiguration(months: 3)
    for keyPath in [
      \ModelParameters.laborIntensiveInputsFromHighTech, \.highTechInputsFromHighTech,
      \.otherInputsFromHighTech,
    ] {
      components.parameters[keyPath: keyPath] = 1
    }
    for keyPath in [
      \ModelParameters.laborIntensiveInputsFromLaborIntensive, \.highTechInputsFromLaborIntensive,
      \.otherInputsFromLaborIntensive,
    ] {
      components.parameters[keyPath: keyPath] = 0
    }
    let electronics = try CorridorEconomy(components)
    for _ in 0..<3 { electronics.step(executor: executor) }
    #expect(electronics.failure == nil)
    for c in 0..<electronics.world.count {
      for s in [Sector.laborIntensive, .other] {
        let index = c * sectors + s.rawValue
        #expect(electronics.businessBudgetCNY[index] == electronics.restockingBudgetCNY[index])
      }
      let highTech = c * sectors + Sector.highTech.rawValue
      #expect(
        electronics.ledger.inputPool[c] <= 0
          || electronics.businessBudgetCNY[highTech] > electronics.restockingBudgetCNY[highTech])
    }
    // Producers that buy no materials (all cost is labor) give importers no inputs to buy.
    var laborOnly = tinyEconomyConfiguration(months: 3)
    laborOnly.parameters.laborCostShareLaborIntensive = 1
    laborOnly.parameters.laborCostShareHighTech = 1
    laborOnly.parameters.laborCostShareOther = 1
    let noMaterials = try CorridorEconomy(laborOnly)
    for _ in 0..<3 { noMaterials.step(executor: executor) }
    #expect(noMaterials.failure == nil)
    #expect(noMaterials.ledger.inputPool.allSatisfy { $0 == 0 })
    #expect(
      zip(noMaterials.businessBudgetCNY.values, noMaterials.restockingBudgetCNY.values)
        .allSatisfy { $0 == $1 })
  }

  @Test(
    "Sellers weigh the parcel duty and VAT above the de minimis: without one, B2C cut-offs are lower"
  )
  func parcelTaxesInEntry() throws {
    func firstMonth(deMinimisUSD: Double) throws -> CorridorEconomy {
      try firstMonthEconomy {
        $0.policy.rules.append(
          PolicyRule(lever: .deMinimisUSD, countries: .all, schedule: .constant(deMinimisUSD)))
      }
    }
    let taxed = try firstMonth(deMinimisUSD: 0)
    let free = try firstMonth(deMinimisUSD: 1_000_000)
    let n = taxed.world.count
    let china = taxed.world.chinaIndex
    let b2c = Channel.b2cPlatform.rawValue
    let sector = Sector.laborIntensive.rawValue
    var compared = 0
    for d in 0..<n where d != china {
      // Every online household's order is dutiable without a threshold, none with a huge one.
      if taxed.consumers.countryRanges[d].contains(where: {
        taxed.consumers.onlineThreshold[$0] < taxed.internetShare[d]
      }) {
        #expect(taxed.dutiableParcelSpendingShare[d] == 1)
      }
      #expect(free.dutiableParcelSpendingShare[d] == 0)
      let tariff = taxed.policy.tariff(importer: d, exporter: china, sector: sector)
      #expect(free.parcelTaxPower(destination: d, tariff: tariff) == 1)
      let factor = taxed.parcelTaxPower(destination: d, tariff: tariff)
      // Every order dutiable: T^(1−σ) = τ^(1−σ), τ the compound duty and VAT factor.
      let tau =
        (1 + taxed.policy.parcelDutyFactor[d] * tariff)
        * (1 + taxed.policy.parcelVATFactor[d] * taxed.parameters.importVATRate)
      let expected = pow(tau, 1 - taxed.parameters.elasticityOfSubstitution)
      #expect(abs(factor / expected - 1) < 1e-12)
      // The sellers' cost powers carry it for the B2C channel.
      let costIndex =
        3 * taxed.policy.tariffIndex(importer: d, exporter: china, sector: sector) + b2c
      #expect(taxed.importCostPower[costIndex] == factor)
      // In the first month both runs saw the same past; only the expected parcel tax differs,
      // and without it China's sellers need less productivity to serve the market by parcel.
      let index = taxed.cutoffIndex(china, d, sector, b2c)
      guard taxed.entryCutoff[index].isFinite else { continue }
      #expect(free.entryCutoff[index] < taxed.entryCutoff[index], "destination \(d)")
      compared += 1
    }
    #expect(compared > n / 2)
  }

  @Test(
    "Wholesale sellers weigh their buyers' transit costs: dearer days in transit raise B2B and traditional cut-offs"
  )
  func transitCostsInEntry() throws {
    let cheap = try firstMonthEconomy { $0.parameters.transitDayCostShare = 0 }
    let dear = try firstMonthEconomy { $0.parameters.transitDayCostShare = 0.01 }
    let china = cheap.world.chinaIndex
    var compared = 0
    for d in 0..<cheap.world.count where d != china {
      for channel in [Channel.traditional, .b2bPlatform] {
        let index = cheap.cutoffIndex(china, d, Sector.highTech.rawValue, channel.rawValue)
        guard cheap.entryCutoff[index].isFinite else { continue }
        #expect(dear.entryCutoff[index] > cheap.entryCutoff[index], "\(d) \(channel)")
        compared += 1
      }
    }
    #expect(compared > cheap.world.count)
  }

  @Test(
    "Familiarity in January 2015 is each household's experience at its own ordering rate: none offline, more where households order more, whatever the spin-up's length; it grows from 2015 without a jump"
  )
  func familiarityFromExperience() throws {
    let executor = ParallelExecutor(threadCount: 2)
    /// The economy after `spinUp` spin-up months and `calendarMonths` calendar months.
    func economy(
      spinUp: Int, calendarMonths: Int = 0, experienceMonths: Double? = nil
    ) throws -> CorridorEconomy {
      var configuration = tinyEconomyConfiguration(months: 12)
      configuration.parameters.spinUpMonths = spinUp
      if let experienceMonths {
        configuration.parameters.onlineShoppingExperienceMonths = experienceMonths
      }
      let economy = try CorridorEconomy(configuration)
      for _ in 0..<(spinUp + calendarMonths) { economy.step(executor: executor) }
      return economy
    }
    /// Person-weighted mean familiarity of each country's households.
    func meanFamiliarity(_ economy: CorridorEconomy) -> [Double] {
      economy.consumers.countryRanges.map { range in
        let persons = range.reduce(0.0) { $0 + economy.consumers.weightPersons(of: $1) }
        return range.reduce(0.0) {
          $0 + economy.consumers.onlineFamiliarity[$1] * economy.consumers.weightPersons(of: $1)
        } / persons
      }
    }
    let short = try economy(spinUp: 12)
    let long = try economy(spinUp: 24)
    let consumers = short.consumers
    let world = short.world
    // Offline households have no experience; online ones have some.
    var online = 0
    for i in 0..<consumers.count {
      let c = consumers.country(of: i)
      if consumers.onlineThreshold[i] < short.internetShare[c] {
        online += 1
      } else {
        #expect(consumers.onlineFamiliarity[i] == 0)
      }
    }
    #expect(online > consumers.count / 4)
    #expect(
      consumers.onlineFamiliarity.values.filter { $0 > 0 }.count > online * 9 / 10)
    // The spin-up reaches the fixed point: twice its length moves the large economies' means
    // by less than 5 % (a small country's few household agents move with one month's draws,
    // as much from one month to the next as from 12 to 24 months).
    let shortMeans = meanFamiliarity(short)
    let longMeans = meanFamiliarity(long)
    for code in ["CHN", "XNA", "XEU", "RUS", "IND"] {
      let c = world.index(of: code)!
      #expect(
        abs(longMeans[c] - shortMeans[c]) <= 0.05 * shortMeans[c],
        "\(code): \(shortMeans[c]) against \(longMeans[c])")
    }
    // North Americans, who order more, are more familiar than the Chinese, who are more
    // familiar than Indians.
    let (northAmerica, china, india) = (
      world.index(of: "XNA")!, world.chinaIndex, world.index(of: "IND")!
    )
    #expect(shortMeans[northAmerica] > 1.5 * shortMeans[china])
    #expect(shortMeans[china] > 2 * shortMeans[india])
    // Without any history nobody is familiar.
    #expect(
      try economy(spinUp: 12, experienceMonths: 0).consumers.onlineFamiliarity.values
        .allSatisfy { $0 == 0 })
    // From January 2015 calendar months teach: no household loses familiarity, some gain;
    // and North America's experience, −log(1 − f) of its mean, grows by less than 60 % within
    // 2015: 12 months more on 30 months' history, at a rate that rises as it learns (it grew
    // ×2.6 when every country started 2015 at one familiarity, 0.3 to 0.6).
    let january = try economy(spinUp: 12, calendarMonths: 1)
    let december = try economy(spinUp: 12, calendarMonths: 12)
    let before = consumers.onlineFamiliarity.values
    #expect(zip(january.consumers.onlineFamiliarity.values, before).allSatisfy { $0 >= $1 })
    #expect(zip(january.consumers.onlineFamiliarity.values, before).contains { $0 > $1 })
    let decemberMeans = meanFamiliarity(december)
    #expect(decemberMeans[northAmerica] > shortMeans[northAmerica])
    #expect(
      log(1 - decemberMeans[northAmerica]) > 1.6 * log(1 - shortMeans[northAmerica]),
      "\(shortMeans[northAmerica]) to \(decemberMeans[northAmerica])")
  }

  @Test("Platform adoption and online sourcing keep their 2015 shares through the spin-up")
  func adoptionStartsIn2015() throws {
    var configuration = tinyEconomyConfiguration(months: 12)
    configuration.parameters.spinUpMonths = 3
    let economy = try CorridorEconomy(configuration)
    let executor = ParallelExecutor(threadCount: 2)
    let adopted = economy.firms.adoptedShare.values
    let sourcing = economy.importers.onlineShare.values
    for _ in 0..<3 { economy.step(executor: executor) }
    #expect(economy.firms.adoptedShare.values == adopted)
    #expect(economy.importers.onlineShare.values == sourcing)
    economy.step(executor: executor)  // January 2015
    #expect(zip(economy.firms.adoptedShare.values, adopted).contains { $0 > $1 })
    #expect(zip(economy.importers.onlineShare.values, sourcing).contains { $0 > $1 })
  }

  @Test("Exports bear the input VAT their government does not refund, and no more")
  func exportVAT() throws {
    var configuration = tinyEconomyConfiguration(months: 1)
    let economy = try CorridorEconomy(configuration)
    let china = economy.world.chinaIndex
    let vat = configuration.parameters.importVATRate
    let gap = vat - configuration.parameters.exportRebateRate
    economy.step(executor: ParallelExecutor(threadCount: 1))
    #expect(abs(economy.exportVATFactor(country: china, sector: 0) - 1 / (1 - gap)) < 1e-12)
    // Other countries refund in full.
    #expect(economy.exportVATFactor(country: (china + 1) % economy.world.count, sector: 0) == 1)
    // A refund above the VAT rate is a full refund, not a subsidy.
    configuration.policy.rules.append(
      PolicyRule(lever: .exportRebate, countries: .countries(["CHN"]), schedule: .constant(0.4)))
    let generous = try CorridorEconomy(configuration)
    generous.step(executor: ParallelExecutor(threadCount: 1))
    #expect(generous.exportVATFactor(country: china, sector: 0) == 1)
  }
}

/// The tiny test economy after its first month (a spin-up month), with `modify` applied to its
/// configuration: two such economies saw the same past, so their entry cut-offs differ only by
/// what `modify` changed in this month's decisions.
func firstMonthEconomy(_ modify: (inout EconomyConfiguration) -> Void) throws -> CorridorEconomy {
  var configuration = tinyEconomyConfiguration(months: 1)
  modify(&configuration)
  let economy = try CorridorEconomy(configuration)
  economy.step(executor: ParallelExecutor(threadCount: 2))
  if let failure = economy.failure { throw failure }
  return economy
}
