import ArgumentParser
import CorridorModel

/// `brisim countries`: the model's countries and regions, the corridor each belongs to and
/// its base-year data, so that a researcher can write `countries:` and `corridors:` in a
/// config without reading the country table; with `--groups`, the named country groups a config
/// can also write there.
struct Countries: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "List the model's countries and regions: ISO3 code, name, corridor, base-year data and the baseline's de minimis.",
    discussion: """
      Policies name countries by these codes (countries: [KAZ, UZB]), by shipped groups \
      (countries: [ASEAN], see --groups) or by whole corridors (corridors: [NELB]). Each \
      country belongs to one corridor, a modelling convention (docs/ODD.md §3.2); \
      `brisim corridors` lists them. The four ROW rows XEA, XEU, XNA and XRW are aggregate \
      regions: the table's `contains` column (--csv) or the note below the table says what each \
      holds. The table is the embedded countries.csv; a config's world: key can replace it.

      --groups lists the shipped country groups instead (ASEAN, EU, GCC, EAEU, …): name, \
      description, members and the source of the membership. Groups cut across corridors; a \
      config's groups: key can define its own. \
      In --csv output, lists of codes are separated by spaces and fields with commas are quoted.
      """)

  @Flag(help: "Print CSV for scripts.")
  var csv = false

  @Option(
    help: ArgumentHelp(
      "Only the countries of this corridor.", valueName: "code"))
  var corridor: String?

  @Flag(help: "List the shipped country groups (ASEAN, EU, GCC, …) instead of the countries.")
  var groups = false

  func validate() throws {
    if let corridor, Corridor(rawValue: corridor) == nil {
      let codes = Corridor.allCases.map(\.rawValue)
      let hint = closestMatch(to: corridor, among: codes).map { "did you mean '\($0)'? " } ?? ""
      throw ValidationError(
        "--corridor: unknown corridor '\(corridor)'; \(hint)expected one of \(codes.joined(separator: ", "))"
      )
    }
    if groups, corridor != nil {
      throw ValidationError(
        "--groups lists every shipped group and takes no --corridor; groups cut across corridors")
    }
  }

  /// Country `c`'s de minimis in the baseline, USD: the last observed schedule that names it
  /// (``PolicyPlan/baseline(calendar:)``, over the default calendar), else the default.
  static func baselineDeMinimis(_ c: Int, in table: CountryTable) -> String {
    let calendar = ModelCalendar()
    let rule = PolicyPlan.baseline(calendar: calendar).rules.last {
      $0.lever == .deMinimisUSD && $0.countries.indices(in: table).contains(c)
    }
    guard let rule else { return ReferenceTable.number(ModelParameters().deMinimisDefaultUSD) }
    return ReferenceTable.describe(rule.schedule, calendar: calendar, namingTheStart: false)
  }

  func run() {
    if groups {
      printGroups()
      return
    }
    let table = CountryTable.embedded
    let countries = table.countries.filter {
      corridor == nil || $0.corridor.rawValue == corridor
    }
    if csv {
      print(
        "iso3,name,corridor,contains,population_millions,gdp_per_capita_usd,internet_users_share,lpi_score,applied_tariff_rate,baseline_de_minimis_usd"
      )
      for c in countries {
        print(
          ReferenceTable.csvLine([
            c.iso3, c.name, c.corridor.rawValue, c.regionContents ?? "", "\(c.populationMillions)",
            "\(c.gdpPerCapitaUSD)", "\(c.internetUsersShare)", "\(c.lpiScore)",
            "\(c.appliedTariffRate)", Self.baselineDeMinimis(c.index, in: table),
          ]))
      }
      return
    }
    print(
      "| iso3 | name | corridor | population (millions) | GDP per capita (USD) | internet users | LPI | applied tariff | de minimis in the baseline (USD) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for c in countries {
      print(
        "| \(c.iso3) | \(c.name) | \(c.corridor.rawValue): \(c.corridor.name) | \(c.populationMillions) | \(Int(c.gdpPerCapitaUSD)) | \(c.internetUsersShare) | \(c.lpiScore) | \(c.appliedTariffRate) | \(Self.baselineDeMinimis(c.index, in: table)) |"
      )
    }
    let regions = countries.filter { $0.regionContents != nil }
    if !regions.isEmpty {
      print("\nThe aggregate regions (corridor ROW, not Belt and Road) contain:\n")
      for c in regions {
        print("- \(c.iso3) (\(c.name)): \(c.regionContents!).")
      }
    }
  }

  /// The shipped country groups (``CountryGroup/standard``) as a table.
  func printGroups() {
    if csv {
      print("name,description,members,source")
      for group in CountryGroup.standard {
        print(
          ReferenceTable.csvLine([
            group.name, group.description, group.members.joined(separator: " "), group.source,
          ]))
      }
      return
    }
    print("| name | description | members | source |")
    print("|---|---|---|---|")
    for group in CountryGroup.standard {
      print(
        ReferenceTable.markdownRow([
          group.name, group.description, group.members.joined(separator: ", "), group.source,
        ]))
    }
  }
}

/// Formatting shared by the reference commands (`countries`, `corridors`, `policies`): CSV
/// lines, Markdown rows, numbers and policy schedules in words.
enum ReferenceTable {
  /// One CSV line (RFC 4180): a field with a comma, a quote or a line break is quoted, its
  /// quotes doubled.
  static func csvLine(_ fields: [String]) -> String {
    fields.map { field in
      field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
        ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }.joined(separator: ",")
  }

  /// One Markdown table row; a `|` inside a cell is escaped.
  static func markdownRow(_ cells: [String]) -> String {
    "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ")
      + " |"
  }

  /// `value` without a trailing `.0` when it is a whole number.
  static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }

  /// A schedule in words over `calendar`: "200 before the start; 800 from 2016-03; 0 from
  /// 2025-05" (a step before month 0 acts from the start; with `namingTheStart` false its value
  /// stands alone: "200; 800 from 2016-03"), a ramp as "linear to 0.5 between 2020-01 and
  /// 2022-01".
  static func describe(_ schedule: Schedule, calendar: ModelCalendar, namingTheStart: Bool = true)
    -> String
  {
    if schedule.isEmpty { return "no change" }
    return schedule.segments.map { segment -> String in
      switch segment {
      case .step(let month, let value):
        if month < 0 { return namingTheStart ? "\(number(value)) before the start" : number(value) }
        return "\(number(value)) from \(calendar.isoMonth(ofStep: month))"
      case .ramp(let from, let to, let target):
        return
          "linear to \(number(target)) between \(calendar.isoMonth(ofStep: from)) and \(calendar.isoMonth(ofStep: to))"
      }
    }.joined(separator: "; ")
  }
}
