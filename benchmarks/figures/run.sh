#!/usr/bin/env bash
# Time to regenerate the figures of the committed reference results (`brisim figures`),
# release build: results/reference/baseline (a replicated run, 9 figures) and
# results/reference/labor-cost (a
# scenario comparison, 26 figures), each with one gnuplot process at a time (--jobs 1) and one
# per core (the default), alternating round-robin for REPEATS rounds on copies of the folders
# (the committed figures are not touched). Prints median wall seconds and figures per second.
#
#   bash benchmarks/figures/run.sh          (REPEATS=5, BRISIM_BUILD=1)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPEATS="${REPEATS:-5}"
if [ "${BRISIM_BUILD:-1}" = 1 ]; then swift build -c release --product brisim >&2; fi
exec python3 - "$REPEATS" <<'PYTHON'
import os, shutil, statistics, subprocess, sys, tempfile, time

repeats = int(sys.argv[1])
brisim = os.path.abspath(".build/release/brisim")
cores = os.cpu_count()
scratch = tempfile.mkdtemp(prefix="brisim-figures-bench-")
folders = {}
for name in ["baseline", "labor-cost"]:
    source = os.path.join("results", "reference", name)
    if not os.path.isdir(source):
        sys.exit(f"{source} is missing: run scripts/regenerate-results.sh first")
    folders[name] = os.path.join(scratch, name)
    shutil.copytree(source, folders[name], ignore=shutil.ignore_patterns("figures"))

variants = [(name, jobs) for name in folders for jobs in (1, cores)]
times = {variant: [] for variant in variants}
counts = {}
for round in range(repeats):
    for name, jobs in variants:
        start = time.perf_counter()
        output = subprocess.run([brisim, "figures", folders[name], "--jobs", str(jobs)],
                                check=True, capture_output=True, text=True).stdout
        times[(name, jobs)].append(time.perf_counter() - start)
        counts[name] = int(output.split()[1])

print(f"brisim figures, {repeats} rounds, {cores} cores, medians")
print(f"{'results':<12} {'figures':>7} {'gnuplot jobs':>12} {'wall s':>8} {'figures/s':>10}")
for name, jobs in variants:
    median = statistics.median(times[(name, jobs)])
    print(f"{name:<12} {counts[name]:>7} {jobs:>12} {median:>8.2f} {counts[name] / median:>10.1f}")
shutil.rmtree(scratch)
PYTHON
