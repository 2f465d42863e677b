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

extension ExperimentConfig {
  /// Notes on a sensitivity design's size: Sobol' nets are balanced at powers of two (the
  /// nested designs of `brisim analyze`'s convergence analysis are the first 8, 16, … base
  /// samples), and a Saltelli design of fewer than 16 base samples, or a Morris design of
  /// fewer than 8 trajectories, gives no convergence comparison.
  public var sensitivityDesignNotes: [String] {
    guard let sweep else { return [] }
    var notes: [String] = []
    if sweep.design == .saltelli, let n = sweep.baseSamples {
      if n & (n - 1) != 0 {
        notes.append(
          "\(file): sweep.samples \(n) is not a power of two: the first 2^k base samples of a Sobol' sequence are balanced in every parameter, the \(n) are less so (\(1 << (Int.bitWidth - n.leadingZeroBitCount - 1)) or \(1 << (Int.bitWidth - n.leadingZeroBitCount)) keep the balance)"
        )
      }
      if n < 16 {
        notes.append(
          "\(file): sweep.samples \(n): with fewer than 16 base samples each parameter is seen in \(n) strata of its range and brisim analyze has no smaller design to check convergence against; Sobol' indices usually need 64 or more"
        )
      }
    }
    if sweep.design == .morris, let r = sweep.trajectories, r < 8 {
      notes.append(
        "\(file): sweep.samples \(r) trajectories: brisim analyze compares 4, 8, … trajectories for convergence; Morris screening usually takes 10 to 20"
      )
    }
    return notes
  }
}
