import CorridorModel
import Foundation
import Testing

@testable import Experiments

/// A two-scenario experiment at a twentieth of the default scale over 2015–2016 writing
/// every table, with summary metrics at each level.
private let summaryConfigText = """
  name: summary-test
  seed: 9
  replicates: 2
  scale: 0.05
  calendar: {start: 2015-01, months: 24}
  parameters: {spin_up_months: 6}
  outputs: {tables: [world, corridors, countries, flows, platforms]}
  groups:
    CORE: [VNM, THA]
    WIDE: [CORE, GCC, KAZ]
  scenarios:
    - name: open
      policies:
        - lever: de_minimis_usd
          countries: [ASEAN, CORE]
          schedule: [{step: 2016-01, value: 400}]
  summary:
    - {column: china_cbec_cny, stat: sum, year: 2016}
    - {column: b2c_share, stat: mean}
    - {table: corridors, column: china_b2c_exports_cny, corridors: [CICP, MSR], stat: sum, year: 2016}
    - {table: corridors, column: mean_trust, corridors: CICP, stat: last}
    - {table: countries, column: b2c_imports_cny, countries: ASEAN, stat: sum, year: 2016}
    - {table: countries, column: online_share, countries: WIDE, stat: mean, year: 2015}
    - {table: countries, column: exports_cny, corridors: [NELB], stat: sum, across: sum}
    - {table: flows, column: value_cny, origin: CHN, destination: ASEAN, channel: b2c_platform, stat: sum, year: 2016, name: china_b2c_to_asean_2016}
    - {table: flows, column: value_cny, origin: [ASEAN], destination: CHN, sector: [high_tech, other], stat: sum}
    - {table: platforms, column: gmv_cny, kind: b2c, stat: sum, year: 2016}
    - {table: countries, column: online_share, countries: ASEAN, across: weighted, weight_by: gdp_cny_per_month, stat: mean, year: 2016}

  """

/// Rows of a run's table as dictionaries (the tables hold no quoted fields).
private func rows(_ folder: String, _ table: String) throws -> [[String: String]] {
  let lines = try String(contentsOfFile: "\(folder)/\(table).csv", encoding: .utf8).split(
    separator: "\n")
  let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
  return lines.dropFirst().map { line in
    Dictionary(
      uniqueKeysWithValues: zip(
        header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
  }
}

private func summaryRows(_ folder: String) throws -> [[String: String]] {
  try rows(folder, "summary")
}

private func close(_ a: Double, _ b: Double) -> Bool {
  abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1)
}

private let asean = ["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"]

@Suite("Summaries at every level, groups, recomputation, common random numbers")
struct SummaryTests {
  @Test("Groups expand to members in table order; bad group names are refused")
  func groups() throws {
    let config = try ExperimentConfig.parse(text: summaryConfigText, file: "s.yaml")
    #expect(config.groups["CORE"] == ["THA", "VNM"])
    #expect(config.groups["ASEAN"]?.count == 10)
    #expect(
      Set(config.groups["WIDE"]!)
        == Set(["VNM", "THA", "KAZ"] + CountryGroup.standard(named: "GCC")!.members))
    let rule = config.scenarios[1].policies[0].rule
    #expect(rule.countries == .countries(config.groups["ASEAN"]!))
    func refusal(_ groups: String) -> String {
      let text = "name: g\ngroups:\n\(groups)\n"
      do {
        _ = try ExperimentConfig.parse(text: text, file: "g.yaml")
        return "accepted"
      } catch { return "\(error)" }
    }
    #expect(refusal("  VNM: [THA]").contains("already a country or corridor code"))
    #expect(refusal("  ASEAN: [THA]").contains("shipped group"))
    #expect(refusal("  core: [THA]").contains("upper case"))
    #expect(refusal("  CORE: [THX]").contains("did you mean 'THA'"))
    #expect(refusal("  CORE: [nelb]").contains("is a corridor"))
  }

  @Test("Summary errors name the table a column belongs to and the missing output table")
  func summaryMessages() throws {
    func message(_ summary: String, tables: String = "[world, countries]") -> String {
      let text = "name: m\noutputs: {tables: \(tables)}\nsummary:\n  - \(summary)\n"
      do {
        _ = try ExperimentConfig.parse(text: text, file: "m.yaml")
        return "accepted"
      } catch { return "\(error)" }
    }
    #expect(
      message("{column: b2c_imports_cny, stat: sum}").contains(
        "countries.csv: add 'table: countries'"))
    #expect(
      message("{table: corridors, column: china_b2c_exports_cny, stat: sum}").contains(
        "add corridors to outputs.tables"))
    #expect(
      message("{table: countries, column: b2c_imports_cny, destination: CHN, stat: sum}")
        .contains("cannot be filtered by 'destination'"))
    #expect(
      message("{table: flows, column: value_cny, stat: mean}", tables: "[flows]").contains(
        "stat: sum"))
    #expect(
      message("{table: countries, column: iso3, stat: sum}").contains("key column"))
    #expect(message("{table: countries, column: b2c_imports_cny, stat: sum}") == "accepted")
  }

  @Test("years: expands a summary item into one metric a year, named SERIES_YEAR")
  func yearlySeries() throws {
    func parse(_ summary: String) throws -> [SummaryMetric] {
      let text =
        "name: y\ncalendar: {start: 2015-01, months: 60}\noutputs: {tables: [world, countries]}\nsummary:\n  - \(summary)\n"
      return try ExperimentConfig.parse(text: text, file: "y.yaml").summary
    }
    let all = try parse("{column: china_cbec_cny, stat: sum, years: all}")
    #expect(all.map(\.name) == (2015...2019).map { "china_cbec_cny_sum_\($0)" })
    #expect(all.map(\.year) == (2015...2019).map { $0 })
    #expect(all.allSatisfy { $0.series == "china_cbec_cny_sum" })
    // The names a single year would get: a series is the same metrics, grouped.
    #expect(
      all[2]
        == {
          var single = SummaryMetric(column: "china_cbec_cny", statistic: .sum, year: 2017)
          single.series = "china_cbec_cny_sum"
          return single
        }())
    let range = try parse(
      "{table: countries, column: online_retail_share, countries: [THA], stat: mean, years: 2017-2018, name: thai_online}"
    )
    #expect(range.map(\.name) == ["thai_online_2017", "thai_online_2018"])
    #expect(range.map(\.series) == ["thai_online", "thai_online"])
    let list = try parse("{column: b2c_share, stat: mean, years: [2019, 2016, 2019]}")
    #expect(list.map(\.name) == ["b2c_share_mean_2016", "b2c_share_mean_2019"])
    func refusal(_ summary: String) -> String {
      do {
        _ = try parse(summary)
        return "accepted"
      } catch { return "\(error)" }
    }
    #expect(refusal("{column: b2c_share, stat: mean, year: 2016, years: all}").contains("not both"))
    #expect(refusal("{column: b2c_share, stat: mean, years: 2014-2016}").contains("2015-2019"))
    #expect(refusal("{column: b2c_share, stat: mean, years: [2030]}").contains("2019"))
    #expect(
      refusal(
        "{column: b2c_share, stat: mean, years: all}\n  - {column: b2c_share, stat: mean, year: 2017}"
      ).contains("duplicate summary metric b2c_share_mean_2017"))
  }

  @Test(
    "Metrics of every table equal sums computed independently from the tables; summarize recomputes summary.csv byte for byte and adopts a new summary without rerunning"
  )
  func summariesRecomputationAndNewMetrics() throws {
    let root = try temporaryFolder("summary")
    defer { try? FileManager.default.removeItem(at: root) }
    let configPath = root.appendingPathComponent("summary-test.yaml").path
    try summaryConfigText.write(toFile: configPath, atomically: true, encoding: .utf8)
    let config = try ExperimentConfig.load(path: configPath)
    let folder = root.appendingPathComponent("results").path
    let outcome = try ExperimentRunner(config: config, folder: folder, jobs: 2, threadsPerRun: 1)
      .run()
    #expect(outcome.merged && outcome.failed.isEmpty)
    let summary = try summaryRows(folder)
    #expect(summary.count == 4)
    // Every column a researcher reads is a valid identifier in R, Stata and pandas.
    func isIdentifier(_ name: String) -> Bool {
      name.first.map { $0.isASCII && $0.isLetter } == true
        && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
    #expect(summary[0].keys.allSatisfy(isIdentifier))
    for table in OutputTable.allCases {
      #expect(RunOutputs.columns(of: table).allSatisfy(isIdentifier))
    }

    for row in summary {
      let run = "\(folder)/\(row["run_id"]!)"
      let world = try rows(run, "world")
      let corridors = try rows(run, "corridors")
      let countries = try rows(run, "countries")
      let flows = try rows(run, "flows")
      let platforms = try rows(run, "platforms")
      func value(_ name: String) -> Double { Double(row[name]!)! }
      func number(_ r: [String: String], _ c: String) -> Double { Double(r[c]!)! }

      let cbec = world.filter { $0["date"]!.hasPrefix("2016") }.map { number($0, "china_cbec_cny") }
      #expect(close(value("china_cbec_cny_sum_2016"), cbec.reduce(0, +)))
      let share = world.map { number($0, "b2c_share") }
      #expect(close(value("b2c_share_mean_all"), share.reduce(0, +) / Double(share.count)))

      let b2c = corridors.filter {
        $0["date"]!.hasPrefix("2016") && ["CICP", "MSR"].contains($0["corridor"]!)
      }.map { number($0, "china_b2c_exports_cny") }
      #expect(b2c.count == 24)
      #expect(close(value("corridors_china_b2c_exports_cny_cicp_msr_sum_2016"), b2c.reduce(0, +)))
      let lastTrust = corridors.last { $0["corridor"] == "CICP" }!
      #expect(
        close(value("corridors_mean_trust_cicp_avg_last_all"), number(lastTrust, "mean_trust")))

      let imports = countries.filter {
        $0["date"]!.hasPrefix("2016") && asean.contains($0["iso3"]!)
      }.map { number($0, "b2c_imports_cny") }
      #expect(imports.count == 120)
      #expect(close(value("countries_b2c_imports_cny_asean_sum_2016"), imports.reduce(0, +)))

      // An intensive column: the unweighted mean over the group's countries each month,
      // then the mean over the months.
      let wide = Set(["THA", "VNM", "KAZ", "ARE", "BHR", "KWT", "OMN", "QAT", "SAU"])
      var monthly: [Double] = []
      for month in 1...12 {
        let date = String(format: "2015-%02d", month)
        let values = countries.filter { $0["date"] == date && wide.contains($0["iso3"]!) }
          .map { number($0, "online_share") }
        #expect(values.count == 9)
        monthly.append(values.reduce(0, +) / 9)
      }
      #expect(close(value("countries_online_share_wide_avg_mean_2015"), monthly.reduce(0, +) / 12))

      let nelb = countries.filter { $0["corridor"] == "NELB" }.map { number($0, "exports_cny") }
      #expect(close(value("countries_exports_cny_nelb_sum_all"), nelb.reduce(0, +)))

      let parcels = flows.filter {
        $0["period"] == "2016" && $0["origin"] == "CHN" && asean.contains($0["destination"]!)
          && $0["channel"] == "b2c_platform"
      }.map { number($0, "value_cny") }
      #expect(!parcels.isEmpty)
      #expect(close(value("china_b2c_to_asean_2016"), parcels.reduce(0, +)))
      let toChina = flows.filter {
        asean.contains($0["origin"]!) && $0["destination"] == "CHN"
          && ["high_tech", "other"].contains($0["sector"]!)
      }.map { number($0, "value_cny") }
      #expect(
        close(
          value("flows_value_cny_asean_chn_high_tech_other_sum_all"), toChina.reduce(0, +)))

      // A weighted mean across rows: Σ GDP·share / Σ GDP each month, then the months' mean.
      var weighted: [Double] = []
      for month in 1...12 {
        let date = String(format: "2016-%02d", month)
        let members = countries.filter { $0["date"] == date && asean.contains($0["iso3"]!) }
        let weights = members.map { number($0, "gdp_cny_per_month") }
        let shares = members.map { number($0, "online_share") }
        weighted.append(zip(weights, shares).map(*).reduce(0, +) / weights.reduce(0, +))
      }
      #expect(
        close(
          value("countries_online_share_asean_wavg_gdp_cny_per_month_mean_2016"),
          weighted.reduce(0, +) / 12))
      let gmv = platforms.filter { $0["date"]!.hasPrefix("2016") && $0["kind"] == "b2c" }.map {
        number($0, "gmv_cny")
      }
      #expect(close(value("platforms_gmv_cny_b2c_sum_2016"), gmv.reduce(0, +)))
    }
    // The policy starts in 2016: 2015 metrics of the paired runs are identical, 2016's differ.
    let byID = Dictionary(uniqueKeysWithValues: summary.map { ($0["run_id"]!, $0) })
    #expect(
      byID["baseline-r00"]!["countries_online_share_wide_avg_mean_2015"]
        == byID["open-r00"]!["countries_online_share_wide_avg_mean_2015"])
    #expect(
      Double(byID["open-r00"]!["countries_b2c_imports_cny_asean_sum_2016"]!)!
        > Double(byID["baseline-r00"]!["countries_b2c_imports_cny_asean_sum_2016"]!)!)

    // Recomputation: byte-identical to the fresh run's summary.csv.
    let fresh = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/summary.csv"))
    try FileManager.default.removeItem(atPath: "\(folder)/summary.csv")
    try ExperimentMerge(folder: folder).merge(jobs: 1)
    #expect(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/summary.csv")) == fresh)

    // A new summary metric (and a new group) without rerunning: run folders untouched.
    let manifestBefore = try Data(
      contentsOf: URL(fileURLWithPath: "\(folder)/open-r01/manifest.json"))
    let extended =
      summaryConfigText.replacingOccurrences(
        of: "  WIDE: [CORE, GCC, KAZ]\n",
        with: "  WIDE: [CORE, GCC, KAZ]\n  ISLANDS: [IDN, PHL]\n"
      ) + "  - {table: countries, column: b2c_imports_cny, countries: ISLANDS, stat: sum}\n"
    let newPath = root.appendingPathComponent("extended.yaml").path
    try extended.write(toFile: newPath, atomically: true, encoding: .utf8)
    try ExperimentResummary.adopt(try ExperimentConfig.load(path: newPath), folder: folder)
    try ExperimentMerge(folder: folder).merge(jobs: 2)
    let recomputed = try summaryRows(folder)
    for (old, new) in zip(summary, recomputed) {
      for (key, value) in old { #expect(new[key] == value) }
      let countries = try rows("\(folder)/\(new["run_id"]!)", "countries")
      let islands = countries.filter { ["IDN", "PHL"].contains($0["iso3"]!) }.map {
        Double($0["b2c_imports_cny"]!)!
      }
      #expect(
        close(Double(new["countries_b2c_imports_cny_islands_sum_all"]!)!, islands.reduce(0, +)))
    }
    #expect(
      try Data(contentsOf: URL(fileURLWithPath: "\(folder)/open-r01/manifest.json"))
        == manifestBefore)
    // The folder now belongs to the new config: running it resumes (nothing to run).
    let resumed = try ExperimentRunner(
      config: try ExperimentConfig.load(path: newPath), folder: folder, jobs: 1, threadsPerRun: 1
    ).run()
    #expect(resumed.ran == 0 && resumed.merged)

    // A change beyond the summary is refused, naming the key.
    let reseeded = extended.replacingOccurrences(of: "seed: 9", with: "seed: 10")
    let reseededPath = root.appendingPathComponent("reseeded.yaml").path
    try reseeded.write(toFile: reseededPath, atomically: true, encoding: .utf8)
    do {
      try ExperimentResummary.adopt(try ExperimentConfig.load(path: reseededPath), folder: folder)
      Issue.record("a reseeded config was adopted")
    } catch {
      #expect("\(error)".contains("seed: differs from the config that made"))
    }
    // So is a change of a group a policy names (CORE), which would move the policy.
    let movedGroup = extended.replacingOccurrences(
      of: "  CORE: [VNM, THA]", with: "  CORE: [VNM, KAZ]")
    let movedPath = root.appendingPathComponent("moved.yaml").path
    try movedGroup.write(toFile: movedPath, atomically: true, encoding: .utf8)
    do {
      try ExperimentResummary.adopt(try ExperimentConfig.load(path: movedPath), folder: folder)
      Issue.record("a group change that moves a policy was adopted")
    } catch {
      #expect("\(error)".contains("changes the members of a group a policy names"))
    }
  }

  @Test(
    "More replicates grow a results folder in place: only the new runs run, and summary.csv equals a fresh run's"
  )
  func addingReplicatesInPlace() throws {
    let root = try temporaryFolder("grow")
    defer { try? FileManager.default.removeItem(at: root) }
    func config(_ replicates: Int) throws -> ExperimentConfig {
      let text = """
        name: grow
        seed: 12
        replicates: \(replicates)
        scale: 0.05
        calendar: {start: 2015-01, months: 12}
        parameters: {spin_up_months: 6}
        outputs: {tables: [world]}

        """
      let path = root.appendingPathComponent("grow-\(replicates).yaml").path
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      return try ExperimentConfig.load(path: path)
    }
    let grown = root.appendingPathComponent("grown").path
    _ = try ExperimentRunner(config: config(2), folder: grown, jobs: 2, threadsPerRun: 1).run()
    let firstRun = try Data(contentsOf: URL(fileURLWithPath: "\(grown)/baseline-r01/manifest.json"))
    let outcome = try ExperimentRunner(config: config(3), folder: grown, jobs: 2, threadsPerRun: 1)
      .run()
    #expect(outcome.ran == 1 && outcome.alreadyComplete == 2 && outcome.merged)
    #expect(
      try Data(contentsOf: URL(fileURLWithPath: "\(grown)/baseline-r01/manifest.json")) == firstRun)
    let fresh = root.appendingPathComponent("fresh").path
    _ = try ExperimentRunner(config: config(3), folder: fresh, jobs: 2, threadsPerRun: 1).run()
    for file in ["summary.csv", "plan.csv"] {
      #expect(
        try Data(contentsOf: URL(fileURLWithPath: "\(grown)/\(file)"))
          == Data(contentsOf: URL(fileURLWithPath: "\(fresh)/\(file)")))
    }
    // Fewer replicates than the folder holds is refused, naming the key.
    do {
      _ = try ExperimentRunner(config: config(2), folder: grown, jobs: 1, threadsPerRun: 1).run()
      Issue.record("fewer replicates were accepted")
    } catch {
      #expect("\(error)".contains("fewer than the 3 of the results folder"))
    }
  }

  @Test(
    "Common random numbers: a sweep over a lever that never binds gives identical tables at every point; without them the points differ"
  )
  func commonRandomNumbersAcrossPoints() throws {
    func sweep(common: Bool) throws -> (RunPlan, String, URL) {
      let text = """
        name: crn-test
        seed: 4
        scale: 0.05
        calendar: {start: 2015-01, months: 12}
        parameters: {spin_up_months: 6}
        outputs: {tables: [world, corridors]}
        policies:
          - id: floor
            lever: payment_security_floor
            countries: all
            schedule: [{step: 2015-03, value: 0}]
        sweep:
          design: grid
          replicates: 2
          common_random_numbers: \(common)
          parameters:
            policies.floor.value: [0, 0.01, 0.02]

        """
      let root = try temporaryFolder("crn")
      let config = try ExperimentConfig.parse(text: text, file: "crn.yaml")
      let folder = root.appendingPathComponent("r").path
      _ = try ExperimentRunner(config: config, folder: folder, jobs: 2, threadsPerRun: 1).run()
      return (RunPlan(config), folder, root)
    }
    let (plan, folder, root) = try sweep(common: true)
    defer { try? FileManager.default.removeItem(at: root) }
    #expect(plan.dimensionColumns == ["policies_floor_value"])
    for replicate in 0..<2 {
      let runs = plan.runs.filter { $0.replicate == replicate }
      #expect(Set(runs.map(\.seed)).count == 1)
      let tables = try runs.map { run in
        try ["world.csv", "corridors.csv"].map {
          try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(run.id)/\($0)"))
        }
      }
      #expect(tables.allSatisfy { $0 == tables[0] })
    }
    let (independent, otherFolder, otherRoot) = try sweep(common: false)
    defer { try? FileManager.default.removeItem(at: otherRoot) }
    #expect(Set(independent.runs.map(\.seed)).count == 6)
    let first = try Data(
      contentsOf: URL(fileURLWithPath: "\(otherFolder)/\(independent.runs[0].id)/world.csv"))
    let second = try Data(
      contentsOf: URL(fileURLWithPath: "\(otherFolder)/\(independent.runs[2].id)/world.csv"))
    #expect(first != second)
    // Seeds are exact doubles (below 2^53) for every reader.
    #expect(
      independent.runs.allSatisfy {
        $0.seed < (1 << 53) && Double($0.seed) == Double(exactly: $0.seed)
      })
    let header = try String(contentsOfFile: "\(folder)/summary.csv", encoding: .utf8).split(
      separator: "\n")[0]
    #expect(header.hasPrefix("run_id,point,scenario,replicate,seed,policies_floor_value,"))
  }
}
