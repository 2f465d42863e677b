import CorridorModel

/// The documented schema of experiment configs (what `brisim config schema` prints).
public enum ConfigSchema {
  /// One documented key.
  public struct Entry: Sendable {
    public let key: String
    public let type: String
    public let defaultValue: String
    public let meaning: String
  }

  /// The structural keys; every model parameter and lever is listed separately.
  public static let entries: [Entry] = [
    Entry(
      key: "name", type: "text (required)", defaultValue: "—",
      meaning: "experiment name; results go to results/<name>/"),
    Entry(
      key: "description", type: "text", defaultValue: "\"\"", meaning: "what the experiment asks"),
    Entry(
      key: "seed", type: "integer ≥ 0", defaultValue: "1",
      meaning: "master seed; each run's seed derives from (seed, point, replicate)"),
    Entry(
      key: "replicates", type: "integer 1…10000", defaultValue: "1",
      meaning: "runs per scenario (without a sweep)"),
    Entry(
      key: "calendar.start", type: "YYYY-MM", defaultValue: "2015-01",
      meaning: "first simulated month"),
    Entry(
      key: "calendar.months", type: "integer 1…1200", defaultValue: "192",
      meaning: "months simulated (after a spin-up, see spin_up_months)"),
    Entry(
      key: "scale", type: "number 0.001…100", defaultValue: "1",
      meaning:
        "multiplier of the default agent counts (200,000 consumers, 20,000 firms, 15,000 importers)"
    ),
    Entry(
      key: "agent_scale.consumers|firms|importers", type: "number 0.001…100", defaultValue: "1",
      meaning:
        "one kind's count multiplied further (on top of scale): to see which kind's granularity a result depends on"
    ),
    Entry(
      key: "world", type: "'embedded' or a CSV path", defaultValue: "embedded",
      meaning: "country table; a path is relative to the config file"),
    Entry(
      key: "threads", type: "integer 0…1024", defaultValue: "0",
      meaning: "threads per run; 0 = chosen so that the machine is busy but not oversubscribed"),
    Entry(
      key: "parameters.<name>", type: "number or true/false", defaultValue: "see below",
      meaning: "any model parameter by its name (list below)"),
    Entry(
      key: "policies[]", type: "list of rules", defaultValue: "[]",
      meaning: "policy rules added to the observed baseline (de-minimis changes, trade agreements)"),
    Entry(
      key: "policies[].lever", type: "lever name", defaultValue: "—",
      meaning: "the instrument (list below)"),
    Entry(
      key: "policies[].countries", type: "list of ISO3 codes or groups, or 'all'",
      defaultValue: "—",
      meaning:
        "where the rule applies (importers for tariffs, exporters for rebates); or use corridors"),
    Entry(
      key: "policies[].corridors",
      type: "list of CHN, CMR, NELB, CCAWA, CICP, CPEC, BCIM, MSR, ROW", defaultValue: "—",
      meaning: "every country of these corridors"),
    Entry(
      key: "policies[].partners", type: "list of ISO3 or 'all'", defaultValue: "—",
      meaning: "preferential_tariff only: the exporting partners"),
    Entry(
      key: "policies[].sector", type: "labor_intensive, high_tech, other",
      defaultValue: "all sectors", meaning: "tariffs and rebates only"),
    Entry(
      key: "policies[].value", type: "number", defaultValue: "—",
      meaning: "a constant value from the first month (or use schedule)"),
    Entry(
      key: "policies[].schedule[]", type: "list of steps and ramps", defaultValue: "—",
      meaning:
        "'step: YYYY-MM' with 'value: x', or 'ramp: [YYYY-MM, YYYY-MM]' with 'to: x'; months inside the calendar"
    ),
    Entry(
      key: "policies[].id", type: "text", defaultValue: "none",
      meaning: "a name a sweep can address as policies.<id>.value"),
    Entry(
      key: "outputs.tables", type: "list of world, corridors, countries, flows, platforms",
      defaultValue: "all five",
      meaning: "tables each run writes (its manifest always)"),
    Entry(
      key: "outputs.flows", type: "yearly or monthly", defaultValue: "yearly",
      meaning: "frequency of flows.csv"),
    Entry(
      key: "scenarios[]", type: "list", defaultValue: "[]",
      meaning: "variants run beside the baseline (the config itself), same seeds"),
    Entry(
      key: "scenarios[].name", type: "text (required)", defaultValue: "—",
      meaning: "the scenario's name (part of run ids)"),
    Entry(
      key: "scenarios[].description", type: "text", defaultValue: "\"\"",
      meaning: "what the variant changes"),
    Entry(
      key: "scenarios[].parameters", type: "mapping", defaultValue: "{}",
      meaning: "parameter overrides on top of the config's"),
    Entry(
      key: "scenarios[].policies", type: "list of rules", defaultValue: "[]",
      meaning: "rules added on top of the config's"),
    Entry(
      key: "sweep.design", type: "grid, random, latin_hypercube, sobol, saltelli",
      defaultValue: "—",
      meaning: "how points are chosen"),
    Entry(
      key: "groups.<NAME>", type: "list of ISO3 codes or earlier groups", defaultValue: "—",
      meaning:
        "a named country group (upper case; not a country or corridor code) usable wherever countries are named; shipped: ASEAN, EU, GCC, EAEU, SAARC, CENTRAL_ASIA, CEEC (brisim countries --groups)"
    ),
    Entry(
      key: "sweep.second_order", type: "boolean", defaultValue: "false",
      meaning: "saltelli: add the blocks for second-order indices (N(2D + 2) points, not N(D + 2))"),
    Entry(
      key: "sweep.levels", type: "even integer 2…1000", defaultValue: "4",
      meaning: "morris: grid levels p; each step moves a parameter by p / (2(p − 1)) of its range"),
    Entry(
      key: "sweep.candidates", type: "integer ≥ samples, at most 2000", defaultValue: "—",
      meaning:
        "morris: draw this many trajectories and keep the samples of them that spread most over the cube (Campolongo et al. 2007; greedy selection)"
    ),
    Entry(
      key: "sweep.scramble", type: "boolean", defaultValue: "true",
      meaning:
        "saltelli: randomise the Sobol' base by a random digital shift drawn from the seed (false: the plain sequence, whose first row is the parameters' lower corner)"
    ),
    Entry(
      key: "sweep.common_random_numbers", type: "boolean", defaultValue: "false",
      meaning:
        "replicate r has the same seed at every point: smooth response surfaces, shared noise (README)"
    ),
    Entry(
      key: "sweep.samples", type: "integer", defaultValue: "—",
      meaning: "points (not for grid, whose size follows from its values)"),
    Entry(
      key: "sweep.replicates", type: "integer 1…10000", defaultValue: "1",
      meaning: "runs per point and scenario"),
    Entry(
      key: "sweep.parameters.<name>", type: "{min, max[, steps]} or [values]", defaultValue: "—",
      meaning: "a parameter, or policies.<id>.value; grids need steps or lists"),
    Entry(
      key: "calibration.parameters.<name>", type: "{min, max}", defaultValue: "—",
      meaning: "a free parameter (or policies.<id>.value) and its bounds (brisim calibrate)"),
    Entry(
      key: "calibration.targets[]",
      type: "list of {column, stat, year, observed | fact, weight}", defaultValue: "—",
      meaning:
        "target moments: a world.csv statistic and its observed value, or an observed fact's id (facts: Sources/ObservedData/Resources/stylized_facts.csv); weight 1"
    ),
    Entry(
      key: "calibration.design_points", type: "integer 1…100000", defaultValue: "16",
      meaning: "Sobol points over the bounds evaluated first"),
    Entry(
      key: "calibration.starts", type: "integer", defaultValue: "2",
      meaning: "best design points that start a Nelder–Mead search"),
    Entry(
      key: "calibration.max_evaluations", type: "integer", defaultValue: "60",
      meaning: "evaluations allowed per search"),
    Entry(
      key: "calibration.tolerance", type: "number", defaultValue: "0.001",
      meaning: "simplex size (logistic-transformed coordinates) at which a search stops"),
    Entry(
      key: "calibration.fit_replicates", type: "integer", defaultValue: "max(replicates, 4)",
      meaning: "replicates of the fit table at the best parameters"),
    Entry(
      key: "summary[]",
      type: "list of {column, stat[, year | years, table, filters, across, weight_by, name]}",
      defaultValue: "CBEC and B2C share in key years, losses, delivery days, relocation",
      meaning:
        "summary.csv columns: a column of a run's table; its rows of a month combined (across), then the year's months (stat: sum, mean, last) or the whole run"
    ),
    Entry(
      key: "summary[].years", type: "all, a list of years, or FROM-TO", defaultValue: "—",
      meaning:
        "a yearly series: one column a year, SERIES_YEAR (SERIES the name, or the default name without the year); brisim analyze gives its indices over time"
    ),
    Entry(
      key: "summary[].table", type: "world, corridors, countries, flows, platforms",
      defaultValue: "world", meaning: "the table the column is in (columns: table below)"),
    Entry(
      key:
        "summary[].corridors | countries | origin | destination | channel | sector | kind | home",
      type: "value or list", defaultValue: "every row",
      meaning:
        "row filters: corridors (corridors, countries tables), countries (ISO3 or groups), origin/destination/channel/sector (flows), kind/home (platforms)"
    ),
    Entry(
      key: "summary[].across", type: "sum, mean, weighted",
      defaultValue: "mean for rates, shares, days, indices; else sum",
      meaning: "how a month's rows combine; weighted: Σ w·x / Σ w with weight_by: COLUMN"),
    Entry(
      key: "summary[].name", type: "identifier (≤ 64; Stata keeps 32)",
      defaultValue: "built from the parts",
      meaning: "the column's name in summary.csv"),
  ]

  /// The schema as text: structural keys, levers, parameters.
  public static func text() -> String {
    var lines: [String] = ["# Experiment config keys", ""]
    for entry in entries {
      lines.append(
        "\(entry.key)\n    type: \(entry.type); default: \(entry.defaultValue)\n    \(entry.meaning)"
      )
    }
    lines.append("")
    lines.append(
      "# Result tables (summary[].table): key columns (filters) | summable columns; README \"What a run writes\" says what each holds"
    )
    for table in OutputTable.allCases {
      let keys = SummaryMetric.keyColumns(of: table)
      let columns = RunOutputs.columns(of: table).filter { !keys.contains($0) }
      lines.append(
        "\(table.rawValue).csv: \(keys.joined(separator: ", ")) | \(columns.joined(separator: ", "))"
      )
    }
    lines.append("")
    lines.append("# Policy levers (policies[].lever): allowed values")
    for lever in PolicyLever.allCases {
      lines.append(
        "\(lever.rawValue)  [\(lever.range.lowerBound)…\(lever.range.upperBound)]\(lever.acceptsSector ? " sector" : "")\(lever.needsPartners ? " partners" : "")"
      )
    }
    lines.append("")
    lines.append("# Model parameters (parameters.<name>): default [unit; range] meaning")
    for spec in ParameterCatalog.all {
      let range = spec.rangeText
      lines.append(
        "\(spec.name) = \(spec.defaultText)  [\(spec.unit); \(range)]  \(spec.meaningWithRangeNote)"
      )
    }
    return lines.joined(separator: "\n")
  }
}
