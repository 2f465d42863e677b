import CSV
import Foundation

/// Reads a CSV file row by row from fixed-size chunks, so memory stays flat however many rows
/// the file has: only the chunk and the row being read are held.
///
/// Rows without a quote character (every row BRISim writes: numbers and identifiers) are split
/// at commas in place and their numbers parsed from the bytes with `strtod`, without building
/// strings; a row with quotes (a quoted field may hold commas, doubled quotes or line breaks)
/// is parsed by CSV.swift.
public struct CSVRowStream {
  /// One row: its fields as byte ranges of the chunk, or as strings for a quoted row.
  public struct Row {
    fileprivate let base: UnsafePointer<UInt8>
    fileprivate let starts: [Int]
    fileprivate let ends: [Int]
    fileprivate let quoted: [String]?
    /// The row's line in the file (1: the header).
    public let line: Int

    public var count: Int { quoted?.count ?? starts.count }

    /// Field `index` as text.
    public func string(_ index: Int) -> String {
      if let quoted { return quoted[index] }
      return String(
        decoding: UnsafeBufferPointer(
          start: base + starts[index], count: ends[index] - starts[index]),
        as: UTF8.self)
    }

    /// Whether field `index` is empty.
    public func isEmpty(_ index: Int) -> Bool {
      if let quoted { return quoted[index].isEmpty }
      return ends[index] == starts[index]
    }

    /// Field `index` as a number, nil when it is empty or not entirely a number.
    public func number(_ index: Int) -> Double? {
      if let quoted { return Double(quoted[index]) }
      let start = starts[index]
      let end = ends[index]
      // strtod would skip leading white space, past the line's end for a blank last field.
      guard end > start, !Self.whiteSpace.contains(base[start]) else { return nil }
      // strtod stops at the comma or line end after the field: the chunk always ends in one.
      var stop: UnsafeMutablePointer<CChar>?
      let value = (base + start).withMemoryRebound(to: CChar.self, capacity: end - start) {
        strtod($0, &stop)
      }
      guard let stop, UnsafeRawPointer(stop) == UnsafeRawPointer(base) + end else { return nil }
      return value
    }

    static let whiteSpace: Set<UInt8> = [9, 10, 11, 12, 13, 32]

    /// Field `index` as an integer, nil when it is not one.
    public func integer(_ index: Int) -> Int? {
      guard let value = number(index), value.rounded() == value, abs(value) < 9e15 else {
        return nil
      }
      return Int(value)
    }
  }

  public let path: String
  /// The header row's fields.
  public private(set) var header: [String]
  private let handle: FileHandle
  private let chunkBytes: Int
  /// Unread bytes: the rest of the last chunk, from the start of an incomplete row.
  private var pending: [UInt8] = []
  private var atEnd = false
  /// The file line of the row last handed out (1: the header).
  public private(set) var line = 0

  /// Opens `path` and reads its header row.
  /// - Throws: ``AnalysisInputError`` when the file is missing or has no header.
  public init(path: String, chunkBytes: Int = 1 << 20) throws {
    self.path = path
    self.chunkBytes = chunkBytes
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw AnalysisInputError(file: path, "missing or unreadable")
    }
    self.handle = handle
    header = []
    var first: [String]?
    try forEachRow(limit: 1) { first = (0..<$0.count).map($0.string) }
    guard var first, !first.isEmpty else {
      throw AnalysisInputError(file: path, "empty; expected a header row")
    }
    // A byte-order mark (spreadsheets write one) is not part of the first column's name.
    if first[0].hasPrefix("\u{FEFF}") { first[0].removeFirst() }
    header = first
  }

  /// The column `name`'s index in the header.
  /// - Throws: ``AnalysisInputError`` naming the file and the column.
  public func column(_ name: String) throws -> Int {
    guard let index = header.firstIndex(of: name) else {
      throw AnalysisInputError(file: path, "no column '\(name)'")
    }
    return index
  }

  /// Calls `body` with each remaining row in file order (at most `limit`); ``line`` is the
  /// row's line meanwhile. Blank lines are skipped. A row is valid only inside `body`.
  /// - Throws: what `body` throws, or ``AnalysisInputError`` for an unreadable file or quoted
  ///   row.
  public mutating func forEachRow(limit: Int = .max, _ body: (Row) throws -> Void) throws {
    var done = 0
    var starts: [Int] = []
    var ends: [Int] = []
    while done < limit {
      if !atEnd {
        let chunk: Data?
        do { chunk = try handle.read(upToCount: chunkBytes) } catch {
          throw AnalysisInputError(file: path, "unreadable (\(error))")
        }
        if let chunk, !chunk.isEmpty {
          pending.append(contentsOf: chunk)
        } else {
          atEnd = true
          if let last = pending.last, last != UInt8(ascii: "\n") {
            pending.append(UInt8(ascii: "\n"))
          }
        }
      }
      // Complete rows: up to the last line break outside quotes.
      var consumed = 0
      try pending.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        var rowStart = 0
        var quotes = 0
        var innerBreaks = 0
        var index = 0
        while index < buffer.count, done < limit {
          let byte = buffer[index]
          if byte == UInt8(ascii: "\"") {
            quotes += 1
          } else if byte == UInt8(ascii: "\n") && quotes % 2 == 1 {
            innerBreaks += 1
          } else if byte == UInt8(ascii: "\n") {
            var rowEnd = index
            if rowEnd > rowStart && buffer[rowEnd - 1] == UInt8(ascii: "\r") { rowEnd -= 1 }
            line += 1
            if rowEnd > rowStart {
              if quotes > 0 {
                let text = String(
                  decoding: UnsafeBufferPointer(start: base + rowStart, count: rowEnd - rowStart),
                  as: UTF8.self)
                let fields: [String]?
                do { fields = try CSVReader(string: text, hasHeaderRow: false).next() } catch {
                  throw AnalysisInputError(file: "\(path):\(line)", "unreadable row (\(error))")
                }
                try body(Row(base: base, starts: [], ends: [], quoted: fields ?? [], line: line))
              } else {
                starts.removeAll(keepingCapacity: true)
                ends.removeAll(keepingCapacity: true)
                var fieldStart = rowStart
                for position in rowStart..<rowEnd where buffer[position] == UInt8(ascii: ",") {
                  starts.append(fieldStart)
                  ends.append(position)
                  fieldStart = position + 1
                }
                starts.append(fieldStart)
                ends.append(rowEnd)
                try body(Row(base: base, starts: starts, ends: ends, quoted: nil, line: line))
              }
              done += 1
            }
            line += innerBreaks
            rowStart = index + 1
            quotes = 0
            innerBreaks = 0
          }
          index += 1
        }
        consumed = rowStart
      }
      pending.removeFirst(consumed)
      if atEnd && (pending.isEmpty || done >= limit) { break }
      if atEnd && consumed == 0 {
        throw AnalysisInputError(file: "\(path):\(line + 1)", "a quoted field is never closed")
      }
    }
  }
}
