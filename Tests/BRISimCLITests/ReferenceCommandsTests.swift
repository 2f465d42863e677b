import Foundation
import Testing

/// The rows of an RFC 4180 CSV text (quoted fields may hold commas, doubled quotes and line
/// breaks), header first.
private func parseCSV(_ text: String) -> [[String]] {
  var rows: [[String]] = []
  var row: [String] = []
  var field = ""
  var quoted = false
  var characters = Array(text).makeIterator()
  var pending: Character? = nil
  while let c = pending ?? characters.next() {
    pending = nil
    if quoted {
      if c == "\"" {
        let next = characters.next()
        if next == "\"" {
          field.append("\"")
        } else {
          quoted = false
          pending = next
        }
      } else {
        field.append(c)
      }
    } else if c == "\"" && field.isEmpty {
      quoted = true
    } else if c == "," {
      row.append(field)
      field = ""
    } else if c == "\n" {
      row.append(field)
      rows.append(row)
      row = []
      field = ""
    } else {
      field.append(c)
    }
  }
  if !field.isEmpty || !row.isEmpty {
    row.append(field)
    rows.append(row)
  }
  return rows
}

/// A CSV printed by `brisim …`: its header and its rows as dictionaries by column name, after
/// checking that the command succeeded and that every row has as many fields as the header.
private func csvTable(_ arguments: String...) throws -> (header: [String], rows: [[String: String]])
{
  let result = try brisim(arguments)
  #expect(result.status == 0, "brisim \(arguments.joined(separator: " ")): \(result.standardError)")
  let lines = parseCSV(result.standardOutput)
  let header = try #require(lines.first)
  for line in lines.dropFirst() {
    #expect(line.count == header.count, "a row with \(line.count) fields: \(line)")
  }
  let rows = lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
  return (header, rows)
}

@Suite("reference commands: corridors, countries --groups, policies")
struct ReferenceCommandsTests {
  @Test("corridors --csv lists every country of the embedded table in exactly one corridor")
  func corridorsPartitionTheCountries() throws {
    let corridors = try csvTable("corridors", "--csv")
    #expect(corridors.header == ["code", "name", "n_countries", "members"])
    #expect(
      corridors.rows.map { $0["code"] } == [
        "CHN", "CMR", "NELB", "CCAWA", "CICP", "CPEC", "BCIM", "MSR", "ROW",
      ])
    let countries = try csvTable("countries", "--csv")
    #expect(countries.rows.count == 70)
    var corridorOf: [String: String] = [:]
    var listed: [String] = []
    for row in corridors.rows {
      let members = row["members", default: ""].split(separator: " ").map(String.init)
      #expect(Int(row["n_countries", default: ""]) == members.count, "\(row)")
      #expect(!row["name", default: ""].isEmpty)
      for code in members { corridorOf[code] = row["code"] }
      listed += members
    }
    // Exactly once: no code twice, and the codes are those of `brisim countries`, each in the
    // corridor that table gives it.
    #expect(listed.count == Set(listed).count)
    #expect(Set(listed) == Set(countries.rows.compactMap { $0["iso3"] }))
    for row in countries.rows {
      #expect(corridorOf[row["iso3", default: ""]] == row["corridor"], "\(row)")
    }
    let members = { (code: String) -> [String] in
      corridors.rows.first { $0["code"] == code }?["members"]?.split(separator: " ").map(
        String.init) ?? []
    }
    #expect(members("CICP").contains("VNM"))
    #expect(members("CICP").contains("THA"))
    #expect(!members("CICP").contains("MMR"))  // Myanmar sits in BCIM
    #expect(members("ROW") == ["XEA", "XEU", "XNA", "XRW"])
    #expect(members("CHN") == ["CHN"])
    #expect(members("NELB").count == 20)
    #expect(members("MSR").count == 21)
  }

  @Test("corridors prints names, the regions' contents and groups across corridors")
  func corridorsMarkdown() throws {
    let result = try brisim("corridors")
    #expect(result.status == 0)
    let text = result.standardOutput
    #expect(text.hasPrefix("| code | name | countries | members |\n|---|---|---|---|\n"))
    #expect(text.contains("| CPEC | China–Pakistan Economic Corridor | 2 | PAK, AFG |"))
    #expect(text.contains("| MSR | 21st-century Maritime Silk Road | 21 |"))
    #expect(text.contains("- XNA (North America): United States, Canada."))
    #expect(text.contains("| ASEAN | CICP ("))
    #expect(text.contains("BCIM (MMR); MSR (IDN, PHL, BRN) |"))
    let help = try brisim("corridors", "--help")
    #expect(help.status == 0)
    #expect(help.standardOutput.contains("exactly one corridor"))
    #expect(help.standardOutput.contains("Macao SAR"))
  }

  @Test("countries --groups --csv lists the shipped groups; ASEAN has its 10 members")
  func countryGroups() throws {
    let groups = try csvTable("countries", "--groups", "--csv")
    #expect(groups.header == ["name", "description", "members", "source"])
    #expect(
      groups.rows.map { $0["name"] } == [
        "ASEAN", "EU", "GCC", "EAEU", "SAARC", "CENTRAL_ASIA", "CEEC",
      ])
    let asean = try #require(groups.rows.first { $0["name"] == "ASEAN" })
    let members = asean["members", default: ""].split(separator: " ").map(String.init)
    #expect(members.count == 10)
    #expect(
      Set(members) == ["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"])
    #expect(asean["source", default: ""].contains("asean.org"))
    // Every member is a code of the country table.
    let countries = Set(try csvTable("countries", "--csv").rows.compactMap { $0["iso3"] })
    for group in groups.rows {
      for code in group["members", default: ""].split(separator: " ") {
        #expect(countries.contains(String(code)), "\(group["name"] ?? "") names \(code)")
      }
    }
    let markdown = try brisim("countries", "--groups")
    #expect(markdown.status == 0)
    #expect(markdown.standardOutput.hasPrefix("| name | description | members | source |"))
    #expect(markdown.standardOutput.contains("| GCC | Gulf Cooperation Council (6 members) |"))
  }

  @Test("countries says what the aggregate regions contain, in a quoted CSV column")
  func regionContents() throws {
    let countries = try csvTable("countries", "--csv")
    #expect(countries.header.prefix(4) == ["iso3", "name", "corridor", "contains"])
    for row in countries.rows {
      let isRegion = row["corridor"] == "ROW"
      #expect(row["contains", default: ""].isEmpty == !isRegion, "\(row)")
    }
    let contents = { (code: String) in
      countries.rows.first { $0["iso3"] == code }?["contains"] ?? ""
    }
    #expect(contents("XNA") == "United States, Canada")
    #expect(contents("XEA").contains("Japan"))
    #expect(contents("XEU").contains("United Kingdom"))
    #expect(!contents("XEU").contains("Greece,"))
    #expect(contents("XRW").contains("Sub-Saharan Africa"))
    let markdown = try brisim("countries", "--corridor", "ROW")
    #expect(markdown.status == 0)
    #expect(markdown.standardOutput.contains("- XEA (East Asia high-income): Japan, South Korea"))
    let oneCorridor = try brisim("countries", "--corridor", "CICP")
    #expect(!oneCorridor.standardOutput.contains("aggregate regions"))
  }

  @Test("policies --csv lists the baseline's observed rules and the trade agreements")
  func policies() throws {
    let policies = try csvTable("policies", "--csv")
    #expect(
      policies.header == [
        "kind", "lever", "label", "countries", "group", "partners", "sector", "schedule", "note",
      ])
    let rules = policies.rows.filter { $0["kind"] == "rule" }
    let unitedStates = try #require(
      rules.first { $0["lever"] == "de_minimis_usd" && $0["countries"] == "XNA" })
    #expect(unitedStates["schedule"] == "200 before the start; 800 from 2016-03; 0 from 2025-05")
    #expect(unitedStates["label"] == "de minimis threshold (USD)")
    #expect(unitedStates["note", default: ""].contains("2025"))
    // Sets equal to a shipped group are named.
    let europe = try #require(
      rules.first { $0["lever"] == "de_minimis_usd" && $0["group"] == "EU" })
    #expect(europe["schedule"] == "25 before the start; 0 from 2021-07")
    #expect(
      rules.contains {
        $0["group"] == "EAEU"
          && $0["schedule"] == "1100 before the start; 560 from 2019-01; 225 from 2020-01"
      })
    #expect(
      rules.contains {
        $0["lever"] == "parcel_vat_factor" && $0["countries"] == "CHN"
          && $0["schedule"] == "1 before the start; 0.7 from 2016-04"
      })
    // Every observed rule is explained.
    for rule in rules { #expect(!rule["note", default: ""].isEmpty, "\(rule)") }
    let agreements = policies.rows.filter { $0["kind"] == "agreement" }
    #expect(agreements.count == 5)
    let acfta = try #require(agreements.first { $0["label"] == "ASEAN-China FTA" })
    #expect(acfta["group"] == "CHN + ASEAN")
    #expect(acfta["schedule"] == "0.1 × the MFN tariff before the start")
    #expect(
      agreements.first { $0["label"] == "Gulf Cooperation Council" }?["group"] == "GCC")
  }

  @Test("policies explains how rules combine")
  func policiesText() throws {
    let markdown = try brisim("policies")
    #expect(markdown.status == 0)
    #expect(
      markdown.standardOutput.contains(
        "| de_minimis_usd | de minimis threshold (USD) | XNA | 200 before the start; 800 from 2016-03; 0 from 2025-05 |"
      ))
    #expect(markdown.standardOutput.contains("| ASEAN-China FTA | CHN + ASEAN: CHN, BRN,"))
    let help = try brisim("policies", "--help")
    #expect(help.status == 0)
    let words = help.standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(
      words.contains(
        "the baseline's observed rules first, then the config's policies:, then the scenario's"))
    #expect(words.contains("also undoes the baseline's suspension"))
    #expect(
      words.contains(
        "policies.<id>.value replaces the value of every step and the target of every ramp"))
  }

  @Test(
    "unknown options and bad combinations exit with status 2",
    arguments: [
      ["corridors", "--bogus"], ["corridors", "--csv", "--corridor", "CICP"],
      ["policies", "--bogus"], ["policies", "extra"], ["countries", "--groups", "--bogus"],
      ["countries", "--groups", "--corridor", "CICP"],
    ])
  func badInput(arguments: [String]) throws {
    let result = try brisim(arguments)
    #expect(result.status == 2, "\(arguments)")
    #expect(result.standardError.hasPrefix("brisim: error: "), "\(result.standardError)")
    #expect(result.standardOutput.isEmpty)
  }
}
