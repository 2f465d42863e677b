/// A fixed split of agent indices 0..<agentCount into contiguous partitions.
///
/// Partitions are the unit of parallel work, of randomness (each owns a stream) and of
/// ownership (in a phase, a partition writes only its own agents' slots). They are fixed by
/// the model and its size — never by the thread count — which is what makes results
/// independent of how many threads run them.
public struct Partitioning: Sendable, Equatable {
  /// Total number of agents.
  public let agentCount: Int
  /// `boundaries[p]..<boundaries[p + 1]` is partition p; `boundaries.count == partitionCount + 1`.
  public let boundaries: [Int]
  /// log₂ of the partition size when all partitions but the last have one power-of-two size,
  /// so that `partition(ofAgent:)` is a shift; nil for irregular partitions (binary search).
  private let regularSizeLog2: Int?

  /// Partitions of `partitionSize` agents each (the last may be smaller). `partitionSize` is
  /// rounded up to a power of two so that finding an agent's partition is a shift.
  public init(agentCount: Int, partitionSize: Int) {
    precondition(agentCount >= 0, "agent count must be non-negative, got \(agentCount)")
    precondition(partitionSize >= 1, "partition size must be at least 1, got \(partitionSize)")
    var log2 = 0
    while (1 << log2) < partitionSize { log2 += 1 }
    let size = 1 << log2
    let count = max(1, (agentCount + size - 1) / size)
    self.agentCount = agentCount
    self.boundaries = (0...count).map { min($0 * size, agentCount) }
    self.regularSizeLog2 = log2
  }

  /// Irregular partitions with the given boundaries (strictly increasing except that empty
  /// partitions are allowed; first 0, last the agent count). Use it to align partitions with
  /// groups such as countries.
  public init(boundaries: [Int]) {
    precondition(boundaries.count >= 2, "partitioning needs at least one partition")
    precondition(boundaries.first == 0, "partition boundaries must start at 0")
    precondition(
      zip(boundaries, boundaries.dropFirst()).allSatisfy { $0 <= $1 },
      "partition boundaries must be non-decreasing")
    self.agentCount = boundaries.last!
    self.boundaries = boundaries
    self.regularSizeLog2 = nil
  }

  /// Number of partitions.
  @inlinable public var partitionCount: Int { boundaries.count - 1 }

  /// Agents in the largest partition (0 with none).
  public var largestPartitionSize: Int {
    (0..<partitionCount).map { boundaries[$0 + 1] - boundaries[$0] }.max() ?? 0
  }

  /// The agents of partition `partition`.
  @inlinable
  public func range(of partition: Int) -> Range<Int> {
    boundaries[partition]..<boundaries[partition + 1]
  }

  /// The partition that owns agent `agent`.
  @inlinable
  public func partition(ofAgent agent: Int) -> Int {
    if let shift = regularShift { return agent >> shift }
    // Last boundary ≤ agent, skipping empty partitions.
    var low = 0
    var high = partitionCount - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if boundaries[middle] <= agent { low = middle } else { high = middle - 1 }
    }
    return low
  }

  @usableFromInline var regularShift: Int? { regularSizeLog2 }
}
