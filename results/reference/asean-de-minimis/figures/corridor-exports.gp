# China's exports to the Belt-and-Road corridors
# China's exports to the countries of each Belt-and-Road corridor, traditional trade and platforms
# together, summed over each complete calendar year; lines are means across replicates
# (corridors.csv also has the rest of the world, ROW). Scenario 'baseline': mean across 5
# replicates. No band is drawn: lines only. Source: corridors.csv, column china_exports_cny, one
# line per corridor.
#
# Data: corridor-exports.csv (beside this script).
# Render: gnuplot corridor-exports.gp  → corridor-exports.png, corridor-exports.svg, corridor-exports.pdf
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
set title "China's exports to the Belt-and-Road corridors"
set xrange [2014.6:2024.4]
set xtics (2015, 2017, 2019, 2021, 2023)
set format x "%.0f"
set xlabel "Year"
set ylabel "billion CNY per year (log scale)"
set logscale y

do for [format in "png svg pdf"] {
  if (format eq "png") { set terminal pngcairo size 1000,625 font "Liberation Sans,16.7" linewidth 1.67 noenhanced }
  if (format eq "svg") { set terminal svg size 600,375 dynamic font "Liberation Sans,10" linewidth 1 noenhanced }
  if (format eq "pdf") { set terminal pdfcairo size 6in,3.75in font "Liberation Sans,10" linewidth 1 noenhanced }
  set output "corridor-exports." . format
  plot "corridor-exports.csv" using "year":(strcol("corridor") eq "CMR" ? column("mean")*1e-9 : NaN) with linespoints linetype 1 title "China–Mongolia–Russia", \
    "" using "year":(strcol("corridor") eq "NELB" ? column("mean")*1e-9 : NaN) with linespoints linetype 2 title "New Eurasian Land Bridge", \
    "" using "year":(strcol("corridor") eq "CCAWA" ? column("mean")*1e-9 : NaN) with linespoints linetype 3 title "China–Central Asia–West Asia", \
    "" using "year":(strcol("corridor") eq "CICP" ? column("mean")*1e-9 : NaN) with linespoints linetype 4 title "China–Indochina Peninsula", \
    "" using "year":(strcol("corridor") eq "CPEC" ? column("mean")*1e-9 : NaN) with linespoints linetype 5 title "China–Pakistan", \
    "" using "year":(strcol("corridor") eq "BCIM" ? column("mean")*1e-9 : NaN) with linespoints linetype 6 title "Bangladesh–China–India–Myanmar", \
    "" using "year":(strcol("corridor") eq "MSR" ? column("mean")*1e-9 : NaN) with linespoints linetype 7 title "Maritime Silk Road"
  unset output
}
