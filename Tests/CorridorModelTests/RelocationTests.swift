import Engine
import Testing

@testable import CorridorModel

@Suite("Relocation in shares of strata")
struct RelocationTests {
  @Test(
    "Firms that move abroad leave their home strata and arrive in the hosts' pools: per home, firms at home plus firms abroad stay the founding count, month by month"
  )
  func relocatedFirmsAreConserved() throws {
    _ = try runConservingFirms(exitAfterLossMonths: 12)
  }

  @Test(
    "Losing pools shed firms that are replaced at home: with exits after one month in the red, firms are still conserved per home, exits happen and fewer of China's firms stay abroad"
  )
  func poolExitsReturnFirmsHome() throws {
    let patient = try runConservingFirms(exitAfterLossMonths: 12)
    let impatient = try runConservingFirms(exitAfterLossMonths: 1)
    // Here: no exits at 12 months, about 1,260 real firms at 1; China's firms abroad 3,920
    // against 3,840.
    #expect(impatient.exits > 10 * max(patient.exits, 10))
    #expect(impatient.chinaAbroad < patient.chinaAbroad - 10)
    #expect(impatient.chinaAbroad > 0)
  }

  /// Runs the tiny economy 26 months with fast wage growth in China (many moves), checking
  /// every month that each pool's firms by home add up to its weight and that, per home,
  /// firms at home plus firms abroad stay the founding count; returns the firm exits and
  /// China's firms abroad at the end.
  func runConservingFirms(exitAfterLossMonths: Double) throws -> (
    exits: Double, chinaAbroad: Double
  ) {
    var configuration = tinyEconomyConfiguration(months: 24)
    configuration.parameters.wageGrowthChinaPerYear = 0.5
    configuration.parameters.exitAfterLossMonths = exitAfterLossMonths
    let economy = try CorridorEconomy(configuration)
    let n = economy.countryCount
    let laborIntensive = UInt8(Sector.laborIntensive.rawValue)
    let pools = economy.relocationPools
    func nativeFirms() -> [Double] {
      var total = [Double](repeating: 0, count: n)
      for f in 0..<pools.firstPool where economy.firms.sector[f] == laborIntensive {
        total[Int(economy.firms.homeCountry[f])] += economy.firms.weightFirms[f]
      }
      return total
    }
    let founding = nativeFirms()
    let executor = ParallelExecutor(threadCount: 2)
    var moved = 0.0
    var exits = 0.0
    for _ in 0..<26 {
      economy.step(executor: executor)
      exits += economy.metrics.exits
      #expect(economy.failure == nil)
      let home = nativeFirms()
      var poolTotal = 0.0
      for pool in 0..<pools.poolCount {
        var byHome = 0.0
        for h in 0..<n { byHome += economy.relocationPoolFirmsByHome[pool * n + h] }
        let weight = economy.firms.weightFirms[pools.firstPool + pool]
        #expect(abs(byHome - weight) <= 1e-9 * max(weight, 1))
        poolTotal += weight
      }
      for h in 0..<n {
        let abroad = economy.metrics.relocatedFirmsByHomeCountry[h]
        #expect(abs(home[h] + abroad - founding[h]) <= 1e-9 * founding[h], "home \(h)")
      }
      moved = poolTotal
    }
    // China's firms moved, and into corridor countries only.
    #expect(economy.metrics.relocatedFirmsByHomeCountry[economy.world.chinaIndex] > 0)
    #expect(moved > 0)
    for (slot, host) in pools.hosts.enumerated() {
      #expect(economy.world.countries[host].corridor.isBeltAndRoad)
      for k in 0..<RelocationPoolLayout.classCount {
        let f = pools.pool(slot: slot, sizeClass: k)
        #expect(Int(economy.firms.country[f]) == host)
        #expect(economy.relocationPoolFirmsByHome[(f - pools.firstPool) * n + host] == 0)
      }
    }
    return (exits, economy.metrics.relocatedFirmsByHomeCountry[economy.world.chinaIndex])
  }
}
