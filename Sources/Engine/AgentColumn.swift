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
  public func assign(_ values: [Element]) {
    precondition(values.count == count, "assigning \(values.count) values to a column of \(count)")
    values.withUnsafeBufferPointer { _ = storage.update(fromContentsOf: $0) }
  }

  /// Overwrites the column with another column's values (same length): one memory copy.
  public func assign(_ other: AgentColumn<Element>) {
    precondition(
      other.count == count, "assigning a column of \(other.count) to a column of \(count)")
    storage.baseAddress?.update(from: other.storage.baseAddress!, count: count)
  }

  /// The sum of all values (in index order, so floating-point results are reproducible).
  @inlinable
  public func sum() -> Element where Element: AdditiveArithmetic {
    var total = Element.zero
    for value in storage { total += value }
    return total
  }
}

extension AgentColumn where Element == Double {
  /// The sum with Neumaier's compensated summation: the error is about one rounding of the
  /// result, |S|·ε, instead of up to n·ε·Σ|x| for the plain running sum. For the stock-flow
  /// check, where balances of opposite sign and large size (years of retained profits,
  /// debts) nearly cancel: the plain sum's error could exceed the month's tolerance.
  public func compensatedSum() -> Double {
    var total = 0.0
    var compensation = 0.0
    for value in storage {
      let next = total + value
      compensation += abs(total) >= abs(value) ? (total - next) + value : (value - next) + total
      total = next
    }
    return total + compensation
  }
}

extension AgentColumn: RandomAccessCollection, MutableCollection {
  @inlinable public var startIndex: Int { 0 }
  @inlinable public var endIndex: Int { count }
  @inlinable public func index(after i: Int) -> Int { i + 1 }
  @inlinable public func index(before i: Int) -> Int { i - 1 }
}
