import Foundation
import Testing

/// A small sweep for command tests: a 2 % economy, 12 months after a 6-month spin-up.
let testSweepConfig = """
  name: cli-sweep
  description: A tiny Sobol sweep for tests.
  seed: 3
  scale: 0.02
  calendar: {start: 2015-01, months: 12}
  parameters: {spin_up_months: 6}
  outputs: {tables: [world]}
  policies:
    - id: floor
      lever: payment_security_floor
      countries: all
      value: 0.5
  sweep:
    design: sobol
    samples: 8
    replicates: 2
    parameters:
      wage_growth_china_per_year: {min: 0.05, max: 0.15}
      policies.floor.value: {min: 0.2, max: 0.9}
  summary:
    - {column: china_cbec_cny, stat: sum, year: 2015}
    - {column: b2c_share, stat: mean}
  """

func writeConfig(_ text: String, in folder: URL, name: String = "config.yaml") throws -> String {
  let path = folder.appendingPathComponent(name).path
  try text.write(toFile: path, atomically: true, encoding: .utf8)
  return path
}

func makeFolder(_ label: String) throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "brisim-\(label)-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

@Suite("Experiment configs: bad input")
struct ConfigBadInputTests {
  /// (config text, the line the message must name, a phrase it must contain)
  static let cases: [(String, Int?, String)] = [
    ("name: x\nsede: 3\n", 2, "sede: unknown key; did you mean 'seed'?"),
    ("name: x\nseed: hello\n", 2, "seed: expected a non-negative whole number, got 'hello'"),
    ("name: x\nscale: 1000\n", 2, "scale: 1000.0 is out of range; expected 0.001 to 100.0"),
    (
      "name: x\nagent_scale:\n  firm: 0.5\n", 3,
      "agent_scale.firm: unknown key; did you mean 'firms'?"
    ),
    ("name: x\nagent_scale: {importers: 0}\n", 2, "agent_scale.importers: 0.0 is out of range"),
    ("name: x\nscale: 20\nagent_scale: {consumers: 10}\n", 3, "scale × 10.0 is above 100"),
    ("name: x\nreplicates: -1\n", 2, "replicates: -1 is out of range"),
    ("name: x\nseed: [1, 2\n", 3, "malformed YAML"),
    ("description: no name\n", 1, "name: missing required key"),
    (
      "name: x\nparameters:\n  wage_growth_chian_per_year: 0.1\n", 3,
      "did you mean 'wage_growth_china_per_year'?"
    ),
    (
      "name: x\nparameters:\n  de_minimis_usd: 0\n", 3,
      "'de_minimis_usd' is a policy lever, not a parameter"
    ),
    (
      "name: x\nparameters:\n  elasticity_of_substitution: 0.5\n", 3,
      "out of range; expected a value in [1.5, 20.0]"
    ),
    (
      "name: x\nparameters:\n  latent_market_share: 0\n", 3,
      "out of range; expected a value in (0.0, 1.0] (fraction): Above 0: markets start without sellers"
    ),
    (
      "name: x\nparameters:\n  elasticity_of_substitution: 5\n  productivity_pareto_shape: 3.5\n",
      4,
      "parameters.productivity_pareto_shape: productivity_pareto_shape = 3.5 and elasticity_of_substitution = 5.0 break productivity_pareto_shape > elasticity_of_substitution − 1"
    ),
    (
      "name: x\nscenarios:\n  - name: high\n    parameters: {sector_share_labor_intensive: 0.6}\n",
      4,
      "sector_share_labor_intensive = 0.6 and sector_share_high_tech = 0.45 break sector_share_labor_intensive + sector_share_high_tech ≤ 1: the sectors' shares of tradables demand cannot exceed the whole (scenario high)"
    ),
    (
      "name: x\nsweep:\n  design: random\n  samples: 4\n  parameters:\n    productivity_pareto_shape: {min: 2.5, max: 6}\n",
      6,
      "sweep.parameters.productivity_pareto_shape: at a corner of the explored range, productivity_pareto_shape = 2.5 and elasticity_of_substitution = 4.0 break productivity_pareto_shape > elasticity_of_substitution − 1"
    ),
    (
      "name: x\ncalibration:\n  parameters:\n    elasticity_of_substitution: {min: 2, max: 5}\n  targets:\n    - {column: b2b_share, stat: mean, observed: 0.8}\n",
      4,
      "at a corner of the explored range, productivity_pareto_shape = 3.2 and elasticity_of_substitution = 5.0 break"
    ),
    ("name: x\nparameters:\n  retaliation_enabled: maybe\n", 3, "expected true or false"),
    (
      "name: x\npolicies:\n  - lever: mfn_tarif\n    countries: [IND]\n    value: 0.1\n", 3,
      "unknown lever 'mfn_tarif'; did you mean 'mfn_tariff'?"
    ),
    (
      "name: x\npolicies:\n  - lever: mfn_tariff\n    countries: [INX]\n    value: 0.1\n", 4,
      "unknown country code or group 'INX'; did you mean 'IND'?"
    ),
    (
      "name: x\npolicies:\n  - lever: mfn_tariff\n    countries: [kaz]\n    value: 0.1\n", 4,
      "unknown country code or group 'kaz'; did you mean 'KAZ'?"
    ),
    (
      "name: x\npolicies:\n  - lever: mfn_tariff\n    corridors: [SILK]\n    value: 0.1\n", 4,
      "unknown corridor 'SILK'"
    ),
    (
      "name: x\npolicies:\n  - lever: mfn_tariff\n    countries: all\n    sector: toys\n    value: 0.1\n",
      5,
      "unknown sector 'toys'"
    ),
    (
      "name: x\ncalendar: {months: 24}\npolicies:\n  - lever: mfn_tariff\n    countries: all\n    schedule:\n      - {step: 2020-01, value: 0.1}\n",
      7, "2020-01 lies outside the calendar (2015-01 to 2016-12)"
    ),
    (
      "name: x\npolicies:\n  - lever: de_minimis_usd\n    countries: all\n    value: -5\n", 5,
      "-5.0 is out of range"
    ),
    (
      "name: x\npolicies:\n  - lever: preferential_tariff\n    countries: [IND]\n    value: 0.1\n",
      3,
      "needs 'partners'"
    ),
    (
      "name: x\nsweep:\n  design: factorial\n  parameters: {seed: 1}\n", 3,
      "unknown design 'factorial'"
    ),
    (
      "name: x\nsweep:\n  design: random\n  parameters:\n    wage_growth_china_per_year: {min: 0.1, max: 0.05}\n",
      nil, "max must be greater than min"
    ),
    (
      "name: x\nsweep:\n  design: random\n  parameters: {wage_growth_china_per_year: [0.1]}\n", 3,
      "needs 'samples'"
    ),
    ("name: x\nsummary:\n  - {column: cbec, stat: sum}\n", 3, "unknown world.csv column 'cbec'"),
    ("name: x\nscenarios:\n  - {name: a}\n  - {name: a}\n", 4, "duplicate scenario name 'a'"),
    ("name: x\nworld: missing-table.csv\n", 2, "cannot read the country table 'missing-table.csv'"),
    (
      "name: x\ncalibration:\n  parameters: {online_familiarity_gain_per_order: {min: 0.1, max: 0.3}}\n  targets:\n    - {column: china_cbec_cny, stat: sum, year: 2015, fact: cbec_volum_2015}\n",
      5,
      "unknown observed fact 'cbec_volum_2015'; did you mean 'cbec_volume_2015'?"
    ),
    (
      "name: x\ncalibration:\n  parameters: {online_familiarity_gain_per_order: {min: 0.1, max: 0.3}}\n  targets:\n    - {column: china_cbec_cny, stat: sum, year: 2015}\n",
      5,
      "a target needs 'observed' (a number) or 'fact'"
    ),
    (
      "name: x\ncalibration:\n  parameters:\n    online_familiarity_gain_per_order: {min: 0.1, max: 0.3, steps: 3}\n  targets:\n    - {column: b2b_share, stat: mean, observed: 0.8}\n",
      4, "a free parameter needs bounds {min, max}"
    ),
    (
      "name: x\ncalibration:\n  parameters:\n    online_familarity_gain_per_order: {min: 0.1, max: 0.3}\n  targets:\n    - {column: b2b_share, stat: mean, observed: 0.8}\n",
      4, "did you mean 'online_familiarity_gain_per_order'?"
    ),
    (
      "name: x\ncalibration:\n  parameters: {online_familiarity_gain_per_order: {min: 0.1, max: 0.3}}\n  targets:\n    - {column: b2b_share, stat: mean, observed: 0.8}\n  design_points: 2\n  starts: 3\n",
      7,
      "at most design_points (2) searches can start"
    ),
    (
      "name: x\ncalibration:\n  parameters: {online_familiarity_gain_per_order: {min: 0.1, max: 0.3}}\n  targets:\n    - {column: b2b_share, stat: mean, observed: 0.8}\nsweep:\n  design: random\n  samples: 2\n  parameters: {online_familiarity_gain_per_order: {min: 0.1, max: 0.2}}\n",
      3, "a config calibrates or sweeps, not both"
    ),
  ]

  @Test(
    "Each bad config gets one line naming file, line and key, exit status 2, and nothing is written"
  )
  func badConfigs() throws {
    let folder = try makeFolder("bad-config")
    defer { try? FileManager.default.removeItem(at: folder) }
    for (index, (text, line, phrase)) in Self.cases.enumerated() {
      let path = try writeConfig(text, in: folder, name: "bad\(index).yaml")
      for command in [
        ["config", "check", path],
        ["run", path, "--out", folder.appendingPathComponent("out").path],
      ] {
        let result = try brisim(command)
        #expect(result.status == 2, "case \(index): \(command[0])")
        #expect(result.standardOutput.isEmpty, "case \(index)")
        let message = result.standardError
        #expect(message.split(separator: "\n").count == 1, "case \(index): \(message)")
        let place = line.map { "bad\(index).yaml:\($0):" } ?? "bad\(index).yaml"
        #expect(message.contains(place), "case \(index): \(message)")
        #expect(message.contains(phrase), "case \(index): \(message)")
      }
    }
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
  }

  @Test(
    "A config larger than the limit, and alias bombs, are rejected in one line with exit status 2")
  func sizeAndAliases() throws {
    let folder = try makeFolder("limits")
    defer { try? FileManager.default.removeItem(at: folder) }
    let big = "name: x\ndescription: \"" + String(repeating: "a", count: 1_100_000) + "\"\n"
    let result = try brisim("config", "check", try writeConfig(big, in: folder, name: "big.yaml"))
    #expect(result.status == 2)
    #expect(result.standardError.contains("at most 1048576 are allowed"))
    // Nine levels of nine-fold aliases: 9⁹ ≈ 387 million nodes if expanded.
    var bomb = "name: x\nsummary:\n  - &l0 [x, x, x, x, x, x, x, x, x]\n"
    for level in 1...8 {
      let previous = "*l\(level - 1)"
      bomb += "  - &l\(level) [\(Array(repeating: previous, count: 9).joined(separator: ", "))]\n"
    }
    let bombResult = try brisim(
      "config", "check", try writeConfig(bomb, in: folder, name: "bomb.yaml"))
    // Refused at its first node (aliases are shared, never expanded), in one line.
    #expect(bombResult.status == 2)
    #expect(
      bombResult.standardError.hasSuffix(
        "bomb.yaml:3: summary[1]: expected a mapping of keys, got a list\n"),
      "\(bombResult.standardError)")
    #expect(bombResult.standardError.split(separator: "\n").count == 1)
    // Where a list is allowed, the walk counts nodes and stops at the limit: 150 policies
    // sharing one list of 1,000 countries are 150,000 nodes from 10 kB of text.
    var deep =
      "name: x\npolicies:\n  - {lever: mfn_tariff, value: 0.1, countries: &c [\(Array(repeating: "IND", count: 1_000).joined(separator: ", "))]}\n"
    for _ in 1..<150 { deep += "  - {lever: mfn_tariff, value: 0.1, countries: *c}\n" }
    let deepResult = try brisim(
      "config", "check", try writeConfig(deep, in: folder, name: "deep.yaml"))
    #expect(deepResult.status == 2)
    #expect(deepResult.standardError.split(separator: "\n").count == 1)
    #expect(
      deepResult.standardError.contains("the config expands to more than 100000 YAML nodes"),
      "\(deepResult.standardError)")
  }

  @Test("config check notes a rule that overlaps the baseline's observed policy schedules")
  func baselineOverlapNote() throws {
    let folder = try makeFolder("overlap-note")
    defer { try? FileManager.default.removeItem(at: folder) }
    func scenario(_ lever: String, _ countries: String) -> String {
      "name: x\nscenarios:\n  - name: s\n    policies:\n      - lever: \(lever)\n        countries: [\(countries)]\n        schedule:\n          - {step: 2021-01, value: 0}\n"
    }
    // The baseline removes the EU's de minimis in 2021-07 and cuts Indonesia's in 2018–2020.
    let overlap = try brisim(
      "config", "check",
      try writeConfig(scenario("de_minimis_usd", "XEU, VNM"), in: folder, name: "eu.yaml"))
    #expect(overlap.status == 0 && overlap.standardOutput.contains("valid"))
    let notes = overlap.standardError.split(separator: "\n")
    #expect(notes.count == 1, "\(overlap.standardError)")
    #expect(
      notes.first?.hasPrefix("brisim: note: ") == true
        && overlap.standardError.contains("scenario 's': the de_minimis_usd rule for XEU")
        && overlap.standardError.contains("0.0 from 2021-07")
        && overlap.standardError.contains("from 2021-01 its values replace the baseline's"),
      "\(overlap.standardError)")
    // A lever the baseline leaves alone, or countries it does not schedule: no note.
    for (lever, countries) in [("enforcement_boost", "XEU"), ("de_minimis_usd", "VNM")] {
      let quiet = try brisim(
        "config", "check",
        try writeConfig(scenario(lever, countries), in: folder, name: "\(lever).yaml"))
      #expect(quiet.status == 0 && quiet.standardError.isEmpty, "\(lever): \(quiet.standardError)")
    }
  }

  @Test("config check warns below the smallest scale whose totals match the large-scale limit")
  func smallScaleWarning() throws {
    let folder = try makeFolder("scale-warning")
    defer { try? FileManager.default.removeItem(at: folder) }
    let small = try brisim(
      "config", "check", try writeConfig("name: x\nscale: 0.05\n", in: folder, name: "small.yaml"))
    #expect(small.status == 0)
    #expect(small.standardOutput.contains("valid"))
    #expect(
      small.standardError.hasPrefix("brisim: warning: ")
        && small.standardError.contains("scale 0.05 is below 0.1"), "\(small.standardError)")
    let large = try brisim(
      "config", "check", try writeConfig("name: x\nscale: 1\n", in: folder, name: "large.yaml"))
    #expect(large.status == 0 && large.standardError.isEmpty, "\(large.standardError)")
    // One kind made coarser warns by that kind's multiplier; one made finer does not.
    let coarseFirms = try brisim(
      "config", "check",
      try writeConfig(
        "name: x\nscale: 0.5\nagent_scale: {firms: 0.1, consumers: 4}\n", in: folder,
        name: "firms.yaml"))
    #expect(
      coarseFirms.status == 0
        && coarseFirms.standardError.contains("scale × agent_scale (smallest kind) 0.05 is below"),
      "\(coarseFirms.standardError)")
    let fineConsumers = try brisim(
      "config", "check",
      try writeConfig(
        "name: x\nagent_scale: {consumers: 4}\n", in: folder, name: "consumers.yaml"))
    #expect(
      fineConsumers.status == 0 && fineConsumers.standardError.isEmpty,
      "\(fineConsumers.standardError)")
  }

  @Test("run --agent-scale: one kind's agents change, the others' do not; bad values exit 2")
  func agentScaleOption() throws {
    let folder = try makeFolder("agent-scale")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("run").path
    let result = try brisim(
      "run", "--scale", "0.02", "--agent-scale", "firms=2", "--months", "1", "--threads", "1",
      "--out", out)
    #expect(result.status == 0, "\(result.standardError)")
    let manifest =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json"))) as? [String: Any]
    let agents = manifest?["agents"] as? [String: Any]
    // 20,000 × 0.02 × 2 firms; 200,000 × 0.02 consumers and 15,000 × 0.02 importers as at
    // --scale 0.02 alone (the per-country floors, at most 2 firms, 30 consumers and 1
    // importer per cell here, add up to less).
    #expect(agents?["firms"] as? Int == 800, "\(String(describing: agents))")
    #expect(agents?["consumers"] as? Int == 4_000, "\(String(describing: agents))")
    #expect(agents?["importers"] as? Int == 300, "\(String(describing: agents))")
    for (arguments, message) in [
      (
        ["--agent-scale", "firmz=0.5"], "unknown kind 'firmz'; expected consumers, firms, importers"
      ),
      (["--agent-scale", "firms=0"], "expected a number greater than 0 and at most 100, got '0'"),
      (["--agent-scale", "firms"], "--agent-scale expects KIND=FACTOR, got 'firms'"),
      (["--agent-scale", "firms=nan"], "expected a number greater than 0 and at most 100"),
      (["--agent-scale", "firms=0.5", "--agent-scale", "firms=2"], "firms is given twice"),
      (["--scale", "20", "--agent-scale", "consumers=10"], "above 100"),
    ] {
      let bad = folder.appendingPathComponent("bad").path
      let failed = try brisim(["run", "--months", "1", "--out", bad] + arguments)
      #expect(failed.status == 2, "\(arguments)")
      #expect(failed.standardError.contains(message), "\(failed.standardError)")
      #expect(!FileManager.default.fileExists(atPath: bad), "no output for \(arguments)")
    }
  }

  @Test(
    "A sweep that replaces a parameter is checked with the swept values, not the default it replaces"
  )
  func constraintOverSweptValues() throws {
    let folder = try makeFolder("swept-constraint")
    defer { try? FileManager.default.removeItem(at: folder) }
    // σ = 6 breaks k > σ − 1 with the default k = 3.2, but every swept k lies above 5.
    let sweep = try writeConfig(
      "name: x\nparameters: {elasticity_of_substitution: 6}\nsweep:\n  design: random\n  samples: 2\n  parameters:\n    productivity_pareto_shape: {min: 5.5, max: 8}\n",
      in: folder, name: "ok.yaml")
    let valid = try brisim("config", "check", sweep)
    #expect(valid.status == 0, "\(valid.standardError)")
    let calibration = try writeConfig(
      "name: x\nscenarios:\n  - {name: steep, parameters: {elasticity_of_substitution: 9}}\ncalibration:\n  parameters:\n    productivity_pareto_shape: {min: 8.5, max: 10}\n  targets:\n    - {column: b2b_share, stat: mean, observed: 0.8}\n",
      in: folder, name: "cal.yaml")
    let calibrationCheck = try brisim("config", "check", calibration)
    #expect(calibrationCheck.status == 0, "\(calibrationCheck.standardError)")
  }

  @Test(
    "Command-line misuse of experiments: sweep without a sweep, run with a sweep, bad shard, merge of a non-experiment"
  )
  func commandMisuse() throws {
    let folder = try makeFolder("misuse")
    defer { try? FileManager.default.removeItem(at: folder) }
    let plain = try writeConfig("name: plain\n", in: folder, name: "plain.yaml")
    let sweep = try writeConfig(testSweepConfig, in: folder, name: "sweep.yaml")
    let cases: [([String], String)] = [
      (["sweep", plain], "no 'sweep:' section"),
      (["run", sweep], "has a 'sweep:' section"),
      (["sweep", sweep, "--shard", "3/2"], "--shard"),
      (["sweep", sweep, "--shard", "x"], "--shard"),
      (["sweep", sweep, "--jobs", "0"], "--jobs"),
      (["run", plain, "--seed", "4"], "--seed cannot be combined with a config"),
      (["merge", folder.path], "not an experiment's results folder"),
      (
        ["config", "check", folder.appendingPathComponent("nope.yaml").path],
        "cannot read the config"
      ),
    ]
    for (arguments, phrase) in cases {
      let result = try brisim(arguments)
      #expect(result.status == 2, "\(arguments)")
      #expect(result.standardError.contains(phrase), "\(arguments): \(result.standardError)")
      #expect(result.standardError.split(separator: "\n").count == 1)
    }
  }
}

@Suite("Sweeps: resume, shards, determinism")
struct SweepTests {
  func sweep(_ config: String, _ out: URL, _ extra: [String] = []) throws -> CommandResult {
    try brisim(["sweep", config, "--out", out.path] + extra)
  }

  @Test(
    "A sweep killed with SIGKILL and resumed gives the same summary.csv as an uninterrupted one")
  func killAndResume() throws {
    let folder = try makeFolder("kill")
    defer { try? FileManager.default.removeItem(at: folder) }
    // Run p0000 spins up for 240 months, the seven others for 6: with two jobs, one worker
    // holds p0000 while the other completes p0001, p0002, … in order. Killing once p0004's
    // manifest exists leaves p0000 under way (it is ~13 times longer than a short run) on a
    // machine of any speed, four short runs complete and the rest not yet done.
    let config = try writeConfig(
      """
      name: kill-resume
      seed: 5
      scale: 0.02
      calendar: {start: 2015-01, months: 12}
      outputs: {tables: [world]}
      sweep:
        design: grid
        parameters:
          spin_up_months: [240, 6, 6, 6, 6, 6, 6, 6]
      summary:
        - {column: china_cbec_cny, stat: sum, year: 2015}
        - {column: b2c_share, stat: mean}
      """, in: folder)
    let reference = folder.appendingPathComponent("reference")
    #expect(try sweep(config, reference, ["--jobs", "2"]).status == 0)

    let interrupted = folder.appendingPathComponent("interrupted")
    let process = Process()
    process.executableURL = brisimExecutable()
    process.arguments = ["sweep", config, "--out", interrupted.path, "--jobs", "2"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    func isComplete(_ run: String) -> Bool {
      FileManager.default.fileExists(
        atPath: interrupted.appendingPathComponent("\(run)/manifest.json").path)
    }
    while process.isRunning && !isComplete("p0004-baseline") {
      Thread.sleep(forTimeInterval: 0.005)
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal)
    #expect(!isComplete("p0000-baseline"), "the long run was still under way")
    #expect(
      !FileManager.default.fileExists(
        atPath: interrupted.appendingPathComponent("summary.csv").path))

    let resumed = try sweep(config, interrupted, ["--jobs", "2"])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    #expect(resumed.standardError.contains("resuming: "))
    let expected = try Data(contentsOf: reference.appendingPathComponent("summary.csv"))
    #expect(try Data(contentsOf: interrupted.appendingPathComponent("summary.csv")) == expected)
  }

  @Test(
    "A run the model stops is recorded as failed, the others go on, and --retry-failed reruns only it"
  )
  func failedRuns() throws {
    let folder = try makeFolder("failed-runs")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = try writeConfig(testSweepConfig, in: folder)
    let reference = folder.appendingPathComponent("reference")
    #expect(try sweep(config, reference).status == 0)

    // Runs p0002-…-r01 and p0005-…-r00 meet a NaN in their 8th step (second calendar month).
    let out = folder.appendingPathComponent("out")
    let first = try sweep(
      config, out,
      ["--inject-nan", "p0002-baseline-r01@7", "--inject-nan", "p0005-baseline-r00@7"])
    #expect(first.status == 1)
    let errors = first.standardError.split(separator: "\n").filter {
      $0.hasPrefix("brisim: error:")
    }
    #expect(
      errors.contains {
        $0.hasPrefix(
          "brisim: error: run p0002-baseline-r01, month 2015-02: wages (CNY per month) became NaN (parameters that differ from the defaults: wage_growth_china_per_year="
        ) && $0.contains(", spin_up_months=6, policies.floor.value=") && $0.hasSuffix(")")
      }, "\(first.standardError)")
    #expect(
      errors.last
        == "brisim: error: 2 of 16 runs failed (p0002-baseline-r01, p0005-baseline-r00); \(out.path)/runs.csv lists each with its message; rerun them with --retry-failed"
    )
    let runs = try String(contentsOf: out.appendingPathComponent("runs.csv"), encoding: .utf8)
      .split(separator: "\n")
    #expect(runs[0].hasSuffix(",status,wall_seconds,message"))
    #expect(runs.filter { $0.contains(",failed,,\"run p000") }.count == 2)
    #expect(runs.filter { $0.contains(",complete,") }.count == 14)
    let summary = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false)
    let referenceSummary = try String(
      contentsOf: reference.appendingPathComponent("summary.csv"), encoding: .utf8
    ).split(separator: "\n", omittingEmptySubsequences: false)
    for (row, expected) in zip(summary, referenceSummary) {
      if row.hasPrefix("p0002-baseline-r01,") || row.hasPrefix("p0005-baseline-r00,") {
        #expect(row.hasSuffix(",,"), "a failed run's metrics are empty: \(row)")
      } else {
        #expect(row == expected)
      }
    }

    // Resuming keeps the failures without rerunning them; merge reports them.
    let again = try sweep(config, out)
    #expect(again.status == 1)
    #expect(again.standardError.contains("2 failed earlier and skipped"))
    let merged = try brisim("merge", out.path)
    #expect(merged.status == 1)
    #expect(merged.standardOutput.contains("14 complete, 2 failed"))

    // --retry-failed reruns them (without the injected NaN they complete): all as the reference.
    let retried = try sweep(config, out, ["--retry-failed"])
    #expect(retried.status == 0, "\(retried.standardError)")
    #expect(retried.standardOutput.contains("runs: 2 ran now, 14 already complete, 0 failed"))
    #expect(
      try Data(contentsOf: out.appendingPathComponent("summary.csv"))
        == Data(contentsOf: reference.appendingPathComponent("summary.csv")))
  }

  @Test("Three shards merged equal one unsharded sweep, byte for byte")
  func shardsAndMerge() throws {
    let folder = try makeFolder("shards")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = try writeConfig(testSweepConfig, in: folder)
    let whole = folder.appendingPathComponent("whole")
    #expect(try sweep(config, whole).status == 0)
    let sharded = folder.appendingPathComponent("sharded")
    for shard in ["1/3", "2/3"] {
      #expect(try sweep(config, sharded, ["--shard", shard]).status == 0)
    }
    let early = try brisim("merge", sharded.path)
    #expect(early.status == 2)
    #expect(early.standardError.contains("runs are incomplete"))
    #expect(try sweep(config, sharded, ["--shard", "3/3"]).status == 0)
    #expect(try brisim("merge", sharded.path).status == 0)
    #expect(
      try Data(contentsOf: sharded.appendingPathComponent("summary.csv"))
        == Data(contentsOf: whole.appendingPathComponent("summary.csv")))
    let lines = try String(contentsOf: whole.appendingPathComponent("summary.csv"), encoding: .utf8)
      .split(separator: "\n")
    #expect(lines.count == 1 + 16)
    #expect(
      lines[0].hasPrefix(
        "run_id,point,scenario,replicate,seed,wage_growth_china_per_year,policies_floor_value,"))
  }

  @Test(
    "A Saltelli sweep with a yearly series: two shards merged equal the whole; brisim analyze reads it (indices by year, convergence), figures draw it"
  )
  func saltelliEndToEnd() throws {
    let folder = try makeFolder("saltelli")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = try writeConfig(
      """
      name: saltelli-end-to-end
      seed: 8
      scale: 0.02
      calendar: {start: 2015-01, months: 24}
      parameters: {spin_up_months: 6}
      outputs: {tables: [world]}
      sweep:
        design: saltelli
        samples: 16
        replicates: 2
        common_random_numbers: true
        parameters:
          parcel_cost_cny: {min: 0, max: 200}
          trust_gain_per_good_purchase: {min: 0.02, max: 0.1}
      summary:
        - {column: b2c_share, stat: mean, years: all}
      """, in: folder)
    let whole = folder.appendingPathComponent("whole")
    #expect(try sweep(config, whole, ["--jobs", "2"]).status == 0)
    let sharded = folder.appendingPathComponent("sharded")
    for shard in ["1/2", "2/2"] {
      #expect(try sweep(config, sharded, ["--shard", shard]).status == 0)
    }
    #expect(try brisim("merge", sharded.path).status == 0)
    #expect(
      try Data(contentsOf: sharded.appendingPathComponent("summary.csv"))
        == Data(contentsOf: whole.appendingPathComponent("summary.csv")))
    let analyze = try brisim("analyze", whole.path, "--bootstrap", "100")
    #expect(analyze.status == 0, "\(analyze.standardError)")
    let rows = try String(
      contentsOf: whole.appendingPathComponent("analysis.csv"), encoding: .utf8
    ).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    // 16 × 4 = 64 points × 2 replicates; b2c_share by year 2015 and 2016, each with S1 and ST
    // of both parameters and a noise share.
    #expect(rows.count == 1 + 2 * 5)
    #expect(
      Set(rows.dropFirst().map { "\($0[0]) \($0[1])" }) == [
        "b2c_share_mean 2015", "b2c_share_mean 2016",
      ])
    // The parcel cost, from 0 to 200 CNY a parcel, moves the B2C share more than anything.
    let st = rows.filter { $0[1] == "2016" && $0[4] == "ST" }
    let parcel = try #require(st.first { $0[2] == "parcel_cost_cny" }.flatMap { Double($0[5]) })
    let trust = try #require(
      st.first { $0[2] == "trust_gain_per_good_purchase" }.flatMap { Double($0[5]) })
    #expect(parcel > 0.5 && parcel > trust)
    #expect(
      FileManager.default.fileExists(
        atPath: whole.appendingPathComponent("analysis-convergence.csv").path))
    let figures = try brisim("figures", whole.path)
    #expect(figures.status == 0, "\(figures.standardError)")
    for stem in [
      "sobol-b2c_share_mean", "sobol-over-time-b2c_share_mean", "sobol-convergence-b2c_share_mean",
    ] {
      #expect(
        FileManager.default.fileExists(
          atPath: whole.appendingPathComponent("figures/\(stem).png").path))
    }
    // A metric that is not there: one line naming the folder's series, exit status 2.
    let typo = try brisim("analyze", whole.path, "--metric", "b2c_shar")
    #expect(typo.status == 2 && typo.standardError.contains("series: b2c_share_mean"))
  }

  @Test(
    "brisim status: runs per shard, the missing and failed ones, and the commands that finish the sweep"
  )
  func status() throws {
    let folder = try makeFolder("status")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = try writeConfig(testSweepConfig, in: folder)
    let out = folder.appendingPathComponent("out")
    #expect(try sweep(config, out, ["--shard", "1/2"]).status == 0)
    let half = try brisim("status", out.path, "--shards", "2")
    #expect(half.status == 1)
    #expect(half.standardOutput.contains("16 runs planned, 8 complete, 0 failed, 8 missing"))
    #expect(half.standardOutput.contains("2/2            8         0       0        8"))
    #expect(half.standardOutput.contains("brisim sweep \(config) --out \(out.path) --shard 2/2"))
    #expect(!half.standardOutput.contains("--shard 1/2"))
    // A run of shard 1 recorded as failed: that shard is retried, its other runs skipped.
    let run = out.appendingPathComponent("p0002-baseline-r00")
    try FileManager.default.removeItem(at: run.appendingPathComponent("manifest.json"))
    try Data(#"{"message": "stopped"}"#.utf8).write(to: run.appendingPathComponent("failure.json"))
    #expect(try sweep(config, out, ["--shard", "2/2"]).status == 0)
    let failed = try brisim("status", out.path, "--shards", "2")
    #expect(failed.status == 1)
    #expect(failed.standardOutput.contains("15 complete, 1 failed, 0 missing"))
    #expect(failed.standardOutput.contains("failed: p0002-baseline-r00"))
    #expect(failed.standardOutput.contains("--shard 1/2 --retry-failed"))
    #expect(try sweep(config, out, ["--shard", "1/2", "--retry-failed"]).status == 0)
    let done = try brisim("status", out.path, "--shards", "2")
    #expect(done.status == 0)
    #expect(done.standardOutput.contains("16 complete, 0 failed, 0 missing (merged)"))
    #expect(!done.standardOutput.contains("to finish"))
    // Not a results folder: one line, exit status 2.
    let wrong = try brisim("status", folder.path)
    #expect(wrong.status == 2 && wrong.standardError.contains("no plan.csv"))
  }

  @Test("The same sweep twice, and with other job and thread counts, gives the same summary.csv")
  func determinism() throws {
    let folder = try makeFolder("determinism")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = try writeConfig(testSweepConfig, in: folder)
    var summaries: [Data] = []
    for (index, options) in [
      ["--jobs", "2"], ["--jobs", "2"], ["--jobs", "1", "--threads", "2"],
      ["--jobs", "2", "--threads", "3"],
    ].enumerated() {
      let out = folder.appendingPathComponent("s\(index)")
      #expect(try sweep(config, out, options).status == 0)
      summaries.append(try Data(contentsOf: out.appendingPathComponent("summary.csv")))
    }
    #expect(Set(summaries).count == 1)
  }

  @Test("A results folder of another config is refused")
  func changedConfig() throws {
    let folder = try makeFolder("changed")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("out")
    #expect(try sweep(try writeConfig(testSweepConfig, in: folder), out).status == 0)
    let changed = try writeConfig(
      testSweepConfig.replacingOccurrences(of: "seed: 3", with: "seed: 4"), in: folder,
      name: "c2.yaml")
    let result = try sweep(changed, out)
    #expect(result.status == 2)
    #expect(result.standardError.contains("holds results of another config"))
    // It says what changed.
    #expect(result.standardError.contains("was 'seed: 3', now 'seed: 4'"))
  }
}
