import ArgumentParser
import Engine
import Figures
import Foundation

/// `brisim figures RESULTS`: every figure of a results folder, from its CSVs alone.
struct FiguresCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "figures",
    abstract: "Draw every figure of a results folder (PNG, SVG, PDF and gnuplot scripts).",
    discussion: """
      Reads only the CSVs and manifests under RESULTS and writes RESULTS/figures/: for each \
      figure its data CSV, a standalone gnuplot script (edit it, then `gnuplot NAME.gp`) and the \
      PNG, SVG and PDF it renders, with index.md listing them. A run or replicated run gets time \
      series with 90 % bands and the source paper's Figure 1 against observed data; a scenario \
      comparison adds each scenario's series and its difference from the baseline; a sweep gets \
      each summary metric against each swept parameter, and heat maps for two-parameter grids. \
      Needs gnuplot with cairo terminals (Debian package gnuplot-nox).
      """)

  @Argument(help: "A results folder: an experiment's (results/NAME) or a single run's.")
  var results: String

  @Option(help: "gnuplot processes at a time (default: all cores).")
  var jobs: Int?

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
  }

  func run() throws {
    let gnuplot = try locateGnuplot()
    try drawFigures(of: results, gnuplot: gnuplot, jobs: jobs)
  }
}

/// gnuplot, or bad input naming the package to install.
func locateGnuplot() throws -> Gnuplot {
  do {
    return try Gnuplot.locate()
  } catch let error as FigureError {
    throw BadInput(error.description)
  }
}

/// Draws the figures of `folder` and reports what was written.
func drawFigures(of folder: String, gnuplot: Gnuplot, jobs: Int?) throws {
  let start = DispatchTime.now().uptimeNanoseconds
  let report: FigureBuilder.Report
  do {
    report = try FigureBuilder.render(
      resultsFolder: folder, gnuplot: gnuplot, workers: jobs ?? ParallelExecutor.availableCores)
  } catch let error as FigureError {
    throw BadInput(error.description)
  }
  let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  print(
    "wrote \(report.figures.count) figures of a \(report.kind.rawValue) to \(report.folder)/ (PNG, SVG, PDF, gnuplot scripts, index.md)"
  )
  for line in report.skipped { print("left out \(line)") }
  print("figure_seconds: \(seconds)")
}
