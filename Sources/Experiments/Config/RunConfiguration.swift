import CorridorModel

extension ExperimentConfig {
  /// The economy of one run: defaults, then the config's parameters and policies, then the
  /// scenario's, then the sweep point's values; the observed baseline policies come first.
  /// - Throws: ``ConfigError`` when a swept value does not fit its parameter or lever.
  public func economyConfiguration(for run: RunSpec, dimensionNames: [String]) throws
    -> EconomyConfiguration
  {
    guard let scenario = scenarios.first(where: { $0.name == run.scenario }) else {
      throw ConfigError(
        file: file, key: "scenarios", message: "no scenario named '\(run.scenario)'")
    }
    var parameters = ModelParameters()
    for setting in self.parameters + scenario.parameters {
      try setParameter(
        setting.name, setting.value, in: &parameters, key: "parameters.\(setting.name)",
        line: setting.line)
    }
    var rules = self.policies + scenario.policies
    for (name, value) in zip(dimensionNames, run.values) {
      if name.hasPrefix("policies.") {
        let id = String(name.split(separator: ".")[1])
        for index in rules.indices where rules[index].id == id {
          let rule = rules[index].rule
          guard rule.lever.range.contains(value) else {
            throw ConfigError(
              file: file, key: "sweep.parameters.\(name)",
              message:
                "\(value) is out of range for \(rule.lever.rawValue); expected \(rule.lever.range.lowerBound) to \(rule.lever.range.upperBound)"
            )
          }
          rules[index].rule.schedule = Schedule(
            rule.schedule.segments.map { segment in
              switch segment {
              case .step(let month, _): return .step(atMonth: month, value: value)
              case .ramp(let from, let to, _):
                return .ramp(fromMonth: from, toMonth: to, target: value)
              }
            })
        }
      } else {
        try setParameter(name, value, in: &parameters, key: "sweep.parameters.\(name)", line: nil)
      }
    }
    do {
      try ParameterCatalog.checkConstraints(parameters, source: file)
    } catch let error as ModelInputError {
      throw ConfigError(
        file: file, key: run.id, message: "this run's parameters: \(error.message)")
    }
    var policy = PolicyPlan.baseline(calendar: calendar)
    policy.rules += rules.map(\.rule)
    return EconomyConfiguration(
      world: worldTable, calendar: calendar, parameters: parameters, policy: policy,
      scale: ScaleSettings().scaled(by: effectiveAgentScales), seed: run.seed)
  }

  private func setParameter(
    _ name: String, _ value: Double, in parameters: inout ModelParameters, key: String, line: Int?
  )
    throws
  {
    do {
      try ParameterCatalog.set(name, to: value, in: &parameters, source: key)
    } catch let error as ModelInputError {
      throw ConfigError(file: file, line: line, key: key, message: error.message)
    }
  }

  /// A readable label of a swept dimension: a parameter's name in words with its unit
  /// (`wage growth china per year (1/year)`), or a policy's lever, where it applies and its
  /// id (`de minimis threshold (USD) in ASEAN (policy asean_dm)`).
  public func label(ofDimension name: String) -> String {
    if name.hasPrefix("policies."), name.split(separator: ".").count == 3 {
      let id = String(name.split(separator: ".")[1])
      let rules = (policies + scenarios.flatMap(\.policies)).filter { $0.id == id }
      guard let rule = rules.first?.rule else { return "policy \(id) (value)" }
      return "\(rule.lever.label) \(describe(rule.countries)) (policy \(id))"
    }
    let words = name.replacingOccurrences(of: "_", with: " ")
    guard let spec = ParameterCatalog.spec(named: name), !spec.unit.isEmpty else { return words }
    return "\(words) (\(spec.unit))"
  }

  /// Where a rule applies, in words: a group's name when the countries are exactly a group.
  func describe(_ selector: CountrySelector) -> String {
    switch selector {
    case .all: return "everywhere"
    case .corridors(let corridors): return "in " + corridors.map(\.rawValue).joined(separator: ", ")
    case .countries(let codes):
      if let group = groups.keys.sorted().first(where: { Set(groups[$0]!) == Set(codes) }) {
        return "in \(group)"
      }
      return codes.count <= 4
        ? "in " + codes.joined(separator: ", ") : "in \(codes.count) countries"
    }
  }

  /// FNV-1a 64 of the config text, as hex: identifies the experiment a results folder holds.
  public var textHash: String {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    return String(hash, radix: 16)
  }
}
