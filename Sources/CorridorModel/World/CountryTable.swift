import CSV

/// Bad model input: a country table, a schedule or a parameter value. The message names the
/// source (file or key), the place and what was expected.
public struct ModelInputError: Error, CustomStringConvertible, Equatable {
  /// File name or configuration key the input came from.
  public let source: String
  /// 1-based line, when the input is a text table.
  public let line: Int?
  /// Column or field name, when known.
  public let column: String?
  /// What was wrong and what was expected.
  public let message: String

  public init(source: String, line: Int? = nil, column: String? = nil, message: String) {
    self.source = source
    self.line = line
    self.column = column
    self.message = message
  }

  public var description: String {
    var place = source
    if let line { place += ":\(line)" }
    if let column { place += " (column '\(column)')" }
    return "\(place): \(message)"
  }
}

/// The world's countries, read from a CSV table with one row per country.
///
/// The embedded default (``embedded``) is `Resources/countries.csv` (China, the 65 Belt-and-Road
/// countries and four rest-of-world regions, base year 2015; sources in the README beside it).
/// A researcher can supply their own table with the same columns; ``parse(csv:source:)``
/// validates every cell and names the line and column of the first problem.
public struct CountryTable: Sendable, Equatable {
  /// The countries in table order; `countries[i].index == i`.
  public let countries: [Country]

  /// The required columns, in any order (extra columns are ignored).
  public static let columns = [
    "iso3", "name", "corridor", "population_millions", "gdp_per_capita_usd",
    "manufacturing_wage_usd_per_month", "lpi_score", "internet_users_share",
    "capital_latitude_deg", "capital_longitude_deg", "applied_tariff_rate", "rule_of_law_index",
  ]

  /// Allowed range of each numeric column.
  static let ranges: [String: ClosedRange<Double>] = [
    "population_millions": 0.001...5_000,
    "gdp_per_capita_usd": 1...500_000,
    "manufacturing_wage_usd_per_month": 1...50_000,
    "lpi_score": 1...5,
    "internet_users_share": 0...1,
    "capital_latitude_deg": -90...90,
    "capital_longitude_deg": -180...180,
    "applied_tariff_rate": 0...1,
    "rule_of_law_index": -2.5...2.5,
  ]

  /// A table over already validated countries.
  public init(countries: [Country]) {
    self.countries = countries
  }

  /// Number of countries.
  public var count: Int { countries.count }

  /// The index of the country with ISO code `iso3`, if present.
  public func index(of iso3: String) -> Int? {
    countries.firstIndex { $0.iso3 == iso3 }
  }

  /// China's index (every valid table has China).
  public var chinaIndex: Int { index(of: "CHN")! }

  /// The embedded default table.
  public static let embedded: CountryTable = {
    let text = String(decoding: PackageResources.countries_csv, as: UTF8.self)
    do {
      return try parse(csv: text, source: "countries.csv (embedded)")
    } catch {
      fatalError("the embedded country table is invalid: \(error)")
    }
  }()

  /// Parses and validates a country table.
  ///
  /// - Throws: ``ModelInputError`` naming `source`, the line and the column of the first
  ///   missing column, unparseable number, value out of range, unknown corridor, duplicate
  ///   ISO code or missing China.
  public static func parse(csv text: String, source: String) throws -> CountryTable {
    let reader: CSVReader
    do {
      reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true)
    } catch {
      throw ModelInputError(
        source: source, line: 1, message: "cannot read the header row (\(error))")
    }
    guard let header = reader.headerRow else {
      throw ModelInputError(
        source: source, line: 1, message: "the table is empty; expected a header row")
    }
    var position: [String: Int] = [:]
    for (index, name) in header.enumerated() { position[name] = index }
    for column in columns where position[column] == nil {
      throw ModelInputError(
        source: source, line: 1, column: column,
        message: "missing column; expected the columns \(columns.joined(separator: ","))")
    }

    var countries: [Country] = []
    var line = 1
    while let row = reader.next() {
      line += 1
      if row.allSatisfy({ $0.isEmpty }) { continue }
      func field(_ column: String) throws -> String {
        let index = position[column]!
        guard index < row.count, !row[index].isEmpty else {
          throw ModelInputError(
            source: source, line: line, column: column, message: "empty cell; a value is required")
        }
        return row[index]
      }
      func number(_ column: String) throws -> Double {
        let text = try field(column)
        guard let value = Double(text), value.isFinite else {
          throw ModelInputError(
            source: source, line: line, column: column, message: "'\(text)' is not a number")
        }
        if let range = ranges[column], !range.contains(value) {
          throw ModelInputError(
            source: source, line: line, column: column,
            message: "\(text) is out of range; expected \(range.lowerBound) to \(range.upperBound)")
        }
        return value
      }
      let iso3 = try field("iso3")
      guard iso3.count == 3, iso3.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
        throw ModelInputError(
          source: source, line: line, column: "iso3",
          message: "'\(iso3)' is not a three-letter upper-case code")
      }
      if countries.contains(where: { $0.iso3 == iso3 }) {
        throw ModelInputError(
          source: source, line: line, column: "iso3", message: "duplicate country code \(iso3)")
      }
      let corridorCode = try field("corridor")
      guard let corridor = Corridor(rawValue: corridorCode) else {
        throw ModelInputError(
          source: source, line: line, column: "corridor",
          message:
            "unknown corridor '\(corridorCode)'; expected one of \(Corridor.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
      if (iso3 == "CHN") != (corridor == .china) {
        throw ModelInputError(
          source: source, line: line, column: "corridor",
          message: "corridor CHN is for China (iso3 CHN) alone")
      }
      countries.append(
        Country(
          index: countries.count, iso3: iso3, name: try field("name"), corridor: corridor,
          populationMillions: try number("population_millions"),
          gdpPerCapitaUSD: try number("gdp_per_capita_usd"),
          manufacturingWageUSDPerMonth: try number("manufacturing_wage_usd_per_month"),
          lpiScore: try number("lpi_score"), internetUsersShare: try number("internet_users_share"),
          capitalLatitudeDeg: try number("capital_latitude_deg"),
          capitalLongitudeDeg: try number("capital_longitude_deg"),
          appliedTariffRate: try number("applied_tariff_rate"),
          ruleOfLawIndex: try number("rule_of_law_index")))
    }
    if let error = reader.error {
      throw ModelInputError(source: source, line: line + 1, message: "malformed CSV (\(error))")
    }
    guard countries.contains(where: { $0.iso3 == "CHN" }) else {
      throw ModelInputError(
        source: source, message: "China (iso3 CHN) is missing; the model is centred on it")
    }
    guard countries.count >= 2 else {
      throw ModelInputError(
        source: source, message: "the table needs China and at least one partner country")
    }
    guard countries.count <= WorldLimits.maximumCountries else {
      throw ModelInputError(
        source: source,
        message:
          "\(countries.count) countries; at most \(WorldLimits.maximumCountries) are supported")
    }
    return CountryTable(countries: countries)
  }
}

/// Fixed limits of the model world.
public enum WorldLimits {
  /// Countries are addressed by 128-bit market sets in firm state.
  public static let maximumCountries = 128
}
