import DenseMatrix
import Engine
import RealModule
import Stochastic

/// The corridor economy: China, the Belt-and-Road countries and the rest of the world trading
/// through traditional channels, B2B platforms and B2C parcels (docs/ODD.md).
///
/// A step is one month, run as named phases over fixed partitions:
/// 1. *environment* (serial): exogenous drivers, policies, logistics, price indices, market
///    directories and the entry cut-offs firms see (routes, directories and cut-offs fanned
///    out over countries);
/// 2. *consumers shop* (consumer partitions): B2C choices by multinomial logit (utilities as
///    one matrix product per block, choice by Gumbel-max), outcomes and trust;
/// 3. *importers source* (importer partitions): credit settlement, orders, supplier search;
/// 4. *clear domestic markets* (serial; the bilateral flows over destinations): buyers'
///    taxes, fees and domestic spending reach their accounts;
/// 5. *firms operate* (firm partitions): sales, costs, profits, exit and entry, market and
///    channel choice, e-commerce adoption, relocation decisions;
/// 6. *relocate* (serial; the buyers over importer partitions): the firms that relocate move
///    into the pools of relocated producers, and their buyers follow them;
/// 7. *word of mouth* (consumer partitions; in a large economy one group of countries after
///    another): trust spreads among compatriots;
/// 8. *settle* (serial; the firm tallies' sums over countries, the column sums side by side):
///    platforms and governments adapt, the books are checked, metrics are taken.
///
/// The model never touches files; outputs are read from ``metrics`` and the agent columns.
public final class CorridorEconomy: SimulationModel, @unchecked Sendable {
  // MARK: Configuration
  public let configuration: EconomyConfiguration
  public let parameters: ModelParameters
  public let world: CountryTable
  public let calendar: ModelCalendar
  let plan: ResolvedPolicyPlan
  let countryCount: Int
  let sectorCount = Sector.allCases.count
  let channelCount = Channel.allCases.count
  let china: Int
  /// σ/(σ − 1).
  let markup: Double
  /// σ − 1.
  let sigmaMinusOne: Double
  /// log(1 − `online_familiarity_gain_per_order`): k orders keep exp(k × this) of the gap
  /// to full familiarity (``learnOnlineShopping(consumer:orders:)``).
  let logOfFamiliarityKeptPerOrder: Double
  /// The cells' real firms by size rank (β = (σ − 1)/k), which firm agents stand for in strata.
  let firmSizeStrata: FirmSizeStrata

  // MARK: Agents
  public let consumers: ConsumerPopulation
  public let firms: FirmPopulation
  public let importers: ImporterPopulation
  public let platforms: PlatformState
  /// Home country of each platform.
  let platformHome: [Int]
  /// Per platform: the platforms of its group, itself included (itself alone without one).
  let platformGroupMembers: [[Int]]
  /// The countries whose buyers each platform serves (``PlatformMarkets``), as bits: word w of
  /// platform k (at k·``FirmPopulation/wordsPerChannel`` + w) has bit j set if k serves
  /// country 64·w + j (the layout of the firms' market bits); and how many countries each
  /// serves.
  let platformServesWords: [UInt64]
  let platformMarketCount: [Int]

  // MARK: World state (serial phases write, partitions read)
  /// Capital-to-capital distances, km, n × n.
  public let distancesKm: AgentColumn<Double>
  /// distance^(−decay) per route for supplier search through platforms and through fairs and
  /// agents (the decays are constant over a run).
  let platformSearchDistanceWeight: AgentColumn<Double>
  let traditionalSearchDistanceWeight: AgentColumn<Double>
  public let policy: PolicyState
  public let logistics: LogisticsMatrices
  /// Monthly manufacturing wage, CNY.
  public let wageCNY: AgentColumn<Double>
  /// Wage relative to the base year.
  let wageIndex: AgentColumn<Double>
  /// Nominal GDP relative to the base year.
  let gdpIndex: AgentColumn<Double>
  /// Nominal GDP, CNY per month.
  public let gdpCNYPerMonth: AgentColumn<Double>
  /// Internet penetration.
  public let internetShare: AgentColumn<Double>
  /// Share of the online households' spending whose parcel orders exceed the country's de
  /// minimis this month (``updateDutiableParcelShares()``): the part of a B2C seller's sales
  /// there that pays the parcel duty and VAT, which sellers weigh in their entry decisions.
  let dutiableParcelSpendingShare: AgentColumn<Double>
  /// What buyers pay on top of the delivered price, to the power 1 − σ, per (tariff index,
  /// channel) (``updateImportCostPowers(executor:)``).
  let importCostPower: AgentColumn<Double>
  /// Legal enforcement, 0–1.
  public let enforcement: AgentColumn<Double>
  /// Sellers' belief about the share of trade-credit debt buyers of each country fail to pay
  /// (``updateDefaultBeliefs()``).
  public let expectedDefaultShare: AgentColumn<Double>
  /// Log infrastructure stock (0 at the start).
  let infrastructureLogStock: AgentColumn<Double>
  /// Monthly investments waiting out the infrastructure lag, ring buffer per country.
  var infrastructurePipeline: [[Double]]
  /// LPI including infrastructure gains.
  public let effectiveLPI: AgentColumn<Double>
  /// Exchange-rate multiplier of each country's wage and prices (1 = base rate).
  let exchangeRateIndex: AgentColumn<Double>
  /// Productivity scale A of each (country, sector).
  let productivityScale: AgentColumn<Double>
  /// Unit cost of a φ = 1 firm in each (country, sector), CNY: λ·w/A + (1 − λ)·materials.
  let unitCost: AgentColumn<Double>
  /// Materials' share of the unit cost in each (country, sector): (1 − λ)·materials / unit
  /// cost. Producers pay this share of their production cost for inputs, which the country's
  /// importer agents buy (``updateBusinessDemand()``).
  let materialsCostShare: AgentColumn<Double>
  /// Per sector: the world materials price at the start, China's base-year unit labor cost.
  let materialsBaseCost: [Double]
  /// Producer price index of domestic firms per (country, sector), CNY per unit.
  let domesticPriceIndex: AgentColumn<Double>
  /// Per (country, sector): Σ φ^(σ−1) over its real firms (shares of capacity).
  let productivityPowerSum: AgentColumn<Double>
  /// Per (country, sector): Σ (φ/m)^(σ−1) over its real firms (shares of domestic demand).
  let competitivePowerSum: AgentColumn<Double>
  /// Per (country, sector): real firms.
  let firmCountByCell: AgentColumn<Double>
  /// Per (country, sector): adopter shares of real firms (B2B, B2C) last month, for imitation.
  let b2bAdopterShare: AgentColumn<Double>
  let b2cAdopterShare: AgentColumn<Double>
  /// Per (country, sector): monthly revenue of the cell's median real firm at the start, the
  /// unit of one firm's fixed and sunk costs (a typical firm's, which does not grow with the
  /// number of real firms the way the tail-dominated mean does).
  let fixedCostScaleCNY: AgentColumn<Double>
  /// Per (country, sector): domestic tradables demand at the start, CNY per month (the scale of
  /// the cell's capacity).
  let cellDemandAtStartCNY: AgentColumn<Double>
  /// Per (country, sector): capacity carried in or out by relocated producers, in the units
  /// of ``cellDemandAtStartCNY`` (base-year CNY per month, growing with the country's GDP):
  /// a cell's capacity is ratio × (demand at start + carried) × GDP index
  /// (``carryRelocatedCapacity(home:movedMass:)``).
  let carriedCapacityCNY: AgentColumn<Double>
  /// Per (country, sector): this month's budget of its importer agents (retailers,
  /// wholesalers and manufacturers), CNY: restocking what households bought at retail last
  /// month plus producers' inputs (``updateBusinessDemand()``), and the restocking part.
  let businessBudgetCNY: AgentColumn<Double>
  let restockingBudgetCNY: AgentColumn<Double>
  /// What each (country, sector)'s producers paid for materials last month, CNY: the weights
  /// of the sectors' input compositions in the country's demand for inputs
  /// (``updateBusinessDemand()``).
  let materialsBoughtCNY: AgentColumn<Double>
  /// Per (country, sector): households' retail purchases this month, net of VAT and margin.
  public let retailSalesCNY: AgentColumn<Double>
  /// Per (destination, sector, channel): firms' ex-works revenue last month.
  let marketRevenue: AgentColumn<Double>
  /// Per (destination, sector, channel) and origin (index market × countries + origin): the
  /// origin's part of the market's Σ (p(1 + t))^(1−σ) over the sellers listed this month, the
  /// CES share of the market each origin can expect (``expectedExportRevenueByCell()``).
  let marketCompetitivenessByOrigin: AgentColumn<Double>
  /// Per (origin, destination, sector, channel): productivity^(σ−1) a firm needs to enter
  /// and to stay (cut-offs firms compare their φ^(σ−1) with).
  let entryCutoff: AgentColumn<Double>
  let exitCutoff: AgentColumn<Double>
  /// Per (origin, destination, sector, channel): the φ^(σ−1) above which the origin's real
  /// firms serve the market this month, τ, and last month's. Firms enter above the entry cut-off
  /// and stay while above the exit cut-off, so the firms that serve are those above
  /// τ_t = max(exit_t, min(τ_{t−1}, entry_t)): a property of the market, whatever agents the
  /// firms are grouped into.
  let servingCutoff: AgentColumn<Double>
  let previousServingCutoff: AgentColumn<Double>
  /// Labor-intensive unit labor cost wage/A of each corridor country (∞ elsewhere): where
  /// relocated production would cost what.
  let relocationUnitCost: AgentColumn<Double>
  /// Per (country, sector): the congestion multiplier of marginal cost that last month's
  /// capacity utilization calls for (``CorridorEconomy/adjustCongestionCost(_:)``); the firms'
  /// multipliers move towards it.
  let congestionTarget: AgentColumn<Double>
  /// Per (country, sector): the multiplier its firms' prices carried last month, moving
  /// towards the target as theirs do (the utilization of last month was reached at it).
  let congestionInEffect: AgentColumn<Double>
  /// Running sum of the corridor countries' populations (all countries alike if none is in
  /// the corridor): movers are spread over the hosts ∝ population × G(S), and T_h is that
  /// sum's share of it (``updateRelocationPassShares()``).
  let relocationDestinationCumulative: [Double]
  /// The relocated producers' agents, per host and size class (``RelocationPoolLayout``).
  let relocationPools: RelocationPoolLayout
  /// Per home country: the share of each labor-intensive stratum's exporting firms that moves
  /// abroad this month, r·max(0, T_h − m_h)/(1 − m_h) (``updateRelocationPassShares()``).
  let relocationMoveShare: AgentColumn<Double>
  /// Per (home, host): the running sum, over the hosts up to `host`, of population × the share
  /// of home's exporters each attracts this month, G(S).
  let relocationPassCumulative: AgentColumn<Double>
  /// Per (home, host): the host's labor-intensive unit cost over home's, congestion included,
  /// at base-year conditions (the last spin-up month), the reference of the cost test.
  let relocationBaseCostRatio: AgentColumn<Double>
  /// Per (pool, home country): the pool's real firms that came from that home.
  let relocationPoolFirmsByHome: AgentColumn<Double>
  /// Per firm: the step in which its stratum last moved firms abroad (−1 never) and their
  /// size class: the importers linked to it follow the moved share (``relocateToPools()``).
  let relocationMovedStep: AgentColumn<Int32>
  let relocationMovedClass: AgentColumn<UInt8>
  /// Per native firm: the real firms its stratum has abroad (moved, less those whose exits
  /// were replaced at home), and the top rank it had at the start (the stratum's firms
  /// abroad are ranks above its present top, down to this one).
  let relocatedFirmsAbroad: AgentColumn<Double>
  let foundingTopRank: AgentColumn<Double>
  /// Per country: its native labor-intensive agents (natives are laid out cell by cell).
  let laborIntensiveAgents: [Range<Int>]
  /// Per importer and step: which of its links follow their supplier's moved firms abroad.
  let relinkDraws: AgentStreams
  /// Per pool agent and step: the platform a pool's first adopters of a kind choose.
  let poolPlatformDraws: AgentStreams
  /// Per (country, sector): the domestic spending of this month, distributed to its firms.
  let domesticPayout: AgentColumn<Double>
  /// Per (destination, sector, channel): firms' receipts this month.
  let monthMarketRevenue: AgentColumn<Double>
  /// Per platform: weighted orders and revenue this month.
  let monthPlatformOrders: AgentColumn<Double>
  let monthPlatformRevenue: AgentColumn<Double>
  /// Country of each buyer partition (partitions never span countries).
  let consumerPartitionCountry: [Int]
  let importerPartitionCountry: [Int]
  /// Real importers per country, Σ of its importer agents' weights in agent order
  /// (``sumRealImporters()``): importers neither move nor change weight once set up.
  var realImportersByCountry: [Double] = []
  /// Per country: share of importers sourcing online last month (weighted).
  let importerOnlineShare: AgentColumn<Double>
  /// Bilateral balances with China (imports − exports) of the last 12 months.
  var deficitHistory: [[Double]] = []
  var monthsSinceRetaliation: [Int]
  /// Every retaliation: when, who, and the trailing deficit that triggered it.
  public internal(set) var retaliations: [RetaliationEvent] = []
  /// Per country: the largest trailing deficit (share of GDP) in a month when it could have
  /// retaliated but did not (the rule's other side: below the threshold).
  public internal(set) var largestDeficitShareWithoutRetaliation: [Double]

  // MARK: Directories (rebuilt each month from firms' markets)
  let offerPools: OfferPools
  let supplierDirectories: SupplierDirectories
  let directoryScratch = DirectoryScratch()

  // MARK: Parallel machinery
  let consumerPayments: PartitionExchange<FirmPayment>
  let importerPayments: PartitionExchange<FirmPayment>
  /// Counter-based streams, one generator per (agent, month) and purpose, so that scenarios
  /// compared with the same seed face the same randomness agent by agent.
  let sectorDraws: AgentStreams
  let shelfDraws: AgentStreams
  let choiceDraws: AgentStreams
  let wordOfMouthDraws: AgentStreams
  let importerDraws: AgentStreams
  let firmDraws: AgentStreams
  let exchangeRateDraws: AgentStreams
  let consumerTallies: [BuyerTally]
  let importerTallies: [BuyerTally]
  /// Per country: its consumer partitions' tallies in partition order, then its importer
  /// partitions' (the order ``clearBuyerTallies()`` adds them in).
  let buyerTalliesByCountry: [[BuyerTally]]
  let firmTallies: [FirmTally]
  /// Consumers' choice scratch, one per thread shopping at once.
  let choiceWorkspaces: ScratchPool<ChoiceWorkspace>
  public private(set) var schedule: StepSchedule!
  /// The executor of the step being run, for serial phases that fan out (directories), and
  /// during set-up the one ``init(_:executor:)`` was given.
  var stepExecutor = ParallelExecutor(threadCount: 1)

  // MARK: Books and results
  var ledger: Ledger
  /// Metrics of the latest step.
  public internal(set) var metrics: StepMetrics
  /// Steps taken (spin-up included).
  public private(set) var stepsTaken = 0
  /// Steps of spin-up before the calendar's first month.
  public let spinUpSteps: Int
  /// Why the model stopped, if it did: a quantity became NaN or infinite, or the books did not
  /// balance. The run must stop; ``step(executor:timings:)`` does nothing once this is set.
  public internal(set) var failure: (any ModelStop)?

  /// Whether the latest step was part of the spin-up.
  public var isSpinningUp: Bool { stepsTaken <= spinUpSteps }
  /// Calendar month (0-based) of the latest step; negative during spin-up.
  public var calendarMonth: Int { stepsTaken - 1 - spinUpSteps }
  /// Whether the step being run belongs to the spin-up. Spin-up months hold the environment at
  /// the start month and speed up the slow adjustments so that the economy settles sooner:
  /// every firm reviews its markets every month and importers search at least every other
  /// month.
  var isInSpinUp: Bool { stepsTaken < spinUpSteps }
  /// Month used for drivers and policies in the current step (spin-up holds the start month).
  var environmentMonth: Int { max(0, stepsTaken - spinUpSteps) }

  /// Builds the economy at the start of the spin-up.
  /// - Parameter executor: runs the set-up's pure computations (strata, powers) side by side;
  ///   the economy built is the same whatever its thread count.
  /// - Throws: ``ModelInputError`` if a parameter is out of its range or parameters break a
  ///   constraint between them, or the policy plan or platforms do not fit the world.
  public init(
    _ configuration: EconomyConfiguration,
    executor: ParallelExecutor = ParallelExecutor(threadCount: 1)
  ) throws {
    try configuration.parameters.validate(source: "parameters")
    self.configuration = configuration
    parameters = configuration.parameters
    world = configuration.world
    calendar = configuration.calendar
    let p = configuration.parameters
    let world = configuration.world
    let n = world.count
    countryCount = n
    china = world.chinaIndex
    markup = p.elasticityOfSubstitution / (p.elasticityOfSubstitution - 1)
    sigmaMinusOne = p.elasticityOfSubstitution - 1
    logOfFamiliarityKeptPerOrder = Double.log(onePlus: -p.onlineFamiliarityGainPerOrder)
    firmSizeStrata = FirmSizeStrata(powerExponent: sigmaMinusOne / p.productivityParetoShape)
    plan = try ResolvedPolicyPlan(configuration.policy, world: world)
    for (index, platform) in configuration.platforms.enumerated()
    where world.index(of: platform.homeCountry) == nil {
      throw ModelInputError(
        source: "platform \(index + 1) (\(platform.name))",
        message: "unknown home country \(platform.homeCountry)")
    }
    guard configuration.platforms.contains(where: { $0.kind == .b2b }),
      configuration.platforms.contains(where: { $0.kind == .b2c })
    else {
      throw ModelInputError(
        source: "platforms", message: "at least one B2B and one B2C platform are needed")
    }
    spinUpSteps = p.spinUpMonths
    let scale = configuration.scale
    let sectors = Sector.allCases.count

    // Agent counts by country and sector.
    let consumerWeights = world.countries.map {
      ($0.populationMillions * max($0.internetUsersShare, 0.05) * $0.gdpPerCapitaUSD).squareRoot()
    }
    let consumerCounts = allocate(
      total: scale.consumers, weights: consumerWeights, minimum: scale.minimumConsumersPerCountry)
    let sectorShares = [
      p.sectorShareLaborIntensive, p.sectorShareHighTech,
      max(0, 1 - p.sectorShareLaborIntensive - p.sectorShareHighTech),
    ]
    var cellWeights: [Double] = []
    for country in world.countries {
      for s in 0..<sectors { cellWeights.append(Double.pow(country.gdpUSD * sectorShares[s], 0.6)) }
    }
    let firmCellCounts = allocate(
      total: scale.firms, weights: cellWeights, minimum: scale.minimumFirmsPerCountrySector)
    let importerCellCounts = allocate(
      total: scale.importers, weights: cellWeights.map { Double.pow($0, 0.8) },
      minimum: scale.minimumImportersPerCountrySector)

    let consumerPopulation = ConsumerPopulation(
      countryCounts: consumerCounts, partitionSize: scale.consumerPartitionSize)
    consumers = consumerPopulation
    consumerPartitionCountry = (0..<consumerPopulation.partitioning.partitionCount).map {
      partition in
      let range = consumerPopulation.partitioning.range(of: partition)
      return range.isEmpty ? -1 : consumerPopulation.country(of: range.lowerBound)
    }
    let nativeFirms = firmCellCounts.reduce(0, +)
    let hosts = (0..<n).filter { world.countries[$0].corridor.isBeltAndRoad }
    relocationPools = RelocationPoolLayout(
      hosts: hosts,
      hostSlot: (0..<n).map { hosts.firstIndex(of: $0) ?? -1 }, firstPool: nativeFirms)
    firms = FirmPopulation(
      count: nativeFirms + relocationPools.poolCount, partitionSize: scale.firmPartitionSize)
    relocationMoveShare = AgentColumn(count: n, repeating: 0)
    relocationPassCumulative = AgentColumn(count: n * n, repeating: 0)
    relocationBaseCostRatio = AgentColumn(count: n * n, repeating: 1)
    relocationPoolFirmsByHome = AgentColumn(count: relocationPools.poolCount * n, repeating: 0)
    relocationMovedStep = AgentColumn(count: firms.count, repeating: -1)
    relocationMovedClass = AgentColumn(count: firms.count, repeating: 0)
    relocatedFirmsAbroad = AgentColumn(count: firms.count, repeating: 0)
    foundingTopRank = AgentColumn(count: firms.count, repeating: 0)
    var cellStart = 0
    var laborIntensiveRanges: [Range<Int>] = []
    for c in 0..<n {
      for s in 0..<sectors {
        let count = firmCellCounts[c * sectors + s]
        if s == Sector.laborIntensive.rawValue {
          laborIntensiveRanges.append(cellStart..<(cellStart + count))
        }
        cellStart += count
      }
    }
    laborIntensiveAgents = laborIntensiveRanges
    let importerPopulation = ImporterPopulation(
      countrySectorCounts: (0..<n).map { c in
        Array(importerCellCounts[(c * sectors)..<((c + 1) * sectors)])
      },
      slots: p.supplierSlots, partitionSize: scale.importerPartitionSize)
    importers = importerPopulation
    importerPartitionCountry = (0..<importerPopulation.partitioning.partitionCount).map {
      partition in
      let range = importerPopulation.partitioning.range(of: partition)
      return range.isEmpty ? -1 : Int(importerPopulation.country[range.lowerBound])
    }
    platforms = PlatformState(specs: configuration.platforms)
    platformHome = configuration.platforms.map { world.index(of: $0.homeCountry) ?? -1 }
    platformGroupMembers = configuration.platforms.enumerated().map { index, spec in
      guard let group = spec.group else { return [index] }
      return configuration.platforms.indices.filter { configuration.platforms[$0].group == group }
    }
    let wordsPerChannel = FirmPopulation.wordsPerChannel
    var servesWords = [UInt64](
      repeating: 0, count: configuration.platforms.count * wordsPerChannel)
    for (k, spec) in configuration.platforms.enumerated() {
      for (d, country) in world.countries.enumerated()
      where spec.markets.serves(country.iso3, home: spec.homeCountry) {
        servesWords[k * wordsPerChannel + (d >> 6)] |= UInt64(1) << UInt64(d & 63)
      }
    }
    platformServesWords = servesWords
    platformMarketCount = (0..<configuration.platforms.count).map { k in
      servesWords[(k * wordsPerChannel)..<((k + 1) * wordsPerChannel)].reduce(0) {
        $0 + $1.nonzeroBitCount
      }
    }

    let distances = Geography.distanceMatrixKm(
      world.countries, internalDistanceKm: p.internalDistanceKm)
    distancesKm = AgentColumn(distances)
    platformSearchDistanceWeight = AgentColumn(
      distances.map { Double.pow($0, -p.platformSearchDistanceDecay) })
    traditionalSearchDistanceWeight = AgentColumn(
      distances.map { Double.pow($0, -p.traditionalSearchDistanceDecay) })
    policy = PolicyState(countryCount: n)
    logistics = LogisticsMatrices(countryCount: n)
    wageCNY = AgentColumn(world.countries.map { $0.manufacturingWageUSDPerMonth * p.cnyPerUSD })
    wageIndex = AgentColumn(count: n, repeating: 1)
    gdpIndex = AgentColumn(count: n, repeating: 1)
    gdpCNYPerMonth = AgentColumn(world.countries.map { $0.gdpUSD * p.cnyPerUSD / 12 })
    internetShare = AgentColumn(world.countries.map(\.internetUsersShare))
    dutiableParcelSpendingShare = AgentColumn(count: n, repeating: 1)
    importCostPower = AgentColumn(count: 3 * n * n * sectors, repeating: 1)
    enforcement = AgentColumn(count: n, repeating: 0)
    expectedDefaultShare = AgentColumn(count: n, repeating: 0)
    infrastructureLogStock = AgentColumn(count: n, repeating: 0)
    infrastructurePipeline = [[Double]](
      repeating: [Double](repeating: 0, count: max(1, Int(p.infrastructureLagMonths.rounded()))),
      count: n)
    effectiveLPI = AgentColumn(world.countries.map(\.lpiScore))
    exchangeRateIndex = AgentColumn(count: n, repeating: 1)
    productivityScale = AgentColumn(count: n * sectors, repeating: 1)
    domesticPriceIndex = AgentColumn(count: n * sectors, repeating: 1)
    productivityPowerSum = AgentColumn(count: n * sectors, repeating: 0)
    competitivePowerSum = AgentColumn(count: n * sectors, repeating: 0)
    firmCountByCell = AgentColumn(count: n * sectors, repeating: 0)
    b2bAdopterShare = AgentColumn(count: n * sectors, repeating: 0)
    b2cAdopterShare = AgentColumn(count: n * sectors, repeating: 0)
    fixedCostScaleCNY = AgentColumn(count: n * sectors, repeating: 0)
    cellDemandAtStartCNY = AgentColumn(count: n * sectors, repeating: 0)
    carriedCapacityCNY = AgentColumn(count: n * sectors, repeating: 0)
    businessBudgetCNY = AgentColumn(count: n * sectors, repeating: 0)
    restockingBudgetCNY = AgentColumn(count: n * sectors, repeating: 0)
    materialsBoughtCNY = AgentColumn(count: n * sectors, repeating: 0)
    retailSalesCNY = AgentColumn(count: n * sectors, repeating: 0)
    marketRevenue = AgentColumn(count: n * sectors * Channel.allCases.count, repeating: 0)
    marketCompetitivenessByOrigin = AgentColumn(
      count: n * sectors * Channel.allCases.count * n, repeating: 0)
    entryCutoff = AgentColumn(count: n * n * sectors * Channel.allCases.count, repeating: .infinity)
    exitCutoff = AgentColumn(count: n * n * sectors * Channel.allCases.count, repeating: .infinity)
    servingCutoff = AgentColumn(
      count: n * n * sectors * Channel.allCases.count, repeating: .infinity)
    previousServingCutoff = AgentColumn(
      count: n * n * sectors * Channel.allCases.count, repeating: .infinity)
    relocationUnitCost = AgentColumn(count: n, repeating: .infinity)
    congestionTarget = AgentColumn(count: n * sectors, repeating: 1)
    congestionInEffect = AgentColumn(count: n * sectors, repeating: 1)
    unitCost = AgentColumn(count: n * sectors, repeating: 1)
    materialsCostShare = AgentColumn(count: n * sectors, repeating: 0)
    let chinaWage = world.countries[world.chinaIndex].manufacturingWageUSDPerMonth * p.cnyPerUSD
    materialsBaseCost = [
      chinaWage / p.chinaLaborIntensiveClusterPremium,
      chinaWage / p.chinaHighTechProductivityPremium, chinaWage,
    ]
    let corridorPopulations = world.countries.map {
      $0.corridor.isBeltAndRoad ? $0.populationMillions : 0
    }
    var populationSum = 0.0
    relocationDestinationCumulative =
      (corridorPopulations.contains { $0 > 0 }
      ? corridorPopulations : world.countries.map { _ in 1 }).map {
        populationSum += $0
        return populationSum
      }
    domesticPayout = AgentColumn(count: n * sectors, repeating: 0)
    monthMarketRevenue = AgentColumn(count: n * sectors * Channel.allCases.count, repeating: 0)
    monthPlatformOrders = AgentColumn(count: configuration.platforms.count, repeating: 0)
    monthPlatformRevenue = AgentColumn(count: configuration.platforms.count, repeating: 0)
    // Every government may retaliate in the first month it is allowed to.
    monthsSinceRetaliation = [Int](
      repeating: Int(configuration.parameters.retaliationCooldownMonths.rounded(.up)), count: n)
    largestDeficitShareWithoutRetaliation = [Double](repeating: -.infinity, count: n)
    importerOnlineShare = AgentColumn(count: n, repeating: 0)

    offerPools = OfferPools(countryCount: n)
    supplierDirectories = SupplierDirectories(countryCount: n)

    let seed = configuration.seed
    sectorDraws = AgentStreams(seed: seed, family: "consumers.sector")
    shelfDraws = AgentStreams(seed: seed, family: "platforms.shelf")
    choiceDraws = AgentStreams(seed: seed, family: "consumers.choice")
    wordOfMouthDraws = AgentStreams(seed: seed, family: "consumers.word-of-mouth")
    importerDraws = AgentStreams(seed: seed, family: "importers.source")
    firmDraws = AgentStreams(seed: seed, family: "firms.operate")
    relinkDraws = AgentStreams(seed: seed, family: "importers.relink")
    poolPlatformDraws = AgentStreams(seed: seed, family: "relocation.pool-platform")
    exchangeRateDraws = AgentStreams(seed: seed, family: "economy.exchange-rates")
    consumerPayments = PartitionExchange(
      sourceCount: consumers.partitioning.partitionCount, destinations: firms.partitioning,
      expectedMessagesPerSource: scale.consumerPartitionSize / 2)
    importerPayments = PartitionExchange(
      sourceCount: importers.partitioning.partitionCount, destinations: firms.partitioning,
      expectedMessagesPerSource: scale.importerPartitionSize * (p.supplierSlots + 1))
    let platformCount = configuration.platforms.count
    consumerTallies = (0..<consumers.partitioning.partitionCount).map { _ in
      BuyerTally(countryCount: n, platformCount: platformCount)
    }
    importerTallies = (0..<importers.partitioning.partitionCount).map { _ in
      BuyerTally(countryCount: n, platformCount: platformCount)
    }
    var talliesByCountry = [[BuyerTally]](repeating: [], count: n)
    for (tallies, partitionCountry) in [
      (consumerTallies, consumerPartitionCountry), (importerTallies, importerPartitionCountry),
    ] {
      for (partition, tally) in tallies.enumerated() where partitionCountry[partition] >= 0 {
        talliesByCountry[partitionCountry[partition]].append(tally)
      }
    }
    buyerTalliesByCountry = talliesByCountry
    firmTallies = (0..<firms.partitioning.partitionCount).map { _ in
      FirmTally(
        countryCount: n, platformCount: platformCount,
        relocationOutflowCount: n * RelocationPoolLayout.classCount
          * RelocationPoolLayout.outflowFields)
    }
    let largestConsumerPartition = consumers.partitioning.largestPartitionSize
    let featuredOffers = p.featuredOffersPerBlock
    let considerationSetSize = p.considerationSetSize
    choiceWorkspaces = ScratchPool {
      ChoiceWorkspace(
        capacity: largestConsumerPartition, featuredOffers: featuredOffers,
        considerationSetSize: considerationSetSize)
    }
    ledger = Ledger(platforms: platformCount, countries: n, sectors: sectors)
    metrics = StepMetrics(countryCount: n)

    stepExecutor = executor
    initializeAgents(firmCellCounts: firmCellCounts, importerCellCounts: importerCellCounts)
    initializeRelocationPools()
    for f in 0..<relocationPools.firstPool { foundingTopRank[f] = firms.stratumRanks[2 * f] }
    // OpenBLAS must not start its own threads inside partitions that already run in parallel.
    BLAS.setThreadCount(1)
    schedule = StepSchedule(
      phases: [
        .serial("environment") { [unowned self] in updateEnvironment() },
        .partitioned("consumers shop", partitions: consumers.partitioning.partitionCount) {
          [unowned self] in consumersShop(partition: $0)
        },
        .partitioned("importers source", partitions: importers.partitioning.partitionCount) {
          [unowned self] in importersSource(partition: $0)
        },
        .serial("clear domestic markets") { [unowned self] in clearBuyerTallies() },
        .partitioned("firms operate", partitions: firms.partitioning.partitionCount) {
          [unowned self] in firmsOperate(partition: $0)
        },
        .serial("relocate") { [unowned self] in relocateToPools() },
        .serial("word of mouth") { [unowned self] in spreadWordOfMouth() },
        .serial("settle") { [unowned self] in settle() },
      ])
  }

  /// Advances one month (spin-up months first). After a failed check (a non-finite quantity,
  /// books that do not balance) the model stops advancing; ``failure`` says why.
  public func step(executor: ParallelExecutor, timings: PhaseTimings? = nil) {
    guard failure == nil else { return }
    stepExecutor = executor.timingFanOuts(with: timings?.fanOutClock)
    schedule.runStep(on: executor, timings: timings)
    stepsTaken += 1
  }

  /// Runs the spin-up and `months` calendar months, or until a check fails.
  /// - Throws: the ``ModelStop`` (``NumericalError``, ``AccountingError``) that stopped it.
  public func runAll(executor: ParallelExecutor) throws {
    for _ in 0..<(spinUpSteps + calendar.months) {
      step(executor: executor)
      if let failure { throw failure }
    }
  }

  /// When the step being run happens, in words: `month 2015-03`, or `spin-up month 3 of 36`.
  var currentStepWhen: String {
    stepsTaken < spinUpSteps
      ? "spin-up month \(stepsTaken + 1) of \(spinUpSteps)"
      : "month \(calendar.isoMonth(ofStep: stepsTaken - spinUpSteps))"
  }

  // MARK: Index helpers

  /// Shares of agent `f`'s real firms and of its CES mass whose competitive power (φ/m)^(σ−1)
  /// is at least `cutoff` (an entry or exit cut-off; ``FirmSizeStrata/sharesAbove``): the part
  /// of its stratum that serves a market. `multiplierPower` is m^(σ−1), the agent's congestion
  /// cost multiplier to the power σ − 1.
  @inline(__always)
  func sharesAbove(_ f: Int, cutoff: Double, multiplierPower: Double) -> (
    firms: Double, mass: Double
  ) {
    firmSizeStrata.sharesAbove(threshold: cutoff * multiplierPower, of: firms.stratumBounds(f))
  }

  @inline(__always) func cell(_ country: Int, _ sector: Int) -> Int {
    country * sectorCount + sector
  }
  @inline(__always) func route(_ origin: Int, _ destination: Int) -> Int {
    origin * countryCount + destination
  }
  /// Whether platform `k` serves buyers in `country` (``platformServesWords``).
  @inline(__always) func platformServes(_ k: Int, country: Int) -> Bool {
    (platformServesWords[k * FirmPopulation.wordsPerChannel + (country >> 6)]
      >> UInt64(country & 63)) & 1 != 0
  }
  @inline(__always) func marketIndex(_ destination: Int, _ sector: Int, _ channel: Int) -> Int {
    (destination * sectorCount + sector) * channelCount + channel
  }
  /// Cut-offs of one origin, sector and channel lie side by side over destinations: a firm
  /// reads its markets' cut-offs from consecutive memory.
  @inline(__always) func cutoffIndex(
    _ origin: Int, _ destination: Int, _ sector: Int, _ channel: Int
  ) -> Int {
    ((origin * sectorCount + sector) * channelCount + channel) * countryCount + destination
  }

  /// Marginal cost of firm `firm`, CNY per unit: c·m/φ, with c the country-sector's unit cost
  /// (labor share × wage/A + materials share × world price) and m the congestion multiplier.
  @inline(__always)
  func marginalCost(_ firm: Int) -> Double {
    unitCost[cell(Int(firms.country[firm]), Int(firms.sector[firm]))] * firms.costMultiplier[firm]
      / firms.productivity[firm]
  }

  /// Ex-works export price of firm `firm`: markup over cost with the input VAT its
  /// government does not refund on exports (``exportVATFactor(country:sector:)``).
  @inline(__always)
  func exWorksExportPrice(_ firm: Int) -> Double {
    markup * marginalCost(firm)
      * exportVATFactor(country: Int(firms.country[firm]), sector: Int(firms.sector[firm]))
  }

  /// Exports are zero-rated: the VAT producers paid on their inputs is refunded. China
  /// refunds at a rate r of the export (FOB) value below the VAT rate v (`import_vat_rate`,
  /// the rate on goods), and the input VAT not refunded, (v − r) × the export value, is a cost
  /// of exporting (China's "exempt, credit, refund" rule); other countries refund in full. So
  /// an exporter prices at μ·mc·X, X = 1/(1 − (v − r)), and keeps its markup over cost after
  /// the tax. r is the `export_rebate` lever (China's `export_rebate_rate`), at most v: a
  /// refund returns VAT paid, it is no subsidy.
  @inline(__always)
  func unrefundedExportVATRate(country c: Int, sector s: Int) -> Double {
    let vat = parameters.importVATRate
    return vat - min(policy.exportRebate[c * sectorCount + s], vat)
  }

  /// X = 1/(1 − (v − r)), the export price relative to the home price
  /// (``unrefundedExportVATRate(country:sector:)``).
  @inline(__always)
  func exportVATFactor(country c: Int, sector s: Int) -> Double {
    1 / (1 - unrefundedExportVATRate(country: c, sector: s))
  }

  /// Delivered price per unit before tariffs, CNY, of firm `firm` to `d` through `channel`
  /// (markup × (cost + logistics + platform commission or intermediary fee)).
  @inline(__always)
  func deliveredPrice(_ firm: Int, destination d: Int, channel: Channel) -> Double {
    let o = Int(firms.country[firm])
    let exWorks = exWorksExportPrice(firm)
    switch channel {
    case .traditional:
      return exWorks
        * (1 + logistics.freightCostShare[route(o, d)] + parameters.traditionalIntermediaryFeeRate)
    case .b2bPlatform:
      let platform = Int(firms.b2bPlatform[firm])
      let commission = platform >= 0 ? platforms.commissionRate[platform] : 0
      return exWorks * (1 + logistics.freightCostShare[route(o, d)]) / (1 - commission)
    case .b2cPlatform:
      let platform = Int(firms.b2cPlatform[firm])
      let commission = platform >= 0 ? platforms.commissionRate[platform] : 0
      return exWorks * (1 + logistics.parcelCostShare[route(o, d)]) / (1 - commission)
    }
  }
}

/// A government raising tariffs on Chinese goods under the retaliation rule.
public struct RetaliationEvent: Sendable {
  /// The step (spin-up included) at which it happened.
  public let step: Int
  /// The retaliating country.
  public let country: Int
  /// Its trailing-12-month deficit with China as a share of its yearly GDP.
  public let deficitShareOfGDP: Double
}
