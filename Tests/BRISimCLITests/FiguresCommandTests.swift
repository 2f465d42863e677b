import Foundation
import Testing

@Suite("brisim figures")
struct FiguresCommandTests {
  @Test("run --figures draws a short run's figures and says which it left out, and why")
  func runWithFigures() throws {
    let folder = try makeFolder("run-figures")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("short").path
    let result = try brisim(
      "run", "--months", "14", "--scale", "0.05", "--set", "spin_up_months=6", "--out", out,
      "--figures")
    #expect(result.status == 0, "stderr: \(result.standardError)")
    #expect(result.standardOutput.contains("wrote 8 figures of a single run"))
    // 14 months from 2015-01 hold one complete year: yearly figures have one point; Figure 1
    // needs 2015–2019.
    #expect(
      result.standardOutput.contains(
        "left out paper-figure-1: the runs do not cover every month of 2015–2019"))
    let stems = [
      "cbec-export-share", "cbec-volume", "channel-shares", "corridor-exports", "delivery-days",
      "labor-intensive-share", "losses", "trust",
    ]
    let figures = "\(out)/figures"
    func expectEveryFigure() throws {
      var expected = Set(["index.md"])
      for stem in stems {
        for format in ["png", "svg", "pdf", "gp", "csv"] { expected.insert("\(stem).\(format)") }
      }
      // Nothing else: no Figure 1, no staging or temporary files.
      #expect(Set(try FileManager.default.contentsOfDirectory(atPath: figures)) == expected)
      let index = try String(contentsOfFile: "\(figures)/index.md", encoding: .utf8)
      for stem in stems { #expect(index.contains("\(stem).png"), "index.md lists \(stem)") }
      for stem in stems {
        let png = try Data(contentsOf: URL(fileURLWithPath: "\(figures)/\(stem).png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(stem).png is a PNG")
      }
    }
    try expectEveryFigure()
    // Figures again from the CSVs alone replace the folder: a stray file does not survive.
    let stray = "\(figures)/stray.txt"
    try "old".write(toFile: stray, atomically: true, encoding: .utf8)
    let firstScript = try Data(contentsOf: URL(fileURLWithPath: "\(figures)/trust.gp"))
    let again = try brisim("figures", out, "--jobs", "1")
    #expect(again.status == 0, "stderr: \(again.standardError)")
    #expect(!FileManager.default.fileExists(atPath: stray))
    try expectEveryFigure()
    #expect(try Data(contentsOf: URL(fileURLWithPath: "\(figures)/trust.gp")) == firstScript)
  }

  @Test(
    "A missing column, a missing folder, or no gnuplot: one line, exit status 2, nothing written")
  func badInput() throws {
    let folder = try makeFolder("figures-bad")
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = folder.appendingPathComponent("run")
    try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
    try "date,china_cbec_cny\n2015-01,1\n".write(
      to: run.appendingPathComponent("world.csv"), atomically: true, encoding: .utf8)
    let missing = try brisim("figures", run.path)
    #expect(missing.status == 2)
    #expect(
      missing.standardError.hasPrefix(
        "brisim: error: \(run.path)/world.csv: no column 'china_cbec_exports_cny'"))
    #expect(missing.standardError.split(separator: "\n").count == 1)
    #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent("figures").path))

    let absent = try brisim("figures", folder.appendingPathComponent("absent").path)
    #expect(absent.status == 2)
    #expect(absent.standardError.contains("absent: no such folder"))

    let noGnuplot = try brisim(["figures", run.path], environment: ["PATH": "/nonexistent"])
    #expect(noGnuplot.status == 2)
    #expect(noGnuplot.standardError.contains("install the Debian package gnuplot-nox"))

    // With --figures, a missing gnuplot stops the run before anything is simulated or written.
    let out = folder.appendingPathComponent("never").path
    let runFirst = try brisim(
      ["run", "--months", "3", "--scale", "0.02", "--out", out, "--figures"],
      environment: ["PATH": "/nonexistent"])
    #expect(runFirst.status == 2)
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test("--band ci draws the mean's confidence interval and says so; --band spread names the range")
  func bandOption() throws {
    let folder = try makeFolder("figures-band")
    defer { try? FileManager.default.removeItem(at: folder) }
    // Three replicates of a year: China's CBEC 1e11 (1 + r) a month, every other column 0.5.
    let columns = [
      "china_cbec_cny", "china_cbec_exports_cny", "china_cbec_imports_cny", "cbec_export_share",
      "b2b_share", "b2c_share", "china_labor_intensive_share_of_manufactured_exports",
      "mean_b2c_delivery_days", "b2c_fraud_loss_cny", "b2b_fraud_loss_cny", "default_loss_cny",
      "mean_trust",
    ]
    var plan = ["run_id,point,scenario,replicate,seed"]
    for r in 0..<3 {
      let id = "baseline-r0\(r)"
      plan.append("\(id),0,baseline,\(r),\(r)")
      var lines = [(["date"] + columns).joined(separator: ",")]
      for month in 1...12 {
        let values = columns.map { $0 == "china_cbec_cny" ? "\(1e11 * Double(1 + r))" : "0.5" }
        lines.append(([String(format: "2015-%02d", month)] + values).joined(separator: ","))
      }
      let run = folder.appendingPathComponent(id)
      try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
      try (lines.joined(separator: "\n") + "\n").write(
        to: run.appendingPathComponent("world.csv"), atomically: true, encoding: .utf8)
    }
    try (plan.joined(separator: "\n") + "\n").write(
      to: folder.appendingPathComponent("plan.csv"), atomically: true, encoding: .utf8)
    try #"{"name": "band", "dimensions": [], "summary_metrics": []}"#.write(
      to: folder.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)

    let spread = try brisim("figures", folder.path)
    #expect(spread.status == 0, "stderr: \(spread.standardError)")
    let figures = folder.appendingPathComponent("figures")
    func read(_ name: String) throws -> String {
      try String(contentsOf: figures.appendingPathComponent(name), encoding: .utf8)
    }
    #expect(try read("cbec-volume.gp").contains("band: range of 3 replicates"))
    #expect(try read("cbec-volume.csv").contains(",1200000000000.0,3600000000000.0,range,3\n"))

    let ci = try brisim("figures", folder.path, "--band", "ci")
    #expect(ci.status == 0, "stderr: \(ci.standardError)")
    #expect(try read("cbec-volume.gp").contains("band: 95 % CI of the mean, 3 replicates"))
    #expect(try read("cbec-volume.csv").contains(",mean_ci95,3\n"))
    #expect(try read("index.md").contains("brisim figures \(folder.path) --band ci`"))

    let wrong = try brisim("figures", folder.path, "--band", "90")
    #expect(wrong.status == 2)
    #expect(wrong.standardError.contains("--band"))
    // The earlier figures survive a refused command.
    #expect(try read("cbec-volume.csv").contains(",mean_ci95,3\n"))
  }
}
