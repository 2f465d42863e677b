import CorridorModel

extension ExperimentConfig {
  /// One line per policy rule of the config (its own or a scenario's) that sets a lever the
  /// baseline's observed policies also schedule for some of the same countries
  /// (``PolicyPlan/baseline(calendar:)``): rules apply in order, the baseline's first, so from
  /// the rule's first step its values replace the baseline's there, and before it the
  /// baseline's stand. A researcher who sets the EU's de minimis to 0 from 2021-01 learns that
  /// the baseline already does so from 2021-07.
  public var baselineOverlaps: [String] {
    let baseline = PolicyPlan.baseline(calendar: calendar).rules
    let world = worldTable
    var notes: [String] = []
    let owners =
      policies.map { ("policies", $0) }
      + scenarios.flatMap { scenario in
        scenario.policies.map { ("scenario '\(scenario.name)'", $0) }
      }
    for (owner, configured) in owners {
      let rule = configured.rule
      let countries = Set(rule.countries.indices(in: world))
      for observed in baseline where observed.lever == rule.lever {
        if let a = rule.sector, let b = observed.sector, a != b { continue }
        let shared = countries.intersection(observed.countries.indices(in: world)).sorted()
        guard !shared.isEmpty else { continue }
        let codes = shared.prefix(5).map { world.countries[$0].iso3 }.joined(separator: ", ")
        let more = shared.count > 5 ? " and \(shared.count - 5) more" : ""
        let steps = observed.schedule.segments.map { segment -> String in
          switch segment {
          case .step(let month, let value):
            return month < 0
              ? "\(value) at the start" : "\(value) from \(calendar.isoMonth(ofStep: month))"
          case .ramp(let from, let to, let target):
            return
              "to \(target) from \(calendar.isoMonth(ofStep: from)) to \(calendar.isoMonth(ofStep: to))"
          }
        }
        let first = rule.schedule.segments.first.map { segment -> String in
          switch segment {
          case .step(let month, _), .ramp(let month, _, _): return calendar.isoMonth(ofStep: month)
          }
        }
        notes.append(
          "\(file): \(owner): the \(rule.lever.rawValue) rule for \(codes)\(more) overlaps the baseline's observed schedule there (\(steps.joined(separator: ", "))); from \(first ?? "its first step") its values replace the baseline's"
        )
      }
    }
    return notes
  }
}
