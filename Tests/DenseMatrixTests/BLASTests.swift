import Stochastic
import Testing

@testable import DenseMatrix

/// Naive reference implementations, written from the definitions.
enum Naive {
  static func product(_ a: Matrix, _ b: Matrix) -> Matrix {
    var c = Matrix(rows: a.rows, columns: b.columns)
    for i in 0..<a.rows {
      for j in 0..<b.columns {
        var sum = 0.0
        for k in 0..<a.columns { sum += a[i, k] * b[k, j] }
        c[i, j] = sum
      }
    }
    return c
  }

  static func random(_ rows: Int, _ columns: Int, _ stream: RandomStream) -> Matrix {
    Matrix(
      rows: rows, columns: columns,
      elements: (0..<(rows * columns)).map { _ in stream.uniform() * 2 - 1 })
  }

  static func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).map { abs($0 - $1) }.max() ?? 0
  }
}

@Suite("BLAS through OpenBLAS")
struct BLASTests {
  let stream = RandomStream(seed: 31, stream: StreamID("blas-tests"))

  @Test("gemm equals the naive triple loop, with transposes, α and β")
  func gemmMatchesNaive() {
    let a = Naive.random(37, 23, stream)
    let b = Naive.random(23, 41, stream)
    let c0 = Naive.random(37, 41, stream)
    var c = c0
    BLAS.gemm(alpha: 1.5, a, b, beta: -0.5, into: &c)
    var expected = Naive.product(a, b)
    for index in expected.elements.indices {
      expected.elements[index] = 1.5 * expected.elements[index] - 0.5 * c0.elements[index]
    }
    #expect(Naive.maxDifference(c.elements, expected.elements) < 1e-12)

    var transposedProduct = Matrix(rows: 37, columns: 41)
    BLAS.gemm(
      a.transposed, transposeA: .transpose, b.transposed, transposeB: .transpose,
      into: &transposedProduct)
    #expect(Naive.maxDifference(transposedProduct.elements, Naive.product(a, b).elements) < 1e-12)
    #expect(Naive.maxDifference((a * b).elements, Naive.product(a, b).elements) < 1e-12)
  }

  @Test("gemv equals the naive sum, plain and transposed")
  func gemvMatchesNaive() {
    let a = Naive.random(19, 11, stream)
    let x = (0..<11).map { _ in stream.uniform() }
    let z = (0..<19).map { _ in stream.uniform() }
    var y = [Double](repeating: 1, count: 19)
    BLAS.gemv(alpha: 2, a, x, beta: 3, into: &y)
    let expected = (0..<19).map { i in 2 * (0..<11).reduce(0.0) { $0 + a[i, $1] * x[$1] } + 3 }
    #expect(Naive.maxDifference(y, expected) < 1e-12)
    var yt = [Double](repeating: 0, count: 11)
    BLAS.gemv(a, transposeA: .transpose, z, into: &yt)
    let expectedT = (0..<11).map { j in (0..<19).reduce(0.0) { $0 + a[$1, j] * z[$1] } }
    #expect(Naive.maxDifference(yt, expectedT) < 1e-12)
  }

  @Test("axpy, dot and scal equal their definitions")
  func levelOne() {
    let x = (0..<1001).map { _ in stream.uniform() - 0.5 }
    var y = (0..<1001).map { _ in stream.uniform() - 0.5 }
    let y0 = y
    BLAS.axpy(alpha: -2.5, x, into: &y)
    #expect(Naive.maxDifference(y, zip(x, y0).map { -2.5 * $0 + $1 }) < 1e-15)
    let dot = BLAS.dot(x, y0)
    #expect(abs(dot - zip(x, y0).reduce(0) { $0 + $1.0 * $1.1 }) < 1e-12)
    var scaled = x
    BLAS.scal(alpha: 3, &scaled)
    #expect(scaled == x.map { 3 * $0 })
    #expect(BLAS.dot([], []) == 0)
  }

  @Test("cblas_dgemm binds to OpenBLAS, never GSL's reference libgslcblas")
  func linkedBLASIsOpenBLAS() throws {
    // This test process links GSL too (Stochastic), so a wrong link order would show here.
    _ = RandomStream(seed: 0, stream: StreamID("load-gsl")).uniform()
    let provider = try #require(LinkedBLAS.dgemmProvider)
    #expect(provider.contains("openblas"), "cblas_dgemm comes from \(provider)")
    #expect(!provider.contains("gslcblas"))
    #expect(BLAS.configuration.contains("OpenBLAS"))
  }
}

@Suite("Least squares through LAPACK")
struct LeastSquaresTests {
  let stream = RandomStream(seed: 47, stream: StreamID("lstsq-tests"))

  @Test("Recovers exact coefficients from noise-free data")
  func exactRecovery() throws {
    let a = Naive.random(50, 4, stream)
    let truth = [1.5, -2.0, 0.25, 3.0]
    let b = a * truth
    let solution = try LeastSquares.solve(a, b)
    #expect(solution.rank == 4)
    #expect(Naive.maxDifference(solution.coefficients, truth) < 1e-12)
    #expect(solution.residualSumOfSquares < 1e-20)
  }

  @Test("With noise, satisfies the normal equations AᵀA·x = Aᵀb")
  func normalEquations() throws {
    let a = Naive.random(200, 5, stream)
    let b = (0..<200).map { _ in stream.uniform() * 10 }
    let solution = try LeastSquares.solve(a, b)
    let residual = zip(b, a * solution.coefficients).map { $0 - $1 }
    var gradient = [Double](repeating: 0, count: 5)
    BLAS.gemv(a, transposeA: .transpose, residual, into: &gradient)
    #expect(gradient.allSatisfy { abs($0) < 1e-9 }, "Aᵀ(b − Ax) = \(gradient)")
    #expect(abs(solution.residualSumOfSquares - BLAS.dot(residual, residual)) < 1e-9)
  }

  @Test("Rank-deficient fixed-effects design: rank n − 1, fitted values exact")
  func rankDeficientFixedEffects() throws {
    // y = intercept + origin effect + destination effect: the intercept column is the sum of
    // the origin dummies (and of the destination dummies), so the design has rank 1 + 3 + 3 − 2.
    var rows: [[Double]] = []
    var y: [Double] = []
    let originEffect = [0.0, 1.0, -1.0]
    let destinationEffect = [0.5, 0.0, 2.0]
    for origin in 0..<3 {
      for destination in 0..<3 {
        var row = [1.0]
        row += (0..<3).map { $0 == origin ? 1 : 0 }
        row += (0..<3).map { $0 == destination ? 1 : 0 }
        rows.append(row)
        y.append(4 + originEffect[origin] + destinationEffect[destination])
      }
    }
    let design = Matrix(rows)
    let solution = try LeastSquares.solve(design, y)
    #expect(solution.rank == 5)
    #expect(Naive.maxDifference(design * solution.coefficients, y) < 1e-12)
    #expect(solution.singularValues.count == 7)
    #expect(solution.singularValues.last! < 1e-10)
  }
}
