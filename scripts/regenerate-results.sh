#!/usr/bin/env bash
# Regenerates the reference results committed under results/reference/ from scratch: the baseline
# (experiments/baseline.yaml, 4 replicates) and one scenario comparison (experiments/
# labor-cost.yaml: China's wage growth 6 %, 10 %, 14 % a year, 3 replicates each), each with
# its figures. About 4 minutes on 2 cores after the build. Same commit, same bytes in every
# CSV (manifests also record wall times and the machine; figures embed no data of their own).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product brisim
for experiment in baseline labor-cost; do
  rm -rf "results/reference/$experiment"
  .build/release/brisim run "experiments/$experiment.yaml" --out "results/reference/$experiment" \
    --figures
done
du -sh results/reference/*
