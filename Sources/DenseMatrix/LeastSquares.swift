import CBLAS

/// The solution of a linear least-squares problem min ‖A·x − b‖₂.
public struct LeastSquaresSolution: Sendable {
  /// x, the minimum-norm minimiser (n values).
  public let coefficients: [Double]
  /// The effective rank of A (singular values below rcond·σ₁ count as zero).
  public let rank: Int
  /// The singular values of A, in decreasing order.
  public let singularValues: [Double]
  /// ‖A·x − b‖₂².
  public let residualSumOfSquares: Double
}

/// Errors from ``LeastSquares``.
public enum LeastSquaresError: Error, Equatable, CustomStringConvertible {
  /// LAPACK reported an illegal argument (its 1-based position) — a programming error.
  case illegalArgument(position: Int)
  /// The SVD failed to converge (LAPACK `info > 0`).
  case svdDidNotConverge(offDiagonals: Int)
  /// The problem had no rows or no columns.
  case empty

  public var description: String {
    switch self {
    case .illegalArgument(let position): return "DGELSD: argument \(position) had an illegal value"
    case .svdDidNotConverge(let count):
      return "DGELSD: SVD did not converge (\(count) off-diagonal elements did not reach zero)"
    case .empty: return "least squares needs at least one row and one column"
    }
  }
}

/// Linear least squares through LAPACK's DGELSD (OpenBLAS), the SVD-based solver.
///
/// DGELSD returns the minimum-norm solution and the effective rank, so rank-deficient designs
/// are handled — e.g. a gravity regression with origin and destination fixed effects, whose
/// dummy columns are collinear with the intercept.
public enum LeastSquares {
  /// Solves min ‖A·x − b‖₂ for x.
  ///
  /// - Parameters:
  ///   - a: the m × n design matrix.
  ///   - b: the m observations.
  ///   - relativeConditionLimit: singular values σᵢ ≤ this·σ₁ are treated as zero (LAPACK's
  ///     rcond); the default is about 100 machine epsilons.
  public static func solve(
    _ a: Matrix, _ b: [Double], relativeConditionLimit: Double = 1e-13
  ) throws -> LeastSquaresSolution {
    precondition(b.count == a.rows, "least squares: A has \(a.rows) rows but b has \(b.count)")
    guard a.rows > 0 && a.columns > 0 else { throw LeastSquaresError.empty }
    var m = Int32(a.rows)
    var n = Int32(a.columns)
    var rightHandSides: Int32 = 1
    var leadingA = m
    var leadingB = max(m, n)
    // LAPACK wants column-major storage: the row-major transpose is exactly that.
    var columnMajorA = a.transposed.elements
    var rhs = b + [Double](repeating: 0, count: Int(leadingB) - a.rows)
    var singularValues = [Double](repeating: 0, count: Int(min(m, n)))
    var rcond = relativeConditionLimit
    var rank: Int32 = 0
    var info: Int32 = 0

    // Workspace query (lwork = −1): LAPACK returns the optimal sizes in work[0] and iwork[0].
    var workQuery = [Double](repeating: 0, count: 1)
    var iworkQuery = [Int32](repeating: 0, count: 1)
    var lwork: Int32 = -1
    dgelsd_(
      &m, &n, &rightHandSides, &columnMajorA, &leadingA, &rhs, &leadingB, &singularValues, &rcond,
      &rank, &workQuery, &lwork, &iworkQuery, &info)
    guard info == 0 else { throw LeastSquaresError.illegalArgument(position: Int(-info)) }

    lwork = Int32(workQuery[0].rounded(.up))
    var work = [Double](repeating: 0, count: max(1, Int(lwork)))
    var iwork = [Int32](repeating: 0, count: max(1, Int(iworkQuery[0])))
    dgelsd_(
      &m, &n, &rightHandSides, &columnMajorA, &leadingA, &rhs, &leadingB, &singularValues, &rcond,
      &rank, &work, &lwork, &iwork, &info)
    if info < 0 { throw LeastSquaresError.illegalArgument(position: Int(-info)) }
    if info > 0 { throw LeastSquaresError.svdDidNotConverge(offDiagonals: Int(info)) }

    let coefficients = Array(rhs[0..<a.columns])
    var residual = b
    BLAS.gemv(alpha: -1, a, coefficients, beta: 1, into: &residual)
    return LeastSquaresSolution(
      coefficients: coefficients, rank: Int(rank), singularValues: singularValues,
      residualSumOfSquares: BLAS.dot(residual, residual))
  }
}
