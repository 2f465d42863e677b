import Dispatch
import Foundation

/// Runs `body(i)` for i in 0..<count on `workers` threads, each claiming the next index in
/// order, and returns the results by index (a failure stays in its slot). Which thread ran an
/// index never matters: each result depends on its index alone.
func concurrentResults<Value>(
  count: Int, workers: Int, _ body: @escaping @Sendable (Int) throws -> Value
) -> [Result<Value, Error>] {
  let slots = ResultSlots<Value>(count: count)
  let next = ClaimCounter()
  DispatchQueue.concurrentPerform(iterations: max(1, min(workers, count))) { _ in
    while let index = next.claim(below: count) {
      slots.set(index, Result { try body(index) })
    }
  }
  return (0..<count).map { slots.get($0) }
}

/// Result slots written by concurrent work, each slot by one worker only.
private final class ResultSlots<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [Result<Value, Error>?]
  init(count: Int) { slots = Array(repeating: nil, count: count) }
  func set(_ index: Int, _ result: Result<Value, Error>) {
    lock.lock()
    slots[index] = result
    lock.unlock()
  }
  func get(_ index: Int) -> Result<Value, Error> {
    lock.lock()
    defer { lock.unlock() }
    return slots[index]!
  }
}

/// Hands out indices in order to whichever worker asks first.
private final class ClaimCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var next = 0
  func claim(below limit: Int) -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard next < limit else { return nil }
    next += 1
    return next - 1
  }
}
