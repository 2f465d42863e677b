@preconcurrency import CGSL

extension RandomStream {
  /// Puts the elements in uniformly random order (Fisher–Yates; GSL's `gsl_ran_shuffle`).
  public func shuffle<Element: BitwiseCopyable>(_ elements: inout [Element]) {
    elements.withUnsafeMutableBufferPointer { shuffle($0) }
  }

  /// Puts the elements of a buffer in uniformly random order (GSL's `gsl_ran_shuffle`).
  public func shuffle<Element: BitwiseCopyable>(_ buffer: UnsafeMutableBufferPointer<Element>) {
    guard buffer.count > 1 else { return }
    withGSLGenerator {
      gsl_ran_shuffle($0, buffer.baseAddress, buffer.count, MemoryLayout<Element>.stride)
    }
  }

  /// `count` distinct elements of `population`, drawn without replacement, each subset equally
  /// likely, kept in their original order (GSL's `gsl_ran_choose`, selection sampling, O(n)).
  public func choose<Element: BitwiseCopyable>(
    _ count: Int, from population: [Element]
  ) -> [Element] {
    precondition(
      count >= 0 && count <= population.count,
      "cannot choose \(count) of \(population.count) without replacement")
    guard count > 0 else { return [] }
    return [Element](unsafeUninitializedCapacity: count) { chosen, initialized in
      population.withUnsafeBufferPointer { source in
        _ = withGSLGenerator {
          gsl_ran_choose(
            $0, chosen.baseAddress, count, UnsafeMutableRawPointer(mutating: source.baseAddress),
            source.count, MemoryLayout<Element>.stride)
        }
      }
      initialized = count
    }
  }

  /// `count` elements of `population` drawn with replacement (GSL's `gsl_ran_sample`).
  public func sampleWithReplacement<Element: BitwiseCopyable>(
    _ count: Int, from population: [Element]
  ) -> [Element] {
    precondition(count >= 0, "sample size must be non-negative, got \(count)")
    precondition(!population.isEmpty || count == 0, "cannot sample from an empty population")
    guard count > 0 else { return [] }
    return [Element](unsafeUninitializedCapacity: count) { sampled, initialized in
      population.withUnsafeBufferPointer { source in
        withGSLGenerator {
          gsl_ran_sample(
            $0, sampled.baseAddress, count, UnsafeMutableRawPointer(mutating: source.baseAddress),
            source.count, MemoryLayout<Element>.stride)
        }
      }
      initialized = count
    }
  }
}
