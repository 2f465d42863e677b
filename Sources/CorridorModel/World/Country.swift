/// The Belt-and-Road corridors (plus China and the rest of the world), one per country.
///
/// Assigning each country to a single corridor is a modelling convention (see the country
/// table's README): land corridors by route geography, countries reached mainly by sea to the
/// Maritime Silk Road.
public enum Corridor: String, CaseIterable, Sendable, Comparable {
  case china = "CHN"
  case chinaMongoliaRussia = "CMR"
  case newEurasianLandBridge = "NELB"
  case chinaCentralWestAsia = "CCAWA"
  case chinaIndochinaPeninsula = "CICP"
  case chinaPakistan = "CPEC"
  case bangladeshChinaIndiaMyanmar = "BCIM"
  case maritimeSilkRoad = "MSR"
  /// Aggregate regions outside the Belt and Road, so that China's totals are complete.
  case restOfWorld = "ROW"

  /// Whether the country belongs to the Belt-and-Road corridors (not China, not ROW).
  public var isBeltAndRoad: Bool { self != .china && self != .restOfWorld }

  /// The corridor's full English name (for tables and help texts; configs use the code).
  public var name: String {
    switch self {
    case .china: return "China"
    case .chinaMongoliaRussia: return "China–Mongolia–Russia Economic Corridor"
    case .newEurasianLandBridge: return "New Eurasian Land Bridge"
    case .chinaCentralWestAsia: return "China–Central Asia–West Asia"
    case .chinaIndochinaPeninsula: return "China–Indochina Peninsula"
    case .chinaPakistan: return "China–Pakistan Economic Corridor"
    case .bangladeshChinaIndiaMyanmar: return "Bangladesh–China–India–Myanmar"
    case .maritimeSilkRoad: return "21st-century Maritime Silk Road"
    case .restOfWorld: return "Rest of the world (not Belt and Road; aggregate regions)"
    }
  }

  public static func < (lhs: Corridor, rhs: Corridor) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}

/// One country (or aggregate region) of the model world, as given by the country table for
/// the base year.
public struct Country: Sendable, Equatable {
  /// Position in the world's country list.
  public let index: Int
  /// ISO 3166-1 alpha-3 code (X-prefixed codes for aggregate regions).
  public let iso3: String
  /// Short English name.
  public let name: String
  /// The corridor the country is assigned to.
  public let corridor: Corridor
  /// Population, millions.
  public let populationMillions: Double
  /// GDP per capita, current USD, base year.
  public let gdpPerCapitaUSD: Double
  /// Average monthly manufacturing earnings, USD, base year.
  public let manufacturingWageUSDPerMonth: Double
  /// World Bank Logistics Performance Index, overall score (1–5).
  public let lpiScore: Double
  /// Share of individuals using the internet (0–1).
  public let internetUsersShare: Double
  /// Capital (or representative location) latitude, degrees.
  public let capitalLatitudeDeg: Double
  /// Capital (or representative location) longitude, degrees.
  public let capitalLongitudeDeg: Double
  /// Average applied tariff (simple mean, all products), as a fraction.
  public let appliedTariffRate: Double
  /// World Bank WGI rule-of-law estimate (about −2.5 … 2.5).
  public let ruleOfLawIndex: Double

  /// GDP, USD per year, base year.
  public var gdpUSD: Double { populationMillions * 1e6 * gdpPerCapitaUSD }

  /// What each aggregate region of the embedded table (corridor ROW) contains, in words, keyed
  /// by its code; the definitions of Sources/CorridorModel/Resources/README.md ("The four rows"),
  /// membership as of 2015.
  public static let regionContents: [String: String] = [
    "XEA": "Japan, South Korea, Taiwan, Hong Kong SAR, Macao SAR",
    "XEU":
      "EU-15 without Greece (which is a Belt-and-Road row): Austria, Belgium, Denmark, Finland, France, Germany, Ireland, Italy, Luxembourg, Netherlands, Portugal, Spain, Sweden, United Kingdom; plus Switzerland, Norway, Iceland, Malta",
    "XNA": "United States, Canada",
    "XRW":
      "every other economy: all of Latin America and the Caribbean (World Bank region, including Mexico, Puerto Rico and the Caribbean territories); all of Sub-Saharan Africa (including Sudan, South Sudan, Somalia); Algeria, Libya, Morocco, Tunisia, Djibouti (Egypt is a Belt-and-Road row); Australia, New Zealand, Papua New Guinea, the Pacific islands and territories, Timor-Leste, North Korea; Kosovo, Bermuda; and the European microstates and dependencies not in XEU (Andorra, Liechtenstein, Monaco, San Marino, Isle of Man, Channel Islands, Faroe Islands, Greenland, Gibraltar)",
  ]

  /// What the row contains if it is one of the embedded table's aggregate regions, else nil.
  public var regionContents: String? { Self.regionContents[iso3] }
}
