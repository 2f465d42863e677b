/// Readable names for what figures show: swept parameters (from the experiment manifest's
/// `dimension_labels`, or derived from the column name) and summary metrics, and valid
/// identifiers for data-file columns.
public enum Labels {
  /// Words shown in capitals: currencies (units) and acronyms.
  static let capitals: [String: String] = [
    "cny": "CNY", "usd": "USD", "eur": "EUR", "b2b": "B2B", "b2c": "B2C", "cbec": "CBEC",
    "gdp": "GDP", "lpi": "LPI", "fta": "FTA", "mfn": "MFN", "vat": "VAT", "asean": "ASEAN",
    "row": "ROW", "odr": "ODR",
  ]
  /// Proper nouns.
  static let properNouns: [String: String] = ["china": "China"]
  /// Units that a metric name may end with, moved to a parenthesis (`… (CNY)`).
  static let units: Set<String> = ["cny", "usd", "eur", "days", "months"]

  /// The label of swept parameter `name` (a summary.csv column): `labels[name]` when the
  /// manifest gives one, else `policies_<id>_value` or `policies.<id>.value` → "policy <id>
  /// (value)", `policies.<id>.<field>` → "policy <id> (<field>)", and any other name with its
  /// underscores and dots as spaces.
  public static func dimension(_ name: String, labels: [String: String] = [:]) -> String {
    if let label = labels[name], !label.isEmpty { return label }
    // A manifest may name the column in its other spelling (dots or underscores).
    if let label = labels.first(where: { identifier($0.key) == identifier(name) })?.value,
      !label.isEmpty
    {
      return label
    }
    let dotted = name.split(separator: ".", omittingEmptySubsequences: false)
    if dotted.count == 3, dotted[0] == "policies", !dotted[1].isEmpty, !dotted[2].isEmpty {
      return "policy \(dotted[1]) (\(words(String(dotted[2]))))"
    }
    if name.hasPrefix("policies_") && name.hasSuffix("_value")
      && name.count > "policies__value".count
    {
      let id = name.dropFirst("policies_".count).dropLast("_value".count)
      return "policy \(id) (value)"
    }
    return words(name)
  }

  /// A readable form of summary metric `name`: words for underscores, units and acronyms in
  /// capitals, a trailing unit in parentheses, and the statistic suffix written out
  /// (`china_cbec_cny_sum_2030` → "China CBEC (CNY), sum over 2030").
  public static func metric(_ name: String) -> String {
    var tokens = name.split(separator: "_").map(String.init)
    var statistic = ""
    if tokens.count >= 3, let period = tokens.last,
      ["sum", "mean", "last"].contains(tokens[tokens.count - 2])
    {
      let year = period.count == 4 && period.allSatisfy(\.isNumber) ? period : nil
      if year != nil || period == "all" {
        let over = year.map { "over \($0)" } ?? "over the run"
        switch tokens[tokens.count - 2] {
        case "sum": statistic = "sum \(over)"
        case "mean": statistic = "mean \(over)"
        default: statistic = year.map { "at the end of \($0)" } ?? "at the end of the run"
        }
        tokens.removeLast(2)
      }
    }
    var unit = ""
    if tokens.count >= 2, let last = tokens.last, units.contains(last) {
      unit = capitals[last] ?? last
      tokens.removeLast()
    }
    var text = tokens.map(word).joined(separator: " ")
    if !unit.isEmpty { text += " (\(unit))" }
    if !statistic.isEmpty { text += ", \(statistic)" }
    return text.isEmpty ? name : text
  }

  /// `name` with underscores and dots as spaces, units and acronyms in capitals.
  static func words(_ name: String) -> String {
    let text = name.split(whereSeparator: { $0 == "_" || $0 == "." }).map { word(String($0)) }
      .joined(separator: " ")
    return text.isEmpty ? name : text
  }

  static func word(_ token: String) -> String {
    capitals[token] ?? properNouns[token] ?? token
  }

  /// `name` as a data-file column name: ASCII letters, digits and `_`, starting with a letter
  /// (every other character becomes `_`; a leading digit or `_` gets an `x` before it).
  public static func identifier(_ name: String) -> String {
    var result = String(
      name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") ? $0 : "_" })
    if !(result.first.map { $0.isASCII && $0.isLetter } ?? false) { result = "x" + result }
    return result
  }
}
