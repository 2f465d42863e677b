import Engine
import RealModule
import Stochastic

extension CorridorEconomy {
  /// Firm partition phase: book sales, pay costs, decide exit, markets, adoption, relocation.
  ///
  /// Revenue: payments and claims from buyers (exchange messages), plus a share of the
  /// domestic market of the firm's (country, sector), φ^(σ−1)/Σφ^(σ−1) (CES market shares).
  /// Costs: production (revenue / markup, net of the export rebate), fixed costs of each
  /// active export market (traditional and B2C outside the model, B2B as platform fees).
  /// After `exitAfterLossMonths` losing months the firm exits and an entrant takes the slot in
  /// the founding country. Otherwise the firm may adopt e-commerce (Bass: innovation +
  /// imitation × peers' adoption), review markets against the entry/exit cut-offs (paying a
  /// sunk cost to enter) and, if labor-intensive and exporting, relocate production to a
  /// corridor country when the unit-cost saving beats the relocation threshold.
  func firmsOperate(partition: Int) {
    let p = parameters
    let tally = firmTallies[partition]
    tally.reset()
    let range = firms.partitioning.range(of: partition)
    guard !range.isEmpty else { return }
    let step = stepsTaken
    let scratch = firmScratchStreams[partition]
    let channels = channelCount

    for f in range {
      firms.domesticRevenue[f] = 0
      for channel in 0..<channels { firms.exportRevenueByChannel[f * channels + channel] = 0 }
    }
    let receive = { [self] (firm: Int, payment: FirmPayment) in
      switch payment.kind {
      case .cashSale:
        firms.cash[firm] += payment.amount
        firms.exportRevenueByChannel[firm * channels + Int(payment.channel)] += payment.amount
      case .creditSale:
        firms.receivables[firm] += payment.amount
        firms.exportRevenueByChannel[firm * channels + Int(payment.channel)] += payment.amount
      case .creditPayment:
        firms.receivables[firm] -= payment.amount
        firms.cash[firm] += payment.amount
      case .creditDefault:
        firms.receivables[firm] -= payment.amount
      }
    }
    consumerPayments.forEachMessage(to: partition, receive)
    importerPayments.forEachMessage(to: partition, receive)

    let fixedShares = [p.fixedCostShareTraditional, p.fixedCostShareB2B, p.fixedCostShareB2C]
    for f in range {
      let c = Int(firms.country[f])
      let s = Int(firms.sector[f])
      let cellIndex = cell(c, s)
      let weight = firms.weightFirms[f]
      // Domestic sales: a CES share of the country-sector's domestic spending, for each of the
      // agent's real firms.
      let domestic =
        competitivePowerSum[cellIndex] > 0
        ? domesticPayout[cellIndex] * weight * competitivePower(f)
          / competitivePowerSum[cellIndex] : 0
      firms.cash[f] += domestic
      firms.domesticRevenue[f] = domestic
      tally.domesticPaid[cellIndex] += domestic

      // Production cost and export rebate.
      let exportRevenue = firms.exportRevenue(f)
      let rebateRate = policy.exportRebate[c * sectorCount + s]
      let exportQuantityCost = exportRevenue / (markup * (1 - rebateRate))
      let productionCost = domestic / markup + exportQuantityCost
      let rebate = exportQuantityCost * rebateRate
      firms.cash[f] += rebate - productionCost
      tally.flows.record(.productionCost, productionCost)
      tally.rebates[c] += rebate

      // Fixed costs of active export markets, paid by each of the agent's real firms.
      var fixedCosts = 0.0
      for channel in 0..<channels {
        let markets = firms.activeMarketCount(f, channel: channel)
        guard markets > 0 else { continue }
        let cost =
          Double(markets) * fixedShares[channel] * fixedCostScaleCNY[cellIndex] * wageIndex[c]
          * weight
        fixedCosts += cost
        if channel == Channel.b2bPlatform.rawValue, firms.b2bPlatform[f] >= 0 {
          tally.platformFees[Int(firms.b2bPlatform[f])] += cost
        } else {
          tally.flows.record(.exportFixedCost, cost)
        }
      }
      firms.cash[f] -= fixedCosts
      let profit = domestic + exportRevenue + rebate - productionCost - fixedCosts
      firms.profit[f] = profit
      adjustCongestionCost(f, sales: domestic + exportRevenue)
      firms.lossMonths[f] = profit < 0 ? firms.lossMonths[f] &+ 1 : 0
      firms.ageMonths[f] &+= 1
      let soldB2C = firms.exportRevenueByChannel[f * channels + Channel.b2cPlatform.rawValue] > 0
      firms.reputation[f] +=
        soldB2C ? 0.02 * (1 - firms.reputation[f]) : -0.005 * firms.reputation[f]

      var random = firmDraws.generator(agent: f, step: step)
      if Double(firms.lossMonths[f]) >= p.exitAfterLossMonths {
        exitAndReplace(f, tally: tally)
      } else {
        adoptECommerce(f, random: &random)
        if random.uniform() < (isInSpinUp ? 1 : p.marketReviewProbabilityPerMonth) {
          reviewMarkets(f, tally: tally)
        }
        if s == Sector.laborIntensive.rawValue && exportRevenue > 0
          && random.uniform() < p.relocationReviewProbabilityPerMonth
        {
          considerRelocation(f, random: &random, scratch: scratch, tally: tally)
        }
      }
      recordFirm(f, tally: tally)
    }
  }

  /// Capacity utilization raises marginal cost: the target multiplier is
  /// min(max(1, sales / capacity)^elasticity, ceiling) and the multiplier closes part of the
  /// gap each month. The ceiling keeps extreme utilization finite (overflow otherwise, with
  /// steep elasticities); a firm near it is priced out of its markets long before.
  /// An agent's capacity is its real firms' φ^(σ−1) share of its country-sector's capacity,
  /// which is `capacityToAbsorptionRatio` times the country-sector's tradables demand (growing
  /// with GDP).
  func adjustCongestionCost(_ f: Int, sales: Double) {
    let p = parameters
    let c = Int(firms.country[f])
    let cellIndex = cell(c, Int(firms.sector[f]))
    guard productivityPowerSum[cellIndex] > 0 else { return }
    let cellCapacity =
      p.capacityToAbsorptionRatio * cellDemandAtStartCNY[cellIndex] * gdpIndex[c]
    let capacity =
      cellCapacity * firms.weightFirms[f] * firms.productivityPower[f]
      / productivityPowerSum[cellIndex]
    // A NaN utilization must not vanish into max(1, ·) = 1: keep it for the numerical check.
    let utilization = capacity > 0 ? sales / capacity : (sales.isNaN ? .nan : 0)
    let target =
      utilization.isNaN
      ? .nan
      : min(
        Double.pow(max(1, utilization), p.congestionCostElasticity),
        p.maximumCongestionCostMultiplier)
    firms.costMultiplier[f] += p.costAdjustmentPerMonth * (target - firms.costMultiplier[f])
  }

  /// The firms of slot `f` exit: owners take their cash (or cover their debt); new firms of
  /// the same size stratum start in the founding country and sector.
  func exitAndReplace(_ f: Int, tally: FirmTally) {
    let cash = firms.cash[f]
    if cash >= 0 {
      tally.flows.record(.ownerWithdrawal, cash)
    } else {
      tally.flows.record(.ownerInjection, -cash)
    }
    tally.exits += firms.weightFirms[f]
    firms.generation[f] &+= 1
    firms.country[f] = firms.homeCountry[f]
    firms.ageMonths[f] = 0
    // The entrants are new firms of the slot's size stratum (the cell's ranks do not change),
    // with adoption thresholds rotated along the Weyl sequence.
    foundFirm(f, productivity: firms.productivity[f])
    for index in (2 * f)...(2 * f + 1) {
      firms.adoptionThreshold[index] =
        (firms.adoptionThreshold[index] + AdoptionThresholds.goldenStep)
        .truncatingRemainder(dividingBy: 1)
    }
  }

  /// E-commerce adoption by innovation and imitation of peers in the same country and sector,
  /// scaled by internet penetration and by the platforms' reach: sellers join platforms based
  /// in their own country readily, foreign platforms less so (language, payments, support).
  /// The month's hazard h = (innovation + imitation × adopter share)·internet·reach is the
  /// Bass model's; the firm adopts once 1 − Π(1 − h) since its founding passes its adoption
  /// threshold (``AdoptionThresholds``), which is the coin flip's timing in distribution.
  func adoptECommerce(_ f: Int, random: inout Xoshiro256StarStar) {
    let p = parameters
    let country = Int(firms.country[f])
    let cellIndex = cell(country, Int(firms.sector[f]))
    let internet = internetShare[country]
    if firms.adoption[f] & 1 == 0 {
      let hazard =
        (p.adoptionInnovationPerMonth + p.adoptionImitationPerMonth * b2bAdopterShare[cellIndex])
        * internet * platformReach(.b2b, country: country)
      if passesAdoptionThreshold(2 * f, hazard: hazard) {
        adopt(f, .b2b, draw: random.uniform())
      }
    }
    if firms.sector[f] != UInt8(Sector.other.rawValue) && firms.adoption[f] & 2 == 0 {
      let hazard =
        (p.adoptionInnovationPerMonth + p.adoptionImitationPerMonth * b2cAdopterShare[cellIndex])
        * internet * platformReach(.b2c, country: country)
      if passesAdoptionThreshold(2 * f + 1, hazard: hazard) {
        adopt(f, .b2c, draw: random.uniform())
      }
    }
  }

  /// Multiplies the probability of not having adopted by 1 − `hazard` and tells whether the
  /// probability of having adopted now exceeds the threshold (index 2f for B2B, 2f + 1 B2C).
  @inline(__always)
  func passesAdoptionThreshold(_ index: Int, hazard: Double) -> Bool {
    let notYet = firms.notYetAdoptedProbability[index] * (1 - min(max(hazard, 0), 1))
    firms.notYetAdoptedProbability[index] = notYet
    return 1 - notYet > firms.adoptionThreshold[index]
  }

  /// 1 where a platform of `kind` is based in `country`, else the foreign-platform factor.
  func platformReach(_ kind: PlatformKind, country: Int) -> Double {
    platforms.indices(of: kind).contains { platformHome[$0] == country }
      ? 1 : parameters.foreignPlatformAdoptionFactor
  }

  /// Compares φ^(σ−1) with the cut-offs of every destination and available channel: enter
  /// (paying the sunk cost) above the entry cut-off, leave below the exit cut-off.
  func reviewMarkets(_ f: Int, tally: FirmTally) {
    let p = parameters
    let o = Int(firms.country[f])
    let s = Int(firms.sector[f])
    let power = firms.productivityPower[f] * Double.pow(firms.costMultiplier[f], -sigmaMinusOne)
    let fixedShares = [p.fixedCostShareTraditional, p.fixedCostShareB2B, p.fixedCostShareB2C]
    for channel in 0..<channelCount {
      let available: Bool
      switch Channel(rawValue: channel)! {
      case .traditional: available = true
      case .b2bPlatform: available = firms.adoption[f] & 1 != 0 && firms.b2bPlatform[f] >= 0
      case .b2cPlatform: available = firms.adoption[f] & 2 != 0 && firms.b2cPlatform[f] >= 0
      }
      let sunkCost =
        p.sunkCostMonths * fixedShares[channel] * fixedCostScaleCNY[cell(o, s)] * wageIndex[o]
        * firms.weightFirms[f]
      for d in 0..<countryCount where d != o {
        let index = cutoffIndex(o, d, s, channel)
        let active = firms.isActive(f, destination: d, channel: channel)
        if active && (!available || power < exitCutoff[index]) {
          firms.setActive(f, destination: d, channel: channel, false)
          tally.marketExits += firms.weightFirms[f]
        } else if !active && available && power >= entryCutoff[index] {
          firms.setActive(f, destination: d, channel: channel, true)
          firms.cash[f] -= sunkCost
          tally.flows.record(.exportEntryCost, sunkCost)
          tally.marketEntries += firms.weightFirms[f]
        }
      }
    }
  }

  /// A labor-intensive exporter considers moving production to a corridor country (drawn by
  /// population); it moves when its unit cost there (labor and materials) is below home's by
  /// more than the relocation threshold. Moving costs the sunk cost of one traditional market.
  func considerRelocation(
    _ f: Int, random: inout Xoshiro256StarStar, scratch: RandomStream, tally: FirmTally
  ) {
    let p = parameters
    let home = Int(firms.country[f])
    let target = scratch.drawing(with: &random) { relocationDestinationSampler.sample($0) }
    guard target != home, relocationUnitCost[target].isFinite else { return }
    let homeCost = unitCost[cell(home, Sector.laborIntensive.rawValue)]
    guard relocationUnitCost[target] < homeCost * (1 - p.relocationCostSavingThreshold) else {
      return
    }
    let cost =
      p.sunkCostMonths * p.fixedCostShareTraditional
      * fixedCostScaleCNY[cell(home, Sector.laborIntensive.rawValue)] * wageIndex[home]
      * firms.weightFirms[f]
    firms.cash[f] -= cost
    tally.flows.record(.exportEntryCost, cost)
    firms.country[f] = Int32(target)
    tally.relocations += firms.weightFirms[f]
    if home == china { tally.relocationsFromChina += firms.weightFirms[f] }
  }

  /// Adds agent `f`'s end-of-month state to the partition's per-cell statistics, over the
  /// real firms it stands for.
  func recordFirm(_ f: Int, tally: FirmTally) {
    let cellIndex = cell(Int(firms.country[f]), Int(firms.sector[f]))
    let weight = firms.weightFirms[f]
    let phi = firms.productivity[f]
    tally.productivityPowerSum[cellIndex] += weight * firms.productivityPower[f]
    tally.competitivePowerSum[cellIndex] += weight * competitivePower(f)
    tally.firmCount[cellIndex] += weight
    if firms.adoption[f] & 1 != 0 { tally.b2bAdopters[cellIndex] += weight }
    if firms.adoption[f] & 2 != 0 { tally.b2cAdopters[cellIndex] += weight }
    let exportRevenue = firms.exportRevenue(f)
    tally.exportRevenue[cellIndex] += exportRevenue
    tally.domesticRevenue[cellIndex] += firms.domesticRevenue[f]
    if exportRevenue > 0 {
      tally.exporters[cellIndex] += weight
      tally.exporterProductivitySum[cellIndex] += weight * phi
    } else {
      tally.nonExporterProductivitySum[cellIndex] += weight * phi
    }
  }
}
