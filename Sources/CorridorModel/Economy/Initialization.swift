import RealModule
import Stochastic

extension CorridorEconomy {
  /// Draws the initial agents (serially, from one stream: initialization is done once; the
  /// pure computations around the draws, strata and powers, run side by side on
  /// ``stepExecutor``, which changes no number).
  ///
  /// Consumers: lognormal incomes with the country's mean disposable income per person and
  /// the income Gini; a fixed uniform threshold that decides when they come online; initial
  /// trust from a Beta distribution whose mean rises with legal enforcement; no familiarity with
  /// online shopping (the spin-up sets it, ``learnOnlineShopping``). Firms: strata of
  /// the cell's Pareto-productivity real firms (``FirmSizeStrata``), random age, some already
  /// on platforms. Importers: strata of Pareto sizes (``importerStrata(count:paretoShape:)``).
  func initializeAgents(firmCellCounts: [Int], importerCellCounts: [Int]) {
    let p = parameters
    let n = countryCount
    let sectors = sectorCount
    let stream = RandomStream(seed: configuration.seed, stream: StreamID("economy.initialize"))
    let shares = sectorDemandShares
    let laborShares = laborCostShares
    let baseYearInputShareOfSales =
      (0..<sectors).reduce(0.0) { $0 + shares[$1] * (1 - laborShares[$1]) } / markup

    for c in 0..<n {
      enforcement[c] = NormalDistribution().cumulativeProbability(
        world.countries[c].ruleOfLawIndex / p.enforcementRuleOfLawScale)
      expectedDefaultShare[c] = defaultShare(destination: c)
    }

    // Importers first (they draw nothing): strata of a Pareto size distribution, the large
    // ones oversampled (below), worked out for all cells side by side. B2B platforms' reachable
    // buyers are real importers (``updateReachableBuyers()``), which the initial B2B adopters'
    // platform draw weighs: counted before the firms are set up, not from the agents'
    // placeholder weights, which are agent counts and would make that draw hang on the scale.
    let importerShape = p.importerSizeParetoShape
    let importerStrataByCell = stepExecutor.mapPartitions(n * sectors) { index in
      importerCellCounts[index] > 0
        ? Self.importerStrata(count: importerCellCounts[index], paretoShape: importerShape) : []
    }
    var start = 0
    for c in 0..<n {
      for s in 0..<sectors {
        let count = importerCellCounts[c * sectors + s]
        guard count > 0 else { continue }
        let realImporters =
          world.countries[c].gdpUSD / 1e9 * shares[s] * p.realImportersPerBillionUSDGDP
        let strata = importerStrataByCell[c * sectors + s]
        let initialOnlineShare = min(
          max(p.initialImporterPlatformShare * internetShare[c], 0),
          p.importerSourcingPotentialShare)
        for (k, stratum) in strata.enumerated() {
          importers.budgetShare[start + k] = stratum.budgetShare
          importers.weightImporters[start + k] = max(realImporters * stratum.countShare, 1e-9)
          let suppliers = Double.exp(
            p.supplierCountSizeElasticity * stratum.purchaseWeightedLogSize
          ).rounded()
          importers.supplierCount[start + k] = UInt8(
            clamping: min(importers.slots, max(1, Int(min(suppliers, 1e6)))))
          importers.onlineShare[start + k] = initialOnlineShare
        }
        start += count
      }
    }
    sumRealImporters()
    updateReachableBuyers()

    // Consumers.
    for c in 0..<n {
      let range = consumers.countryRanges[c]
      guard !range.isEmpty else { continue }
      let country = world.countries[c]
      let weight = country.populationMillions * 1e6 / Double(range.count)
      let meanIncome = country.gdpPerCapitaUSD * p.cnyPerUSD * p.householdIncomeShareOfGDP / 12
      // A Gini of 0 is the degenerate limit: every household earns the mean (and with no
      // household income at all, every household earns nothing).
      let incomes =
        p.incomeGini > 0 && meanIncome > 0
        ? LognormalDistribution(mean: meanIncome, gini: p.incomeGini) : nil
      let trustMean = min(
        0.95, max(0.05, p.initialTrustMean + p.initialTrustPerEnforcement * enforcement[c]))
      let trust = BetaDistribution(
        alpha: trustMean * p.initialTrustConcentration,
        beta: (1 - trustMean) * p.initialTrustConcentration)
      consumers.personsPerAgent[c] = weight
      for i in range {
        consumers.baseIncomeCNYPerMonth[i] = incomes?.sample(stream) ?? meanIncome
        consumers.onlineThreshold[i] = stream.uniform()
        consumers.trust[i] = trust.sample(stream)
        // Familiarity comes from online orders (``learnOnlineShopping``): none before any.
        consumers.onlineFamiliarity[i] = 0
      }
    }

    // Order values relative to the country's mean, partition by partition (a partition's
    // consumers are of one country).
    let executor = stepExecutor
    let parcelValueFactor = consumers.parcelValueFactor.storage
    let baseIncome = consumers.baseIncomeCNYPerMonth.storage
    executor.forEachPartition(consumers.partitioning.partitionCount) { partition in
      let c = consumerPartitionCountry[partition]
      guard c >= 0 else { return }
      let meanIncome = baseYearMeanIncomeCNY(c)
      for i in consumers.partitioning.range(of: partition) {
        parcelValueFactor[i] = Double.pow(baseIncome[i] / meanIncome, p.parcelValueIncomeElasticity)
      }
    }

    // Firms, cell by cell: strata of the cell's real firms, largest first (FirmSizeStrata),
    // worked out for all cells side by side, then set up in order with the cell's draws.
    let sizeStrata = firmSizeStrata
    func cellRealFirms(_ index: Int) -> Double {
      max(
        world.countries[index / sectors].gdpUSD / 1e9 * shares[index % sectors]
          * p.realFirmsPerBillionUSDGDP, 1e-9)
    }
    let firmStrata = executor.mapPartitions(n * sectors) { index -> [FirmStratumSetUp] in
      let count = firmCellCounts[index]
      guard count > 0 else { return [] }
      let cellFirms = cellRealFirms(index)
      return sizeStrata.strata(realFirms: cellFirms, agents: count).map { stratum in
        FirmStratumSetUp(
          weight: stratum.weight, topRank: stratum.topRank, bottomRank: stratum.bottomRank,
          topRankSum: sizeStrata.rankSum(stratum.topRank),
          bottomRankSum: sizeStrata.rankSum(stratum.bottomRank),
          strongestPower: sizeStrata.power(rank: stratum.topRank, realFirms: cellFirms),
          weakestPower: sizeStrata.power(
            rank: stratum.bottomRank, realFirms: cellFirms, fromBelow: true),
          productivity: Double.pow(stratum.meanPower, 1 / sigmaMinusOne))
      }
    }
    var firm = 0
    for c in 0..<n {
      for s in 0..<sectors {
        let count = firmCellCounts[c * sectors + s]
        guard count > 0 else { continue }
        let realFirms = cellRealFirms(c * sectors + s)
        // The cell's domestic tradables demand (households' and, through input-output
        // linkages, producers') at the start, as a closed economy would have it: final demand
        // F and inputs a × output, so output F/(1 − a), a = Σ_s share_s (1 − λ_s)/μ the
        // producers' materials per unit of sales (China's base-year cost structure, where
        // materials cost as much per unit as labor). Shared among the cell's real firms in
        // proportion to φ^(σ−1): the median firm's revenue is the mean's times
        // (median φ^(σ−1)) / (mean φ^(σ−1)).
        let cellDemand =
          gdpCNYPerMonth[c] * shares[s] * p.householdIncomeShareOfGDP
          * p.householdTradablesBudgetShare / (1 - baseYearInputShareOfSales)
        fixedCostScaleCNY[cell(c, s)] =
          cellDemand / realFirms * sizeStrata.medianOverMeanPower(realFirms: realFirms)
        cellDemandAtStartCNY[cell(c, s)] = cellDemand
        // Platform adopters in 2015: the same share of every agent's real firms
        // (FirmOperations.adoptECommerce), so that the adopters' share of the cell's sales is
        // the expected one, not a matter of which agents' coin flips came up.
        let initialShares = [
          p.initialB2BAdoptionShare * internetShare[c] * platformReach(.b2b, country: c),
          s == Sector.other.rawValue
            ? 0 : p.initialB2CAdoptionShare * internetShare[c] * platformReach(.b2c, country: c),
        ].map { min(max($0, 0), 1) }
        for stratum in firmStrata[c * sectors + s] {
          firms.country[firm] = Int32(c)
          firms.homeCountry[firm] = Int32(c)
          firms.sector[firm] = UInt8(s)
          firms.weightFirms[firm] = stratum.weight
          firms.stratumRanks[2 * firm] = stratum.topRank
          firms.stratumRanks[2 * firm + 1] = stratum.bottomRank
          firms.stratumCellFirms[firm] = realFirms
          firms.stratumRankSums[2 * firm] = stratum.topRankSum
          firms.stratumRankSums[2 * firm + 1] = stratum.bottomRankSum
          firms.strongestPower[firm] = stratum.strongestPower
          firms.weakestPower[firm] = stratum.weakestPower
          foundFirm(firm, productivity: stratum.productivity)
          for (k, kind) in [PlatformKind.b2b, .b2c].enumerated() where initialShares[k] > 0 {
            firms.adoptedShare[2 * firm + k] = initialShares[k]
            adopt(firm, kind, draw: stream.uniform())
          }
          firms.reputation[firm] = parameters.initialSellerReputationMax * stream.uniform()
          firm += 1
        }
      }
    }
    recountFirmCells()
  }

  /// Sets ``realImportersByCountry`` from the importer agents' weights, once they are set up.
  func sumRealImporters() {
    var sums = [Double](repeating: 0, count: countryCount)
    for m in 0..<importers.count {
      sums[Int(importers.country[m])] += importers.weightImporters[m]
    }
    realImportersByCountry = sums
  }

  /// A firm agent's stratum as set-up needs it: its real firms, the ranks that bound it and
  /// their rank sums H (``FirmSizeStrata/rankSum(_:)``), φ^(σ−1) of its strongest and weakest
  /// firm, and the productivity φ of its mean φ^(σ−1).
  struct FirmStratumSetUp {
    var weight: Double
    var topRank: Double
    var bottomRank: Double
    var topRankSum: Double
    var bottomRankSum: Double
    var strongestPower: Double
    var weakestPower: Double
    var productivity: Double
  }

  /// Strata of a Pareto(α) distribution of importer sizes S ≥ 1 (purchases, relative to the
  /// smallest importer), from the largest importers down: each stratum's share of the real
  /// importers, its share of their purchases, its importers' mean size, and the mean of log
  /// size over its purchases (what sets how many suppliers the stratum's spending goes to).
  ///
  /// The top fraction q of importers (P(S > s) = q) buys a share q^(1 − 1/α) of the total
  /// (α > 1). The boundaries split G(q) = ½·q + ½·q^(1 − 1/α) into equal parts: half of the
  /// agents are spread by count and half by purchases, so the few giants that do most of the
  /// buying get agents of their own and the crowd of small traders a few heavy-weight agents.
  /// Budgets are unequal but no agent carries more than 2/N of the purchases, so B2B flows do
  /// not hinge on one agent's supplier choice. Mean size: (purchase share / count share)·E[S]
  /// with E[S] = α/(α − 1). Over purchases, the density of q is ∝ q^(a − 1) with a = 1 − 1/α
  /// and log S = −log q / α, so E[log S] = −(1/α)·[q^a(log q/a − 1/a²)] / [q^a/a] between the
  /// stratum's bounds: a mean that finer strata split without moving, unlike the count of
  /// suppliers of the stratum's mean size.
  static func importerStrata(count: Int, paretoShape alpha: Double) -> [(
    countShare: Double, budgetShare: Double, meanSize: Double, purchaseWeightedLogSize: Double
  )] {
    let exponent = 1 - 1 / alpha
    func purchases(_ q: Double) -> Double { Double.pow(q, exponent) }
    func share(_ q: Double) -> Double { 0.5 * q + 0.5 * purchases(q) }
    var boundaries = [0.0]
    for r in 1..<max(count, 1) {
      let target = Double(r) / Double(count)
      var low = boundaries.last!
      var high = 1.0
      for _ in 0..<100 {
        let middle = 0.5 * (low + high)
        // Once the bracket no longer moves, the remaining halvings would not move it either.
        if share(middle) < target {
          if middle == low { break }
          low = middle
        } else {
          if middle == high { break }
          high = middle
        }
      }
      boundaries.append(0.5 * (low + high))
    }
    boundaries.append(1)
    let meanSize = alpha / (alpha - 1)
    let a = exponent
    func logIntegral(_ q: Double) -> Double {
      q > 0 ? Double.pow(q, a) * (Double.log(q) / a - 1 / (a * a)) : 0
    }
    return (0..<count).map { r in
      let (low, high) = (boundaries[r], boundaries[r + 1])
      let countShare = high - low
      let budgetShare = purchases(high) - purchases(low)
      let meanLogQ =
        budgetShare > 0 ? (logIntegral(high) - logIntegral(low)) / (budgetShare / a) : 0
      return (
        countShare, budgetShare, countShare > 0 ? budgetShare / countShare * meanSize : meanSize,
        -meanLogQ / alpha
      )
    }
  }

  /// Sets up slot `firm` for a new firm with productivity φ in its current country and sector:
  /// no markets, no platform, no reputation, zero cash.
  func foundFirm(_ firm: Int, productivity phi: Double) {
    firms.productivity[firm] = phi
    firms.productivityPower[firm] = Double.pow(phi, sigmaMinusOne)
    // New firms face their cell's congestion (capacity is the cell's: §3.3.2).
    firms.costMultiplier[firm] =
      congestionTarget[
        cell(Int(firms.country[firm]), Int(firms.sector[firm]))]
    firms.cash[firm] = 0
    firms.receivables[firm] = 0
    firms.adoption[firm] = 0
    firms.adoptedShare[2 * firm] = 0
    firms.adoptedShare[2 * firm + 1] = 0
    firms.b2bPlatform[firm] = -1
    firms.b2cPlatform[firm] = -1
    firms.lossMonths[firm] = 0
    firms.reputation[firm] = 0
    firms.domesticRevenue[firm] = 0
    for channel in 0..<channelCount {
      firms.exportRevenueByChannel[firm * channelCount + channel] = 0
      for word in 0..<FirmPopulation.wordsPerChannel {
        firms.marketBits[(firm * channelCount + channel) * FirmPopulation.wordsPerChannel + word] =
          0
      }
    }
  }

  /// A seller's attraction to platform `index` of its kind: reputation × (1 − commission) ×
  /// (the platform's share of its kind's buyers)^η — sellers go where buyers are (two-sided).
  /// A platform's buyers are those it served last month and a latent share
  /// (`latent_market_share`) of those it could reach in its markets (persons online for B2C,
  /// real importers for B2B: ``updateReachableBuyers()``), so a platform new to a market is
  /// judged by the market it opens. A platform that serves no buyers outside the seller's
  /// country is no export channel (attraction 0).
  func platformAttraction(_ index: Int, home: Int, kindBuyers: Double, kindCount: Int) -> Double {
    let servedAbroad = platformMarketCount[index] - (platformServes(index, country: home) ? 1 : 0)
    guard servedAbroad > 0 else { return 0 }
    let buyerShare =
      kindBuyers > 0 ? platformBuyers(index) / kindBuyers : 1 / Double(kindCount)
    return platforms.reputation[index] * (1 - platforms.commissionRate[index])
      * Double.pow(max(buyerShare, 1e-6), parameters.networkEffectElasticity)
  }

  /// Last month's buyers of platform `index` plus the latent share of those it could reach.
  @inline(__always)
  func platformBuyers(_ index: Int) -> Double {
    platforms.buyers[index] + parameters.latentMarketShare * platforms.reachableBuyers[index]
  }

  /// A platform of `kind` drawn for a seller of `home` with probability ∝ its attraction
  /// (`draw` uniform in [0, 1)); nil if none serves a market abroad. Two passes, no array.
  func drawPlatform(_ kind: PlatformKind, home: Int, draw: Double) -> Int? {
    let candidates = platforms.indices(of: kind)
    let kindBuyers = candidates.reduce(0) { $0 + platformBuyers($1) }
    var total = 0.0
    var last = -1
    for index in candidates {
      let weight = platformAttraction(
        index, home: home, kindBuyers: kindBuyers, kindCount: candidates.count)
      total += weight
      if weight > 0 { last = index }
    }
    guard last >= 0 else { return nil }
    var remaining = draw * total
    for index in candidates {
      remaining -= platformAttraction(
        index, home: home, kindBuyers: kindBuyers, kindCount: candidates.count)
      if remaining < 0 { return index }
    }
    // (Rounding can carry the draw past the end: the last platform the seller can use.)
    return last
  }

  /// The agent's first adopters of `kind` list on a platform drawn ∝ attraction
  /// (``drawPlatform(_:home:draw:)``); later adopters join it (a seller's firms share its
  /// store). `draw` is a uniform number in [0, 1).
  func adopt(_ firm: Int, _ kind: PlatformKind, draw: Double) {
    guard let chosen = drawPlatform(kind, home: Int(firms.country[firm]), draw: draw) else {
      return
    }
    list(firm, kind, on: chosen)
  }

  /// Switching costs: each month an agent listed on a platform of `kind` reviews it with
  /// probability `platform_review_probability_per_month`, drawing a rival ∝ attraction, and
  /// moves its listed firms there only if the rival's attraction × (1 − c) exceeds its own
  /// platform's (c = `platform_switching_cost`: the store, listings and buyers' reviews it
  /// leaves behind). A B2C move costs it the share c of its seller reputation (reviews do not
  /// move; B2B offers carry no reputation). Returns whether it moved.
  func reviewPlatform(
    _ firm: Int, _ kind: PlatformKind, random: inout Xoshiro256StarStar
  ) -> Bool {
    let bit: UInt8 = kind == .b2b ? 1 : 2
    guard firms.adoption[firm] & bit != 0,
      random.uniform() < parameters.platformReviewProbabilityPerMonth
    else { return false }
    let home = Int(firms.country[firm])
    let current = Int(kind == .b2b ? firms.b2bPlatform[firm] : firms.b2cPlatform[firm])
    guard let rival = drawPlatform(kind, home: home, draw: random.uniform()), rival != current
    else { return false }
    let candidates = platforms.indices(of: kind)
    let kindBuyers = candidates.reduce(0) { $0 + platformBuyers($1) }
    let stay = 1 - parameters.platformSwitchingCost
    let gain =
      stay
      * platformAttraction(rival, home: home, kindBuyers: kindBuyers, kindCount: candidates.count)
    let keep = platformAttraction(
      current, home: home, kindBuyers: kindBuyers, kindCount: candidates.count)
    guard gain > keep else { return false }
    if kind == .b2c { firms.reputation[firm] *= stay }
    list(firm, kind, on: rival)
    return true
  }

  /// Lists agent `firm`'s adopters of `kind` on platform `chosen`; markets the platform does
  /// not serve are left at once (its sellers cannot reach them), and the next market review
  /// enters those it serves.
  func list(_ firm: Int, _ kind: PlatformKind, on chosen: Int) {
    let n = countryCount
    let channel: Channel
    switch kind {
    case .b2b:
      firms.adoption[firm] |= 1
      firms.b2bPlatform[firm] = Int8(chosen)
      channel = .b2bPlatform
    case .b2c:
      firms.adoption[firm] |= 2
      firms.b2cPlatform[firm] = Int8(chosen)
      channel = .b2cPlatform
    }
    for d in 0..<n
    where firms.isActive(firm, destination: d, channel: channel.rawValue)
      && !platformServes(chosen, country: d)
    {
      firms.setActive(firm, destination: d, channel: channel.rawValue, false)
    }
  }

  /// Recomputes the per-(country, sector) sums over real firms of φ^(σ−1) and of (φ/m)^(σ−1)
  /// and the real-firm counts from the firm columns.
  func recountFirmCells() {
    productivityPowerSum.fill(0)
    competitivePowerSum.fill(0)
    firmCountByCell.fill(0)
    for f in 0..<firms.count {
      let index = cell(Int(firms.country[f]), Int(firms.sector[f]))
      let weight = firms.weightFirms[f]
      productivityPowerSum[index] += weight * firms.productivityPower[f]
      competitivePowerSum[index] += weight * competitivePower(f)
      firmCountByCell[index] += weight
    }
  }

  /// (φ/m)^(σ−1): the firm's weight in CES market shares given its congestion cost.
  @inline(__always)
  func competitivePower(_ f: Int) -> Double {
    firms.productivityPower[f] * Double.pow(firms.costMultiplier[f], -sigmaMinusOne)
  }
}
