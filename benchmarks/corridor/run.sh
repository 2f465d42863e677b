#!/usr/bin/env bash
# Speed and memory of the full corridor economy (`brisim run`), release build.
#
#   bash benchmarks/corridor/run.sh
#
# Runs the baseline at the default scale (16 years + spin-up) and at 10x scale (a shorter
# horizon: agent-steps per second is the comparable figure), on 1 and 2 threads, alternating
# configurations round-robin for REPEATS rounds, and prints medians: wall seconds,
# agent-steps per second and peak resident memory per agent. Every run times its phases
# (brisim run --phase-timings): the table gives the speed-up on 2 threads against 1, the serial
# phases' share of the steps (Amdahl: 2 threads give at most 2 / (1 + share)) and the set-up and
# output seconds; then the slowest phases at the default scale on 1 thread. The SHA-256 of each
# run's CSVs must agree across rounds and thread counts; it is printed, to compare with another
# build's (a pure optimisation keeps it).
#
# Environment: REPEATS=3, MONTHS=192 (default scale), MONTHS_10X=24, BRISIM_BUILD=1 (0: use
# BRISIM, a built binary).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPEATS="${REPEATS:-3}"
MONTHS="${MONTHS:-192}"
MONTHS_10X="${MONTHS_10X:-24}"
if [ "${BRISIM_BUILD:-1}" = 1 ]; then swift build -c release --product brisim >&2; fi
exec python3 - "$REPEATS" "$MONTHS" "$MONTHS_10X" <<'PYTHON'
import os, statistics, sys
sys.path.insert(0, os.path.join(os.getcwd(), "benchmarks", "corridor"))
from measure import measure, median, summarize

repeats, months, months10 = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
brisim = os.environ.get("BRISIM") or os.path.abspath(".build/release/brisim")
configs = [(1, 1, months), (1, 2, months), (10, 1, months10), (10, 2, months10)]
results = {c: [] for c in configs}

def run(scale, threads, months):
    return measure(brisim, scale, threads, months)

for round in range(repeats):
    for config in configs:
        result = run(*config)
        results[config].append(result)
        print(f"[round {round + 1}] scale {config[0]:>2} threads {config[1]} months {config[2]:>3}: "
              f"{result['wall']:6.2f} s, serial share {result['serial']:.1%}", file=sys.stderr)

print(f"{'scale':>5} {'threads':>7} {'agents':>9} {'steps':>5} {'wall_s(median)':>14} {'min':>7} "
      f"{'max':>7} {'agent_steps/s':>14} {'speed-up':>8} {'serial':>6} {'setup_s':>7} "
      f"{'output_s':>8} {'peak_rss_MiB':>12} {'bytes/agent':>11} {'csv_sha256':>16}")
for (scale, threads, horizon), runs in results.items():
    m = summarize(runs, results[(scale, 1, horizon)], f"scale {scale}")
    print(f"{scale:>5} {threads:>7} {m['agents']:>9} {m['steps']:>5} {m['wall']:>14.2f} "
          f"{m['min']:>7.2f} {m['max']:>7.2f} {m['rate']:>14.3e} {m['speedup']:>8.2f} "
          f"{m['serial']:>6.1%} {m['setup']:>7.2f} {m['output']:>8.2f} "
          f"{m['rss'] / 2**20:>12.1f} {m['rss'] / m['agents']:>11.0f} {m['digest']:>16}")

# The slowest phases at the default scale on 1 thread (medians), each marked serial or
# partitioned, with their share of the run's wall time and, for serial phases, the seconds
# they spent fanned out over partitions (not serial).
runs = results[(1, 1, months)]
wall = median(runs, "wall")
print()
print(f"{'phase (scale 1, 1 thread)':>40} {'seconds':>8} {'of wall':>7} {'fanned out':>10}")
ranked = sorted(runs[0]["phases"], key=lambda name: -statistics.median(
    r["phases"][name] for r in runs))
for name in ranked[:12]:
    seconds = statistics.median(r["phases"][name] for r in runs)
    fanned = statistics.median(r["fan_out"].get(name.split("|")[0], 0) for r in runs)
    print(f"{name:>40} {seconds:>8.2f} {seconds / wall:>7.1%} {fanned:>10.2f}")
PYTHON
