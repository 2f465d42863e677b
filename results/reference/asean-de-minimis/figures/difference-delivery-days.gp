# Delivery time of cross-border B2C parcels: difference from baseline
# Mean days from order to delivery of cross-border B2C parcels, weighted by orders, yearly means
# of monthly values. Scenario minus baseline, replicate by replicate (paired runs share their
# seeds, hence their random numbers): the mean of 5 paired differences. The band spans the 5th to
# 95th percentiles of the 5 paired differences (type-7 interpolation). Source: world.csv, column
# mean_b2c_delivery_days.
#
# Data: difference-delivery-days.csv (beside this script).
# Render: gnuplot difference-delivery-days.gp  → difference-delivery-days.png, difference-delivery-days.svg, difference-delivery-days.pdf
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
set title "Delivery time of cross-border B2C parcels: difference from baseline"
set xrange [2014.6:2024.4]
set xtics (2015, 2017, 2019, 2021, 2023)
set format x "%.0f"
set xlabel "Year"
set ylabel "difference, days (order-weighted mean)"

do for [format in "png svg pdf"] {
  if (format eq "png") { set terminal pngcairo size 1000,625 font "Liberation Sans,16.7" linewidth 1.67 noenhanced }
  if (format eq "svg") { set terminal svg size 600,375 dynamic font "Liberation Sans,10" linewidth 1 noenhanced }
  if (format eq "pdf") { set terminal pdfcairo size 6in,3.75in font "Liberation Sans,10" linewidth 1 noenhanced }
  set output "difference-delivery-days." . format
  plot "difference-delivery-days.csv" using "year":(strcol("scenario") eq "asean_de_minimis_400" ? column("band_low") : NaN):(strcol("scenario") eq "asean_de_minimis_400" ? column("band_high") : NaN) with filledcurves linecolor rgb "#D55E00" notitle, \
    "" using "year":(strcol("scenario") eq "fast_wages" ? column("band_low") : NaN):(strcol("scenario") eq "fast_wages" ? column("band_high") : NaN) with filledcurves linecolor rgb "#009E73" notitle, \
    "" using "year":(strcol("scenario") eq "both" ? column("band_low") : NaN):(strcol("scenario") eq "both" ? column("band_high") : NaN) with filledcurves linecolor rgb "#CC79A7" notitle, \
    "" using "year":(strcol("scenario") eq "asean_de_minimis_400" ? column("mean") : NaN) with linespoints linetype 2 title "asean_de_minimis_400 − baseline", \
    "" using "year":(strcol("scenario") eq "fast_wages" ? column("mean") : NaN) with linespoints linetype 3 title "fast_wages − baseline", \
    "" using "year":(strcol("scenario") eq "both" ? column("mean") : NaN) with linespoints linetype 4 title "both − baseline", \
    NaN with filledcurves linecolor rgb "#888888" title "band: 5th–95th percentiles of 5 paired differences", \
    0 with lines linecolor rgb "#333333" linewidth 1 dashtype 2 notitle
  unset output
}
