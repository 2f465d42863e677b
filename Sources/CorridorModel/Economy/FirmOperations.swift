import Engine
import RealModule
import Stochastic

extension CorridorEconomy {
  /// Firm partition phase: book sales, pay costs, decide exit, markets, adoption, relocation.
  ///
  /// Revenue: payments and claims from buyers (exchange messages), plus a share of the
  /// domestic market of the firm's (country, sector), φ^(σ−1)/Σφ^(σ−1) (CES market shares).
  /// Trade credit: the risk premiums of open-account sales are income, buyers' defaults a loss
  /// (``paymentTerms(origin:destination:channel:platform:)``).
  /// Costs: production (revenue / markup, with the input VAT not refunded on exports), fixed costs of each
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
    let channels = channelCount
    let rebuiltMultiplierPower = directoryScratch.multiplierPower

    for f in range {
      firms.domesticRevenue[f] = 0
      firms.creditRiskResult[f] = 0
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
        firms.creditRiskResult[firm] -= payment.amount
      case .creditPremium:
        firms.receivables[firm] += payment.amount
        firms.creditRiskResult[firm] += payment.amount
      }
    }
    consumerPayments.forEachMessage(to: partition, receive)
    importerPayments.forEachMessage(to: partition, receive)

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

      // Production cost, and the input VAT not refunded on exports (to the government).
      let exportRevenue = firms.exportRevenue(f)
      // The month's sales count for the cell that made them, before an exit hands the slot to
      // entrants (whose revenue starts at 0) or a move changes the agent's country.
      tally.exportRevenue[cellIndex] += exportRevenue
      tally.domesticRevenue[cellIndex] += domestic
      let unrefundedVATRate = unrefundedExportVATRate(country: c, sector: s)
      let exportQuantityCost = exportRevenue * (1 - unrefundedVATRate) / markup
      let productionCost = domestic / markup + exportQuantityCost
      let unrefundedVAT = exportRevenue * unrefundedVATRate
      firms.cash[f] -= productionCost + unrefundedVAT
      // Materials are bought from other producers, at home or abroad, through the country's
      // importer agents next month (a transfer); labor and the rest leave the model.
      let inputs = productionCost * materialsCostShare[cellIndex]
      tally.inputPurchases[cellIndex] += inputs
      tally.flows.record(.productionCost, productionCost - inputs)
      tally.unrefundedExportVAT[c] += unrefundedVAT

      // Fixed costs of active export markets, paid by each of the agent's real firms that
      // serves the market: sells through the channel and lies above the market's serving
      // cut-off τ. Where τ fell, the firms between the new and the old τ enter and pay the sunk
      // cost. The firms that export are those that serve some market (``ExportingShares``).
      var fixedCosts = 0.0
      var entryCosts = 0.0
      var widest = ExportingShares()
      // Σ over the agent's B2B and B2C markets of the share of its firms above τ.
      var servingFirmsB2B = 0.0
      var servingFirmsB2C = 0.0
      // m^(σ−1) as this month's directory rebuild computed it: the multiplier has not moved
      // since (it adjusts below, after the firm's markets are costed).
      let multiplierPower = rebuiltMultiplierPower[f]
      // The stratum's bounds, read once for all of its markets
      // (``sharesAbove(_:cutoff:multiplierPower:)``).
      let stratum = firms.stratumBounds(f)
      let strata = firmSizeStrata
      func shares(cutoff: Double) -> (firms: Double, mass: Double) {
        strata.sharesAbove(threshold: cutoff * multiplierPower, of: stratum)
      }
      let cutoffs = servingCutoff.storage
      let previousCutoffs = previousServingCutoff.storage
      for channel in 0..<channels {
        var servingFirms = 0.0
        var enteringFirms = 0.0
        var leavingFirms = 0.0
        firms.forEachActiveMarket(f, channel: channel, countryCount: countryCount) { d in
          let index = cutoffIndex(c, d, s, channel)
          let current = shares(cutoff: cutoffs[index])
          servingFirms += current.firms
          widest.include(current, channel: channel)
          if cutoffs[index] != previousCutoffs[index] {
            let before = shares(cutoff: previousCutoffs[index]).firms
            if current.firms > before {
              enteringFirms += current.firms - before
            } else {
              leavingFirms += before - current.firms
            }
          }
        }
        if channel == Channel.b2bPlatform.rawValue { servingFirmsB2B = servingFirms }
        if channel == Channel.b2cPlatform.rawValue { servingFirmsB2C = servingFirms }
        let sellers = weight * firms.channelShare(f, channel: channel)
        tally.marketExits += sellers * leavingFirms
        if enteringFirms > 0 {
          let cost =
            sunkCostPerFirm(country: c, sector: s, channel: channel) * sellers * enteringFirms
          entryCosts += cost
          tally.flows.record(.exportEntryCost, cost)
          tally.marketEntries += sellers * enteringFirms
        }
        guard servingFirms > 0 else { continue }
        let cost =
          servingFirms * fixedCostPerFirm(country: c, sector: s, channel: channel) * sellers
        fixedCosts += cost
        if channel == Channel.b2bPlatform.rawValue, firms.b2bPlatform[f] >= 0 {
          tally.platformFees[Int(firms.b2bPlatform[f])] += cost
        } else {
          tally.flows.record(.exportFixedCost, cost)
        }
      }
      var exporting = widest.union(
        adoptedB2B: firms.adoptedShare[2 * f], adoptedB2C: firms.adoptedShare[2 * f + 1])
      firms.cash[f] -= fixedCosts + entryCosts
      // Trade credit: premiums charged minus buyers' defaults written off.
      let profit =
        domestic + exportRevenue - unrefundedVAT + firms.creditRiskResult[f] - productionCost
        - fixedCosts - entryCosts
      adjustCongestionCost(f)
      firms.lossMonths[f] = profit < 0 ? firms.lossMonths[f] &+ 1 : 0
      let soldB2C = firms.exportRevenueByChannel[f * channels + Channel.b2cPlatform.rawValue] > 0
      firms.reputation[f] +=
        soldB2C
        ? p.sellerReputationGainPerSellingMonth * (1 - firms.reputation[f])
        : -p.sellerReputationDecayPerIdleMonth * firms.reputation[f]

      var random = firmDraws.generator(agent: f, step: step)
      // Pools of relocated producers (``RelocationPoolLayout``) do not exit as a whole: a
      // losing pool sheds a share of its firms (``shedPoolShare(_:tally:)``); they review
      // their markets every month (their firms change as movers arrive).
      let isPool = f >= relocationPools.firstPool
      let losing = Double(firms.lossMonths[f]) >= p.exitAfterLossMonths
      if !isPool && losing {
        exitAndReplace(f, tally: tally)
      } else {
        if isPool && losing && firms.weightFirms[f] > 0 { shedPoolShare(f, tally: tally) }
        adoptECommerce(
          f, servingFirmsB2B: servingFirmsB2B, servingFirmsB2C: servingFirmsB2C, random: &random,
          tally: tally)
        reviewPlatforms(f, random: &random, tally: tally)
        if isPool || random.uniform() < (isInSpinUp ? 1 : p.marketReviewProbabilityPerMonth) {
          reviewMarkets(f, tally: tally)
        }
        // Exporting labor-intensive strata move a share of their exporters abroad (none in
        // the spin-up: where producers stand in 2015 is the initial state).
        if s == Sector.laborIntensive.rawValue && !isPool {
          exporting = moveExportingShare(f, exporting: exporting, tally: tally)
        }
      }
      recordFirm(f, exporting: exporting, tally: tally)
    }
  }

  /// Capacity utilization raises marginal cost: the target multiplier is
  /// min(max(1, sales / capacity)^elasticity, ceiling) and the multiplier closes part of the
  /// gap each month. The ceiling keeps extreme utilization finite (overflow otherwise, with
  /// steep elasticities).
  ///
  /// Utilization is that of the firm's country-sector: last month's sales (domestic and
  /// export) of its firms over its capacity, `capacityToAbsorptionRatio` times its tradables
  /// demand (growing with GDP), plus what relocated producers carried in (less what movers
  /// carried out: ``carryRelocatedCapacity(home:movedMass:)``). Capacity is the
  /// cell's labor, land, plant and suppliers, which its firms share: when exports boom, or
  /// relocated producers arrive faster than their plant, every firm's costs rise.
  /// (Per agent, utilization would hinge on how many buyers an agent happened to draw, and the
  /// convex cost would then depend on how many agents stand for the cell.) Export sales are the
  /// cell's expected ones (``expectedExportRevenueByCell()``), not those its firms happened to
  /// book: a small country's cell has a few heavy buyers or none, and the convex cost of its
  /// realized sales would average higher over those swings the fewer the agents.
  func adjustCongestionCost(_ f: Int) {
    let cellIndex = cell(Int(firms.country[f]), Int(firms.sector[f]))
    firms.costMultiplier[f] +=
      parameters.costAdjustmentPerMonth * (congestionTarget[cellIndex] - firms.costMultiplier[f])
  }

  /// The congestion multiplier a cell's utilization calls for (see
  /// ``adjustCongestionCost(_:)``): the m that solves m = max(1, U(m))^e, where U(m) is the
  /// utilization the cell would reach at multiplier m. Last month's utilization U₀ was reached
  /// at the multiplier then in effect, m₀; its exports, the share x of its sales, sell
  /// (p)^(1−σ) with the price, so U(m) = U₀·(m/m₀)^(−(σ−1)x) (its domestic sales, which
  /// answer less, held fixed), and
  /// log m = e·(log U₀ + (σ−1)x·log m₀) / (1 + e(σ−1)x), at least 0.
  /// At a steady state (m₀ = m) this is m = U^e. Setting the target to U₀^e instead (the
  /// utilization of last month at last month's costs) is a cobweb: with e(σ−1)x above about
  /// 1 the multiplier and the exports of small export-heavy cells cycle every few months
  /// (Bangladesh's exports swung between 0.2 and 0.8 of GDP a month), and so did the hosts
  /// that pass the relocation test.
  func congestionMultiplierTarget(cell cellIndex: Int, country c: Int, exportRevenueCNY: Double)
    -> Double
  {
    let p = parameters
    let capacity =
      p.capacityToAbsorptionRatio
      * (cellDemandAtStartCNY[cellIndex] + carriedCapacityCNY[cellIndex]) * gdpIndex[c]
    let sales = exportRevenueCNY + metrics.domesticRevenueCNY[cellIndex]
    // A NaN utilization must not vanish into max(1, ·) = 1: keep it for the numerical check.
    let utilization = capacity > 0 ? sales / capacity : (sales.isNaN ? .nan : 0)
    guard !utilization.isNaN else { return .nan }
    guard utilization > 0 else { return 1 }
    let exportShare = sales > 0 ? min(max(exportRevenueCNY / sales, 0), 1) : 0
    let response = p.congestionCostElasticity * sigmaMinusOne * exportShare
    let logMultiplier =
      (p.congestionCostElasticity * Double.log(utilization)
        + response * Double.log(congestionInEffect[cellIndex])) / (1 + response)
    return min(Double.exp(max(logMultiplier, 0)), p.maximumCongestionCostMultiplier)
  }

  /// Per (country, sector): the export revenue its firms could expect last month, CNY: each
  /// market's revenue (all its sellers' receipts) shared among origins by their part of the
  /// market's CES sum Σ (p(1 + t))^(1−σ) over the sellers listed,
  /// R_m · C_{m,o} / Σ_o′ C_{m,o′}, the share the cut-offs expect (``updateCutoffs``). It
  /// sums to the markets' revenue and, unlike the sales an origin's few agents happened to
  /// book through sticky links, does not depend on how many agents stand for either side.
  func expectedExportRevenueByCell() -> [Double] {
    let n = countryCount
    let sectors = sectorCount
    let channels = channelCount
    let byOrigin = marketCompetitivenessByOrigin.storage
    let revenue = marketRevenue.storage
    // Each market's sum over origins (in origin order), destinations side by side.
    var totals = [Double](repeating: 0, count: n * sectors * channels)
    totals.withUnsafeMutableBufferPointer { totals in
      stepExecutor.forEachPartition(n) { d in
        for market in marketIndex(d, 0, 0)..<marketIndex(d + 1, 0, 0) where revenue[market] > 0 {
          var total = 0.0
          for o in 0..<n { total += byOrigin[market * n + o] }
          totals[market] = total
        }
      }
    }
    // Each origin's cells, origins side by side, take the markets' shares in the order of
    // the markets (destination, sector, channel).
    var expected = [Double](repeating: 0, count: n * sectors)
    expected.withUnsafeMutableBufferPointer { expected in
      stepExecutor.forEachPartition(n) { o in
        for d in 0..<n {
          for s in 0..<sectors {
            for channel in 0..<channels {
              let market = marketIndex(d, s, channel)
              // (A market without revenue has no total.)
              let share = byOrigin[market * n + o]
              guard totals[market] > 0, share > 0 else { continue }
              expected[cell(o, s)] += revenue[market] * share / totals[market]
            }
          }
        }
      }
    }
    return expected
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
    // The entrants are new firms of the slot's size stratum (the cell's ranks do not change),
    // none of them on a platform yet.
    foundFirm(f, productivity: firms.productivity[f])
  }

  /// E-commerce adoption by innovation and imitation of peers in the same country and sector,
  /// scaled by internet penetration and by the platforms' reach: sellers join platforms based
  /// in their own country readily, foreign platforms less so (language, payments, support).
  /// The month's hazard h = (innovation + imitation × adopter share)·internet·reach is the
  /// Bass model's: each of the agent's real firms not yet on a platform of the kind joins with
  /// probability h, so the adopted share a of its firms grows by h·(1 − a). The agent carries
  /// that share, not a coin flip for all of its firms at once: the cell's adopted share of
  /// firms and of sales is then the expected one whatever the number of agents.
  ///
  /// The agent lists its adopters on one platform per kind, chosen by their first cohort;
  /// later cohorts join it, and the agent reviews it (``reviewPlatforms(_:random:tally:)``).
  ///
  /// `servingFirmsB2B` and `servingFirmsB2C` are Σ over the agent's markets through the
  /// platform kind of the share of its firms above the serving cut-off this month (as its
  /// fixed costs counted them): each new adopter enters those markets, paying the sunk cost.
  func adoptECommerce(
    _ f: Int, servingFirmsB2B: Double, servingFirmsB2C: Double,
    random: inout Xoshiro256StarStar, tally: FirmTally
  ) {
    // The diffusion starts in January 2015: the initial adoption shares are 2015's, not
    // those a spin-up of arbitrary length would have diffused to.
    guard !isInSpinUp else { return }
    let p = parameters
    let country = Int(firms.country[f])
    let s = Int(firms.sector[f])
    let cellIndex = cell(country, s)
    let internet = internetShare[country]
    // k = 0 B2B, 1 B2C (no array literal: this runs for every agent every month).
    for k in 0..<2 {
      let kind: PlatformKind = k == 0 ? .b2b : .b2c
      if kind == .b2c && firms.sector[f] == UInt8(Sector.other.rawValue) { continue }
      let adopterShare = kind == .b2b ? b2bAdopterShare[cellIndex] : b2cAdopterShare[cellIndex]
      let hazard = min(
        max(
          (p.adoptionInnovationPerMonth + p.adoptionImitationPerMonth * adopterShare) * internet
            * platformReach(kind, country: country), 0), 1)
      let before = firms.adoptedShare[2 * f + k]
      let after = before + hazard * (1 - before)
      guard after > before else { continue }
      firms.adoptedShare[2 * f + k] = after
      // The new adopters that lie above the serving cut-offs of the agent's markets through
      // the platform enter them, paying the sunk cost.
      let entrants = k == 0 ? servingFirmsB2B : servingFirmsB2C
      if entrants > 0 {
        let newAdopters = firms.weightFirms[f] * (after - before)
        let cost =
          sunkCostPerFirm(country: country, sector: s, channel: k + 1) * newAdopters * entrants
        firms.cash[f] -= cost
        tally.flows.record(.exportEntryCost, cost)
        tally.marketEntries += newAdopters * entrants
      }
      // The first adopters choose the agent's platform; later ones join it.
      let bit: UInt8 = k == 0 ? 1 : 2
      if firms.adoption[f] & bit == 0 { adopt(f, kind, draw: random.uniform()) }
    }
  }

  /// Listed agents review their platforms (``reviewPlatform(_:_:random:)``); the firms that
  /// move are counted.
  func reviewPlatforms(_ f: Int, random: inout Xoshiro256StarStar, tally: FirmTally) {
    for k in 0..<2 where reviewPlatform(f, k == 0 ? .b2b : .b2c, random: &random) {
      tally.platformSwitches += firms.weightFirms[f] * firms.adoptedShare[2 * f + k]
    }
  }

  /// The monthly fixed cost, CNY, of one real firm of (`country`, `sector`) serving a foreign
  /// market through `channel`: the channel's share of the cell's fixed-cost scale, indexed to
  /// the country's wages.
  @inline(__always)
  func fixedCostPerFirm(country c: Int, sector s: Int, channel: Int) -> Double {
    fixedCostShare(channel: channel) * fixedCostScaleCNY[cell(c, s)] * wageIndex[c]
  }

  /// The sunk cost, CNY, of one real firm of (`country`, `sector`) entering a foreign market
  /// through `channel` (or moving its plant): `sunk_cost_months` of the fixed cost.
  @inline(__always)
  func sunkCostPerFirm(country c: Int, sector s: Int, channel: Int) -> Double {
    parameters.sunkCostMonths * fixedCostPerFirm(country: c, sector: s, channel: channel)
  }

  /// The fixed cost of a market through `channel`, as a share of the cell's fixed-cost scale.
  @inline(__always)
  func fixedCostShare(channel: Int) -> Double {
    switch channel {
    case Channel.traditional.rawValue: parameters.fixedCostShareTraditional
    case Channel.b2bPlatform.rawValue: parameters.fixedCostShareB2B
    default: parameters.fixedCostShareB2C
    }
  }

  /// 1 where a platform of `kind` is based in `country`, else the foreign-platform factor.
  func platformReach(_ kind: PlatformKind, country: Int) -> Double {
    platforms.indices(of: kind).contains { platformHome[$0] == country }
      ? 1 : parameters.foreignPlatformAdoptionFactor
  }

  /// Compares the competitive power (φ/m)^(σ−1) of the agent's strongest firm with the serving
  /// cut-off τ of every destination and available channel: the agent enters a market once its
  /// strongest firm is above τ (its firms above τ paying the sunk cost), and leaves once that
  /// firm is below it. While in, its firms above τ serve the market
  /// (``sharesAbove(_:cutoff:multiplierPower:)``), as τ moves. With `entryIsPaid` false the
  /// entrants pay nothing: relocated firms arriving in a pool keep the market access they had
  /// at home (their buyers follow them, ``relinkToPools()``).
  ///
  /// The comparison is made for all destinations of a 64-country word at once (a mask of the
  /// markets the agent may stay in and one of those it may enter), and only the markets that
  /// change are then visited, exits before entries, each in ascending order of destination:
  /// every sum sees its terms in the order of a loop over destinations.
  func reviewMarkets(_ f: Int, tally: FirmTally, entryIsPaid: Bool = true) {
    let o = Int(firms.country[f])
    let s = Int(firms.sector[f])
    let n = countryCount
    let multiplierPower = Double.pow(firms.costMultiplier[f], sigmaMinusOne)
    let strongest = firms.strongestPower[f] / multiplierPower
    let cutoffs = servingCutoff.storage
    let wordsPerChannel = FirmPopulation.wordsPerChannel
    for channel in 0..<channelCount {
      let available: Bool
      switch Channel(rawValue: channel)! {
      case .traditional: available = true
      case .b2bPlatform: available = firms.adoption[f] & 1 != 0 && firms.b2bPlatform[f] >= 0
      case .b2cPlatform: available = firms.adoption[f] & 2 != 0 && firms.b2cPlatform[f] >= 0
      }
      // The agent's real firms that sell through the channel, and their platform (whose
      // markets they can reach).
      let sellers = firms.weightFirms[f] * firms.channelShare(f, channel: channel)
      let sunkCost = sunkCostPerFirm(country: o, sector: s, channel: channel)
      let platform =
        channel == Channel.b2bPlatform.rawValue
        ? Int(firms.b2bPlatform[f])
        : channel == Channel.b2cPlatform.rawValue ? Int(firms.b2cPlatform[f]) : -1
      // Cut-offs of (o, ·, s, channel) are contiguous over destinations.
      let firstCutoff = cutoffIndex(o, 0, s, channel)
      for word in 0..<wordsPerChannel {
        let first = word << 6
        guard first < n else { break }
        // Markets where the agent's strongest firm clears the cut-off through a reachable
        // channel (it stays in them), and of those the ones with a finite cut-off (it may
        // enter them); never the home market.
        var stays: UInt64 = 0
        var opens: UInt64 = 0
        if available {
          for d in first..<Swift.min(n, first + 64) {
            let cutoff = cutoffs[firstCutoff &+ d]
            let bit: UInt64 = strongest >= cutoff ? 1 &<< UInt64(d &- first) : 0
            stays |= bit
            opens |= cutoff.isFinite ? bit : 0
          }
          // Through a platform, only the markets it serves.
          if platform >= 0 {
            let served = platformServesWords[platform * wordsPerChannel + word]
            stays &= served
            opens &= served
          }
        }
        let others: UInt64 = o >> 6 == word ? ~(UInt64(1) << UInt64(o & 63)) : ~0
        let wordIndex = (f * channelCount + channel) * wordsPerChannel + word
        let active = firms.marketBits[wordIndex]
        var exits = active & ~stays & others
        var entries = ~active & opens & others
        firms.marketBits[wordIndex] = (active & ~exits) | entries
        while exits != 0 {
          let d = first | exits.trailingZeroBitCount
          exits &= exits &- 1
          // The firms that served until last month.
          tally.marketExits +=
            sellers
            * sharesAbove(
              f, cutoff: previousServingCutoff[cutoffIndex(o, d, s, channel)],
              multiplierPower: multiplierPower
            ).firms
        }
        while entries != 0 {
          let d = first | entries.trailingZeroBitCount
          entries &= entries &- 1
          let entrants =
            sellers
            * sharesAbove(
              f, cutoff: cutoffs[firstCutoff + d], multiplierPower: multiplierPower
            ).firms
          if entryIsPaid {
            firms.cash[f] -= sunkCost * entrants
            tally.flows.record(.exportEntryCost, sunkCost * entrants)
          }
          tally.marketEntries += entrants
        }
      }
    }
  }

  /// Adds agent `f`'s end-of-month state to the partition's per-cell statistics, over the
  /// real firms it stands for: the shares `exporting` of its firms and of its CES mass export
  /// (serve a foreign market: the upper part of its stratum, with the higher productivity),
  /// whether or not the agent happened to sell abroad this month.
  func recordFirm(_ f: Int, exporting: (firms: Double, mass: Double), tally: FirmTally) {
    let cellIndex = cell(Int(firms.country[f]), Int(firms.sector[f]))
    let weight = firms.weightFirms[f]
    let power = firms.productivityPower[f]
    tally.productivityPowerSum[cellIndex] += weight * power
    tally.competitivePowerSum[cellIndex] += weight * competitivePower(f)
    tally.firmCount[cellIndex] += weight
    tally.b2bAdopters[cellIndex] += weight * firms.adoptedShare[2 * f]
    tally.b2cAdopters[cellIndex] += weight * firms.adoptedShare[2 * f + 1]
    if firms.adoption[f] & 1 != 0 {
      tally.platformSellers[Int(firms.b2bPlatform[f])] += weight * firms.adoptedShare[2 * f]
    }
    if firms.adoption[f] & 2 != 0 {
      tally.platformSellers[Int(firms.b2cPlatform[f])] += weight * firms.adoptedShare[2 * f + 1]
    }
    // Mean φ of each part: (φ^(σ−1) × mass share / firm share)^(1/(σ−1)).
    func productivity(mass: Double, firms: Double) -> Double {
      Double.pow(power * mass / firms, 1 / sigmaMinusOne)
    }
    if exporting.firms > 0 {
      tally.exporters[cellIndex] += weight * exporting.firms
      tally.exporterProductivitySum[cellIndex] +=
        weight * exporting.firms * productivity(mass: exporting.mass, firms: exporting.firms)
    }
    if exporting.firms < 1 {
      tally.nonExporterProductivitySum[cellIndex] +=
        weight * (1 - exporting.firms)
        * productivity(mass: 1 - exporting.mass, firms: 1 - exporting.firms)
    }
  }
}

/// The widest serving shares (of firms and of CES mass) of an agent's stratum in each channel,
/// and the share of its firms that serve some market.
///
/// Within a channel the serving firms are the top of the stratum, nested by rank (the market
/// with the lowest cut-off has the widest set). Through a platform only its adopters serve, a
/// share a of the firms at every rank (adoption does not depend on size). A firm at a rank
/// covered by the traditional set exports; one covered only by platform sets exports unless
/// it has adopted none of them: 1 − Π(1 − a_channel) over the channels that cover its rank.
struct ExportingShares {
  var traditional = (firms: 0.0, mass: 0.0)
  var b2b = (firms: 0.0, mass: 0.0)
  var b2c = (firms: 0.0, mass: 0.0)

  mutating func include(_ shares: (firms: Double, mass: Double), channel: Int) {
    switch channel {
    case 0: if shares.firms > traditional.firms { traditional = shares }
    case 1: if shares.firms > b2b.firms { b2b = shares }
    default: if shares.firms > b2c.firms { b2c = shares }
    }
  }

  /// The share of the stratum's firms (and of its mass) that serve at least one market.
  func union(adoptedB2B: Double, adoptedB2C: Double) -> (firms: Double, mass: Double) {
    typealias Width = (firms: Double, mass: Double, adopted: Double)
    // The three widths in ascending order of firms (a sorting network: no allocation).
    var first: Width = (traditional.firms, traditional.mass, 1)
    var second: Width = (b2b.firms, b2b.mass, adoptedB2B)
    var third: Width = (b2c.firms, b2c.mass, adoptedB2C)
    if first.firms > second.firms { swap(&first, &second) }
    if second.firms > third.firms { swap(&second, &third) }
    if first.firms > second.firms { swap(&first, &second) }
    // Ranks up to the narrowest width are covered by all three channels, those between it and
    // the next by the two wider ones, and so on.
    let coveredByAll = 1 - (1 - first.adopted) * (1 - second.adopted) * (1 - third.adopted)
    let coveredByTwo = 1 - (1 - second.adopted) * (1 - third.adopted)
    let coveredByOne = third.adopted
    return (
      first.firms * coveredByAll + (second.firms - first.firms) * coveredByTwo
        + (third.firms - second.firms) * coveredByOne,
      first.mass * coveredByAll + (second.mass - first.mass) * coveredByTwo
        + (third.mass - second.mass) * coveredByOne
    )
  }
}
