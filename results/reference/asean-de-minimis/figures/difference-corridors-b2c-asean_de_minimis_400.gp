# asean_de_minimis_400 − baseline: B2C (parcel) exports by corridor, 2024
# Mean paired difference (asean_de_minimis_400 minus baseline, replicate by replicate: paired runs
# share their seeds) of China's B2C (parcel) exports to each corridor in 2024 (corridors.csv: B2C
# = china_b2c_exports_cny; B2B = china_cbec_exports_cny − china_b2c_exports_cny), billion CNY per
# year; error bars: the 95 % confidence interval of the mean difference (Student t over 5 paired
# differences). Source: compare-corridors.csv, written by brisim compare.
#
# Data: difference-corridors-b2c-asean_de_minimis_400.csv (beside this script).
# Render: gnuplot difference-corridors-b2c-asean_de_minimis_400.gp  → difference-corridors-b2c-asean_de_minimis_400.png, difference-corridors-b2c-asean_de_minimis_400.svg, difference-corridors-b2c-asean_de_minimis_400.pdf
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
set title "asean_de_minimis_400 − baseline: B2C (parcel) exports by corridor, 2024"
set style fill solid 0.6 border lc rgb "#333333"
set xlabel "difference, billion CNY per year"
set ylabel ""
set yrange [-0.6:8 - 0.4]
set ytics scale 0
set grid noytics xtics
set arrow from 0, graph 0 to 0, graph 1 nohead linecolor rgb "#333333" linewidth 1
set key off
# One bar per corridor, drawn from 0 to the mean difference.

do for [format in "png svg pdf"] {
  if (format eq "png") { set terminal pngcairo size 1000,625 font "Liberation Sans,16.7" linewidth 1.67 noenhanced }
  if (format eq "svg") { set terminal svg size 600,375 dynamic font "Liberation Sans,10" linewidth 1 noenhanced }
  if (format eq "pdf") { set terminal pdfcairo size 6in,3.75in font "Liberation Sans,10" linewidth 1 noenhanced }
  set output "difference-corridors-b2c-asean_de_minimis_400." . format
  plot "difference-corridors-b2c-asean_de_minimis_400.csv" using (column("mean_difference")*1e-9/2):"position":(abs(column("mean_difference"))*1e-9/2):(0.35):ytic(strcol("label")) with boxxyerror linecolor rgb "#D55E00" notitle, \
      "difference-corridors-b2c-asean_de_minimis_400.csv" using (column("mean_difference")*1e-9):"position":(column("t_ci_low")*1e-9):(column("t_ci_high")*1e-9) with xerrorbars linecolor rgb "#333333" dashtype solid pointtype 7 pointsize 0.5 notitle
  unset output
}
