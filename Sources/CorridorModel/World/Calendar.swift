/// The model's monthly calendar. Step 0 is the start month; month m is `start + m`.
public struct ModelCalendar: Sendable, Equatable {
  /// Year of the first month.
  public let startYear: Int
  /// Month (1–12) of the first month.
  public let startMonth: Int
  /// Number of monthly steps.
  public let months: Int

  /// A calendar of `months` months starting at `startYear`-`startMonth`.
  public init(startYear: Int = 2015, startMonth: Int = 1, months: Int = 192) {
    precondition((1...12).contains(startMonth), "start month must be 1…12")
    precondition(months >= 1, "a run needs at least one month")
    self.startYear = startYear
    self.startMonth = startMonth
    self.months = months
  }

  /// (year, month) of step `step`.
  public func yearMonth(ofStep step: Int) -> (year: Int, month: Int) {
    let zeroBased = startMonth - 1 + step
    let yearOffset = zeroBased >= 0 ? zeroBased / 12 : (zeroBased - 11) / 12
    return (startYear + yearOffset, zeroBased - 12 * yearOffset + 1)
  }

  /// ISO date `YYYY-MM` of step `step`.
  public func isoMonth(ofStep step: Int) -> String {
    let (year, month) = yearMonth(ofStep: step)
    return month < 10 ? "\(year)-0\(month)" : "\(year)-\(month)"
  }

  /// The step of `year`-`month` (may lie outside 0..<months).
  public func step(year: Int, month: Int) -> Int {
    (year - startYear) * 12 + (month - startMonth)
  }

  /// The step of an ISO month `YYYY-MM`, or nil if it is malformed.
  public func step(isoMonth: String) -> Int? {
    let parts = isoMonth.split(separator: "-")
    guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month)
    else { return nil }
    return step(year: year, month: month)
  }

  /// Years elapsed at step `step` (0 at the start, 1/12 per month).
  public func years(atStep step: Int) -> Double { Double(step) / 12 }
}
