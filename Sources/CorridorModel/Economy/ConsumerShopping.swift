import DenseMatrix
import Engine
import RealModule
import Stochastic

/// Preallocated buffers of the B2C choices of the consumer partition a thread is running (one
/// per thread, lent by a ``ScratchPool``; no allocation per step).
final class ChoiceWorkspace: @unchecked Sendable {
  /// Features per alternative: log price (before delivery), days, risk, quality,
  /// log(1 + tariff + VAT) if dutiable, cross-border indicator.
  static let featureCount = 6
  /// Alternatives before the featured offers: the retailer (0) and the domestic online shop (1).
  static let fixedAlternatives = 2
  /// Consumers per BLAS block.
  static let blockSize = 256

  let featuredOffers: Int
  let considerationSetSize: Int
  /// Coefficient rows of a block of consumers (blockSize × F).
  let coefficients: UnsafeMutablePointer<Double>
  /// Feature rows of the alternatives: row 0 the retailer, row 1 the domestic online shop,
  /// rows 2…M + 1 the featured offers.
  let features: UnsafeMutablePointer<Double>
  /// Utilities, blockSize × (M + 2).
  let utilities: UnsafeMutablePointer<Double>
  /// Per alternative: the cost of one parcel, CNY (0 for the retailer).
  let parcelCostCNY: UnsafeMutablePointer<Double>
  /// Per block member: the value of one of its orders, CNY.
  let orderValue: UnsafeMutablePointer<Double>
  /// Pool indices of the featured offers.
  let featured: UnsafeMutablePointer<Int>
  /// Size corrections of the featured offers
  /// (``OfferView/sizeCorrection(_:destination:sector:)``), gathered once per block.
  let featuredCorrection: UnsafeMutablePointer<Double>
  /// One shopper's consideration set: its columns (0 and 1, the domestic options, first) and
  /// the running sum of their logit weights.
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
    let alternatives = featuredOffers + Self.fixedAlternatives
    features = .allocate(capacity: alternatives * f)
    utilities = .allocate(capacity: Self.blockSize * alternatives)
    parcelCostCNY = .allocate(capacity: alternatives)
    orderValue = .allocate(capacity: Self.blockSize)
    featured = .allocate(capacity: featuredOffers)
    featuredCorrection = .allocate(capacity: featuredOffers)
    candidateColumns = .allocate(capacity: considerationSetSize + Self.fixedAlternatives)
    candidateWeights = .allocate(capacity: considerationSetSize + Self.fixedAlternatives)
    blockMembers = .allocate(capacity: Self.blockSize)
    shoppers = .allocate(capacity: capacity)
    shopperBudget = .allocate(capacity: capacity)
    shopperSector = .allocate(capacity: capacity)
  }

  deinit {
    coefficients.deallocate()
    features.deallocate()
    utilities.deallocate()
    parcelCostCNY.deallocate()
    orderValue.deallocate()
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
  /// A consumer's tradables budget is income × budget share. Its labor-intensive and
  /// high-tech budget (if the consumer is online) is one shopping decision in a sector drawn
  /// by budget shares: the retailer, the domestic online shop or one of the offers in its
  /// consideration set (K of the M offers platforms feature to its block). Utility
  ///   U = −α·log p − β·days − γ·(1 + λ(1 − trust))·risk + δ·quality
  ///       − α·dutiable·log((1 + tariff)(1 + VAT)) − α·log(1 + c/v) + log(varieties)
  ///       − ω(1 − familiarity)·online + (ν − κ(1 − trust) + ε_y·log(y/ȳ))·crossBorder + ε,
  /// ε standard Gumbel: utilities for the block are one matrix product (consumer coefficients ×
  /// offer features), the choice a multinomial logit draw over the consideration set. Outcomes (fraud, loss, lateness) update the buyer's trust.
  func consumersShop(partition: Int) {
    choiceWorkspaces.withScratch { consumersShop(partition: partition, workspace: $0) }
  }

  /// ``consumersShop(partition:)`` with a workspace no other running partition uses.
  private func consumersShop(partition: Int, workspace: ChoiceWorkspace) {
    let p = parameters
    let tally = consumerTallies[partition]
    tally.reset()
    let range = consumers.partitioning.range(of: partition)
    guard !range.isEmpty else { return }
    let d = consumerPartitionCountry[partition]
    let sectorShares = sectorDemandShares
    let online = internetShare[d]
    let b2cShare = sectorShares[0] + sectorShares[1]
    let offers = offerPools.view
    let incomeIndex = gdpIndex[d]
    let weight = consumers.personsPerAgent[d]
    // Storage, read in the loops without touching the population object again.
    let trust = consumers.trust.storage
    var shopperCount = 0
    let step = stepsTaken

    do {
      // Income, offline spending and the list of online shoppers.
      for i in range {
        let income = consumers.baseIncomeCNYPerMonth[i] * incomeIndex
        let budget = income * p.householdTradablesBudgetShare * weight
        consumers.cash[i] += budget
        tally.flows.record(.householdIncome, budget)
        tally.tradablesBudget += budget
        tally.persons += weight
        tally.trustPersonSum += trust[i] * weight
        tally.familiarityPersonSum += consumers.onlineFamiliarity[i] * weight
        let isOnline = consumers.onlineThreshold[i] < online
        let onlineBudget = isOnline ? budget * b2cShare : 0
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
              members: members, sector: sector, destination: d,
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
  ///
  /// The alternatives: the retailer (column 0: domestic goods and retailers' imports at the
  /// retail price, with VAT and margin, no wait), the domestic online shop (column 1: domestic
  /// goods at the producer price with VAT, delivered by domestic parcel, domestic fraud, lost
  /// in full) and K of the M cross-border offers featured to the block (fraud net of escrow's
  /// refund, as buyers expect to lose). A parcel is paid per order: its cost
  /// c (CNY) is the share c/v of an order of value v (the consumer's order value, which rises
  /// with income), so the utility carries −α·log(1 + c/v), added per consumer and candidate to
  /// the block's matrix product. Richer households value foreign varieties more: the
  /// cross-border term has ε·log(income / China's base-year mean income), ε =
  /// `foreign_variety_income_elasticity`.
  func chooseForBlock(
    members: Int, sector s: Int, destination d: Int, offers: OfferView,
    workspace: ChoiceWorkspace, shelf: inout Xoshiro256StarStar, tally: BuyerTally,
    outbox: inout OutboxWriter<FirmPayment>
  ) {
    let p = parameters
    let f = ChoiceWorkspace.featureCount
    let fixed = ChoiceWorkspace.fixedAlternatives
    let poolStart = offers.offsets[d * sectorCount + s]
    let poolCount = offers.offsets[d * sectorCount + s + 1] - poolStart
    let alternatives = poolCount > 0 ? workspace.featuredOffers + fixed : fixed
    let features = workspace.features
    // Row 0: the retailer (retail price with VAT and margin, no wait, no risk).
    features[0] = Double.log(retailShelfPrice(d, s))
    features[1] = 0
    features[2] = 0
    features[3] = 0
    features[4] = 0
    features[5] = 0
    workspace.parcelCostCNY[0] = 0
    // Row 1: the domestic online shop (producer price with VAT, a domestic parcel, domestic
    // fraud and parcel loss); its own utility, `domestic_online_utility`, is added per
    // candidate below.
    let home = route(d, d)
    features[f] = Double.log(domesticPriceIndex[cell(d, s)] * (1 + p.importVATRate))
    features[f + 1] = logistics.parcelDays[home]
    features[f + 2] = p.domesticFraudProbability + logistics.parcelLossProbability[home]
    features[f + 3] = 0
    features[f + 4] = 0
    features[f + 5] = 0
    workspace.parcelCostCNY[1] = logistics.parcelCostCNY[home]
    let parcelDuty = policy.parcelDutyFactor[d]
    let parcelVAT = policy.parcelVATFactor[d]
    let platformSecurity = platforms.paymentSecurity
    let securityFloor = policy.paymentSecurityFloor[d]
    let escrowRefundShare = p.escrowRefundShare
    if poolCount > 0 {
      for j in 0..<workspace.featuredOffers {
        let offer = offers.visibleOffer(
          cell: d * sectorCount + s, destination: d, uniform: shelf.uniform())
        workspace.featured[j] = offer
        workspace.featuredCorrection[j] = offers.sizeCorrection(offer, destination: d, sector: s)
        let row = features + (j + fixed) * f
        let terms = offers.terms(offer, destination: d, sector: s)
        row[0] = terms.logPrice
        row[1] = terms.days
        // Risk: the expected share of the payment lost to fraud, net of what escrow returns
        // (`escrow_refund_share` × the platform's security), and the chance the parcel is
        // lost (refunded, but the goods never come).
        let security = max(platformSecurity[terms.platform], securityFloor)
        row[2] =
          terms.fraudProbability * (1 - escrowRefundShare * security) + terms.lossProbability
        row[3] = terms.quality
        // Duty and VAT compound: VAT is charged on the duty-paid value (each at the share a
        // retail import regime charges on parcels).
        row[4] =
          Double.log(onePlus: parcelDuty * terms.tariffRate)
          + Double.log(onePlus: parcelVAT * p.importVATRate)
        row[5] = 1
        workspace.parcelCostCNY[j + fixed] = terms.parcelCostCNY
      }
    }
    // Variety: the retailer and the domestic online shop each offer the cell's N_d real
    // domestic varieties, log N_d in their weight (at least one: the retailer's imports); each
    // of the K sampled cross-border candidates stands for N_f/K of the pool's N_f real sellers
    // (McFadden 1978), so the logit is the CES choice over all varieties, whatever K and M.
    let domesticVariety = Double.log(Swift.max(firmCountByCell[cell(d, s)], 1))
    let foreignVariety =
      poolCount > 0
      ? offers.logRealFirms[d * sectorCount + s]
        - Double.log(Double(workspace.considerationSetSize)) : 0
    // Coefficient rows.
    let deMinimis = policy.deMinimisCNY[d]
    let incomeIndex = gdpIndex[d]
    let referenceIncome = chinaBaseYearMeanIncomeCNY
    let meanIncome = baseYearMeanIncomeCNY(d)
    let personsPerAgent = consumers.personsPerAgent[d]
    let trustColumn = consumers.trust.storage
    // Experience is counted in the country's typical online orders, whose size scales with
    // its income (a mean online order of about 100 USD in North America, about 100 CNY in
    // China in 2015): the same share of spending online is as many orders, and as much
    // learning, in a rich country as in China (``learnOnlineShopping``).
    let experienceOrderScale = meanIncome / referenceIncome
    for row in 0..<members {
      let i = Int(workspace.shoppers[workspace.blockMembers[row]])
      let trust = trustColumn[i]
      let income = consumers.baseIncomeCNYPerMonth[i] * incomeIndex
      let orderValue = parcelOrderValueCNY(consumer: i, incomeIndex: incomeIndex)
      workspace.orderValue[row] = orderValue
      let dutiable: Double = orderValue > deMinimis ? 1 : 0
      let b = workspace.coefficients + row * f
      b[0] = -p.consumerPriceSensitivity
      b[1] = -p.consumerDeliveryDayCost
      b[2] = -p.consumerRiskAversion * (1 + p.distrustRiskAmplification * (1 - trust))
      b[3] = p.qualityUtility
      b[4] = -p.consumerPriceSensitivity * dutiable
      b[5] =
        p.crossBorderVarietyUtility - p.distrustPenalty * (1 - trust)
        + p.foreignVarietyIncomeElasticity * Double.log(max(income, 1e-9) / referenceIncome)
    }
    BLAS.gemmABTransposed(
      m: members, n: alternatives, k: f, a: workspace.coefficients, b: features,
      c: workspace.utilities)

    for row in 0..<members {
      let member = workspace.blockMembers[row]
      let i = Int(workspace.shoppers[member])
      let budget = workspace.shopperBudget[member]
      let utility = workspace.utilities + row * alternatives
      let orderValue = workspace.orderValue[row]
      let unfamiliarity = p.onlineUnfamiliarityCost * (1 - consumers.onlineFamiliarity[i])
      var random = choiceDraws.generator(agent: i, step: stepsTaken)
      // The logit over the retailer, the domestic online shop and K offers drawn from the
      // featured ones: P(j) = e^(v_j) / Σ e^(v). The agent stands for many households, so its
      // budget splits by the probabilities of the three routes (what its households spend at
      // retailers, at domestic online shops and abroad, in expectation), and the cross-border
      // part goes to one of the K offers, drawn by its probability among them: the agent's
      // B2C purchases are then its households' expected ones, not all or nothing (with one
      // draw for the whole budget, China's parcel imports rested on a handful of agents).
      let columns = workspace.candidateColumns
      let weights = workspace.candidateWeights
      let candidates = alternatives > fixed ? workspace.considerationSetSize + fixed : fixed
      var largest = -Double.infinity
      for k in 0..<candidates {
        let column = k < fixed ? k : fixed + random.uniformInt(below: alternatives - fixed)
        columns[k] = column
        var weight =
          utility[column]
          - p.consumerPriceSensitivity
          * Double.log(onePlus: workspace.parcelCostCNY[column] / orderValue)
        if column >= fixed {
          // Offers are featured in proportion to their firms' size: the sampling correction.
          weight += foreignVariety - workspace.featuredCorrection[column - fixed] - unfamiliarity
        } else {
          weight += domesticVariety
          if column == 1 { weight += p.domesticOnlineUtility - unfamiliarity }
        }
        weights[k] = weight
        largest = Swift.max(largest, weight)
      }
      var cumulative = 0.0
      for k in 0..<candidates {
        cumulative += Double.exp(weights[k] - largest)
        weights[k] = cumulative
      }
      // Candidates 0 and 1 are the retailer and the domestic online shop.
      var retailShare = weights[0] / cumulative
      var onlineShare = (weights[1] - weights[0]) / cumulative
      var crossBorderShare = candidates > fixed ? 1 - weights[fixed - 1] / cumulative : 0
      // Routes with a negligible share are bought at the retailer (no message for 10⁻⁹ of a
      // budget).
      if onlineShare < Self.negligibleRouteShare {
        retailShare += onlineShare
        onlineShare = 0
      }
      if crossBorderShare < Self.negligibleRouteShare {
        retailShare += crossBorderShare
        crossBorderShare = 0
      }
      // A cross-border share x below the floor τ (`cross_border_purchase_share_floor`) is
      // bought as τ with probability x/τ, and the domestic routes are rescaled to fill the
      // rest of the budget in either case ((1 − τ)/(1 − x) or 1/(1 − x)): every route's share
      // keeps its expectation, and agents whose households rarely buy abroad send a parcel
      // order (a message to a seller) in a fraction x/τ of months, not every month.
      // What the household orders online this month in expectation (before the floor's draw,
      // losses and frauds): the spin-up's measure of its ordering rate.
      let expectedOnlineShare = onlineShare + crossBorderShare
      let floor = p.crossBorderPurchaseShareFloor
      if crossBorderShare > 0 && crossBorderShare < floor {
        let domestic = 1 - crossBorderShare
        let buys = random.uniform() * floor < crossBorderShare
        let scale = buys ? (1 - floor) / domestic : 1 / domestic
        retailShare *= scale
        onlineShare *= scale
        crossBorderShare = buys ? floor : 0
      }
      spendAtRetail(consumer: i, amount: budget * retailShare, sector: s, tally: tally)
      // What was delivered online this month (domestic and cross-border) teaches.
      var delivered = 0.0
      if onlineShare > 0 {
        delivered += buyDomesticOnline(
          consumer: i, persons: personsPerAgent, amount: budget * onlineShare, share: onlineShare,
          orderValue: orderValue, sector: s, destination: d, random: &random, tally: tally)
      }
      if crossBorderShare > 0 {
        let below = weights[fixed - 1]
        let target = below + random.uniform() * (cumulative - below)
        var k = fixed
        while k < candidates - 1 && weights[k] <= target { k += 1 }
        delivered += buyCrossBorder(
          consumer: i, persons: personsPerAgent, offer: workspace.featured[columns[k] - fixed],
          offers: offers, amount: budget * crossBorderShare, share: crossBorderShare,
          orderValue: orderValue, sector: s, destination: d,
          dutiable: workspace.orderValue[row] > deMinimis,
          random: &random, tally: tally, outbox: &outbox)
      }
      learnOnlineShopping(
        consumer: i,
        orders: (isInSpinUp ? budget * expectedOnlineShare : delivered)
          / (personsPerAgent * orderValue * experienceOrderScale))
    }
  }

  /// A route's share of a household agent's budget below which it is bought at the retailer.
  static let negligibleRouteShare = 1e-9

  /// Consumer `i` buys `amount` worth of goods from a domestic online shop, in orders of
  /// `orderValue`: VAT to the government, one domestic parcel per order to carriers, the rest
  /// to the shops' takings, which restock next month through the country's importer agents,
  /// on domestic goods and imports alike, as the retailers' do (local marketplaces sell
  /// imported goods bought wholesale; only the retail margin is saved). With the domestic
  /// fraud probability the money is lost (the domestic fraud rate, against which the
  /// cross-border one is compared).
  ///
  /// `share` is the part of the agent's budget this is (its households that buy this way, in
  /// expectation): orders and frauds are counted in persons × share, `persons` the persons the
  /// agent stands for (its country's ``ConsumerPopulation/personsPerAgent``).
  func buyDomesticOnline(
    consumer i: Int, persons personsPerAgent: Double, amount: Double, share: Double,
    orderValue: Double, sector s: Int, destination d: Int, random: inout Xoshiro256StarStar,
    tally: BuyerTally
  ) -> Double {
    let p = parameters
    let weight = personsPerAgent
    tally.domesticOnlineOrders += weight * share
    tally.onlineRetailSpend += amount
    consumers.cash[i] -= amount
    // (Consumers' trust is their trust in cross-border purchases: domestic outcomes leave it.)
    if random.uniform() < p.domesticFraudProbability {
      tally.domesticOnlineFraudOrders += weight * share
      tally.domesticOnlineFraudLoss += amount
      return 0
    }
    let vat = amount * p.importVATRate / (1 + p.importVATRate)
    let goods = amount - vat
    let parcelShare = logistics.parcelCostCNY[route(d, d)] / orderValue
    let parcels = goods * parcelShare / (1 + parcelShare)
    tally.taxRevenue += vat
    tally.logisticsRevenue += parcels
    tally.domesticOnlineSpend += goods - parcels
    tally.retailSales[s] += goods - parcels
    return amount
  }

  /// Consumer `i` buys `amount` worth from a cross-border offer, in orders of `orderValue`;
  /// payments split between taxes, platform commission, the parcel carrier (one parcel per
  /// order) and the seller; fraud, loss and lateness are drawn. `share` is the part of the
  /// agent's budget this is (its households that buy abroad, in expectation): orders are
  /// counted in persons × share (`persons` as in ``buyDomesticOnline``), and an outcome moves
  /// the agent's trust by that share of the move a household's whole budget would make
  /// (×kept^share, +share·gain).
  func buyCrossBorder(
    consumer i: Int, persons personsPerAgent: Double, offer: Int, offers: OfferView,
    amount: Double, share: Double, orderValue: Double, sector s: Int, destination d: Int,
    dutiable: Bool,
    random: inout Xoshiro256StarStar, tally: BuyerTally, outbox: inout OutboxWriter<FirmPayment>
  ) -> Double {
    let p = parameters
    // Columns' storage (see ``learnOnlineShopping(consumer:orders:)``).
    let trust = consumers.trust.storage
    let cash = consumers.cash.storage
    let terms = offers.terms(offer, destination: d, sector: s)
    let firm = terms.firm
    let origin = terms.origin
    let platform = terms.platform
    let weight = personsPerAgent * share
    tally.crossBorderOrders += weight
    tally.platformOrders[platform] += weight
    tally.onlineRetailSpend += amount

    if random.uniform() < terms.fraudProbability {
      // Fraud: no goods; escrow returns part of the money, the rest is lost.
      let security = platforms.effectiveSecurity(platform, floor: policy.paymentSecurityFloor[d])
      let refund = amount * p.escrowRefundShare * security
      let loss = amount - refund
      cash[i] -= loss
      tally.fraudLoss += loss
      tally.fraudOrders += weight
      trust[i] *= Double.pow(p.trustKeptAfterFraud, share)
      return 0
    }

    // The shares of duty and VAT the destination's regime charges on parcels.
    let tariff = dutiable ? policy.parcelDutyFactor[d] * terms.tariffRate : 0
    let vat = dutiable ? policy.parcelVATFactor[d] * p.importVATRate : 0
    // VAT on the duty-paid value: (1 + t)(1 + VAT) − 1.
    let taxRate = tariff + vat + tariff * vat
    let taxes = amount * taxRate / (1 + taxRate)
    let goodsValue = amount - taxes
    let commission = goodsValue * platforms.commissionRate[platform]
    let parcelShare = terms.parcelCostCNY / orderValue
    let sellerReceipt = (goodsValue - commission) / (1 + parcelShare)
    let parcelCost = goodsValue - commission - sellerReceipt
    cash[i] -= amount
    tally.taxRevenue += taxes
    tally.tariffRevenue += dutiable ? amount * tariff / (1 + taxRate) : 0
    tally.platformRevenue[platform] += commission
    tally.platformGoodsValue[platform] += goodsValue
    tally.logisticsRevenue += parcelCost
    tally.crossBorderSpend += amount
    if dutiable {
      tally.dutiableOrders += weight
      tally.dutiableSpend += amount
    }
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
      cash[i] += amount
      tally.platformRefunds[platform] += amount
      tally.lostOrders += weight
      trust[i] *= Double.pow(p.trustKeptAfterLoss, share)
      return 0
    }
    if actualDays > expectedDays + p.lateDeliveryToleranceDays {
      tally.lateOrders += weight
      trust[i] *= Double.pow(p.trustKeptAfterLateDelivery, share)
    } else {
      trust[i] += share * p.trustGainPerGoodPurchase * (1 - trust[i])
    }
    return amount
  }

  /// Learning by doing: each delivered online order (domestic or cross-border, late or not)
  /// moves the household's familiarity with online shopping `online_familiarity_gain_per_order`
  /// (g) of the way to 1, so a month's k orders per person move it 1 − (1 − g)^k of the way
  /// (richer households, who order more, learn faster). Orders are counted in the country's
  /// typical order, whose size scales with its mean income (the caller's
  /// `experienceOrderScale`): until 2026-12 they were counted in parcels of one size
  /// everywhere, and a North American household learned seven times as fast as a Chinese one
  /// of the same rank. Only calendar months teach. During the spin-up, which holds 2015's
  /// conditions, familiarity is the experience of the years before 2015 instead:
  /// f = 1 − (1 − g)^(H·k), H `online_shopping_experience_months` months of orders at this
  /// month's expected rate k (what the household orders, before losses and frauds, so that one
  /// unlucky month does not erase its past). Since k rises with f, the spin-up months iterate
  /// to the fixed point, so each household (and each country) starts 2015 as familiar as its
  /// own ordering implies, whatever the spin-up's length, and the diffusion of online shopping
  /// starts in 2015.
  @inline(__always)
  func learnOnlineShopping(consumer i: Int, orders: Double) {
    // The column's storage, not the column: holding the column across the call to exp would
    // retain and release it, an atomic write to a cache line every thread reads.
    let familiarity = consumers.onlineFamiliarity.storage
    if isInSpinUp {
      familiarity[i] =
        1
        - Double.exp(
          parameters.onlineShoppingExperienceMonths * orders * logOfFamiliarityKeptPerOrder)
      return
    }
    guard orders > 0 else { return }
    let kept = Double.exp(orders * logOfFamiliarityKeptPerOrder)
    familiarity[i] += (1 - kept) * (1 - familiarity[i])
  }

  /// Word-of-mouth phase: each consumer's trust moves toward a random compatriot's (read from
  /// the trust before this phase, so the order of updates does not matter). Group by group of
  /// countries (``ConsumerPopulation/wordOfMouthGroups``), the group's partitions side by side
  /// writing its next trust to the scratch, then copied into the trust column.
  func spreadWordOfMouth() {
    let groups = consumers.wordOfMouthGroups
    for group in groups {
      let first = group.partitions.lowerBound
      stepExecutor.forEachPartition(group.partitions.count) { k in
        wordOfMouth(partition: first + k, scratchStart: group.agents.lowerBound)
      }
      if groups.count == 1 {
        consumers.adoptNextTrust()
        continue
      }
      // Once every partition of the group has read the old trust, each copies its own.
      let scratch = consumers.trustScratch.storage
      let trust = consumers.trust.storage
      stepExecutor.forEachPartition(group.partitions.count) { k in
        let range = consumers.partitioning.range(of: first + k)
        let offset = group.agents.lowerBound
        _ = UnsafeMutableBufferPointer(rebasing: trust[range]).update(
          fromContentsOf: UnsafeBufferPointer(
            rebasing: scratch[(range.lowerBound - offset)..<(range.upperBound - offset)]))
      }
    }
  }

  /// Word of mouth in consumer partition `partition`, its next trust written to the scratch
  /// at agent − `scratchStart`.
  func wordOfMouth(partition: Int, scratchStart: Int) {
    let range = consumers.partitioning.range(of: partition)
    guard !range.isEmpty else { return }
    let d = consumerPartitionCountry[partition]
    let compatriots = consumers.countryRanges[d]
    let weight = parameters.wordOfMouthWeightPerMonth
    let trust = consumers.trust.storage
    let next = consumers.trustScratch.storage
    let step = stepsTaken
    // In chunks: the chunk's peers first, then their trust. The peers' trust is read at
    // random across the country's column, mostly from memory: gathered in a loop of loads
    // alone, many of those reads are in flight at once.
    let chunkSize = 64
    withUnsafeTemporaryAllocation(of: Int.self, capacity: chunkSize) { peers in
      var chunkStart = range.lowerBound
      while chunkStart < range.upperBound {
        let chunk = chunkStart..<Swift.min(chunkStart + chunkSize, range.upperBound)
        for i in chunk {
          var random = wordOfMouthDraws.generator(agent: i, step: step)
          peers[i - chunkStart] =
            compatriots.lowerBound + random.uniformInt(below: compatriots.count)
        }
        for i in chunk {
          let own = trust[i]
          next[i - scratchStart] = own + weight * (trust[peers[i - chunkStart]] - own)
        }
        chunkStart = chunk.upperBound
      }
    }
  }
}

extension CorridorEconomy {
  /// Mean disposable income per person in country `c` in the base year, CNY a month.
  func baseYearMeanIncomeCNY(_ c: Int) -> Double {
    world.countries[c].gdpPerCapitaUSD * parameters.cnyPerUSD
      * parameters.householdIncomeShareOfGDP / 12
  }

  /// Value of one parcel order of household agent `i`, CNY: v = v₀·(y/ȳ)^ε·g, with v₀
  /// `standard_parcel_value_cny`, y the household's base-year income, ȳ its country's
  /// base-year mean, ε `parcel_value_income_elasticity` ((y/ȳ)^ε is the agent's
  /// `parcelValueFactor`, fixed at initialization) and g the country's income index since the
  /// base year (richer households order larger parcels). A cross-border parcel is a small
  /// order wherever it goes (most of China's parcels to Europe were below the EU's 22 € VAT
  /// threshold), so the country's income level does not scale it.
  @inline(__always)
  func parcelOrderValueCNY(consumer i: Int, incomeIndex: Double) -> Double {
    parameters.standardParcelValueCNY * consumers.parcelValueFactor[i] * incomeIndex
  }

  /// The share q_d of the parcels bought in country d (by value) that exceed its de minimis
  /// and pay the parcel duty and VAT: last month's, where households bought parcels, as
  /// sellers see it in customs statistics (cross-border buyers are the richer households, with
  /// larger orders); elsewhere the share of its online households' spending (persons ×
  /// income) in orders above the threshold. Sellers weigh the tax in their entry decisions and
  /// competitiveness (``parcelTaxPower(destination:tariff:)``), as households weigh it in
  /// their choice, so raising a de minimis draws sellers in.
  func updateDutiableParcelShares() {
    for d in 0..<countryCount {
      if metrics.crossBorderB2CSpendCNY[d] > 0 {
        dutiableParcelSpendingShare[d] = min(
          1, metrics.dutiableParcelSpendCNY[d] / metrics.crossBorderB2CSpendCNY[d])
        continue
      }
      let online = internetShare[d]
      let deMinimis = policy.deMinimisCNY[d]
      var spending = 0.0
      var dutiable = 0.0
      for i in consumers.countryRanges[d] where consumers.onlineThreshold[i] < online {
        let income = consumers.baseIncomeCNYPerMonth[i]
        let value = consumers.personsPerAgent[d] * income
        spending += value
        let orderValue = parcelOrderValueCNY(consumer: i, incomeIndex: gdpIndex[d])
        if orderValue > deMinimis { dutiable += value }
      }
      // With no household online, the standard order decides.
      dutiableParcelSpendingShare[d] =
        spending > 0
        ? dutiable / spending
        : (parameters.standardParcelValueCNY * gdpIndex[d] > deMinimis ? 1 : 0)
    }
  }

  /// The parcel tax of a B2C sale into `d` at the tariff `tariff`, as a CES buyer sees it:
  /// T^(1−σ) = q_d·τ^(1−σ) + (1 − q_d), τ = (1 + f_d·t)(1 + f_V,d·VAT) the tax factor of a
  /// dutiable order (f_d and f_V,d the shares of duty and VAT the destination's retail import
  /// regime charges on parcels, `parcel_duty_factor` and `parcel_vat_factor`) and q_d the
  /// dutiable share of its parcels (``updateDutiableParcelShares()``): a seller's expected
  /// revenue is the mean of what its taxed and untaxed orders would bring.
  @inline(__always)
  func parcelTaxPower(destination d: Int, tariff: Double) -> Double {
    let q = dutiableParcelSpendingShare[d]
    guard q > 0 else { return 1 }
    let taxed =
      (1 + policy.parcelDutyFactor[d] * tariff)
      * (1 + policy.parcelVATFactor[d] * parameters.importVATRate)
    return q * Double.pow(taxed, -sigmaMinusOne) + (1 - q)
  }
}
