/// One attribute of every agent, as a fixed-length contiguous column (structure of arrays).
///
/// Allocated once and never resized, so a step allocates nothing per agent. Partitions running
/// concurrently write disjoint index ranges of the same column; that discipline (each partition
/// writes only its own agents) is what `@unchecked Sendable` stands for.
public final class AgentColumn<Element: BitwiseCopyable>: @unchecked Sendable {
  /// Number of agents.
  public let count: Int
  /// The storage; valid for the column's lifetime.
  public let storage: UnsafeMutableBufferPointer<Element>

  /// A column of `count` agents, each with `value`.
  public init(count: Int, repeating value: Element) {
    precondition(count >= 0, "column length must be non-negative, got \(count)")
    storage = .allocate(capacity: count)
    storage.initialize(repeating: value)
    self.count = count
  }

  /// A column whose agent i holds `value(i)`, filled in place (no temporary array).
  public init(count: Int, _ value: (_ index: Int) -> Element) {
    precondition(count >= 0, "column length must be non-negative, got \(count)")
    storage = .allocate(capacity: count)
    for index in 0..<count { (storage.baseAddress! + index).initialize(to: value(index)) }
    self.count = count
  }

  /// A column holding `values`.
  public init(_ values: [Element]) {
    storage = .allocate(capacity: values.count)
    _ = storage.initialize(fromContentsOf: values)
    count = values.count
  }

  deinit { storage.deallocate() }

  /// The value of agent `index`.
  @inlinable
  public subscript(index: Int) -> Element {
    get { storage[index] }
    set { storage[index] = newValue }
  }

  /// The values of a range of agents (one partition, say).
  @inlinable
  public func slice(_ range: Range<Int>) -> UnsafeMutableBufferPointer<Element> {
    UnsafeMutableBufferPointer(rebasing: storage[range])
  }

  /// A copy of the whole column.
  public var values: [Element] { Array(storage) }

  /// Sets every agent to `value`.
  public func fill(_ value: Element) { storage.update(repeating: value) }

  /// Overwrites the column with `values` (same length).
  public func assign(_ values: some Collection<Element>) {
    precondition(values.count == count, "assigning \(values.count) values to a column of \(count)")
    _ = storage.update(fromContentsOf: values)
  }
}

extension AgentColumn: RandomAccessCollection, MutableCollection {
  public var startIndex: Int { 0 }
  public var endIndex: Int { count }
}
