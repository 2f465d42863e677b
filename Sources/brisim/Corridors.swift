import ArgumentParser
import CorridorModel

/// `brisim corridors`: the corridors a config can name (`corridors: [NELB]`), what each is
/// called and which countries of the embedded table it holds.
struct Corridors: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "List the corridors: code, full name, number of countries and their ISO3 codes.",
    discussion: """
      Each country belongs to exactly one corridor. That is a modelling convention (docs/ODD.md \
      §3.2; the rules and the borderline cases are in Sources/CorridorModel/Resources/README.md, \
      "Corridor convention"): land corridors go by where the overland route from China runs, \
      countries reached mainly by sea go to the Maritime Silk Road. So China's trade by \
      corridor (a run's corridors.csv) adds up to its total without double counting. CHN is \
      China itself.

      ROW is not Belt and Road: it holds four aggregate regions so that China's totals are \
      complete. \(regionSummary)

      Named country groups (ASEAN, EU, GCC, EAEU, SAARC, CENTRAL_ASIA, CEEC; see \
      `brisim countries --groups`) cut across corridors: ASEAN's members sit in CICP (Vietnam, \
      Laos, Cambodia, Thailand, Malaysia, Singapore), BCIM (Myanmar) and MSR (Indonesia, the \
      Philippines, Brunei). A policy can name a group in countries: and a corridor in \
      corridors:. The table below the corridors shows where each group's members sit.

      In --csv output the member codes are separated by spaces.
      """)

  /// The aggregate regions in words, from ``Country/regionContents``.
  static var regionSummary: String {
    let table = CountryTable.embedded
    return table.countries.filter { $0.corridor == .restOfWorld }.map { c in
      "\(c.iso3) (\(c.name)) contains \(c.regionContents ?? "the rows of a user table's region")."
    }.joined(separator: " ")
  }

  @Flag(help: "Print CSV for scripts.")
  var csv = false

  func run() {
    let table = CountryTable.embedded
    let rows = Corridor.allCases.map { corridor in
      (corridor, table.countries.filter { $0.corridor == corridor }.map(\.iso3))
    }
    if csv {
      print("code,name,n_countries,members")
      for (corridor, members) in rows {
        print(
          ReferenceTable.csvLine([
            corridor.rawValue, corridor.name, String(members.count),
            members.joined(separator: " "),
          ]))
      }
      return
    }
    print("| code | name | countries | members |")
    print("|---|---|---|---|")
    for (corridor, members) in rows {
      print(
        ReferenceTable.markdownRow([
          corridor.rawValue, corridor.name, String(members.count), members.joined(separator: ", "),
        ]))
    }
    let regions = table.countries.filter { $0.regionContents != nil }
    if !regions.isEmpty {
      print("\nThe aggregate regions of ROW contain:\n")
      for c in regions {
        print("- \(c.iso3) (\(c.name)): \(c.regionContents!).")
      }
    }
    print("\nThe shipped country groups by corridor (`brisim countries --groups`):\n")
    print("| group | members by corridor |")
    print("|---|---|")
    for group in CountryGroup.standard {
      let members = Set(group.members(in: table))
      let byCorridor = rows.compactMap { corridor, codes -> String? in
        let inside = codes.filter { members.contains($0) }
        return inside.isEmpty
          ? nil : "\(corridor.rawValue) (\(inside.joined(separator: ", ")))"
      }
      print(ReferenceTable.markdownRow([group.name, byCorridor.joined(separator: "; ")]))
    }
  }
}
