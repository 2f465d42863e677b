/// B2C offers visible to consumers of each (destination, sector), rebuilt every month from the
/// firms' active B2C markets: the "shelf" platforms show. Each offer carries the features of
/// consumer utility.
final class OfferPools: @unchecked Sendable {
  let countryCount: Int
  /// `offsets[cell]..<offsets[cell + 1]` are the offers of cell = destination·S + sector.
  var offsets: [Int]
  var firm: [Int32] = []
  var origin: [Int32] = []
  var platform: [Int8] = []
  /// log of the delivered price before taxes, CNY per unit.
  var logPrice: [Double] = []
  /// Expected delivery days.
  var days: [Double] = []
  /// Probability of fraud or loss.
  var fraudProbability: [Double] = []
  var lossProbability: [Double] = []
  /// Offer quality (platform and seller reputation), 0–1.
  var quality: [Double] = []
  /// Tariff on the goods (added to VAT when a parcel is dutiable).
  var tariffRate: [Double] = []
  /// Running sum of the offers' CES mass (real firms × φ^(σ−1)) within their cell: platforms
  /// feature an offer with probability ∝ its mass.
  var cumulativeVisibility: [Double] = []
  /// log(φ^(σ−1) / the cell's mean φ^(σ−1) per real firm) of each offer: subtracted from its
  /// utility, the correction for sampling alternatives in proportion to size (McFadden 1978),
  /// so that the expected choice is that over offers of real firms drawn alike.
  var sizeCorrection: [Double] = []

  init(countryCount: Int) {
    self.countryCount = countryCount
    offsets = [Int](repeating: 0, count: countryCount * Sector.allCases.count + 1)
  }

  /// The offers as plain arrays, for a partition to read without touching this object again.
  var view: OfferView {
    OfferView(
      offsets: offsets, firm: firm, origin: origin, platform: platform, logPrice: logPrice,
      days: days,
      fraudProbability: fraudProbability, lossProbability: lossProbability, quality: quality,
      tariffRate: tariffRate, cumulativeVisibility: cumulativeVisibility,
      sizeCorrection: sizeCorrection)
  }

  func count(destination d: Int, sector s: Int) -> Int {
    let cell = d * Sector.allCases.count + s
    return offsets[cell + 1] - offsets[cell]
  }

  func removeAll() {
    firm.removeAll(keepingCapacity: true)
    origin.removeAll(keepingCapacity: true)
    platform.removeAll(keepingCapacity: true)
    logPrice.removeAll(keepingCapacity: true)
    days.removeAll(keepingCapacity: true)
    fraudProbability.removeAll(keepingCapacity: true)
    lossProbability.removeAll(keepingCapacity: true)
    quality.removeAll(keepingCapacity: true)
    tariffRate.removeAll(keepingCapacity: true)
    cumulativeVisibility.removeAll(keepingCapacity: true)
    sizeCorrection.removeAll(keepingCapacity: true)
  }
}

/// A read-only snapshot of the offer pools (the arrays are shared, not copied).
struct OfferView {
  let offsets: [Int]
  let firm: [Int32]
  let origin: [Int32]
  let platform: [Int8]
  let logPrice: [Double]
  let days: [Double]
  let fraudProbability: [Double]
  let lossProbability: [Double]
  let quality: [Double]
  let tariffRate: [Double]
  let cumulativeVisibility: [Double]
  let sizeCorrection: [Double]

  /// An offer of the pool `start..<end` drawn with probability ∝ its mass, from a uniform
  /// number u in [0, 1).
  @inline(__always)
  func visibleOffer(start: Int, end: Int, uniform u: Double) -> Int {
    drawCumulative(cumulativeVisibility, start: start, end: end, uniform: u)
  }
}

/// Turns `values[range]` into its running sum, restarted at the range's start (the layout
/// ``drawCumulative(_:start:end:uniform:)`` reads).
func accumulate(_ values: inout [Double], over range: Range<Int>) {
  guard range.count > 1 else { return }
  for index in (range.lowerBound + 1)..<range.upperBound { values[index] += values[index - 1] }
}

/// The index in `start..<end` where the running sum `cumulative` (restarted at `start`) first
/// exceeds u·total: a draw with probability ∝ each entry's increment (entries with zero
/// increment are never drawn).
@inline(__always)
func drawCumulative(_ cumulative: [Double], start: Int, end: Int, uniform u: Double) -> Int {
  let target = u * cumulative[end - 1]
  var low = start
  var high = end - 1
  while low < high {
    let middle = (low + high) / 2
    if cumulative[middle] > target { high = middle } else { low = middle + 1 }
  }
  return low
}

/// Firms selling through traditional channels and B2B platforms, per (destination, sector,
/// channel) and grouped by origin, with their visibility, for importers' supplier search.
/// Rebuilt every month.
final class SupplierDirectories: @unchecked Sendable {
  let countryCount: Int
  /// Per list (destination, sector, channel ∈ {traditional, B2B}) and origin:
  /// `offsets[list·(n + 1) + o]..<offsets[list·(n + 1) + o + 1]` index ``firms``.
  var offsets: [Int]
  var firms: [Int32] = []
  /// Running sum of the sellers' CES mass (real firms × φ^(σ−1)), restarted at each (list,
  /// origin) range: a seller is found with probability ∝ its mass.
  var cumulativeVisibility: [Double] = []
  /// Real firms listed per (list, origin), laid out as ``offsets``.
  var realSellers: [Double] = []

  init(countryCount: Int) {
    self.countryCount = countryCount
    offsets = [Int](
      repeating: 0, count: countryCount * Sector.allCases.count * 2 * (countryCount + 1))
  }

  /// Total CES mass of the sellers from `origin` in the list.
  @inline(__always)
  func visibility(list: Int, origin: Int) -> Double {
    let sellers = range(list: list, origin: origin)
    return sellers.isEmpty ? 0 : cumulativeVisibility[sellers.upperBound - 1]
  }

  /// Real firms from `origin` listed in the list.
  @inline(__always)
  func listedFirms(list: Int, origin: Int) -> Double {
    realSellers[list * (countryCount + 1) + origin]
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

extension CorridorEconomy {
  /// Rebuilds the B2C offer pools and the supplier directories from firms' active markets,
  /// and accumulates Σ p^(1−σ) of active sellers per market for the entry cut-offs.
  func rebuildDirectories(activeCompetitiveness: inout [Double]) {
    let n = countryCount
    let sectors = sectorCount
    for index in activeCompetitiveness.indices { activeCompetitiveness[index] = 0 }
    let tariffs = policy.tariff
    // (p(1 + t))^(1−σ) = (ex-works price)^(1−σ) × (route factor)^(1−σ) × (1 + t)^(1−σ): one
    // power per firm, route and tariff a month instead of one per listing.
    let power = -sigmaMinusOne
    let tariffPower = tariffs.map { Double.pow(1 + $0, power) }
    let fee = parameters.traditionalIntermediaryFeeRate
    let traditionalRoutePower = logistics.freightCostShare.map { Double.pow(1 + $0 + fee, power) }
    let freightRoutePower = logistics.freightCostShare.map { Double.pow(1 + $0, power) }
    let parcelRoutePower = logistics.parcelCostShare.map { Double.pow(1 + $0, power) }
    let commissionPower = (0..<platforms.specs.count).map {
      Double.pow(1 - platforms.commissionRate[$0], -power)
    }
    // B2C offer pools: count per cell, then fill.
    offerPools.removeAll()
    var cellCounts = [Int](repeating: 0, count: n * sectors)
    for f in 0..<firms.count where firms.adoption[f] & 2 != 0 && firms.b2cPlatform[f] >= 0 {
      let s = Int(firms.sector[f])
      for d in 0..<n where firms.isActive(f, destination: d, channel: Channel.b2cPlatform.rawValue)
      {
        cellCounts[d * sectors + s] += 1
      }
    }
    var offsets = [0]
    for count in cellCounts { offsets.append(offsets.last! + count) }
    offerPools.offsets = offsets
    let total = offsets.last!
    offerPools.firm = [Int32](repeating: 0, count: total)
    offerPools.origin = [Int32](repeating: 0, count: total)
    offerPools.platform = [Int8](repeating: 0, count: total)
    offerPools.logPrice = [Double](repeating: 0, count: total)
    offerPools.days = [Double](repeating: 0, count: total)
    offerPools.fraudProbability = [Double](repeating: 0, count: total)
    offerPools.lossProbability = [Double](repeating: 0, count: total)
    offerPools.quality = [Double](repeating: 0, count: total)
    offerPools.tariffRate = [Double](repeating: 0, count: total)
    // Local arrays, assigned once: a class's array property written element by element pays
    // an exclusivity check per access.
    var offerVisibility = [Double](repeating: 0, count: total)
    var sizeCorrection = [Double](repeating: 0, count: total)
    var poolRealFirms = [Double](repeating: 0, count: n * sectors)
    var cursor = Array(offsets.dropLast())
    for f in 0..<firms.count where firms.adoption[f] & 2 != 0 && firms.b2cPlatform[f] >= 0 {
      let s = Int(firms.sector[f])
      let o = Int(firms.country[f])
      let platform = Int(firms.b2cPlatform[f])
      let visibility = sellerVisibility(f)
      let logPower = Double.log(firms.productivityPower[f])
      let firmPower =
        firms.weightFirms[f] * Double.pow(exWorksExportPrice(f), power) * commissionPower[platform]
      for d in 0..<n where firms.isActive(f, destination: d, channel: Channel.b2cPlatform.rawValue)
      {
        let slot = cursor[d * sectors + s]
        cursor[d * sectors + s] += 1
        let price = deliveredPrice(f, destination: d, channel: .b2cPlatform)
        let security = platforms.effectiveSecurity(platform, floor: policy.paymentSecurityFloor[d])
        offerPools.firm[slot] = Int32(f)
        offerPools.origin[slot] = Int32(o)
        offerPools.platform[slot] = Int8(platform)
        offerPools.logPrice[slot] = Double.log(price)
        offerPools.days[slot] =
          logistics.parcelDays[route(o, d)] * (1 - platforms.specs[platform].logisticsPartnership)
        offerPools.fraudProbability[slot] = crossBorderFraudProbability(
          security: security, destination: d)
        offerPools.lossProbability[slot] = logistics.parcelLossProbability[route(o, d)]
        offerPools.quality[slot] = 0.5 * platforms.reputation[platform] + 0.5 * firms.reputation[f]
        let tariffIndex = policy.tariffIndex(importer: d, exporter: o, sector: s)
        offerPools.tariffRate[slot] = tariffs[tariffIndex]
        offerVisibility[slot] = visibility
        sizeCorrection[slot] = logPower
        poolRealFirms[d * sectors + s] += firms.weightFirms[f]
        activeCompetitiveness[marketIndex(d, s, Channel.b2cPlatform.rawValue)] +=
          firmPower * parcelRoutePower[route(o, d)] * tariffPower[tariffIndex]
      }
    }
    // Running sums within each cell, and corrections relative to the cell's mean.
    for cellIndex in 0..<(n * sectors) where offsets[cellIndex] < offsets[cellIndex + 1] {
      accumulate(&offerVisibility, over: offsets[cellIndex]..<offsets[cellIndex + 1])
      let logMeanPower = Double.log(
        offerVisibility[offsets[cellIndex + 1] - 1] / poolRealFirms[cellIndex])
      for slot in offsets[cellIndex]..<offsets[cellIndex + 1] {
        sizeCorrection[slot] -= logMeanPower
      }
    }
    offerPools.cumulativeVisibility = offerVisibility
    offerPools.sizeCorrection = sizeCorrection

    // Supplier directories (traditional = list channel 0, B2B = 1), grouped by origin.
    let lists = n * sectors * 2
    var counts = [Int](repeating: 0, count: lists * (n + 1))
    for f in 0..<firms.count {
      let s = Int(firms.sector[f])
      let o = Int(firms.country[f])
      for channel in 0..<2
      where channel == 0 || (firms.adoption[f] & 1 != 0 && firms.b2bPlatform[f] >= 0) {
        for d in 0..<n where firms.isActive(f, destination: d, channel: channel) {
          counts[
            supplierDirectories.list(destination: d, sector: s, channel: channel) * (n + 1) + o] +=
            1
        }
      }
    }
    // Prefix sums within each list over origins, lists laid out one after another.
    var position = 0
    var directoryOffsets = [Int](repeating: 0, count: lists * (n + 1))
    for list in 0..<lists {
      for o in 0..<n {
        directoryOffsets[list * (n + 1) + o] = position
        position += counts[list * (n + 1) + o]
      }
      directoryOffsets[list * (n + 1) + n] = position
    }
    supplierDirectories.offsets = directoryOffsets
    var sellerVisibilities = [Double](repeating: 0, count: position)
    var listedFirms = [Int32](repeating: 0, count: position)
    var realSellers = [Double](repeating: 0, count: lists * (n + 1))
    var fill = directoryOffsets
    for f in 0..<firms.count {
      let s = Int(firms.sector[f])
      let o = Int(firms.country[f])
      let visibility = sellerVisibility(f)
      let exWorksPower = firms.weightFirms[f] * Double.pow(exWorksExportPrice(f), power)
      for channel in 0..<2
      where channel == 0 || (firms.adoption[f] & 1 != 0 && firms.b2bPlatform[f] >= 0) {
        let firmPower =
          channel == 0 ? exWorksPower : exWorksPower * commissionPower[Int(firms.b2bPlatform[f])]
        let routePower = channel == 0 ? traditionalRoutePower : freightRoutePower
        for d in 0..<n where firms.isActive(f, destination: d, channel: channel) {
          let index =
            supplierDirectories.list(destination: d, sector: s, channel: channel) * (n + 1) + o
          listedFirms[fill[index]] = Int32(f)
          sellerVisibilities[fill[index]] = visibility
          realSellers[index] += firms.weightFirms[f]
          fill[index] += 1
          activeCompetitiveness[marketIndex(d, s, channel)] +=
            firmPower * routePower[route(o, d)]
            * tariffPower[policy.tariffIndex(importer: d, exporter: o, sector: s)]
        }
      }
    }
    for list in 0..<lists {
      for origin in 0..<n {
        accumulate(
          &sellerVisibilities,
          over: directoryOffsets[
            list * (n + 1) + origin]..<directoryOffsets[
              list * (n + 1) + origin + 1])
      }
    }
    supplierDirectories.firms = listedFirms
    supplierDirectories.cumulativeVisibility = sellerVisibilities
    supplierDirectories.realSellers = realSellers
  }

  /// How likely buyers are to find agent `f` (in supplier search, on a B2C shelf): its CES
  /// mass, real firms × φ^(σ−1). Large firms are found more often, in proportion to their
  /// size; buyers' choices then correct for it (``OfferPools/sizeCorrection``,
  /// ``ImporterPopulation/supplierPriceFactor``), so that what a buyer spends on a link does
  /// not hinge on whether it found a giant: the number of buyers, not the spending per buyer,
  /// carries a firm's size, and a few lucky links cannot move a country's trade.
  @inline(__always)
  func sellerVisibility(_ f: Int) -> Double {
    firms.weightFirms[f] * firms.productivityPower[f]
  }

  /// Probability that a cross-border B2C order is fraudulent: the base rate, cut by the
  /// platform's effective payment security (fraud detection) and by half of the destination's
  /// legal enforcement (deterrence).
  @inline(__always)
  func crossBorderFraudProbability(security: Double, destination d: Int) -> Double {
    parameters.crossBorderFraudProbability * (1 - security) * (1 - 0.5 * enforcement[d])
  }
}
