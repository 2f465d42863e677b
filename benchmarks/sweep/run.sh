#!/usr/bin/env bash
# Throughput and memory of sweeps (`brisim sweep`), release build.
#
#   bash benchmarks/sweep/run.sh
#
# 1. Throughput: experiments/sweep-demo.yaml (48 runs) with the default split of the cores
#    (one run per core, one thread each) against one run at a time using every core as
#    threads, alternating round-robin for REPEATS rounds. Prints median wall seconds, runs per
#    second and CPU utilisation = (user + system CPU seconds) / (wall seconds × cores).
# 2. Memory: the same tiny sweep (a 2 % economy for 12 months, random design) with 100 and
#    with 1,000 points. Prints peak resident memory of the sweep and of `brisim merge` on its
#    results; flat means nothing accumulates across runs.
#
# Environment: REPEATS=3, SMALL=100, LARGE=1000, BRISIM_BUILD=1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPEATS="${REPEATS:-3}"
SMALL="${SMALL:-100}"
LARGE="${LARGE:-1000}"
if [ "${BRISIM_BUILD:-1}" = 1 ]; then swift build -c release --product brisim >&2; fi
exec python3 - "$REPEATS" "$SMALL" "$LARGE" <<'PYTHON'
import os, shutil, statistics, subprocess, sys, tempfile, time

repeats, small, large = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
brisim = os.path.abspath(".build/release/brisim")
cores = os.cpu_count()

def measure(arguments):
    """Wall seconds, CPU seconds (children included) and peak RSS in bytes of one command."""
    start = time.perf_counter()
    child = subprocess.Popen([brisim, *arguments], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"brisim {' '.join(arguments)} failed (status {status})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024

def count_runs(folder):
    with open(os.path.join(folder, "runs.csv")) as table:
        return sum(1 for _ in table) - 1

# 1. Throughput of sweep-demo.
splits = {f"{cores} jobs x 1 thread": ["--jobs", str(cores), "--threads", "1"],
          f"1 job x {cores} threads": ["--jobs", "1", "--threads", str(cores)]}
throughput = {name: [] for name in splits}
for round in range(repeats):
    for name, options in splits.items():
        out = tempfile.mkdtemp(prefix="brisim-sweep-bench-")
        wall, cpu, _ = measure(["sweep", "experiments/sweep-demo.yaml", "--out", out, *options])
        runs = count_runs(out)
        shutil.rmtree(out)
        throughput[name].append((wall, cpu, runs))
        print(f"[round {round + 1}] sweep-demo, {name}: {wall:6.2f} s, {runs} runs, "
              f"CPU {cpu / (wall * cores):.1%}", file=sys.stderr)

print(f"sweep-demo on {cores} cores, {repeats} rounds (medians)")
print(f"{'split':>22} {'runs':>5} {'wall_s':>7} {'min':>7} {'max':>7} {'runs/s':>7} {'cpu_util':>8}")
for name, rounds in throughput.items():
    walls = [r[0] for r in rounds]
    wall = statistics.median(walls)
    utilisation = statistics.median(r[1] / (r[0] * cores) for r in rounds)
    runs = rounds[0][2]
    print(f"{name:>22} {runs:>5} {wall:>7.2f} {min(walls):>7.2f} {max(walls):>7.2f} "
          f"{runs / wall:>7.2f} {utilisation:>8.1%}")

# 2. Peak memory, 100 versus 1,000 runs.
print()
print(f"{'runs':>6} {'sweep_wall_s':>12} {'sweep_peak_MiB':>14} {'merge_wall_s':>12} {'merge_peak_MiB':>14}")
for samples in (small, large):
    folder = tempfile.mkdtemp(prefix="brisim-sweep-memory-")
    config = os.path.join(folder, "tiny.yaml")
    with open(config, "w") as text:
        text.write(f"""name: tiny
seed: 3
scale: 0.02
calendar: {{start: 2015-01, months: 12}}
outputs: {{tables: [world]}}
sweep:
  design: random
  samples: {samples}
  parameters:
    wage_growth_china_per_year: {{min: 0.04, max: 0.16}}
""")
    out = os.path.join(folder, "results")
    sweep_wall, _, sweep_rss = measure(["sweep", config, "--out", out])
    merge_wall, _, merge_rss = measure(["merge", out])
    assert count_runs(out) == samples
    shutil.rmtree(folder)
    print(f"{samples:>6} {sweep_wall:>12.2f} {sweep_rss / 2**20:>14.1f} {merge_wall:>12.2f} "
          f"{merge_rss / 2**20:>14.1f}")
PYTHON
