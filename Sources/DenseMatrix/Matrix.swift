/// A dense matrix of doubles in row-major order, stored contiguously.
///
/// Element (r, c) lives at `elements[r * columns + c]`. Value semantics (copy on write, like
/// `Array`); BLAS routines in ``BLAS`` operate on it in place without allocating.
public struct Matrix: Equatable, Sendable, CustomStringConvertible {
  /// Number of rows.
  public let rows: Int
  /// Number of columns.
  public let columns: Int
  /// The elements, row by row.
  public var elements: [Double]

  /// A `rows × columns` matrix filled with `value`.
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
    self.rows = rows
    self.columns = columns
    self.elements = [Double](repeating: value, count: rows * columns)
  }

  /// A matrix over the given row-major elements (`elements.count == rows * columns`).
  public init(rows: Int, columns: Int, elements: [Double]) {
    precondition(
      elements.count == rows * columns,
      "a \(rows)×\(columns) matrix needs \(rows * columns) elements, got \(elements.count)")
    self.rows = rows
    self.columns = columns
    self.elements = elements
  }

  /// A matrix from an array of equally long rows.
  public init(_ rowArrays: [[Double]]) {
    let columns = rowArrays.first?.count ?? 0
    precondition(rowArrays.allSatisfy { $0.count == columns }, "all rows must have equal length")
    self.init(rows: rowArrays.count, columns: columns, elements: rowArrays.flatMap { $0 })
  }

  /// The n × n identity.
  public static func identity(_ n: Int) -> Matrix {
    var matrix = Matrix(rows: n, columns: n)
    for i in 0..<n { matrix[i, i] = 1 }
    return matrix
  }

  /// Element (row, column).
  @inlinable
  public subscript(row: Int, column: Int) -> Double {
    get {
      precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index out of range")
      return elements[row * columns + column]
    }
    set {
      precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index out of range")
      elements[row * columns + column] = newValue
    }
  }

  /// Row `row` as an array.
  public func row(_ row: Int) -> [Double] {
    Array(elements[(row * columns)..<((row + 1) * columns)])
  }

  /// The transpose.
  public var transposed: Matrix {
    var result = Matrix(rows: columns, columns: rows)
    for r in 0..<rows {
      for c in 0..<columns { result.elements[c * rows + r] = elements[r * columns + c] }
    }
    return result
  }

  public var description: String {
    (0..<rows).map { r in row(r).map { "\($0)" }.joined(separator: " ") }.joined(separator: "\n")
  }
}
