import Engine
import RealModule
import Stochastic

extension CorridorEconomy {
  /// Serial phase 1: exogenous drivers, policies, infrastructure and logistics, price indices,
  /// directories and the cut-offs of market entry and exit.
  func updateEnvironment() {
    let p = parameters
    let n = countryCount
    let month = environmentMonth
    let years = Double(month) / 12

    // Exogenous drivers: wages, GDP, internet penetration, exchange-rate noise.
    for c in 0..<n {
      let country = world.countries[c]
      let (wageGrowth, gdpGrowth): (Double, Double)
      switch country.corridor {
      case .china: (wageGrowth, gdpGrowth) = (p.wageGrowthChinaPerYear, p.gdpGrowthChinaPerYear)
      case .restOfWorld:
        (wageGrowth, gdpGrowth) = (p.wageGrowthRestOfWorldPerYear, p.gdpGrowthRestOfWorldPerYear)
      default: (wageGrowth, gdpGrowth) = (p.wageGrowthCorridorPerYear, p.gdpGrowthCorridorPerYear)
      }
      if p.exchangeRateNoisePerMonth > 0 && c != china && stepsTaken >= spinUpSteps {
        var random = exchangeRateDraws.generator(agent: c, step: stepsTaken)
        // Mean-preserving: E[exp(σZ − σ²/2)] = 1, so noise adds no drift to the index.
        let sd = p.exchangeRateNoisePerMonth
        exchangeRateIndex[c] *= Double.exp(sd * random.standardNormal() - sd * sd / 2)
      }
      wageIndex[c] = Double.pow(1 + wageGrowth, years) * exchangeRateIndex[c]
      wageCNY[c] = country.manufacturingWageUSDPerMonth * p.cnyPerUSD * wageIndex[c]
      gdpIndex[c] = Double.pow(1 + gdpGrowth, years) * exchangeRateIndex[c]
      gdpCNYPerMonth[c] = country.gdpUSD * p.cnyPerUSD / 12 * gdpIndex[c]
      // Logistic diffusion from the base-year share toward the ceiling.
      let start = min(country.internetUsersShare, p.internetCeilingShare * 0.999)
      let ceiling = p.internetCeilingShare
      internetShare[c] =
        start <= 0
        ? 0
        : ceiling
          / (1 + (ceiling - start) / start * Double.exp(-p.internetGrowthRatePerYear * years))
    }

    if configuration.injectedNaNStep == stepsTaken { wageCNY[china] = .nan }
    updateBusinessDemand()
    policy.update(month: month, world: world, plan: plan, parameters: p)
    updateDutiableParcelShares()

    // Legal enforcement and infrastructure (investment becomes stock after the lag).
    for c in 0..<n {
      let base = NormalDistribution().cumulativeProbability(
        world.countries[c].ruleOfLawIndex / p.enforcementRuleOfLawScale)
      enforcement[c] = min(1, max(0, base + policy.enforcementBoost[c]))
      if stepsTaken >= spinUpSteps {
        var pipeline = infrastructurePipeline[c]
        let matured = pipeline.removeFirst()
        pipeline.append(policy.infrastructureInvestmentPercentGDP[c] / 12)
        infrastructurePipeline[c] = pipeline
        infrastructureLogStock[c] += p.infrastructureGainPerPercentGDPYear * matured
      }
      effectiveLPI[c] = min(
        5, world.countries[c].lpiScore + p.lpiGainPerLogInfrastructure * infrastructureLogStock[c])
    }
    logistics.update(
      distancesKm: distancesKm, effectiveLPI: effectiveLPI, policy: policy, parameters: p,
      executor: stepExecutor)

    // Productivity scales A(c, s) and domestic producer price indices.
    let chinaIncome = world.countries[china].gdpPerCapitaUSD
    let laborShares = laborCostShares
    let materialsTrend = Double.pow(1 + p.materialsPriceGrowthPerYear, years)
    let elasticities = [
      p.productivityIncomeElasticityLaborIntensive, p.productivityIncomeElasticityHighTech,
      p.productivityIncomeElasticityOther,
    ]
    let meanElasticity = elasticities.reduce(0, +) / Double(elasticities.count)
    for c in 0..<n {
      let relativeIncome = world.countries[c].gdpPerCapitaUSD / chinaIncome
      let growth: Double
      switch world.countries[c].corridor {
      case .china: growth = p.productivityGrowthChinaPerYear
      case .restOfWorld: growth = p.productivityGrowthRestOfWorldPerYear
      default: growth = p.productivityGrowthCorridorPerYear
      }
      for s in 0..<sectorCount {
        // A growing country moves along the cross-country gradient: its productivity grows
        // at the country's rate × ε_s/ε̄, faster in the sectors where richer countries are
        // relatively more productive (high tech), so comparative advantage shifts with growth.
        let productivityTrend = Double.pow(
          1 + growth, years * (meanElasticity > 0 ? elasticities[s] / meanElasticity : 1))
        var scale = Double.pow(relativeIncome, elasticities[s]) * productivityTrend
        if c == china && s == Sector.highTech.rawValue {
          scale *=
            p.chinaHighTechProductivityPremium
            * Double.pow(1 + p.chinaHighTechProductivityGrowthPerYear, years)
        }
        if c == china && s == Sector.laborIntensive.rawValue {
          scale *= p.chinaLaborIntensiveClusterPremium
        }
        productivityScale[cell(c, s)] = scale
        // Unit cost of a φ = 1 firm: labor at the country's wage, materials at the world price
        // (China's base-year unit cost, growing at the materials trend).
        let materials = (1 - laborShares[s]) * materialsBaseCost[s] * materialsTrend
        unitCost[cell(c, s)] = laborShares[s] * wageCNY[c] / scale + materials
        materialsCostShare[cell(c, s)] = materials / unitCost[cell(c, s)]
        // P = μ·c·(mean (φ/m)^(σ−1))^(−1/(σ−1)), the mean over the cell's real firms.
        let realFirms = firmCountByCell[cell(c, s)]
        let meanPower =
          realFirms > 0 ? max(competitivePowerSum[cell(c, s)] / realFirms, 1e-12) : 1e-12
        domesticPriceIndex[cell(c, s)] =
          markup * unitCost[cell(c, s)] * Double.pow(meanPower, -1 / sigmaMinusOne)
      }
    }

    // Congestion: the multiplier each cell's utilization last month calls for.
    let expectedExports = expectedExportRevenueByCell()
    for c in 0..<n {
      for s in 0..<sectorCount {
        let index = cell(c, s)
        congestionTarget[index] = congestionMultiplierTarget(
          cell: index, country: c, exportRevenueCNY: expectedExports[index])
        congestionInEffect[index] +=
          parameters.costAdjustmentPerMonth * (congestionTarget[index] - congestionInEffect[index])
      }
    }

    // Relocation: the labor-intensive unit cost of each corridor country, congestion included
    // (producers that crowd into a country bid up its costs).
    for c in 0..<n {
      let index = cell(c, Sector.laborIntensive.rawValue)
      relocationUnitCost[c] =
        world.countries[c].corridor.isBeltAndRoad
        ? unitCost[index] * congestionTarget[index] : Double.infinity
    }
    updateRelocationPassShares()

    updateImportCostPowers(executor: stepExecutor)
    var competitiveness = [Double](repeating: 0, count: n * sectorCount * channelCount)
    rebuildDirectories(activeCompetitiveness: &competitiveness, executor: stepExecutor)
    updateCutoffs(activeCompetitiveness: competitiveness, executor: stepExecutor)
  }

  /// Entry and exit cut-offs for every (origin, destination, sector, channel).
  ///
  /// A real firm expects ex-works revenue Θ·(κ(1 + t)/φ)^(1−σ) in a market, where its
  /// delivered price is κ/φ and Θ = R / D: R is last month's revenue of the market's sellers,
  /// at least a latent share of the market's budget (the importers' or the online households'),
  /// D = Σ over active real firms (agents × weights) of (p(1 + t))^(1−σ) plus the
  /// home-bias-weighted domestic competition. Operating profit is 1/σ of revenue, so the
  /// firm enters when (revenue/σ − F)·H > sunk cost (H = `entry_payback_months`) and stays while revenue/σ ≥ F; the
  /// thresholds on φ^(σ−1) follow, and with them the serving cut-off τ (``servingCutoff``).
  /// Θ comes first, market by market; then origins run in parallel on `executor`, each
  /// writing its own cut-offs, which lie side by side over destinations (``cutoffIndex``):
  /// split by destination, two threads wrote the same cache lines and ran 3× slower than one.
  func updateCutoffs(activeCompetitiveness: [Double], executor: ParallelExecutor) {
    let p = parameters
    let n = countryCount
    let sigma = p.elasticityOfSubstitution
    let b2bCommission = meanCommission(.b2b)
    let b2cCommission = meanCommission(.b2c)
    let payback = 1 + p.sunkCostMonths / p.entryPaybackMonths
    var thetas = [Double](repeating: 0, count: n * sectorCount * channelCount)
    for d in 0..<n {
      let onlineBudget =
        gdpCNYPerMonth[d] * p.householdIncomeShareOfGDP * p.householdTradablesBudgetShare
        * internetShare[d]
      for s in 0..<sectorCount {
        for channel in 0..<channelCount {
          let market = marketIndex(d, s, channel)
          // Domestic goods compete: for businesses the domestic real firms' CES sum
          // M_d·P^(1−σ) times the home bias (as in the importers' sourcing), for consumers
          // the retail shelf price with VAT and margin. (Where sellers are active, Θ is close to
          // their realised revenue per unit of CES mass, which carries everything the
          // households' choice weighs: trust, familiarity, de minimis, parcel costs.)
          let domesticCompetition =
            channel == Channel.b2cPlatform.rawValue
            ? Double.pow(retailShelfPrice(d, s), -sigmaMinusOne)
            : p.homeBiasWeight * firmCountByCell[cell(d, s)]
              * Double.pow(domesticPriceIndex[cell(d, s)], -sigmaMinusOne)
          // Last month's revenue of the market's sellers, or, where they took less, a latent
          // share of its budget (the importers' budget for the sector, or the online
          // households' budget for it): what a newcomer to a thin market can hope to reach.
          // Where sellers are established, their takings alone say what the buyers' choice
          // gives foreign sellers (de minimis, trust, parcel costs move entry as they move
          // purchases).
          let potential =
            channel == Channel.b2cPlatform.rawValue
            ? onlineBudget * sectorDemandShares[s] : businessBudgetCNY[cell(d, s)]
          let revenue = max(marketRevenue[market], p.latentMarketShare * potential)
          // With no active seller and no domestic firm left, a newcomer would take the whole
          // market: Θ large, not 0/0.
          thetas[market] =
            revenue
            / max(activeCompetitiveness[market] + domesticCompetition, .leastNormalMagnitude)
        }
      }
    }
    let marketTheta = thetas
    executor.forEachPartition(n) { o in
      for s in 0..<sectorCount {
        // The export unit cost before the route, μ·c·X, and the fixed costs: the origin's.
        let exportCost = markup * unitCost[cell(o, s)] * exportVATFactor(country: o, sector: s)
        for channel in 0..<channelCount {
          let fixedCost = fixedCostPerFirm(country: o, sector: s, channel: channel)
          for d in 0..<n {
            let theta = marketTheta[marketIndex(d, s, channel)]
            let index = cutoffIndex(o, d, s, channel)
            if o == d || (channel == Channel.b2cPlatform.rawValue && s == Sector.other.rawValue)
              || theta <= 0
            {
              entryCutoff[index] = .infinity
              exitCutoff[index] = .infinity
              previousServingCutoff[index] = servingCutoff[index]
              servingCutoff[index] = .infinity
              continue
            }
            let r = route(o, d)
            let routeFactor: Double
            switch Channel(rawValue: channel)! {
            case .traditional:
              routeFactor = 1 + logistics.freightCostShare[r] + p.traditionalIntermediaryFeeRate
            case .b2bPlatform:
              routeFactor = (1 + logistics.freightCostShare[r]) / (1 - b2bCommission)
            case .b2cPlatform:
              routeFactor = (1 + logistics.parcelCostShare[r]) / (1 - b2cCommission)
            }
            // Wholesale imports pay the duty at the border (VAT, charged on imports and on
            // domestic goods alike, is neutral between them) and the buyer's payment-terms
            // and transit costs; parcels pay the duty and VAT the retail import regime charges
            // above the de minimis, against the shelf price's VAT (``importCostPower``).
            let kappa = exportCost * routeFactor
            let revenuePerPower =
              theta * Double.pow(kappa, -sigmaMinusOne)
              * importCostPower[
                3 * policy.tariffIndex(importer: d, exporter: o, sector: s) + channel]
            exitCutoff[index] = fixedCost * sigma / revenuePerPower
            entryCutoff[index] = fixedCost * payback * sigma / revenuePerPower
            previousServingCutoff[index] = servingCutoff[index]
            servingCutoff[index] = max(
              exitCutoff[index], min(servingCutoff[index], entryCutoff[index]))
          }
        }
      }
    }
  }

  /// China's mean household income in the base year, CNY per person and month: the reference
  /// of the households' taste for foreign varieties (``chooseForBlock``).
  var chinaBaseYearMeanIncomeCNY: Double { baseYearMeanIncomeCNY(china) }

  /// Retail shelf price for consumers: the domestic producer index × (1 + margin) ×
  /// (1 + VAT). (Retailers restock with imports too, but their import prices do not enter the
  /// shelf price: with the importers' CES price index P_d·λ^(1/(σ−1)) the shelf carried every
  /// wholesale-listed foreign variety at no cost of buying abroad and B2C fell to 3 % of
  /// China's CBEC; a retailer's limited assortment is missing. docs/ODD.md §3.3.3.)
  func retailShelfPrice(_ country: Int, _ sector: Int) -> Double {
    domesticPriceIndex[cell(country, sector)] * (1 + parameters.domesticRetailMargin)
      * (1 + parameters.importVATRate)
  }

  /// Mean commission of the platforms of `kind`.
  func meanCommission(_ kind: PlatformKind) -> Double {
    let indices = platforms.indices(of: kind)
    guard !indices.isEmpty else { return 0 }
    return indices.reduce(0) { $0 + platforms.commissionRate[$1] } / Double(indices.count)
  }

  /// Demand shares of the sectors (labor-intensive, high-tech, other).
  var sectorDemandShares: [Double] {
    let p = parameters
    return [
      p.sectorShareLaborIntensive, p.sectorShareHighTech,
      max(0, 1 - p.sectorShareLaborIntensive - p.sectorShareHighTech),
    ]
  }

  /// Labor's share λ_s of the unit cost at China's base-year costs, by sector (the rest is
  /// materials).
  var laborCostShares: [Double] {
    let p = parameters
    return [p.laborCostShareLaborIntensive, p.laborCostShareHighTech, p.laborCostShareOther]
  }
}
