/// Publication defaults shared by every figure, and the standalone script around a figure's
/// commands.
///
/// - Size: 6 × 3.75 in (16:10) in the PDF, the same at 100 px per inch in the SVG and at
///   about 167 px per inch in the PNG (1000 × 625), so that the three render alike.
/// - Type: Liberation Sans (metric-compatible with Arial/Helvetica; Debian's fonts-liberation)
///   at 10 pt.
/// - Colour: the Okabe–Ito palette (Okabe & Ito 2008), distinguishable with every common form
///   of colour-vision deficiency; bands are the line's colour at 20 % opacity.
/// - Lines: each line style also has its own dash pattern and open marker, so that lines which
///   coincide (scenarios before a policy starts) still show, and so does the figure in grey.
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

  /// Dash patterns of line styles 1…8 (gnuplot's dash-length lists, in units of the line
  /// width): solid first, then patterns that differ in rhythm, not just in length.
  static let dashes = [
    "solid", "(9,4)", "(2,3)", "(10,3,2,3)", "(5,3,5,3,1,3)", "(16,5)", "(3,2,8,2)", "(1,4)",
  ]

  /// Open markers of line styles 1…8 (circle, square, triangle, diamond, inverted triangle,
  /// cross, plus, star): drawn over each other, distinct outlines stay visible.
  static let markers = [6, 4, 8, 12, 10, 2, 1, 3]

  /// Line styles 1…8: palette colour, dash pattern and marker.
  static var lineStyles: [String] {
    palette.enumerated().map { index, colour in
      "set linetype \(index + 1) linecolor rgb \"\(colour)\" linewidth 1.5 dashtype \(dashes[index]) pointtype \(markers[index]) pointsize 1"
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
    // A long title takes two lines rather than running off the plot.
    let titleLines =
      plan.title.count > titleWidth
      ? wrap(plan.title, width: (plan.title.count + 1) / 2 + 8) : [plan.title]
    lines.append(
      "set title \"\(titleLines.map { String(quoted($0).dropFirst().dropLast()) }.joined(separator: "\\n"))\""
    )
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

  /// Characters a title holds on one line at 10 pt across 6 in.
  static let titleWidth = 80

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
