import Foundation
import Testing

@testable import CorridorModel

@Suite("Documentation stays true")
struct DocumentationTests {
  /// The repository's root folder.
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  @Test("docs/ODD.md lists every parameter with its current default, unit, range and meaning")
  func oddParameterTable() throws {
    let text = try String(
      contentsOf: Self.root.appendingPathComponent("docs/ODD.md"), encoding: .utf8)
    for spec in ParameterCatalog.all {
      // The whole row, as `brisim parameters --markdown` prints it.
      let row =
        "| `\(spec.name)` | \(spec.defaultText) | \(spec.unit) | \(spec.rangeText) | \(spec.meaningWithRangeNote) |"
      #expect(text.contains(row), "\(spec.name): row missing or stale; expected \(row)")
    }
    #expect(
      Set(ParameterCatalog.all.map(\.name)).count == ParameterCatalog.all.count,
      "parameter names are unique")
  }

  @Test("Every function docs/ODD.md §3.3 names for a behaviour exists in the model's sources")
  func oddBehaviourFunctions() throws {
    let text = try String(
      contentsOf: Self.root.appendingPathComponent("docs/ODD.md"), encoding: .utf8)
    let sourcesFolder = Self.root.appendingPathComponent("Sources/CorridorModel")
    var sources = ""
    let files = FileManager.default.enumerator(at: sourcesFolder, includingPropertiesForKeys: nil)
    while let file = files?.nextObject() as? URL {
      guard file.pathExtension == "swift" else { continue }
      sources += try String(contentsOf: file, encoding: .utf8)
    }
    // The rows of the table "| behaviour | § | function |": names in backticks in the last
    // column, `Type.name` for a type's function.
    let rows = text.split(separator: "\n").drop { !$0.hasPrefix("| behaviour | § | function |") }
      .dropFirst(2).prefix { $0.hasPrefix("|") }
    #expect(rows.count >= 20, "the table has \(rows.count) rows")
    var names: [String] = []
    for row in rows {
      let cells = row.split(separator: "|")
      let functions = cells.last!.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }
      #expect(!functions.isEmpty, "row without a function: \(row)")
      names += functions.map { String($0.element) }
    }
    for name in names {
      let parts = name.split(separator: ".")
      let function = String(parts.last!)
      #expect(sources.contains("func \(function)("), "\(name) is not a function of the model")
      if parts.count == 2 {
        #expect(
          sources.contains("class \(parts[0])") || sources.contains("struct \(parts[0])")
            || sources.contains("extension \(parts[0])"), "\(name): no type \(parts[0])")
      }
    }
  }

  @Test("Every parameter can be set by name and rejects values outside its range")
  func catalogSetters() throws {
    for spec in ParameterCatalog.all {
      var parameters = ModelParameters()
      switch spec.kind {
      case .real(let keyPath, let range):
        let value = range.largestAllowed
        try ParameterCatalog.set(spec.name, to: value, in: &parameters, source: "test")
        #expect(parameters[keyPath: keyPath] == value)
        #expect(throws: ModelInputError.self) {
          try ParameterCatalog.set(
            spec.name, to: range.upper * 2 + 1, in: &parameters, source: "test")
        }
        // An excluded end is refused, with the reason.
        for (end, included) in [
          (range.lower, range.includesLower), (range.upper, range.includesUpper),
        ]
        where !included {
          let error = try #require(
            throws: ModelInputError.self,
            performing: {
              try ParameterCatalog.set(spec.name, to: end, in: &parameters, source: "test")
            })
          #expect(
            error.message.contains(range.note ?? "a reason"), "\(spec.name): \(error.message)")
        }
      case .integer(let keyPath, let range):
        try ParameterCatalog.set(
          spec.name, to: Double(range.lowerBound), in: &parameters, source: "test")
        #expect(parameters[keyPath: keyPath] == range.lowerBound)
        #expect(throws: ModelInputError.self) {
          try ParameterCatalog.set(spec.name, to: 0.5, in: &parameters, source: "test")
        }
      case .boolean(let keyPath):
        try ParameterCatalog.set(spec.name, to: 1, in: &parameters, source: "test")
        #expect(parameters[keyPath: keyPath])
      }
    }
  }
}
