import ArgumentParser
import CorridorModel
import Figures

/// `brisim countries`: the model's countries and regions, the corridor each belongs to and
/// its base-year data, so that a researcher can write `countries:` and `corridors:` in a
/// config without reading the country table.
struct Countries: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "List the model's countries and regions: ISO3 code, name, corridor, base-year data and the baseline's de minimis.",
    discussion: """
      Policies name countries by these codes (countries: [KAZ, UZB]) or whole corridors \
      (corridors: [NELB]). Each country belongs to one corridor, a modelling convention \
      (docs/ODD.md §3.2). The table is the embedded countries.csv; a config's world: key \
      can replace it.
      """)

  @Flag(help: "Print CSV for scripts.")
  var csv = false

  @Option(
    help: ArgumentHelp(
      "Only the countries of this corridor.", valueName: "code"))
  var corridor: String?

  func validate() throws {
    if let corridor, Corridor(rawValue: corridor) == nil {
      let codes = Corridor.allCases.map(\.rawValue)
      let hint = closestMatch(to: corridor, among: codes).map { "did you mean '\($0)'? " } ?? ""
      throw ValidationError(
        "--corridor: unknown corridor '\(corridor)'; \(hint)expected one of \(codes.joined(separator: ", "))"
      )
    }
  }

  /// Country `c`'s de minimis in the baseline, USD: the last observed schedule that names it
  /// (``PolicyPlan/baseline(calendar:)``, over the default calendar), else the default.
  static func baselineDeMinimis(_ c: Int, in table: CountryTable) -> String {
    let calendar = ModelCalendar()
    let rule = PolicyPlan.baseline(calendar: calendar).rules.last {
      $0.lever == .deMinimisUSD && $0.countries.indices(in: table).contains(c)
    }
    func number(_ value: Double) -> String {
      value == value.rounded() ? String(Int(value)) : String(value)
    }
    guard let rule else { return number(ModelParameters().deMinimisDefaultUSD) }
    return rule.schedule.segments.map { segment -> String in
      switch segment {
      case .step(let month, let value):
        return month < 0
          ? number(value) : "\(number(value)) from \(calendar.isoMonth(ofStep: month))"
      case .ramp(let from, let to, let target):
        return
          "to \(number(target)) from \(calendar.isoMonth(ofStep: from)) to \(calendar.isoMonth(ofStep: to))"
      }
    }.joined(separator: "; ")
  }

  func run() {
    let table = CountryTable.embedded
    let countries = table.countries.filter {
      corridor == nil || $0.corridor.rawValue == corridor
    }
    if csv {
      print(
        "iso3,name,corridor,population_millions,gdp_per_capita_usd,internet_users_share,lpi_score,applied_tariff_rate,baseline_de_minimis_usd"
      )
      for c in countries {
        let name = c.name.contains(",") ? "\"\(c.name)\"" : c.name
        print(
          "\(c.iso3),\(name),\(c.corridor.rawValue),\(c.populationMillions),\(c.gdpPerCapitaUSD),\(c.internetUsersShare),\(c.lpiScore),\(c.appliedTariffRate),\(Self.baselineDeMinimis(c.index, in: table))"
        )
      }
      return
    }
    print(
      "| iso3 | name | corridor | population (millions) | GDP per capita (USD) | internet users | LPI | applied tariff | de minimis in the baseline (USD) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for c in countries {
      let corridorName =
        c.corridor == .china ? "China" : CorridorNames.label(c.corridor.rawValue)
      print(
        "| \(c.iso3) | \(c.name) | \(c.corridor.rawValue) (\(corridorName)) | \(c.populationMillions) | \(Int(c.gdpPerCapitaUSD)) | \(c.internetUsersShare) | \(c.lpiScore) | \(c.appliedTariffRate) | \(Self.baselineDeMinimis(c.index, in: table)) |"
      )
    }
  }
}
