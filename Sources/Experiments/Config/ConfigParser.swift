import CorridorModel
import Foundation
import ObservedData
import Stochastic

/// Turns the YAML tree of a config into an ``ExperimentConfig``, checking every key, type,
/// range, country, lever, sector and month on the way.
struct ConfigParser {
  let file: String
  let baseDirectory: String
  let text: String

  static let topKeys = [
    "name", "description", "seed", "replicates", "calendar", "scale", "agent_scale", "world",
    "threads",
    "parameters",
    "policies", "outputs", "scenarios", "sweep", "summary", "calibration", "groups",
  ]

  func parse(_ top: ConfigNode) throws -> ExperimentConfig {
    let entries = Dictionary(
      uniqueKeysWithValues: try top.mapping(allowed: Self.topKeys, required: ["name"]))
    let name = try entries["name"]!.string()
    guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
      name.first?.isLetter == true
    else {
      throw entries["name"]!.error(
        "names a results folder: letters, digits, '-' and '_', starting with a letter")
    }
    var calendar = ModelCalendar()
    if let node = entries["calendar"] {
      let fields = Dictionary(uniqueKeysWithValues: try node.mapping(allowed: ["start", "months"]))
      var startYear = 2015
      var startMonth = 1
      if let start = fields["start"] {
        let text = try start.string()
        guard let step = ModelCalendar().step(isoMonth: text), step >= -12 * 200 else {
          throw start.error("expected a month as YYYY-MM, got '\(text)'")
        }
        let (year, month) = ModelCalendar().yearMonth(ofStep: step)
        (startYear, startMonth) = (year, month)
      }
      let months = try fields["months"].map { try $0.integer(in: 1...1_200) } ?? 192
      calendar = ModelCalendar(startYear: startYear, startMonth: startMonth, months: months)
    }
    let world: WorldSource
    let table: CountryTable
    if let node = entries["world"], try node.string() != "embedded" {
      let path = try node.string()
      let resolved = path.hasPrefix("/") ? path : "\(baseDirectory)/\(path)"
      guard let data = FileManager.default.contents(atPath: resolved),
        let csv = String(data: data, encoding: .utf8)
      else { throw node.error("cannot read the country table '\(path)'") }
      do {
        table = try CountryTable.parse(csv: csv, source: path)
      } catch let error as ModelInputError {
        throw ConfigError(
          file: error.source, line: error.line, key: error.column, message: error.message)
      }
      world = .file(path)
    } else {
      world = .embedded
      table = .embedded
    }
    let groups = try parseGroups(entries["groups"], world: table)
    let context = Context(calendar: calendar, world: table, groups: groups)
    let parameters = try entries["parameters"].map { try parseParameters($0) } ?? []
    let policies = try entries["policies"].map { try parsePolicies($0, context: context) } ?? []
    var tables = Set(OutputTable.allCases)
    var flows = FlowFrequency.yearly
    if let node = entries["outputs"] {
      let fields = Dictionary(uniqueKeysWithValues: try node.mapping(allowed: ["tables", "flows"]))
      if let list = fields["tables"] {
        tables = []
        for item in try list.sequence() {
          let text = try item.string()
          guard let table = OutputTable(rawValue: text) else {
            throw item.error(
              "unknown table '\(text)'; expected world, corridors, countries, flows or platforms")
          }
          tables.insert(table)
        }
      }
      if let node = fields["flows"] {
        let text = try node.string()
        guard let frequency = FlowFrequency(rawValue: text) else {
          throw node.error("expected yearly or monthly, got '\(text)'")
        }
        flows = frequency
      }
    }
    var scenarios = [
      ScenarioConfig(
        name: "baseline", description: "the config as written", parameters: [], policies: [])
    ]
    if let node = entries["scenarios"] {
      for item in try node.sequence() {
        let scenario = try parseScenario(item, context: context)
        if scenario.name == "baseline" {
          throw item.error(
            "'baseline' is reserved: it names the config itself (the first scenario, every other is compared with it); choose another name"
          )
        }
        if scenarios.contains(where: { $0.name == scenario.name }) {
          throw item.error("duplicate scenario name '\(scenario.name)'")
        }
        scenarios.append(scenario)
      }
    }
    let policyIDs = (policies + scenarios.flatMap(\.policies)).compactMap(\.id)
    let sweep = try entries["sweep"].map { try parseSweep($0, policyIDs: policyIDs) }
    let summary =
      try entries["summary"].map { try parseSummary($0, context: context) }
      ?? (tables.contains(.world) ? SummaryMetric.defaults(calendar: calendar) : [])
    for (index, metric) in summary.enumerated() where !tables.contains(metric.table) {
      let items = try entries["summary"]?.sequence()
      throw (items.map { $0[index] } ?? top).error(
        "summary metric \(metric.name) reads \(metric.table.rawValue).csv, which the runs do not write; add \(metric.table.rawValue) to outputs.tables"
      )
    }
    let replicates = try entries["replicates"].map { try $0.integer(in: 1...10_000) } ?? 1
    var config = ExperimentConfig(
      name: name, description: try entries["description"].map { try $0.string() } ?? "",
      seed: try entries["seed"].map { try $0.unsigned() } ?? 1, replicates: replicates,
      calendar: calendar,
      scale: try entries["scale"].map { try $0.double(in: 0.001...100) } ?? 1, world: world,
      worldTable: table,
      threads: try entries["threads"].map { try $0.integer(in: 0...1_024) }.flatMap {
        $0 == 0 ? nil : $0
      },
      parameters: parameters, policies: policies, tables: tables, flowFrequency: flows,
      scenarios: scenarios,
      sweep: sweep, summary: summary, file: file, text: text)
    config.groups = groups
    if let node = entries["agent_scale"] {
      for (kind, value) in try node.mapping(allowed: AgentScales.kindNames) {
        let factor = try value.double(in: 0.001...100)
        guard factor * config.scale <= 100 else {
          throw value.error(
            "scale × \(factor) is above 100, the most any kind of agent may be multiplied by")
        }
        _ = config.agentScales.set(kind, to: factor)
      }
    }
    if let node = entries["calibration"] {
      if sweep != nil { throw node.error("a config calibrates or sweeps, not both") }
      config.calibration = try parseCalibration(
        node, policyIDs: policyIDs, context: context, replicates: replicates)
    }
    try checkParameterConstraints(config)
    let runs = RunPlan.runCount(config)
    guard runs <= ConfigLimits.maximumRuns else {
      throw ConfigError(
        file: file, key: "sweep",
        message: "plans \(runs) runs; at most \(ConfigLimits.maximumRuns) are allowed")
    }
    return config
  }

  struct Context {
    let calendar: ModelCalendar
    let world: CountryTable
    /// Group name → member codes present in the table (shipped groups and the config's).
    var groups: [String: [String]] = [:]
  }

  // MARK: Groups

  /// The shipped groups (members present in `world`) and the config's `groups:`: each a name
  /// (upper case letters, digits, `_`; not a country code, corridor or shipped group) and a
  /// list of country codes or earlier groups.
  func parseGroups(_ node: ConfigNode?, world: CountryTable) throws -> [String: [String]] {
    var groups: [String: [String]] = [:]
    for group in CountryGroup.standard {
      let members = group.members(in: world)
      if !members.isEmpty { groups[group.name] = members }
    }
    guard let node else { return groups }
    for (name, _, value) in try node.namedEntries() {
      guard name.first.map({ $0.isUppercase && $0.isASCII }) == true,
        name.allSatisfy({ ($0.isUppercase || $0.isNumber || $0 == "_") && $0.isASCII })
      else {
        throw value.error(
          "group name '\(name)': upper case letters, digits and '_', starting with a letter")
      }
      if world.index(of: name) != nil || Corridor(rawValue: name) != nil {
        throw value.error("group name '\(name)' is already a country or corridor code")
      }
      if CountryGroup.standard(named: name) != nil {
        throw value.error(
          "'\(name)' is a shipped group (brisim countries --groups lists them); choose another name"
        )
      }
      let context = Context(calendar: ModelCalendar(), world: world, groups: groups)
      let members = try countryCodes(value, context: context)
      groups[name] = world.countries.map(\.iso3).filter { members.contains($0) }
    }
    return groups
  }

  /// Country codes from a list of ISO3 codes and group names (groups expanded), in the order
  /// written, each once.
  func countryCodes(_ node: ConfigNode, context: Context) throws -> [String] {
    var codes: [String] = []
    let items = (try? node.sequence()) ?? [node]
    for (index, code) in try node.strings().enumerated() {
      let place = index < items.count ? items[index] : node
      if context.world.index(of: code) != nil {
        if !codes.contains(code) { codes.append(code) }
      } else if let members = context.groups[code] {
        for member in members where !codes.contains(member) { codes.append(member) }
      } else {
        let names = context.world.countries.map(\.iso3) + context.groups.keys.sorted()
        let hint = closestMatch(to: code, among: names).map { "; did you mean '\($0)'?" } ?? ""
        let corridorHint =
          Corridor(rawValue: code.uppercased()) != nil
          ? "; '\(code)' is a corridor: use 'corridors: [\(code.uppercased())]'" : ""
        throw place.error(
          "unknown country code or group '\(code)'\(corridorHint.isEmpty ? hint : corridorHint)")
      }
    }
    return codes
  }

  // MARK: Parameters

  /// The catalog entry of a parameter named in the config, or an error with the closest name.
  func parameterSpec(named name: String, line: Int?, key: String) throws -> ParameterSpec {
    guard let spec = ParameterCatalog.spec(named: name) else {
      let hint =
        ParameterCatalog.policyLeverHint(for: name).map { "; \($0)" }
        ?? closestMatch(to: name, among: ParameterCatalog.all.map(\.name)).map {
          "; did you mean '\($0)'?"
        } ?? ""
      throw ConfigError(
        file: file, line: line, key: key,
        message: "unknown parameter\(hint) (brisim parameters lists them)")
    }
    return spec
  }

  func parseParameters(_ node: ConfigNode) throws -> [ParameterSetting] {
    var settings: [ParameterSetting] = []
    var scratch = ModelParameters()
    for (name, line, value) in try node.namedEntries() {
      let spec = try parameterSpec(named: name, line: line, key: value.key)
      let number: Double
      if case .boolean = spec.kind {
        number = try value.bool() ? 1 : 0
      } else {
        number = try value.double()
      }
      do {
        try ParameterCatalog.set(name, to: number, in: &scratch, source: value.key)
      } catch let error as ModelInputError {
        throw value.error(error.message)
      }
      settings.append(ParameterSetting(name: name, value: number, line: line))
    }
    return settings
  }

  /// Refuses parameter combinations the model is undefined for (``ParameterCatalog/constraints``):
  /// in each scenario's parameters, and anywhere in the box a sweep or a calibration explores.
  func checkParameterConstraints(_ config: ExperimentConfig) throws {
    var box: [String: (low: Double, high: Double)] = [:]
    var boxLines: [String: (key: String, line: Int?)] = [:]
    if let sweep = config.sweep {
      for dimension in sweep.dimensions where !dimension.name.hasPrefix("policies.") {
        switch dimension.values {
        case .range(let low, let high, _): box[dimension.name] = (low, high)
        case .list(let values): box[dimension.name] = (values.min() ?? 0, values.max() ?? 0)
        }
        boxLines[dimension.name] = ("sweep.parameters.\(dimension.name)", dimension.line)
      }
    }
    if let calibration = config.calibration {
      for parameter in calibration.parameters where !parameter.name.hasPrefix("policies.") {
        box[parameter.name] = (parameter.low, parameter.high)
        boxLines[parameter.name] = (
          "calibration.parameters.\(parameter.name)", calibration.parameterLines[parameter.name]
        )
      }
    }
    for scenario in config.scenarios {
      let settings = config.parameters + scenario.parameters
      var base = ModelParameters()
      for setting in settings {
        try? ParameterCatalog.set(setting.name, to: setting.value, in: &base, source: "")
      }
      let place = scenario.name == "baseline" ? "" : " (scenario \(scenario.name))"
      // Constraints on swept or free parameters are checked over the box below, with the
      // box's values in place of the scenario's.
      for constraint in ParameterCatalog.constraints
      where !constraint.holds(base) && !constraint.parameters.contains(where: { box[$0] != nil }) {
        let setting = settings.last { constraint.parameters.contains($0.name) }
        throw ConfigError(
          file: file, line: setting?.line,
          key: setting.map { "parameters.\($0.name)" } ?? "parameters",
          message: constraint.violationMessage(base) + place)
      }
      if let (constraint, corner) = ParameterCatalog.firstViolation(in: box, base: base) {
        let swept = constraint.parameters.filter { box[$0] != nil }
        let where_ = boxLines[swept.first ?? ""]
        throw ConfigError(
          file: file, line: where_?.line, key: where_?.key,
          message:
            "at a corner of the explored range, \(constraint.violationMessage(corner))\(place); narrow the range of \(swept.joined(separator: " or ")) so that \(constraint.requirement) holds throughout"
        )
      }
    }
  }

  // MARK: Policies

  static let policyKeys = [
    "id", "lever", "countries", "corridors", "partners", "sector", "value", "schedule",
  ]

  func parsePolicies(_ node: ConfigNode, context: Context) throws -> [PolicyRuleConfig] {
    var rules: [PolicyRuleConfig] = []
    for item in try node.sequence() {
      let rule = try parsePolicy(item, context: context)
      if let id = rule.id, rules.contains(where: { $0.id == id }) {
        throw item.error("duplicate policy id '\(id)'")
      }
      rules.append(rule)
    }
    return rules
  }

  func parsePolicy(_ node: ConfigNode, context: Context) throws -> PolicyRuleConfig {
    let fields = Dictionary(
      uniqueKeysWithValues: try node.mapping(allowed: Self.policyKeys, required: ["lever"]))
    let leverText = try fields["lever"]!.string()
    guard let lever = PolicyLever(rawValue: leverText) else {
      let names = PolicyLever.allCases.map(\.rawValue)
      let hint = closestMatch(to: leverText, among: names).map { "did you mean '\($0)'? " } ?? ""
      throw fields["lever"]!.error(
        "unknown lever '\(leverText)'; \(hint)expected one of \(names.joined(separator: ", "))")
    }
    let countries: CountrySelector
    switch (fields["countries"], fields["corridors"]) {
    case (nil, nil):
      throw node.error(
        "say where the rule applies: 'countries: [ISO3, …]' or 'all', or 'corridors: [...]'")
    case (.some, .some): throw node.error("give either 'countries' or 'corridors', not both")
    case (.some(let list), nil): countries = try parseCountries(list, context: context)
    case (nil, .some(let list)): countries = try parseCorridors(list)
    }
    let partners = try fields["partners"].map { try parseCountries($0, context: context) }
    if lever.needsPartners && partners == nil {
      throw node.error("\(lever.rawValue) needs 'partners' (the exporting countries it applies to)")
    }
    if !lever.needsPartners, let partnerNode = fields["partners"] {
      throw partnerNode.error("only preferential_tariff takes partners")
    }
    var sector: Sector?
    if let node = fields["sector"] {
      let text = try node.string()
      let parsed: Sector = try named(text, node: node, what: "sector")
      guard lever.acceptsSector else {
        throw node.error("\(lever.rawValue) does not take a sector")
      }
      sector = parsed
    }
    var segments: [Schedule.Segment] = []
    switch (fields["value"], fields["schedule"]) {
    case (nil, nil):
      throw node.error("give 'value' (constant from the start) or 'schedule' (steps and ramps)")
    case (.some, .some): throw node.error("give either 'value' or 'schedule', not both")
    case (.some(let value), nil):
      segments = [.step(atMonth: 0, value: try leverValue(value, lever: lever))]
    case (nil, .some(let schedule)):
      for entry in try schedule.sequence() {
        segments.append(try parseSegment(entry, lever: lever, calendar: context.calendar))
      }
      if segments.isEmpty { throw schedule.error("the schedule is empty") }
    }
    let id = try fields["id"].map { try $0.string() }
    return PolicyRuleConfig(
      id: id,
      rule: PolicyRule(
        lever: lever, countries: countries, partners: partners, sector: sector,
        schedule: Schedule(segments)))
  }

  func leverValue(_ node: ConfigNode, lever: PolicyLever) throws -> Double {
    try node.double(in: lever.range)
  }

  func parseSegment(_ node: ConfigNode, lever: PolicyLever, calendar: ModelCalendar) throws
    -> Schedule.Segment
  {
    let fields = Dictionary(
      uniqueKeysWithValues: try node.mapping(allowed: ["step", "value", "ramp", "to"]))
    if let step = fields["step"] {
      guard fields["ramp"] == nil, fields["to"] == nil, let value = fields["value"] else {
        throw node.error("a step is 'step: YYYY-MM' with 'value: …'")
      }
      return .step(
        atMonth: try month(step, calendar: calendar), value: try leverValue(value, lever: lever))
    }
    if let ramp = fields["ramp"] {
      guard fields["value"] == nil, let target = fields["to"] else {
        throw node.error("a ramp is 'ramp: [YYYY-MM, YYYY-MM]' with 'to: …'")
      }
      let ends = try ramp.sequence()
      guard ends.count == 2 else { throw ramp.error("a ramp needs a start and an end month") }
      let from = try month(ends[0], calendar: calendar)
      let to = try month(ends[1], calendar: calendar)
      guard from < to else { throw ramp.error("the ramp must end after it starts") }
      return .ramp(fromMonth: from, toMonth: to, target: try leverValue(target, lever: lever))
    }
    throw node.error("a schedule entry is a 'step' or a 'ramp'")
  }

  func month(_ node: ConfigNode, calendar: ModelCalendar) throws -> Int {
    let text = try node.string()
    guard let step = calendar.step(isoMonth: text) else {
      throw node.error("expected a month as YYYY-MM, got '\(text)'")
    }
    guard step >= 0 && step < calendar.months else {
      throw node.error(
        "\(text) lies outside the calendar (\(calendar.isoMonth(ofStep: 0)) to \(calendar.isoMonth(ofStep: calendar.months - 1)))"
      )
    }
    return step
  }

  func parseCountries(_ node: ConfigNode, context: Context) throws -> CountrySelector {
    if case .scalar = node.node, try node.string() == "all" { return .all }
    return .countries(try countryCodes(node, context: context))
  }

  func parseCorridors(_ node: ConfigNode) throws -> CountrySelector {
    var corridors: [Corridor] = []
    for code in try node.strings() {
      guard let corridor = Corridor(rawValue: code) else {
        throw node.error(
          "unknown corridor '\(code)'; expected one of \(Corridor.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
      corridors.append(corridor)
    }
    return .corridors(corridors)
  }

  /// The case of `T` whose name (`description`) is `text`, or an error listing the names.
  func named<T: CaseIterable & CustomStringConvertible>(
    _ text: String, node: ConfigNode, what: String
  ) throws -> T {
    guard let value = T.allCases.first(where: { $0.description == text }) else {
      throw node.error(
        "unknown \(what) '\(text)'; expected \(T.allCases.map(\.description).joined(separator: ", "))"
      )
    }
    return value
  }

  // MARK: Scenarios

  func parseScenario(_ node: ConfigNode, context: Context) throws -> ScenarioConfig {
    let fields = Dictionary(
      uniqueKeysWithValues: try node.mapping(
        allowed: ["name", "description", "parameters", "policies"], required: ["name"]))
    let name = try fields["name"]!.string()
    guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
      throw fields["name"]!.error("scenario names are letters, digits, '-' and '_'")
    }
    return ScenarioConfig(
      name: name, description: try fields["description"].map { try $0.string() } ?? "",
      parameters: try fields["parameters"].map { try parseParameters($0) } ?? [],
      policies: try fields["policies"].map { try parsePolicies($0, context: context) } ?? [])
  }

  // MARK: Sweep

  func parseSweep(_ node: ConfigNode, policyIDs: [String]) throws -> SweepConfig {
    let fields = Dictionary(
      uniqueKeysWithValues: try node.mapping(
        allowed: [
          "design", "samples", "replicates", "parameters", "common_random_numbers", "second_order",
          "scramble", "levels", "candidates",
        ],
        required: ["design", "parameters"]))
    let designText = try fields["design"]!.string()
    guard let design = SweepDesign(rawValue: designText) else {
      let names = SweepDesign.allCases.map(\.rawValue)
      let hint = closestMatch(to: designText, among: names).map { "did you mean '\($0)'? " } ?? ""
      throw fields["design"]!.error(
        "unknown design '\(designText)'; \(hint)expected \(names.joined(separator: ", "))")
    }
    var dimensions: [SweepDimension] = []
    for (name, line, value) in try fields["parameters"]!.namedEntries() {
      dimensions.append(
        try parseDimension(
          name: name, line: line, node: value, design: design, policyIDs: policyIDs))
    }
    if dimensions.isEmpty {
      throw fields["parameters"]!.error("a sweep needs at least one parameter")
    }
    var samples = 0
    if design == .grid {
      if let node = fields["samples"] {
        throw node.error("a grid's size follows from its values; drop 'samples'")
      }
      samples = dimensions.reduce(1) { count, dimension in
        switch dimension.values {
        case .list(let values): return count * values.count
        case .range(_, _, let steps): return count * (steps ?? 1)
        }
      }
    } else {
      guard let node = fields["samples"] else {
        throw fields["design"]!.error("design \(design.rawValue) needs 'samples' (how many points)")
      }
      samples = try node.integer(in: 1...ConfigLimits.maximumRuns)
      if design == .saltelli {
        guard 2 * dimensions.count <= QuasiRandomSequence.Kind.sobol.maximumDimension else {
          throw fields["parameters"]!.error(
            "a Saltelli design draws 2 × D Sobol' dimensions: at most \(QuasiRandomSequence.Kind.sobol.maximumDimension / 2) parameters"
          )
        }
        guard samples >= 2 else {
          throw node.error("a Saltelli design needs at least 2 base samples")
        }
      }
      if design == .sobol && dimensions.count > QuasiRandomSequence.Kind.sobol.maximumDimension {
        throw fields["parameters"]!.error(
          "a Sobol design supports at most \(QuasiRandomSequence.Kind.sobol.maximumDimension) dimensions"
        )
      }
    }
    var sweep = SweepConfig(
      design: design, samples: samples,
      replicates: try fields["replicates"].map { try $0.integer(in: 1...10_000) } ?? 1,
      dimensions: dimensions)
    sweep.commonRandomNumbers = try fields["common_random_numbers"]?.bool() ?? false
    for key in ["second_order", "scramble"] where design != .saltelli {
      if let node = fields[key] { throw node.error("'\(key)' belongs to design saltelli") }
    }
    for key in ["levels", "candidates"] where design != .morris {
      if let node = fields[key] { throw node.error("'\(key)' belongs to design morris") }
    }
    if design == .morris {
      for dimension in dimensions {
        guard case .range = dimension.values, !dimension.isDiscrete else {
          throw fields["parameters"]!.error(
            "\(dimension.name): a Morris design moves each parameter by a share of a continuous range; give {min, max} of a real-valued parameter"
          )
        }
      }
      sweep.levels = try fields["levels"].map { try $0.integer(in: 2...1_000) } ?? 4
      guard sweep.levels % 2 == 0 else {
        throw fields["levels"]!.error(
          "Morris grids use an even number of levels (Δ = p / (2(p − 1)) lands on the grid)")
      }
      sweep.trajectories = samples
      if let node = fields["candidates"] {
        let candidates = try node.integer(in: 2...2_000)
        guard candidates >= samples else {
          throw node.error(
            "\(candidates) candidate trajectories cannot yield \(samples) (samples); give at least as many"
          )
        }
        sweep.candidates = candidates
      }
      let (points, overflow) = samples.multipliedReportingOverflow(by: dimensions.count + 1)
      guard !overflow, points <= ConfigLimits.maximumRuns else {
        throw fields["samples"]!.error("\(samples) trajectories make too many points")
      }
      sweep.samples = points
    }
    if design == .saltelli {
      sweep.secondOrder = try fields["second_order"]?.bool() ?? false
      sweep.scramble = try fields["scramble"]?.bool() ?? true
      sweep.baseSamples = samples
      let d = dimensions.count
      let (points, overflow) = samples.multipliedReportingOverflow(
        by: sweep.secondOrder ? 2 * d + 2 : d + 2)
      guard !overflow, points <= ConfigLimits.maximumRuns else {
        throw fields["samples"]!.error("\(samples) base samples make too many points")
      }
      sweep.samples = points
    }
    let columns = dimensions.map { RunPlan.column(forDimension: $0.name) }
    if let clash = columns.first(where: { column in columns.filter { $0 == column }.count > 1 }) {
      throw fields["parameters"]!.error(
        "two swept dimensions share the column name '\(clash)' (dots become '_')")
    }
    return sweep
  }

  func parseDimension(
    name: String, line: Int?, node: ConfigNode, design: SweepDesign, policyIDs: [String]
  ) throws
    -> SweepDimension
  {
    let range: ParameterRange
    var discrete = false
    if name.hasPrefix("policies.") {
      let parts = name.split(separator: ".")
      guard parts.count == 3, parts[2] == "value", policyIDs.contains(String(parts[1])) else {
        throw ConfigError(
          file: file, line: line, key: node.key,
          message:
            "a swept policy is 'policies.<id>.value' with <id> one of the policies' ids (\(policyIDs.joined(separator: ", ")))"
        )
      }
      range = ParameterRange(-1e12...1e12)
    } else {
      let spec = try parameterSpec(named: name, line: line, key: node.key)
      switch spec.kind {
      case .real(_, let bounds): range = bounds
      case .integer(_, let bounds):
        range = ParameterRange(Double(bounds.lowerBound)...Double(bounds.upperBound))
        discrete = true
      case .boolean:
        range = ParameterRange(0...1)
        discrete = true
      }
    }
    let values: SweepValues
    if case .sequence = node.node {
      let items = try node.sequence()
      if items.isEmpty { throw node.error("the list of values is empty") }
      values = .list(
        try items.map { item in
          if case .scalar(let scalar) = item.node,
            ["true", "false"].contains(scalar.string.lowercased())
          {
            return try item.bool() ? 1 : 0
          }
          return try item.double(in: range)
        })
    } else {
      let fields = Dictionary(
        uniqueKeysWithValues: try node.mapping(
          allowed: ["min", "max", "steps"], required: ["min", "max"]))
      let low = try fields["min"]!.double(in: range)
      let high = try fields["max"]!.double(in: range)
      guard low < high else { throw fields["max"]!.error("max must be greater than min") }
      let steps = try fields["steps"].map { try $0.integer(in: 2...100_000) }
      if design == .grid && steps == nil {
        throw node.error("a grid over a range needs 'steps' (how many values)")
      }
      values = .range(min: low, max: high, steps: steps)
    }
    return SweepDimension(name: name, values: values, isDiscrete: discrete, line: line)
  }

  // MARK: Summary

  func parseSummary(_ node: ConfigNode, context: Context) throws -> [SummaryMetric] {
    var metrics: [SummaryMetric] = []
    for item in try node.sequence() {
      let metric = try parseSummaryMetric(item, context: context, extraKeys: ["years"])
      for metric in try yearlySeries(of: metric, item: item, calendar: context.calendar) {
        if metrics.contains(where: { $0.name == metric.name }) {
          throw item.error(
            "duplicate summary metric \(metric.name)\(metric.table == .world ? "" : "; give one of them a 'name:'")"
          )
        }
        metrics.append(metric)
      }
    }
    return metrics
  }

  /// A summary item with `years:` (`all`, a list of years, or `FROM-TO`) as one metric a year,
  /// named `SERIES_YEAR` with SERIES its `name:` or the default name without the year; an item
  /// without it as itself.
  func yearlySeries(of metric: SummaryMetric, item: ConfigNode, calendar: ModelCalendar) throws
    -> [SummaryMetric]
  {
    let fields = Dictionary(uniqueKeysWithValues: try item.mapping(allowed: Self.anyKey(item)))
    guard let node = fields["years"] else { return [metric] }
    let firstYear = calendar.yearMonth(ofStep: 0).year
    let lastYear = calendar.yearMonth(ofStep: calendar.months - 1).year
    if fields["year"] != nil {
      throw node.error("give 'year' (one year) or 'years' (a series), not both")
    }
    let expected = "expected all, a list of years or FROM-TO within \(firstYear)-\(lastYear)"
    var years: [Int]
    if case .sequence = node.node {
      years = try node.sequence().map { try $0.integer(in: firstYear...lastYear) }
    } else if let year = Int(try node.string()) {
      guard (firstYear...lastYear).contains(year) else {
        throw node.error("\(expected), got \(year)")
      }
      years = [year]
    } else {
      let text = try node.string()
      let bounds = text.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
      if text == "all" {
        years = Array(firstYear...lastYear)
      } else if bounds.count == 2, let from = bounds[0], let to = bounds[1], from <= to,
        from >= firstYear, to <= lastYear
      {
        years = Array(from...to)
      } else {
        throw node.error("\(expected), got '\(text)'")
      }
    }
    years = Array(Set(years)).sorted()
    guard years.count >= 1 else { throw node.error("\(expected), got an empty list") }
    let written = fields["name"] != nil
    let series =
      written
      ? metric.name
      : SummaryMetric.defaultName(
        table: metric.table, column: metric.column, filters: metric.filters, across: metric.across,
        weight: metric.weight, statistic: metric.statistic, year: nil
      ).replacingOccurrences(of: "_all", with: "", options: [.anchored, .backwards])
    return years.map { year in
      var yearly = metric
      yearly.year = year
      yearly.name = "\(series)_\(year)"
      yearly.series = series
      return yearly
    }
  }

  /// Every key of a mapping node (for re-reading fields already checked).
  static func anyKey(_ node: ConfigNode) -> [String] {
    guard case .mapping(let mapping) = node.node else { return [] }
    return mapping.compactMap { key, _ in
      if case .scalar(let scalar) = key { return scalar.string }
      return nil
    }
  }

  /// The filter keys each table accepts, and the column each compares.
  static let filterKeys: [OutputTable: [(key: String, column: String)]] = [
    .world: [],
    .corridors: [("corridors", "corridor")],
    .countries: [("countries", "iso3"), ("corridors", "corridor")],
    .flows: [
      ("origin", "origin"), ("destination", "destination"), ("channel", "channel"),
      ("sector", "sector"),
    ],
    .platforms: [("kind", "kind"), ("home", "home")],
  ]

  /// One summary item: `{column, stat, year}` of world.csv, or with `table:` a column of
  /// another table and its filters (`countries: [ASEAN]`, `origin: CHN`, `channel:
  /// b2c_platform`, …), `across:` and an optional `name:` (with `extraKeys` allowed beside).
  /// With `worldOnly` (calibration targets) only world.csv columns are allowed.
  func parseSummaryMetric(
    _ item: ConfigNode, context: Context, extraKeys: [String], worldOnly: Bool = false
  ) throws -> SummaryMetric {
    let calendar = context.calendar
    let firstYear = calendar.yearMonth(ofStep: 0).year
    let lastYear = calendar.yearMonth(ofStep: calendar.months - 1).year
    let allFilterKeys = Array(Set(Self.filterKeys.values.flatMap { $0.map(\.key) })).sorted()
    let fields = Dictionary(
      uniqueKeysWithValues: try item.mapping(
        allowed: ["column", "stat", "year", "table", "across", "weight_by", "name"] + allFilterKeys
          + extraKeys,
        required: ["column", "stat"]))
    var table = OutputTable.world
    if let node = fields["table"] {
      let text = try node.string()
      guard let chosen = OutputTable(rawValue: text) else {
        throw node.error(
          "unknown table '\(text)'; expected world, corridors, countries, flows or platforms")
      }
      if worldOnly && chosen != .world {
        throw node.error("calibration targets are statistics of world.csv columns")
      }
      table = chosen
    }
    let columns = RunOutputs.columns(of: table)
    let keys = SummaryMetric.keyColumns(of: table)
    let column = try fields["column"]!.string()
    guard columns.contains(column), !keys.contains(column) else {
      let place = fields["column"]!
      if keys.contains(column) {
        throw place.error(
          "'\(column)' is a key column of \(table.rawValue).csv; filter on it instead")
      }
      let others = OutputTable.allCases.filter {
        $0 != table && RunOutputs.columns(of: $0).contains(column)
          && !SummaryMetric.keyColumns(of: $0).contains(column)
      }
      if let other = others.first, !worldOnly {
        throw place.error(
          "'\(column)' is not a \(table.rawValue).csv column; it is one of \(others.map { "\($0.rawValue).csv" }.joined(separator: " and ")): add 'table: \(other.rawValue)'"
        )
      }
      let candidates = columns.filter { !keys.contains($0) }
      // A near-miss, else columns that contain the word (trust → mean_trust).
      let containing = candidates.filter { $0.contains(column.lowercased()) }
      let hint =
        closestMatch(to: column, among: candidates).map { "; did you mean '\($0)'?" }
        ?? (containing.isEmpty
          ? ""
          : "; did you mean \(containing.prefix(4).map { "'\($0)'" }.joined(separator: " or "))?")
      throw place.error(
        "unknown \(table.rawValue).csv column '\(column)'\(hint) (brisim config schema lists every table's columns)"
      )
    }
    let statText = try fields["stat"]!.string()
    guard let statistic = SummaryMetric.Statistic(rawValue: statText) else {
      throw fields["stat"]!.error("expected sum, mean or last, got '\(statText)'")
    }
    if table == .flows && statistic != .sum {
      throw fields["stat"]!.error(
        "flows.csv holds a row only for non-zero flows, one per period (year or month as written); its metrics are sums (stat: sum)"
      )
    }
    if let node = fields["year"], case .scalar(let scalar) = node.node,
      Int(scalar.string) == nil, extraKeys.contains("years")
    {
      throw node.error(
        "expected one calendar year \(firstYear)-\(lastYear), got '\(scalar.string)'; a series of years is 'years: \(scalar.string == "all" ? "all" : "[…]")'"
      )
    }
    let year = try fields["year"].map { try $0.integer(in: firstYear...lastYear) }
    var filters: [SummaryMetric.Filter] = []
    let accepted = Self.filterKeys[table] ?? []
    for key in allFilterKeys where !accepted.contains(where: { $0.key == key }) {
      guard let node = fields[key] else { continue }
      let allowed = accepted.map(\.key)
      throw node.error(
        "\(table.rawValue).csv cannot be filtered by '\(key)'; \(allowed.isEmpty ? "it has one row a month" : "it takes \(allowed.joined(separator: ", "))")"
      )
    }
    for (key, filterColumn) in accepted {
      guard let node = fields[key] else { continue }
      let written = try node.strings()
      let values: [String]
      switch filterColumn {
      case "iso3", "origin", "destination":
        values = try countryCodes(node, context: context)
      case "home":
        values = try countryCodes(node, context: context)
      case "corridor":
        values = try written.map { code in
          guard let corridor = Corridor(rawValue: code.uppercased()), corridor != .china else {
            let codes = Corridor.allCases.filter { $0 != .china }.map(\.rawValue)
            throw node.error(
              "unknown corridor '\(code)'; expected one of \(codes.joined(separator: ", ")) (brisim corridors lists them)"
            )
          }
          return corridor.rawValue
        }
      case "channel":
        values = try written.map {
          (try named($0, node: node, what: "channel") as Channel).description
        }
      case "sector":
        values = try written.map {
          (try named($0, node: node, what: "sector") as Sector).description
        }
      case "kind":
        values = try written.map { text in
          guard ["b2b", "b2c"].contains(text) else {
            throw node.error("unknown platform kind '\(text)'; expected b2b or b2c")
          }
          return text
        }
      default: values = written
      }
      filters.append(.init(column: filterColumn, values: values, key: key, written: written))
    }
    var across: SummaryMetric.Across =
      SummaryMetric.intensiveColumns.contains(column) ? .mean : .sum
    if let node = fields["across"] {
      let text = try node.string()
      guard let chosen = SummaryMetric.Across(rawValue: text) else {
        throw node.error(
          "expected sum, mean or weighted (how a month's rows combine), got '\(text)'")
      }
      if table == .flows && chosen != .sum {
        throw node.error("flows.csv rows combine by sum (absent rows are zero flows)")
      }
      across = chosen
    }
    var weight: String?
    if let node = fields["weight_by"] {
      let text = try node.string()
      guard columns.contains(text), !keys.contains(text) else {
        let hint =
          closestMatch(to: text, among: columns.filter { !keys.contains($0) }).map {
            "; did you mean '\($0)'?"
          } ?? ""
        throw node.error("unknown \(table.rawValue).csv column '\(text)' as weight\(hint)")
      }
      guard across == .weighted else {
        throw node.error("'weight_by' goes with 'across: weighted'")
      }
      weight = text
    } else if across == .weighted {
      throw (fields["across"] ?? item).error(
        "'across: weighted' needs 'weight_by: COLUMN' (e.g. gdp_cny_per_month, b2c_imports_cny)")
    }
    var name: String?
    if let node = fields["name"] {
      let text = try node.string()
      guard text.first.map({ $0.isASCII && $0.isLetter }) == true,
        text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }),
        text.count <= 64
      else {
        throw node.error(
          "a summary name is a column name valid in R, Stata and pandas: letters, digits and '_', starting with a letter, at most 64 characters (Stata keeps 32)"
        )
      }
      name = text
    }
    return SummaryMetric(
      table: table, column: column, filters: filters, across: across, weight: weight,
      statistic: statistic, year: year, name: name)
  }

  // MARK: Calibration

  /// Units of observed facts and the factor that turns them into the model's CNY.
  static let factUnits: [String: Double] = [
    "trillion CNY": 1e12, "fraction": 1, "1": 1, "1/year": 1,
  ]

  func parseCalibration(
    _ node: ConfigNode, policyIDs: [String], context: Context, replicates: Int
  ) throws -> CalibrationConfig {
    let fields = Dictionary(
      uniqueKeysWithValues: try node.mapping(
        allowed: [
          "parameters", "targets", "design_points", "starts", "max_evaluations", "tolerance",
          "fit_replicates",
        ],
        required: ["parameters", "targets"]))
    var parameters: [(name: String, low: Double, high: Double)] = []
    var parameterLines: [String: Int] = [:]
    for (name, line, value) in try fields["parameters"]!.namedEntries() {
      parameterLines[name] = line
      let dimension = try parseDimension(
        name: name, line: line, node: value, design: .random, policyIDs: policyIDs)
      guard case .range(let low, let high, nil) = dimension.values else {
        throw value.error("a free parameter needs bounds {min, max} (no steps, no list)")
      }
      parameters.append((name, low, high))
    }
    if parameters.isEmpty { throw fields["parameters"]!.error("name at least one free parameter") }
    let sobolLimit = QuasiRandomSequence.Kind.sobol.maximumDimension
    if parameters.count > sobolLimit {
      throw fields["parameters"]!.error(
        "\(parameters.count) free parameters; the Sobol design that starts a calibration supports at most \(sobolLimit)"
      )
    }
    var targets: [CalibrationConfig.Target] = []
    for item in try fields["targets"]!.sequence() {
      let metric = try parseSummaryMetric(
        item, context: context, extraKeys: ["observed", "fact", "weight"], worldOnly: true)
      if targets.contains(where: { $0.metric == metric }) {
        throw item.error("duplicate target \(metric.name)")
      }
      let entry = Dictionary(
        uniqueKeysWithValues: try item.mapping(
          allowed: ["column", "stat", "year", "observed", "fact", "weight"]))
      var observed = try entry["observed"].map { try $0.double(in: -1e18...1e18) }
      var factID: String?
      if let factNode = entry["fact"] {
        let id = try factNode.string()
        guard let fact = ObservedFacts.fact(id) else {
          let hint =
            closestMatch(to: id, among: ObservedFacts.all.map(\.id)).map {
              "; did you mean '\($0)'?"
            } ?? ""
          throw factNode.error("unknown observed fact '\(id)'\(hint)")
        }
        factID = id
        if observed == nil {
          guard let factor = Self.factUnits[fact.unit] else {
            throw factNode.error(
              "fact '\(id)' is in \(fact.unit); give 'observed' in the model's units")
          }
          observed = fact.observed * factor
        }
      }
      guard let observed else {
        throw item.error("a target needs 'observed' (a number) or 'fact' (an observed fact's id)")
      }
      let weight = try entry["weight"].map { try $0.double(in: 0...1e6) } ?? 1
      targets.append(.init(metric: metric, observed: observed, weight: weight, fact: factID))
    }
    if targets.isEmpty { throw fields["targets"]!.error("name at least one target") }
    let designPoints = try fields["design_points"].map { try $0.integer(in: 1...100_000) } ?? 16
    let starts = try fields["starts"].map { try $0.integer(in: 1...1_000) } ?? 2
    if starts > designPoints {
      throw fields["starts"]!.error("at most design_points (\(designPoints)) searches can start")
    }
    return CalibrationConfig(
      parameters: parameters, parameterLines: parameterLines, targets: targets,
      designPoints: designPoints, starts: starts,
      maxEvaluations: try fields["max_evaluations"].map { try $0.integer(in: 1...1_000_000) } ?? 60,
      tolerance: try fields["tolerance"].map { try $0.double(in: 1e-12...10) } ?? 1e-3,
      fitReplicates: try fields["fit_replicates"].map { try $0.integer(in: 1...10_000) }
        ?? max(replicates, 4))
  }
}
