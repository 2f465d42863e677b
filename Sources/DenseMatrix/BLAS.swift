import CBLAS

/// Transposition flag for a BLAS operand.
public enum Transpose: Sendable {
  /// Use the matrix as it is.
  case none
  /// Use its transpose.
  case transpose

  var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}

/// Dense linear algebra through OpenBLAS's CBLAS (row-major).
///
/// Level 1–3 routines the model needs, each in place, allocation-free, with dimension checks
/// that name the operand. When the simulation runs its own partitions in parallel, call
/// ``setThreadCount(_:)`` with 1: nested threading costs CPU for no throughput.
public enum BLAS {
  /// C ← α·op(A)·op(B) + β·C (DGEMM). op(A) is m×k, op(B) is k×n, C is m×n.
  public static func gemm(
    alpha: Double = 1, _ a: Matrix, transposeA: Transpose = .none,
    _ b: Matrix, transposeB: Transpose = .none, beta: Double = 0, into c: inout Matrix
  ) {
    let (m, kA) = transposeA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
    let (kB, n) = transposeB == .none ? (b.rows, b.columns) : (b.columns, b.rows)
    precondition(kA == kB, "gemm: op(A) is \(m)×\(kA) but op(B) is \(kB)×\(n)")
    precondition(
      c.rows == m && c.columns == n, "gemm: C is \(c.rows)×\(c.columns), expected \(m)×\(n)")
    guard m > 0 && n > 0 else { return }
    a.elements.withUnsafeBufferPointer { pa in
      b.elements.withUnsafeBufferPointer { pb in
        c.elements.withUnsafeMutableBufferPointer { pc in
          cblas_dgemm(
            CblasRowMajor, transposeA.cblas, transposeB.cblas, Int32(m), Int32(n), Int32(kA),
            alpha, pa.baseAddress, Int32(max(a.columns, 1)), pb.baseAddress,
            Int32(max(b.columns, 1)), beta, pc.baseAddress, Int32(max(n, 1)))
        }
      }
    }
  }

  /// y ← α·op(A)·x + β·y (DGEMV).
  public static func gemv(
    alpha: Double = 1, _ a: Matrix, transposeA: Transpose = .none, _ x: [Double],
    beta: Double = 0, into y: inout [Double]
  ) {
    let (m, n) = transposeA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
    precondition(x.count == n, "gemv: op(A) is \(m)×\(n) but x has \(x.count) elements")
    precondition(y.count == m, "gemv: y has \(y.count) elements, expected \(m)")
    guard a.rows > 0 && a.columns > 0 else {
      for i in y.indices { y[i] *= beta }
      return
    }
    a.elements.withUnsafeBufferPointer { pa in
      x.withUnsafeBufferPointer { px in
        y.withUnsafeMutableBufferPointer { py in
          cblas_dgemv(
            CblasRowMajor, transposeA.cblas, Int32(a.rows), Int32(a.columns), alpha,
            pa.baseAddress, Int32(a.columns), px.baseAddress, 1, beta, py.baseAddress, 1)
        }
      }
    }
  }

  /// y ← α·x + y (DAXPY).
  public static func axpy(alpha: Double, _ x: [Double], into y: inout [Double]) {
    precondition(x.count == y.count, "axpy: x has \(x.count) elements, y has \(y.count)")
    guard !x.isEmpty else { return }
    x.withUnsafeBufferPointer { px in
      y.withUnsafeMutableBufferPointer { py in
        cblas_daxpy(Int32(px.count), alpha, px.baseAddress, 1, py.baseAddress, 1)
      }
    }
  }

  /// xᵀy (DDOT).
  public static func dot(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count, "dot: x has \(x.count) elements, y has \(y.count)")
    guard !x.isEmpty else { return 0 }
    return x.withUnsafeBufferPointer { px in
      y.withUnsafeBufferPointer { py in
        cblas_ddot(Int32(px.count), px.baseAddress, 1, py.baseAddress, 1)
      }
    }
  }

  /// x ← α·x (DSCAL).
  public static func scal(alpha: Double, _ x: inout [Double]) {
    guard !x.isEmpty else { return }
    x.withUnsafeMutableBufferPointer { px in
      cblas_dscal(Int32(px.count), alpha, px.baseAddress, 1)
    }
  }

  /// Sets the number of threads OpenBLAS uses for one call (process-wide).
  public static func setThreadCount(_ threads: Int) {
    precondition(threads >= 1, "OpenBLAS thread count must be at least 1")
    openblas_set_num_threads(Int32(threads))
  }

  /// OpenBLAS's build configuration string (version, build target, threading).
  public static var configuration: String { String(cString: openblas_get_config()) }

  /// The CPU kernel set OpenBLAS chose at run time (e.g. "SkylakeX", "Haswell").
  public static var coreName: String { String(cString: openblas_get_corename()) }
}

extension Matrix {
  /// The matrix product A·B.
  public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
    var product = Matrix(rows: lhs.rows, columns: rhs.columns)
    BLAS.gemm(lhs, rhs, into: &product)
    return product
  }

  /// The matrix–vector product A·x.
  public static func * (lhs: Matrix, rhs: [Double]) -> [Double] {
    var product = [Double](repeating: 0, count: lhs.rows)
    BLAS.gemv(lhs, rhs, into: &product)
    return product
  }
}

extension BLAS {
  /// C ← α·A·Bᵀ + β·C on raw row-major buffers (DGEMM), for hot loops that keep their own
  /// preallocated storage: A is m×k (leading dimension k), B is n×k (so Bᵀ is k×n), C is m×n.
  ///
  /// This is the shape of a utility computation: rows of A are decision makers' coefficient
  /// vectors, rows of B are alternatives' feature vectors, C[i][j] = aᵢ·bⱼ.
  @inlinable
  public static func gemmABTransposed(
    m: Int, n: Int, k: Int, alpha: Double = 1, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
    beta: Double = 0, c: UnsafeMutablePointer<Double>
  ) {
    precondition(m >= 0 && n >= 0 && k >= 0, "gemm dimensions must be non-negative")
    guard m > 0 && n > 0 else { return }
    cblas_dgemm(
      CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k), alpha, a,
      Int32(max(k, 1)), b, Int32(max(k, 1)), beta, c, Int32(n))
  }
}
