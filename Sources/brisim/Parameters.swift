import ArgumentParser
import CorridorModel

/// `brisim parameters`: every model parameter with its default, unit, range and meaning.
struct Parameters: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List every model parameter: name, default, unit, allowed range and meaning.",
    discussion: "Any of them can be set for a run with brisim run --set NAME=VALUE.")

  @Flag(help: "Print a Markdown table (as in docs/ODD.md).")
  var markdown = false

  func run() {
    if markdown {
      print("| name | default | unit | range | meaning |")
      print("|---|---|---|---|---|")
    }
    for spec in ParameterCatalog.all {
      let range = spec.rangeText
      if markdown {
        print(
          "| `\(spec.name)` | \(spec.defaultText) | \(spec.unit) | \(range) | \(spec.meaning) |")
      } else {
        print("\(spec.name) = \(spec.defaultText)  [\(spec.unit); \(range)]  \(spec.meaning)")
      }
    }
  }
}
