import RealModule
import Stochastic

extension CorridorEconomy {
  /// Draws the initial agents (serially, from one stream: initialization is done once).
  ///
  /// Consumers: lognormal incomes with the country's mean disposable income per person and
  /// the income Gini; a fixed uniform threshold that decides when they come online; initial
  /// trust from a Beta distribution whose mean rises with legal enforcement. Firms: Pareto
  /// productivity, random age, some already on platforms. Importers: Pareto sizes.
  func initializeAgents(firmCellCounts: [Int], importerCellCounts: [Int]) {
    let p = parameters
    let n = countryCount
    let sectors = sectorCount
    let stream = RandomStream(seed: configuration.seed, stream: StreamID("economy.initialize"))
    let shares = sectorDemandShares

    for c in 0..<n {
      enforcement[c] = NormalDistribution().cumulativeProbability(
        world.countries[c].ruleOfLawIndex / p.enforcementRuleOfLawScale)
    }

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
      for i in range {
        consumers.weightPersons[i] = weight
        consumers.baseIncomeCNYPerMonth[i] = incomes?.sample(stream) ?? meanIncome
        consumers.onlineThreshold[i] = stream.uniform()
        consumers.trust[i] = trust.sample(stream)
      }
    }

    // Firms, cell by cell.
    var firm = 0
    for c in 0..<n {
      let country = world.countries[c]
      for s in 0..<sectors {
        let count = firmCellCounts[c * sectors + s]
        guard count > 0 else { continue }
        let realFirms = country.gdpUSD / 1e9 * shares[s] * p.realFirmsPerBillionUSDGDP
        // Mean monthly revenue of a firm of the cell at the start: the cell's domestic
        // tradables demand (households and businesses) shared among its firms.
        let cellDemand =
          gdpCNYPerMonth[c] * shares[s]
          * (p.householdIncomeShareOfGDP * p.householdTradablesBudgetShare
            + p.businessTradablesShareOfGDP)
        firmScaleCNY[cell(c, s)] = cellDemand / Double(count)
        for rank in 0..<count {
          firms.country[firm] = Int32(c)
          firms.homeCountry[firm] = Int32(c)
          firms.sector[firm] = UInt8(s)
          firms.weightFirms[firm] = max(realFirms / Double(count), 1e-9)
          firms.ageMonths[firm] = Int32(stream.uniformInt(below: 240))
          // Stratified draws: slot `rank` holds the middle half of the rank-th of `count`
          // equal-probability strata, so a cell's productivities always span the
          // distribution (a few hundred agents would otherwise make a country's exports hinge
          // on its luckiest draw).
          firms.productivityQuantileStart[firm] = (Double(rank) + 0.25) / Double(count)
          firms.productivityQuantileWidth[firm] = 0.5 / Double(count)
          foundFirm(firm, productivity: stratifiedProductivity(firm, uniform: stream.uniform()))
          // Some firms already sell through platforms in 2015.
          if stream.bernoulli(
            p.initialB2BAdoptionShare * internetShare[c] * platformReach(.b2b, country: c))
          {
            adopt(firm, .b2b, draw: stream.uniform())
          }
          if s != Sector.other.rawValue
            && stream.bernoulli(
              p.initialB2CAdoptionShare * internetShare[c] * platformReach(.b2c, country: c))
          {
            adopt(firm, .b2c, draw: stream.uniform())
          }
          firms.reputation[firm] = 0.3 * stream.uniform()
          firm += 1
        }
      }
    }
    recountFirmCells()

    // Importers: equal-budget strata of a Pareto size distribution (see below).
    var start = 0
    for c in 0..<n {
      for s in 0..<sectors {
        let count = importerCellCounts[c * sectors + s]
        guard count > 0 else { continue }
        let realImporters =
          world.countries[c].gdpUSD / 1e9 * shares[s] * p.realImportersPerBillionUSDGDP
        let strata = Self.equalBudgetStrata(count: count, paretoShape: p.importerSizeParetoShape)
        for k in 0..<count {
          importers.budgetShare[start + k] = 1 / Double(count)
          importers.weightImporters[start + k] = max(realImporters * strata[k], 1e-9)
          importers.sourcesOnline[start + k] =
            stream.bernoulli(p.initialImporterPlatformShare * internetShare[c]) ? 1 : 0
        }
        start += count
      }
    }
  }

  /// The share of real importers in each of `count` strata that split a Pareto(α) size
  /// distribution into equal shares of total purchases, from the smallest importers up.
  ///
  /// With sizes S ≥ 1, P(S > s) = s^(−α), the purchases of importers smaller than s are a
  /// share 1 − s^(1−α) of the total (α > 1). Stratum k holds the budget quantiles k/N…(k+1)/N,
  /// i.e. sizes s_k = (1 − k/N)^(1/(1−α)) to s_{k+1}, and a share s_k^(−α) − s_{k+1}^(−α) of
  /// the importers. Each agent stands for one stratum: all agents buy equally much, and their
  /// weights — how many importers they stand for — carry the heavy tail (the top stratum is a
  /// handful of giants, the bottom one a crowd of small traders). Sampling importers this
  /// way (equal budget, unequal weight) keeps every agent's decision equally consequential,
  /// so B2B flows do not hinge on one agent's supplier choice.
  static func equalBudgetStrata(count: Int, paretoShape alpha: Double) -> [Double] {
    precondition(alpha > 1, "importer sizes need a Pareto shape above 1 (finite mean)")
    func survival(_ k: Int) -> Double {
      // P(S > s_k) = s_k^(−α) with s_k = (1 − k/N)^(1/(1−α)).
      k >= count ? 0 : Double.pow(1 - Double(k) / Double(count), -alpha / (1 - alpha))
    }
    return (0..<count).map { survival($0) - survival($0 + 1) }
  }
  /// Sets up slot `firm` for a new firm with productivity φ in its current country and sector:
  /// no markets, no platform, no reputation, zero cash.
  func foundFirm(_ firm: Int, productivity phi: Double) {
    firms.productivity[firm] = phi
    firms.productivityPower[firm] = Double.pow(phi, sigmaMinusOne)
    firms.costMultiplier[firm] = 1
    firms.cash[firm] = 0
    firms.receivables[firm] = 0
    firms.adoption[firm] = 0
    firms.b2bPlatform[firm] = -1
    firms.b2cPlatform[firm] = -1
    firms.lossMonths[firm] = 0
    firms.reputation[firm] = 0
    firms.domesticRevenue[firm] = 0
    firms.profit[firm] = 0
    for channel in 0..<channelCount {
      firms.exportRevenueByChannel[firm * channelCount + channel] = 0
      for word in 0..<FirmPopulation.wordsPerChannel {
        firms.marketBits[(firm * channelCount + channel) * FirmPopulation.wordsPerChannel + word] =
          0
      }
    }
  }

  /// A Pareto productivity from slot `firm`'s stratum: F⁻¹(start + width·u).
  func stratifiedProductivity(_ firm: Int, uniform u: Double) -> Double {
    ParetoDistribution(shape: parameters.productivityParetoShape, scale: 1).quantile(
      firms.productivityQuantileStart[firm] + firms.productivityQuantileWidth[firm] * u)
  }

  /// Firm `firm` joins a platform of `kind`: it picks one with probability proportional to
  /// reputation × (1 − commission) × (buyers' share)^η — sellers go where buyers are.
  /// `draw` is a uniform number in [0, 1) that picks the platform.
  func adopt(_ firm: Int, _ kind: PlatformKind, draw: Double) {
    let candidates = platforms.indices(of: kind)
    guard !candidates.isEmpty else { return }
    let totalBuyers = candidates.reduce(0) { $0 + platforms.buyers[$1] }
    let weights = candidates.map { index -> Double in
      let buyerShare =
        totalBuyers > 0 ? platforms.buyers[index] / totalBuyers : 1 / Double(candidates.count)
      return platforms.reputation[index] * (1 - platforms.commissionRate[index])
        * Double.pow(max(buyerShare, 1e-6), parameters.networkEffectElasticity)
    }
    var draw = draw * weights.reduce(0, +)
    var chosen = candidates.last!
    for (index, weight) in zip(candidates, weights) {
      draw -= weight
      if draw < 0 {
        chosen = index
        break
      }
    }
    switch kind {
    case .b2b:
      firms.adoption[firm] |= 1
      firms.b2bPlatform[firm] = Int8(chosen)
    case .b2c:
      firms.adoption[firm] |= 2
      firms.b2cPlatform[firm] = Int8(chosen)
    }
  }

  /// Recomputes the per-(country, sector) sums of φ^(σ−1) and of (φ/m)^(σ−1) and the firm
  /// counts from the firm columns.
  func recountFirmCells() {
    productivityPowerSum.fill(0)
    competitivePowerSum.fill(0)
    firmCountByCell.fill(0)
    for f in 0..<firms.count {
      let index = cell(Int(firms.country[f]), Int(firms.sector[f]))
      productivityPowerSum[index] += firms.productivityPower[f]
      competitivePowerSum[index] += competitivePower(f)
      firmCountByCell[index] += 1
    }
  }

  /// (φ/m)^(σ−1): the firm's weight in CES market shares given its congestion cost.
  @inline(__always)
  func competitivePower(_ f: Int) -> Double {
    firms.productivityPower[f] * Double.pow(firms.costMultiplier[f], -sigmaMinusOne)
  }
}
