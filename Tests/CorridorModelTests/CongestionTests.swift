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
}
