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
      let incomes = LognormalDistribution(mean: meanIncome, gini: p.incomeGini)
      let trustMean = min(
        0.95, max(0.05, p.initialTrustMean + p.initialTrustPerEnforcement * enforcement[c]))
      let trust = BetaDistribution(
        alpha: trustMean * p.initialTrustConcentration,
        beta: (1 - trustMean) * p.initialTrustConcentration)
      for i in range {
        consumers.weightPersons[i] = weight
        consumers.baseIncomeCNYPerMonth[i] = incomes.sample(stream)
        consumers.onlineThreshold[i] = stream.uniform()
        consumers.trust[i] = trust.sample(stream)
      }
    }

    // Firms, cell by cell.
    let productivity = ParetoDistribution(shape: p.productivityParetoShape, scale: 1)
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
        for _ in 0..<count {
          firms.country[firm] = Int32(c)
          firms.homeCountry[firm] = Int32(c)
          firms.sector[firm] = UInt8(s)
          firms.weightFirms[firm] = max(realFirms / Double(count), 1e-9)
          firms.ageMonths[firm] = Int32(stream.uniformInt(below: 240))
          foundFirm(firm, productivity: productivity.sample(stream), stream: stream, initial: true)
          firm += 1
        }
      }
    }
    recountFirmCells()

    // Importers: Pareto sizes normalised within each (country, sector).
    let sizes = ParetoDistribution(shape: p.importerSizeParetoShape, scale: 1)
    var start = 0
    for c in 0..<n {
      for s in 0..<sectors {
        let count = importerCellCounts[c * sectors + s]
        guard count > 0 else { continue }
        let draws = (0..<count).map { _ in sizes.sample(stream) }
        let total = draws.reduce(0, +)
        let realImporters =
          world.countries[c].gdpUSD / 1e9 * shares[s] * p.realImportersPerBillionUSDGDP
        for k in 0..<count {
          importers.budgetShare[start + k] = draws[k] / total
          importers.weightImporters[start + k] = max(realImporters / Double(count), 1e-9)
          importers.sourcesOnline[start + k] =
            stream.bernoulli(p.initialImporterPlatformShare * internetShare[c]) ? 1 : 0
        }
        start += count
      }
    }
  }

  /// Sets up slot `firm` for a new firm with productivity φ in its current country and sector:
  /// no markets, no platform, zero cash; at the start some firms are already on platforms.
  func foundFirm(_ firm: Int, productivity phi: Double, stream: RandomStream, initial: Bool) {
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
    if initial {
      let c = Int(firms.country[firm])
      let s = Int(firms.sector[firm])
      if stream.bernoulli(parameters.initialB2BAdoptionShare * internetShare[c]) {
        adopt(firm, .b2b, stream: stream)
      }
      if s != Sector.other.rawValue
        && stream.bernoulli(parameters.initialB2CAdoptionShare * internetShare[c])
      {
        adopt(firm, .b2c, stream: stream)
      }
      firms.reputation[firm] = 0.3 * stream.uniform()
    }
  }

  /// Firm `firm` joins a platform of `kind`: it picks one with probability proportional to
  /// reputation × (1 − commission) × (buyers' share)^η — sellers go where buyers are.
  func adopt(_ firm: Int, _ kind: PlatformKind, stream: RandomStream) {
    let candidates = platforms.indices(of: kind)
    guard !candidates.isEmpty else { return }
    let totalBuyers = candidates.reduce(0) { $0 + platforms.buyers[$1] }
    let weights = candidates.map { index -> Double in
      let buyerShare =
        totalBuyers > 0 ? platforms.buyers[index] / totalBuyers : 1 / Double(candidates.count)
      return platforms.reputation[index] * (1 - platforms.commissionRate[index])
        * Double.pow(max(buyerShare, 1e-6), parameters.networkEffectElasticity)
    }
    var draw = stream.uniform() * weights.reduce(0, +)
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
