import CSV
import Foundation

/// A problem with the results a figure is drawn from — a missing file or column, a table with
/// no rows, a cell that is not a number — or with rendering it. The message names the file and,
/// where it applies, the line or column.
public struct FigureError: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}

/// A CSV result table read whole (result tables are small: a run's world.csv has one row a
/// month): its header and its rows as text cells. Columns are found by name, never position,
/// so tables may gain columns without breaking figures.
public struct ResultTable {
  /// The file, as given (used in every message).
  public let path: String
  public let header: [String]
  public let rows: [[String]]

  /// Reads `path`; a missing or unreadable file, a malformed CSV, a row with the wrong number
  /// of fields or a table without data rows is an error naming the file (and line).
  public init(path: String) throws {
    guard FileManager.default.fileExists(atPath: path) else {
      throw FigureError("\(path): no such file")
    }
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw FigureError("\(path): cannot be read as UTF-8 text")
    }
    try self.init(path: path, text: text)
  }

  /// Parses `text` as the table of `path` (the name used in messages).
  public init(path: String, text: String) throws {
    self.path = path
    let reader: CSVReader
    do {
      reader = try CSVReader(string: text, hasHeaderRow: true)
    } catch {
      throw FigureError("\(path): not a CSV table (\(error))")
    }
    header = reader.headerRow ?? []
    guard !header.isEmpty, header != [""] else {
      throw FigureError("\(path): empty file; expected a header row and data rows")
    }
    var rows: [[String]] = []
    while let row = reader.next() {
      if row == [""] { continue }
      guard row.count == header.count else {
        throw FigureError(
          "\(path):\(rows.count + 2): expected \(header.count) fields, found \(row.count)")
      }
      rows.append(row)
    }
    if let error = reader.error {
      throw FigureError("\(path):\(rows.count + 2): malformed CSV (\(error))")
    }
    guard !rows.isEmpty else {
      throw FigureError("\(path): no data rows (only the header); nothing to plot")
    }
    self.rows = rows
  }

  /// The same table with only the rows `keep` accepts (an error if none is left).
  public func filter(_ keep: ([String]) -> Bool, emptyMessage: String) throws -> ResultTable {
    let kept = rows.filter(keep)
    guard !kept.isEmpty else { throw FigureError("\(path): \(emptyMessage)") }
    return ResultTable(path: path, header: header, rows: kept)
  }

  private init(path: String, header: [String], rows: [[String]]) {
    self.path = path
    self.header = header
    self.rows = rows
  }

  /// The position of column `name`, or an error naming the file, the column and the columns
  /// the table has.
  public func columnIndex(_ name: String) throws -> Int {
    guard let index = header.firstIndex(of: name) else {
      let shown = header.prefix(12).joined(separator: ", ")
      throw FigureError(
        "\(path): no column '\(name)' (the table has \(shown)\(header.count > 12 ? ", …" : ""))")
    }
    return index
  }

  /// The cells of column `name`, in row order.
  public func text(_ name: String) throws -> [String] {
    let index = try columnIndex(name)
    return rows.map { $0[index] }
  }

  /// The cells of column `name` as numbers; a cell that is not one is an error naming the file,
  /// line and column.
  public func numbers(_ name: String) throws -> [Double] {
    let index = try columnIndex(name)
    return try rows.enumerated().map { offset, row in
      guard let value = Double(row[index]) else {
        throw FigureError(
          "\(path):\(offset + 2): column '\(name)': '\(row[index])' is not a number")
      }
      return value
    }
  }
}
