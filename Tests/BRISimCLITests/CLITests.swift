import Foundation
import Testing

/// Runs the built `brisim` executable (it sits beside the test bundle) and captures its output.
struct CommandResult {
  let status: Int32
  let standardOutput: String
  let standardError: String
}

func brisim(_ arguments: String...) throws -> CommandResult { try brisim(arguments) }

/// The built `brisim` executable beside the test bundle.
func brisimExecutable() -> URL {
  let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
  var folder = testBinary.deletingLastPathComponent()
  while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("brisim").path),
    folder.path != "/"
  {
    folder.deleteLastPathComponent()
  }
  return folder.appendingPathComponent("brisim")
}

func brisim(_ arguments: [String], environment: [String: String]? = nil) throws -> CommandResult {
  let process = Process()
  process.executableURL = brisimExecutable()
  process.arguments = arguments
  if let environment { process.environment = environment }
  let output = Pipe()
  let error = Pipe()
  process.standardOutput = output
  process.standardError = error
  try process.run()
  let outputData = output.fileHandleForReading.readDataToEndOfFile()
  let errorData = error.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return CommandResult(
    status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
    standardError: String(decoding: errorData, as: UTF8.self))
}

/// The `key: value` lines of a report.
func report(_ text: String) -> [String: String] {
  var values: [String: String] = [:]
  for line in text.split(separator: "\n") {
    let parts = line.split(separator: ":", maxSplits: 1).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    if parts.count == 2 { values[parts[0]] = parts[1] }
  }
  return values
}

@Suite("brisim command line")
struct CLITests {
  @Test("countries lists the codes and corridors a config can name; a bad corridor gets a hint")
  func countriesCommand() throws {
    let all = try brisim("countries", "--csv")
    #expect(all.status == 0)
    let lines = all.standardOutput.split(separator: "\n")
    #expect(lines.first?.hasPrefix("iso3,name,corridor,") == true)
    // One row per country of the embedded table (China and the aggregate regions included).
    #expect(lines.contains { $0.hasPrefix("CHN,China,CHN,") })
    #expect(lines.contains { $0.hasPrefix("XNA,") && $0.contains(",ROW,") })
    // Central Asia is split: Kazakhstan lies on the New Eurasian Land Bridge, its neighbours on
    // the China–Central Asia–West Asia corridor.
    let centralWest = try brisim("countries", "--corridor", "CCAWA")
    #expect(centralWest.status == 0)
    #expect(
      centralWest.standardOutput.contains(
        "| KGZ | Kyrgyzstan | CCAWA: China–Central Asia–West Asia |"))
    #expect(centralWest.standardOutput.contains("| UZB |"))
    #expect(!centralWest.standardOutput.contains("| KAZ |"))
    // The baseline's observed de minimis schedules: the EAEU's (Kyrgyzstan) and the default.
    #expect(centralWest.standardOutput.contains("| 1100; 560 from 2019-01; 225 from 2020-01 |"))
    #expect(lines.contains { $0.hasPrefix("XEU,") && $0.hasSuffix(",25; 0 from 2021-07") })
    let bad = try brisim("countries", "--corridor", "NELBB")
    #expect(bad.status == 2)
    #expect(bad.standardError.contains("unknown corridor 'NELBB'; did you mean 'NELB'?"))
  }

  @Test("--version and --help")
  func versionAndHelp() throws {
    let version = try brisim("--version")
    #expect(version.status == 0)
    #expect(version.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    let help = try brisim("--help")
    #expect(help.status == 0)
    #expect(help.standardOutput.contains("bench"))
    let benchHelp = try brisim("bench", "boltzmann", "--help")
    #expect(benchHelp.standardOutput.contains("--agents"))
  }

  @Test("info names the linked BLAS: OpenBLAS, not GSL's reference CBLAS")
  func info() throws {
    let result = try brisim("info")
    #expect(result.status == 0)
    let values = report(result.standardOutput)
    #expect(values["cblas_dgemm"]?.contains("openblas") == true, "\(result.standardOutput)")
    #expect(values["gsl"]?.hasPrefix("2.") == true)
    #expect(values["openblas"]?.contains("OpenBLAS") == true)
  }

  @Test(
    "Bad option values get one line naming the option and exit status 2",
    arguments: [
      (["--agents", "-5"], "--agents"),
      (["--agents", "1"], "--agents must be at least 2"),
      (["--agents", "abc"], "'abc' is invalid for '--agents"),
      (["--steps", "0"], "--steps must be at least 1"),
      (["--threads", "0"], "--threads must be at least 1"),
      (["--threads", "two"], "--threads"),
      (["--mode", "async"], "--mode"),
      (["--seed", "-1"], "--seed"),
      (["--partition-size", "0"], "--partition-size"),
      (["--collect", "/nonexistent-brisim-dir/out.csv"], "/nonexistent-brisim-dir/out.csv"),
      (["--bogus"], "--bogus"),
    ])
  func badInput(arguments: [String], mention: String) throws {
    let result = try brisim(["bench", "boltzmann", "--steps", "1"] + arguments)
    #expect(result.status == 2)
    #expect(result.standardOutput.isEmpty)
    let lines = result.standardError.split(separator: "\n")
    #expect(lines.count == 1, "stderr: \(result.standardError)")
    #expect(result.standardError.hasPrefix("brisim: error: "))
    #expect(result.standardError.contains(mention), "stderr: \(result.standardError)")
  }

  @Test(
    "A run reports speed, conserved wealth and the stationary Gini 0.630 ± 0.005; --collect writes a CSV"
  )
  func runAndCollect() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "brisim-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let csv = folder.appendingPathComponent("gini.csv").path
    let result = try brisim(
      "bench", "boltzmann", "--agents", "100000", "--steps", "30", "--collect", csv,
      "--collect-every", "10")
    #expect(result.status == 0, "stderr: \(result.standardError)")
    let values = report(result.standardOutput)
    #expect(values["total_wealth"] == "100000")
    #expect(Double(values["agent_steps_per_second"] ?? "") ?? 0 > 0)
    // Mesa's Boltzmann wealth model settles at a Gini of about 0.63 (10⁶ agents: 0.6297–0.6306
    // after 30 steps); 10⁵ agents are within ±0.005 of it by step 30.
    let gini = try #require(Double(values["gini"] ?? ""))
    #expect(abs(gini - 0.630) <= 0.005, "Gini \(gini)")
    let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
    #expect(lines.first == "step,gini,zero_wealth_share")
    #expect(lines.dropFirst().map { $0.split(separator: ",")[0] } == ["10", "20", "30"])
    #expect(lines.last?.split(separator: ",")[1].description == values["gini"])
  }

  @Test("Parallel runs print the same wealth checksum for 1, 2 and 4 threads")
  func threadInvariance() throws {
    let checksums = try [1, 2, 4].map { threads in
      let result = try brisim(
        "bench", "boltzmann", "--agents", "30000", "--steps", "10", "--mode", "parallel",
        "--threads", "\(threads)", "--partition-size", "512")
      return report(result.standardOutput)["wealth_fnv1a64"]
    }
    #expect(checksums[0] != nil)
    #expect(Set(checksums).count == 1)
  }

  @Test(
    "brisim run --phase-timings: each phase marked serial or partitioned, a serial share in [0, 1], the same CSVs as without timing"
  )
  func phaseTimings() throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent(
      "brisim-phase-timings-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: base) }
    let plain = base.appendingPathComponent("plain").path
    let timed = base.appendingPathComponent("timed").path
    let common = ["run", "--months", "3", "--scale", "0.02", "--threads", "2"]
    #expect(try brisim(common + ["--out", plain]).status == 0)
    let result = try brisim(common + ["--out", timed, "--phase-timings"])
    #expect(result.status == 0, "\(result.standardError)")
    let values = report(result.standardOutput)
    let share = try #require(values["serial_share"].flatMap(Double.init))
    #expect(share >= 0 && share <= 1)
    #expect(values["phase_seconds[environment|serial]"] != nil)
    #expect(values["phase_seconds[consumers shop|partitioned]"] != nil)
    // The environment fans its directories and cut-offs out over destinations and origins:
    // that part of it is not serial, and the serial share is below the serial phases' share.
    let environment = try #require(
      values["phase_seconds[environment|serial]"].flatMap(Double.init))
    let fanOut = try #require(
      values["phase_fan_out_seconds[environment]"].flatMap(Double.init))
    #expect(fanOut > 0 && fanOut < environment)
    #expect(values.keys.allSatisfy { !$0.hasPrefix("phase_fan_out_seconds[consumers") })
    let phases = values.keys.filter { $0.hasPrefix("phase_seconds[") }
    #expect(phases.count >= 6)
    // Every phase is printed: their seconds add up to the steps' seconds.
    let steps = try #require(values["steps_seconds"].flatMap(Double.init))
    let sum = phases.compactMap { values[$0].flatMap(Double.init) }.reduce(0, +)
    #expect(abs(sum - steps) <= 1e-9 * max(1, steps))
    let serialSeconds = phases.filter { $0.hasSuffix("|serial]") }.compactMap {
      values[$0].flatMap(Double.init)
    }.reduce(0, +)
    let fanOutSeconds = values.filter { $0.key.hasPrefix("phase_fan_out_seconds[") }
      .compactMap { Double($0.value) }.reduce(0, +)
    #expect(abs(share * steps - (serialSeconds - fanOutSeconds)) <= 1e-6 * max(1, steps))
    for table in ["world.csv", "corridors.csv", "countries.csv", "flows.csv"] {
      let a = FileManager.default.contents(atPath: "\(plain)/\(table)")
      #expect(
        a != nil && a == FileManager.default.contents(atPath: "\(timed)/\(table)"), "\(table)")
    }
    let withConfig = try brisim("run", "experiments/baseline.yaml", "--phase-timings")
    #expect(withConfig.status == 2 && withConfig.standardError.contains("--phase-timings"))
  }

  @Test(
    "brisim run: bad option values get one line naming the option and exit status 2",
    arguments: [
      (["--months", "0"], "--months"),
      (["--months", "x"], "--months"),
      (["--scale", "0"], "--scale"),
      (["--scale", "-1"], "--scale"),
      (["--threads", "0"], "--threads"),
      (["--flows", "weekly"], "--flows"),
      (["--set", "no_such_parameter=1"], "no_such_parameter"),
      (["--set", "consumer_delivery_days_cost=0.1"], "did you mean 'consumer_delivery_day_cost'?"),
      (["--set", "payment_security_floor=0.8"], "is a policy lever, not a parameter"),
      (["--set", "elasticity_of_substitution"], "NAME=VALUE"),
      (["--set", "elasticity_of_substitution=1.0"], "out of range"),
      (["--out", "/proc/brisim-cannot-write-here"], "/proc/brisim-cannot-write-here"),
    ])
  func runBadInput(arguments: [String], mention: String) throws {
    let result = try brisim(["run", "--months", "1", "--scale", "0.01"] + arguments)
    #expect(result.status == 2)
    #expect(result.standardOutput.isEmpty)
    #expect(
      result.standardError.split(separator: "\n").count == 1, "stderr: \(result.standardError)")
    #expect(result.standardError.contains(mention), "stderr: \(result.standardError)")
  }

  @Test("brisim run writes its five tables and the manifest, and nothing else")
  func runWritesTables() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "brisim-run-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try brisim(
      "run", "--months", "3", "--scale", "0.02", "--threads", "2", "--out", folder.path, "--set",
      "spin_up_months=2")
    #expect(result.status == 0, "stderr: \(result.standardError)")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(
      files == [
        "corridors.csv", "countries.csv", "flows.csv", "manifest.json", "platforms.csv",
        "world.csv",
      ])
    // One row a month and platform (six platforms by default), after the header.
    let platforms = try String(
      contentsOf: folder.appendingPathComponent("platforms.csv"), encoding: .utf8
    ).split(separator: "\n")
    #expect(platforms.count == 1 + 3 * 6)
    #expect(platforms.first?.hasPrefix("date,platform,kind,home,commission_rate") == true)
    let manifest = try String(
      contentsOf: folder.appendingPathComponent("manifest.json"), encoding: .utf8)
    #expect(manifest.contains("\"spin_up_months\" : \"2\""))
  }
}
