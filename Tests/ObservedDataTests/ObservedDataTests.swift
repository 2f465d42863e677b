import Foundation
import Testing

@testable import ObservedData

@Suite("Observed data")
struct ObservedDataTests {
  @Test("Every stylized fact parses, lies within its own range and names a source")
  func factsAreConsistent() {
    let facts = ObservedFacts.all
    #expect(facts.count == 31)
    #expect(Set(facts.map(\.id)).count == facts.count)
    for fact in facts {
      #expect(fact.low <= fact.observed && fact.observed <= fact.high, "\(fact.id)")
      #expect(!fact.source.isEmpty && !fact.unit.isEmpty, "\(fact.id)")
    }
    #expect(ObservedFacts.fact("gravity_distance_elasticity")?.observed == -0.9)
    #expect(ObservedFacts.fact("no_such_fact") == nil)
  }

  @Test("The CBEC series and the stylized facts agree, and the series grows every year")
  func seriesMatchesFacts() {
    let lines = ObservedFacts.cbecSeriesCSV.split(separator: "\n").dropFirst()
    var previous = 0.0
    for line in lines {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false)
      let year = cells[0]
      let level = Double(cells[1])!
      #expect(ObservedFacts.fact("cbec_volume_\(year)")?.observed == level)
      #expect(level > previous)
      previous = level
    }
    #expect(lines.count == 5)
    // Derived facts are what their sources say: 6.3 of 7.6 trillion, 4.6 and 1.25 of 5.85.
    #expect(abs(6.3 / 7.6 - ObservedFacts.fact("cbec_export_share_2017")!.observed) < 0.002)
    #expect(abs((5.85 - 1.25) / 5.85 - ObservedFacts.fact("b2b_share_2016")!.observed) < 0.001)
    #expect(abs(1.25 / 5.85 - ObservedFacts.fact("b2c_share_2016")!.observed) < 0.001)
    #expect(
      abs(pow(97_528 / 26_810, 1.0 / 13) - 1 - ObservedFacts.fact("china_wage_growth")!.observed)
        < 0.001)
    #expect(
      abs(
        17.9 / 20.7 - ObservedFacts.fact("labor_intensive_export_share_ratio_2022")!.observed)
        < 0.001)
  }
}
