import CSV

/// One observed fact the model is compared against: a value, the range the sources span (or
/// the tolerance a fact states), its unit and where it comes from.
public struct ObservedFact: Sendable, Equatable {
  /// Identifier used by configs and validation (`cbec_volume_2017`).
  public let id: String
  public let description: String
  public let observed: Double
  public let low: Double
  public let high: Double
  public let unit: String
  public let source: String
}

/// The observed data shipped with BRISim (`Resources/`, sources in the README beside them):
/// China's cross-border e-commerce series 2015–2019 (the source paper's Figure 1) and the
/// stylized facts calibration and validation use. Embedded in the binary; nothing is read
/// from disk.
public enum ObservedFacts {
  /// `cbec_china.csv`: year, volume (trillion CNY) with the range of published figures,
  /// export share where known, source.
  public static var cbecSeriesCSV: String {
    String(decoding: PackageResources.cbec_china_csv, as: UTF8.self)
  }

  /// `stylized_facts.csv` as text.
  public static var stylizedFactsCSV: String {
    String(decoding: PackageResources.stylized_facts_csv, as: UTF8.self)
  }

  /// Every stylized fact, in file order.
  public static let all: [ObservedFact] = {
    // The file is part of the binary and checked by tests: a malformed row is a build defect.
    let reader = try! CSVReader(string: stylizedFactsCSV, hasHeaderRow: true)
    var facts: [ObservedFact] = []
    while let row = reader.next() {
      facts.append(
        ObservedFact(
          id: row[0], description: row[1], observed: Double(row[2])!, low: Double(row[3])!,
          high: Double(row[4])!, unit: row[5], source: row[6]))
    }
    return facts
  }()

  /// The fact called `id`, if there is one.
  public static func fact(_ id: String) -> ObservedFact? { all.first { $0.id == id } }
}
