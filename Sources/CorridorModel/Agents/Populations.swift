import Engine

/// How many agents of each kind the model has and how they are partitioned.
///
/// Agents are spread over countries by market size with a floor per country, and each agent
/// carries a weight (how many real households, firms or importers it stands for) so that
/// totals compare with published statistics. Partitions never change during a run, so results
/// do not depend on the thread count.
public struct ScaleSettings: Sendable, Equatable {
  /// Consumer (household) agents in all.
  public var consumers = 200_000
  /// Firm (seller) agents in all.
  public var firms = 20_000
  /// Importer (B2B buyer) agents in all.
  public var importers = 15_000
  /// Fewest consumer agents in any country.
  public var minimumConsumersPerCountry = 300
  /// Fewest firm agents in any country and sector.
  public var minimumFirmsPerCountrySector = 8
  /// Fewest importer agents in any country and sector.
  public var minimumImportersPerCountrySector = 4
  /// Largest consumer partition (partitions never span two countries).
  public var consumerPartitionSize = 4_096
  /// Firm partition size.
  public var firmPartitionSize = 1_024
  /// Largest importer partition (partitions never span two countries).
  public var importerPartitionSize = 512

  public init() {}

  /// The smallest multiple of the default counts at which the replicate means of the model's
  /// national totals and of China's exports to each corridor agree with the large-scale limit
  /// (within 5 %, shares within 1.5 percentage points, with as many agents over the replicates
  /// as four default-scale runs; `benchmarks/scale/run.sh`, docs/ODD.md §3.5). Single runs
  /// there are noisier than at the default scale; below it, means drift too (at 0.05, flows
  /// to the small corridors by 5–9 % and the B2B share by up to 0.8 points).
  public static let smallestInvariantScale = 0.1

  /// The counts multiplied by `factor`; the per-country floors shrink too when scaling down
  /// (but never below 30 consumers, 2 firms and 1 importer per cell), so that small test
  /// economies keep the large countries large.
  public func scaled(by factor: Double) -> ScaleSettings {
    scaled(by: AgentScales(consumers: factor, firms: factor, importers: factor))
  }

  /// The counts of each kind of agent multiplied by its own factor (floors as in
  /// ``scaled(by:)``, each kind's by its factor): to see which kind's granularity a result
  /// depends on, one kind can be made coarser or finer while the others stay.
  public func scaled(by factors: AgentScales) -> ScaleSettings {
    var scaled = self
    func times(_ count: Int, _ factor: Double, floor: Int) -> Int {
      max(floor, Int((Double(count) * factor).rounded()))
    }
    scaled.consumers = times(consumers, factors.consumers, floor: 1)
    scaled.firms = times(firms, factors.firms, floor: 1)
    scaled.importers = times(importers, factors.importers, floor: 1)
    if factors.consumers < 1 {
      scaled.minimumConsumersPerCountry = times(
        minimumConsumersPerCountry, factors.consumers, floor: 30)
    }
    if factors.firms < 1 {
      scaled.minimumFirmsPerCountrySector = times(
        minimumFirmsPerCountrySector, factors.firms, floor: 2)
    }
    if factors.importers < 1 {
      scaled.minimumImportersPerCountrySector = times(
        minimumImportersPerCountrySector, factors.importers, floor: 1)
    }
    return scaled
  }
}

/// Multipliers of the default agent counts, one per kind of agent.
public struct AgentScales: Sendable, Equatable {
  public var consumers: Double
  public var firms: Double
  public var importers: Double

  /// The kinds by the names configs and the command line use.
  public static let kindNames = ["consumers", "firms", "importers"]

  public init(consumers: Double = 1, firms: Double = 1, importers: Double = 1) {
    self.consumers = consumers
    self.firms = firms
    self.importers = importers
  }

  /// Every kind's multiplier times `factor`.
  public func times(_ factor: Double) -> AgentScales {
    AgentScales(consumers: consumers * factor, firms: firms * factor, importers: importers * factor)
  }

  /// The smallest of the three.
  public var smallest: Double { min(consumers, firms, importers) }

  /// Sets the multiplier of the kind named `kind` (one of ``kindNames``); false if no such.
  public mutating func set(_ kind: String, to factor: Double) -> Bool {
    switch kind {
    case "consumers": consumers = factor
    case "firms": firms = factor
    case "importers": importers = factor
    default: return false
    }
    return true
  }
}

/// Splits `total` into integer counts proportional to `weights`, each at least `minimum`
/// (largest-remainder method; deterministic, ties to the lower index).
func allocate(total: Int, weights: [Double], minimum: Int) -> [Int] {
  let floorTotal = minimum * weights.count
  let remaining = max(0, total - floorTotal)
  let weightSum = weights.reduce(0, +)
  let quotas = weights.map { weightSum > 0 ? Double(remaining) * $0 / weightSum : 0 }
  var counts = quotas.map { minimum + Int($0) }
  let shortfall = minimum * weights.count + remaining - counts.reduce(0, +)
  let order = quotas.indices.sorted {
    let a = quotas[$0] - quotas[$0].rounded(.down)
    let b = quotas[$1] - quotas[$1].rounded(.down)
    return a != b ? a > b : $0 < $1
  }
  for index in order.prefix(shortfall) { counts[index] += 1 }
  return counts
}

/// Partition boundaries that follow group boundaries (e.g. countries), cutting each group
/// into chunks of at most `maximumSize` agents. Empty groups produce no partition.
func groupAlignedBoundaries(groupCounts: [Int], maximumSize: Int) -> [Int] {
  var boundaries = [0]
  var position = 0
  for count in groupCounts where count > 0 {
    let chunks = (count + maximumSize - 1) / maximumSize
    for chunk in 0..<chunks {
      let size = count / chunks + (chunk < count % chunks ? 1 : 0)
      position += size
      boundaries.append(position)
    }
  }
  return boundaries
}

/// Household agents (B2C demand), stored as columns, sorted by country.
public final class ConsumerPopulation: @unchecked Sendable {
  public let count: Int
  /// Partitions aligned to countries.
  public let partitioning: Partitioning
  /// Consumers of country c: `countryRanges[c]` (consumers are sorted by country, so no
  /// column holds it: ``country(of:)``).
  public let countryRanges: [Range<Int>]
  /// Persons each agent of country c stands for, `personsPerAgent[c]`: the country's
  /// population over its agents (every household agent of a country stands for as many, so
  /// no column holds it: ``weightPersons(of:)``).
  public internal(set) var personsPerAgent: [Double]
  /// Disposable income per person, CNY per month, at base-year GDP.
  public let baseIncomeCNYPerMonth: AgentColumn<Double>
  /// (base income / the country's base-year mean)^`parcel_value_income_elasticity`: the
  /// household's order value over its country's mean household's, fixed at initialization
  /// (``CorridorEconomy/parcelOrderValueCNY(consumer:incomeIndex:)``).
  public let parcelValueFactor: AgentColumn<Double>
  /// Fixed uniform draw: the consumer is online once the country's internet share exceeds it.
  public let onlineThreshold: AgentColumn<Double>
  /// Trust in cross-border purchases, 0–1.
  public private(set) var trust: AgentColumn<Double>
  /// Word of mouth runs group by group of consecutive countries (a household hears
  /// compatriots only): the group's agents and partitions. Each group's next trust is written
  /// to ``trustScratch`` while its compatriots' old trust is read, then copied into ``trust``
  /// (``CorridorEconomy/spreadWordOfMouth()``).
  let wordOfMouthGroups: [(agents: Range<Int>, partitions: Range<Int>)]
  /// Next month's trust of one word-of-mouth group, at agent − the group's first agent: in a
  /// large economy a group holds the largest country or up to an eighth of the households, so
  /// the scratch is not a column over every household (8 bytes per household agent, 6 per
  /// agent of the economy). A small economy is one group, whose scratch is then swapped with
  /// the trust column instead of copied (``adoptNextTrust()``).
  private(set) var trustScratch: AgentColumn<Double>
  /// Familiarity with buying online, 0–1: learned with every delivered online order (domestic
  /// or cross-border); 1 − familiarity costs `online_unfamiliarity_cost` on online options.
  public let onlineFamiliarity: AgentColumn<Double>
  /// Money held, CNY (all the persons the agent stands for).
  public let cash: AgentColumn<Double>

  init(countryCounts: [Int], partitionSize: Int) {
    count = countryCounts.reduce(0, +)
    var ranges: [Range<Int>] = []
    var start = 0
    for c in countryCounts {
      ranges.append(start..<(start + c))
      start += c
    }
    countryRanges = ranges
    partitioning = Partitioning(
      boundaries: groupAlignedBoundaries(groupCounts: countryCounts, maximumSize: partitionSize))
    personsPerAgent = [Double](repeating: 0, count: countryCounts.count)
    baseIncomeCNYPerMonth = AgentColumn(count: count, repeating: 0)
    parcelValueFactor = AgentColumn(count: count, repeating: 1)
    onlineThreshold = AgentColumn(count: count, repeating: 1)
    trust = AgentColumn(count: count, repeating: 0)
    // Countries in order, into groups of at most the largest country, an eighth of the
    // households or 2²⁰ of them (8 MiB of scratch), whichever is most: a small economy is one
    // group, and each group has enough partitions to keep every thread busy (a group ends at
    // a barrier, where one thread may wait for the other's last partition).
    let groupLimit = Swift.max(countryCounts.max() ?? 0, (count + 7) / 8, 1 << 20)
    var groupAgents: [Range<Int>] = []
    var groupStart = 0
    for range in ranges where !range.isEmpty && range.upperBound - groupStart > groupLimit {
      groupAgents.append(groupStart..<range.lowerBound)
      groupStart = range.lowerBound
    }
    groupAgents.append(groupStart..<count)
    let grouping = partitioning
    wordOfMouthGroups = groupAgents.filter { !$0.isEmpty }.map { agents in
      let first = grouping.partition(ofAgent: agents.lowerBound)
      let last = grouping.partition(ofAgent: agents.upperBound - 1)
      return (agents, first..<(last + 1))
    }
    trustScratch = AgentColumn(
      count: wordOfMouthGroups.map(\.agents.count).max() ?? 0, repeating: 0)
    onlineFamiliarity = AgentColumn(count: count, repeating: 0)
    cash = AgentColumn(count: count, repeating: 0)
  }
}

extension ConsumerPopulation {
  /// Makes the word-of-mouth scratch, which holds every agent's next trust when the
  /// households are one group, the trust column, and the old trust column the next month's
  /// scratch: two references swapped instead of a copy of the whole column.
  func adoptNextTrust() {
    precondition(trustScratch.count == count, "the scratch holds every household's next trust")
    swap(&trust, &trustScratch)
  }

  /// Persons consumer `i` stands for (its country's ``personsPerAgent``).
  public func weightPersons(of i: Int) -> Double { personsPerAgent[country(of: i)] }

  /// The country of consumer `i` (a binary search over ``countryRanges``).
  public func country(of i: Int) -> Int {
    precondition(i >= 0 && i < count, "consumer \(i) is not in 0..<\(count)")
    // The last country whose consumers start at or before i: it holds i (an empty country
    // there would start where the next one does, and that one would be later).
    var low = 0
    var high = countryRanges.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if countryRanges[middle].lowerBound <= i { low = middle } else { high = middle - 1 }
    }
    return low
  }
}

/// Firm agents (sellers), stored as columns. A firm slot is reused by an entrant when its
/// firm exits; `generation` tells importers' relationships that their supplier is gone.
public final class FirmPopulation: @unchecked Sendable {
  public let count: Int
  public let partitioning: Partitioning
  /// Country of production (changes on relocation).
  public let country: AgentColumn<Int32>
  /// Country where the firm was founded.
  public let homeCountry: AgentColumn<Int32>
  /// Sector (``Sector`` raw value).
  public let sector: AgentColumn<UInt8>
  /// Productivity φ of the agent's real firms: (their mean φ^(σ−1))^(1/(σ−1)).
  public let productivity: AgentColumn<Double>
  /// φ^(σ−1), the firm's weight in CES market shares and in its country's capacity.
  public let productivityPower: AgentColumn<Double>
  /// Multiplier of marginal cost from congestion (≥ 1 when the firm sells beyond capacity).
  public let costMultiplier: AgentColumn<Double>
  /// Incremented when the slot passes to a new firm.
  public let generation: AgentColumn<UInt32>
  /// Cash, CNY.
  public let cash: AgentColumn<Double>
  /// Sales on trade credit not yet paid, CNY.
  public let receivables: AgentColumn<Double>
  /// E-commerce adoption: bit 0 B2B platform, bit 1 B2C platform (set once some of the agent's
  /// real firms have adopted, ``adoptedShare`` > 0).
  public let adoption: AgentColumn<UInt8>
  /// Active destination markets: per firm, 3 channels × 2 words (128 countries).
  public let marketBits: AgentColumn<UInt64>
  /// Share of the agent's real firms that sell through platforms, per firm and platform kind
  /// (B2B at 2f, B2C at 2f + 1): 1 − (1 − initial share)·Π(1 − monthly adoption hazard) over
  /// the months since the firms were founded (see `CorridorEconomy.adoptECommerce`). The
  /// agent's B2B and B2C sales, listings and platform costs are those of this share of its
  /// firms.
  public let adoptedShare: AgentColumn<Double>
  /// B2B platform the firm lists on (−1 none).
  public let b2bPlatform: AgentColumn<Int8>
  /// B2C platform the firm sells through (−1 none).
  public let b2cPlatform: AgentColumn<Int8>
  /// Consecutive loss-making months.
  public let lossMonths: AgentColumn<Int16>
  /// Reputation with consumers, 0–1 (grows with delivered B2C orders).
  public let reputation: AgentColumn<Double>
  /// Last month's revenue by channel (traditional, B2B, B2C), CNY at ex-works prices.
  public let exportRevenueByChannel: AgentColumn<Double>
  /// Last month's domestic revenue, CNY.
  public let domesticRevenue: AgentColumn<Double>
  /// Last month's result on trade credit, CNY: risk premiums charged on open-account sales
  /// minus buyers' defaults written off (``CorridorEconomy/paymentTerms(origin:destination:channel:platform:)``).
  public let creditRiskResult: AgentColumn<Double>
  /// Real firms the agent stands for (a stratum of its cell's size ranks; fractional in
  /// general).
  public let weightFirms: AgentColumn<Double>
  /// The stratum's size ranks in its founding cell (top at 2f, bottom at 2f + 1) and that
  /// cell's real firms: where its firms' φ^(σ−1) lie (``FirmSizeStrata/sharesAbove``).
  public let stratumRanks: AgentColumn<Double>
  public let stratumCellFirms: AgentColumn<Double>
  /// The rank sums H(top) and H(bottom) of the stratum (``FirmSizeStrata/rankSum(_:)``).
  public let stratumRankSums: AgentColumn<Double>
  /// φ^(σ−1) of the stratum's largest and smallest firm (at the top and bottom rank).
  public let strongestPower: AgentColumn<Double>
  public let weakestPower: AgentColumn<Double>

  /// Words of market bits per channel.
  static let wordsPerChannel = 2

  init(count: Int, partitionSize: Int) {
    self.count = count
    partitioning = Partitioning(agentCount: count, partitionSize: partitionSize)
    country = AgentColumn(count: count, repeating: 0)
    homeCountry = AgentColumn(count: count, repeating: 0)
    sector = AgentColumn(count: count, repeating: 0)
    productivity = AgentColumn(count: count, repeating: 1)
    productivityPower = AgentColumn(count: count, repeating: 1)
    costMultiplier = AgentColumn(count: count, repeating: 1)
    generation = AgentColumn(count: count, repeating: 0)
    cash = AgentColumn(count: count, repeating: 0)
    receivables = AgentColumn(count: count, repeating: 0)
    adoption = AgentColumn(count: count, repeating: 0)
    marketBits = AgentColumn(
      count: count * Channel.allCases.count * Self.wordsPerChannel, repeating: 0)
    adoptedShare = AgentColumn(count: 2 * count, repeating: 0)
    b2bPlatform = AgentColumn(count: count, repeating: -1)
    b2cPlatform = AgentColumn(count: count, repeating: -1)
    lossMonths = AgentColumn(count: count, repeating: 0)
    reputation = AgentColumn(count: count, repeating: 0)
    exportRevenueByChannel = AgentColumn(count: count * Channel.allCases.count, repeating: 0)
    domesticRevenue = AgentColumn(count: count, repeating: 0)
    creditRiskResult = AgentColumn(count: count, repeating: 0)
    weightFirms = AgentColumn(count: count, repeating: 1)
    stratumRanks = AgentColumn(count: 2 * count, repeating: 0)
    stratumCellFirms = AgentColumn(count: count, repeating: 1)
    stratumRankSums = AgentColumn(count: 2 * count, repeating: 0)
    strongestPower = AgentColumn(count: count, repeating: 1)
    weakestPower = AgentColumn(count: count, repeating: 1)
  }

  /// The bounds of agent `firm`'s stratum (``FirmSizeStrata/sharesAbove(threshold:of:)``).
  @inline(__always)
  func stratumBounds(_ firm: Int) -> StratumBounds { stratumColumns.bounds(firm) }

  /// The storage of the stratum columns, for loops that read many agents' bounds: a local
  /// value, so that the loop keeps the pointers in registers instead of reloading them from the
  /// columns after every store it makes.
  var stratumColumns: StratumColumns {
    StratumColumns(
      strongestPower: strongestPower.storage, weakestPower: weakestPower.storage,
      ranks: stratumRanks.storage, cellFirms: stratumCellFirms.storage,
      rankSums: stratumRankSums.storage)
  }

  /// Whether firm `firm` serves destination `d` through `channel`.
  @inlinable
  public func isActive(_ firm: Int, destination d: Int, channel: Int) -> Bool {
    let word = marketBits[(firm * 3 + channel) * 2 + (d >> 6)]
    return word & (1 << UInt64(d & 63)) != 0
  }

  /// Sets or clears the market bit of (`firm`, `d`, `channel`).
  @inlinable
  func setActive(_ firm: Int, destination d: Int, channel: Int, _ active: Bool) {
    let index = (firm * 3 + channel) * 2 + (d >> 6)
    let mask: UInt64 = 1 << UInt64(d & 63)
    marketBits[index] = active ? marketBits[index] | mask : marketBits[index] & ~mask
  }

  /// Calls `body(d)` for each destination d < `countryCount` that `firm` serves through
  /// `channel`, in ascending order (the set bits only, not a test per country).
  @inline(__always)
  func forEachActiveMarket(
    _ firm: Int, channel: Int, countryCount: Int, _ body: (_ destination: Int) -> Void
  ) {
    let base = (firm * 3 + channel) * Self.wordsPerChannel
    for w in 0..<Self.wordsPerChannel {
      var word = marketBits[base + w]
      while word != 0 {
        let d = w << 6 | word.trailingZeroBitCount
        if d >= countryCount { return }
        body(d)
        word &= word &- 1
      }
    }
  }

  /// Share of the agent's real firms that sell through `channel` (a `Channel` raw value): all
  /// of them through the traditional channel, the adopters of the platform kind through B2B
  /// and B2C.
  @inlinable
  public func channelShare(_ firm: Int, channel: Int) -> Double {
    channel == 0 ? 1 : adoptedShare[2 * firm + channel - 1]
  }

  /// Number of active markets of `firm` in `channel`.
  @inlinable
  public func activeMarketCount(_ firm: Int, channel: Int) -> Int {
    let base = (firm * 3 + channel) * 2
    return marketBits[base].nonzeroBitCount + marketBits[base + 1].nonzeroBitCount
  }

  /// Total export revenue of `firm` last month, CNY.
  @inlinable
  public func exportRevenue(_ firm: Int) -> Double {
    exportRevenueByChannel[firm * 3] + exportRevenueByChannel[firm * 3 + 1]
      + exportRevenueByChannel[firm * 3 + 2]
  }
}

/// The stratum columns' storage (``FirmPopulation/stratumColumns``).
struct StratumColumns {
  let strongestPower: UnsafeMutableBufferPointer<Double>
  let weakestPower: UnsafeMutableBufferPointer<Double>
  let ranks: UnsafeMutableBufferPointer<Double>
  let cellFirms: UnsafeMutableBufferPointer<Double>
  let rankSums: UnsafeMutableBufferPointer<Double>

  /// The bounds of agent `firm`'s stratum.
  @inline(__always)
  func bounds(_ firm: Int) -> StratumBounds {
    StratumBounds(
      strongestPower: strongestPower[firm], weakestPower: weakestPower[firm],
      top: ranks[2 * firm], bottom: ranks[2 * firm + 1], cellFirms: cellFirms[firm],
      topRankSum: rankSums[2 * firm], bottomRankSum: rankSums[2 * firm + 1])
  }
}

/// Importer agents (B2B demand), stored as columns, sorted by country then sector.
public final class ImporterPopulation: @unchecked Sendable {
  public let count: Int
  /// Supplier slots per importer.
  public let slots: Int
  /// Partitions aligned to countries.
  public let partitioning: Partitioning
  public let country: AgentColumn<Int32>
  public let sector: AgentColumn<UInt8>
  /// Share of its country-sector's business tradables budget.
  public let budgetShare: AgentColumn<Double>
  /// Real importers each agent stands for.
  public let weightImporters: AgentColumn<Double>
  /// Suppliers each of the agent's real importers keeps (1…slots; larger importers buy from
  /// more suppliers): only the first this many slots are used.
  public let supplierCount: AgentColumn<UInt8>
  /// Cash, CNY.
  public let cash: AgentColumn<Double>
  /// Share of the agent's real importers that source through B2B platforms (grows like the
  /// firms' platform adoption, ``CorridorEconomy/importersSource(partition:)``).
  public let onlineShare: AgentColumn<Double>
  /// Per slot (importer·slots + k): supplier firm (−1 empty).
  public let supplierFirm: AgentColumn<Int32>
  /// Per slot: the supplier's generation when the relationship began.
  public let supplierGeneration: AgentColumn<UInt32>
  /// Per slot: channel (traditional or B2B platform).
  public let supplierChannel: AgentColumn<UInt8>
  /// Per slot: amount owed for last month's credit purchases, CNY, and to whom (the firm and
  /// its generation when the debt arose; the slot's supplier may have changed since).
  public let creditDue: AgentColumn<Double>
  public let creditFirm: AgentColumn<Int32>
  public let creditGeneration: AgentColumn<UInt32>

  init(countrySectorCounts: [[Int]], slots: Int, partitionSize: Int) {
    let perCountry = countrySectorCounts.map { $0.reduce(0, +) }
    count = perCountry.reduce(0, +)
    self.slots = slots
    partitioning = Partitioning(
      boundaries: groupAlignedBoundaries(groupCounts: perCountry, maximumSize: partitionSize))
    var countries: [Int32] = []
    var sectors: [UInt8] = []
    for (c, counts) in countrySectorCounts.enumerated() {
      for (s, n) in counts.enumerated() {
        countries += [Int32](repeating: Int32(c), count: n)
        sectors += [UInt8](repeating: UInt8(s), count: n)
      }
    }
    country = AgentColumn(countries)
    sector = AgentColumn(sectors)
    budgetShare = AgentColumn(count: count, repeating: 0)
    weightImporters = AgentColumn(count: count, repeating: 1)
    supplierCount = AgentColumn(count: count, repeating: UInt8(clamping: slots))
    cash = AgentColumn(count: count, repeating: 0)
    onlineShare = AgentColumn(count: count, repeating: 0)
    supplierFirm = AgentColumn(count: count * slots, repeating: -1)
    supplierGeneration = AgentColumn(count: count * slots, repeating: 0)
    supplierChannel = AgentColumn(count: count * slots, repeating: 0)
    creditDue = AgentColumn(count: count * slots, repeating: 0)
    creditFirm = AgentColumn(count: count * slots, repeating: -1)
    creditGeneration = AgentColumn(count: count * slots, repeating: 0)
  }
}
