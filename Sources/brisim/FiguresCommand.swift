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
      series (the mean across replicates with a band) and the source paper's Figure 1 against \
      observed data; a scenario comparison adds each scenario's series and its difference from \
      the baseline, paired by replicate; a sweep gets each summary metric against each swept \
      parameter, and heat maps for two-parameter grids. Bands (--band spread, the default) are \
      the range of fewer than 5 replicates and the 5th–95th percentiles of 5 or more; --band ci \
      draws the 95 % confidence interval of the mean instead. Captions and keys say which band, \
      over how many replicates. Needs gnuplot with cairo terminals (Debian package gnuplot-nox).
      """)

  @Argument(help: "A results folder: an experiment's (results/NAME) or a single run's.")
  var results: String

  @Option(help: "gnuplot processes at a time (default: all cores).")
  var jobs: Int?

  @Option(
    help: ArgumentHelp(
      "Band around replicate means: spread (range below 5 replicates, else 5th–95th percentiles) or ci (95 % confidence interval of the mean).",
      valueName: "spread|ci"))
  var band: BandOption = .spread

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
  }

  func run() throws {
    let gnuplot = try locateGnuplot()
    try drawFigures(of: results, gnuplot: gnuplot, jobs: jobs, band: band.kind)
  }
}

/// The values of `--band`.
enum BandOption: String, CaseIterable, ExpressibleByArgument {
  case spread, ci

  var kind: BandKind {
    switch self {
    case .spread: return .spread
    case .ci: return .ci
    }
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

/// Draws the figures of `folder` (time series with the bands `band` calls for) and reports what
/// was written.
func drawFigures(of folder: String, gnuplot: Gnuplot, jobs: Int?, band: BandKind = .spread)
  throws
{
  let start = DispatchTime.now().uptimeNanoseconds
  let report: FigureBuilder.Report
  do {
    report = try FigureBuilder.render(
      resultsFolder: folder, gnuplot: gnuplot, workers: jobs ?? ParallelExecutor.availableCores,
      band: band)
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
