@preconcurrency import CGSL

/// Low-discrepancy (quasi-random) points in the unit hypercube [0, 1)ᵈ, from GSL's `gsl_qrng`.
///
/// Used for space-filling parameter designs (sweeps, calibration starts): n Sobol points fill
/// the box with discrepancy O((log n)ᵈ/n) against O(n^(−1/2)) for random points. The sequence
/// is deterministic; GSL's Sobol generator starts at (½, …, ½), skipping the origin.
public final class QuasiRandomSequence {
  /// The construction.
  public enum Kind: String, CaseIterable, Sendable {
    /// Sobol (1967), Antonov–Saleev Gray-code ordering; GSL supports d ≤ 40.
    case sobol
    /// Niederreiter base 2 (Bratley, Fox & Niederreiter 1992); d ≤ 12.
    case niederreiter2
    /// Halton (1960); d ≤ 1229.
    case halton
    /// Halton with reversed digits (Vandewoestyne & Cools 2006); d ≤ 1229.
    case reverseHalton

    /// The largest dimension GSL supports for this construction.
    public var maximumDimension: Int {
      switch self {
      case .sobol: return 40
      case .niederreiter2: return 12
      case .halton, .reverseHalton: return 1229
      }
    }

    var gslType: UnsafePointer<gsl_qrng_type> {
      switch self {
      case .sobol: return gsl_qrng_sobol
      case .niederreiter2: return gsl_qrng_niederreiter_2
      case .halton: return gsl_qrng_halton
      case .reverseHalton: return gsl_qrng_reversehalton
      }
    }
  }

  /// The construction in use.
  public let kind: Kind
  /// The dimension d of each point.
  public let dimension: Int
  private let generator: UnsafeMutablePointer<gsl_qrng>

  /// A fresh sequence of `dimension`-dimensional points (1 ≤ d ≤ kind's maximum).
  public init(kind: Kind = .sobol, dimension: Int) {
    precondition(
      dimension >= 1 && dimension <= kind.maximumDimension,
      "\(kind.rawValue) supports dimensions 1...\(kind.maximumDimension), got \(dimension)")
    GSLRuntime.prepare()
    guard let allocated = gsl_qrng_alloc(kind.gslType, UInt32(dimension)) else {
      fatalError("gsl_qrng_alloc failed (out of memory)")
    }
    self.kind = kind
    self.dimension = dimension
    self.generator = allocated
  }

  deinit { gsl_qrng_free(generator) }

  /// Writes the next point into `point` (which must hold `dimension` values).
  public func next(into point: inout [Double]) {
    precondition(point.count == dimension, "point buffer must hold \(dimension) values")
    let status = point.withUnsafeMutableBufferPointer { gsl_qrng_get(generator, $0.baseAddress) }
    precondition(status == GSL_SUCCESS, "gsl_qrng_get failed: the sequence is exhausted")
  }

  /// The next point.
  public func next() -> [Double] {
    var point = [Double](repeating: 0, count: dimension)
    next(into: &point)
    return point
  }

  /// The next `count` points, one array per point.
  public func points(_ count: Int) -> [[Double]] {
    (0..<count).map { _ in next() }
  }

  /// Restarts the sequence from its first point.
  public func reset() { gsl_qrng_init(generator) }
}
