import CorridorModel
import Engine
import Foundation
import Stochastic
import Yams

/// Where a run's country table comes from.
public enum WorldSource: Sendable, Equatable {
  /// The table embedded in BRISim.
  case embedded
  /// A CSV file with the same columns (path as written in the config).
  case file(String)
}

/// The tables a run writes (its manifest always).
public enum OutputTable: String, CaseIterable, Sendable {
  /// `world.csv`: China's and the world's aggregates, one row a month.
  case world
  /// `corridors.csv`: China's trade with each corridor, one row a month and corridor.
  case corridors
  /// `countries.csv`: one row a month and country.
  case countries
  /// `flows.csv`: origin × destination × channel × sector.
  case flows
  /// `platforms.csv`: one row a month and platform (fees, security, sellers, buyers, shares).
  case platforms
}

/// A policy rule of a config, with an optional id that sweeps can address.
public struct PolicyRuleConfig: Sendable {
  public var id: String?
  public var rule: PolicyRule
}

/// A named variant of the experiment: parameter overrides and extra policy rules on top of the
/// config's own.
public struct ScenarioConfig: Sendable {
  public var name: String
  public var description: String
  public var parameters: [ParameterSetting]
  public var policies: [PolicyRuleConfig]
}

/// One `name: value` parameter setting, with where it was written.
public struct ParameterSetting: Sendable {
  public var name: String
  public var value: Double
  public var line: Int?
}

/// The values one sweep dimension takes.
public enum SweepValues: Sendable, Equatable {
  /// A continuous range; grids use `steps` evenly spaced values including both ends.
  case range(min: Double, max: Double, steps: Int?)
  /// Explicit values.
  case list([Double])
}

/// One swept quantity: a model parameter by name, or `policies.<id>.value`.
public struct SweepDimension: Sendable {
  public var name: String
  public var values: SweepValues
  /// For integer and boolean parameters, values are rounded to whole numbers.
  public var isDiscrete: Bool
  /// The config line that names it, when known.
  public var line: Int? = nil
}

/// How sweep points are chosen.
public enum SweepDesign: String, CaseIterable, Sendable {
  /// The full factorial grid of every dimension's values.
  case grid
  /// Independent uniform draws.
  case random
  /// Latin hypercube: each dimension's range cut into `samples` strata, each used once.
  case latinHypercube = "latin_hypercube"
  /// Sobol quasi-random points (GSL), space-filling.
  case sobol
}

/// The `sweep:` section.
public struct SweepConfig: Sendable {
  public var design: SweepDesign
  public var samples: Int
  public var replicates: Int
  public var dimensions: [SweepDimension]
}

/// A statistic of a `world.csv` column over a year or the whole run, for `summary.csv`.
public struct SummaryMetric: Sendable, Equatable {
  public enum Statistic: String, CaseIterable, Sendable { case sum, mean, last }
  public var column: String
  public var statistic: Statistic
  /// A calendar year, or nil for the whole run.
  public var year: Int?

  public init(column: String, statistic: Statistic, year: Int?) {
    self.column = column
    self.statistic = statistic
    self.year = year
  }

  /// The column name in `summary.csv`.
  public var name: String { "\(column)_\(statistic.rawValue)_\(year.map(String.init) ?? "all")" }

  /// The default summary: China's CBEC and the B2C share at the start, the paper's last year,
  /// 2025 and the end; cumulative fraud and default losses; mean delivery days; relocated
  /// Chinese firms at the end.
  public static func defaults(calendar: ModelCalendar) -> [SummaryMetric] {
    let first = calendar.yearMonth(ofStep: 0).year
    let last = calendar.yearMonth(ofStep: calendar.months - 1).year
    let years = Array(Set([first, 2019, 2025, last].filter { $0 >= first && $0 <= last })).sorted()
    var metrics: [SummaryMetric] = []
    for year in years {
      metrics.append(SummaryMetric(column: "china_cbec_cny", statistic: .sum, year: year))
      metrics.append(SummaryMetric(column: "b2c_share", statistic: .mean, year: year))
    }
    metrics += [
      SummaryMetric(column: "cbec_export_share", statistic: .mean, year: nil),
      SummaryMetric(
        column: "china_labor_intensive_share_of_manufactured_exports", statistic: .mean, year: last),
      SummaryMetric(column: "b2c_fraud_loss_cny", statistic: .sum, year: nil),
      SummaryMetric(column: "default_loss_cny", statistic: .sum, year: nil),
      SummaryMetric(column: "mean_b2c_delivery_days", statistic: .mean, year: nil),
      SummaryMetric(column: "relocated_firms_from_china", statistic: .last, year: nil),
    ]
    return metrics
  }
}

/// The `calibration:` section: free parameters with bounds, target moments, and how the
/// search runs (see `brisim calibrate`).
public struct CalibrationConfig: Sendable {
  /// A target moment: a summary metric of the world series and its observed value.
  public struct Target: Sendable {
    public var metric: SummaryMetric
    public var observed: Double
    public var weight: Double
    /// The shipped observed fact it came from, if named (`cbec_volume_2017`).
    public var fact: String?
  }

  /// Free parameters (model parameters or `policies.<id>.value`) and their bounds.
  public var parameters: [(name: String, low: Double, high: Double)]
  /// The config line of each free parameter, for messages.
  public var parameterLines: [String: Int] = [:]
  public var targets: [Target]
  /// Sobol points over the bounds evaluated first.
  public var designPoints: Int
  /// How many of the best design points start a Nelder–Mead search.
  public var starts: Int
  /// Evaluations allowed per search.
  public var maxEvaluations: Int
  /// Size of the simplex (in logistic-transformed coordinates) at which a search stops.
  public var tolerance: Double
  /// Replicates of the final fit table at the best point.
  public var fitReplicates: Int
}

/// An experiment config: one YAML file (see `brisim config schema`).
public struct ExperimentConfig: Sendable {
  public var name: String
  public var description: String
  public var seed: UInt64
  public var replicates: Int
  public var calendar: ModelCalendar
  public var scale: Double
  public var world: WorldSource
  /// The country table, loaded and validated.
  public var worldTable: CountryTable
  /// Worker threads per run, or nil to let the runner decide.
  public var threads: Int?
  public var parameters: [ParameterSetting]
  public var policies: [PolicyRuleConfig]
  public var tables: Set<OutputTable>
  public var flowFrequency: FlowFrequency
  /// Scenarios; the first is always "baseline" (the config itself).
  public var scenarios: [ScenarioConfig]
  public var sweep: SweepConfig?
  public var summary: [SummaryMetric]
  /// What `brisim calibrate` fits, if the config says.
  public var calibration: CalibrationConfig? = nil
  /// Multipliers of each kind's agent counts on top of `scale` (`agent_scale:`).
  public var agentScales = AgentScales()

  /// The multiplier of each kind's default agent count: `scale` × `agent_scale`.
  public var effectiveAgentScales: AgentScales { agentScales.times(scale) }
  /// The file the config came from, and its text (recorded in manifests).
  public var file: String
  public var text: String

  /// Reads and validates a config file.
  /// - Throws: ``ConfigError`` for anything wrong, naming the file, line and key.
  public static func load(path: String) throws -> ExperimentConfig {
    let url = URL(fileURLWithPath: path)
    let attributes: [FileAttributeKey: Any]
    do {
      attributes = try FileManager.default.attributesOfItem(atPath: path)
    } catch {
      throw ConfigError(
        file: path, message: "cannot read the config (no such file or not readable)")
    }
    if let size = attributes[.size] as? Int, size > ConfigLimits.maximumBytes {
      throw ConfigError(
        file: path,
        message: "the config is \(size) bytes; at most \(ConfigLimits.maximumBytes) are allowed")
    }
    guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8)
    else {
      throw ConfigError(file: path, message: "cannot read the config as UTF-8 text")
    }
    return try parse(text: text, file: path, baseDirectory: url.deletingLastPathComponent().path)
  }

  /// Parses and validates config text. Relative paths (a world table) are resolved against
  /// `baseDirectory`.
  public static func parse(text: String, file: String, baseDirectory: String = ".") throws
    -> ExperimentConfig
  {
    guard text.utf8.count <= ConfigLimits.maximumBytes else {
      throw ConfigError(
        file: file, message: "the config is larger than \(ConfigLimits.maximumBytes) bytes")
    }
    let root: Node
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw ConfigError(
          file: file, line: 1, message: "the config is empty; expected at least 'name:'")
      }
      root = node
    } catch let error as ConfigError {
      throw error
    } catch let error as YamlError {
      throw ConfigError(
        file: file, line: yamlLine(error), message: "malformed YAML: \(yamlProblem(error))")
    } catch {
      throw ConfigError(file: file, message: "malformed YAML: \(error)")
    }
    let top = ConfigNode(
      node: root, key: "", file: file, budget: .init(limit: ConfigLimits.maximumNodes))
    return try ConfigParser(file: file, baseDirectory: baseDirectory, text: text).parse(top)
  }

  static func yamlLine(_ error: YamlError) -> Int? {
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
      return mark.line
    default: return nil
    }
  }

  static func yamlProblem(_ error: YamlError) -> String {
    switch error {
    case .scanner(_, let problem, _, _), .parser(_, let problem, _, _),
      .composer(_, let problem, _, _):
      return problem
    case .duplicatedKeysInMapping(let duplicates, _):
      return "duplicate keys \(duplicates.joined(separator: ", "))"
    default: return "\(error)".split(separator: "\n").first.map(String.init) ?? "unreadable"
    }
  }
}
