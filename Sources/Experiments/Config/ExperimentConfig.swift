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
public enum OutputTable: String, CaseIterable, Sendable, Codable {
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
  /// Saltelli (2010) cross-sampling for Sobol' sensitivity indices: from N base rows of a
  /// 2D-dimensional Sobol' sequence (A = its first D columns, B = the last D), each base row
  /// gives the points A, A with column j from B (j = 1…D), [B with column j from A,] B:
  /// N(D + 2) points, N(2D + 2) with second-order indices (`brisim analyze`).
  case saltelli
  /// Morris (1991) elementary-effects screening: `samples` trajectories of D + 1 points on a
  /// grid of `levels` levels, each step moving one parameter by Δ = levels / (2(levels − 1))
  /// of its range, in a random order and direction (`brisim analyze --method morris`).
  case morris
}

/// The `sweep:` section.
public struct SweepConfig: Sendable {
  public var design: SweepDesign
  public var samples: Int
  public var replicates: Int
  public var dimensions: [SweepDimension]
  /// For `saltelli`: the base rows N (`samples`), whether second-order indices are wanted,
  /// and whether the Sobol' base is randomised by a digital shift drawn from the seed.
  public var baseSamples: Int? = nil
  public var secondOrder = false
  public var scramble = true
  /// For `morris`: the trajectories r (`samples`) and the grid's levels p; with `candidates`
  /// M, the r of M random trajectories that spread most over the cube (Campolongo et al. 2007).
  public var trajectories: Int? = nil
  public var levels = 4
  public var candidates: Int? = nil
  /// Whether every point uses the same seeds (replicate r has one seed at every point), so
  /// differences between points are not blurred by different random draws (common random
  /// numbers); the price is that the points' errors are correlated, so a sweep shows one
  /// smooth surface per replicate set rather than independent noise around the truth.
  public var commonRandomNumbers = false
}

/// A statistic of one column of a run's table over a year or the whole run, for `summary.csv`.
///
/// Rows of one period (a month; a year or month for `flows.csv`) that pass the filters are
/// first combined across entities (`across`: summed, or their unweighted mean), then the
/// period values of the chosen year are combined over time (`statistic`: sum, mean or the
/// last period's value). A world.csv metric has one row a period, so `across` does nothing.
public struct SummaryMetric: Sendable, Equatable, Codable {
  public enum Statistic: String, CaseIterable, Sendable, Codable { case sum, mean, last }
  /// How the rows of one period combine: summed, their unweighted mean, or their mean
  /// weighted by another column of the same rows (`weight_by:`), Σ wᵢxᵢ / Σ wᵢ.
  public enum Across: String, CaseIterable, Sendable, Codable { case sum, mean, weighted }

  /// Rows kept: those whose `column` holds one of `values`.
  public struct Filter: Sendable, Equatable, Codable {
    /// The table's key column compared (`iso3`, `corridor`, `origin`, `channel`, …).
    public var column: String
    /// The values kept (groups expanded to their members).
    public var values: [String]
    /// The config key and values as written (`countries: [ASEAN]`), for names and messages.
    public var key: String
    public var written: [String]

    public init(column: String, values: [String], key: String, written: [String]) {
      self.column = column
      self.values = values
      self.key = key
      self.written = written
    }
  }

  public var table: OutputTable
  public var column: String
  public var filters: [Filter]
  public var across: Across
  /// The weight column of a weighted mean across rows.
  public var weight: String? = nil
  public var statistic: Statistic
  /// A calendar year, or nil for the whole run.
  public var year: Int?
  /// The column's name in `summary.csv`: the config's `name:`, or one built from the parts.
  public var name: String
  /// For one year of a yearly series (`years:` in the config), the series' name: its metrics
  /// are `SERIES_YEAR`, and `brisim analyze` reports them as one metric over the years.
  public var series: String? = nil

  /// A world.csv metric.
  public init(column: String, statistic: Statistic, year: Int?) {
    self.init(
      table: .world, column: column, filters: [], across: .sum, statistic: statistic, year: year,
      name: nil)
  }

  /// A metric of any table; `name` nil builds the default name.
  public init(
    table: OutputTable, column: String, filters: [Filter], across: Across, weight: String? = nil,
    statistic: Statistic, year: Int?, name: String?
  ) {
    self.table = table
    self.column = column
    self.filters = filters
    self.across = across
    self.weight = weight
    self.statistic = statistic
    self.year = year
    self.name =
      name
      ?? Self.defaultName(
        table: table, column: column, filters: filters, across: across, weight: weight,
        statistic: statistic, year: year)
  }

  /// `column_stat_year` for world.csv (`china_cbec_cny_sum_2019`, `…_all` for the whole run);
  /// for other tables the table, column and filters come first, and how rows were combined
  /// when not summed (`avg`: unweighted mean; `wavg_WEIGHT`: weighted):
  /// `countries_b2c_imports_cny_asean_sum_2021`, `countries_mean_trust_asean_avg_mean_2021`,
  /// `flows_value_cny_chn_asean_b2c_platform_sum_2021`.
  /// Lower case letters, digits and `_`: a valid name in R, Stata and pandas.
  public static func defaultName(
    table: OutputTable, column: String, filters: [Filter], across: Across = .sum,
    weight: String? = nil, statistic: Statistic, year: Int?
  ) -> String {
    var parts: [String] = table == .world ? [] : [table.rawValue]
    parts.append(column)
    for filter in filters {
      let written = filter.written.map { $0.lowercased() }
      parts.append(
        written.count <= 3
          ? written.joined(separator: "_") : "\(written[0])_and_\(written.count - 1)_more")
    }
    if table != .world {
      switch across {
      case .sum: break
      case .mean: parts.append("avg")
      case .weighted: parts.append("wavg_\(weight ?? "")")
      }
    }
    parts += [statistic.rawValue, year.map(String.init) ?? "all"]
    return identifier(parts.joined(separator: "_"))
  }

  /// `text` as an identifier: lower case, every run of other characters one `_`.
  static func identifier(_ text: String) -> String {
    var result = ""
    for character in text.lowercased() {
      if character.isASCII && (character.isLetter || character.isNumber) {
        result.append(character)
      } else if result.last != "_" {
        result.append("_")
      }
    }
    return result
  }

  /// The key columns of each table: what filters compare and what is never summarized.
  public static func keyColumns(of table: OutputTable) -> [String] {
    switch table {
    case .world: return ["date"]
    case .corridors: return ["date", "corridor"]
    case .countries: return ["date", "iso3", "corridor"]
    case .flows: return ["period", "origin", "destination", "channel", "sector"]
    case .platforms: return ["date", "platform", "kind", "home"]
    }
  }

  /// Columns that are rates, shares, means or prices rather than totals: their rows combine by
  /// default as an unweighted mean, the others by sum.
  public static let intensiveColumns: Set<String> = [
    "mean_trust", "mean_b2c_delivery_days", "online_share", "wage_cny_per_month",
    "effective_lpi", "enforcement", "online_retail_share", "mean_online_familiarity",
    "dutiable_parcel_share", "b2b_adopter_share", "b2c_adopter_share",
    "retaliation_tariff_on_china", "commission_rate", "payment_security", "reputation",
  ]

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
  /// Named country groups: the shipped ones (``CountryGroup/standard``) and the config's
  /// `groups:`, each with its members present in the country table.
  public var groups: [String: [String]] = [:]
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
