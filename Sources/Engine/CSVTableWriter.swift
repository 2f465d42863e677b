#if canImport(Glibc)
  import Glibc
#endif

/// An error writing a result file; the message names the file.
public struct OutputError: Error, CustomStringConvertible {
  /// The file concerned.
  public let path: String
  /// What went wrong.
  public let reason: String

  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  public var description: String { "\(path): \(reason)" }
}

/// Streams a tidy table to a CSV file, row by row, without keeping rows in memory.
///
/// The header comes first; fields are separated by commas and quoted (RFC 4180) only when they
/// contain a comma, quote or newline. Rows go to a hidden temporary file beside the target
/// (`.NAME.partial-PID`), which ``finish()`` flushes, syncs and renames into place: a reader
/// either sees the complete table or no table at all. A writer that is dropped without
/// ``finish()`` deletes its temporary file.
///
/// Numbers are written with Swift's shortest round-trip formatting (`0.1`, `1e-05`), which is
/// exact, locale-independent and identical on every run.
public final class CSVTableWriter {
  /// The final path of the table.
  public let path: String
  /// The column names, in order.
  public let columns: [String]
  /// Number of data rows written so far.
  public private(set) var rowCount = 0

  private let temporaryPath: String
  private var file: UnsafeMutablePointer<FILE>?
  private var row: [UInt8] = []
  private var fieldsInRow = 0

  /// Opens a table at `path` with the given header. Fails if the folder does not exist or is
  /// not writable.
  public init(path: String, columns: [String]) throws {
    precondition(!columns.isEmpty, "a table needs at least one column")
    self.path = path
    self.columns = columns
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    temporaryPath = "\(folder)/.\(name).partial-\(getpid())"
    guard let opened = fopen(temporaryPath, "w") else {
      throw OutputError(
        path: path, reason: "cannot create file (\(String(cString: strerror(errno))))")
    }
    file = opened
    row.reserveCapacity(256)
    for column in columns { append(column) }
    try endRow(countingAsData: false)
  }

  deinit { discard() }

  /// Appends a text field to the current row (quoted if it needs to be).
  public func append(_ text: String) {
    separate()
    let needsQuotes = text.utf8.contains {
      $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13
    }
    if needsQuotes {
      row.append(UInt8(ascii: "\""))
      for byte in text.utf8 {
        if byte == UInt8(ascii: "\"") { row.append(byte) }
        row.append(byte)
      }
      row.append(UInt8(ascii: "\""))
    } else {
      row.append(contentsOf: text.utf8)
    }
  }

  /// Appends an integer field.
  public func append(_ value: Int) {
    separate()
    row.append(contentsOf: String(value).utf8)
  }

  /// Appends a floating-point field (shortest round-trip form; `nan`, `inf` as Swift spells them).
  public func append(_ value: Double) {
    separate()
    row.append(contentsOf: value.description.utf8)
  }

  /// Ends the current row, checking that it has one field per column.
  public func endRow() throws { try endRow(countingAsData: true) }

  /// Appends a whole row of text fields.
  public func writeRow(_ fields: [String]) throws {
    for field in fields { append(field) }
    try endRow()
  }

  /// Flushes, syncs and atomically renames the file into place. After this the writer is closed.
  public func finish() throws {
    guard let file else {
      throw OutputError(path: path, reason: "table already finished or discarded")
    }
    precondition(fieldsInRow == 0, "finish() called in the middle of a row")
    self.file = nil
    let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
    let closed = fclose(file) == 0
    guard flushed && closed else {
      unlink(temporaryPath)
      throw OutputError(path: path, reason: "write failed (\(String(cString: strerror(errno))))")
    }
    guard rename(temporaryPath, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporaryPath)
      throw OutputError(path: path, reason: "cannot move the finished table into place (\(reason))")
    }
  }

  /// Closes the writer and deletes the temporary file; the target path is left untouched.
  public func discard() {
    guard let file else { return }
    self.file = nil
    fclose(file)
    unlink(temporaryPath)
  }

  private func separate() {
    if fieldsInRow > 0 { row.append(UInt8(ascii: ",")) }
    fieldsInRow += 1
  }

  private func endRow(countingAsData: Bool) throws {
    guard let file else {
      throw OutputError(path: path, reason: "table already finished or discarded")
    }
    guard fieldsInRow == columns.count else {
      let count = fieldsInRow
      fieldsInRow = 0
      row.removeAll(keepingCapacity: true)
      throw OutputError(
        path: path,
        reason: "row \(rowCount + 1) has \(count) fields, the header has \(columns.count)")
    }
    row.append(10)
    let written = row.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
    guard written == row.count else {
      throw OutputError(path: path, reason: "write failed (\(String(cString: strerror(errno))))")
    }
    row.removeAll(keepingCapacity: true)
    fieldsInRow = 0
    if countingAsData { rowCount += 1 }
  }
}
