#!/usr/bin/env bash
# Speed and memory of the full corridor economy (`brisim run`), release build.
#
#   bash benchmarks/corridor/run.sh
#
# Runs the baseline at the default scale (16 years + spin-up) and at 10x scale (a shorter
# horizon: agent-steps per second is the comparable figure), on 1 and 2 threads, alternating
# configurations round-robin for REPEATS rounds, and prints medians: wall seconds,
# agent-steps per second and peak resident memory per agent.
#
# Environment: REPEATS=3, MONTHS=192 (default scale), MONTHS_10X=24, BRISIM_BUILD=1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPEATS="${REPEATS:-3}"
MONTHS="${MONTHS:-192}"
MONTHS_10X="${MONTHS_10X:-24}"
if [ "${BRISIM_BUILD:-1}" = 1 ]; then swift build -c release --product brisim >&2; fi
exec python3 - "$REPEATS" "$MONTHS" "$MONTHS_10X" <<'PYTHON'
import json, os, statistics, subprocess, sys, tempfile, time

repeats, months, months10 = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
brisim = os.path.abspath(".build/release/brisim")
configs = [(1, 1, months), (1, 2, months), (10, 1, months10), (10, 2, months10)]
results = {c: [] for c in configs}

def run(scale, threads, months):
    out = tempfile.mkdtemp(prefix="brisim-bench-")
    start = time.perf_counter()
    child = subprocess.Popen([brisim, "run", "--scale", str(scale), "--threads", str(threads),
                              "--months", str(months), "--out", out], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"brisim run failed (status {status})")
    manifest = json.load(open(os.path.join(out, "manifest.json")))
    agents = sum(manifest["agents"][k] for k in ("consumers", "firms", "importers"))
    steps = manifest["calendar"]["months"] + manifest["calendar"]["spin_up_months"]
    subprocess.run(["rm", "-rf", out])
    return wall, agents, steps, usage.ru_maxrss * 1024

for round in range(repeats):
    for config in configs:
        wall, agents, steps, rss = run(*config)
        results[config].append((wall, agents, steps, rss))
        print(f"[round {round + 1}] scale {config[0]:>2} threads {config[1]} months {config[2]:>3}: "
              f"{wall:6.2f} s", file=sys.stderr)

print(f"{'scale':>5} {'threads':>7} {'agents':>9} {'steps':>5} {'wall_s(median)':>14} {'min':>7} {'max':>7} "
      f"{'agent_steps/s':>14} {'peak_rss_MiB':>12} {'bytes/agent':>11}")
for (scale, threads, _), runs in results.items():
    walls = [r[0] for r in runs]
    wall = statistics.median(walls)
    agents, steps = runs[0][1], runs[0][2]
    rss = max(r[3] for r in runs)
    print(f"{scale:>5} {threads:>7} {agents:>9} {steps:>5} {wall:>14.2f} {min(walls):>7.2f} {max(walls):>7.2f} "
          f"{agents * steps / wall:>14.3e} {rss / 2**20:>12.1f} {rss / agents:>11.0f}")
PYTHON
