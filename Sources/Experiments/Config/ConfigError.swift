/// Bad experiment input: a config, a table it names, a sweep, a results folder. One message
/// that names the file, the line and the key, and says what was expected.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
  /// The file (or "--option") the input came from.
  public let file: String
  /// 1-based line in the file, when known.
  public let line: Int?
  /// Dotted key path (`sweep.parameters.wage_growth_china_per_year.min`), when known.
  public let key: String?
  /// What was wrong and what was expected.
  public let message: String

  public init(file: String, line: Int? = nil, key: String? = nil, message: String) {
    self.file = file
    self.line = line
    self.key = key
    self.message = message
  }

  public var description: String {
    var place = file
    if let line { place += ":\(line)" }
    if let key, !key.isEmpty { place += ": \(key)" }
    return "\(place): \(message)"
  }
}
