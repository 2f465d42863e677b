import CorridorModel
import Engine
import Foundation

/// `manifest.json` of a run: everything needed to reproduce it and to know what produced it.
public struct RunManifest: Encodable {
  public struct CalendarEntry: Encodable {
    let start: String
    let months: Int
    let spinUpMonths: Int
  }
  public struct AgentCounts: Encodable {
    let consumers: Int
    /// Native firm agents (strata of each country-sector's firms).
    let firms: Int
    /// Agents of the relocated producers, one per host and size class at every scale.
    let relocationPools: Int
    let importers: Int
    let consumerPartitions: Int
    let firmPartitions: Int
    let importerPartitions: Int
    /// The per-country floors the counts were spread with (they shrink with each kind's
    /// multiplier below 1; see `ScaleSettings.scaled(by:)`).
    let minimumConsumersPerCountry: Int
    let minimumFirmsPerCountrySector: Int
    let minimumImportersPerCountrySector: Int
  }
  public struct PolicyRuleEntry: Encodable {
    let lever: String
    let countries: String
    let partners: String?
    let sector: String?
    let schedule: [String]
  }
  public struct PlatformEntry: Encodable {
    let name: String
    let kind: String
    let homeCountry: String
    let commissionRate: Double
    let paymentSecurity: Double
    let logisticsPartnership: Double
    let reputation: Double
    let group: String?
  }

  let brisimVersion: String
  let gitCommit: String
  let seed: UInt64
  let threads: Int
  let wallSeconds: Double
  let calendar: CalendarEntry
  let agents: AgentCounts
  let worldSource: String
  let worldCountries: Int
  let parameters: [String: String]
  let policyRules: [PolicyRuleEntry]
  let tradeAgreements: [String]
  let platforms: [PlatformEntry]
  let flowFrequency: String
  var outputs: [String]
  let environment: [String: String]
  /// The run's place in an experiment.
  var run: RunEntry?

  public struct RunEntry: Encodable {
    let id: String
    let point: Int
    let scenario: String
    let replicate: Int
    let values: [String: String]
  }

  /// The manifest of a finished run of `economy`.
  public init(
    economy: CorridorEconomy, worldSource: String, gitCommit: String, threads: Int,
    wallSeconds: Double,
    flowFrequency: FlowFrequency, environment: [String: String]
  ) {
    let configuration = economy.configuration
    brisimVersion = BRISimVersion.string
    self.gitCommit = gitCommit
    seed = configuration.seed
    self.threads = threads
    self.wallSeconds = wallSeconds
    calendar = CalendarEntry(
      start: configuration.calendar.isoMonth(ofStep: 0), months: configuration.calendar.months,
      spinUpMonths: economy.spinUpSteps)
    agents = AgentCounts(
      consumers: economy.consumers.count, firms: economy.nativeFirmAgents,
      relocationPools: economy.relocationPoolAgents, importers: economy.importers.count,
      consumerPartitions: economy.consumers.partitioning.partitionCount,
      firmPartitions: economy.firms.partitioning.partitionCount,
      importerPartitions: economy.importers.partitioning.partitionCount,
      minimumConsumersPerCountry: configuration.scale.minimumConsumersPerCountry,
      minimumFirmsPerCountrySector: configuration.scale.minimumFirmsPerCountrySector,
      minimumImportersPerCountrySector: configuration.scale.minimumImportersPerCountrySector)
    self.worldSource = worldSource
    worldCountries = configuration.world.count
    var parameters: [String: String] = [:]
    for spec in ParameterCatalog.all {
      parameters[spec.name] = spec.valueText(in: configuration.parameters)
    }
    self.parameters = parameters
    policyRules = configuration.policy.rules.map { rule in
      PolicyRuleEntry(
        lever: rule.lever.rawValue, countries: Self.describe(rule.countries),
        partners: rule.partners.map(Self.describe),
        sector: rule.sector?.description,
        schedule: rule.schedule.segments.map { segment in
          switch segment {
          case .step(let month, let value):
            return "step \(configuration.calendar.isoMonth(ofStep: month)) \(value)"
          case .ramp(let from, let to, let target):
            return
              "ramp \(configuration.calendar.isoMonth(ofStep: from)) \(configuration.calendar.isoMonth(ofStep: to)) \(target)"
          }
        })
    }
    tradeAgreements = configuration.policy.agreements.map {
      "\($0.name): \($0.members.joined(separator: " ")) × \($0.tariffMultiplier)"
    }
    platforms = configuration.platforms.map {
      PlatformEntry(
        name: $0.name, kind: $0.kind.rawValue, homeCountry: $0.homeCountry,
        commissionRate: $0.commissionRate,
        paymentSecurity: $0.paymentSecurity, logisticsPartnership: $0.logisticsPartnership,
        reputation: $0.reputation, group: $0.group)
    }
    self.flowFrequency = flowFrequency.rawValue
    outputs = ["world.csv", "countries.csv", "flows.csv"]
    self.environment = environment
  }

  static func describe(_ selector: CountrySelector) -> String {
    switch selector {
    case .all: return "all"
    case .countries(let codes): return codes.joined(separator: " ")
    case .corridors(let corridors): return corridors.map(\.rawValue).joined(separator: " ")
    }
  }

  /// The manifest as pretty, key-sorted JSON.
  public func json() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return try encoder.encode(self)
  }
}

/// Writes `data` to `path` atomically: a hidden temporary file beside it, then a rename.
public func writeAtomically(_ data: Data, to path: String) throws {
  let url = URL(fileURLWithPath: path)
  let temporary = url.deletingLastPathComponent().appendingPathComponent(
    ".\(url.lastPathComponent).partial-\(getpid())")
  do {
    try data.write(to: temporary)
    if FileManager.default.fileExists(atPath: path) {
      try FileManager.default.removeItem(atPath: path)
    }
    try FileManager.default.moveItem(at: temporary, to: url)
  } catch {
    try? FileManager.default.removeItem(at: temporary)
    throw OutputError(path: path, reason: "cannot write (\(error.localizedDescription))")
  }
}
