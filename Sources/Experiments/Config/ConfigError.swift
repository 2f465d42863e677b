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

/// The closest candidate to `word` by edit distance, if close enough to be a likely typo.
func closestMatch(to word: String, among candidates: [String]) -> String? {
  var best: (String, Int)?
  for candidate in candidates {
    let distance = editDistance(word, candidate)
    if distance <= max(2, word.count / 3), best == nil || distance < best!.1 {
      best = (candidate, distance)
    }
  }
  return best?.0
}

/// Levenshtein distance between two strings (insertions, deletions, substitutions).
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a)
  let b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      current[j] = min(
        previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}
