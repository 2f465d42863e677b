import RealModule

extension CorridorEconomy {
  /// Serial phase 4: buyers' taxes, platform fees, carriers' and intermediaries' revenue,
  /// fraud losses and domestic spending reach their accounts (partition order: deterministic),
  /// and this month's trade flows are recorded.
  func clearBuyerTallies() {
    let n = countryCount
    for index in metrics.flowValueCNY.indices {
      metrics.flowValueCNY[index] = 0
      metrics.flowFirmReceiptsCNY[index] = 0
    }
    for index in monthMarketRevenue.indices { monthMarketRevenue[index] = 0 }
    for index in retailSalesCNY.indices { retailSalesCNY[index] = 0 }
    for array in [
      \StepMetrics.tariffRevenueCNY, \.taxRevenueCNY, \.fraudLossCNY, \.b2bFraudLossCNY,
      \.defaultLossCNY,
      \.crossBorderOrders, \.fraudOrders, \.lostOrders, \.lateOrders, \.dutiableOrders,
      \.deliveryDaysOrderSum,
      \.crossBorderB2CSpendCNY, \.dutiableParcelSpendCNY, \.onlineBudgetCNY,
      \.householdTradablesBudgetCNY,
      \.onlineRetailSpendCNY, \.supplierSearches, \.platformSearches,
      \.creditDueCNY, \.tradeCreditSalesCNY, \.letterOfCreditSalesCNY,
      \.domesticOnlineOrders, \.domesticOnlineFraudOrders, \.domesticOnlineSalesCNY,
      \.meanTrust, \.meanOnlineFamiliarity, \.onlineShare,
    ] {
      for c in 0..<n { metrics[keyPath: array][c] = 0 }
    }
    var persons = [Double](repeating: 0, count: n)
    var importerWeight = [Double](repeating: 0, count: n)
    var onlineSourcers = [Double](repeating: 0, count: n)
    for index in monthPlatformOrders.indices {
      monthPlatformOrders[index] = 0
      monthPlatformRevenue[index] = 0
    }
    platforms.goodsValueCNY.fill(0)

    for (tallies, partitionCountry) in [
      (consumerTallies, consumerPartitionCountry), (importerTallies, importerPartitionCountry),
    ] {
      for (partition, tally) in tallies.enumerated() {
        let d = partitionCountry[partition]
        guard d >= 0 else { continue }
        ledger.government[d] += tally.taxRevenue
        for platform in 0..<platforms.specs.count {
          ledger.platform[platform] +=
            tally.platformRevenue[platform] - tally.platformRefunds[platform]
          monthPlatformRevenue[platform] += tally.platformRevenue[platform]
          monthPlatformOrders[platform] += tally.platformOrders[platform]
          platforms.goodsValueCNY[platform] += tally.platformGoodsValue[platform]
        }
        ledger.logistics += tally.logisticsRevenue
        ledger.intermediaries += tally.intermediaryRevenue
        ledger.fraudSink += tally.fraudLoss + tally.domesticOnlineFraudLoss
        for s in 0..<sectorCount {
          ledger.domesticPool[cell(d, s)] += tally.domesticSpend[s]
          ledger.retailPool[cell(d, s)] += tally.retailSales[s] - tally.retailRestocking[s]
          ledger.inputPool[d] -= tally.inputSpending[s]
          retailSalesCNY[cell(d, s)] += tally.retailSales[s]
        }
        for flow in NamedFlow.allCases {
          ledger.namedFlows[flow.rawValue] += tally.flows.amounts[flow.rawValue]
        }
        metrics.tariffRevenueCNY[d] += tally.tariffRevenue
        metrics.taxRevenueCNY[d] += tally.taxRevenue
        metrics.fraudLossCNY[d] += tally.fraudLoss
        metrics.b2bFraudLossCNY[d] += tally.b2bFraudLoss
        metrics.defaultLossCNY[d] += tally.defaultLoss
        metrics.crossBorderOrders[d] += tally.crossBorderOrders
        metrics.fraudOrders[d] += tally.fraudOrders
        metrics.lostOrders[d] += tally.lostOrders
        metrics.lateOrders[d] += tally.lateOrders
        metrics.dutiableOrders[d] += tally.dutiableOrders
        metrics.deliveryDaysOrderSum[d] += tally.deliveryDaysOrderSum
        metrics.crossBorderB2CSpendCNY[d] += tally.crossBorderSpend
        metrics.dutiableParcelSpendCNY[d] += tally.dutiableSpend
        metrics.onlineBudgetCNY[d] += tally.onlineBudget
        metrics.householdTradablesBudgetCNY[d] += tally.tradablesBudget
        metrics.onlineRetailSpendCNY[d] += tally.onlineRetailSpend
        metrics.supplierSearches[d] += tally.searches
        metrics.platformSearches[d] += tally.platformSearches
        metrics.creditDueCNY[d] += tally.creditDue
        metrics.tradeCreditSalesCNY[d] += tally.tradeCreditSales
        metrics.domesticOnlineOrders[d] += tally.domesticOnlineOrders
        metrics.domesticOnlineFraudOrders[d] += tally.domesticOnlineFraudOrders
        metrics.domesticOnlineSalesCNY[d] += tally.domesticOnlineSpend
        metrics.letterOfCreditSalesCNY[d] += tally.letterOfCreditSales
        metrics.meanTrust[d] += tally.trustPersonSum
        metrics.meanOnlineFamiliarity[d] += tally.familiarityPersonSum
        metrics.onlineShare[d] += tally.onlinePersons
        persons[d] += tally.persons
        importerWeight[d] += tally.importers
        onlineSourcers[d] += tally.onlineSourcers
      }
    }
    addBuyerFlows()
    for c in 0..<n where importerWeight[c] > 0 {
      importerOnlineShare[c] = onlineSourcers[c] / importerWeight[c]
    }
    for c in 0..<n where persons[c] > 0 {
      metrics.meanTrust[c] /= persons[c]
      metrics.meanOnlineFamiliarity[c] /= persons[c]
      metrics.onlineShare[c] /= persons[c]
    }
    for index in domesticPayout.indices { domesticPayout[index] = ledger.domesticPool[index] }
    updateDefaultBeliefs()
  }

  /// Adds the buyer tallies' bilateral flows (goods value and firms' receipts per origin,
  /// channel and sector) to the month's flow matrices and market revenue, in parallel over
  /// destinations: a destination's cells take only its own partitions' tallies, added in the
  /// order of ``buyerTalliesByCountry``, so the sums are the same for any thread count.
  private func addBuyerFlows() {
    let n = countryCount
    let marketRevenue = monthMarketRevenue.storage
    let talliesByCountry = buyerTalliesByCountry
    // The matrices leave the metrics while the destinations write them (uniquely held, so
    // no copy), and the metrics are not accessed meanwhile.
    var flowValueCNY = metrics.flowValueCNY
    var flowFirmReceiptsCNY = metrics.flowFirmReceiptsCNY
    metrics.flowValueCNY = []
    metrics.flowFirmReceiptsCNY = []
    defer {
      metrics.flowValueCNY = flowValueCNY
      metrics.flowFirmReceiptsCNY = flowFirmReceiptsCNY
    }
    flowValueCNY.withUnsafeMutableBufferPointer { flowValue in
      flowFirmReceiptsCNY.withUnsafeMutableBufferPointer { flowFirmReceipts in
        stepExecutor.forEachPartition(n) { d in
          for tally in talliesByCountry[d] {
            let goodsValue = tally.flowGoodsValue.storage
            let firmReceipts = tally.flowFirmReceipts.storage
            for o in 0..<n where o != d {
              for channel in 0..<channelCount {
                for s in 0..<sectorCount {
                  let source = BuyerTally.flowIndex(origin: o, channel: channel, sector: s)
                  let value = goodsValue[source]
                  guard value != 0 else { continue }
                  let target = StepMetrics.flowIndex(
                    origin: o, destination: d, channel: channel, sector: s, countryCount: n)
                  flowValue[target] += value
                  flowFirmReceipts[target] += firmReceipts[source]
                  marketRevenue[marketIndex(d, s, channel)] += firmReceipts[source]
                }
              }
            }
          }
        }
      }
    }
  }

  /// Serial phase 8: firms' unrefunded export VAT and fees reach governments and platforms,
  /// platforms and governments adapt, the books are checked and the month's metrics completed.
  func settle() {
    let n = countryCount
    let cells = n * sectorCount
    metrics.relocations = 0
    metrics.relocationsFromChina = 0
    metrics.platformSwitches = 0
    platforms.sellers.fill(0)
    metrics.exits = 0
    metrics.marketEntries = 0
    metrics.marketExits = 0
    for tally in firmTallies {
      for platform in 0..<platforms.specs.count {
        ledger.platform[platform] += tally.platformFees[platform]
        monthPlatformRevenue[platform] += tally.platformFees[platform]
        platforms.sellers[platform] += tally.platformSellers[platform]
      }
      for flow in NamedFlow.allCases {
        ledger.namedFlows[flow.rawValue] += tally.flows.amounts[flow.rawValue]
      }
      metrics.relocations += tally.relocations
      metrics.relocationsFromChina += tally.relocationsFromChina
      metrics.platformSwitches += tally.platformSwitches
      metrics.exits += tally.exits
      metrics.marketEntries += tally.marketEntries
      metrics.marketExits += tally.marketExits
    }
    // The firm tallies' per-country and per-cell sums, in parallel over countries (a
    // country's sums take only its own entries, tally by tally as a serial loop would).
    let sums = addFirmTalliesByCountry()
    /// Entry `index` of a row of the sums.
    func row(_ sum: FirmTallySum, _ index: Int) -> Double { sums[sum.rawValue * cells + index] }
    for c in 0..<n {
      ledger.government[c] = row(.government, c)
      ledger.inputPool[c] = row(.inputPool, c)
    }
    for index in 0..<cells {
      let realFirms = row(.firmCount, index)
      let b2bAdopters = row(.b2bAdopters, index)
      let b2cAdopters = row(.b2cAdopters, index)
      materialsBoughtCNY[index] = row(.materialsBought, index)
      ledger.domesticPool[index] = row(.domesticPool, index)
      productivityPowerSum[index] = row(.productivityPower, index)
      competitivePowerSum[index] = row(.competitivePower, index)
      firmCountByCell[index] = realFirms
      b2bAdopterShare[index] = realFirms > 0 ? b2bAdopters / realFirms : 0
      b2cAdopterShare[index] = realFirms > 0 ? b2cAdopters / realFirms : 0
      metrics.firms[index] = realFirms
      metrics.b2bAdopters[index] = b2bAdopters
      metrics.b2cAdopters[index] = b2cAdopters
      metrics.exporters[index] = row(.exporters, index)
      metrics.exportRevenueCNY[index] = row(.exportRevenue, index)
      metrics.domesticRevenueCNY[index] = row(.domesticRevenue, index)
      metrics.exporterProductivitySum[index] = row(.exporterProductivity, index)
      metrics.nonExporterProductivitySum[index] = row(.nonExporterProductivity, index)
    }
    for c in 0..<n { metrics.relocatedFirmsByHomeCountry[c] = 0 }
    for pool in 0..<relocationPools.poolCount {
      for home in 0..<n {
        metrics.relocatedFirmsByHomeCountry[home] += relocationPoolFirmsByHome[pool * n + home]
      }
    }
    marketRevenue.assign(monthMarketRevenue)

    adaptPlatforms()
    actAsGovernments()
    let totals = agentColumnTotals()
    checkNumbers(totals)
    if failure == nil { checkBooks(totals) }

    for c in 0..<n {
      metrics.wageCNY[c] = wageCNY[c]
      metrics.gdpCNYPerMonth[c] = gdpCNYPerMonth[c]
      metrics.internetShare[c] = internetShare[c]
      metrics.effectiveLPI[c] = effectiveLPI[c]
      metrics.enforcement[c] = enforcement[c]
      metrics.retaliationTariffOnChina[c] = policy.retaliationTariffOnChina[c]
    }
  }

  /// The firm tallies added up per country and cell, in parallel over countries: rows of
  /// ``FirmTallySum`` (each `cells` long; the two per-country rows use the first n entries),
  /// the ledger's rows starting from its balances, the others from 0. A country's entries
  /// take its tallies' terms in tally order, so the sums are those of one serial loop.
  private func addFirmTalliesByCountry() -> [Double] {
    let n = countryCount
    let sectors = sectorCount
    let cells = n * sectors
    var sums = [Double](repeating: 0, count: FirmTallySum.allCases.count * cells)
    for c in 0..<n {
      sums[FirmTallySum.government.rawValue * cells + c] = ledger.government[c]
      sums[FirmTallySum.inputPool.rawValue * cells + c] = ledger.inputPool[c]
    }
    for index in 0..<cells {
      sums[FirmTallySum.domesticPool.rawValue * cells + index] = ledger.domesticPool[index]
    }
    // The rows the cell sums go to, in the order of the tallies' columns below.
    let cellSumRows: [FirmTallySum] = [
      .productivityPower, .competitivePower, .firmCount, .b2bAdopters, .b2cAdopters, .exporters,
      .exportRevenue, .domesticRevenue, .exporterProductivity, .nonExporterProductivity,
    ]
    let cellSumOffsets = cellSumRows.map { $0.rawValue * cells }
    // Each tally's columns as raw storage, gathered once, tally by tally: the countries'
    // loops below then read them through pointers, retaining nothing (two threads retaining
    // the same objects would pass their reference counts' cache lines back and forth).
    let columnsPerTally = 3 + cellSumRows.count
    var columns: [UnsafeMutableBufferPointer<Double>] = []
    columns.reserveCapacity(firmTallies.count * columnsPerTally)
    for tally in firmTallies {
      columns += [
        tally.unrefundedExportVAT.storage, tally.inputPurchases.storage,
        tally.domesticPaid.storage, tally.productivityPowerSum.storage,
        tally.competitivePowerSum.storage, tally.firmCount.storage, tally.b2bAdopters.storage,
        tally.b2cAdopters.storage, tally.exporters.storage, tally.exportRevenue.storage,
        tally.domesticRevenue.storage, tally.exporterProductivitySum.storage,
        tally.nonExporterProductivitySum.storage,
      ]
    }
    let tallyCount = firmTallies.count
    // Countries in chunks of 8 (24 cells, three cache lines of each row).
    let countriesPerChunk = 8
    columns.withUnsafeBufferPointer { columns in
      cellSumOffsets.withUnsafeBufferPointer { cellSumOffsets in
        sums.withUnsafeMutableBufferPointer { sums in
          let chunks = (n + countriesPerChunk - 1) / countriesPerChunk
          stepExecutor.forEachPartition(chunks) { chunk in
            let countries = (chunk * countriesPerChunk)..<min(n, (chunk + 1) * countriesPerChunk)
            let cellRange = (countries.lowerBound * sectors)..<(countries.upperBound * sectors)
            let base = sums.baseAddress!
            let government = base + FirmTallySum.government.rawValue * cells
            let inputPool = base + FirmTallySum.inputPool.rawValue * cells
            let materialsBought = base + FirmTallySum.materialsBought.rawValue * cells
            let domesticPool = base + FirmTallySum.domesticPool.rawValue * cells
            for t in 0..<tallyCount {
              let first = t * columnsPerTally
              let unrefundedExportVAT = columns[first]
              let inputPurchases = columns[first + 1]
              let domesticPaid = columns[first + 2]
              for c in countries {
                government[c] += unrefundedExportVAT[c]
                for s in 0..<sectors {
                  let index = c * sectors + s
                  inputPool[c] += inputPurchases[index]
                  materialsBought[index] += inputPurchases[index]
                }
              }
              for index in cellRange { domesticPool[index] -= domesticPaid[index] }
              for k in 0..<cellSumOffsets.count {
                let column = columns[first + 3 + k]
                let target = base + cellSumOffsets[k]
                for index in cellRange { target[index] += column[index] }
              }
            }
          }
        }
      }
    }
    return sums
  }

  /// Platforms: network size, fees that follow market share, reinvestment in security.
  ///
  /// Each platform's share of its kind's revenue is its value share; the commission moves by
  /// `commissionAdjustmentRate` × (share − share a year ago) (gaining platforms raise fees,
  /// losing ones cut them). A share of revenue is spent on security (fraud detection, escrow,
  /// verification), which accumulates as a stock K that depreciates,
  /// K ← K·(1 − depreciation) + spending, and buys security s = 1 − exp(−K/(k·G)): G the
  /// goods value the platform carries a month, averaged exponentially over
  /// `security_value_smoothing_months`, k = `security_stock_months_of_goods_value`.
  /// Fraud attempts grow with the value a platform carries (fraudsters go where the money
  /// is), so what buys protection is the stock per unit of value protected: at a steady state
  /// K = share × revenue / depreciation and s = 1 − exp(−share × take rate /
  /// (depreciation × k)), so a platform that reinvests more of its revenue, or takes more per
  /// unit sold, is more secure, and a growing one stays as secure only by spending in step
  /// with its growth (until 2026-12 the scale was a fixed sum, and the leading platforms'
  /// security rose towards 0.99 as they grew, driving cross-border fraud below domestic
  /// fraud). During the spin-up the stock is the one that buys each platform's initial
  /// security at its goods value, so 2015 starts from the specified security. Reputation
  /// follows security.
  func adaptPlatforms() {
    let p = parameters
    for kind in PlatformKind.allCases {
      let indices = platforms.indices(of: kind)
      let total = indices.reduce(0) { $0 + monthPlatformRevenue[$1] }
      for index in indices {
        platforms.valueShare[index] =
          total > 0 ? monthPlatformRevenue[index] / total : 1 / Double(indices.count)
        platforms.buyers[index] = monthPlatformOrders[index]
      }
    }
    updateReachableBuyers()
    // Fees follow shares from January 2015: the spin-up's months, whose first has no revenue
    // (every share the 1/n placeholder), would otherwise count as a year of share gains for
    // the platform that tips its market, and its commission would start 2015 at twice the
    // listed rate.
    if !isInSpinUp {
      platforms.valueShareHistory.append(platforms.valueShare.values)
      if platforms.valueShareHistory.count > p.commissionShareLookbackMonths {
        platforms.valueShareHistory.removeFirst()
      }
    }
    let yearAgo = platforms.valueShareHistory.first ?? platforms.valueShare.values
    for index in platforms.specs.indices {
      platforms.commissionRate[index] = min(
        p.commissionCap,
        max(
          p.commissionFloor,
          platforms.commissionRate[index]
            * (1 + p.commissionAdjustmentRate * (platforms.valueShare[index] - yearAgo[index]))))
      let revenue = monthPlatformRevenue[index]
      let spending = revenue > 0 ? p.securityReinvestmentShare * revenue : 0
      if spending > 0 {
        ledger.platform[index] -= spending
        ledger.record(.securitySpending, spending)
      }
      if isInSpinUp {
        // The stock that buys the platform's initial security at the value it carries now.
        platforms.protectedGoodsValueCNY[index] = platforms.goodsValueCNY[index]
        platforms.securityCapitalCNY[index] = securityStockBuying(
          platforms.specs[index].paymentSecurity, goodsValueCNY: platforms.goodsValueCNY[index])
      } else {
        platforms.protectedGoodsValueCNY[index] +=
          (platforms.goodsValueCNY[index] - platforms.protectedGoodsValueCNY[index])
          / p.securityValueSmoothingMonths
        platforms.securityCapitalCNY[index] =
          platforms.securityCapitalCNY[index] * (1 - p.securityDepreciationPerMonth) + spending
      }
      platforms.revenueCNY[index] = revenue
    }
    // Security from the group's pooled stock and value once every member's are this month's
    // (updating them platform by platform gave the first member of a group the others' stock
    // of last month, and the group's members slightly different securities).
    for index in platforms.specs.indices {
      if !isInSpinUp, let security = securityFromCapital(platform: index) {
        platforms.paymentSecurity[index] = security
      }
      platforms.reputation[index] +=
        p.platformReputationAdjustmentPerMonth
        * (platforms.paymentSecurity[index] - platforms.reputation[index])
    }
  }

  /// Persons online in each platform's markets (``PlatformState/reachableBuyers``).
  /// For a B2C platform, persons online; for a B2B platform, real importers (the units its
  /// buyers are counted in: orders of real importers), so that the latent share weighs the
  /// market it opens against the buyers it serves in the same units.
  func updateReachableBuyers() {
    let n = countryCount
    let realImporters = realImportersByCountry
    for index in platforms.specs.indices {
      let isB2B = platforms.specs[index].kind == .b2b
      var reachable = 0.0
      for d in 0..<n where platformServes(index, country: d) {
        reachable +=
          isB2B
          ? realImporters[d] : internetShare[d] * world.countries[d].populationMillions * 1e6
      }
      platforms.reachableBuyers[index] = reachable
    }
  }

  /// Payment security bought by platform `platform`'s security stock,
  /// s = 1 − exp(−K/(k·G)) (``adaptPlatforms()``), G the goods value it protects
  /// (``PlatformState/protectedGoodsValueCNY``); nil if that is 0 (nothing to protect: its
  /// security stays as it was).
  ///
  /// Platforms of one group (``PlatformSpec/group``) share their systems: K and G are the
  /// group's pooled stock and goods value, so a small marketplace of a large group is as
  /// secure as the group.
  func securityFromCapital(platform: Int) -> Double? {
    var capital = 0.0
    var goodsValue = 0.0
    for member in platformGroupMembers[platform] {
      capital += platforms.securityCapitalCNY[member]
      goodsValue += platforms.protectedGoodsValueCNY[member]
    }
    guard goodsValue > 0 else { return nil }
    return 1 - Double.exp(-capital / (parameters.securityStockMonthsOfGoodsValue * goodsValue))
  }

  /// The security stock that buys `security` for a platform carrying `goodsValueCNY` a month:
  /// K = −k·G·log(1 − s), the inverse of ``securityFromCapital(platform:)``.
  func securityStockBuying(_ security: Double, goodsValueCNY: Double) -> Double {
    -parameters.securityStockMonthsOfGoodsValue * goodsValueCNY
      * Double.log(onePlus: -min(security, 1 - 1e-12))
  }

  /// Governments: pay for extra infrastructure; with retaliation on, raise tariffs on Chinese
  /// goods when the trailing-12-month deficit with China exceeds the threshold share of GDP
  /// (at most once a year, up to the cap).
  func actAsGovernments() {
    let p = parameters
    let n = countryCount
    for c in 0..<n {
      let spending = policy.infrastructureInvestmentPercentGDP[c] / 100 * gdpCNYPerMonth[c]
      if spending > 0 {
        ledger.government[c] -= spending
        ledger.record(.publicInvestment, spending)
      }
    }
    guard stepsTaken >= spinUpSteps else { return }
    let chinaIndex = china
    var balance = [Double](repeating: 0, count: n)
    for d in 0..<n where d != chinaIndex {
      let imports = metrics.flowTotal(origins: [chinaIndex], destinations: [d])
      let exports = metrics.flowTotal(origins: [d], destinations: [chinaIndex])
      balance[d] = imports - exports
    }
    deficitHistory.append(balance)
    if deficitHistory.count > 12 { deficitHistory.removeFirst() }
    guard p.retaliationEnabled, deficitHistory.count == 12 else { return }
    for d in 0..<n where d != chinaIndex {
      let deficitShare = deficitHistory.reduce(0) { $0 + $1[d] } / (gdpCNYPerMonth[d] * 12)
      monthsSinceRetaliation[d] += 1
      let eligible =
        Double(monthsSinceRetaliation[d]) >= parameters.retaliationCooldownMonths
        && policy.retaliationTariffOnChina[d] < p.retaliationTariffCap
      guard eligible else { continue }
      if deficitShare > p.retaliationDeficitThresholdShareOfGDP {
        policy.retaliationTariffOnChina[d] = min(
          p.retaliationTariffCap, policy.retaliationTariffOnChina[d] + p.retaliationTariffStep)
        monthsSinceRetaliation[d] = 0
        retaliations.append(
          RetaliationEvent(step: stepsTaken, country: d, deficitShareOfGDP: deficitShare))
      } else {
        largestDeficitShareWithoutRetaliation[d] = max(
          largestDeficitShareWithoutRetaliation[d], deficitShare)
      }
    }
  }

  /// The stock-flow check: the change of all balances must equal money created minus money
  /// destroyed by the named flows, to a relative residual of `accountingTolerance`. A balance
  /// that is no longer a finite number is a ``NumericalError`` instead (checked first).
  func checkBooks(_ columnTotals: AgentColumnTotals) {
    let totals: [Double] = AccountKind.allCases.map { kind in
      switch kind {
      case .consumers: return columnTotals.consumerCash
      case .importers: return columnTotals.importerCash
      case .firms: return columnTotals.firmCash
      case .platforms: return ledger.platform.reduce(0, +)
      case .governments: return ledger.government.reduce(0, +)
      case .logistics: return ledger.logistics
      case .intermediaries: return ledger.intermediaries
      case .fraudSink: return ledger.fraudSink
      case .domesticMarkets: return ledger.domesticPool.reduce(0, +)
      case .retailers: return ledger.retailPool.reduce(0, +)
      case .producersInputs: return ledger.inputPool.reduce(0, +)
      }
    }
    for (kind, total) in zip(AccountKind.allCases, totals) where !total.isFinite {
      failure = NumericalError(
        step: stepsTaken, when: currentStepWhen, quantity: "\(kind) balances (CNY)", value: total)
      return
    }
    let change = zip(totals, ledger.previousTotals).reduce(0) { $0 + ($1.0 - $1.1) }
    let net = ledger.netNamedFlows
    let scale = max(1, ledger.grossNamedFlows)
    let residual = abs(change - net) / scale
    metrics.accountingResidual = residual
    if residual > parameters.accountingTolerance || !residual.isFinite {
      failure = AccountingError(
        step: stepsTaken, when: currentStepWhen, balanceChange: change, netNamedFlows: net,
        relativeResidual: residual, tolerance: parameters.accountingTolerance,
        accountChanges: zip(
          AccountKind.allCases, zip(totals, ledger.previousTotals).map { $0.0 - $0.1 }
        ).map { ($0.0, $0.1) })
    }
    ledger.previousTotals = totals
    for index in ledger.namedFlows.indices { ledger.namedFlows[index] = 0 }
  }
}

/// The sums over agent columns that the month's checks read (``CorridorEconomy/checkNumbers(_:)``
/// and ``CorridorEconomy/checkBooks(_:)``).
struct AgentColumnTotals {
  /// Balances, CNY (compensated sums, ``AgentColumn/compensatedSum()``).
  var consumerCash = 0.0
  var importerCash = 0.0
  var firmCash = 0.0
  /// Plain sums: NaN or infinite whenever one agent's value is.
  var firmCostMultipliers = 0.0
  var firmDomesticRevenueCNY = 0.0
  var firmExportRevenueCNY = 0.0
  var firmReceivablesCNY = 0.0
  var firmCreditRiskResultsCNY = 0.0
}

extension CorridorEconomy {
  /// The month's ``AgentColumnTotals``: each sum one pass over its column in agent order (so
  /// its rounding does not depend on the thread count), the passes side by side on the step's
  /// threads (the consumers' balances, the longest column, on one while the others share the
  /// rest).
  func agentColumnTotals() -> AgentColumnTotals {
    let sums = stepExecutor.mapPartitions(8) { column -> Double in
      switch column {
      case 0: return consumers.cash.compensatedSum()
      case 1: return importers.cash.compensatedSum()
      case 2: return firms.cash.compensatedSum()
      case 3: return firms.costMultiplier.sum()
      case 4: return firms.domesticRevenue.sum()
      case 5: return firms.exportRevenueByChannel.sum()
      case 6: return firms.receivables.sum()
      default: return firms.creditRiskResult.sum()
      }
    }
    return AgentColumnTotals(
      consumerCash: sums[0], importerCash: sums[1], firmCash: sums[2],
      firmCostMultipliers: sums[3], firmDomesticRevenueCNY: sums[4], firmExportRevenueCNY: sums[5],
      firmReceivablesCNY: sums[6], firmCreditRiskResultsCNY: sums[7])
  }
}

/// The rows of ``CorridorEconomy/addFirmTalliesByCountry()``: per country (government,
/// inputPool) or per cell (the others).
private enum FirmTallySum: Int, CaseIterable {
  case government, inputPool, materialsBought, domesticPool, productivityPower, competitivePower
  case firmCount, b2bAdopters, b2cAdopters, exporters, exportRevenue, domesticRevenue
  case exporterProductivity, nonExporterProductivity
}
