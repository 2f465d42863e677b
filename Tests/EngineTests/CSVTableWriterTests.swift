import Foundation
import Testing

@testable import Engine

@Suite("CSV tables")
struct CSVTableWriterTests {
  func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "brisim-csv-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test("Header, rows, RFC 4180 quoting and round-trip number formatting")
  func writesTidyTable() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("world.csv").path
    let table = try CSVTableWriter(path: path, columns: ["date", "country", "exports_cny"])
    table.append("2015-01")
    table.append("Bosnia, and \"Herzegovina\"")
    table.append(0.1)
    try table.endRow()
    try table.writeRow(["2015-02", "China", "1e-05"])
    #expect(
      !FileManager.default.fileExists(atPath: path), "nothing at the final path before finish()")
    try table.finish()
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(
      text
        == "date,country,exports_cny\n2015-01,\"Bosnia, and \"\"Herzegovina\"\"\",0.1\n2015-02,China,1e-05\n"
    )
    #expect(table.rowCount == 2)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["world.csv"])
  }

  @Test("A row with the wrong number of fields is an error naming the file and row")
  func wrongFieldCount() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("flows.csv").path
    let table = try CSVTableWriter(path: path, columns: ["a", "b"])
    table.append(1)
    #expect {
      try table.endRow()
    } throws: { error in
      "\(error)".contains("flows.csv")
        && "\(error)".contains("row 1 has 1 fields, the header has 2")
    }
  }

  @Test("A table dropped or discarded before finish leaves no file behind")
  func discardLeavesNothing() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    do {
      let table = try CSVTableWriter(
        path: folder.appendingPathComponent("a.csv").path, columns: ["x"])
      try table.writeRow(["1"])
    }
    let discarded = try CSVTableWriter(
      path: folder.appendingPathComponent("b.csv").path, columns: ["x"])
    discarded.discard()
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }

  @Test("Opening a table in a missing folder fails with the path in the message")
  func missingFolder() {
    #expect {
      _ = try CSVTableWriter(path: "/nonexistent-brisim/x.csv", columns: ["x"])
    } throws: { "\($0)".contains("/nonexistent-brisim/x.csv") }
  }
}

/// A model whose step only counts, for testing the collection hook.
final class CountingModel: SimulationModel {
  var stepsTaken = 0
  func step(executor: ParallelExecutor, timings: PhaseTimings?) { stepsTaken += 1 }
}

struct CollectionFailure: Error {}

@Suite("Data collection")
struct StepCollectorTests {
  @Test("Collectors stream rows every k steps and publish the table after the last step")
  func collectsOnInterval() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "brisim-collect-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("steps.csv").path
    let model = CountingModel()
    let collector = StepCollector<CountingModel>(
      table: try CSVTableWriter(path: path, columns: ["step", "entity"]), every: 3
    ) { model, step, table in
      for entity in ["a", "b"] {
        table.append(step)
        table.append(entity)
        try table.endRow()
      }
    }
    try model.run(steps: 10, executor: ParallelExecutor(threadCount: 1), collectors: [collector])
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text == "step,entity\n3,a\n3,b\n6,a\n6,b\n9,a\n9,b\n")
  }

  @Test("A collector that throws midway leaves no table behind")
  func failureDiscards() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "brisim-collect-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let model = CountingModel()
    let collector = StepCollector<CountingModel>(
      table: try CSVTableWriter(
        path: folder.appendingPathComponent("x.csv").path, columns: ["step"])
    ) { _, step, table in
      if step == 4 { throw CollectionFailure() }
      table.append(step)
      try table.endRow()
    }
    #expect(throws: CollectionFailure.self) {
      try model.run(steps: 10, executor: ParallelExecutor(threadCount: 1), collectors: [collector])
    }
    #expect(model.stepsTaken == 4)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }
}
