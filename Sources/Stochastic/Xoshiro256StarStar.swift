@preconcurrency import CGSL

/// The xoshiro256** pseudo-random generator (Blackman & Vigna 2021, "Scrambled linear
/// pseudorandom number generators", ACM TOMS 47(4)).
///
/// 256 bits of state, period 2²⁵⁶ − 1, passes BigCrush and PractRand. Inlined, a uniform
/// double costs about 1.6 ns; through GSL's function-pointer interface 6.2 ns, GSL's taus2
/// 7.4 ns and mt19937 10.5 ns (`brisim bench rng`, release build, this project's 2-core
/// machine). This is why it is BRISim's default generator: agent hot loops draw
/// millions of numbers per step. It is also registered with GSL as a `gsl_rng_type`
/// (``gslType``), so that GSL's samplers (Gaussian, gamma, Poisson, …) draw from the very same
/// state: one stream, one state, two entry points.
///
/// Output: `rotl(s₁·5, 7)·9`; the state is then advanced by the xoshiro linear transform.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Equatable {
  /// The four state words; never all zero.
  public var state: (UInt64, UInt64, UInt64, UInt64)

  /// A generator with the given state words (at least one non-zero).
  public init(state: (UInt64, UInt64, UInt64, UInt64)) {
    precondition(
      state.0 | state.1 | state.2 | state.3 != 0, "xoshiro256** state must not be all zero")
    self.state = state
  }

  /// A generator seeded by expanding `seed` with SplitMix64, as the authors recommend: the
  /// four state words are SplitMix64 outputs for the counters seed + γ, seed + 2γ, … (never all
  /// zero).
  @inlinable
  public init(seed: UInt64) {
    let gamma = SeedDerivation.goldenGamma
    state = (
      SeedDerivation.mix64(seed &+ gamma), SeedDerivation.mix64(seed &+ 2 &* gamma),
      SeedDerivation.mix64(seed &+ 3 &* gamma), SeedDerivation.mix64(seed &+ 4 &* gamma)
    )
  }

  @inlinable
  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.state.0 == rhs.state.0 && lhs.state.1 == rhs.state.1 && lhs.state.2 == rhs.state.2
      && lhs.state.3 == rhs.state.3
  }

  /// The next 64 uniformly distributed bits.
  @inlinable @inline(__always)
  public mutating func next() -> UInt64 {
    let result = (state.1 &* 5).rotatedLeft(by: 7) &* 9
    let shifted = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= shifted
    state.3 = state.3.rotatedLeft(by: 45)
    return result
  }

  /// Advances a state stored in memory (four consecutive words) and returns the output.
  /// This is the entry point GSL's samplers use through ``gslType``.
  @inlinable @inline(__always)
  public static func next(statePointer s: UnsafeMutablePointer<UInt64>) -> UInt64 {
    let result = (s[1] &* 5).rotatedLeft(by: 7) &* 9
    let shifted = s[1] << 17
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= shifted
    s[3] = s[3].rotatedLeft(by: 45)
    return result
  }

  /// The GSL generator type whose state is the four xoshiro256** words.
  ///
  /// `get` returns all 64 bits (min 0, max 2⁶⁴ − 1); `get_double` returns the top 53 bits
  /// scaled to [0, 1). `set` seeds by SplitMix64 expansion, as ``init(seed:)``.
  public static var gslType: UnsafePointer<gsl_rng_type> { XoshiroGSLRegistration.type }
}

extension UInt64 {
  /// Rotation left by `count` bits (0 < count < 64).
  @inlinable @inline(__always)
  func rotatedLeft(by count: UInt64) -> UInt64 {
    (self << count) | (self >> (64 &- count))
  }
}

/// Maps 64 random bits to a double in [0, 1) with 53 bits of precision: (x ≫ 11)·2⁻⁵³.
@inlinable @inline(__always)
func unitInterval(_ bits: UInt64) -> Double {
  Double(bits >> 11) * 0x1.0p-53
}

/// The `gsl_rng_type` record for xoshiro256**, allocated once and never freed (like GSL's own
/// static generator tables).
enum XoshiroGSLRegistration {
  /// The name GSL reports (`gsl_rng_name`); a static, NUL-terminated literal.
  static let generatorName: StaticString = "xoshiro256**"

  nonisolated(unsafe) static let type: UnsafePointer<gsl_rng_type> = {
    let record = UnsafeMutablePointer<gsl_rng_type>.allocate(capacity: 1)
    record.initialize(
      to: gsl_rng_type(
        name: UnsafeRawPointer(generatorName.utf8Start).assumingMemoryBound(to: CChar.self),
        max: UInt.max,
        min: 0,
        size: 4 * MemoryLayout<UInt64>.size,
        set: { statePointer, seed in
          let words = statePointer!.assumingMemoryBound(to: UInt64.self)
          let generator = Xoshiro256StarStar(seed: UInt64(seed))
          (words[0], words[1], words[2], words[3]) = generator.state
        },
        get: { statePointer in
          UInt(
            Xoshiro256StarStar.next(
              statePointer: statePointer!.assumingMemoryBound(to: UInt64.self)))
        },
        get_double: { statePointer in
          unitInterval(
            Xoshiro256StarStar.next(
              statePointer: statePointer!.assumingMemoryBound(to: UInt64.self)))
        }))
    return UnsafePointer(record)
  }()
}
