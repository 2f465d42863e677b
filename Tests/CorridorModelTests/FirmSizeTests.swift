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
  static func topMass(_ strata: [(weight: Double, meanPower: Double)], firms: Double, share: Double)
    -> Double
  {
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
    for f in 0..<economy.firms.count where economy.firms.homeCountry[f] == Int32(china) {
      chinaFirms += economy.firms.weightFirms[f]
    }
    let expected =
      economy.world.countries[china].gdpUSD / 1e9 * shares.reduce(0, +)
      * p.realFirmsPerBillionUSDGDP
    #expect(abs(chinaFirms / expected - 1) < 1e-9)
    // Every listed seller's increment of the running sum is its visibility.
    let directories = economy.supplierDirectories
    var checked = 0
    for list in 0..<(economy.world.count * 3 * 2) {
      // The size correction's reference: the CES mass the list holds from every origin,
      // recomputed from the listed agents.
      var listMass = 0.0
      var listFirms = 0.0
      for origin in 0..<economy.world.count {
        for index in directories.range(list: list, origin: origin) {
          let f = Int(directories.firms[index])
          listMass += economy.firms.weightFirms[f] * economy.firms.productivityPower[f]
          listFirms += economy.firms.weightFirms[f]
        }
      }
      if listFirms > 0 {
        #expect(abs(directories.listedMass[list] / listMass - 1) < 1e-9)
      } else {
        #expect(directories.listedMass[list] == 0)
      }
      for origin in 0..<economy.world.count {
        let sellers = directories.range(list: list, origin: origin)
        for index in sellers {
          let increment =
            directories.cumulativeVisibility[index]
            - (index > sellers.lowerBound ? directories.cumulativeVisibility[index - 1] : 0)
          let visibility = economy.sellerVisibility(Int(directories.firms[index]))
          #expect(abs(increment / visibility - 1) < 1e-9)
          checked += 1
        }
      }
    }
    #expect(checked > 50)
  }

  @Test(
    "Adoption thresholds: the initial share exact to two agents in every cell, adopters spread evenly over the ranks, and the adopted share of sales far less dependent on luck than with coin flips"
  )
  func adoptionThresholds() {
    let agents = 400
    // Strata's masses fall with rank from 2/N (the upper tail oversampled, as in the firm and
    // importer strata) to nearly 0.
    let masses = (0..<agents).map { 2 * (1 - Double($0) / Double(agents)) / Double(agents) }
    let totalMass = masses.reduce(0, +)
    let share = 0.3
    var adoptedMassShares: [Double] = []
    for trial in 0..<200 {
      let offset = (Double(trial) + 0.5) / 200
      let thresholds = AdoptionThresholds(initialShare: share, offset: offset)
      let initial = (0..<agents).filter { thresholds.threshold(rank: $0).adoptedAtStart }
      #expect(abs(Double(initial.count) - share * Double(agents)) <= 2, "offset \(offset)")
      // Every run of 20 consecutive ranks holds 6 ± 2 initial adopters.
      for start in stride(from: 0, to: agents, by: 20) {
        let inRun = initial.filter { $0 >= start && $0 < start + 20 }.count
        #expect(abs(inRun - 6) <= 2, "offset \(offset), ranks \(start)…")
      }
      // Later adoption at a common hazard: after t months of hazard h, the agents whose
      // (conditional) threshold lies below 1 − (1 − h)^t have adopted; that share of the
      // remaining agents is within two agents of its expectation.
      let reached: Double = 1 - pow(0.95, 12.0)
      let later = (0..<agents).filter {
        let (adoptedAtStart, threshold) = thresholds.threshold(rank: $0)
        return !adoptedAtStart && threshold < reached
      }
      let remaining = Double(agents - initial.count)
      #expect(abs(Double(later.count) - reached * remaining) <= 2, "offset \(offset)")
      adoptedMassShares.append(initial.reduce(0) { $0 + masses[$1] } / totalMass)
      // The initial adopters' thresholds (rotated for the firms that replace them) are spread
      // over [0, 1) too: a quarter of them in each quarter, to within three agents.
      let initialThresholds = initial.map { thresholds.threshold(rank: $0).threshold }
      for quarter in 0..<4 {
        let inQuarter = initialThresholds.filter { Int($0 * 4) == quarter }.count
        #expect(abs(Double(inQuarter) - Double(initial.count) / 4) <= 3, "offset \(offset)")
      }
    }
    let mean = adoptedMassShares.reduce(0, +) / Double(adoptedMassShares.count)
    let spread = sqrt(
      adoptedMassShares.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        / Double(adoptedMassShares.count - 1))
    // Unbiased over offsets (each agent adopts with probability 0.3) …
    #expect(abs(mean - share) < 0.01, "\(mean)")
    // … and with a fifth or less of the spread of independent coin flips (about a tenth),
    // √(p(1 − p)·Σ m²)/Σ m.
    let coinFlipSpread =
      sqrt(share * (1 - share) * masses.reduce(0) { $0 + $1 * $1 }) / totalMass
    #expect(spread < coinFlipSpread / 5, "\(spread) against coin flips' \(coinFlipSpread)")
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
