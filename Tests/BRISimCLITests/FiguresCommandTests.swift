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
}
