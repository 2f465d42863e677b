@preconcurrency import CGSL

/// Draws index i ∈ 0..<K with probability wᵢ / Σw in O(1), by Walker's alias method
/// (GSL's `gsl_ran_discrete_preproc` / `gsl_ran_discrete`, O(K) set-up).
///
/// The table is immutable once built, so one sampler can serve every partition, each drawing
/// from its own stream. Used for weighted choices such as picking a supplier country by market
/// size.
public final class WeightedDiscreteSampler: @unchecked Sendable {
  /// Number of categories K.
  public let count: Int
  private let table: UnsafeMutablePointer<gsl_ran_discrete_t>

  /// A sampler for non-negative `weights` (not all zero; they need not sum to one).
  public init(weights: [Double]) {
    GSLRuntime.prepare()
    precondition(!weights.isEmpty, "a weighted draw needs at least one weight")
    precondition(
      weights.allSatisfy { $0 >= 0 && $0.isFinite },
      "weights must be finite and non-negative")
    precondition(weights.contains { $0 > 0 }, "at least one weight must be positive")
    count = weights.count
    guard
      let built = weights.withUnsafeBufferPointer({
        gsl_ran_discrete_preproc($0.count, $0.baseAddress)
      })
    else { fatalError("gsl_ran_discrete_preproc failed (out of memory)") }
    table = built
  }

  deinit { gsl_ran_discrete_free(table) }

  /// One index drawn with probability proportional to its weight.
  public func sample(_ stream: RandomStream) -> Int {
    stream.withGSLGenerator { Int(gsl_ran_discrete($0, table)) }
  }

  /// The normalised probability of index `index`.
  public func probability(_ index: Int) -> Double {
    guard index >= 0 && index < count else { return 0 }
    return gsl_ran_discrete_pdf(index, table)
  }
}
