import Engine
import Testing

@testable import CorridorModel

@Suite("Congestion on the export revenue a cell can expect")
struct CongestionTests {
  @Test(
    "Each market's revenue is shared among origins by their CES competitiveness: the cells' expected exports add up to the markets' revenue and follow what the big cells sell"
  )
  func expectedExportsAddUp() throws {
    let configuration = tinyEconomyConfiguration(months: 14)
    let economy = try CorridorEconomy(configuration)
    let executor = ParallelExecutor(threadCount: 2)
    for _ in 0..<14 { economy.step(executor: executor) }
    let expected = economy.expectedExportRevenueByCell()
    let marketTotal = (0..<economy.marketRevenue.count).reduce(0.0) {
      $0 + economy.marketRevenue[$1]
    }
    let realized = economy.metrics.exportRevenueCNY
    #expect(marketTotal > 0)
    // Accounting: every market's revenue goes to some origin, once.
    #expect(abs(expected.reduce(0, +) / marketTotal - 1) < 1e-9)
    #expect(abs(realized.reduce(0, +) / marketTotal - 1) < 1e-9)
    #expect(expected.allSatisfy { $0 >= 0 && $0.isFinite })
    // China, with many agents and buyers, expects about what it sells (at this tiny scale its
    // sticky links book 1.3× its listed share: 0.76 here). A share given to the destination,
    // or to every origin alike, would miss by a factor of ten or more.
    let china = economy.world.chinaIndex
    var chinaExpected = 0.0
    var chinaRealized = 0.0
    for s in 0..<economy.sectorCount {
      chinaExpected += expected[economy.cell(china, s)]
      chinaRealized += realized[economy.cell(china, s)]
    }
    #expect(chinaRealized > 0.1 * marketTotal)
    #expect(chinaExpected > 0.5 * chinaRealized && chinaExpected < 1.5 * chinaRealized)
  }

  @Test(
    "The congestion target anticipates that a cell's exports fall as its costs rise: a steady state is its own target, and partial adjustment converges without the cobweb of targeting last month's utilization"
  )
  func congestionTargetHasNoCobweb() throws {
    var configuration = tinyEconomyConfiguration(months: 3)
    configuration.parameters.congestionCostElasticity = 2
    let economy = try CorridorEconomy(configuration)
    let executor = ParallelExecutor(threadCount: 2)
    for _ in 0..<3 { economy.step(executor: executor) }
    let p = configuration.parameters
    let china = economy.world.chinaIndex
    let index = economy.cell(china, Sector.laborIntensive.rawValue)
    let capacity =
      p.capacityToAbsorptionRatio * economy.cellDemandAtStartCNY[index] * economy.gdpIndex[china]
    let e = p.congestionCostElasticity
    let sigmaMinusOne = economy.sigmaMinusOne
    // A cell whose exports are half its sales: at multiplier m they sell (m/m₀)^(1−σ) times
    // what they sold at m₀; its domestic sales stay at half of capacity.
    let exportsAtOne = 2.5 * capacity
    let domestic = 0.5 * capacity
    func target(inEffect m0: Double) -> Double {
      let exports = exportsAtOne * Double.pow(m0, -sigmaMinusOne)
      economy.congestionInEffect[index] = m0
      economy.metrics.domesticRevenueCNY[index] = domestic
      return economy.congestionMultiplierTarget(
        cell: index, country: china, exportRevenueCNY: exports)
    }
    // The fixed point m = U(m)^e, by bisection on the exact response.
    var low = 1.0
    var high = 100.0
    for _ in 0..<200 {
      let m = 0.5 * (low + high)
      let utilization = (exportsAtOne * Double.pow(m, -sigmaMinusOne) + domestic) / capacity
      if Double.pow(max(utilization, 1), e) > m { low = m } else { high = m }
    }
    let fixedPoint = 0.5 * (low + high)
    #expect(fixedPoint > 1.1)
    // At the steady state the target is the multiplier in effect (to the log-linear
    // approximation's exactness there: the export share is measured at m₀).
    #expect(abs(target(inEffect: fixedPoint) / fixedPoint - 1) < 1e-9)
    // From no congestion, the multipliers approach the fixed point from below, month by month
    // (a = cost_adjustment_per_month), without overshooting.
    var m = 1.0
    var previous = 1.0
    for _ in 0..<120 {
      m += p.costAdjustmentPerMonth * (target(inEffect: m) - m)
      #expect(m >= previous - 1e-12 && m <= fixedPoint * (1 + 1e-9))
      previous = m
    }
    #expect(abs(m / fixedPoint - 1) < 1e-3)
    // The old rule, target = (last month's utilization)^e, overshoots and cycles here.
    var old = 1.0
    var swings = 0
    var lastStep = 0.0
    for _ in 0..<120 {
      let utilization = (exportsAtOne * Double.pow(old, -sigmaMinusOne) + domestic) / capacity
      let step = p.costAdjustmentPerMonth * (Double.pow(max(utilization, 1), e) - old)
      if step * lastStep < 0 { swings += 1 }
      lastStep = step
      old += step
    }
    #expect(swings > 20)
  }
}
