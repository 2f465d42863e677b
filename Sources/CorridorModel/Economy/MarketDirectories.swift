import Engine

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
  /// Running sum of the sellers' CES mass, restarted at each (list, origin) range: a seller
  /// is found with probability ∝ its mass. An agent's mass in a list is that of its real firms
  /// that sell through the channel and lie above the market's serving cut-off: real firms ×
  /// φ^(σ−1) × adopted share (B2B) × ``servingMassShare``. Large firms are found more often, in
  /// proportion to their size; importers' CES weights then correct for it
  /// (``CorridorEconomy/listedMassOverOwnPower(_:destination:sector:channel:)``), so that what
  /// an importer spends on a link does not hinge on whether it found a giant: the number of
  /// buyers, not the spending per buyer, carries a firm's size, and a few lucky links cannot
  /// move a country's trade.
  var cumulativeVisibility: [Double] = []
  /// Per listing: the share of the agent's CES mass above the market's serving cut-off when the
  /// directory was built (``CorridorEconomy/sharesAbove(_:cutoff:multiplierPower:)``).
  var servingMassShare: [Double] = []
  /// Per list: the CES mass it lists from every origin, Σ real firms × φ^(σ−1).
  var listedMass: [Double] = []

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
  ///
  /// Firms are first sorted by destination (one bucket of ascending firm indices per channel
  /// and destination, from the set market bits), then each destination's lists are built from
  /// its buckets alone: writes stay local, and destinations are independent, so the supplier
  /// directories are built in parallel over destinations on `executor`. Every list and every
  /// market sum takes its sellers in ascending firm order, as a loop over firms would, so the
  /// numbers do not depend on the thread count.
  func rebuildDirectories(activeCompetitiveness: inout [Double], executor: ParallelExecutor) {
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
    let firmCount = firms.count
    let channels = Channel.allCases.count
    let b2c = Channel.b2cPlatform.rawValue
    let lists = n * sectors * 2

    // Per firm: real firms × (ex-works price)^(1−σ), m^(σ−1) (congestion); sellers per
    // (channel, destination), counted and then sorted into buckets per fixed range of firms
    // (in parallel; a range's sellers follow those of earlier ranges, so each bucket holds
    // ascending firm indices whatever the thread count).
    let firmRanges = Swift.max(1, Swift.min(16, firmCount))
    let rangeSize = (firmCount + firmRanges - 1) / firmRanges
    let bucketCount = channels * n
    var exWorksPower = [Double](repeating: 0, count: firmCount)
    var multiplierPower = [Double](repeating: 0, count: firmCount)
    var rangeCounts = [Int](repeating: 0, count: firmRanges * bucketCount)
    exWorksPower.withUnsafeMutableBufferPointer { exWorksPower in
      multiplierPower.withUnsafeMutableBufferPointer { multiplierPower in
        rangeCounts.withUnsafeMutableBufferPointer { rangeCounts in
          executor.forEachPartition(firmRanges) { r in
            let counts = r * bucketCount
            for f in (r * rangeSize)..<Swift.min(firmCount, (r + 1) * rangeSize) {
              exWorksPower[f] = firms.weightFirms[f] * Double.pow(exWorksExportPrice(f), power)
              multiplierPower[f] = Double.pow(firms.costMultiplier[f], sigmaMinusOne)
              if firms.adoption[f] & 2 != 0 && firms.b2cPlatform[f] >= 0 {
                firms.forEachActiveMarket(f, channel: b2c, countryCount: n) { d in
                  rangeCounts[counts + b2c * n + d] += 1
                }
              }
              for channel in 0..<2
              where channel == 0 || (firms.adoption[f] & 1 != 0 && firms.b2bPlatform[f] >= 0) {
                firms.forEachActiveMarket(f, channel: channel, countryCount: n) { d in
                  rangeCounts[counts + channel * n + d] += 1
                }
              }
            }
          }
        }
      }
    }
    // Bucket b starts at bucketStart[b]; firm range r writes its sellers of b from
    // rangeCursor[r · bucketCount + b] on.
    var bucketCounts = [Int](repeating: 0, count: bucketCount)
    var bucketStart = [Int](repeating: 0, count: bucketCount + 1)
    var rangeCursor = [Int](repeating: 0, count: firmRanges * bucketCount)
    for b in 0..<bucketCount {
      var next = bucketStart[b]
      for r in 0..<firmRanges {
        rangeCursor[r * bucketCount + b] = next
        next += rangeCounts[r * bucketCount + b]
      }
      bucketCounts[b] = next - bucketStart[b]
      bucketStart[b + 1] = next
    }
    var bucketFirms = [Int32](repeating: 0, count: bucketStart[bucketCount])
    bucketFirms.withUnsafeMutableBufferPointer { bucketFirms in
      rangeCursor.withUnsafeMutableBufferPointer { rangeCursor in
        executor.forEachPartition(firmRanges) { r in
          let cursor = r * bucketCount
          for f in (r * rangeSize)..<Swift.min(firmCount, (r + 1) * rangeSize) {
            if firms.adoption[f] & 2 != 0 && firms.b2cPlatform[f] >= 0 {
              firms.forEachActiveMarket(f, channel: b2c, countryCount: n) { d in
                bucketFirms[rangeCursor[cursor + b2c * n + d]] = Int32(f)
                rangeCursor[cursor + b2c * n + d] += 1
              }
            }
            for channel in 0..<2
            where channel == 0 || (firms.adoption[f] & 1 != 0 && firms.b2bPlatform[f] >= 0) {
              firms.forEachActiveMarket(f, channel: channel, countryCount: n) { d in
                bucketFirms[rangeCursor[cursor + channel * n + d]] = Int32(f)
                rangeCursor[cursor + channel * n + d] += 1
              }
            }
          }
        }
      }
    }

    // Supplier directories (traditional = list channel 0, B2B = 1), grouped by origin: the
    // lists of destination d start after those of all earlier destinations.
    var directoryStart = [Int](repeating: 0, count: n + 1)
    for d in 0..<n {
      directoryStart[d + 1] = directoryStart[d] + bucketCounts[d] + bucketCounts[n + d]
    }
    let position = directoryStart[n]
    var directoryOffsets = [Int](repeating: 0, count: lists * (n + 1))
    var listedFirms = [Int32](repeating: 0, count: position)
    var sellerVisibilities = [Double](repeating: 0, count: position)
    // Per listing: the share of the agent's CES mass above the market's serving cut-off.
    var listedShares = [Double](repeating: 0, count: position)
    var listedMass = [Double](repeating: 0, count: lists)
    let firmSector = firms.sector
    let firmCountry = firms.country
    let weightFirms = firms.weightFirms
    let productivityPower = firms.productivityPower
    let b2bPlatform = firms.b2bPlatform
    let adoptedShare = firms.adoptedShare
    let listsPerDestination = sectors * 2
    directoryOffsets.withUnsafeMutableBufferPointer { directoryOffsets in
      listedFirms.withUnsafeMutableBufferPointer { listedFirms in
        sellerVisibilities.withUnsafeMutableBufferPointer { sellerVisibilities in
          listedShares.withUnsafeMutableBufferPointer { listedShares in
            listedMass.withUnsafeMutableBufferPointer { listedMass in
              activeCompetitiveness.withUnsafeMutableBufferPointer { competitiveness in
                bucketFirms.withUnsafeBufferPointer { buckets in
                  executor.forEachPartition(n) { d in
                    let block = d * listsPerDestination * (n + 1)
                    let blockSize = listsPerDestination * (n + 1)
                    // Sellers per (sector, channel, origin), then offsets.
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: blockSize) { cursor in
                      cursor.initialize(repeating: 0)
                      for channel in 0..<2 {
                        for k in bucketStart[channel * n + d]..<bucketStart[channel * n + d + 1] {
                          let f = Int(buckets[k])
                          let local =
                            (Int(firmSector[f]) * 2 + channel) * (n + 1) + Int(firmCountry[f])
                          cursor[local] += 1
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
                      // markets' competitiveness sums.
                      for channel in 0..<2 {
                        let routePower = channel == 0 ? traditionalRoutePower : freightRoutePower
                        for k in bucketStart[channel * n + d]..<bucketStart[channel * n + d + 1] {
                          let f = Int(buckets[k])
                          let s = Int(firmSector[f])
                          let o = Int(firmCountry[f])
                          let local = (s * 2 + channel) * (n + 1) + o
                          let massShare =
                            sharesAbove(
                              f, cutoff: servingCutoff[cutoffIndex(o, d, s, channel)],
                              multiplierPower: multiplierPower[f]
                            ).mass
                          listedFirms[cursor[local]] = Int32(f)
                          listedShares[cursor[local]] = massShare
                          cursor[local] += 1
                          let firmPower =
                            channel == 0
                            ? exWorksPower[f] * massShare
                            : exWorksPower[f] * massShare * adoptedShare[2 * f]
                              * commissionPower[Int(b2bPlatform[f])]
                          competitiveness[marketIndex(d, s, channel)] +=
                            firmPower * routePower[route(o, d)]
                            * tariffPower[policy.tariffIndex(importer: d, exporter: o, sector: s)]
                        }
                      }
                    }
                    // Running sums of visibility per (list, origin), and each list's total mass.
                    for local in 0..<blockSize where local % (n + 1) != n {
                      var cumulative = 0.0
                      let first = directoryOffsets[block + local]
                      let isB2B = (local / (n + 1)) % 2 == 1
                      for slot in first..<directoryOffsets[block + local + 1] {
                        let f = Int(listedFirms[slot])
                        cumulative +=
                          weightFirms[f] * productivityPower[f] * listedShares[slot]
                          * (isB2B ? adoptedShare[2 * f] : 1)
                        sellerVisibilities[slot] = cumulative
                      }
                      listedMass[d * listsPerDestination + local / (n + 1)] += cumulative
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    supplierDirectories.offsets = directoryOffsets
    supplierDirectories.firms = listedFirms
    supplierDirectories.cumulativeVisibility = sellerVisibilities
    supplierDirectories.servingMassShare = listedShares
    supplierDirectories.listedMass = listedMass

    // B2C offer pools, cell by cell: features, running sums of visibility, size corrections
    // relative to the cell's mean, and the B2C competitiveness sums.
    var offsets = [Int](repeating: 0, count: n * sectors + 1)
    let total = bucketCounts[(b2c * n)..<(b2c * n + n)].reduce(0, +)
    var offerFirm = [Int32](repeating: 0, count: total)
    var offerOrigin = [Int32](repeating: 0, count: total)
    var offerPlatform = [Int8](repeating: 0, count: total)
    var offerLogPrice = [Double](repeating: 0, count: total)
    var offerDays = [Double](repeating: 0, count: total)
    var offerFraud = [Double](repeating: 0, count: total)
    var offerLoss = [Double](repeating: 0, count: total)
    var offerQuality = [Double](repeating: 0, count: total)
    var offerTariff = [Double](repeating: 0, count: total)
    var offerVisibility = [Double](repeating: 0, count: total)
    var sizeCorrection = [Double](repeating: 0, count: total)
    let partnership = platforms.specs.map(\.logisticsPartnership)
    var slotCursor = [Int](repeating: 0, count: sectors)
    var next = 0
    for d in 0..<n {
      let sellers = bucketStart[b2c * n + d]..<bucketStart[b2c * n + d + 1]
      for s in 0..<sectors { slotCursor[s] = 0 }
      for k in sellers { slotCursor[Int(firmSector[Int(bucketFirms[k])])] += 1 }
      for s in 0..<sectors {
        offsets[d * sectors + s] = next
        let count = slotCursor[s]
        slotCursor[s] = next
        next += count
      }
      for k in sellers {
        let f = Int(bucketFirms[k])
        let s = Int(firmSector[f])
        offerFirm[slotCursor[s]] = Int32(f)
        slotCursor[s] += 1
      }
    }
    offsets[n * sectors] = next
    for d in 0..<n {
      let securityFloor = policy.paymentSecurityFloor[d]
      for s in 0..<sectors {
        let cellIndex = d * sectors + s
        let start = offsets[cellIndex]
        let end = offsets[cellIndex + 1]
        guard start < end else { continue }
        let market = marketIndex(d, s, b2c)
        var cumulative = 0.0
        var realFirms = 0.0
        for slot in start..<end {
          let f = Int(offerFirm[slot])
          let o = Int(firms.country[f])
          let platform = Int(firms.b2cPlatform[f])
          let price = deliveredPrice(f, destination: d, channel: .b2cPlatform)
          let security = platforms.effectiveSecurity(platform, floor: securityFloor)
          offerOrigin[slot] = Int32(o)
          offerPlatform[slot] = Int8(platform)
          offerLogPrice[slot] = Double.log(price)
          offerDays[slot] = logistics.parcelDays[route(o, d)] * (1 - partnership[platform])
          offerFraud[slot] = crossBorderFraudProbability(security: security, destination: d)
          offerLoss[slot] = logistics.parcelLossProbability[route(o, d)]
          offerQuality[slot] = 0.5 * platforms.reputation[platform] + 0.5 * firms.reputation[f]
          let tariffIndex = policy.tariffIndex(importer: d, exporter: o, sector: s)
          offerTariff[slot] = tariffs[tariffIndex]
          let adopted = firms.adoptedShare[2 * f + 1]
          let shares = sharesAbove(
            f, cutoff: servingCutoff[cutoffIndex(o, d, s, b2c)],
            multiplierPower: multiplierPower[f])
          cumulative += firms.weightFirms[f] * firms.productivityPower[f] * adopted * shares.mass
          offerVisibility[slot] = cumulative
          realFirms += firms.weightFirms[f] * adopted * shares.firms
          // log of the serving firms' mean φ^(σ−1), made relative to the cell's mean below
          // (an offer no firm serves is never featured).
          sizeCorrection[slot] =
            shares.firms > 0
            ? Double.log(firms.productivityPower[f] * shares.mass / shares.firms) : .nan
          activeCompetitiveness[market] +=
            exWorksPower[f] * adopted * shares.mass * commissionPower[platform]
            * parcelRoutePower[route(o, d)] * tariffPower[tariffIndex]
        }
        let logMeanPower = Double.log(cumulative / realFirms)
        for slot in start..<end {
          sizeCorrection[slot] =
            sizeCorrection[slot].isNaN ? 0 : sizeCorrection[slot] - logMeanPower
        }
      }
    }
    offerPools.offsets = offsets
    offerPools.firm = offerFirm
    offerPools.origin = offerOrigin
    offerPools.platform = offerPlatform
    offerPools.logPrice = offerLogPrice
    offerPools.days = offerDays
    offerPools.fraudProbability = offerFraud
    offerPools.lossProbability = offerLoss
    offerPools.quality = offerQuality
    offerPools.tariffRate = offerTariff
    offerPools.cumulativeVisibility = offerVisibility
    offerPools.sizeCorrection = sizeCorrection
  }

  /// Probability that a cross-border B2C order is fraudulent: the base rate, cut by the
  /// platform's effective payment security (fraud detection) and by half of the destination's
  /// legal enforcement (deterrence).
  @inline(__always)
  func crossBorderFraudProbability(security: Double, destination d: Int) -> Double {
    parameters.crossBorderFraudProbability * (1 - security) * (1 - 0.5 * enforcement[d])
  }
}
