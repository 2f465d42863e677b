/// A data file written beside a figure's script: a CSV with a header, read by column name.
struct FigureData {
  let fileName: String
  let columns: [String]
  var rows: [[String]]

  /// The file's text (RFC 4180 quoting where a cell needs it).
  var csvText: String {
    func cell(_ text: String) -> String {
      text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
        ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
    return ([columns] + rows).map { $0.map(cell).joined(separator: ",") }.joined(separator: "\n")
      + "\n"
  }
}

/// A figure ready to draw: its data files and the gnuplot commands that draw them.
public struct FigurePlan {
  /// File stem: the figure is `STEM.png`, `STEM.svg`, `STEM.pdf`, drawn by `STEM.gp`.
  public let stem: String
  public let title: String
  /// What the figure shows and where its numbers come from (in the script and figures/index.md).
  public let caption: String
  let data: [FigureData]
  /// Figure-specific settings (axes, labels, scales), one gnuplot command each.
  let settings: [String]
  /// The plot command.
  let plot: String

  /// The data files the script reads.
  public var dataFileNames: [String] { data.map(\.fileName) }

  /// The figure's standalone gnuplot script.
  public var script: String { GnuplotStyle.script(for: self) }
}

/// Number formatting for data files: shortest text that reads back as the same double.
func cell(_ value: Double) -> String {
  value.isFinite ? "\(value)" : "NaN"
}

/// Quotes `text` as a gnuplot string literal.
func quoted(_ text: String) -> String {
  "\""
    + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    + "\""
}

/// `expression` multiplied by `scale` in a gnuplot script (left alone when `scale` is 1).
func scaled(_ expression: String, _ scale: String) -> String {
  scale == "1" ? expression : "\(expression)*\(scale)"
}
