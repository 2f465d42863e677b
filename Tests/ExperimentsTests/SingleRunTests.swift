import CorridorModel
import Foundation
import Testing

@testable import Experiments

func temporaryFolder(_ name: String) throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "brisim-\(name)-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// A small, short configuration for output tests.
func smallConfiguration(seed: UInt64 = 5) -> EconomyConfiguration {
  var configuration = EconomyConfiguration(
    calendar: ModelCalendar(months: 14), scale: ScaleSettings().scaled(by: 0.05), seed: seed)
  configuration.parameters.spinUpMonths = 6
  return configuration
}

@Suite("Single runs: outputs")
struct SingleRunTests {
  @Test("Byte-identical CSVs for 1, 2 and 4 threads; a different seed changes them")
  func threadInvariance() throws {
    let root = try temporaryFolder("threads")
    defer { try? FileManager.default.removeItem(at: root) }
    func run(threads: Int, seed: UInt64 = 5) throws -> [String: Data] {
      let folder = root.appendingPathComponent("t\(threads)-s\(seed)").path
      _ = try SingleRun(
        configuration: smallConfiguration(seed: seed), outputDirectory: folder, threads: threads
      ).run()
      var files: [String: Data] = [:]
      for name in ["world.csv", "corridors.csv", "countries.csv", "flows.csv"] {
        files[name] = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)"))
      }
      return files
    }
    let one = try run(threads: 1)
    #expect(try run(threads: 2) == one)
    #expect(try run(threads: 4) == one)
    #expect(try run(threads: 2, seed: 6)["world.csv"] != one["world.csv"])
  }

  @Test(
    "Tables are tidy: headers, one world row per month, one country row per month and country, yearly flows"
  )
  func tableShapes() throws {
    let folder = try temporaryFolder("shapes")
    defer { try? FileManager.default.removeItem(at: folder) }
    let configuration = smallConfiguration()
    _ = try SingleRun(configuration: configuration, outputDirectory: folder.path, threads: 2).run()
    func lines(_ name: String) throws -> [Substring] {
      try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).split(
        separator: "\n")
    }
    let world = try lines("world.csv")
    #expect(world.first == Substring(RunOutputs.worldColumns.joined(separator: ",")))
    #expect(world.count == 1 + 14)
    #expect(world[1].hasPrefix("2015-01,"))
    #expect(world.last!.hasPrefix("2016-02,"))
    let countries = try lines("countries.csv")
    #expect(countries.count == 1 + 14 * configuration.world.count)
    let corridors = try lines("corridors.csv")
    #expect(corridors.first == Substring(RunOutputs.corridorColumns.joined(separator: ",")))
    // Seven corridors and the rest of the world, every month; China has no row.
    #expect(corridors.count == 1 + 14 * 8)
    #expect(!corridors.contains { $0.split(separator: ",")[1] == "CHN" })
    // China's exports and e-commerce exports to the corridors add up to its totals in world.csv.
    func column(_ rows: [Substring], _ name: String, header: [String]) -> [Double] {
      let index = header.firstIndex(of: name)!
      return rows.dropFirst().map { Double($0.split(separator: ",")[index])! }
    }
    let corridorExports = column(
      corridors, "china_exports_cny", header: RunOutputs.corridorColumns)
    let corridorCBEC = column(
      corridors, "china_cbec_exports_cny", header: RunOutputs.corridorColumns)
    let worldExports = column(world, "china_exports_cny", header: RunOutputs.worldColumns)
    let worldCBEC = column(world, "china_cbec_exports_cny", header: RunOutputs.worldColumns)
    for month in 0..<14 {
      let exports = corridorExports[(month * 8)..<(month * 8 + 8)].reduce(0, +)
      let cbec = corridorCBEC[(month * 8)..<(month * 8 + 8)].reduce(0, +)
      #expect(abs(exports - worldExports[month]) <= 1e-9 * worldExports[month])
      #expect(abs(cbec - worldCBEC[month]) <= 1e-9 * worldCBEC[month])
      #expect(worldCBEC[month] > 0)
    }
    let flows = try lines("flows.csv")
    #expect(flows.first == "period,origin,destination,channel,sector,value_cny")
    #expect(Set(flows.dropFirst().map { $0.split(separator: ",")[0] }) == ["2015", "2016"])
    let manifest =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: folder.appendingPathComponent("manifest.json"))) as! [String: Any]
    #expect(manifest["seed"] as? Int == 5)
    #expect((manifest["parameters"] as? [String: String])?["elasticity_of_substitution"] == "4.0")
    #expect(manifest["brisim_version"] as? String != nil)
  }

  @Test("A run the model stops leaves no table and no manifest behind, and says why in one line")
  func failureLeavesNothing() throws {
    let folder = try temporaryFolder("failure")
    defer { try? FileManager.default.removeItem(at: folder) }
    var configuration = smallConfiguration()
    configuration.injectedNaNStep = configuration.parameters.spinUpMonths + 2
    configuration.parameters.wageGrowthChinaPerYear = 0.12
    let failure = try #require(
      throws: RunFailure.self,
      performing: {
        _ = try SingleRun(configuration: configuration, outputDirectory: folder.path, threads: 2)
          .run()
      })
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    #expect(
      failure.description
        == "run \(folder.lastPathComponent), month 2015-03: wages (CNY per month) became NaN (parameters that differ from the defaults: wage_growth_china_per_year=0.12, spin_up_months=\(configuration.parameters.spinUpMonths))"
    )
    #expect(!failure.description.contains("\n"))

    // A folder the run created is removed again.
    let fresh = folder.appendingPathComponent("fresh")
    #expect(throws: RunFailure.self) {
      _ = try SingleRun(configuration: configuration, outputDirectory: fresh.path, threads: 2)
        .run()
    }
    #expect(!FileManager.default.fileExists(atPath: fresh.path))

    // A configuration outside the catalog's ranges never starts.
    configuration.injectedNaNStep = nil
    configuration.parameters.accountingTolerance = 0
    #expect(throws: ModelInputError.self) {
      _ = try SingleRun(configuration: configuration, outputDirectory: fresh.path, threads: 2)
        .run()
    }
  }
}
