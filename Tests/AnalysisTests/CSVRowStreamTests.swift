import Foundation
import Testing

@testable import Analysis

@Suite("Streaming CSV rows")
struct CSVRowStreamTests {
  private func stream(_ text: String, chunkBytes: Int) throws -> (CSVRowStream, String) {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "brisim-rows-\(UUID().uuidString).csv"
    ).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return (try CSVRowStream(path: path, chunkBytes: chunkBytes), path)
  }

  @Test(
    "Rows split across chunks of any size read the same: numbers exact, quoted fields by CSV.swift, lines counted"
  )
  func chunkBoundaries() throws {
    let text =
      "id,x,note\r\nr1,0.1,plain\n\nr2,-1.5e-300,\"a, b\"\nr3,,\"two\nlines \"\"quoted\"\"\"\nr4,12abc,last"
    var seen: [[String]] = []
    for chunk in [1, 3, 7, 64, 1 << 20] {
      var (rows, path) = try stream(text, chunkBytes: chunk)
      defer { try? FileManager.default.removeItem(atPath: path) }
      #expect(rows.header == ["id", "x", "note"])
      var read: [[String]] = []
      var numbers: [Double?] = []
      var lines: [Int] = []
      try rows.forEachRow { row in
        read.append((0..<row.count).map(row.string))
        numbers.append(row.number(1))
        lines.append(row.line)
      }
      #expect(
        read == [
          ["r1", "0.1", "plain"], ["r2", "-1.5e-300", "a, b"],
          ["r3", "", "two\nlines \"quoted\""], ["r4", "12abc", "last"],
        ])
      // 0.1 and -1.5e-300 exactly as Double parses them; empty and trailing garbage: nil.
      #expect(numbers == [0.1, -1.5e-300, nil, nil])
      #expect(lines == [2, 4, 5, 7])
      if seen.isEmpty { seen = read } else { #expect(read == seen) }
    }
  }

  @Test("A byte-order mark is not part of the header; a field of white space is no number")
  func markAndWhiteSpace() throws {
    var (rows, path) = try stream("\u{FEFF}point,x\n1, \n2,3", chunkBytes: 5)
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(rows.header == ["point", "x"])
    var numbers: [Double?] = []
    try rows.forEachRow { numbers.append($0.number(1)) }
    #expect(numbers == [nil, 3])
  }

  @Test("An unclosed quote and a missing file are named")
  func badInput() throws {
    var (rows, path) = try stream("a,b\n1,\"open\n2,3\n", chunkBytes: 4)
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(throws: AnalysisInputError.self) { try rows.forEachRow { _ in } }
    do {
      _ = try CSVRowStream(path: "/nonexistent/summary.csv")
      Issue.record("a missing file was accepted")
    } catch let error as AnalysisInputError {
      #expect(error.file == "/nonexistent/summary.csv")
    }
  }
}
