import Foundation
import Testing

@Suite("brisim calibrate")
struct CalibrateCommandTests {
  @Test("A small calibration writes its log, fragment and fit table; reruns are identical")
  func smallCalibration() throws {
    let folder = try makeFolder("calibrate")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = try writeConfig(
      """
      name: tiny-calibration
      seed: 4
      replicates: 2
      scale: 0.03
      calendar: {start: 2015-01, months: 12}
      parameters: {spin_up_months: 6}
      calibration:
        parameters:
          online_shopping_experience_months: {min: 10, max: 50}
        targets:
          - {column: b2b_share, stat: mean, year: 2015, fact: b2b_share_2016}
          - {column: china_cbec_cny, stat: sum, year: 2015, observed: 1.0e12, weight: 0.5}
        design_points: 3
        starts: 1
        max_evaluations: 4
        fit_replicates: 3
      """, in: folder)
    func calibrate(_ name: String, jobs: String) throws -> CommandResult {
      try brisim(
        "calibrate", config, "--out", folder.appendingPathComponent(name).path, "--jobs", jobs)
    }
    let first = try calibrate("a", jobs: "2")
    #expect(first.status == 0, "stderr: \(first.standardError)")
    #expect(first.standardOutput.contains("| `b2b_share_mean_2015` (b2b_share_2016) | 0.786 |"))
    let a = folder.appendingPathComponent("a")
    let log = try String(contentsOf: a.appendingPathComponent("calibration.csv"), encoding: .utf8)
      .split(separator: "\n")
    // Header, the current value (the model's default), 3 design points, at most 4 search
    // evaluations.
    #expect(
      log.first?.hasPrefix(
        "evaluation,phase,online_shopping_experience_months,b2b_share_mean_2015_mean")
        == true)
    #expect((5...9).contains(log.count))
    #expect(log[1].hasPrefix("0,current,30.0,"))  // online_shopping_experience_months's default
    #expect(log[2].hasPrefix("1,design,30.0"))  // the Sobol sequence starts at the centre
    #expect(first.standardOutput.contains("The current values"))
    let fit = try String(contentsOf: a.appendingPathComponent("fit.csv"), encoding: .utf8)
      .split(separator: "\n")
    #expect(fit.count == 3)
    #expect(fit[2].hasPrefix("china_cbec_cny_sum_2015,,1000000000000.0,"))
    let fragment = try String(
      contentsOf: a.appendingPathComponent("calibrated.yaml"), encoding: .utf8)
    #expect(fragment.contains("parameters:\n  online_shopping_experience_months: "))
    // Same config and seed, other job count: the same evaluations, byte for byte.
    let second = try calibrate("b", jobs: "1")
    #expect(second.status == 0)
    for file in ["calibration.csv", "fit.csv", "calibrated.yaml"] {
      #expect(
        try Data(contentsOf: a.appendingPathComponent(file))
          == Data(contentsOf: folder.appendingPathComponent("b/\(file)")), "\(file)")
    }
  }

  @Test("A config without a calibration section: one message, exit status 2, nothing written")
  func noCalibrationSection() throws {
    let folder = try makeFolder("calibrate-none")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = try writeConfig("name: plain\n", in: folder)
    let out = folder.appendingPathComponent("out").path
    let result = try brisim("calibrate", config, "--out", out)
    #expect(result.status == 2)
    #expect(result.standardError.contains("calibration: no 'calibration:' section"))
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test(
    "validate writes every check to validation.csv and validation.md; a short calendar is refused")
  func validateCommand() throws {
    let folder = try makeFolder("validate")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = try writeConfig(
      """
      name: small-validation
      seed: 2
      replicates: 2
      scale: 0.05
      calendar: {start: 2015-01, months: 72}
      parameters: {spin_up_months: 6}
      """, in: folder)
    let out = folder.appendingPathComponent("v").path
    let result = try brisim("validate", config, "--out", out)
    #expect(result.status == 0, "stderr: \(result.standardError)")
    #expect(result.standardOutput.contains("checks pass (2 replicates)."))
    let rows = try String(contentsOfFile: "\(out)/validation.csv", encoding: .utf8)
      .split(separator: "\n")
    #expect(rows.count == 28)
    #expect(rows[1].hasPrefix("cbec_volume_2015,"))
    // The fraud ratio is computed now that there is a domestic online channel: a number.
    let fraudRatio = try #require(rows.first { $0.hasPrefix("cross_border_fraud_ratio,") })
    let mean = fraudRatio.split(separator: ",")[3]
    #expect(Double(mean).map { $0.isFinite && $0 > 0 } == true, "\(fraudRatio)")
    #expect(FileManager.default.fileExists(atPath: "\(out)/validation.md"))

    let short = try writeConfig(
      "name: short\ncalendar: {start: 2015-01, months: 24}\n", in: folder, name: "short.yaml")
    let refused = try brisim("validate", short, "--out", folder.appendingPathComponent("s").path)
    #expect(refused.status == 2)
    #expect(refused.standardError.contains("calendar: validation needs whole years from 2015"))
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("s").path))
  }
}
