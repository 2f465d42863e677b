/// Publication defaults shared by every figure, and the standalone script around a figure's
/// commands.
///
/// - Size: 6 × 3.75 in (16:10) in the PDF, the same at 100 px per inch in the SVG and at
///   about 167 px per inch in the PNG (1000 × 625), so that the three render alike.
/// - Type: Liberation Sans (metric-compatible with Arial/Helvetica; Debian's fonts-liberation)
///   at 10 pt.
/// - Colour: the Okabe–Ito palette (Okabe & Ito 2008), distinguishable with every common form
///   of colour-vision deficiency; lines beyond the fourth also change dash pattern, and bands
///   are the line's colour at 20 % opacity.
/// - Axes: left and bottom only, outward ticks, light horizontal grid, labels with units; the
///   key below the plot, where it never covers data.
enum GnuplotStyle {
  /// Okabe–Ito colours in the order lines use them (yellow last: weakest on white).
  static let palette = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
  ]

  /// Output formats and the terminal that writes each.
  static let terminals: [(format: String, terminal: String)] = [
    ("png", "pngcairo size 1000,625 font \"Liberation Sans,16.7\" linewidth 1.67 noenhanced"),
    ("svg", "svg size 600,375 dynamic font \"Liberation Sans,10\" linewidth 1 noenhanced"),
    ("pdf", "pdfcairo size 6in,3.75in font \"Liberation Sans,10\" linewidth 1 noenhanced"),
  ]

  static let defaults = [
    "set encoding utf8",
    "set datafile separator comma",
    "set datafile missing \"NaN\"",
    "set border 3 linewidth 1 linecolor rgb \"#333333\"",
    "set tics nomirror out scale 0.6 textcolor rgb \"#333333\"",
    "set grid ytics linetype 1 linecolor rgb \"#e0e0e0\" linewidth 1 dashtype solid",
    "set key outside below center horizontal Left reverse samplen 2.5 spacing 1.1 width 1",
    "set style fill transparent solid 0.2 noborder",
  ]

  /// Line styles 1…8: palette colours, solid for the first four, dashed after.
  static var lineStyles: [String] {
    palette.enumerated().map { index, colour in
      let dash = index < 4 ? 1 : 2 + (index - 4) % 3
      return
        "set linetype \(index + 1) linecolor rgb \"\(colour)\" linewidth 1.5 dashtype \(dash) pointtype 7 pointsize 0.5"
    }
  }

  /// The colour of line `index` (0-based), for bands and points.
  static func colour(_ index: Int) -> String { palette[index % palette.count] }

  /// The standalone script: header comment, a `cd` to the script's folder so that it runs from
  /// anywhere, the defaults, the figure's settings, then one pass per output format.
  static func script(for plan: FigurePlan) -> String {
    var lines: [String] = []
    lines.append("# \(plan.title)")
    for line in wrap(plan.caption, width: 96) { lines.append("# \(line)") }
    lines.append("#")
    lines.append("# Data: \(plan.dataFileNames.joined(separator: ", ")) (beside this script).")
    lines.append(
      "# Render: gnuplot \(plan.stem).gp  → \(plan.stem).png, \(plan.stem).svg, \(plan.stem).pdf")
    lines.append("# Written by brisim figures; edit freely and re-render.")
    lines.append("")
    lines.append("# Run from this script's folder, wherever gnuplot was started.")
    lines.append("script_folder_end = 0")
    lines.append(
      "do for [i = 1:strlen(ARG0)] { if (ARG0[i:i] eq \"/\") { script_folder_end = i } }")
    lines.append("if (script_folder_end > 0) { cd ARG0[1:script_folder_end - 1] }")
    lines.append("")
    lines.append("reset")
    lines.append(contentsOf: defaults)
    lines.append(contentsOf: lineStyles)
    lines.append("set title \(quoted(plan.title))")
    lines.append(contentsOf: plan.settings)
    lines.append("")
    lines.append("do for [format in \"png svg pdf\"] {")
    for terminal in terminals {
      lines.append("  if (format eq \"\(terminal.format)\") { set terminal \(terminal.terminal) }")
    }
    lines.append("  set output \"\(plan.stem).\" . format")
    lines.append("  " + plan.plot)
    lines.append("  unset output")
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  /// `text` broken into lines of at most `width` characters at spaces.
  static func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
      if !current.isEmpty && current.count + 1 + word.count > width {
        lines.append(current)
        current = ""
      }
      current += (current.isEmpty ? "" : " ") + word
    }
    if !current.isEmpty { lines.append(current) }
    return lines
  }
}
