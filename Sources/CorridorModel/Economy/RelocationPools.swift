import Engine
import RealModule
import Stochastic

/// Where relocated producers live: one agent per (host, size class), whatever the scale.
///
/// Relocation moves shares of strata (docs/design/relocation-in-shares.md): each month a
/// labor-intensive stratum at home moves a share of its exporting firms abroad, spread over
/// every host that passes the cost test in proportion to population. The firms that arrive
/// at a host join the pool of their size class there, an ordinary firm agent whose stratum
/// is a band of the universal Pareto tail in φ^(σ−1) (every cell's j-th largest firm has
/// φ^(σ−1) = (M/(j − ½))^β, so a band of powers is a band of ranks of one virtual cell of
/// `virtualCellFirms` firms). The pools' number does not depend on the number of agents, so
/// what arrives at a host each month, and the congestion it causes, does not either.
struct RelocationPoolLayout: Sendable {
  /// Belt-and-Road countries (the hosts), ascending.
  let hosts: [Int]
  /// Per country: its host slot (−1 if not a host).
  let hostSlot: [Int]
  /// The first pool agent (pools follow the native firm agents).
  let firstPool: Int
  /// Lower edges of the size classes in φ^(σ−1) (the last class is open above).
  static let classEdges: [Double] = [0, 16, 64, 256, 1_024, 4_096, 16_384, 65_536]
  static var classCount: Int { classEdges.count }
  /// Firms of the virtual cell that places every power band at fixed ranks.
  static let virtualCellFirms = 4_294_967_296.0
  /// Fields of a partition's outflow per (home, class): firms, CES mass, cash, B2B adopters,
  /// B2C adopters.
  static let outflowFields = 5

  var poolCount: Int { hosts.count * Self.classCount }

  /// The pool of host slot `slot` and class `k`.
  @inline(__always) func pool(slot: Int, sizeClass k: Int) -> Int {
    firstPool + slot * Self.classCount + k
  }

  /// The size class of a mean φ^(σ−1).
  static func sizeClass(ofPower power: Double) -> Int {
    var k = 0
    while k + 1 < classEdges.count && power >= classEdges[k + 1] { k += 1 }
    return k
  }
}

extension CorridorEconomy {
  /// Firm agents that stand for strata of a country-sector's own firms (the pools follow).
  public var nativeFirmAgents: Int { relocationPools.firstPool }
  /// Agents of relocated producers, per host and size class (the same at every scale).
  public var relocationPoolAgents: Int { relocationPools.poolCount }

  /// Sets up the pool agents: located in their host, labor-intensive, empty; their stratum is
  /// their class's band of the virtual cell.
  func initializeRelocationPools() {
    let layout = relocationPools
    let strata = firmSizeStrata
    let beta = strata.powerExponent
    let virtualFirms = RelocationPoolLayout.virtualCellFirms
    // The top class ends at the strongest real firm of any cell, φ^(σ−1) = (2·max M)^β.
    var largestCell = 1.0
    for f in 0..<layout.firstPool {
      largestCell = max(largestCell, firms.stratumCellFirms[f])
    }
    let strongestRealPower = Double.pow(2 * largestCell, beta)
    for (slot, host) in layout.hosts.enumerated() {
      for k in 0..<RelocationPoolLayout.classCount {
        let f = layout.pool(slot: slot, sizeClass: k)
        firms.country[f] = Int32(host)
        firms.homeCountry[f] = Int32(host)
        firms.sector[f] = UInt8(Sector.laborIntensive.rawValue)
        firms.weightFirms[f] = 0
        // Ranks of the band: firms above power t are the top ½ + M·t^(−1/β).
        let upper =
          k + 1 < RelocationPoolLayout.classCount
          ? RelocationPoolLayout.classEdges[k + 1]
          : max(strongestRealPower, 4 * RelocationPoolLayout.classEdges[k])
        let lower = max(RelocationPoolLayout.classEdges[k], 1)
        let top = 0.5 + virtualFirms * Double.pow(upper, -1 / beta)
        let bottom = min(0.5 + virtualFirms * Double.pow(lower, -1 / beta), virtualFirms)
        firms.stratumCellFirms[f] = virtualFirms
        firms.stratumRanks[2 * f] = top
        firms.stratumRanks[2 * f + 1] = bottom
        firms.stratumRankSums[2 * f] = strata.rankSum(top)
        firms.stratumRankSums[2 * f + 1] = strata.rankSum(bottom)
        firms.strongestPower[f] = strata.power(rank: top, realFirms: virtualFirms)
        firms.weakestPower[f] = strata.power(rank: bottom, realFirms: virtualFirms, fromBelow: true)
        let mean = strata.meanPower(top: top, bottom: bottom, realFirms: virtualFirms)
        foundFirm(f, productivity: Double.pow(mean, 1 / sigmaMinusOne))
      }
    }
  }

  /// Per home country: the share of its labor-intensive exporters that would rather produce
  /// abroad, T_h, how many of them are already abroad, and so the share of its exporting
  /// firms that moves this month (0 in the spin-up).
  ///
  /// The saving a host offers: S = 1 − ρ/min(1, ρ₀), with ρ its labor-intensive unit cost
  /// over home's (congestion included on both sides) and ρ₀ that ratio at base-year
  /// conditions (the last spin-up month). Producers stand where they are in 2015 for reasons
  /// unit costs do not capture (clusters, market access, institutions: that rich countries'
  /// labor-intensive producers had not all left for the corridor by 2015), so the base year
  /// is taken as a location equilibrium: a host that was cheaper then offers a saving as its
  /// cost relative to home falls since, one that was dearer once it is cheaper than home.
  /// Firms differ in what a move costs them (plant, suppliers, buyers, managers' ties): the
  /// saving each needs is spread uniformly between `relocation_cost_saving_threshold` τ and
  /// 100 % (assumption), so a host with saving S attracts the share
  /// G(S) = max(0, (S − τ)/(1 − τ)) of home's exporters, and hosts share the corridor's
  /// movers in proportion to population: T_h = Σ_host population × G(S) / the corridor's
  /// population. With m_h the share of home's exporters abroad (its firms still abroad over
  /// those plus its exporters at home last month), the firms that want to go and have not yet
  /// gone, T_h − m_h, leave at the review rate r: home's strata move the share
  /// r·max(0, T_h − m_h)/(1 − m_h) of their exporting firms. Relocation thus follows the cost
  /// gap as a stock adjustment: a wider gap moves more firms, a steady one moves no more once
  /// those it pays have gone. (Until 2026-12 every exporter moved once any host passed the
  /// threshold, r·(the passing hosts' population share) of them every month for as long as it
  /// passed, and 14 % wage growth in China emptied its labor-intensive exports by 2024.)
  func updateRelocationPassShares() {
    let p = parameters
    let n = countryCount
    let corridorPopulation = relocationDestinationCumulative.last ?? 0
    let threshold = p.relocationCostSavingThreshold
    for home in 0..<n {
      let homeCell = cell(home, Sector.laborIntensive.rawValue)
      let homeCost = unitCost[homeCell] * congestionTarget[homeCell]
      var attracted = 0.0
      for host in 0..<n {
        let population =
          host == 0
          ? relocationDestinationCumulative[0]
          : relocationDestinationCumulative[host] - relocationDestinationCumulative[host - 1]
        if host != home && relocationUnitCost[host].isFinite && homeCost > 0 {
          let ratio = relocationUnitCost[host] / homeCost
          if isInSpinUp { relocationBaseCostRatio[home * n + host] = ratio }
          let saving = 1 - ratio / min(1, relocationBaseCostRatio[home * n + host])
          // (S ≤ 1, so a saving above the threshold means τ < 1 and G ≤ 1.)
          if saving > threshold {
            attracted += population * ((saving - threshold) / (1 - threshold))
          }
        }
        relocationPassCumulative[home * n + host] = attracted
      }
      guard !isInSpinUp, corridorPopulation > 0, attracted > 0 else {
        relocationMoveShare[home] = 0
        continue
      }
      let wanting = attracted / corridorPopulation
      var abroad = 0.0
      for f in laborIntensiveAgents[home] { abroad += relocatedFirmsAbroad[f] }
      let atHome = metrics.exporters[homeCell]
      let gone = abroad + atHome > 0 ? abroad / (abroad + atHome) : 0
      relocationMoveShare[home] =
        gone < 1 ? p.relocationReviewProbabilityPerMonth * max(0, wanting - gone) / (1 - gone) : 0
    }
  }

  /// A native labor-intensive stratum moves the share ``relocationMoveShare`` of its exporting
  /// firms (and of
  /// their CES mass) abroad with their share of its cash, out of which they pay the sunk cost
  /// (one traditional market's per firm); what remains is refitted as the stratum of the same
  /// bottom rank whose mean φ^(σ−1) is the remaining mass over the remaining firms (its top
  /// rank falls: exporters are its upper part). The movers go to the partition's outflow, by
  /// size class, for the serial ``relocateToPools()``. Returns the exporting shares of what
  /// remains (of its firms and of its CES mass), for the cell statistics.
  func moveExportingShare(
    _ f: Int, exporting: (firms: Double, mass: Double), tally: FirmTally
  ) -> (firms: Double, mass: Double) {
    let home = Int(firms.country[f])
    let share = relocationMoveShare[home]
    guard share > 0, exporting.firms > 0 else { return exporting }
    let weight = firms.weightFirms[f]
    let power = firms.productivityPower[f]
    let movedFirms = share * exporting.firms * weight
    let movedMass = share * exporting.mass * weight * power
    let remainingFirms = weight - movedFirms
    let remainingMass = weight * power - movedMass
    guard movedFirms > 0, remainingFirms > 0, remainingMass > 0 else { return exporting }
    let strata = firmSizeStrata
    let cellFirms = firms.stratumCellFirms[f]
    let bottom = firms.stratumRanks[2 * f + 1]
    let remainingPower = remainingMass / remainingFirms
    let top = strata.fitTop(
      meanPower: remainingPower, bottom: bottom, realFirms: cellFirms,
      lowest: firms.stratumRanks[2 * f])
    let cost =
      sunkCostPerFirm(
        country: home, sector: Sector.laborIntensive.rawValue,
        channel: Channel.traditional.rawValue) * movedFirms
    tally.flows.record(.exportEntryCost, cost)
    let movedCash = firms.cash[f] * movedFirms / weight - cost
    firms.cash[f] -= movedCash + cost
    firms.weightFirms[f] = remainingFirms
    firms.productivityPower[f] = remainingPower
    firms.productivity[f] = Double.pow(remainingPower, 1 / sigmaMinusOne)
    firms.stratumRanks[2 * f] = top
    firms.stratumRankSums[2 * f] = strata.rankSum(top)
    firms.strongestPower[f] = strata.power(rank: top, realFirms: cellFirms)
    let k = RelocationPoolLayout.sizeClass(ofPower: movedMass / movedFirms)
    let base =
      (home * RelocationPoolLayout.classCount + k) * RelocationPoolLayout.outflowFields
    tally.relocationOutflow[base] += movedFirms
    tally.relocationOutflow[base + 1] += movedMass
    tally.relocationOutflow[base + 2] += movedCash
    tally.relocationOutflow[base + 3] += movedFirms * firms.adoptedShare[2 * f]
    tally.relocationOutflow[base + 4] += movedFirms * firms.adoptedShare[2 * f + 1]
    relocatedFirmsAbroad[f] += movedFirms
    relocationMovedStep[f] = Int32(stepsTaken)
    relocationMovedClass[f] = UInt8(k)
    tally.relocations += movedFirms
    if home == china { tally.relocationsFromChina += movedFirms }
    return (
      firms: (exporting.firms * weight - movedFirms) / remainingFirms,
      mass: (exporting.mass * weight * power - movedMass) / remainingMass
    )
  }

  /// Serial phase after the firms: the month's movers, merged over the partitions in order,
  /// arrive at every passing host of their home in proportion to its population, in the pool
  /// of their size class. A pool's firms, mass, cash and adopters add up; its stratum keeps
  /// the band's top and its bottom is refitted to the new mean; a pool that was empty starts
  /// at its host's congestion. Its markets are those its firms pass the cut-offs of, reviewed
  /// monthly in the firm phase.
  func relocateToPools() {
    let layout = relocationPools
    let n = countryCount
    let classes = RelocationPoolLayout.classCount
    let fields = RelocationPoolLayout.outflowFields
    let strata = firmSizeStrata
    let virtualFirms = RelocationPoolLayout.virtualCellFirms
    var outflow = [Double](repeating: 0, count: n * classes * fields)
    var received = [Bool](repeating: false, count: layout.poolCount)
    for tally in firmTallies {
      for index in outflow.indices { outflow[index] += tally.relocationOutflow[index] }
    }
    replacePoolExitsAtHome()
    for home in 0..<n {
      let passing = relocationPassCumulative[home * n + n - 1]
      guard passing > 0 else { continue }
      var movedMass = 0.0
      for k in 0..<classes { movedMass += outflow[(home * classes + k) * fields + 1] }
      if movedMass > 0 { carryRelocatedCapacity(home: home, movedMass: movedMass) }
      for k in 0..<classes {
        let base = (home * classes + k) * fields
        guard outflow[base] > 0 else { continue }
        forEachPassingHost(of: home) { host, share in
          let f = layout.pool(slot: layout.hostSlot[host], sizeClass: k)
          let arriving = outflow[base] * share
          let oldWeight = firms.weightFirms[f]
          // The pool's part of its cell's sums before the arrival (recorded in the firm
          // phase); the difference is added below, so that the sums settle reads include
          // the arrivals this month (a domestic payout share w·(φ/m)^(σ−1) / Σ must not
          // exceed 1 next month).
          let before = (
            power: oldWeight * firms.productivityPower[f],
            competitive: oldWeight * competitivePower(f),
            b2b: oldWeight * firms.adoptedShare[2 * f],
            b2c: oldWeight * firms.adoptedShare[2 * f + 1]
          )
          let newWeight = oldWeight + arriving
          let mass = oldWeight * firms.productivityPower[f] + outflow[base + 1] * share
          if oldWeight == 0 {
            firms.costMultiplier[f] = congestionTarget[cell(host, Sector.laborIntensive.rawValue)]
            firms.lossMonths[f] = 0
          }
          firms.cash[f] += outflow[base + 2] * share
          let tally = firmTallies[firms.partitioning.partition(ofAgent: f)]
          var platformDraws = poolPlatformDraws.generator(agent: f, step: stepsTaken)
          for kind in 0..<2 {
            let adopters =
              oldWeight * firms.adoptedShare[2 * f + kind] + outflow[base + 3 + kind] * share
            let bit = UInt8(1 << kind)
            // The pool's sellers on its platform (recorded in the firm phase) become its
            // adopters after the arrival.
            if firms.adoption[f] & bit != 0 {
              tally.platformSellers[listedPlatform(f, kind: kind)] -=
                oldWeight * firms.adoptedShare[2 * f + kind]
            }
            firms.adoptedShare[2 * f + kind] = adopters / newWeight
            if adopters > 0 && firms.adoption[f] & bit == 0 {
              adopt(f, kind == 0 ? .b2b : .b2c, draw: platformDraws.uniform())
            }
            if firms.adoption[f] & bit != 0 {
              tally.platformSellers[listedPlatform(f, kind: kind)] += adopters
            }
          }
          firms.weightFirms[f] = newWeight
          received[f - layout.firstPool] = true
          let meanPower = mass / newWeight
          let bottom = strata.fitBottom(
            meanPower: meanPower, top: firms.stratumRanks[2 * f], realFirms: virtualFirms,
            highest: RelocationPoolLayout.bandBottom(
              sizeClass: k, powerExponent: strata.powerExponent))
          firms.stratumRanks[2 * f + 1] = bottom
          firms.stratumRankSums[2 * f + 1] = strata.rankSum(bottom)
          firms.weakestPower[f] = strata.power(
            rank: bottom, realFirms: virtualFirms, fromBelow: true)
          firms.productivityPower[f] = meanPower
          firms.productivity[f] = Double.pow(meanPower, 1 / sigmaMinusOne)
          relocationPoolFirmsByHome[(f - layout.firstPool) * n + home] += arriving
          let cellIndex = cell(host, Sector.laborIntensive.rawValue)
          tally.productivityPowerSum[cellIndex] += newWeight * meanPower - before.power
          tally.competitivePowerSum[cellIndex] +=
            newWeight * competitivePower(f) - before.competitive
          tally.firmCount[cellIndex] += arriving
          tally.b2bAdopters[cellIndex] += newWeight * firms.adoptedShare[2 * f] - before.b2b
          tally.b2cAdopters[cellIndex] += newWeight * firms.adoptedShare[2 * f + 1] - before.b2c
        }
      }
    }
    // The pools that grew enter the markets their firms now pass, without sunk costs: the
    // movers keep the access they had at home, and their buyers follow them.
    for pool in 0..<layout.poolCount where received[pool] {
      let f = layout.firstPool + pool
      reviewMarkets(
        f, tally: firmTallies[firms.partitioning.partition(ofAgent: f)], entryIsPaid: false)
    }
    relinkToPools()
  }

  /// Calls `body` with each host that attracts some of `home`'s movers and its share of them
  /// (its population × G(S) over the sum of the hosts'), in host order.
  @inline(__always)
  func forEachPassingHost(of home: Int, _ body: (_ host: Int, _ share: Double) -> Void) {
    let n = countryCount
    let passing = relocationPassCumulative[home * n + n - 1]
    guard passing > 0 else { return }
    var previous = 0.0
    for host in relocationPools.hosts {
      let running = relocationPassCumulative[home * n + host]
      let share = (running - previous) / passing
      previous = running
      if share > 0 { body(host, share) }
    }
  }

  /// The platform of kind `kind` (0 B2B, 1 B2C) agent `f` lists its adopters on.
  @inline(__always)
  func listedPlatform(_ f: Int, kind: Int) -> Int {
    Int(kind == 0 ? firms.b2bPlatform[f] : firms.b2cPlatform[f])
  }

  /// Movers take their plant with them: the share θ = `relocated_capacity_share` of their part
  /// of the home cell's capacity leaves it and joins the passing hosts' labor-intensive
  /// capacity, spread as the movers are (in proportion to the hosts' populations). Their part
  /// is their CES mass over the cell's (last month's Σ φ^(σ−1)); the rest of the capacity
  /// (the labor and land they leave) stays. Capacity is sales at the cell's costs, so the same
  /// plant is worth u_host/u_home of its home value at the host (physical units: CNY over the
  /// labor-intensive unit cost are conserved), and it is kept in base-year units of each
  /// country (divided by its GDP index). A host's congestion then rises by less than its
  /// arrivals' sales, and the home's falls by less than its movers' sales. When relocated
  /// firms later exit, their plant stays in the host (it is sold with them; their
  /// replacements at home start without it).
  func carryRelocatedCapacity(home: Int, movedMass: Double) {
    let origin = cell(home, Sector.laborIntensive.rawValue)
    let originMass = productivityPowerSum[origin]
    guard originMass > 0 else { return }
    let movedShare = min(movedMass / originMass, 1)
    let movedCNY =
      parameters.relocatedCapacityShare * movedShare
      * (cellDemandAtStartCNY[origin] + carriedCapacityCNY[origin]) * gdpIndex[home]
    guard movedCNY > 0 else { return }
    carriedCapacityCNY[origin] -= movedCNY / gdpIndex[home]
    forEachPassingHost(of: home) { host, share in
      let hostCell = cell(host, Sector.laborIntensive.rawValue)
      carriedCapacityCNY[hostCell] +=
        movedCNY * share * (unitCost[hostCell] / unitCost[origin]) / gdpIndex[host]
    }
  }

  /// A pool that has lost money for `exit_after_loss_months` months sheds the share
  /// x = 1/L of its firms this month (a native stratum that long in the red exits whole and
  /// is replaced by entrants of its size at home; a pool stands for firms of every home and
  /// size in its band, so it sheds them at the rate at which a stratum's firms would go).
  /// The owners take the same share of its cash; its shape, adopted shares, markets and links
  /// stay. The exiting firms, and their CES mass, are replaced at home
  /// (``replacePoolExitsAtHome()``), as a relocated firm's exit was replaced at home.
  func shedPoolShare(_ f: Int, tally: FirmTally) {
    let layout = relocationPools
    let n = countryCount
    let share = min(1 / max(parameters.exitAfterLossMonths, 1), 1)
    let weight = firms.weightFirms[f]
    let ownersCash = share * firms.cash[f]
    if ownersCash >= 0 {
      tally.flows.record(.ownerWithdrawal, ownersCash)
    } else {
      tally.flows.record(.ownerInjection, -ownersCash)
    }
    firms.cash[f] -= ownersCash
    firms.weightFirms[f] = weight - share * weight
    tally.exits += share * weight
    let power = firms.productivityPower[f]
    let row = (f - layout.firstPool) * n
    for home in 0..<n {
      let returned = share * relocationPoolFirmsByHome[row + home]
      guard returned > 0 else { continue }
      relocationPoolFirmsByHome[row + home] -= returned
      tally.relocationReturn[2 * home] += returned
      tally.relocationReturn[2 * home + 1] += returned * power
    }
  }

  /// Serial: the firms that left the pools this month are replaced at home by entrants of
  /// the same number and CES mass, spread over home's labor-intensive strata in proportion to
  /// the firms each has abroad. A stratum that gets c firms of mass m back is refitted, as in
  /// ``moveExportingShare(_:exporting:tally:)`` in reverse: same bottom, its top rises toward
  /// its founding top until the mean φ^(σ−1) is (w·p + m)/(w + c). The entrants hold no
  /// platform yet (adopted shares a·w/(w + c)) and no cash. The cell sums, recorded in the
  /// firm phase, take the differences.
  func replacePoolExitsAtHome() {
    let n = countryCount
    var returns = [Double](repeating: 0, count: 2 * n)
    for tally in firmTallies {
      for index in returns.indices { returns[index] += tally.relocationReturn[index] }
    }
    let strata = firmSizeStrata
    for home in 0..<n where returns[2 * home] > 0 {
      let agents = laborIntensiveAgents[home]
      var abroad = 0.0
      for f in agents { abroad += relocatedFirmsAbroad[f] }
      guard abroad > 0 else { continue }
      for f in agents where relocatedFirmsAbroad[f] > 0 {
        let part = relocatedFirmsAbroad[f] / abroad
        let firmsBack = returns[2 * home] * part
        let massBack = returns[2 * home + 1] * part
        let oldWeight = firms.weightFirms[f]
        let before = (
          power: oldWeight * firms.productivityPower[f],
          competitive: oldWeight * competitivePower(f)
        )
        let newWeight = oldWeight + firmsBack
        let meanPower = (before.power + massBack) / newWeight
        let cellFirms = firms.stratumCellFirms[f]
        let top = strata.fitTop(
          meanPower: meanPower, bottom: firms.stratumRanks[2 * f + 1], realFirms: cellFirms,
          lowest: foundingTopRank[f])
        firms.stratumRanks[2 * f] = top
        firms.stratumRankSums[2 * f] = strata.rankSum(top)
        firms.strongestPower[f] = strata.power(rank: top, realFirms: cellFirms)
        firms.weightFirms[f] = newWeight
        firms.productivityPower[f] = meanPower
        firms.productivity[f] = Double.pow(meanPower, 1 / sigmaMinusOne)
        for kind in 0..<2 {
          firms.adoptedShare[2 * f + kind] *= oldWeight / newWeight
        }
        relocatedFirmsAbroad[f] = max(relocatedFirmsAbroad[f] - firmsBack, 0)
        let tally = firmTallies[firms.partitioning.partition(ofAgent: f)]
        let cellIndex = cell(home, Sector.laborIntensive.rawValue)
        tally.productivityPowerSum[cellIndex] += newWeight * meanPower - before.power
        tally.competitivePowerSum[cellIndex] += newWeight * competitivePower(f) - before.competitive
        tally.firmCount[cellIndex] += firmsBack
      }
    }
  }

  /// The importers' links follow the firms that moved: a link to a stratum that moved the
  /// share q of its exporters this month passes, with probability q, to a pool of the moved
  /// firms' size class in a host drawn as they were spread (population among the passing
  /// hosts), or lapses if that pool does not serve the importer's market (its own country,
  /// or a cut-off its firms miss). The link's weight is the market's, not the supplier's
  /// (``listedMassOverOwnPower``), so without this the buyers of the moved firms would stay
  /// with the firms at home.
  func relinkToPools() {
    let layout = relocationPools
    let n = countryCount
    let slots = importers.slots
    let step = Int32(stepsTaken)
    let partitioning = importers.partitioning
    // The columns' storage: importers' partitions run side by side, each writing its own
    // importers' slots and drawing from its importers' streams.
    let supplierFirm = importers.supplierFirm.storage
    let supplierGeneration = importers.supplierGeneration.storage
    let supplierChannel = importers.supplierChannel.storage
    let importerCountry = importers.country.storage
    let generation = firms.generation.storage
    let firmCountry = firms.country.storage
    let movedStep = relocationMovedStep.storage
    let movedClass = relocationMovedClass.storage
    stepExecutor.forEachPartition(partitioning.partitionCount) { partition in
      for m in partitioning.range(of: partition) {
        var random: Xoshiro256StarStar? = nil
        for k in 0..<slots {
          let slot = m * slots + k
          let f = Int(supplierFirm[slot])
          guard f >= 0, f < layout.firstPool, movedStep[f] == step,
            supplierGeneration[slot] == generation[f]
          else { continue }
          if random == nil { random = relinkDraws.generator(agent: m, step: stepsTaken) }
          let home = Int(firmCountry[f])
          let share = relocationMoveShare[home]
          let passing = relocationPassCumulative[home * n + n - 1]
          guard passing > 0, random!.uniform() < share else { continue }
          let target = random!.uniform() * passing
          var host = n - 1
          for candidate in 0..<n where relocationPassCumulative[home * n + candidate] > target {
            host = candidate
            break
          }
          let d = Int(importerCountry[m])
          let channel = Int(supplierChannel[slot])
          let slotOfHost = layout.hostSlot[host]
          guard slotOfHost >= 0 else { continue }
          let pool = layout.pool(slot: slotOfHost, sizeClass: Int(movedClass[f]))
          if host != d && firms.isActive(pool, destination: d, channel: channel) {
            supplierFirm[slot] = Int32(pool)
            supplierGeneration[slot] = generation[pool]
          } else {
            supplierFirm[slot] = -1
          }
        }
      }
    }
  }
}

extension RelocationPoolLayout {
  /// The bottom rank of class `k`'s band in the virtual cell.
  static func bandBottom(sizeClass k: Int, powerExponent beta: Double) -> Double {
    min(0.5 + virtualCellFirms * Double.pow(max(classEdges[k], 1), -1 / beta), virtualCellFirms)
  }
}
