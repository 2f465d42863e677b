import ArgumentParser
import CorridorModel

/// `brisim policies`: the policy rules every run starts from (the baseline's observed rules,
/// ``PolicyPlan/baseline(calendar:)``) and the trade agreements in force
/// (``TradeAgreement/defaults``), with how a config's own rules combine with them.
struct Policies: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "List the baseline's observed policy rules and trade agreements: lever, countries, schedule.",
    discussion: """
      Every run starts from these rules: the observed de minimis changes (United States, EU, \
      EAEU, China, Indonesia), the EU's parcel duty relief and China's cross-border retail \
      import regime (parcel duty and VAT factors), and the trade agreements in force in 2015. \
      Countries no rule names keep their base values: the country table's applied tariff and \
      the de minimis of the parameter de_minimis_default_usd (\(ReferenceTable.number(ModelParameters().deMinimisDefaultUSD)) USD). \
      The note column gives each observed change and its source (the doc comment of \
      PolicyPlan.baseline in Sources/CorridorModel/Policy/PolicyPlan.swift).

      How rules combine. Rules apply in order: the baseline's observed rules first, then the \
      config's policies:, then the scenario's. Each rule takes the value left by the rules \
      before it as its base. Before its first step it changes nothing; from its first step \
      on its own values hold. So a config rule on the same lever and country overrides the \
      baseline from its first month on, later baseline changes included: a rule setting the \
      US (XNA) de minimis to 800 from 2020-01 also undoes the baseline's suspension from \
      2025-05 (`brisim config check` names such overlaps). A ramp moves linearly from the \
      value in force at its start month, whoever set it, to its target at its end month, and \
      holds it. Sweeping policies.<id>.value replaces the value of every step and the target \
      of every ramp of that rule's schedule.

      A trade agreement sets the tariff between two members to the importer's MFN tariff \
      times the agreement's multiplier from its start; preferential_tariff rules apply on \
      top of that, mfn_tariff rules change the MFN tariff it multiplies.

      Months are calendar months (YYYY-MM); "before the start" means the value holds from a \
      run's first month. Countries are ISO3 codes (space-separated in --csv), with the \
      shipped group they equal (`brisim countries --groups`), if any.
      """)

  @Flag(help: "Print CSV for scripts: one row per rule or agreement, the column kind tells which.")
  var csv = false

  func run() {
    let table = CountryTable.embedded
    let calendar = ModelCalendar()
    let plan = PolicyPlan.baseline(calendar: calendar)
    let rules = plan.rules.map { Self.row(of: $0, in: table, calendar: calendar) }
    let agreements = plan.agreements.map { Self.row(of: $0, in: table, calendar: calendar) }
    if csv {
      print("kind,lever,label,countries,group,partners,sector,schedule,note")
      for row in rules + agreements { print(ReferenceTable.csvLine(row.fields)) }
      return
    }
    print("Observed policy rules of the baseline, applied in this order:\n")
    print("| lever | meaning | countries | schedule | note |")
    print("|---|---|---|---|---|")
    for row in rules {
      var countries = row.countries.joined(separator: ", ")
      if !row.group.isEmpty { countries = "\(row.group): \(countries)" }
      if !row.partners.isEmpty { countries += "; partners \(row.partners.joined(separator: ", "))" }
      if !row.sector.isEmpty { countries += "; sector \(row.sector)" }
      print(
        ReferenceTable.markdownRow([
          row.lever, row.label, countries, row.schedule, row.note,
        ]))
    }
    print(
      "\nOther countries: de minimis \(ReferenceTable.number(ModelParameters().deMinimisDefaultUSD)) USD (parameter de_minimis_default_usd); tariffs from the country table."
    )
    print("\nTrade agreements:\n")
    print("| agreement | members | tariffs among members | note |")
    print("|---|---|---|---|")
    for row in agreements {
      var members = row.countries.joined(separator: ", ")
      if !row.group.isEmpty { members = "\(row.group): \(members)" }
      print(ReferenceTable.markdownRow([row.label, members, row.schedule, row.note]))
    }
  }

  /// One rule or agreement, ready to print.
  struct Row {
    var kind: String
    var lever = ""
    var label: String
    var countries: [String]
    var group = ""
    var partners: [String] = []
    var sector = ""
    var schedule: String
    var note = ""

    var fields: [String] {
      [
        kind, lever, label, countries.joined(separator: " "), group,
        partners.joined(separator: " "), sector, schedule, note,
      ]
    }
  }

  static func row(of rule: PolicyRule, in table: CountryTable, calendar: ModelCalendar) -> Row {
    let codes = rule.countries.indices(in: table).map { table.countries[$0].iso3 }
    return Row(
      kind: "rule", lever: rule.lever.rawValue, label: rule.lever.label, countries: codes,
      group: name(of: rule.countries, codes: codes, in: table),
      partners: rule.partners.map { $0.indices(in: table).map { table.countries[$0].iso3 } }
        ?? [],
      sector: rule.sector.map { "\($0)" } ?? "",
      schedule: ReferenceTable.describe(rule.schedule, calendar: calendar),
      note: note(on: rule.lever, for: codes))
  }

  static func row(of agreement: TradeAgreement, in table: CountryTable, calendar: ModelCalendar)
    -> Row
  {
    let codes = agreement.members.filter { table.index(of: $0) != nil }
    let multiplier = agreement.tariffMultiplier
    let tariffs =
      multiplier == 0
      ? "none (0 × the MFN tariff)" : "\(ReferenceTable.number(multiplier)) × the MFN tariff"
    let since =
      agreement.sinceMonth < 0
      ? "before the start" : "from \(calendar.isoMonth(ofStep: agreement.sinceMonth))"
    return Row(
      kind: "agreement", label: agreement.name, countries: codes,
      group: name(of: .countries(agreement.members), codes: codes, in: table),
      schedule: "\(tariffs) \(since)",
      note: agreement.isCustomsUnion
        ? "customs union: the members' applied tariffs (country table) are those on outsiders"
        : "free-trade area: the members' preferences are part of their applied tariffs")
  }

  /// A name for a rule's countries: the shipped group they equal ("EU"), China and a group
  /// ("CHN + ASEAN"), the corridors they were named by, "all", or "".
  static func name(of selector: CountrySelector, codes: [String], in table: CountryTable)
    -> String
  {
    switch selector {
    case .all: return "all"
    case .corridors(let corridors):
      return "corridors " + corridors.map(\.rawValue).joined(separator: " ")
    case .countries:
      let set = Set(codes)
      for group in CountryGroup.standard {
        let members = Set(group.members(in: table))
        if members.isEmpty { continue }
        if members == set { return group.name }
        if set.contains("CHN"), !members.contains("CHN"), members == set.subtracting(["CHN"]) {
          return "CHN + \(group.name)"
        }
      }
      return ""
    }
  }

  /// What each observed rule of ``PolicyPlan/baseline(calendar:)`` stands for and where it
  /// comes from (a summary of that function's doc comment), by lever and countries. A rule not
  /// listed here (the baseline changed) gets no note rather than a wrong one.
  static let baselineNotes: [(lever: PolicyLever, countries: Set<String>, note: String)] = [
    (
      .deMinimisUSD, ["XNA"],
      "United States: 200 → 800 USD in March 2016; suspended for goods from China on 2 May 2025 and for every origin on 29 August 2025 (the threshold is the importer's, so 0 from May 2025)"
    ),
    (
      .deMinimisUSD, euCodes,
      "EU: the 22 € VAT exemption (≈ 25 USD) abolished in July 2021"
    ),
    (
      .parcelDutyFactor, euCodes,
      "EU: the duty relief up to 150 € held before and after the July 2021 reform, and the model's parcels are below 150 €"
    ),
    (
      .deMinimisUSD, ["RUS", "BLR", "KAZ", "KGZ", "ARM"],
      "EAEU: 1,000 € → 500 € (2019) → 200 € (2020)"
    ),
    (
      .deMinimisUSD, ["CHN"],
      "China: until 8 April 2016 the postal articles tax was waived when it came to 50 CNY or less (goods up to about 330 CNY ≈ 50 USD); from then on cross-border retail imports pay from the first yuan (Caiguanshui [2016] No. 18)"
    ),
    (
      .parcelDutyFactor, ["CHN"],
      "China: the postal articles tax is written as no duty and the import VAT; cross-border retail imports pay no duty from April 2016"
    ),
    (
      .parcelVATFactor, ["CHN"],
      "China: the postal articles tax (≈ 15 %, the import VAT rate) until April 2016, then 70 % of the import VAT (Caiguanshui [2016] No. 18)"
    ),
    (
      .deMinimisUSD, ["IDN"],
      "Indonesia: 100 → 75 USD (October 2018) → 3 USD (January 2020)"
    ),
  ]

  /// The EU's rows: its 13 Belt-and-Road members and Western Europe (XEU).
  static let euCodes: Set<String> = [
    "XEU", "POL", "CZE", "SVK", "HUN", "SVN", "HRV", "ROU", "BGR", "EST", "LVA", "LTU", "GRC",
    "CYP",
  ]

  static func note(on lever: PolicyLever, for codes: [String]) -> String {
    baselineNotes.first { $0.lever == lever && $0.countries == Set(codes) }?.note ?? ""
  }
}
