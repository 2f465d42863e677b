import Engine
import Testing

@testable import CorridorModel

@Suite("Corridor economy: books and channels")
struct SmokeTests {
  @Test(
    "Word of mouth in a large economy runs country group by group through a scratch of one group, each household's trust moving toward a compatriot's old trust"
  )
  func wordOfMouthGroups() throws {
    // 1.2 million household agents: more than one group of at most 2²⁰.
    let configuration = EconomyConfiguration(
      calendar: ModelCalendar(months: 1), scale: ScaleSettings().scaled(by: 6), seed: 5)
    let economy = try CorridorEconomy(configuration)
    let consumers = economy.consumers
    let groups = consumers.wordOfMouthGroups
    #expect(groups.count > 1)
    let largestCountry = consumers.countryRanges.map(\.count).max()!
    #expect(consumers.trustScratch.count < consumers.count)
    #expect(
      consumers.trustScratch.count <= max(largestCountry, consumers.count / 8 + 1, 1 << 20))
    // The groups cover the households in order, whole countries and whole partitions.
    var next = 0
    for group in groups {
      #expect(group.agents.lowerBound == next)
      #expect(consumers.trustScratch.count >= group.agents.count)
      #expect(consumers.partitioning.range(of: group.partitions.lowerBound).lowerBound == next)
      next = group.agents.upperBound
      #expect(consumers.partitioning.range(of: group.partitions.upperBound - 1).upperBound == next)
      #expect(consumers.countryRanges.allSatisfy { $0.upperBound <= next || $0.lowerBound >= next })
    }
    #expect(next == consumers.count)
    // One month of word of mouth against the rule applied to the old trust.
    let old = consumers.trust.values
    economy.spreadWordOfMouth()
    let weight = configuration.parameters.wordOfMouthWeightPerMonth
    var checked = 0
    for i in stride(from: 0, to: consumers.count, by: 997) {
      let compatriots = consumers.countryRanges[consumers.country(of: i)]
      var random = economy.wordOfMouthDraws.generator(agent: i, step: economy.stepsTaken)
      let peer = compatriots.lowerBound + random.uniformInt(below: compatriots.count)
      #expect(consumers.trust[i] == old[i] + weight * (old[peer] - old[i]), "household \(i)")
      checked += 1
    }
    #expect(checked > 1000)
    #expect(zip(old, consumers.trust.values).contains { $0 != $1 })
  }

  @Test(
    "The test economy runs six years with the books balanced every month and trade in every channel"
  )
  func booksAndChannels() throws {
    // runScenario throws the accounting error of the first month whose books do not balance.
    let outcome = try BaselineRuns.shared.outcome(seed: 11)
    #expect(outcome.economy.metrics.accountingResidual < 1e-12)
    for channel in Channel.allCases {
      #expect(
        outcome.flow(origins: [outcome.china], destinations: outcome.all, channels: [channel]) > 0,
        "\(channel)")
      #expect(
        outcome.flow(origins: outcome.all, destinations: [outcome.china], channels: [channel]) > 0,
        "\(channel)")
    }
  }

  @Test(
    "Consumers are sorted by country: each one's country (found from the ranges, no column) holds it, and every partition lies in one country"
  )
  func consumerCountries() throws {
    let economy = try CorridorEconomy(tinyEconomyConfiguration(months: 1))
    let consumers = economy.consumers
    var counts = [Int](repeating: 0, count: economy.countryCount)
    for i in 0..<consumers.count {
      let c = consumers.country(of: i)
      #expect(consumers.countryRanges[c].contains(i))
      counts[c] += 1
    }
    #expect(counts == consumers.countryRanges.map(\.count))
    #expect(counts.allSatisfy { $0 > 0 })
    for partition in 0..<consumers.partitioning.partitionCount {
      let range = consumers.partitioning.range(of: partition)
      #expect(
        consumers.countryRanges[economy.consumerPartitionCountry[partition]].contains(
          range.lowerBound)
          && range.allSatisfy {
            consumers.country(of: $0) == consumers.country(of: range.lowerBound)
          })
    }
  }

  @Test(
    "Any number of firm agents runs: with 2,520 the directory rebuild has more firm ranges than 64-firm words left for its last ones"
  )
  func firmCountWithEmptyRanges() throws {
    var configuration = tinyEconomyConfiguration(months: 3)
    // 2,520 firms: 40 words of 64 firms in 16 ranges of 3 words, so ranges 14 and 15 start
    // past the last word (this count, `--scale 0.126`, once stopped the run). The pools of
    // relocated producers (one per host and size class) follow the native agents.
    let pools = try CorridorEconomy(configuration).relocationPools.poolCount
    configuration.scale.firms = 2_520 - pools
    let economy = try CorridorEconomy(configuration)
    #expect(economy.firms.count == 2_520)
    let executor = ParallelExecutor(threadCount: 2)
    for _ in 0..<5 { economy.step(executor: executor) }
    #expect(economy.failure == nil)
    #expect(economy.stepsTaken == 5)
    #expect(economy.metrics.flowValueCNY.reduce(0, +) > 0)
  }

  @Test(
    "Money that appears outside the named flows stops the run with an error naming the step and accounts"
  )
  func accountingFailure() throws {
    let configuration = tinyEconomyConfiguration(months: 6)
    let economy = try CorridorEconomy(configuration)
    let executor = ParallelExecutor(threadCount: 2)
    for _ in 0..<4 { economy.step(executor: executor) }
    #expect(economy.failure == nil)
    // A payment without a counterpart: one consumer's cash grows from nothing.
    economy.consumers.cash[0] += 1e6
    economy.step(executor: executor)
    let failure = try #require(economy.failure as? AccountingError)
    #expect(failure.step == 4)
    #expect(failure.description.hasPrefix("month 2015-03: the books do not balance"))
    #expect(failure.description.contains("consumers"))
    #expect(abs(failure.balanceChange - failure.netNamedFlows - 1e6) < 1)
    // The model refuses to go on.
    economy.step(executor: executor)
    #expect(economy.stepsTaken == 5)
    #expect(throws: AccountingError.self) { try economy.runAll(executor: executor) }
  }

  @Test(
    "A NaN stops the run in the month it appears, naming the quantity where the chain broke")
  func numericalFailure() throws {
    var configuration = tinyEconomyConfiguration(months: 6)
    configuration.injectedNaNStep = 3
    let economy = try CorridorEconomy(configuration)
    let executor = ParallelExecutor(threadCount: 2)
    for _ in 0..<3 { economy.step(executor: executor) }
    #expect(economy.failure == nil)
    economy.step(executor: executor)
    let failure = try #require(economy.failure as? NumericalError)
    // Step 3 is the second calendar month after two spin-up months; the NaN wage is named,
    // not the prices, budgets and balances it spoils downstream.
    #expect(failure.description == "month 2015-02: wages (CNY per month) became NaN")
    #expect(throws: NumericalError.self) { try economy.runAll(executor: executor) }
    #expect(economy.stepsTaken == 4)

    // In spin-up the month is named as such.
    configuration.injectedNaNStep = 0
    let early = try CorridorEconomy(configuration)
    early.step(executor: executor)
    #expect(early.failure?.description == "spin-up month 1 of 2: wages (CNY per month) became NaN")
  }
}
