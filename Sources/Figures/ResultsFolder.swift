import Foundation

/// What a results folder holds, as `brisim figures` finds it: an experiment (its `plan.csv`
/// and `manifest.json`, one folder per run) or a single run's folder (`world.csv`).
public struct ResultsFolder {
  /// What kind of figures the folder calls for.
  public enum Kind: String, Sendable {
    /// One run: time series without bands.
    case singleRun = "single run"
    /// One scenario, several replicates: time series with bands across the replicates.
    case replicated = "replicated run"
    /// Several scenarios: each one's series together, and differences from the reference.
    case scenarioComparison = "scenario comparison"
    /// Swept parameters: summary metrics against each parameter, heat maps for 2-D grids.
    case sweep = "sweep"
  }

  /// One run of the folder.
  public struct Run: Sendable, Equatable {
    public let id: String
    public let point: Int
    public let scenario: String
    public let replicate: Int
    /// The run's own folder (its tables).
    public let folder: String
  }

  public let path: String
  /// The experiment's name (the folder's name for a single run).
  public let name: String
  public let runs: [Run]
  /// Scenario names in plan order; the first is the reference unless one is named `baseline`.
  public let scenarios: [String]
  /// Swept parameters (summary.csv columns); empty without a sweep.
  public let dimensions: [String]
  /// Readable labels of swept parameters, by summary.csv column (the manifest's
  /// `dimension_labels`, optional).
  public let dimensionLabels: [String: String]
  /// Summary metric columns of summary.csv.
  public let summaryMetrics: [String]
  /// The result column each summary metric is computed from (the manifest's
  /// `summary_definitions`), for units; empty for older manifests.
  public var metricSourceColumns: [String: String] = [:]
  /// Summary metrics that are a yearly series' years before its last (`years:` in the config):
  /// the sweep's scatter figures show a series at its last year only.
  public var earlierSeriesYears: Set<String> = []
  /// Whether the sweep's points share their seeds (the manifest's `common_random_numbers`).
  public var commonRandomNumbers = false
  /// Runs recorded as failed (a `failure.json`, no tables), left out of every figure.
  public let failedRuns: [String]
  /// Complete runs left out of time figures because a run they pair with (same point and
  /// replicate, another scenario) failed: differences compare complete pairs only.
  public let unpairedRuns: [String]

  public var kind: Kind {
    if !dimensions.isEmpty { return .sweep }
    if scenarios.count > 1 { return .scenarioComparison }
    return runs.count > 1 ? .replicated : .singleRun
  }

  /// The scenario the others are compared with: `baseline` if there is one, else the first.
  public var referenceScenario: String {
    scenarios.contains("baseline") ? "baseline" : scenarios[0]
  }

  /// The axis label of swept parameter `dimension`: its manifest label, or one derived from
  /// its name (``Labels/dimension(_:labels:)``).
  public func label(ofDimension dimension: String) -> String {
    Labels.dimension(dimension, labels: dimensionLabels)
  }

  /// The runs of `scenario`, in replicate order.
  public func runs(of scenario: String) -> [Run] {
    runs.filter { $0.scenario == scenario }.sorted { $0.replicate < $1.replicate }
  }

  /// The manifest's `dimension_labels` (absent: none), written either as an object
  /// `{"<column>": "<label>"}` or as a list `[{"column": "<column>", "label": "<label>"}]`;
  /// nil when it is neither.
  static func dimensionLabels(_ value: Any?) -> [String: String]? {
    switch value {
    case nil, is NSNull: return [:]
    case let labels as [String: String]: return labels
    case let entries as [Any]:
      var labels: [String: String] = [:]
      for entry in entries {
        guard let pair = entry as? [String: Any], let column = pair["column"] as? String,
          let label = pair["label"] as? String
        else { return nil }
        labels[column] = label
      }
      return labels
    default: return nil
    }
  }

  /// Reads the folder's plan and manifest (an experiment) or recognises a single run.
  public init(path: String) throws {
    let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    self.path = trimmed
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: trimmed, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw FigureError("\(trimmed): no such folder")
    }
    let planPath = "\(trimmed)/plan.csv"
    if FileManager.default.fileExists(atPath: planPath) {
      let manifestPath = "\(trimmed)/manifest.json"
      guard let data = FileManager.default.contents(atPath: manifestPath),
        let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
      else {
        throw FigureError(
          "\(manifestPath): missing or not a JSON object; expected the experiment's manifest")
      }
      commonRandomNumbers = manifest["common_random_numbers"] as? Bool ?? false
      if let definitions = manifest["summary_definitions"] as? [[String: Any]] {
        var lastOfSeries: [String: (name: String, year: Int)] = [:]
        for definition in definitions {
          if let name = definition["name"] as? String, let column = definition["column"] as? String
          {
            metricSourceColumns[name] = column
          }
          if let name = definition["name"] as? String, let series = definition["series"] as? String,
            let year = definition["year"] as? Int
          {
            if let last = lastOfSeries[series], last.year > year {
              earlierSeriesYears.insert(name)
            } else {
              if let last = lastOfSeries[series] { earlierSeriesYears.insert(last.name) }
              lastOfSeries[series] = (name, year)
            }
          }
        }
      }
      let plan = try ResultTable(path: planPath)
      let ids = try plan.text("run_id")
      let points = try plan.numbers("point").map { Int($0) }
      let scenarioNames = try plan.text("scenario")
      let replicates = try plan.numbers("replicate").map { Int($0) }
      let all = ids.indices.map {
        Run(
          id: ids[$0], point: points[$0], scenario: scenarioNames[$0], replicate: replicates[$0],
          folder: "\(trimmed)/\(ids[$0])")
      }
      let failed = all.filter {
        !FileManager.default.fileExists(atPath: "\($0.folder)/manifest.json")
          && FileManager.default.fileExists(atPath: "\($0.folder)/failure.json")
      }
      let brokenPairs = Set(failed.map { [$0.point, $0.replicate] })
      let failedIDs = Set(failed.map(\.id))
      failedRuns = failed.map(\.id)
      let isSweep = !((manifest["dimensions"] as? [String]) ?? []).isEmpty
      // A sweep's figures come from summary.csv (failed rows are empty there); time figures
      // drop every run of a broken (point, replicate) pair.
      runs = isSweep ? all : all.filter { !brokenPairs.contains([$0.point, $0.replicate]) }
      unpairedRuns =
        isSweep
        ? []
        : all.filter {
          brokenPairs.contains([$0.point, $0.replicate]) && !failedIDs.contains($0.id)
        }
        .map(\.id)
      guard !runs.isEmpty else {
        throw FigureError(
          "\(trimmed): every run failed (runs.csv has the messages); nothing to plot")
      }
      var seen = Set<String>()
      scenarios = scenarioNames.filter { seen.insert($0).inserted }
      name = manifest["name"] as? String ?? URL(fileURLWithPath: trimmed).lastPathComponent
      dimensions = manifest["dimensions"] as? [String] ?? []
      guard let labels = Self.dimensionLabels(manifest["dimension_labels"]) else {
        throw FigureError(
          "\(manifestPath): 'dimension_labels' must map summary.csv columns to readable labels: an object {\"column\": \"label\"} or a list of {\"column\": …, \"label\": …}"
        )
      }
      dimensionLabels = labels
      summaryMetrics = manifest["summary_metrics"] as? [String] ?? []
    } else if FileManager.default.fileExists(atPath: "\(trimmed)/world.csv") {
      name = URL(fileURLWithPath: trimmed).lastPathComponent
      runs = [Run(id: name, point: 0, scenario: name, replicate: 0, folder: trimmed)]
      scenarios = [name]
      dimensions = []
      dimensionLabels = [:]
      summaryMetrics = []
      failedRuns = []
      unpairedRuns = []
    } else {
      throw FigureError(
        "\(trimmed): not a BRISim results folder; expected an experiment's plan.csv and manifest.json, or a run's world.csv"
      )
    }
  }
}
