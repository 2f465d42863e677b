# Sobol' indices over time: China li export share
# Total Sobol' index ST (Jansen) of China li export share in each year, for the 6 parameters with
# the largest mean over the years, with 95 % bootstrap intervals: which levers drive the outcome
# early and late. Source: analysis.csv (brisim analyze), series china_li_export_share.
#
# Data: sobol-over-time-china_li_export_share.csv (beside this script).
# Render: gnuplot sobol-over-time-china_li_export_share.gp  → sobol-over-time-china_li_export_share.png, sobol-over-time-china_li_export_share.svg, sobol-over-time-china_li_export_share.pdf
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
set title "Sobol' indices over time: China li export share"
set xlabel "year"
set ylabel "total index ST (share of variance)"
set xtics 1 rotate by -45
set offsets 0.3, 0.3, 0, 0
set yrange [0:*]

do for [format in "png svg pdf"] {
  if (format eq "png") { set terminal pngcairo size 1000,625 font "Liberation Sans,16.7" linewidth 1.67 noenhanced }
  if (format eq "svg") { set terminal svg size 600,375 dynamic font "Liberation Sans,10" linewidth 1 noenhanced }
  if (format eq "pdf") { set terminal pdfcairo size 6in,3.75in font "Liberation Sans,10" linewidth 1 noenhanced }
  set output "sobol-over-time-china_li_export_share." . format
  plot "sobol-over-time-china_li_export_share.csv" using "year":((strcol("parameter") eq "wage_growth_china_per_year" ? column("estimate") : NaN)):((strcol("parameter") eq "wage_growth_china_per_year" ? column("ci_low") : NaN)):((strcol("parameter") eq "wage_growth_china_per_year" ? column("ci_high") : NaN)) with yerrorlines linetype 1 title "wage growth china per year (1/year)", \
      "sobol-over-time-china_li_export_share.csv" using "year":((strcol("parameter") eq "productivity_growth_china_per_year" ? column("estimate") : NaN)):((strcol("parameter") eq "productivity_growth_china_per_year" ? column("ci_low") : NaN)):((strcol("parameter") eq "productivity_growth_china_per_year" ? column("ci_high") : NaN)) with yerrorlines linetype 2 title "productivity growth china per year (1/year)", \
      "sobol-over-time-china_li_export_share.csv" using "year":((strcol("parameter") eq "cross_border_variety_utility" ? column("estimate") : NaN)):((strcol("parameter") eq "cross_border_variety_utility" ? column("ci_low") : NaN)):((strcol("parameter") eq "cross_border_variety_utility" ? column("ci_high") : NaN)) with yerrorlines linetype 3 title "cross border variety utility (utility)", \
      "sobol-over-time-china_li_export_share.csv" using "year":((strcol("parameter") eq "trust_gain_per_good_purchase" ? column("estimate") : NaN)):((strcol("parameter") eq "trust_gain_per_good_purchase" ? column("ci_low") : NaN)):((strcol("parameter") eq "trust_gain_per_good_purchase" ? column("ci_high") : NaN)) with yerrorlines linetype 4 title "trust gain per good purchase (fraction)", \
      "sobol-over-time-china_li_export_share.csv" using "year":((strcol("parameter") eq "cross_border_fraud_probability" ? column("estimate") : NaN)):((strcol("parameter") eq "cross_border_fraud_probability" ? column("ci_low") : NaN)):((strcol("parameter") eq "cross_border_fraud_probability" ? column("ci_high") : NaN)) with yerrorlines linetype 5 title "cross border fraud probability (fraction)", \
      "sobol-over-time-china_li_export_share.csv" using "year":((strcol("parameter") eq "parcel_cost_cny" ? column("estimate") : NaN)):((strcol("parameter") eq "parcel_cost_cny" ? column("ci_low") : NaN)):((strcol("parameter") eq "parcel_cost_cny" ? column("ci_high") : NaN)) with yerrorlines linetype 6 title "parcel cost cny (CNY)"
  unset output
}
