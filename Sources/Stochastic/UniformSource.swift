@preconcurrency import CGSL
import RealModule

/// A value-type generator of uniform bits for hot loops, with the derived draws every model
/// needs. Both ``Xoshiro256StarStar`` and ``LocalRandomGenerator`` are uniform sources; the
/// methods are written once here.
public protocol UniformSource: RandomNumberGenerator {}

extension UniformSource {
  /// A uniform double in [0, 1) (53 random bits).
  @inlinable @inline(__always)
  public mutating func uniform() -> Double { unitInterval(next()) }

  /// A uniform double in the open interval (0, 1).
  @inlinable @inline(__always)
  public mutating func uniformPositive() -> Double {
    var u = uniform()
    while u == 0 { u = uniform() }
    return u
  }

  /// True with probability `probability`.
  @inlinable @inline(__always)
  public mutating func bernoulli(_ probability: Double) -> Bool { uniform() < probability }

  /// A uniform integer in 0..<`bound`: Lemire (2019), "Fast random integer generation in an
  /// interval". The high word of `x·bound` is uniform once draws whose low word falls below
  /// `2⁶⁴ mod bound` are rejected (rarely: < bound/2⁶⁴).
  @inlinable @inline(__always)
  public mutating func uniformInt(below bound: Int) -> Int {
    precondition(bound > 0, "uniformInt(below:) needs a positive bound, got \(bound)")
    let range = UInt64(bound)
    var product = next().multipliedFullWidth(by: range)
    if _slowPath(product.low < range) {
      let threshold = (0 &- range) % range
      while product.low < threshold { product = next().multipliedFullWidth(by: range) }
    }
    return Int(truncatingIfNeeded: product.high)
  }

  /// A standard normal draw by inversion, Φ⁻¹(u) with GSL's `gsl_cdf_ugaussian_Pinv`.
  @inlinable
  public mutating func standardNormal() -> Double { gsl_cdf_ugaussian_Pinv(uniformPositive()) }

  /// A standard Gumbel draw, −log(−log u): the noise of the Gumbel-max trick (adding it to
  /// utilities and taking the arg-max draws a multinomial-logit choice).
  @inlinable
  public mutating func standardGumbel() -> Double { -Double.log(-Double.log(uniformPositive())) }
}

extension Xoshiro256StarStar: UniformSource {}

/// Counter-based streams: a fresh generator for every (agent, step) of a family of draws.
///
/// The generator of agent i at step t is xoshiro256** seeded (SplitMix64) from
/// mix(master seed, family, i, t), so an agent's draws at a step do not depend on how many
/// numbers anyone drew before. Two runs that differ by a policy therefore face the same
/// randomness agent by agent, month by month (common random numbers), and results cannot
/// depend on threads. Setting up a generator costs a handful of 64-bit mixes (~10 ns).
public struct AgentStreams: Sendable {
  /// The master seed and family combined.
  @usableFromInline let base: UInt64

  /// The streams of `family` (e.g. "consumers.shop") under `seed`.
  public init(seed: UInt64, family: String) {
    base = SeedDerivation.combine(seed, SeedDerivation.fnv1a64(family))
  }

  /// The generator of `agent` at `step`.
  @inlinable
  public func generator(agent: Int, step: Int) -> Xoshiro256StarStar {
    Xoshiro256StarStar(
      seed: SeedDerivation.combine(
        SeedDerivation.combine(base, UInt64(truncatingIfNeeded: agent)),
        UInt64(truncatingIfNeeded: step)))
  }
}
