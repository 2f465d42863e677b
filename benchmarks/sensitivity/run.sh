#!/usr/bin/env bash
# Side-by-side: brisim analyze against SALib (PyPI) on the same Saltelli samples and outputs —
# Ishigami (1,024 base rows) and Sobol's G function at 100,000 rows × 20 parameters. SALib is
# installed into a virtual environment under benchmarks/sensitivity/.venv (network to PyPI
# needed once). Release build; REPEATS runs each, medians. About a minute on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${BRISIM_BINARY:-}" ]; then
  swift build -c release --product brisim >/dev/null
  BRISIM_BINARY=.build/release/brisim
fi
venv=benchmarks/sensitivity/.venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "SALib==1.6.0"
fi
"$venv/bin/python" benchmarks/sensitivity/compare.py "$BRISIM_BINARY"
