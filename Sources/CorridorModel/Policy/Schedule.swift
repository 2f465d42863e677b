/// A policy instrument's value month by month, built from steps and linear ramps.
///
/// Before the first segment the instrument keeps its base value (from data or defaults).
/// `step(atMonth: m, value: v)` sets v from month m on; `ramp(fromMonth: a, toMonth: b,
/// target: v)` moves linearly from the value in force at month a to v at month b and holds
/// it. A three-stage rollout is three ramps or steps. Months are model steps (0 = start).
public struct Schedule: Sendable, Equatable {
  /// One change of the instrument.
  public enum Segment: Sendable, Equatable {
    /// From `atMonth` on, the value is `value`.
    case step(atMonth: Int, value: Double)
    /// Linear change from the value in force at `fromMonth` to `target` at `toMonth`.
    case ramp(fromMonth: Int, toMonth: Int, target: Double)

    /// The month the segment starts to act.
    public var startMonth: Int {
      switch self {
      case .step(let month, _): return month
      case .ramp(let from, _, _): return from
      }
    }
  }

  /// The changes, ordered by start month.
  public let segments: [Segment]

  /// A schedule of `segments`; they are ordered by start month (stably).
  public init(_ segments: [Segment] = []) {
    for segment in segments {
      if case .ramp(let from, let to, _) = segment {
        precondition(from < to, "a ramp must end after it starts (\(from) → \(to))")
      }
    }
    self.segments = segments.enumerated().sorted {
      ($0.element.startMonth, $0.offset) < ($1.element.startMonth, $1.offset)
    }.map(\.element)
  }

  /// A constant value from month 0.
  public static func constant(_ value: Double) -> Schedule {
    Schedule([.step(atMonth: 0, value: value)])
  }

  /// Whether the schedule never changes the base value.
  public var isEmpty: Bool { segments.isEmpty }

  /// The value at month `month`, starting from `base`.
  public func value(atMonth month: Int, base: Double) -> Double {
    var value = base
    for segment in segments {
      switch segment {
      case .step(let start, let newValue):
        if month >= start { value = newValue }
      case .ramp(let from, let to, let target):
        if month >= to {
          value = target
        } else if month > from {
          value += (target - value) * Double(month - from) / Double(to - from)
        }
      }
    }
    return value
  }
}
