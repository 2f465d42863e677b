import Engine
import RealModule
import Stochastic

extension CorridorEconomy {
  /// Importer partition phase: settle last month's trade credit, split the month's budget
  /// between domestic goods and the current foreign suppliers, and sometimes search.
  ///
  /// Sourcing is CES: the domestic aggregate (weight: home bias) and each supplier compete on
  /// tariff-inclusive delivered price p^(1−σ). Relationships are sticky: a supplier is
  /// replaced only by a candidate cheaper by the switching threshold. Importers take up online
  /// sourcing like firms take up e-commerce (Bass innovation + imitation of compatriot
  /// importers, scaled by internet penetration, towards a market potential
  /// `importer_sourcing_potential_share`); online sourcers search mostly through B2B
  /// platforms (cheap, likely to succeed, little distance decay: verified sellers listed
  /// worldwide), the others through fairs and agents (costly, often fruitless, strongly
  /// distance-dependent). Orders are paid on the terms of
  /// ``paymentTerms(origin:destination:channel:platform:)``; of last month's open-account
  /// debt the share ``defaultShare(destination:)`` is not paid (a share of the agent's real
  /// importers default: the sellers write it off and the defaulters' owners keep it).
  func importersSource(partition: Int) {
    let p = parameters
    let tally = importerTallies[partition]
    tally.reset()
    let range = importers.partitioning.range(of: partition)
    guard !range.isEmpty else { return }
    let d = Int(importers.country[range.lowerBound])
    let step = stepsTaken
    let slots = importers.slots
    let defaultShare = defaultShare(destination: d)
    // Read once per partition: a copy of the array per importer would retain and release its
    // buffer, an atomic write to memory every thread reads.
    let multiplierPower = directoryScratch.multiplierPower

    importerPayments.post(from: partition) { outbox in
      for m in range {
        var random = importerDraws.generator(agent: m, step: step)
        let s = Int(importers.sector[m])
        // The agent's share of its cell's business budget: restocking (from the retailers'
        // takings) and producers' inputs (from the producers' input pool).
        let cellIndex = cell(d, s)
        let budget = importers.budgetShare[m] * businessBudgetCNY[cellIndex]
        let restocking = importers.budgetShare[m] * restockingBudgetCNY[cellIndex]
        importers.cash[m] += budget
        tally.retailRestocking[s] += restocking
        tally.inputSpending[s] += budget - restocking
        tally.importBudget += budget
        // Online sourcing spreads by a Bass diffusion of its own (buyers take up platforms
        // at their own pace, not the sellers'), carried as the share of the agent's real
        // importers that source online; from January 2015, as the firms' adoption. Its market
        // potential m is the share of importers who ever source online: with x̄ the country's
        // share online, the agent's share moves (p + q·x̄/m)·internet share of the way to m.
        let potential = p.importerSourcingPotentialShare
        let hazard =
          isInSpinUp || potential <= 0
          ? 0
          : min(
            max(
              (p.importerSourcingInnovationPerMonth + p.importerSourcingImitationPerMonth
                * importerOnlineShare[d] / potential) * internetShare[d], 0), 1)
        importers.onlineShare[m] += hazard * max(potential - importers.onlineShare[m], 0)
        tally.importers += importers.weightImporters[m]
        tally.onlineSourcers += importers.weightImporters[m] * importers.onlineShare[m]

        // Last month's open-account purchases: paid, but for the share that defaults.
        for k in 0..<slots {
          let slot = m * slots + k
          let due = importers.creditDue[slot]
          guard due > 0 else { continue }
          importers.creditDue[slot] = 0
          let firm = Int(importers.creditFirm[slot])
          // A creditor that has exited took its claims with it.
          guard firm >= 0, firms.generation[firm] == importers.creditGeneration[slot] else {
            continue
          }
          tally.creditDue += due
          let defaulted = due * defaultShare
          let paid = due - defaulted
          importers.cash[m] -= due
          if defaulted > 0 {
            tally.defaultLoss += defaulted
            tally.flows.record(.ownerWithdrawal, defaulted)
            outbox.send(to: firm, FirmPayment(amount: defaulted, channel: 0, kind: .creditDefault))
          }
          if paid > 0 {
            outbox.send(to: firm, FirmPayment(amount: paid, channel: 0, kind: .creditPayment))
          }
        }

        // Drop suppliers that are gone, no longer serve this market through the channel (the
        // market left, or none of the agent's firms above its serving cut-off this month), or
        // whose relationship simply ends.
        for k in 0..<slots {
          let slot = m * slots + k
          let firm = Int(importers.supplierFirm[slot])
          guard firm >= 0 else { continue }
          let channel = Int(importers.supplierChannel[slot])
          if firms.generation[firm] != importers.supplierGeneration[slot]
            || !firms.isActive(firm, destination: d, channel: channel)
            || sharesAbove(
              firm,
              cutoff: servingCutoff[
                cutoffIndex(Int(firms.country[firm]), d, Int(firms.sector[firm]), channel)],
              multiplierPower: multiplierPower[firm]
            ).mass == 0
            || random.uniform() < p.relationshipSeparationPerMonth
          {
            importers.supplierFirm[slot] = -1
          }
        }

        // CES split of the budget over the domestic real firms and the suppliers, with
        // weights relative to the domestic price index P so that they neither underflow nor
        // overflow: the domestic sum Σ M p^(1−σ) / P^(1−σ) = M_d (the cell's real firms)
        // times the home bias h; supplier k (p_k/P)^(1−σ) × listed mass / (own φ^(σ−1) × K)
        // (``listedMassOverOwnPower``), K the importer's links. With no supplier the whole
        // budget goes to domestic goods.
        let domesticPrice = domesticPriceIndex[cell(d, s)]
        withUnsafeTemporaryAllocation(of: Double.self, capacity: slots) { supplierWeights in
          var links = 0
          for k in 0..<slots where importers.supplierFirm[m * slots + k] >= 0 { links += 1 }
          let homeWeight = p.homeBiasWeight * firmCountByCell[cell(d, s)]
          var totalWeight = homeWeight
          for k in 0..<slots {
            let slot = m * slots + k
            let firm = Int(importers.supplierFirm[slot])
            supplierWeights[k] =
              firm < 0
              ? 0
              : Double.pow(
                supplierPrice(firm, destination: d, channel: Int(importers.supplierChannel[slot]))
                  / domesticPrice, -sigmaMinusOne)
                * listedMassOverOwnPower(
                  firm, destination: d, sector: s, channel: Int(importers.supplierChannel[slot]))
                / Double(links)
            totalWeight += supplierWeights[k]
          }
          // A cell left without domestic firms (all relocated) and without suppliers: the
          // budget stays with domestic goods, as when there is no supplier.
          let domesticSpend = totalWeight > 0 ? budget * homeWeight / totalWeight : budget
          importers.cash[m] -= domesticSpend
          tally.domesticSpend[s] += domesticSpend
          for k in 0..<slots where supplierWeights[k] > 0 {
            let slot = m * slots + k
            order(
              importer: m, slot: slot, firm: Int(importers.supplierFirm[slot]),
              channel: Int(importers.supplierChannel[slot]),
              amount: budget * supplierWeights[k] / totalWeight, destination: d, sector: s,
              tally: tally, outbox: &outbox)
          }
        }

        // Search.
        let suppliers = Int(importers.supplierCount[m])
        let emptySlot = (0..<suppliers).first { importers.supplierFirm[m * slots + $0] < 0 }
        let searchProbability =
          isInSpinUp
          ? max(p.supplierSearchProbabilityPerMonth, p.spinUpSupplierSearchProbability)
          : p.supplierSearchProbabilityPerMonth
        if emptySlot != nil || random.uniform() < searchProbability {
          search(
            importer: m, budget: budget, destination: d, sector: s, random: &random, tally: tally)
        }
      }
    }
  }

  /// The size correction of a supplier found in proportion to its CES mass: the CES mass the
  /// market (d, s, channel) lists this month, from every origin, over the supplier's own
  /// φ^(σ−1). An importer with K links weighs each at (p/P)^(1−σ) × this / K, which is
  /// (κ/P)^(1−σ) × listed mass / K with κ = p·φ the supplier's delivered price at φ = 1: the
  /// links are a sample (drawn ∝ mass × search friction) of the market's sellers, and their
  /// weights add up, in expectation, to the CES sum over all listed real firms,
  /// Σ_o (listed mass of o) × κ_o^(1−σ) × (relative search friction of o) — McFadden's
  /// correction for sampling alternatives in proportion to size, with the variety margin:
  /// a new exporter adds its mass to the sum. Taken from this month's directory (links made
  /// when few sellers were listed keep no stale weight). 0 when the market lists nobody (the
  /// link is dropped that month anyway).
  @inline(__always)
  func listedMassOverOwnPower(_ firm: Int, destination d: Int, sector s: Int, channel: Int)
    -> Double
  {
    let list = supplierDirectories.list(destination: d, sector: s, channel: channel)
    let mass = supplierDirectories.listedMass[list]
    return mass > 0 ? mass / firms.productivityPower[firm] : 0
  }

  /// Delivered price of `firm`'s goods in `d` through `channel`, with the tariff, the
  /// expected cost of the payment terms (``paymentTerms(origin:destination:channel:platform:)``)
  /// and the cost of the days in transit (``transitCostShare(origin:destination:)``).
  @inline(__always)
  func supplierPrice(_ firm: Int, destination d: Int, channel: Int) -> Double {
    let o = Int(firms.country[firm])
    let s = Int(firms.sector[firm])
    let terms = paymentTerms(
      origin: o, destination: d, channel: channel, platform: Int(firms.b2bPlatform[firm]))
    return deliveredPrice(firm, destination: d, channel: Channel(rawValue: channel)!)
      * (1 + policy.tariff(importer: d, exporter: o, sector: s) + terms.costShare
        + transitCostShare(origin: o, destination: d))
  }

  /// What buyers pay on top of the delivered price, as sellers weigh it, per (tariff index,
  /// channel): g^(1−σ) in ``importCostPower``. Wholesale buyers (traditional trade, B2B
  /// platforms) pay the tariff, the expected cost of the payment terms
  /// (``paymentTerms(origin:destination:channel:platform:)``; through B2B platforms the mean
  /// over them) and the cost of the days in transit (``transitCostShare(origin:destination:)``),
  /// g = 1 + t + terms + transit, as in ``supplierPrice(_:destination:channel:)``; households
  /// pay the parcel duty and VAT above the de minimis (``parcelTaxPower(destination:tariff:)``).
  /// Sellers weigh them in their entry decisions and in the markets' competitiveness as buyers
  /// weigh them in their orders: slower customs, weaker courts, riskier buyers and taxed
  /// parcels keep exporters out, not only orders down. One destination per partition.
  func updateImportCostPowers(executor: ParallelExecutor) {
    let n = countryCount
    let sectors = PolicyState.sectorCount
    let power = -sigmaMinusOne
    let b2bPlatforms = platforms.indices(of: .b2b)
    let costs = importCostPower
    executor.forEachPartition(n) { d in
      // A country's own goods pay none of it (the entries stay at their initial 1).
      for o in 0..<n where o != d {
        let transit = transitCostShare(origin: o, destination: d)
        let traditional = paymentTerms(
          origin: o, destination: d, channel: Channel.traditional.rawValue, platform: -1
        ).costShare
        var b2b = 0.0
        for platform in b2bPlatforms {
          b2b +=
            paymentTerms(
              origin: o, destination: d, channel: Channel.b2bPlatform.rawValue, platform: platform
            ).costShare
        }
        b2b = b2bPlatforms.isEmpty ? traditional : b2b / Double(b2bPlatforms.count)
        for s in 0..<sectors {
          let index = policy.tariffIndex(importer: d, exporter: o, sector: s)
          let tariff = policy.tariff[index]
          costs[3 * index] = Double.pow(1 + tariff + traditional + transit, power)
          costs[3 * index + 1] = Double.pow(1 + tariff + b2b + transit, power)
          costs[3 * index + 2] = parcelTaxPower(destination: d, tariff: tariff)
        }
      }
    }
  }

  /// The cost to a wholesale buyer of the time and the risk its goods spend in freight and
  /// customs, share of their value: freight days (handling, distance over speed, the
  /// destination's clearance days) × `transit_day_cost_share` — capital tied up in goods not
  /// yet sold and their loss of value with time (Hummels and Schaur 2013) — plus the cargo
  /// insurance premium, the route's freight loss probability. Paid to trade intermediaries
  /// (inventory finance, insurers). Slower customs, longer routes and poorer logistics thus
  /// cost traditional and B2B buyers too, not only parcels.
  @inline(__always)
  func transitCostShare(origin o: Int, destination d: Int) -> Double {
    let route = route(o, d)
    return logistics.freightDays[route] * parameters.transitDayCostShare
      + logistics.freightLossProbability[route]
  }

  /// Importer `m` orders `amount` (tariff and payment-terms costs inclusive) from its supplier
  /// in `slot`, on the terms of ``paymentTerms(origin:destination:channel:platform:)``: the
  /// tariff to the government, freight to carriers, the platform commission or the
  /// intermediary fee, the letter-of-credit fees, the cost of paying ahead and the cost of the
  /// days in transit (``transitCostShare(origin:destination:)``) to trade intermediaries, the expected non-delivery of prepaid orders to the fraud sink, and
  /// the ex-works value to the firm — now (cash in advance, letter of credit) or next month
  /// (open account, with the seller's risk premium).
  func order(
    importer m: Int, slot: Int, firm: Int, channel: Int, amount: Double, destination d: Int,
    sector s: Int, tally: BuyerTally, outbox: inout OutboxWriter<FirmPayment>
  ) {
    let p = parameters
    let o = Int(firms.country[firm])
    let tariffRate = policy.tariff(importer: d, exporter: o, sector: s)
    let onPlatform = channel == Channel.b2bPlatform.rawValue && firms.b2bPlatform[firm] >= 0
    let terms = paymentTerms(
      origin: o, destination: d, channel: channel,
      platform: onPlatform ? Int(firms.b2bPlatform[firm]) : -1)
    let freightShare = logistics.freightCostShare[route(o, d)]

    let transitShare = transitCostShare(origin: o, destination: d)
    let goodsValue = amount / (1 + tariffRate + terms.costShare + transitShare)
    let tariff = goodsValue * tariffRate
    let fraud = goodsValue * terms.cashInAdvance * terms.prepaidFraudShare
    let tradeFinance =
      goodsValue
      * (terms.cashInAdvance * p.prepaymentFinancingCostShare
        + terms.letterOfCredit * terms.letterOfCreditFee)
    let premium = goodsValue * terms.receiptShare * terms.openAccount * terms.defaultPremium
    tally.fraudLoss += fraud
    tally.b2bFraudLoss += fraud
    tally.intermediaryRevenue += tradeFinance + goodsValue * transitShare
    tally.tradeCreditSales += goodsValue * terms.openAccount
    tally.letterOfCreditSales += goodsValue * terms.letterOfCredit

    let sellerReceipt: Double
    if onPlatform {
      let platform = Int(firms.b2bPlatform[firm])
      let commission = goodsValue * platforms.commissionRate[platform]
      sellerReceipt = (goodsValue - commission) / (1 + freightShare)
      tally.platformRevenue[platform] += commission
      tally.platformGoodsValue[platform] += goodsValue
      tally.platformOrders[platform] += importers.weightImporters[m]
    } else {
      let fee =
        goodsValue * p.traditionalIntermediaryFeeRate
        / (1 + freightShare + p.traditionalIntermediaryFeeRate)
      sellerReceipt = goodsValue / (1 + freightShare + p.traditionalIntermediaryFeeRate)
      tally.intermediaryRevenue += fee
    }
    let carrier = sellerReceipt * freightShare
    tally.logisticsRevenue += carrier
    tally.taxRevenue += tariff
    tally.tariffRevenue += tariff
    let flow = BuyerTally.flowIndex(origin: o, channel: channel, sector: s)
    tally.flowGoodsValue[flow] += goodsValue
    tally.flowFirmReceipts[flow] += sellerReceipt
    let onCredit = sellerReceipt * terms.openAccount
    let paidNow = sellerReceipt - onCredit
    importers.cash[m] -= amount - onCredit - premium
    if onCredit > 0 {
      importers.creditDue[slot] += onCredit + premium
      importers.creditFirm[slot] = Int32(firm)
      importers.creditGeneration[slot] = firms.generation[firm]
      outbox.send(
        to: firm, FirmPayment(amount: onCredit, channel: UInt8(channel), kind: .creditSale))
      outbox.send(
        to: firm, FirmPayment(amount: premium, channel: UInt8(channel), kind: .creditPremium))
    }
    if paidNow > 0 {
      outbox.send(
        to: firm, FirmPayment(amount: paidNow, channel: UInt8(channel), kind: .cashSale))
    }
  }

  /// Importer `m` looks for a new supplier. An importer that sources online searches through a
  /// B2B platform most of the time (if platforms list anyone), else through fairs and agents. On
  /// success a candidate is drawn: an origin country with probability ∝ (the CES mass it lists:
  /// real firms × φ^(σ−1)) × distance^(−decay), then a seller with probability ∝ its CES mass:
  /// large firms have more buyers. The importer's CES weight on the supplier carries the
  /// sampling correction (``listedMassOverOwnPower``), so that no importer's budget hinges on
  /// having found a giant. The candidate fills an empty
  /// slot or replaces the dearest supplier if cheaper by the switching threshold.
  func search(
    importer m: Int, budget: Double, destination d: Int, sector s: Int,
    random: inout Xoshiro256StarStar, tally: BuyerTally
  ) {
    let p = parameters
    let n = countryCount
    let slots = importers.slots
    let platformList = supplierDirectories.list(
      destination: d, sector: s, channel: Channel.b2bPlatform.rawValue)
    let traditionalList = supplierDirectories.list(
      destination: d, sector: s, channel: Channel.traditional.rawValue)
    // A search of one of the agent's online-sourcing importers, which search through a
    // platform most of the time.
    let usePlatform =
      supplierDirectories.count(list: platformList) > 0
      && random.uniform() < importers.onlineShare[m] * p.platformSearchShareOfAdopters
    let channel = usePlatform ? Channel.b2bPlatform.rawValue : Channel.traditional.rawValue
    let list = usePlatform ? platformList : traditionalList
    tally.searches += importers.weightImporters[m]
    if usePlatform { tally.platformSearches += importers.weightImporters[m] }

    // Search cost: to the platform (fees for verified-supplier search) or to intermediaries.
    let cost = budget * (usePlatform ? p.platformSearchCostShare : p.traditionalSearchCostShare)
    importers.cash[m] -= cost
    if usePlatform {
      let platforms = self.platforms.indices(of: .b2b)
      let platform = platforms[random.uniformInt(below: platforms.count)]
      tally.platformRevenue[platform] += cost
    } else {
      tally.intermediaryRevenue += cost
    }
    guard supplierDirectories.count(list: list) > 0,
      random.uniform() < (usePlatform ? p.platformSearchSuccess : p.traditionalSearchSuccess)
    else { return }

    // Origin by the CES mass it lists (real firms × φ^(σ−1)) × distance decay, then a seller
    // in proportion to its CES mass: overall, sellers are found in proportion to mass ×
    // distance decay.
    let distanceWeight =
      usePlatform ? platformSearchDistanceWeight : traditionalSearchDistanceWeight
    var totalWeight = 0.0
    for o in 0..<n {
      let listed = supplierDirectories.visibility(list: list, origin: o)
      if listed > 0 { totalWeight += listed * distanceWeight[route(o, d)] }
    }
    guard totalWeight > 0 else { return }
    var draw = random.uniform() * totalWeight
    var origin = -1
    for o in 0..<n {
      let listed = supplierDirectories.visibility(list: list, origin: o)
      guard listed > 0 else { continue }
      origin = o
      draw -= listed * distanceWeight[route(o, d)]
      if draw < 0 { break }
    }
    let candidate = drawListedSeller(list: list, origin: origin, uniform: random.uniform())
    // Prices compared net of the size correction, as the CES weight sees them: the delivered
    // price at φ = 1, κ = p·φ, so that importers do not drift to whichever giant they met.
    let candidatePrice =
      supplierPrice(candidate, destination: d, channel: channel)
      * firms.productivity[candidate]

    // An empty slot, else the dearest supplier if the candidate beats it by the threshold.
    var target = -1
    var dearest = 0.0
    for k in 0..<Int(importers.supplierCount[m]) {
      let slot = m * slots + k
      let firm = Int(importers.supplierFirm[slot])
      if firm == candidate { return }
      if firm < 0 {
        target = slot
        dearest = .infinity
        break
      }
      let supplierChannel = Int(importers.supplierChannel[slot])
      let price =
        supplierPrice(firm, destination: d, channel: supplierChannel)
        * firms.productivity[firm]
      if price > dearest {
        dearest = price
        target = slot
      }
    }
    guard target >= 0,
      dearest == .infinity || candidatePrice < dearest * (1 - p.supplierSwitchingThreshold)
    else { return }
    importers.supplierFirm[target] = Int32(candidate)
    importers.supplierGeneration[target] = firms.generation[candidate]
    importers.supplierChannel[target] = UInt8(channel)
    tally.newSuppliers += importers.weightImporters[m]
  }
}
