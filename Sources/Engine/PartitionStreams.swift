import Stochastic

/// One random stream per partition of a family of draws.
///
/// Stream p is seeded from (master seed, family name, p), so partition p draws the same
/// numbers whichever thread runs it and however many threads there are. Distinct families
/// ("boltzmann.give", "consumers.shopping", …) are independent, so adding draws to one
/// behaviour does not shift the numbers of another.
public struct PartitionStreams: Sendable {
  /// The family name the streams were derived from.
  public let family: String
  @usableFromInline let streams: [RandomStream]

  /// Streams for `partitionCount` partitions of `family` under `seed`.
  public init(
    seed: UInt64, family: String, partitionCount: Int,
    generator: RandomGeneratorKind = .xoshiro256StarStar
  ) {
    self.family = family
    self.streams = (0..<partitionCount).map {
      RandomStream(seed: seed, stream: StreamID(family, index: $0), generator: generator)
    }
  }

  /// Number of streams (one per partition).
  public var count: Int { streams.count }

  /// The stream owned by `partition`.
  @inlinable
  public subscript(partition: Int) -> RandomStream { streams[partition] }
}
