import DenseMatrix
import Engine
import RealModule
import Stochastic

/// Preallocated buffers of one consumer partition's B2C choices (no allocation per step).
final class ChoiceWorkspace: @unchecked Sendable {
  /// Features per alternative: log price, days, risk, quality, log(1 + tariff + VAT) if
  /// dutiable, cross-border indicator.
  static let featureCount = 6
  /// Consumers per BLAS block.
  static let blockSize = 256

  let featuredOffers: Int
  let considerationSetSize: Int
  /// Coefficient rows of a block of consumers (blockSize × F).
  let coefficients: UnsafeMutablePointer<Double>
  /// Feature rows of the alternatives: row 0 the domestic option, rows 1…M featured offers.
  let features: UnsafeMutablePointer<Double>
  /// Utilities, blockSize × (M + 1).
  let utilities: UnsafeMutablePointer<Double>
  /// Pool indices of the featured offers.
  let featured: UnsafeMutablePointer<Int>
  /// Size corrections of the featured offers (``OfferPools/sizeCorrection``), gathered once
  /// per block.
  let featuredCorrection: UnsafeMutablePointer<Double>
  /// One shopper's consideration set: its columns (0, the domestic option, first) and the
  /// running sum of their logit weights.
  let candidateColumns: UnsafeMutablePointer<Int>
  let candidateWeights: UnsafeMutablePointer<Double>
  /// Shopper positions of the current block.
  let blockMembers: UnsafeMutablePointer<Int>
  /// Shoppers of the partition by sector: agent index, and their online budget.
  let shoppers: UnsafeMutablePointer<Int32>
  let shopperBudget: UnsafeMutablePointer<Double>
  let shopperSector: UnsafeMutablePointer<UInt8>

  init(capacity: Int, featuredOffers: Int, considerationSetSize: Int) {
    self.featuredOffers = featuredOffers
    self.considerationSetSize = considerationSetSize
    let f = Self.featureCount
    coefficients = .allocate(capacity: Self.blockSize * f)
    features = .allocate(capacity: (featuredOffers + 1) * f)
    utilities = .allocate(capacity: Self.blockSize * (featuredOffers + 1))
    featured = .allocate(capacity: featuredOffers)
    featuredCorrection = .allocate(capacity: featuredOffers)
    candidateColumns = .allocate(capacity: considerationSetSize + 1)
    candidateWeights = .allocate(capacity: considerationSetSize + 1)
    blockMembers = .allocate(capacity: Self.blockSize)
    shoppers = .allocate(capacity: capacity)
    shopperBudget = .allocate(capacity: capacity)
    shopperSector = .allocate(capacity: capacity)
  }

  deinit {
    coefficients.deallocate()
    features.deallocate()
    utilities.deallocate()
    featured.deallocate()
    featuredCorrection.deallocate()
    candidateColumns.deallocate()
    candidateWeights.deallocate()
    blockMembers.deallocate()
    shoppers.deallocate()
    shopperBudget.deallocate()
    shopperSector.deallocate()
  }
}

extension CorridorEconomy {
  /// Consumer partition phase: income, offline spending, and each online consumer's monthly
  /// B2C choice.
  ///
  /// A consumer's tradables budget is income × budget share. The online-shoppable part of its
  /// labor-intensive and high-tech budget (if the consumer is online) is one shopping decision
  /// in a sector drawn by budget shares: the domestic offline option or one of the offers in
  /// its consideration set (K of the M offers platforms feature to its block). Utility
  ///   U = −α·log p − β·days − γ·(1 + λ(1 − trust))·risk + δ·quality
  ///       − α·dutiable·log(1 + tariff + VAT) + (ν − κ(1 − trust))·crossBorder + ε,
  /// ε standard Gumbel: utilities for the block are one matrix product (consumer coefficients ×
  /// offer features), the choice a multinomial logit draw over the consideration set. Outcomes (fraud, loss, lateness) update the buyer's trust.
  func consumersShop(partition: Int) {
    let p = parameters
    let tally = consumerTallies[partition]
    tally.reset()
    let range = consumers.partitioning.range(of: partition)
    guard !range.isEmpty else { return }
    let d = Int(consumers.country[range.lowerBound])
    let workspace = choiceWorkspaces[partition]
    let sectorShares = sectorDemandShares
    let online = internetShare[d]
    let meanIncome =
      world.countries[d].gdpPerCapitaUSD * p.cnyPerUSD * p.householdIncomeShareOfGDP / 12
    let b2cShare = sectorShares[0] + sectorShares[1]
    let offers = offerPools.view
    let incomeIndex = gdpIndex[d]
    var shopperCount = 0
    let step = stepsTaken

    do {
      // Income, offline spending and the list of online shoppers.
      for i in range {
        let income = consumers.baseIncomeCNYPerMonth[i] * incomeIndex
        let weight = consumers.weightPersons[i]
        let budget = income * p.householdTradablesBudgetShare * weight
        consumers.cash[i] += budget
        tally.flows.record(.householdIncome, budget)
        tally.persons += weight
        tally.trustPersonSum += consumers.trust[i] * weight
        let isOnline = consumers.onlineThreshold[i] < online
        let onlineBudget = isOnline ? budget * b2cShare * p.onlineShoppableShare : 0
        for s in 0..<sectorCount {
          let sectorOnline =
            s == Sector.other.rawValue ? 0 : onlineBudget * sectorShares[s] / b2cShare
          spendAtRetail(
            consumer: i, amount: budget * sectorShares[s] - sectorOnline, sector: s, tally: tally)
        }
        if isOnline && onlineBudget > 0 {
          tally.onlinePersons += weight
          tally.onlineBudget += onlineBudget
          var random = sectorDraws.generator(agent: i, step: step)
          let sector =
            random.uniform() < sectorShares[Sector.laborIntensive.rawValue] / b2cShare
            ? Sector.laborIntensive.rawValue : Sector.highTech.rawValue
          workspace.shoppers[shopperCount] = Int32(i)
          workspace.shopperBudget[shopperCount] = onlineBudget
          workspace.shopperSector[shopperCount] = UInt8(sector)
          shopperCount += 1
        }
      }

      // Choices, sector by sector, in blocks.
      consumerPayments.post(from: partition) { outbox in
        var block = partition << 8
        for sector in [Sector.laborIntensive.rawValue, Sector.highTech.rawValue] {
          var index = 0
          while index < shopperCount {
            var members = 0
            while index < shopperCount && members < ChoiceWorkspace.blockSize {
              if Int(workspace.shopperSector[index]) == sector {
                workspace.blockMembers[members] = index
                members += 1
              }
              index += 1
            }
            guard members > 0 else { continue }
            // The shelf of featured offers belongs to the block: (country, sector, block, month).
            var shelf = shelfDraws.generator(
              agent: (d * sectorCount + sector) << 20 | block, step: step)
            block += 1
            chooseForBlock(
              members: members, sector: sector, destination: d, meanIncome: meanIncome,
              offers: offers, workspace: workspace, shelf: &shelf, tally: tally, outbox: &outbox)
          }
        }
      }
    }
  }

  /// Spends `amount` of consumer `i`'s money on goods of `sector` at a retailer: VAT to the
  /// government, the retail margin out of the model, the rest into the retailers' takings,
  /// which they spend next month restocking, on domestic goods and imports alike
  /// (``importersSource(partition:)``): households reach foreign varieties through retailers
  /// as well as by parcel.
  @inline(__always)
  func spendAtRetail(consumer i: Int, amount: Double, sector: Int, tally: BuyerTally) {
    guard amount > 0 else { return }
    let p = parameters
    consumers.cash[i] -= amount
    let vat = amount * p.importVATRate / (1 + p.importVATRate)
    let margin = (amount - vat) * p.domesticRetailMargin / (1 + p.domesticRetailMargin)
    tally.taxRevenue += vat
    tally.flows.record(.domesticRetailMargin, margin)
    tally.retailSales[sector] += amount - vat - margin
  }

  /// One BLAS block of `members` consumers (listed in the workspace) shopping in `sector` in
  /// country `d`.
  func chooseForBlock(
    members: Int, sector s: Int, destination d: Int, meanIncome: Double, offers: OfferView,
    workspace: ChoiceWorkspace, shelf: inout Xoshiro256StarStar, tally: BuyerTally,
    outbox: inout OutboxWriter<FirmPayment>
  ) {
    let p = parameters
    let f = ChoiceWorkspace.featureCount
    let poolStart = offers.offsets[d * sectorCount + s]
    let poolCount = offers.offsets[d * sectorCount + s + 1] - poolStart
    let alternatives = poolCount > 0 ? workspace.featuredOffers + 1 : 1
    let features = workspace.features
    // Row 0: the domestic offline option (retail price with VAT, no delay, domestic risk).
    features[0] = Double.log(domesticRetailPrice(d, s))
    features[1] = 0
    features[2] = p.domesticFraudProbability
    features[3] = 0
    features[4] = 0
    features[5] = 0
    if poolCount > 0 {
      for j in 0..<workspace.featuredOffers {
        let offer = offers.visibleOffer(
          start: poolStart, end: poolStart + poolCount, uniform: shelf.uniform())
        workspace.featured[j] = offer
        workspace.featuredCorrection[j] = offers.sizeCorrection[offer]
        let row = features + (j + 1) * f
        let terms = offers.terms(offer, destination: d, sector: s)
        row[0] = terms.logPrice
        row[1] = terms.days
        row[2] = terms.fraudProbability + terms.lossProbability
        row[3] = terms.quality
        row[4] = Double.log(onePlus: terms.tariffRate + p.importVATRate)
        row[5] = 1
      }
    }
    // Coefficient rows.
    let deMinimis = policy.deMinimisCNY[d]
    let incomeIndex = gdpIndex[d]
    for row in 0..<members {
      let i = Int(workspace.shoppers[workspace.blockMembers[row]])
      let trust = consumers.trust[i]
      let parcelValue =
        p.standardParcelValueCNY * (consumers.baseIncomeCNYPerMonth[i] / meanIncome).squareRoot()
        * incomeIndex
      let dutiable: Double = parcelValue > deMinimis ? 1 : 0
      let b = workspace.coefficients + row * f
      b[0] = -p.consumerPriceSensitivity
      b[1] = -p.consumerDeliveryDayCost
      b[2] = -p.consumerRiskAversion * (1 + p.distrustRiskAmplification * (1 - trust))
      b[3] = p.qualityUtility
      b[4] = -p.consumerPriceSensitivity * dutiable
      b[5] = p.crossBorderVarietyUtility - p.distrustPenalty * (1 - trust)
    }
    BLAS.gemmABTransposed(
      m: members, n: alternatives, k: f, a: workspace.coefficients, b: features,
      c: workspace.utilities)

    for row in 0..<members {
      let member = workspace.blockMembers[row]
      let i = Int(workspace.shoppers[member])
      let budget = workspace.shopperBudget[member]
      let utility = workspace.utilities + row * alternatives
      var random = choiceDraws.generator(agent: i, step: stepsTaken)
      // A logit draw over the domestic option and K offers drawn from the featured ones:
      // P(j) = e^(v_j) / Σ e^(v), the same choice as the arg-max of v plus Gumbel noise, from
      // one exponential per candidate and one uniform number.
      var best = 0
      if alternatives > 1 {
        let columns = workspace.candidateColumns
        let weights = workspace.candidateWeights
        let candidates = workspace.considerationSetSize + 1
        columns[0] = 0
        weights[0] = utility[0]
        var largest = utility[0]
        for k in 1..<candidates {
          let column = 1 + random.uniformInt(below: alternatives - 1)
          columns[k] = column
          // Offers are featured in proportion to their firms' size: the sampling correction.
          weights[k] = utility[column] - workspace.featuredCorrection[column - 1]
          largest = Swift.max(largest, weights[k])
        }
        var cumulative = 0.0
        for k in 0..<candidates {
          cumulative += Double.exp(weights[k] - largest)
          weights[k] = cumulative
        }
        let target = random.uniform() * cumulative
        var k = 0
        while k < candidates - 1 && weights[k] <= target { k += 1 }
        best = columns[k]
      }
      if best == 0 {
        spendAtRetail(consumer: i, amount: budget, sector: s, tally: tally)
      } else {
        buyCrossBorder(
          consumer: i, offer: workspace.featured[best - 1], offers: offers, amount: budget,
          sector: s,
          destination: d, dutiable: workspace.coefficients[row * f + 4] != 0, random: &random,
          tally: tally,
          outbox: &outbox)
      }
    }
  }

  /// Consumer `i` buys `amount` worth from a cross-border offer; payments split between taxes,
  /// platform commission, parcel carrier and the seller; fraud, loss and lateness are drawn.
  func buyCrossBorder(
    consumer i: Int, offer: Int, offers: OfferView, amount: Double, sector s: Int,
    destination d: Int,
    dutiable: Bool, random: inout Xoshiro256StarStar, tally: BuyerTally,
    outbox: inout OutboxWriter<FirmPayment>
  ) {
    let p = parameters
    let terms = offers.terms(offer, destination: d, sector: s)
    let firm = terms.firm
    let origin = terms.origin
    let platform = terms.platform
    let weight = consumers.weightPersons[i]
    tally.crossBorderOrders += weight
    tally.platformOrders[platform] += weight

    if random.uniform() < terms.fraudProbability {
      // Fraud: no goods; escrow returns part of the money, the rest is lost.
      let security = platforms.effectiveSecurity(platform, floor: policy.paymentSecurityFloor[d])
      let refund = amount * p.escrowRefundShare * security
      let loss = amount - refund
      consumers.cash[i] -= loss
      tally.fraudLoss += loss
      tally.fraudOrders += weight
      consumers.trust[i] *= p.trustKeptAfterFraud
      return
    }

    let tariff = dutiable ? terms.tariffRate : 0
    let taxRate = dutiable ? tariff + p.importVATRate : 0
    let taxes = amount * taxRate / (1 + taxRate)
    let goodsValue = amount - taxes
    let commission = goodsValue * platforms.commissionRate[platform]
    let parcelShare = logistics.parcelCostShare[route(origin, d)]
    let sellerReceipt = (goodsValue - commission) / (1 + parcelShare)
    let parcelCost = goodsValue - commission - sellerReceipt
    consumers.cash[i] -= amount
    tally.taxRevenue += taxes
    tally.tariffRevenue += dutiable ? amount * tariff / (1 + taxRate) : 0
    tally.platformRevenue[platform] += commission
    tally.logisticsRevenue += parcelCost
    tally.crossBorderSpend += amount
    if dutiable { tally.dutiableOrders += weight }
    let flow = BuyerTally.flowIndex(
      origin: origin, channel: Channel.b2cPlatform.rawValue, sector: s)
    tally.flowGoodsValue[flow] += goodsValue
    tally.flowFirmReceipts[flow] += sellerReceipt
    outbox.send(
      to: firm,
      FirmPayment(
        amount: sellerReceipt, channel: UInt8(Channel.b2cPlatform.rawValue), kind: .cashSale))

    let expectedDays = terms.days
    let noise = p.deliveryTimeNoise
    let actualDays = expectedDays * Double.exp(noise * random.standardNormal() - noise * noise / 2)
    tally.deliveryDaysOrderSum += actualDays * weight
    if random.uniform() < terms.lossProbability {
      // Lost parcel: buyer protection refunds the buyer from the platform.
      consumers.cash[i] += amount
      tally.platformRefunds[platform] += amount
      tally.lostOrders += weight
      consumers.trust[i] *= p.trustKeptAfterLoss
    } else if actualDays > expectedDays + p.lateDeliveryToleranceDays {
      tally.lateOrders += weight
      consumers.trust[i] *= p.trustKeptAfterLateDelivery
    } else {
      consumers.trust[i] += p.trustGainPerGoodPurchase * (1 - consumers.trust[i])
    }
  }

  /// Word-of-mouth phase: each consumer's trust moves toward a random compatriot's (read from
  /// the trust before this phase, so the order of updates does not matter).
  func wordOfMouth(partition: Int) {
    let range = consumers.partitioning.range(of: partition)
    guard !range.isEmpty else { return }
    let d = Int(consumers.country[range.lowerBound])
    let compatriots = consumers.countryRanges[d]
    let weight = parameters.wordOfMouthWeightPerMonth
    let trust = consumers.trust
    let next = consumers.trustScratch
    let step = stepsTaken
    for i in range {
      var random = wordOfMouthDraws.generator(agent: i, step: step)
      let peer = compatriots.lowerBound + random.uniformInt(below: compatriots.count)
      let own = trust[i]
      next[i] = own + weight * (trust[peer] - own)
    }
  }
}
