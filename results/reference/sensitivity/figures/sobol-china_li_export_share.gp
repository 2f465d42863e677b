# Sobol' indices: China li export share, 2030
# First-order (S1, Saltelli 2010) and total (ST, Jansen) Sobol' indices of China li export share,
# 2030 for each swept parameter, ranked by ST (top), with 95 % bootstrap intervals (estimate ±
# 1.96 sd over resampled base rows). Source: analysis.csv (brisim analyze), metric
# china_li_export_share, year 2030.
#
# Data: sobol-china_li_export_share.csv (beside this script).
# Render: gnuplot sobol-china_li_export_share.gp  → sobol-china_li_export_share.png, sobol-china_li_export_share.svg, sobol-china_li_export_share.pdf
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
set title "Sobol' indices: China li export share, 2030"
set style fill solid 0.7 border lc rgb "#333333"
set xlabel "share of the output's variance"
set yrange [-0.6:17 - 0.4]
set ytics ("wage growth china per year (1/year)" 16, "productivity growth china per year (1/year)" 15, "relocation cost saving threshold (fraction)" 14, "importer sourcing potential share (fraction)" 13, "internet growth rate per year (1/year)" 12, "trust gain per good purchase (fraction)" 11, "adoption imitation per month (1/month)" 10, "importer sourcing imitation per month (1/month)" 9, "gdp growth corridor per year (1/year)" 8, "cross border variety utility (utility)" 7, "policy mfn_tariff" 6, "parcel cost cny (CNY)" 5, "policy de_minimis" 4, "cross border fraud probability (fraction)" 3, "policy enforcement" 2, "policy security_floor" 1, "policy infrastructure" 0) scale 0
set grid noytics xtics
set arrow from 0, graph 0 to 0, graph 1 nohead linecolor rgb "#333333" linewidth 1

do for [format in "png svg pdf"] {
  if (format eq "png") { set terminal pngcairo size 1000,625 font "Liberation Sans,16.7" linewidth 1.67 noenhanced }
  if (format eq "svg") { set terminal svg size 600,375 dynamic font "Liberation Sans,10" linewidth 1 noenhanced }
  if (format eq "pdf") { set terminal pdfcairo size 6in,3.75in font "Liberation Sans,10" linewidth 1 noenhanced }
  set output "sobol-china_li_export_share." . format
  plot "sobol-china_li_export_share.csv" using ((strcol("index") eq "ST" ? column("estimate") : NaN)/2):(16 - column("position")):(abs((strcol("index") eq "ST" ? column("estimate") : NaN))/2):(0.16) with boxxyerror linetype 2 title "total (ST)", \
      "sobol-china_li_export_share.csv" using (strcol("index") eq "ST" ? column("estimate") : NaN):(16 - column("position")):(strcol("index") eq "ST" ? column("ci_low") : NaN):(strcol("index") eq "ST" ? column("ci_high") : NaN) with xerrorbars linecolor rgb "#333333" dashtype solid pointtype 0 notitle, \
      "sobol-china_li_export_share.csv" using ((strcol("index") eq "S1" ? column("estimate") : NaN)/2):(16 - column("position")):(abs((strcol("index") eq "S1" ? column("estimate") : NaN))/2):(0.16) with boxxyerror linetype 1 title "first order (S1)", \
      "sobol-china_li_export_share.csv" using (strcol("index") eq "S1" ? column("estimate") : NaN):(16 - column("position")):(strcol("index") eq "S1" ? column("ci_low") : NaN):(strcol("index") eq "S1" ? column("ci_high") : NaN) with xerrorbars linecolor rgb "#333333" dashtype solid pointtype 0 notitle
  unset output
}
