/// Deterministic derivation of seeds and stream identities.
///
/// Every random stream in BRISim is a pure function of the master seed and the stream's
/// identity (which agents it serves and for what), never of threads or scheduling. The mixing
/// function is the SplitMix64 finaliser (Steele, Lea & Flood 2014), a bijection on 64-bit words
/// with full avalanche, so distinct identities give unrelated, non-colliding seeds.
public enum SeedDerivation {
  /// The SplitMix64 golden-ratio increment, ⌊2⁶⁴ / φ⌋ (odd).
  public static let goldenGamma: UInt64 = 0x9E37_79B9_7F4A_7C15

  /// SplitMix64 finaliser: z ← (z ⊕ z≫30)·c₁, z ← (z ⊕ z≫27)·c₂, z ⊕ z≫31. A bijection.
  @inlinable
  public static func mix64(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Combines two words into one seed: `mix64(a ⊕ mix64(b + γ))`.
  ///
  /// For fixed `b` it is a bijection in `a`, and for fixed `a` a bijection in `b`, so two
  /// streams of one master seed, or one stream under two master seeds, never share a seed.
  @inlinable
  public static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
    mix64(a ^ mix64(b &+ goldenGamma))
  }

  /// Folds a list of components into one seed, left to right (order matters).
  ///
  /// Used for derived seeds such as (experiment seed, sweep point, replicate).
  @inlinable
  public static func derive(_ seed: UInt64, _ components: UInt64...) -> UInt64 {
    components.reduce(seed) { combine($0, $1) }
  }

  /// 64-bit FNV-1a hash of a string's UTF-8 bytes (Fowler–Noll–Vo). Unlike Swift's `Hasher`,
  /// which is randomly seeded per process, it is the same in every run and on every machine.
  public static func fnv1a64(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    return hash
  }
}

/// The identity of a random stream: which family of draws (e.g. "consumers.shopping") and which
/// fixed partition of agents within it. Same identity and master seed, same numbers.
public struct StreamID: Hashable, Sendable, CustomStringConvertible {
  /// The identity as one 64-bit word; this is what seeds the generator.
  public let rawValue: UInt64
  /// Human-readable origin, for diagnostics only.
  public let description: String

  /// A stream from a raw 64-bit identity.
  public init(rawValue: UInt64) {
    self.rawValue = rawValue
    self.description = "stream#\(rawValue)"
  }

  /// The stream serving partition `index` of the named family.
  public init(_ family: String, index: Int = 0) {
    precondition(index >= 0, "stream index must be non-negative, got \(index)")
    self.rawValue = SeedDerivation.combine(SeedDerivation.fnv1a64(family), UInt64(index))
    self.description = "\(family)[\(index)]"
  }

  public static func == (lhs: StreamID, rhs: StreamID) -> Bool { lhs.rawValue == rhs.rawValue }
  public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}
