/// A named group of countries (an economic bloc) that configs can name wherever they name
/// countries: a policy's `countries:`, a summary metric's `countries:`, `origin:` or
/// `destination:`. Membership is as of the model's base years (2015–2019) and lists only codes
/// of the embedded country table; a country table without some members uses the members it has.
public struct CountryGroup: Sendable, Equatable {
  /// The name configs use (upper case letters, digits and `_`; never an ISO3 code or corridor).
  public let name: String
  /// What the group is, in words.
  public let description: String
  /// ISO3 codes (and the model's region codes) of the members.
  public let members: [String]
  /// Where the membership comes from.
  public let source: String

  public init(name: String, description: String, members: [String], source: String) {
    self.name = name
    self.description = description
    self.members = members
    self.source = source
  }

  /// The groups shipped with BRISim.
  public static let standard: [CountryGroup] = [
    CountryGroup(
      name: "ASEAN", description: "Association of Southeast Asian Nations (10 members)",
      members: ["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"],
      source: "ASEAN Secretariat, asean.org/member-states (membership unchanged since 1999)"),
    CountryGroup(
      name: "EU",
      description:
        "European Union: its 13 members that are rows of the table, and XEU (Western Europe: EU-15 without Greece, with Malta, the United Kingdom, Switzerland, Norway, Iceland), which the baseline's EU rules also treat as the EU",
      members: [
        "BGR", "CYP", "CZE", "EST", "GRC", "HRV", "HUN", "LTU", "LVA", "POL", "ROU", "SVK", "SVN",
        "XEU",
      ],
      source:
        "European Union, european-union.europa.eu/principles-countries-history/eu-countries; XEU as defined in Sources/CorridorModel/Resources/README.md"
    ),
    CountryGroup(
      name: "GCC", description: "Gulf Cooperation Council (6 members)",
      members: ["ARE", "BHR", "KWT", "OMN", "QAT", "SAU"],
      source: "GCC Secretariat General, gcc-sg.org (Charter of 1981)"),
    CountryGroup(
      name: "EAEU", description: "Eurasian Economic Union (5 members since 2015)",
      members: ["ARM", "BLR", "KAZ", "KGZ", "RUS"],
      source: "Eurasian Economic Commission, eaeunion.org (Treaty on the EAEU, 2014)"),
    CountryGroup(
      name: "SAARC", description: "South Asian Association for Regional Cooperation (8 members)",
      members: ["AFG", "BGD", "BTN", "IND", "LKA", "MDV", "NPL", "PAK"],
      source: "SAARC Secretariat, saarc-sec.org/about-saarc"),
    CountryGroup(
      name: "CENTRAL_ASIA", description: "The five Central Asian republics",
      members: ["KAZ", "KGZ", "TJK", "TKM", "UZB"],
      source: "UN M49 region Central Asia (143), unstats.un.org/unsd/methodology/m49"),
    CountryGroup(
      name: "CEEC",
      description:
        "Central and Eastern European countries of the China–CEEC cooperation (17 members in 2019, Greece included)",
      members: [
        "ALB", "BGR", "BIH", "CZE", "EST", "GRC", "HRV", "HUN", "LTU", "LVA", "MKD", "MNE", "POL",
        "ROU", "SRB", "SVK", "SVN",
      ],
      source: "Ministry of Foreign Affairs of the PRC, China–CEEC Dubrovnik Guidelines (2019)"),
  ]

  /// The shipped group named `name` (exact, upper case), or nil.
  public static func standard(named name: String) -> CountryGroup? {
    standard.first { $0.name == name }
  }

  /// The members present in `table`, in the table's order.
  public func members(in table: CountryTable) -> [String] {
    table.countries.map(\.iso3).filter { members.contains($0) }
  }
}
