import Engine

/// B2C offers visible to consumers of each (destination, sector), rebuilt every month from the
/// firms' active B2C markets: the "shelf" platforms show. An offer is a seller in a cell; the
/// features of consumer utility come from the seller's terms as of the rebuild (origin,
/// platform, ex-works price, reputation) and the route's and platform's terms
/// (``OfferView/terms(_:destination:sector:)``), worked out only for the offers platforms
/// feature, not for every offer.
final class OfferPools: @unchecked Sendable {
  let countryCount: Int
  /// `offsets[cell]..<offsets[cell + 1]` are the offers of cell = destination·S + sector.
  var offsets: [Int]
  var firm: [Int32] = []
  /// Platforms feature an offer with probability ∝ its CES mass: its seller's real firms that
  /// sell B2C × φ^(σ−1) (``sellerMass``) × the share of that mass above the market's serving
  /// cut-off (1 but for the offers in the sparse list below, ``ratioMass``). The running sums of
  /// the masses within a cell, which a draw searches, are kept only at every
  /// ``checkpointStride``-th offer (at k: the cell's sum before offer k·stride, 0 where that
  /// offer starts its cell), and each cell's total: a draw adds the few masses after the
  /// checkpoint below its target again (``OfferView/visibleOffer(cell:destination:uniform:)``),
  /// the same numbers in the same order, so the same sums to the bit, for 8 bytes less per offer.
  var checkpoints: [Double] = []
  static let checkpointStride = 8
  /// Per cell: the total CES mass of its offers.
  var cellMass: [Double] = []
  /// Per offer: r = log(serving firms' mean φ^(σ−1) / the stratum's mean φ^(σ−1)), 0 unless a
  /// serving cut-off crosses the stratum, NaN if no firm of the stratum serves the market. From
  /// it, ``OfferView/sizeCorrection(_:destination:sector:)`` and
  /// ``OfferView/logPriceOffset(_:destination:)``. Stored sparsely, since r is 0 for all but
  /// the offers whose stratum a cut-off crosses (a few per cell): the offers with r ≠ 0 or a
  /// share of their mass above the cut-off other than 1 in ascending order, destination by
  /// destination (`ratioStart[d]..<ratioStart[d + 1]`), their r and that share.
  var ratioOffers: [Int32] = []
  var ratioValues: [Double] = []
  var ratioMass: [Double] = []
  var ratioStart: [Int] = []
  /// One bit per offer, set where the offer is in the sparse list: most lookups end at the bit.
  var ratioFlags: [UInt64] = []
  /// Per cell (destination·S + sector): log of the real firms behind the cell's offers, the
  /// variety a consumer's K sampled offers stand for (each log(N/K) of them).
  var logRealFirms: [Double] = []
  /// Per cell: log of the mean φ^(σ−1) per real firm of the firms serving through its offers.
  var logMeanPower: [Double] = []

  /// Per firm, for the firms that sell B2C (as of the rebuild): origin country, B2C platform,
  /// log of the ex-works export price (CNY per unit), log φ^(σ−1), and quality (half the
  /// platform's reputation, half the seller's), 0–1.
  var sellerOrigin: [Int32] = []
  var sellerPlatform: [Int8] = []
  var sellerLogExWorks: [Double] = []
  var sellerLogProductivityPower: [Double] = []
  var sellerQuality: [Double] = []
  /// Per firm that sells B2C: real firms that sell B2C × φ^(σ−1).
  var sellerMass: [Double] = []
  /// Per route (origin·n + destination): log(1 + parcel cost share), expected parcel days, and
  /// the probability a parcel is lost.
  var routeParcelCostCNY: [Double] = []
  var routeParcelDays: [Double] = []
  var routeLossProbability: [Double] = []
  /// Per platform: −log(1 − commission rate) and its logistics partnership (share of parcel
  /// days saved); per (destination, platform): the probability of fraud where the seller's
  /// enforcement is 0, and per origin the share of it that the seller's enforcement leaves
  /// (``CorridorEconomy/crossBorderFraudProbability(security:origin:)``).
  var platformLogCommission: [Double] = []
  var platformPartnership: [Double] = []
  var fraudProbability: [Double] = []
  var sellerFraudUndeterred: [Double] = []
  /// Tariffs as in ``PolicyState/tariff``, (importer·n + exporter)·S + sector.
  var tariff: [Double] = []
  /// 1 / (σ − 1).
  var inverseSigmaMinusOne = 1.0

  init(countryCount: Int) {
    self.countryCount = countryCount
    offsets = [Int](repeating: 0, count: countryCount * Sector.allCases.count + 1)
  }

  /// The offers as plain arrays, for a partition to read without touching this object again.
  var view: OfferView {
    OfferView(
      countryCount: countryCount, offsets: offsets, firm: firm, checkpoints: checkpoints,
      cellMass: cellMass, sellerMass: sellerMass, ratioOffers: ratioOffers,
      ratioValues: ratioValues, ratioMass: ratioMass, ratioStart: ratioStart,
      ratioFlags: ratioFlags,
      logRealFirms: logRealFirms, logMeanPower: logMeanPower,
      inverseSigmaMinusOne: inverseSigmaMinusOne,
      sellerOrigin: sellerOrigin, sellerPlatform: sellerPlatform,
      sellerLogExWorks: sellerLogExWorks,
      sellerLogProductivityPower: sellerLogProductivityPower, sellerQuality: sellerQuality,
      routeParcelCostCNY: routeParcelCostCNY, routeParcelDays: routeParcelDays,
      routeLossProbability: routeLossProbability, platformLogCommission: platformLogCommission,
      platformPartnership: platformPartnership, fraudProbability: fraudProbability,
      sellerFraudUndeterred: sellerFraudUndeterred, tariff: tariff)
  }

  func count(destination d: Int, sector s: Int) -> Int {
    let cell = d * Sector.allCases.count + s
    return offsets[cell + 1] - offsets[cell]
  }
}

/// What a consumer in a destination sees of one B2C offer.
struct OfferTerms {
  let firm: Int
  let origin: Int
  let platform: Int
  /// log of the price before taxes and delivery, CNY per unit: log(ex-works price)
  /// − log(1 − commission).
  let logPrice: Double
  /// Cost of one parcel on the route, CNY: the buyer pays it per order, a share
  /// cost / (order value) of what it buys (``CorridorEconomy/chooseForBlock``).
  let parcelCostCNY: Double
  /// Expected delivery days.
  let days: Double
  /// Probability of fraud and of loss.
  let fraudProbability: Double
  let lossProbability: Double
  /// Offer quality (platform and seller reputation), 0–1.
  let quality: Double
  /// Tariff on the goods (added to VAT when a parcel is dutiable).
  let tariffRate: Double
}

/// A read-only snapshot of the offer pools (the arrays are shared, not copied).
struct OfferView {
  let countryCount: Int
  let offsets: [Int]
  let firm: [Int32]
  let checkpoints: [Double]
  let cellMass: [Double]
  let sellerMass: [Double]
  let ratioOffers: [Int32]
  let ratioValues: [Double]
  let ratioMass: [Double]
  let ratioStart: [Int]
  let ratioFlags: [UInt64]
  let logRealFirms: [Double]
  let logMeanPower: [Double]
  let inverseSigmaMinusOne: Double
  let sellerOrigin: [Int32]
  let sellerPlatform: [Int8]
  let sellerLogExWorks: [Double]
  let sellerLogProductivityPower: [Double]
  let sellerQuality: [Double]
  let routeParcelCostCNY: [Double]
  let routeParcelDays: [Double]
  let routeLossProbability: [Double]
  let platformLogCommission: [Double]
  let platformPartnership: [Double]
  let fraudProbability: [Double]
  let sellerFraudUndeterred: [Double]
  let tariff: [Double]

  /// An offer of cell `cell` (of destination `d`) drawn with probability ∝ its mass, from a
  /// uniform number u in [0, 1): the first whose running mass exceeds u × the cell's total (the
  /// last if rounding carries the target to the total), as a binary search among stored
  /// running sums would find it. From the last checkpoint at or below the target (a binary
  /// search), the masses are added again as the rebuild added them. The cell must hold an
  /// offer.
  @inline(__always)
  func visibleOffer(cell: Int, destination d: Int, uniform u: Double) -> Int {
    let start = offsets[cell]
    let end = offsets[cell + 1]
    let target = u * cellMass[cell]
    var (offer, running) = lastCheckpoint(
      atOrBelow: target, in: checkpoints, stride: OfferPools.checkpointStride, range: start..<end)
    while offer < end - 1 {
      running += sellerMass[Int(firm[offer])] * massShare(offer, destination: d)
      if running > target { return offer }
      offer += 1
    }
    // The last offer (where rounding carries the target to the total, too, as the binary
    // search would).
    return end - 1
  }

  /// The share of offer `offer`'s mass above its market's serving cut-off (1 unless it is in
  /// the sparse list, ``OfferPools/ratioOffers``).
  @inline(__always)
  func massShare(_ offer: Int, destination d: Int) -> Double {
    guard let index = sparseIndex(offer, destination: d) else { return 1 }
    return ratioMass[index]
  }

  /// Where offer `offer` of destination `d` is in the sparse list, if it is: most lookups end
  /// at its bit, the others in a binary search among the destination's few listed offers.
  @inline(__always)
  func sparseIndex(_ offer: Int, destination d: Int) -> Int? {
    guard ratioFlags[offer >> 6] & (1 << UInt64(offer & 63)) != 0 else { return nil }
    let key = Int32(truncatingIfNeeded: offer)
    var low = ratioStart[d]
    let end = ratioStart[d + 1]
    var high = end
    while low < high {
      let middle = (low + high) / 2
      if ratioOffers[middle] < key { low = middle + 1 } else { high = middle }
    }
    return low < end && ratioOffers[low] == key ? low : nil
  }

  /// log(φ^(σ−1) / the cell's mean φ^(σ−1) per real firm) of offer `offer` in destination `d`
  /// and sector `s`, φ^(σ−1) that of its serving firms: subtracted from its
  /// utility, the correction for sampling alternatives in proportion to size (McFadden 1978),
  /// so that the expected choice is that over offers of real firms drawn alike (0 for an offer
  /// no firm serves, which is never featured).
  @inline(__always)
  func sizeCorrection(_ offer: Int, destination d: Int, sector s: Int) -> Double {
    let ratio = logServingPowerRatio(offer, destination: d)
    if ratio.isNaN { return 0 }
    return (sellerLogProductivityPower[Int(firm[offer])] + ratio)
      - logMeanPower[d * Sector.allCases.count + s]
  }

  /// r of offer `offer` in destination `d` (``OfferPools/ratioOffers``): 0 unless the offer is
  /// among the destination's few in the sparse list (``sparseIndex(_:destination:)``).
  @inline(__always)
  func logServingPowerRatio(_ offer: Int, destination d: Int) -> Double {
    guard let index = sparseIndex(offer, destination: d) else { return 0 }
    return ratioValues[index]
  }

  /// log(price of the offer's serving firms / price at the stratum's mean φ) = −log(serving
  /// firms' mean φ^(σ−1) / the stratum's)/(σ − 1): 0 unless a serving cut-off crosses the
  /// stratum, whose serving part, the more productive, then sells for less.
  @inline(__always)
  func logPriceOffset(_ offer: Int, destination d: Int) -> Double {
    let ratio = logServingPowerRatio(offer, destination: d)
    return ratio.isNaN ? 0 : -ratio * inverseSigmaMinusOne
  }

  /// The terms of offer `offer` of the cell (destination `d`, sector `s`).
  @inline(__always)
  func terms(_ offer: Int, destination d: Int, sector s: Int) -> OfferTerms {
    let f = Int(firm[offer])
    let o = Int(sellerOrigin[f])
    let platform = Int(sellerPlatform[f])
    let route = o * countryCount + d
    return OfferTerms(
      firm: f, origin: o, platform: platform,
      logPrice: sellerLogExWorks[f] + logPriceOffset(offer, destination: d)
        + platformLogCommission[platform],
      parcelCostCNY: routeParcelCostCNY[route],
      days: routeParcelDays[route] * (1 - platformPartnership[platform]),
      fraudProbability: fraudProbability[d * platformLogCommission.count + platform]
        * sellerFraudUndeterred[o],
      lossProbability: routeLossProbability[route], quality: sellerQuality[f],
      tariffRate: tariff[(d * countryCount + o) * Sector.allCases.count + s])
  }
}

/// Where a draw among running sums kept at checkpoints starts adding masses: of the
/// checkpoints k with k·`stride` inside `range` after its first element (`checkpoints[k]`, the
/// range's running sum before element k·stride), the last whose sum is at most `target`, as
/// (its element, its sum); the range's first element and 0 if there is none. The running sum
/// first exceeds the target at or after that element.
@inline(__always)
func lastCheckpoint(
  atOrBelow target: Double, in checkpoints: [Double], stride: Int, range: Range<Int>
) -> (element: Int, sum: Double) {
  var low = range.lowerBound / stride + 1
  var high = (range.upperBound - 1) / stride
  var found = (element: range.lowerBound, sum: 0.0)
  while low <= high {
    let middle = (low + high) / 2
    if checkpoints[middle] <= target {
      found = (middle * stride, checkpoints[middle])
      low = middle + 1
    } else {
      high = middle - 1
    }
  }
  return found
}

/// Firms selling through traditional channels and B2B platforms, per (destination, sector,
/// channel) and grouped by origin, with their visibility, for importers' supplier search.
/// Rebuilt every month.
///
/// A seller is found with probability ∝ its CES mass in the list: that of its real firms that
/// sell through the channel and lie above the market's serving cut-off, real firms × φ^(σ−1)
/// × adopted share (B2B) × the share of the agent's CES mass above the market's serving
/// cut-off when the directory was built (``CorridorEconomy/sharesAbove(_:cutoff:multiplierPower:)``).
/// Large firms are found more often, in proportion to their size; importers' CES weights then
/// correct for it (``CorridorEconomy/listedMassOverOwnPower(_:destination:sector:channel:)``),
/// so that what an importer spends on a link does not hinge on whether it found a giant: the
/// number of buyers, not the spending per buyer, carries a firm's size, and a few lucky links
/// cannot move a country's trade.
///
/// The running sums of the masses, which the draw searches, are not stored per listing (8
/// bytes per listing, 4 per agent of a large economy's memory): only every
/// ``checkpointStride``-th of them and each (list, origin) range's total. A draw adds the
/// masses again from the checkpoint below its target (``CorridorEconomy/drawListedSeller(list:origin:uniform:)``),
/// the same numbers in the same order as the rebuild added them, so the same sums to the bit.
final class SupplierDirectories: @unchecked Sendable {
  let countryCount: Int
  /// Per list (destination, sector, channel ∈ {traditional, B2B}) and origin:
  /// `offsets[list·(n + 1) + o]..<offsets[list·(n + 1) + o + 1]` index ``firms``.
  var offsets: [Int]
  var firms: [Int32] = []
  /// Per list and origin, at `list·(n + 1) + o`: the total CES mass of the origin's sellers in
  /// the list (0 at o = n).
  var originMass: [Double] = []
  /// At k: the running sum of the masses, restarted at each (list, origin) range, before
  /// listing k·``checkpointStride`` (0 where that listing starts its range).
  var checkpoints: [Double] = []
  /// Listings between two checkpoints: a draw adds at most this many masses again.
  static let checkpointStride = 16
  /// The serving cut-offs the masses were computed at, indexed as
  /// ``CorridorEconomy/servingCutoff`` (which the environment moves right after the rebuild).
  var cutoffs: [Double] = []
  /// Per list: the CES mass it lists from every origin, the sum of its listings' masses
  /// (``listingMass(weight:power:massShare:adopted:)``).
  var listedMass: [Double] = []

  init(countryCount: Int) {
    self.countryCount = countryCount
    offsets = [Int](
      repeating: 0, count: countryCount * Sector.allCases.count * 2 * (countryCount + 1))
  }

  /// Total CES mass of the sellers from `origin` in the list.
  @inline(__always)
  func visibility(list: Int, origin: Int) -> Double {
    originMass[list * (countryCount + 1) + origin]
  }

  @inline(__always)
  func list(destination d: Int, sector s: Int, channel: Int) -> Int {
    (d * Sector.allCases.count + s) * 2 + channel
  }

  /// Sellers from `origin` in the list.
  @inline(__always)
  func range(list: Int, origin: Int) -> Range<Int> {
    let base = list * (countryCount + 1)
    return offsets[base + origin]..<offsets[base + origin + 1]
  }

  /// All sellers in the list.
  func count(list: Int) -> Int {
    let base = list * (countryCount + 1)
    return offsets[base + countryCount] - offsets[base]
  }
}

/// The CES mass of a listed seller: ((real firms × φ^(σ−1)) × share of its mass above the
/// cut-off) × adopted share (B2B; 1 for the traditional channel). One function for the
/// rebuild and the draw, so that both multiply in the same order.
@inline(__always)
func listingMass(weight: Double, power: Double, massShare: Double, adopted: Double) -> Double {
  weight * power * massShare * adopted
}

/// Per-month working storage of ``CorridorEconomy/rebuildDirectories(activeCompetitiveness:executor:)``,
/// kept between months so that a rebuild allocates nothing once the economy has settled.
final class DirectoryScratch: @unchecked Sendable {
  /// Per firm: real firms × (ex-works price)^(1−σ) and m^(σ−1) (congestion). The importers'
  /// searches read `multiplierPower` until the next rebuild
  /// (``CorridorEconomy/drawListedSeller(list:origin:uniform:)``).
  var exWorksPower: [Double] = []
  var multiplierPower: [Double] = []
  /// Sellers as bits over firms, one row per (channel, destination): row channel·n + d, word
  /// f / 64, bit f % 64. Reading a row's set bits gives its sellers in ascending firm order.
  var sellerBits: [UInt64] = []
  /// Per (destination, sector): B2C offers.
  var offerCellCounts: [Int] = []
  /// Per destination: its offers with a log power ratio r ≠ 0 or a mass share other than 1,
  /// their r and mass share (``OfferPools/ratioOffers``), before they are put end to end.
  var ratioOffers: [[Int32]] = []
  var ratioValues: [[Double]] = []
  var ratioMass: [[Double]] = []
}

/// Takes `storage`'s array out (leaving it empty, so the array is uniquely referenced and is
/// written in place) and resizes it to `count` elements, keeping its capacity; the caller
/// overwrites the contents and puts it back.
@inline(__always)
private func reclaim<Element>(_ storage: inout [Element], count: Int, filler: Element)
  -> [Element]
{
  var array: [Element] = []
  swap(&array, &storage)
  resize(&array, to: count, filler: filler)
  return array
}

/// Resizes `array` to `count` elements, keeping its storage while it is large enough (the
/// contents are overwritten by the caller). Storage too small is released before the new is
/// allocated, and nothing is copied: growing by appending would hold the old and the doubled
/// new storage at once, three times the directory's size at the peak. The new storage has a
/// 32nd to spare (3 % of the directory's memory), so that a directory growing slowly month by
/// month is reallocated every few months, not every month.
@inline(__always)
private func resize<Element>(_ array: inout [Element], to count: Int, filler: Element) {
  if array.count > count {
    array.removeLast(array.count - count)
  } else if array.count < count {
    if count > array.capacity {
      array = []
      array.reserveCapacity(count + count / 32)
    }
    array.append(contentsOf: repeatElement(filler, count: count - array.count))
  }
}

extension CorridorEconomy {
  /// `value(route)` for every route o·n + d, origins side by side.
  func routeTable(executor: ParallelExecutor, _ value: (_ route: Int) -> Double) -> [Double] {
    let n = countryCount
    return [Double](unsafeUninitializedCapacity: n * n) { table, count in
      executor.forEachPartition(n) { o in
        for route in (o * n)..<((o + 1) * n) {
          (table.baseAddress! + route).initialize(to: value(route))
        }
      }
      count = n * n
    }
  }

  /// A seller from `origin` in supplier list `list`, drawn with probability ∝ its CES mass
  /// from a uniform number u in [0, 1): the first listing whose running mass (restarted at the
  /// origin's range) exceeds u × the origin's total, as a binary search among stored running
  /// sums would find it. From the last checkpoint at or below the target
  /// (a binary search), the masses are added again as the rebuild added them, at the cut-offs
  /// and cost multipliers of the rebuild and the firms' columns, which nothing changes between
  /// the rebuild (environment) and the importers' search (only firms operate and relocate
  /// write them, after it): the same sums, to the bit.
  func drawListedSeller(list: Int, origin: Int, uniform u: Double) -> Int {
    let directories = supplierDirectories
    let sellers = directories.range(list: list, origin: origin)
    let target = u * directories.visibility(list: list, origin: origin)
    var (start, running) = lastCheckpoint(
      atOrBelow: target, in: directories.checkpoints,
      stride: SupplierDirectories.checkpointStride, range: sellers)
    let sectors = sectorCount
    let d = list / (2 * sectors)
    let s = (list / 2) % sectors
    let channel = list % 2
    let cutoff = directories.cutoffs[cutoffIndex(origin, d, s, channel)]
    let multiplierPower = directoryScratch.multiplierPower
    let firmIndices = directories.firms
    // The columns' storage, read without touching the column objects per listing.
    let weightFirms = firms.weightFirms.storage
    let productivityPower = firms.productivityPower.storage
    let adoptedShare = firms.adoptedShare.storage
    for slot in start..<sellers.upperBound {
      let f = Int(firmIndices[slot])
      let massShare = sharesAbove(f, cutoff: cutoff, multiplierPower: multiplierPower[f]).mass
      running += listingMass(
        weight: weightFirms[f], power: productivityPower[f], massShare: massShare,
        adopted: channel == 0 ? 1 : adoptedShare[2 * f])
      if running > target { return f }
    }
    // Having added every mass, the sum is the range's total, to the bit, unless a column the
    // masses come from changed after the rebuild (a phase-order rule this draw relies on).
    assert(
      running == directories.visibility(list: list, origin: origin),
      "a listed seller's mass changed between the directory rebuild and the search")
    // (Rounding can carry the target to the total: the last seller, as the binary search.)
    return Int(firmIndices[sellers.upperBound - 1])
  }

  /// Rebuilds the B2C offer pools and the supplier directories from firms' active markets,
  /// and accumulates Σ p^(1−σ) of active sellers per market for the entry cut-offs.
  ///
  /// A parallel pass over fixed ranges of firms (whole 64-firm words each) marks every seller
  /// in a bit row per (channel, destination); each destination's lists are then built from its
  /// rows alone, in parallel over destinations on `executor`: writes stay local, and every list
  /// and every market sum takes its sellers in ascending firm order, as a loop over firms would,
  /// so the numbers do not depend on the thread count. The arrays of last month's directories
  /// are reused.
  func rebuildDirectories(activeCompetitiveness: inout [Double], executor: ParallelExecutor) {
    let n = countryCount
    let sectors = sectorCount
    for index in activeCompetitiveness.indices { activeCompetitiveness[index] = 0 }
    let tariffs = policy.tariff
    // (p(1 + t))^(1−σ) = (ex-works price)^(1−σ) × (route factor)^(1−σ) × (1 + t)^(1−σ): one
    // power per firm, route and tariff a month instead of one per listing.
    let power = -sigmaMinusOne
    // What buyers pay on top of the delivered price (tariff, payment terms and transit for
    // wholesale buyers, parcel taxes for households), to the power 1 − σ
    // (``updateImportCostPowers(executor:)``), per (tariff index, channel).
    let importCostPower = importCostPower.storage
    let fee = parameters.traditionalIntermediaryFeeRate
    let freightCostShare = logistics.freightCostShare.storage
    let parcelCostShare = logistics.parcelCostShare.storage
    let traditionalRoutePower = routeTable(executor: executor) {
      Double.pow(1 + freightCostShare[$0] + fee, power)
    }
    let freightRoutePower = routeTable(executor: executor) {
      Double.pow(1 + freightCostShare[$0], power)
    }
    let parcelRoutePower = routeTable(executor: executor) {
      Double.pow(1 + parcelCostShare[$0], power)
    }
    let commissionPower = (0..<platforms.specs.count).map {
      Double.pow(1 - platforms.commissionRate[$0], -power)
    }
    let firmCount = firms.count
    let channels = Channel.allCases.count
    let b2c = Channel.b2cPlatform.rawValue
    let lists = n * sectors * 2
    let scratch = directoryScratch
    let wordsPerRow = (firmCount + 63) / 64
    let rows = channels * n
    let firmRanges = Swift.max(1, Swift.min(64, wordsPerRow))
    let wordsPerRange = (wordsPerRow + firmRanges - 1) / firmRanges

    // Per firm: powers and logs, and its seller bits (each range owns whole words of every
    // row, so ranges never write the same word).
    resize(&scratch.exWorksPower, to: firmCount, filler: 0)
    resize(&scratch.multiplierPower, to: firmCount, filler: 0)
    resize(&scratch.sellerBits, to: rows * wordsPerRow, filler: 0)
    // The columns' storage, read directly in the loops below.
    let firmSector = firms.sector.storage
    let firmCountry = firms.country.storage
    let weightFirms = firms.weightFirms.storage
    let productivityPower = firms.productivityPower.storage
    let b2bPlatform = firms.b2bPlatform.storage
    let b2cPlatform = firms.b2cPlatform.storage
    let adoptedShare = firms.adoptedShare.storage
    let adoption = firms.adoption.storage
    let marketBits = firms.marketBits.storage
    let cutoffs = servingCutoff.storage
    let strata = firmSizeStrata
    let stratumColumns = firms.stratumColumns
    // Each destination's partition writes the rows of its own markets only.
    let competitivenessByOrigin = marketCompetitivenessByOrigin.storage
    /// ``sharesAbove(_:cutoff:multiplierPower:)`` with the cut-off read from its storage.
    @inline(__always)
    func servingShares(_ f: Int, cutoffIndex index: Int, multiplierPower: Double) -> (
      firms: Double, mass: Double
    ) {
      strata.sharesAbove(threshold: cutoffs[index] * multiplierPower, of: stratumColumns.bounds(f))
    }
    let wordsPerChannel = FirmPopulation.wordsPerChannel
    let pools = offerPools
    var sellerOrigin = reclaim(&pools.sellerOrigin, count: firmCount, filler: 0)
    var sellerPlatform = reclaim(&pools.sellerPlatform, count: firmCount, filler: 0)
    var sellerLogExWorks = reclaim(&pools.sellerLogExWorks, count: firmCount, filler: 0)
    var logProductivityPower = reclaim(
      &pools.sellerLogProductivityPower, count: firmCount, filler: 0)
    var sellerQuality = reclaim(&pools.sellerQuality, count: firmCount, filler: 0)
    var sellerMass = reclaim(&pools.sellerMass, count: firmCount, filler: 0)
    let platformWeight = parameters.platformWeightInOfferQuality
    let qualityOfPlatform = platforms.reputation.map { platformWeight * $0 }
    let reputation = firms.reputation.storage
    scratch.exWorksPower.withUnsafeMutableBufferPointer { exWorksPower in
      scratch.multiplierPower.withUnsafeMutableBufferPointer { multiplierPower in
        sellerLogExWorks.withUnsafeMutableBufferPointer { sellerLogExWorks in
          logProductivityPower.withUnsafeMutableBufferPointer { logProductivityPower in
            scratch.sellerBits.withUnsafeMutableBufferPointer { sellerBits in
              sellerOrigin.withUnsafeMutableBufferPointer { sellerOrigin in
                sellerPlatform.withUnsafeMutableBufferPointer { sellerPlatform in
                  sellerQuality.withUnsafeMutableBufferPointer { sellerQuality in
                    sellerMass.withUnsafeMutableBufferPointer { sellerMass in
                      executor.forEachPartition(firmRanges) { r in
                        let words =
                          Swift.min(
                            wordsPerRow, r * wordsPerRange)..<Swift.min(
                            wordsPerRow, (r + 1) * wordsPerRange)
                        for row in 0..<rows {
                          for w in words { sellerBits[row * wordsPerRow + w] = 0 }
                        }
                        // The last ranges may hold no firm (more ranges than 64-firm words
                        // left): their words start past the last firm.
                        let firstFirm = Swift.min(firmCount, words.lowerBound * 64)
                        for f in firstFirm..<Swift.min(firmCount, words.upperBound * 64) {
                          let exWorks = exWorksExportPrice(f)
                          exWorksPower[f] = weightFirms[f] * Double.pow(exWorks, power)
                          multiplierPower[f] = Double.pow(firms.costMultiplier[f], sigmaMinusOne)
                          let bit = UInt64(1) << UInt64(f & 63)
                          for channel in 0..<channels {
                            let sells =
                              channel == 0
                              || (channel == 1
                                ? adoption[f] & 1 != 0 && b2bPlatform[f] >= 0
                                : adoption[f] & 2 != 0 && b2cPlatform[f] >= 0)
                            guard sells else { continue }
                            if channel == b2c {
                              sellerLogExWorks[f] = Double.log(exWorks)
                              logProductivityPower[f] = Double.log(productivityPower[f])
                              let platform = Int(b2cPlatform[f])
                              sellerOrigin[f] = firmCountry[f]
                              sellerPlatform[f] = Int8(platform)
                              sellerQuality[f] =
                                qualityOfPlatform[platform] + (1 - platformWeight) * reputation[f]
                              sellerMass[f] =
                                weightFirms[f] * productivityPower[f] * adoptedShare[2 * f + 1]
                            }
                            let base = (f * channels + channel) * wordsPerChannel
                            for word in 0..<wordsPerChannel {
                              var markets = marketBits[base + word]
                              while markets != 0 {
                                let d = word << 6 | markets.trailingZeroBitCount
                                markets &= markets &- 1
                                guard d < n else { break }
                                sellerBits[(channel * n + d) * wordsPerRow + (f >> 6)] |= bit
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    let exWorksPower = scratch.exWorksPower
    let multiplierPower = scratch.multiplierPower
    let sellerBits = scratch.sellerBits
    /// Calls `body` with each seller of bit row `row`, in ascending firm order.
    @inline(__always)
    func forEachSeller(row: Int, _ body: (_ firm: Int) -> Void) {
      let first = row * wordsPerRow
      for w in 0..<wordsPerRow {
        var word = sellerBits[first + w]
        while word != 0 {
          body(w << 6 | word.trailingZeroBitCount)
          word &= word &- 1
        }
      }
    }
    func sellerCount(row: Int) -> Int {
      var count = 0
      for w in 0..<wordsPerRow { count += sellerBits[row * wordsPerRow + w].nonzeroBitCount }
      return count
    }

    // Supplier directories (traditional = list channel 0, B2B = 1), grouped by origin: the
    // lists of destination d start after those of all earlier destinations.
    var directoryStart = [Int](repeating: 0, count: n + 1)
    for d in 0..<n {
      directoryStart[d + 1] = directoryStart[d] + sellerCount(row: d) + sellerCount(row: n + d)
    }
    // Destinations by their listings and offers, most first: a destination's work in the
    // fan-outs below grows with them, and the largest ones taken first leave no thread
    // waiting for a late giant.
    let b2cSellers = (0..<n).map { sellerCount(row: b2c * n + $0) }
    let destinationsByWork = (0..<n).sorted {
      let work0 = directoryStart[$0 + 1] - directoryStart[$0] + b2cSellers[$0]
      let work1 = directoryStart[$1 + 1] - directoryStart[$1] + b2cSellers[$1]
      return work0 != work1 ? work0 > work1 : $0 < $1
    }
    let position = directoryStart[n]
    let directories = supplierDirectories
    var directoryOffsets = reclaim(&directories.offsets, count: lists * (n + 1), filler: 0)
    var listedFirms = reclaim(&directories.firms, count: position, filler: 0)
    let checkpointStride = SupplierDirectories.checkpointStride
    var checkpoints = reclaim(
      &directories.checkpoints, count: (position + checkpointStride - 1) / checkpointStride,
      filler: 0)
    var originMass = reclaim(&directories.originMass, count: lists * (n + 1), filler: 0)
    var listedMass = reclaim(&directories.listedMass, count: lists, filler: 0)
    var directoryCutoffs = reclaim(&directories.cutoffs, count: cutoffs.count, filler: 0)
    _ = directoryCutoffs.withUnsafeMutableBufferPointer { $0.update(fromContentsOf: cutoffs) }
    resize(&scratch.offerCellCounts, to: n * sectors, filler: 0)
    let listsPerDestination = sectors * 2
    directoryOffsets.withUnsafeMutableBufferPointer { directoryOffsets in
      listedFirms.withUnsafeMutableBufferPointer { listedFirms in
        checkpoints.withUnsafeMutableBufferPointer { checkpoints in
          originMass.withUnsafeMutableBufferPointer { originMass in
            listedMass.withUnsafeMutableBufferPointer { listedMass in
              activeCompetitiveness.withUnsafeMutableBufferPointer { competitiveness in
                scratch.offerCellCounts.withUnsafeMutableBufferPointer { offerCellCounts in
                  executor.forEachPartition(inOrder: destinationsByWork) { d in
                    let block = d * listsPerDestination * (n + 1)
                    let blockSize = listsPerDestination * (n + 1)
                    // Counts and sums go to locals first and are stored once: the slots of
                    // neighbouring destinations share cache lines, and two threads adding to
                    // them seller by seller would pass the lines back and forth.
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: sectors) { counts in
                      counts.initialize(repeating: 0)
                      forEachSeller(row: b2c * n + d) { f in counts[Int(firmSector[f])] += 1 }
                      for s in 0..<sectors { offerCellCounts[d * sectors + s] = counts[s] }
                    }
                    // Sellers per (sector, channel, origin), then offsets.
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: blockSize) { cursor in
                      cursor.initialize(repeating: 0)
                      for channel in 0..<2 {
                        forEachSeller(row: channel * n + d) { f in
                          cursor[
                            (Int(firmSector[f]) * 2 + channel) * (n + 1) + Int(firmCountry[f])] +=
                            1
                        }
                      }
                      var next = directoryStart[d]
                      for list in 0..<listsPerDestination {
                        for o in 0...n {
                          let local = list * (n + 1) + o
                          let count = o < n ? cursor[local] : 0
                          directoryOffsets[block + local] = next
                          cursor[local] = next
                          next += count
                        }
                      }
                      // Sellers into their slots (ascending firm order within each), and the
                      // markets' competitiveness sums, in total and by origin.
                      for s in 0..<sectors {
                        for channel in 0..<2 {
                          let first = marketIndex(d, s, channel) * n
                          competitivenessByOrigin[first..<(first + n)].update(repeating: 0)
                        }
                      }
                      // The markets' sums (zero before the first seller) and the running sums of
                      // the listings' masses per (list, origin), stored at the end.
                      withUnsafeTemporaryAllocation(
                        of: Double.self, capacity: sectors * 2 + blockSize
                      ) { sums in
                        sums.initialize(repeating: 0)
                        let marketSums = UnsafeMutableBufferPointer(
                          rebasing: sums[0..<(sectors * 2)])
                        let running = UnsafeMutableBufferPointer(rebasing: sums[(sectors * 2)...])
                        for channel in 0..<2 {
                          let routePower = channel == 0 ? traditionalRoutePower : freightRoutePower
                          forEachSeller(row: channel * n + d) { f in
                            let s = Int(firmSector[f])
                            let o = Int(firmCountry[f])
                            let local = (s * 2 + channel) * (n + 1) + o
                            let massShare =
                              servingShares(
                                f, cutoffIndex: cutoffIndex(o, d, s, channel),
                                multiplierPower: multiplierPower[f]
                              ).mass
                            let slot = cursor[local]
                            listedFirms[slot] = Int32(f)
                            if slot % checkpointStride == 0 {
                              checkpoints[slot / checkpointStride] = running[local]
                            }
                            running[local] += listingMass(
                              weight: weightFirms[f], power: productivityPower[f],
                              massShare: massShare, adopted: channel == 0 ? 1 : adoptedShare[2 * f])
                            cursor[local] += 1
                            let firmPower =
                              channel == 0
                              ? exWorksPower[f] * massShare
                              : exWorksPower[f] * massShare * adoptedShare[2 * f]
                                * commissionPower[Int(b2bPlatform[f])]
                            let delivered =
                              firmPower * routePower[route(o, d)]
                              * importCostPower[
                                3 * policy.tariffIndex(importer: d, exporter: o, sector: s)
                                  + channel]
                            marketSums[s * 2 + channel] += delivered
                            competitivenessByOrigin[marketIndex(d, s, channel) * n + o] += delivered
                          }
                        }
                        for s in 0..<sectors {
                          for channel in 0..<2 {
                            competitiveness[marketIndex(d, s, channel)] =
                              marketSums[s * 2 + channel]
                          }
                        }
                        // Each (list, origin)'s total mass, and each list's, origins in order.
                        for list in 0..<listsPerDestination {
                          listedMass[d * listsPerDestination + list] = 0
                        }
                        for local in 0..<blockSize {
                          originMass[block + local] = running[local]
                          if local % (n + 1) != n {
                            listedMass[d * listsPerDestination + local / (n + 1)] += running[local]
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    directories.offsets = directoryOffsets
    directories.firms = listedFirms
    directories.checkpoints = checkpoints
    directories.originMass = originMass
    directories.cutoffs = directoryCutoffs
    directories.listedMass = listedMass

    // B2C offer pools, cell by cell, in parallel over destinations (a destination's cells and
    // markets are its own): running sums of visibility, size corrections relative to the
    // cell's mean, and the B2C competitiveness sums. The offers' features come from the
    // per-firm, route and platform terms at the moment a consumer looks.
    var offsets = pools.offsets
    resize(&offsets, to: n * sectors + 1, filler: 0)
    offsets[0] = 0
    for cellIndex in 0..<(n * sectors) {
      offsets[cellIndex + 1] = offsets[cellIndex] + scratch.offerCellCounts[cellIndex]
    }
    let total = offsets[n * sectors]
    var offerFirm = reclaim(&pools.firm, count: total, filler: 0)
    let offerStride = OfferPools.checkpointStride
    var offerCheckpoints = reclaim(
      &pools.checkpoints, count: (total + offerStride - 1) / offerStride, filler: 0)
    var cellMass = reclaim(&pools.cellMass, count: n * sectors, filler: 0)
    precondition(total <= Int(Int32.max), "offer pools number their offers with 32-bit integers")
    if scratch.ratioOffers.count != n {
      scratch.ratioOffers = Array(repeating: [], count: n)
      scratch.ratioValues = Array(repeating: [], count: n)
      scratch.ratioMass = Array(repeating: [], count: n)
    }
    let offerSellerMass = sellerMass
    var logRealFirms = reclaim(&pools.logRealFirms, count: n * sectors, filler: 0)
    var logMeanPowers = reclaim(&pools.logMeanPower, count: n * sectors, filler: 0)
    let inverseSigmaMinusOne = 1 / sigmaMinusOne
    let cellOffsets = offsets
    offerFirm.withUnsafeMutableBufferPointer { offerFirm in
      offerCheckpoints.withUnsafeMutableBufferPointer { offerCheckpoints in
        cellMass.withUnsafeMutableBufferPointer { cellMass in
          scratch.ratioOffers.withUnsafeMutableBufferPointer { ratioOffers in
            scratch.ratioValues.withUnsafeMutableBufferPointer { ratioValues in
              scratch.ratioMass.withUnsafeMutableBufferPointer { ratioMass in
                logMeanPowers.withUnsafeMutableBufferPointer { logMeanPowers in
                  logRealFirms.withUnsafeMutableBufferPointer { logRealFirms in
                    activeCompetitiveness.withUnsafeMutableBufferPointer { competitiveness in
                      executor.forEachPartition(inOrder: destinationsByWork) { d in
                        ratioOffers[d].removeAll(keepingCapacity: true)
                        ratioValues[d].removeAll(keepingCapacity: true)
                        ratioMass[d].removeAll(keepingCapacity: true)
                        withUnsafeTemporaryAllocation(of: Int.self, capacity: sectors) {
                          slotCursor in
                          for s in 0..<sectors { slotCursor[s] = cellOffsets[d * sectors + s] }
                          forEachSeller(row: b2c * n + d) { f in
                            let s = Int(firmSector[f])
                            offerFirm[slotCursor[s]] = Int32(f)
                            slotCursor[s] += 1
                          }
                        }
                        for s in 0..<sectors {
                          let cellIndex = d * sectors + s
                          let start = cellOffsets[cellIndex]
                          let end = cellOffsets[cellIndex + 1]
                          let market = marketIndex(d, s, b2c)
                          competitivenessByOrigin[(market * n)..<(market * n + n)].update(
                            repeating: 0)
                          cellMass[cellIndex] = 0
                          guard start < end else { continue }
                          var cumulative = 0.0
                          var realFirms = 0.0
                          var marketSum = 0.0
                          for slot in start..<end {
                            let f = Int(offerFirm[slot])
                            let o = Int(firmCountry[f])
                            let adopted = adoptedShare[2 * f + 1]
                            let shares = servingShares(
                              f, cutoffIndex: cutoffIndex(o, d, s, b2c),
                              multiplierPower: multiplierPower[f]
                            )
                            if slot % offerStride == 0 {
                              offerCheckpoints[slot / offerStride] = cumulative
                            }
                            cumulative += offerSellerMass[f] * shares.mass
                            realFirms += weightFirms[f] * adopted * shares.firms
                            // log of the serving firms' mean φ^(σ−1), made relative to the cell's mean
                            // below (an offer no firm serves is never featured).
                            let ratio =
                              shares.firms == 1 && shares.mass == 1
                              ? 0 : shares.firms > 0 ? Double.log(shares.mass / shares.firms) : .nan
                            if !(ratio == 0) || shares.mass != 1 {
                              ratioOffers[d].append(Int32(truncatingIfNeeded: slot))
                              ratioValues[d].append(ratio)
                              ratioMass[d].append(shares.mass)
                            }
                            let delivered =
                              exWorksPower[f] * adopted * shares.mass
                              * commissionPower[Int(b2cPlatform[f])] * parcelRoutePower[route(o, d)]
                              * importCostPower[
                                3 * policy.tariffIndex(importer: d, exporter: o, sector: s) + b2c]
                            marketSum += delivered
                            competitivenessByOrigin[market * n + o] += delivered
                          }
                          competitiveness[market] = marketSum
                          cellMass[cellIndex] = cumulative
                          let logMeanPower = Double.log(cumulative / realFirms)
                          // A pool whose offers no firm serves is never shown (``poolCount`` > 0 only
                          // matters with real firms behind it).
                          logRealFirms[cellIndex] = realFirms > 0 ? Double.log(realFirms) : 0
                          logMeanPowers[cellIndex] = logMeanPower
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    pools.offsets = offsets
    pools.logRealFirms = logRealFirms
    pools.firm = offerFirm
    pools.checkpoints = offerCheckpoints
    pools.cellMass = cellMass
    // The destinations' offers with r ≠ 0 or a mass share other than 1, end to end (in
    // ascending offer order, as the destinations' offers are).
    var ratioOffers = pools.ratioOffers
    var ratioValues = pools.ratioValues
    var ratioMass = pools.ratioMass
    var ratioStart = pools.ratioStart
    var ratioFlags = pools.ratioFlags
    pools.ratioOffers = []
    pools.ratioValues = []
    pools.ratioMass = []
    pools.ratioStart = []
    pools.ratioFlags = []
    resize(&ratioFlags, to: (total + 63) / 64, filler: 0)
    for word in ratioFlags.indices { ratioFlags[word] = 0 }
    ratioOffers.removeAll(keepingCapacity: true)
    ratioValues.removeAll(keepingCapacity: true)
    ratioMass.removeAll(keepingCapacity: true)
    ratioStart.removeAll(keepingCapacity: true)
    ratioStart.append(0)
    for d in 0..<n {
      ratioOffers.append(contentsOf: scratch.ratioOffers[d])
      ratioValues.append(contentsOf: scratch.ratioValues[d])
      ratioMass.append(contentsOf: scratch.ratioMass[d])
      ratioStart.append(ratioOffers.count)
    }
    for offer in ratioOffers { ratioFlags[Int(offer) >> 6] |= 1 << UInt64(offer & 63) }
    pools.ratioOffers = ratioOffers
    pools.ratioValues = ratioValues
    pools.ratioMass = ratioMass
    pools.ratioStart = ratioStart
    pools.ratioFlags = ratioFlags
    pools.logMeanPower = logMeanPowers
    pools.inverseSigmaMinusOne = inverseSigmaMinusOne
    pools.sellerOrigin = sellerOrigin
    pools.sellerPlatform = sellerPlatform
    pools.sellerLogExWorks = sellerLogExWorks
    pools.sellerLogProductivityPower = logProductivityPower
    pools.sellerQuality = sellerQuality
    pools.sellerMass = sellerMass
    pools.routeParcelCostCNY = logistics.parcelCostCNY.values
    pools.routeParcelDays = logistics.parcelDays.values
    pools.routeLossProbability = logistics.parcelLossProbability.values
    pools.platformLogCommission = platforms.commissionRate.map { -Double.log(onePlus: -$0) }
    pools.platformPartnership = platforms.specs.map(\.logisticsPartnership)
    let platformCount = platforms.specs.count
    pools.fraudProbability = (0..<(n * platformCount)).map { index in
      let d = index / platformCount
      let security = platforms.effectiveSecurity(
        index % platformCount, floor: policy.paymentSecurityFloor[d])
      return crossBorderFraudProbability(security: security, origin: nil)
    }
    pools.sellerFraudUndeterred = (0..<n).map { o in
      1 - parameters.fraudDeterrencePerEnforcement * enforcement[o]
    }
    pools.tariff = tariffs.values
  }

  /// Probability that a cross-border B2C order is fraudulent: the base rate, cut by the
  /// platform's effective payment security in the buyer's country (fraud detection, escrow)
  /// and by the seller's jurisdiction (deterrence: `fraud_deterrence_per_enforcement` ×
  /// the enforcement of the seller's country `origin`; nil leaves it out). The buyer's courts
  /// cannot reach a seller abroad.
  @inline(__always)
  func crossBorderFraudProbability(security: Double, origin o: Int?) -> Double {
    parameters.crossBorderFraudProbability * (1 - security)
      * (o.map { 1 - parameters.fraudDeterrencePerEnforcement * enforcement[$0] } ?? 1)
  }
}
