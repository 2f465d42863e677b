import ArgumentParser
import CorridorModel

/// `brisim parameters`: every model parameter with its default, unit, range and meaning.
struct Parameters: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List every model parameter: name, default, unit, allowed range and meaning.",
    discussion: "Any of them can be set for a run with brisim run --set NAME=VALUE.")

  @Flag(help: "Print a Markdown table (as in docs/ODD.md).")
  var markdown = false

  @Flag(
    help:
      "Print CSV for scripts: name, kind, default, unit, smallest and largest allowed value (open ends give the nearest number inside)."
  )
  var csv = false

  func validate() throws {
    if markdown && csv { throw ValidationError("choose one of --markdown and --csv") }
  }

  func run() {
    if csv {
      print("name,kind,default,unit,smallest_allowed,largest_allowed")
      for spec in ParameterCatalog.all {
        let kind: String
        switch spec.kind {
        case .real: kind = "real"
        case .integer: kind = "integer"
        case .boolean: kind = "boolean"
        }
        let (low, high) = spec.extremes
        let unit = spec.unit.contains(",") ? "\"\(spec.unit)\"" : spec.unit
        print("\(spec.name),\(kind),\(spec.value(in: ModelParameters())),\(unit),\(low),\(high)")
      }
      return
    }
    if markdown {
      print("| name | default | unit | range | meaning |")
      print("|---|---|---|---|---|")
    }
    for spec in ParameterCatalog.all {
      let range = spec.rangeText
      if markdown {
        print(
          "| `\(spec.name)` | \(spec.defaultText) | \(spec.unit) | \(range) | \(spec.meaningWithRangeNote) |"
        )
      } else {
        print(
          "\(spec.name) = \(spec.defaultText)  [\(spec.unit); \(range)]  \(spec.meaningWithRangeNote)"
        )
      }
    }
    print()
    print(
      markdown
        ? "Constraints between parameters (checked by --set, config check and the sweep and calibration planners):"
        : "Constraints between parameters (checked by --set, config check, sweeps and calibration):"
    )
    if markdown { print() }
    for constraint in ParameterCatalog.constraints {
      print(
        markdown
          ? "- `\(constraint.requirement)`: \(constraint.reason)."
          : "  \(constraint.requirement): \(constraint.reason).")
    }
  }
}
