# China's cross-border e-commerce transactions, 2015–2019
# The source paper's Figure 1, simulated against observed, in trillion CNY per year. Observed: the
# industry series (China E-commerce Research Center / 100EC and others; sources in
# observed_cbec_china.csv), error bars spanning the published figures for the year. Simulated:
# world.csv column china_cbec_cny (China's B2B and B2C platform trade, exports plus imports) of
# scenario 'baseline', summed by year, mean across 5 replicates. The band spans the 5th to 95th
# percentiles of the 5 replicates (type-7 interpolation).
#
# Data: paper-figure-1.csv, observed_cbec_china.csv (beside this script).
# Render: gnuplot paper-figure-1.gp  → paper-figure-1.png, paper-figure-1.svg, paper-figure-1.pdf
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
set title "China's cross-border e-commerce transactions, 2015–2019"
set xrange [2014.6:2019.4]
set xtics 1
set format x "%.0f"
set xlabel "Year"
set ylabel "trillion CNY per year"
set yrange [0:*]

do for [format in "png svg pdf"] {
  if (format eq "png") { set terminal pngcairo size 1000,625 font "Liberation Sans,16.7" linewidth 1.67 noenhanced }
  if (format eq "svg") { set terminal svg size 600,375 dynamic font "Liberation Sans,10" linewidth 1 noenhanced }
  if (format eq "pdf") { set terminal pdfcairo size 6in,3.75in font "Liberation Sans,10" linewidth 1 noenhanced }
  set output "paper-figure-1." . format
  plot "paper-figure-1.csv" using "year":(strcol("series") eq "simulated" ? column("band_low_trillion_cny") : NaN):(strcol("series") eq "simulated" ? column("band_high_trillion_cny") : NaN) with filledcurves linecolor rgb "#0072B2" title "simulated, band: 5th–95th percentiles of 5 replicates", \
    "" using "year":(strcol("series") eq "simulated" ? column("cbec_trillion_cny") : NaN) with linespoints linetype 1 title "simulated (mean of 5 replicates)", \
    "" using "year":(strcol("series") eq "observed" ? column("cbec_trillion_cny") : NaN):(strcol("series") eq "observed" ? column("band_low_trillion_cny") : NaN):(strcol("series") eq "observed" ? column("band_high_trillion_cny") : NaN) with yerrorlines linetype 2 title "observed (range of published figures)"
  unset output
}
