@preconcurrency import CGSL
import RealModule

/// Which generator algorithm drives a ``RandomStream``.
public enum RandomGeneratorKind: String, CaseIterable, Sendable {
  /// xoshiro256** (the default): ~1 ns per draw inlined, registered with GSL as a generator type.
  case xoshiro256StarStar = "xoshiro256**"
  /// GSL's Mersenne Twister MT19937 (32-bit outputs; seeds use the low 32 bits).
  case mt19937
  /// GSL's maximally equidistributed Tausworthe generator taus2 (32-bit outputs).
  case taus2
  /// GSL's RANLUX double-precision generator, luxury level 2 (slow, highest quality).
  case ranlxd2

  var gslType: UnsafePointer<gsl_rng_type> {
    switch self {
    case .xoshiro256StarStar: return Xoshiro256StarStar.gslType
    case .mt19937: return gsl_rng_mt19937
    case .taus2: return gsl_rng_taus2
    case .ranlxd2: return gsl_rng_ranlxd2
    }
  }
}

/// One reproducible stream of random numbers: a GSL generator seeded from
/// (master seed, ``StreamID``).
///
/// A stream belongs to one fixed partition of agents (or one serial task) and is only ever
/// used by whoever owns that partition in the current phase; it is a class so that a partition
/// can hold it across steps, and `@unchecked Sendable` because that ownership discipline, not
/// a lock, makes it safe. GSL's samplers (``sample(_:)`` of the distribution types) draw from
/// the same state as the inlined fast path (``next()``, ``uniform()``, ``uniformInt(below:)``).
public final class RandomStream: RandomNumberGenerator, @unchecked Sendable {
  /// The generator algorithm.
  public let generatorKind: RandomGeneratorKind
  /// The master seed this stream was derived from.
  public let masterSeed: UInt64
  /// The stream's identity.
  public let streamID: StreamID

  @usableFromInline let gslGenerator: UnsafeMutablePointer<gsl_rng>
  /// The xoshiro256** state inside `gslGenerator` (nil for GSL's own generator types).
  @usableFromInline let xoshiroState: UnsafeMutablePointer<UInt64>?

  /// A stream for `stream` under `seed`. Equal arguments give equal sequences.
  public init(
    seed: UInt64, stream: StreamID, generator: RandomGeneratorKind = .xoshiro256StarStar
  ) {
    GSLRuntime.prepare()
    self.generatorKind = generator
    self.masterSeed = seed
    self.streamID = stream
    guard let allocated = gsl_rng_alloc(generator.gslType) else {
      fatalError("gsl_rng_alloc failed for \(generator.rawValue): out of memory")
    }
    gslGenerator = allocated
    let streamSeed = SeedDerivation.combine(seed, stream.rawValue)
    if generator == .xoshiro256StarStar {
      let words = allocated.pointee.state.assumingMemoryBound(to: UInt64.self)
      (words[0], words[1], words[2], words[3]) = Xoshiro256StarStar(seed: streamSeed).state
      xoshiroState = words
    } else {
      gsl_rng_set(allocated, UInt(streamSeed))
      xoshiroState = nil
    }
  }

  deinit { gsl_rng_free(gslGenerator) }

  /// The generator's name as GSL reports it (e.g. "xoshiro256**", "mt19937").
  public var gslName: String { String(cString: gsl_rng_name(gslGenerator)) }

  /// The next 64 uniformly distributed bits. For 32-bit GSL generators two outputs are joined.
  @inlinable @inline(__always)
  public func next() -> UInt64 {
    if let state = xoshiroState { return Xoshiro256StarStar.next(statePointer: state) }
    return nextFromGSL()
  }

  @usableFromInline
  func nextFromGSL() -> UInt64 {
    let rangeBits = UInt64(
      gslGenerator.pointee.type.pointee.max - gslGenerator.pointee.type.pointee.min)
    if rangeBits == UInt64.max { return UInt64(gsl_rng_get(gslGenerator)) }
    // 32-bit generators (mt19937, taus2 have min 0, max 2³²−1); ranlxd2 has 2³²−1 too.
    precondition(rangeBits == UInt64(UInt32.max), "unsupported generator range for \(gslName)")
    let high = UInt64(gsl_rng_get(gslGenerator) - gslGenerator.pointee.type.pointee.min)
    let low = UInt64(gsl_rng_get(gslGenerator) - gslGenerator.pointee.type.pointee.min)
    return high << 32 | low
  }

  /// A uniform double in [0, 1) (53 random bits).
  @inlinable @inline(__always)
  public func uniform() -> Double { unitInterval(next()) }

  /// A uniform integer in 0..<`bound` (Lemire's nearly divisionless method, unbiased).
  @inlinable @inline(__always)
  public func uniformInt(below bound: Int) -> Int {
    precondition(bound > 0, "uniformInt(below:) needs a positive bound, got \(bound)")
    return Int(truncatingIfNeeded: boundedRandom(UInt64(bound), using: next))
  }

  /// True with probability `probability` (a Bernoulli trial).
  @inlinable @inline(__always)
  public func bernoulli(_ probability: Double) -> Bool { uniform() < probability }

  /// Runs `body` with a copy of the stream's state in a local value, written back afterwards.
  ///
  /// For hot loops: the local generator's state stays in registers instead of being loaded
  /// from and stored to memory at each draw. The stream must not be used inside `body`.
  @inlinable
  public func withLocalGenerator<Result>(
    _ body: (inout LocalRandomGenerator) throws -> Result
  ) rethrows -> Result {
    var local: LocalRandomGenerator
    if let state = xoshiroState {
      local = LocalRandomGenerator(
        xoshiro: Xoshiro256StarStar(state: (state[0], state[1], state[2], state[3])),
        gslStream: nil)
    } else {
      local = LocalRandomGenerator(
        xoshiro: Xoshiro256StarStar(state: (1, 0, 0, 0)), gslStream: Unmanaged.passUnretained(self))
    }
    defer {
      if let state = xoshiroState {
        (state[0], state[1], state[2], state[3]) = local.xoshiro.state
      }
    }
    return try body(&local)
  }

  /// Runs GSL samplers on a local generator's state: the state is loaded into this stream
  /// (used as scratch), `body` draws from the stream, and the advanced state is stored back.
  /// This is how counter-based per-agent generators (``AgentStreams``) reach GSL's samplers.
  @inlinable
  public func drawing<Result>(
    with generator: inout Xoshiro256StarStar, _ body: (RandomStream) throws -> Result
  ) rethrows -> Result {
    guard let state = xoshiroState else {
      preconditionFailure("drawing(with:) needs a xoshiro256** stream as scratch")
    }
    (state[0], state[1], state[2], state[3]) = generator.state
    defer { generator.state = (state[0], state[1], state[2], state[3]) }
    return try body(self)
  }

  /// Copies another stream's generator state into this one (same generator kind required).
  public func copyState(from other: RandomStream) {
    precondition(generatorKind == other.generatorKind, "copyState needs equal generator kinds")
    gsl_rng_memcpy(gslGenerator, other.gslGenerator)
  }

  /// Calls a GSL function that takes a `gsl_rng *`. For samplers this module does not wrap.
  @inlinable
  public func withGSLGenerator<Result>(
    _ body: (UnsafeMutablePointer<gsl_rng>) throws -> Result
  ) rethrows -> Result {
    try body(gslGenerator)
  }
}

/// A stream's generator held in a local variable for a hot loop (see
/// ``RandomStream/withLocalGenerator(_:)``). Conforms to `RandomNumberGenerator`, so the
/// standard library's `shuffle(using:)` and `random(in:using:)` work with it too.
public struct LocalRandomGenerator: UniformSource {
  @usableFromInline var xoshiro: Xoshiro256StarStar
  /// For GSL's own generator types, draws go to the stream itself (unretained: the stream
  /// outlives the local generator, which exists only inside `withLocalGenerator`).
  @usableFromInline let gslStream: Unmanaged<RandomStream>?

  @inlinable
  init(xoshiro: Xoshiro256StarStar, gslStream: Unmanaged<RandomStream>?) {
    self.xoshiro = xoshiro
    self.gslStream = gslStream
  }

  /// The next 64 uniformly distributed bits.
  @inlinable @inline(__always)
  public mutating func next() -> UInt64 {
    if _fastPath(gslStream == nil) { return xoshiro.next() }
    return gslStream!._withUnsafeGuaranteedRef { $0.nextFromGSL() }
  }
}

/// An unbiased uniform integer in 0..<`bound` from 64-bit draws: Lemire (2019), "Fast random
/// integer generation in an interval", ACM TOMS 29(1). The high word of `x·bound` is uniform
/// once draws whose low word falls below `2⁶⁴ mod bound` are rejected (rarely: < bound/2⁶⁴).
@inlinable @inline(__always)
func boundedRandom(_ bound: UInt64, using draw: () -> UInt64) -> UInt64 {
  var product = draw().multipliedFullWidth(by: bound)
  if product.low < bound {
    let threshold = (0 &- bound) % bound
    while product.low < threshold {
      product = draw().multipliedFullWidth(by: bound)
    }
  }
  return product.high
}

/// Process-wide GSL settings, applied once before the first stream or sampler exists.
enum GSLRuntime {
  /// GSL's default error handler aborts the process. BRISim validates arguments itself (with
  /// messages that name the parameter), so the handler is switched off and GSL's status codes
  /// are checked where functions return them.
  private static let prepared: Bool = {
    gsl_set_error_handler_off()
    return true
  }()

  static func prepare() { _ = prepared }
}

/// Facts about the GSL library this process runs on.
public enum GSLLibrary {
  /// GSL's version string (e.g. "2.7.1").
  public static var version: String { String(cString: gsl_version) }
}
