/// Why a run of the model stopped before its end: a quantity stopped being a finite number
/// (``NumericalError``) or the books stopped balancing (``AccountingError``). Either way the
/// model refuses to take another step; the caller reports it and writes nothing as complete.
public protocol ModelStop: Error, CustomStringConvertible, Sendable {
  /// The step (0-based, spin-up included) in which it happened.
  var step: Int { get }
  /// When, in words: `month 2015-03`, or `spin-up month 3 of 36` before the calendar starts.
  var when: String { get }
  /// What went wrong, without the when: `firm cash balances became NaN`.
  var problem: String { get }
}

extension ModelStop {
  /// `month 2015-03: firm cash balances became NaN`.
  public var description: String { "\(when): \(problem)" }
}

/// A quantity of the model became NaN or infinite, or a share or probability left [0, 1].
public struct NumericalError: ModelStop {
  public let step: Int
  public let when: String
  /// What became non-finite, in words with units ("unit costs (CNY per unit)").
  public let quantity: String
  /// Its first bad value (NaN, ±inf, or a finite value outside [0, 1] for a share).
  public let value: Double

  public var problem: String {
    if value.isFinite { return "\(quantity) left [0, 1] (\(value))" }
    let shown = value.isNaN ? "NaN" : (value > 0 ? "+inf" : "-inf")
    return "\(quantity) became \(shown)"
  }
}
