import CGSL
import Engine
import Foundation
import Stochastic
import Testing

@testable import CorridorModel

/// The firm-size strata and the weighted draws that make totals independent of the number of
/// agents.
@Suite("Firm sizes: strata of real firms and visibility-weighted draws")
struct FirmSizeTests {
  /// β = (σ − 1)/k at the defaults (σ = 4, k = 3.2).
  static let beta = 3.0 / 3.2

  /// Brute force: φ^(σ−1) of each of M real firms at (j − ½)/M, largest first.
  static func realFirmPowers(_ firms: Int) -> [Double] {
    (1...firms).map { pow((Double($0) - 0.5) / Double(firms), -beta) }
  }

  /// The mass of the top `share` of real firms, from agents' strata (largest first, the
  /// boundary stratum counted in part, at its mean power).
  static func topMass(
    _ strata: [(weight: Double, meanPower: Double, topRank: Double, bottomRank: Double)],
    firms: Double, share: Double
  ) -> Double {
    var remaining = share * firms
    var mass = 0.0
    for stratum in strata where remaining > 0 {
      let taken = min(stratum.weight, remaining)
      mass += taken * stratum.meanPower
      remaining -= taken
    }
    return mass
  }

  @Test(
    "Strata reproduce the real firms' count and φ^(σ−1) mass exactly, and the top decile's within 2 %, at any number of agents"
  )
  func strataReproduceTheDistribution() {
    let sampler = FirmSizeStrata(powerExponent: Self.beta)
    // 100,000 firms lie in the exact table; 3,000,000 need the Euler–Maclaurin tail.
    for firms in [100_000, 3_000_000] {
      let powers = Self.realFirmPowers(firms)
      let total = powers.reduce(0, +)
      let topDecile = powers.prefix(firms / 10).reduce(0, +)
      // The top decile holds most of the mass (a Pareto with β near 1): about 0.8.
      #expect(topDecile / total > 0.7 && topDecile / total < 0.9, "\(topDecile / total)")
      for agents in [20, 300, 5_000] {
        let strata = sampler.strata(realFirms: Double(firms), agents: agents)
        let count = strata.reduce(0) { $0 + $1.weight }
        let mass = strata.reduce(0) { $0 + $1.weight * $1.meanPower }
        #expect(abs(count / Double(firms) - 1) < 1e-9, "M = \(firms), N = \(agents)")
        #expect(abs(mass / total - 1) < 1e-6, "M = \(firms), N = \(agents): \(mass / total)")
        let top = Self.topMass(strata, firms: Double(firms), share: 0.1)
        #expect(abs(top / topDecile - 1) < 0.02, "M = \(firms), N = \(agents): \(top / topDecile)")
        // Largest first (agents sharing one firm agree to rounding), and the tail
        // oversampled: the top 10 % of agents stand for far fewer than 10 % of the firms but
        // for a large share of the mass.
        #expect(
          zip(strata, strata.dropFirst()).allSatisfy {
            $0.meanPower >= $1.meanPower * (1 - 1e-9)
          })
        let topAgents = strata.prefix(agents / 10)
        #expect(topAgents.reduce(0) { $0 + $1.weight } < 0.01 * Double(firms))
        #expect(topAgents.reduce(0) { $0 + $1.weight * $1.meanPower } > 0.15 * total)
      }
    }
  }

  @Test("A cell of less than one firm holds a fraction of a median-ranked firm")
  func fractionalCells() {
    let sampler = FirmSizeStrata(powerExponent: Self.beta)
    let strata = sampler.strata(realFirms: 0.3, agents: 4)
    #expect(abs(strata.reduce(0) { $0 + $1.weight } - 0.3) < 1e-12)
    for stratum in strata {
      #expect(abs(stratum.meanPower - pow(0.5, -Self.beta)) < 1e-9)
    }
  }

  @Test(
    "The unit of fixed costs, the median firm's φ^(σ−1) over the mean's, matches brute force and falls with the number of firms"
  )
  func medianOverMean() {
    let sampler = FirmSizeStrata(powerExponent: Self.beta)
    var previous = 1.0
    for firms in [2, 10, 1_000, 100_000] {
      let powers = Self.realFirmPowers(firms)
      let mean = powers.reduce(0, +) / Double(firms)
      // The median quantile ½ lies between the two middle Hazen positions when M is even:
      // the firm at exactly u = ½ has φ^(σ−1) = 2^β.
      let expected = pow(2, Self.beta) / mean
      let ratio = sampler.medianOverMeanPower(realFirms: Double(firms))
      #expect(abs(ratio / expected - 1) < 1e-9, "M = \(firms): \(ratio) against \(expected)")
      // The mean is pulled up by the tail, more so the more firms there are.
      #expect(ratio < previous, "M = \(firms)")
      previous = ratio
    }
    #expect(sampler.medianOverMeanPower(realFirms: 0.4) == 1)
    #expect(sampler.medianOverMeanPower(realFirms: 1) == 1)
    // At M = 100,000 the mean is several times the median (β = 0.94).
    #expect(previous > 0.1 && previous < 0.3, "\(previous)")
  }

  @Test("Draws from running sums match their weights (χ² at the 0.1 % level)")
  func weightedDraws() {
    // The reference draw, which the model's checkpointed draws must match draw for draw
    // (``weightsInTheEconomy()``).
    // Weights spanning four orders of magnitude, as real firms × visibility do.
    let weights = (0..<25).map { pow(1.45, Double($0)) + ($0 % 3 == 0 ? 50 : 0) }
    var cumulative = [Double](repeating: 0, count: 40)
    // Entries 10..<35 hold the running sum, restarted at 10; the others belong to other ranges.
    for (index, weight) in weights.enumerated() {
      cumulative[10 + index] = weight + (index > 0 ? cumulative[9 + index] : 0)
    }
    let stream = RandomStream(seed: 7, stream: StreamID("test.weighted-draws"))
    var counts = [Int](repeating: 0, count: weights.count)
    let draws = 200_000
    for _ in 0..<draws {
      let index = drawCumulative(cumulative, start: 10, end: 35, uniform: stream.uniform())
      counts[index - 10] += 1
    }
    let total = weights.reduce(0, +)
    let statistic = zip(counts, weights).reduce(0.0) { sum, pair in
      let expected = Double(draws) * pair.1 / total
      return sum + (Double(pair.0) - expected) * (Double(pair.0) - expected) / expected
    }
    let critical = gsl_cdf_chisq_Qinv(0.001, Double(weights.count - 1))
    #expect(statistic < critical, "χ² = \(statistic), critical \(critical)")
    // A uniform draw over the range would be far off: the heaviest entry is drawn ∝ its weight.
    #expect(abs(Double(counts.last!) / Double(draws) - weights.last! / total) < 0.01)
  }

  @Test(
    "Totals over agents are over real firms: weights sum to the cells' real firms, and directories carry each seller's visibility and each list's CES mass"
  )
  func weightsInTheEconomy() throws {
    let configuration = tinyEconomyConfiguration(months: 3)
    let economy = try CorridorEconomy(configuration)
    let executor = ParallelExecutor(threadCount: 2)
    for _ in 0..<3 { economy.step(executor: executor) }
    let p = configuration.parameters
    let shares = economy.sectorDemandShares
    let china = economy.world.chinaIndex
    var chinaFirms = 0.0
    for f in 0..<economy.relocationPools.firstPool
    where economy.firms.homeCountry[f] == Int32(china) {
      chinaFirms += economy.firms.weightFirms[f]
    }
    // China's firms that moved abroad are in the pools of relocated producers.
    chinaFirms += economy.metrics.relocatedFirmsByHomeCountry[china]
    let expected =
      economy.world.countries[china].gdpUSD / 1e9 * shares.reduce(0, +)
      * p.realFirmsPerBillionUSDGDP
    #expect(abs(chinaFirms / expected - 1) < 1e-9)
    // Every listed seller's increment of the running sum is its visibility (directories
    // rebuilt now, after the month's adoption, and again with the cut-offs the environment has
    // just set, so that each listing's share above its market's cut-off can be recomputed).
    economy.updateEnvironment()
    var competitiveness = [Double](
      repeating: 0, count: economy.world.count * economy.sectorCount * economy.channelCount)
    economy.rebuildDirectories(activeCompetitiveness: &competitiveness, executor: executor)
    let directories = economy.supplierDirectories
    /// The share of agent f's CES mass above the serving cut-off of its market in `list`.
    func servingMassShare(_ f: Int, list: Int) -> Double {
      let destination = list / (2 * economy.sectorCount)
      let sector = (list / 2) % economy.sectorCount
      let cutoff = economy.servingCutoff[
        economy.cutoffIndex(Int(economy.firms.country[f]), destination, sector, list % 2)]
      return economy.sharesAbove(
        f, cutoff: cutoff,
        multiplierPower: pow(economy.firms.costMultiplier[f], economy.sigmaMinusOne)
      ).mass
    }
    var checked = 0
    var draws = 0
    for list in 0..<(economy.world.count * 3 * 2) {
      // The size correction's reference: the CES mass the list holds from every origin,
      // recomputed from the listed agents.
      // Lists alternate traditional (even) and B2B (odd) channels.
      let channel = list % 2
      var listMass = 0.0
      var listFirms = 0.0
      for origin in 0..<economy.world.count {
        for index in directories.range(list: list, origin: origin) {
          let f = Int(directories.firms[index])
          let share = servingMassShare(f, list: list)
          #expect(share >= 0 && share <= 1)
          listMass +=
            economy.firms.weightFirms[f] * economy.firms.productivityPower[f]
            * economy.firms.channelShare(f, channel: channel) * share
          listFirms += economy.firms.weightFirms[f]
        }
      }
      if listMass > 0 {
        #expect(abs(directories.listedMass[list] / listMass - 1) < 1e-9)
      } else {
        #expect(directories.listedMass[list] == 0)
      }
      for origin in 0..<economy.world.count {
        let sellers = directories.range(list: list, origin: origin)
        // The listings' masses as the rebuild added them (its cut-offs and cost multipliers),
        // and their running sums, which the directory keeps only at checkpoints.
        var running: [Double] = []
        var sum = 0.0
        for index in sellers {
          let f = Int(directories.firms[index])
          let massShare = economy.sharesAbove(
            f,
            cutoff: directories.cutoffs[
              economy.cutoffIndex(
                Int(economy.firms.country[f]), list / (2 * economy.sectorCount),
                (list / 2) % economy.sectorCount, channel)
            ],
            multiplierPower: economy.directoryScratch.multiplierPower[f]
          ).mass
          let mass = listingMass(
            weight: economy.firms.weightFirms[f], power: economy.firms.productivityPower[f],
            massShare: massShare, adopted: channel == 0 ? 1 : economy.firms.adoptedShare[2 * f])
          if index % SupplierDirectories.checkpointStride == 0 {
            #expect(directories.checkpoints[index / SupplierDirectories.checkpointStride] == sum)
          }
          sum += mass
          running.append(sum)
          // The mass is the seller's visibility: real firms × φ^(σ−1) × adopted share × the
          // share of its CES mass above its market's serving cut-off.
          let visibility =
            economy.firms.weightFirms[f] * economy.firms.productivityPower[f]
            * economy.firms.channelShare(f, channel: channel)
            * servingMassShare(f, list: list)
          #expect(abs(mass - visibility) <= 1e-9 * visibility)
          checked += 1
        }
        #expect(directories.visibility(list: list, origin: origin) == sum)
        // A draw finds the seller that a binary search among the running sums would.
        guard !sellers.isEmpty else { continue }
        for k in 0..<64 {
          let u = (Double(k) + 0.5) / 64
          let expected = drawCumulative(running, start: 0, end: running.count, uniform: u)
          #expect(
            economy.drawListedSeller(list: list, origin: origin, uniform: u)
              == Int(directories.firms[sellers.lowerBound + expected]))
        }
        draws += 64
      }
    }
    #expect(checked > 50)
    #expect(draws > 1000)
    // B2C offers likewise: the masses, their running sums at the checkpoints and in total, and
    // the draws.
    let offers = economy.offerPools.view
    var offerDraws = 0
    var partialOffers = 0
    for cell in 0..<(economy.world.count * economy.sectorCount) {
      let d = cell / economy.sectorCount
      let pool = offers.offsets[cell]..<offers.offsets[cell + 1]
      var running: [Double] = []
      var sum = 0.0
      for offer in pool {
        let f = Int(offers.firm[offer])
        let mass = offers.sellerMass[f] * offers.massShare(offer, destination: d)
        let visibility =
          economy.firms.weightFirms[f] * economy.firms.productivityPower[f]
          * economy.firms.adoptedShare[2 * f + 1]
          * economy.sharesAbove(
            f,
            cutoff: economy.servingCutoff[
              economy.cutoffIndex(
                Int(economy.firms.country[f]), d, cell % economy.sectorCount,
                Channel.b2cPlatform.rawValue)],
            multiplierPower: pow(economy.firms.costMultiplier[f], economy.sigmaMinusOne)
          ).mass
        #expect(abs(mass - visibility) <= 1e-9 * visibility)
        if offers.massShare(offer, destination: d) != 1 { partialOffers += 1 }
        if offer % OfferPools.checkpointStride == 0 {
          #expect(offers.checkpoints[offer / OfferPools.checkpointStride] == sum)
        }
        sum += mass
        running.append(sum)
      }
      #expect(offers.cellMass[cell] == sum)
      guard !pool.isEmpty else { continue }
      for k in 0..<64 {
        let u = (Double(k) + 0.5) / 64
        #expect(
          offers.visibleOffer(cell: cell, destination: d, uniform: u)
            == pool.lowerBound + drawCumulative(running, start: 0, end: running.count, uniform: u))
      }
      offerDraws += 64
    }
    #expect(offerDraws > 1000)
    // Some offers' sellers straddle their market's cut-off: the sparse shares are read.
    #expect(partialOffers > 0)
  }

  @Test(
    "Platform adoption is carried as a share of each agent's firms: the initial share in every agent of a cell, then the Bass path 1 − (1 − a₀)·Π(1 − h) alike for all of a cell's surviving agents"
  )
  func adoptionShares() throws {
    var configuration = tinyEconomyConfiguration(months: 12)
    // No exits within the run (240 losing months), so that every agent keeps its founding
    // cohort.
    configuration.parameters.exitAfterLossMonths = 240
    let economy = try CorridorEconomy(configuration)
    let firms = economy.firms
    let p = configuration.parameters
    let china = economy.world.chinaIndex
    // After the spin-up: native agents (not the pools of relocated firms, which mix cohorts
    // from many homes) share one adopted share per cell and kind; the firms that moved
    // abroad took their stratum's shares with them.
    let executor = ParallelExecutor(threadCount: 2)
    for _ in 0..<12 { economy.step(executor: executor) }
    var sharesByCell: [Int: (b2b: Double, b2c: Double)] = [:]
    var compared = 0
    for f in 0..<economy.relocationPools.firstPool {
      let cell = Int(firms.country[f]) * 3 + Int(firms.sector[f])
      let shares = (firms.adoptedShare[2 * f], firms.adoptedShare[2 * f + 1])
      if let first = sharesByCell[cell] {
        #expect(abs(shares.0 - first.b2b) < 1e-12 && abs(shares.1 - first.b2c) < 1e-12)
        compared += 1
      } else {
        sharesByCell[cell] = shares
      }
    }
    #expect(compared > 100)
    // China's labor-intensive firms started at the initial share and have adopted more since,
    // but not all of them (the monthly hazard is a few per cent).
    let b2b = sharesByCell[china * 3]!.b2b
    let initial =
      p.initialB2BAdoptionShare * economy.internetShare[china]
      * economy.platformReach(.b2b, country: china)
    #expect(b2b > initial + 0.01 && b2b < 0.9, "\(b2b) from \(initial)")
    // The other sector sells nothing through B2C platforms.
    #expect(sharesByCell[china * 3 + 2]!.b2c == 0)
  }

  @Test(
    "A stratum that straddles a cut-off serves it with its firms above: shares of firms and of mass against brute force over the real firms"
  )
  func stratumSharesAbove() {
    let sampler = FirmSizeStrata(powerExponent: Self.beta)
    let firms = 100_000
    let powers = Self.realFirmPowers(firms)
    let strata = sampler.strata(realFirms: Double(firms), agents: 40)
    var straddling = 0
    for stratum in strata where stratum.bottomRank - stratum.topRank > 50 {
      let top = Int(stratum.topRank.rounded())
      let bottom = Int(stratum.bottomRank.rounded())
      let members = powers[top..<bottom]
      let mass = members.reduce(0, +)
      // Cut-offs at the stratum's 10th, 50th and 90th percentile firm.
      for quantile in [0.1, 0.5, 0.9] {
        let threshold = powers[top + Int(quantile * Double(bottom - top))]
        let above = members.filter { $0 >= threshold }
        let shares = sampler.sharesAbove(
          threshold: threshold, top: stratum.topRank, bottom: stratum.bottomRank,
          realFirms: Double(firms))
        let firmShare = Double(above.count) / Double(members.count)
        let massShare = above.reduce(0, +) / mass
        #expect(abs(shares.firms - firmShare) < 0.01, "\(shares.firms) vs \(firmShare)")
        // The shares take the ranks as continuous: within 2 % of the discrete sums.
        #expect(abs(shares.mass - massShare) < 0.02, "\(shares.mass) vs \(massShare)")
        // Above the mean of the stratum's firms: its top firms hold more than their number.
        #expect(shares.mass >= shares.firms)
        straddling += 1
      }
      // Beyond the stratum's ends: all or nothing.
      let everything = sampler.sharesAbove(
        threshold: powers[bottom - 1] * 0.99, top: stratum.topRank, bottom: stratum.bottomRank,
        realFirms: Double(firms))
      #expect(everything.firms == 1 && everything.mass == 1)
      let nothing = sampler.sharesAbove(
        threshold: powers[max(top - 1, 0)] * 1.5, top: stratum.topRank,
        bottom: stratum.bottomRank, realFirms: Double(firms))
      #expect(nothing.firms == 0 && nothing.mass == 0)
    }
    #expect(straddling >= 30)
  }

  @Test(
    "A stratum's top (or bottom) rank is recovered from its bottom (top) rank and its mean power, in and beyond the exact table"
  )
  func stratumRankFits() {
    let sampler = FirmSizeStrata(powerExponent: Self.beta)
    var random = Xoshiro256StarStar(seed: 2026)
    var checked = 0
    for cellFirms in [10.0, 1_000, 60_000, 300_000] {
      for _ in 0..<50 {
        // Ranks in the cell; beyond 2^16 the rank sums are the Euler–Maclaurin continuation.
        let a = Double.random(in: 0...(0.9 * cellFirms), using: &random)
        let b = Double.random(in: (a + 1e-3 * cellFirms)...cellFirms, using: &random)
        let mean = sampler.meanPower(top: a, bottom: b, realFirms: cellFirms)
        // The mean of a stratum is that of its firms: between its weakest and strongest.
        #expect(mean <= sampler.power(rank: a, realFirms: cellFirms) * (1 + 1e-12))
        #expect(
          mean >= sampler.power(rank: b, realFirms: cellFirms, fromBelow: true) * (1 - 1e-12))
        let top = sampler.fitTop(meanPower: mean, bottom: b, realFirms: cellFirms, lowest: 0)
        let bottom = sampler.fitBottom(
          meanPower: mean, top: a, realFirms: cellFirms, highest: cellFirms)
        // The fitted stratum has the mean asked for...
        let fittedTopMean = sampler.meanPower(top: top, bottom: b, realFirms: cellFirms)
        let fittedBottomMean = sampler.meanPower(top: a, bottom: bottom, realFirms: cellFirms)
        #expect(abs(fittedTopMean / mean - 1) <= 1e-11, "top \(top) vs \(a), bottom \(b)")
        #expect(abs(fittedBottomMean / mean - 1) <= 1e-11, "bottom \(bottom) vs \(b), top \(a)")
        // ...and the ranks it came from, where the stratum spans more than one firm (within a
        // single firm every stratum has that firm's power).
        if b - a >= 2 {
          #expect(abs(top - a) <= 1e-8 * cellFirms, "top \(top) vs \(a), bottom \(b)")
          #expect(abs(bottom - b) <= 1e-8 * cellFirms, "bottom \(bottom) vs \(b), top \(a)")
        }
        checked += 1
      }
    }
    #expect(checked == 200)
    // Out of reach: a mean above the whole range's gives its end, one below the weakest firm
    // gives the other end.
    let cell = 5_000.0
    let whole = sampler.meanPower(top: 100, bottom: 2_000, realFirms: cell)
    #expect(
      sampler.fitTop(meanPower: 2 * whole, bottom: 2_000, realFirms: cell, lowest: 100) == 100)
    #expect(sampler.fitTop(meanPower: 1e-9, bottom: 2_000, realFirms: cell, lowest: 100) == 2_000)
    #expect(
      sampler.fitBottom(meanPower: 0.5 * whole, top: 100, realFirms: cell, highest: 2_000)
        == 2_000)
  }
}

@Suite("Importer sizes: strata with unequal budgets and supplier counts")
struct ImporterSizeTests {
  @Test(
    "Strata cover all importers and purchases; giants get agents of their own, no agent carries more than 2/N of purchases"
  )
  func importerStrata() {
    for count in [4, 40, 400] {
      let strata = CorridorEconomy.importerStrata(count: count, paretoShape: 1.1)
      #expect(abs(strata.reduce(0) { $0 + $1.countShare } - 1) < 1e-12)
      #expect(abs(strata.reduce(0) { $0 + $1.budgetShare } - 1) < 1e-9)
      #expect(strata.allSatisfy { $0.budgetShare <= 2 / Double(count) * (1 + 1e-5) })
      #expect(zip(strata, strata.dropFirst()).allSatisfy { $0.meanSize > $1.meanSize })
      // Pareto(1.1): the largest 1 % of importers buy 0.01^(1 − 1/1.1) ≈ 66 % of the total;
      // the first agents stand for a sliver of the importers and much of the purchases.
      #expect(strata[0].countShare < 0.01 && strata[0].budgetShare > 0.5 / Double(count))
      // Mean size over all importers: Σ count share × mean size = α/(α − 1) = 11.
      #expect(abs(strata.reduce(0) { $0 + $1.countShare * $1.meanSize } - 11) < 1e-6)
    }
  }
}

/// The index in `start..<end` where the running sum `cumulative` (restarted at `start`) first
/// exceeds u·total (the last index if none does): a draw with probability ∝ each entry's
/// increment. The reference the model's checkpointed draws
/// (``OfferView/visibleOffer(cell:destination:uniform:)``,
/// ``CorridorEconomy/drawListedSeller(list:origin:uniform:)``) must agree with, draw for draw.
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
