# Exports' share of China's cross-border e-commerce
# China's e-commerce exports as a share of its e-commerce exports plus imports, monthly. Scenario
# 'baseline': mean across 5 replicates. The band spans the 5th to 95th percentiles of the 5
# replicates (type-7 interpolation). Source: world.csv, column cbec_export_share.
#
# Data: cbec-export-share.csv (beside this script).
# Render: gnuplot cbec-export-share.gp  → cbec-export-share.png, cbec-export-share.svg, cbec-export-share.pdf
# Written by brisim figures; edit freely and re-render.

# Run from this script's folder, wherever gnuplot was started.
script_folder_end = 0
do for [i = 1:strlen(ARG0)] { if (ARG0[i:i] eq "/") { script_folder_end = i } }
if (script_folder_end > 0) { cd ARG0[1:script_folder_end - 1] }

reset
set encoding utf8
set datafile separator comma
set datafile missing "NaN"
set border 3 linewidth 1 linecolor rgb "#333333"
set tics nomirror out scale 0.6 textcolor rgb "#333333"
set grid ytics linetype 1 linecolor rgb "#e0e0e0" linewidth 1 dashtype solid
set key outside below center horizontal Left reverse samplen 2.5 spacing 1.1 width 1
set style fill transparent solid 0.2 noborder
set linetype 1 linecolor rgb "#0072B2" linewidth 1.5 dashtype solid pointtype 6 pointsize 1
set linetype 2 linecolor rgb "#D55E00" linewidth 1.5 dashtype (9,4) pointtype 4 pointsize 1
set linetype 3 linecolor rgb "#009E73" linewidth 1.5 dashtype (2,3) pointtype 8 pointsize 1
set linetype 4 linecolor rgb "#CC79A7" linewidth 1.5 dashtype (10,3,2,3) pointtype 12 pointsize 1
set linetype 5 linecolor rgb "#E69F00" linewidth 1.5 dashtype (5,3,5,3,1,3) pointtype 10 pointsize 1
set linetype 6 linecolor rgb "#56B4E9" linewidth 1.5 dashtype (16,5) pointtype 2 pointsize 1
set linetype 7 linecolor rgb "#000000" linewidth 1.5 dashtype (3,2,8,2) pointtype 1 pointsize 1
set linetype 8 linecolor rgb "#F0E442" linewidth 1.5 dashtype (1,4) pointtype 3 pointsize 1
set title "Exports' share of China's cross-border e-commerce"
set xdata time
set timefmt "%Y-%m"
set format x "%Y"
set xrange ["2015-01":"2024-12"]
set xtics ("2015" "2015-01", "2017" "2017-01", "2019" "2019-01", "2021" "2021-01", "2023" "2023-01")
set xlabel "Year"
set ylabel "% of CBEC volume"

do for [format in "png svg pdf"] {
  if (format eq "png") { set terminal pngcairo size 1000,625 font "Liberation Sans,16.7" linewidth 1.67 noenhanced }
  if (format eq "svg") { set terminal svg size 600,375 dynamic font "Liberation Sans,10" linewidth 1 noenhanced }
  if (format eq "pdf") { set terminal pdfcairo size 6in,3.75in font "Liberation Sans,10" linewidth 1 noenhanced }
  set output "cbec-export-share." . format
  plot "cbec-export-share.csv" using "date":(strcol("series") eq "cbec_export_share" ? column("band_low")*100 : NaN):(strcol("series") eq "cbec_export_share" ? column("band_high")*100 : NaN) with filledcurves linecolor rgb "#0072B2" notitle, \
    "" using "date":(strcol("series") eq "cbec_export_share" ? column("mean")*100 : NaN) with lines linetype 1 notitle, \
    "" using "date":(strcol("series") eq "cbec_export_share" && substr(strcol("date"), 6, 7) eq "01" ? column("mean")*100 : NaN) with points linetype 1 notitle, \
    NaN with linespoints linetype 1 title "exports / (exports + imports)", \
    NaN with filledcurves linecolor rgb "#888888" title "band: 5th–95th percentiles of 5 replicates"
  unset output
}
