#!/usr/bin/env bash
# Regenerates the reference results committed under results/reference/ from scratch: the baseline
# (experiments/baseline.yaml, 4 replicates), one scenario comparison (experiments/
# labor-cost.yaml: China's wage growth 6 %, 10 %, 14 % a year, 3 replicates each) and the
# README's worked question (experiments/asean-de-minimis.yaml: 4 scenarios × 5 replicates, with
# brisim compare's tables), each with its figures. About 7 minutes on 2 cores after the build.
# The ASEAN runs' countries.csv and flows.csv (≈8 MB a run) stay out of git (.gitignore); their
# summaries, comparisons and figures are committed. Same commit, same bytes in every
# CSV (manifests also record wall times and the machine; figures embed no data of their own).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product brisim
for experiment in baseline labor-cost asean-de-minimis; do
  rm -rf "results/reference/$experiment"
  .build/release/brisim run "experiments/$experiment.yaml" --out "results/reference/$experiment" \
    --figures
done
du -sh results/reference/*
