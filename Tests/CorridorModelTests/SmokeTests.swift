import Engine
import Testing

@testable import CorridorModel

@Suite("Corridor economy: a small run")
struct SmokeTests {
  @Test("A small economy runs two years with balanced books and trade in every channel")
  func smallRun() throws {
    var configuration = EconomyConfiguration(scale: ScaleSettings().scaled(by: 0.05), seed: 3)
    configuration.parameters.spinUpMonths = 12
    configuration.calendar = ModelCalendar(months: 24)
    let economy = try CorridorEconomy(configuration)
    try economy.runAll(executor: ParallelExecutor(threadCount: 2))
    let metrics = economy.metrics
    let china = economy.world.chinaIndex
    let all = Array(0..<economy.world.count)
    #expect(metrics.accountingResidual < 1e-12)
    for channel in Channel.allCases {
      #expect(metrics.flowTotal(origins: [china], destinations: all, channels: [channel]) > 0, "\(channel)")
    }
  }
}
