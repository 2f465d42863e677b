#!/usr/bin/env bash
# Two builds of brisim side by side on the full corridor economy: alternating rounds (old, new,
# old, new, … for every configuration) so that machine drift hits both alike. For each build
# and configuration: median wall seconds, agent-steps per second, the speed-up of 2 threads
# over the same build's 1, the serial share of the steps, peak resident memory per agent, and
# the checksum of the CSVs (a pure optimisation leaves it unchanged: the script says whether
# the two builds' tables are byte-identical). Then the phases of both at the first scale.
# (Builds before 0cd2173 count whole serial phases as serial; later ones leave out the time
# serial phases spend fanned out over partitions, so their serial shares are not comparable.)
#
#   bash benchmarks/corridor/compare.sh OLD_BINARY NEW_BINARY
#
# Build the older commit elsewhere first, e.g.
#   git worktree add /tmp/old COMMIT && (cd /tmp/old && swift build -c release --product brisim)
#
# Environment: REPEATS=3; SCALES="1 10" with MONTHS=192 for scale 1 and MONTHS_10X=24 for the
# others (2015-01 on, spin-up on top).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: compare.sh OLD_BINARY NEW_BINARY" >&2; exit 2; }
for binary in "$1" "$2"; do
  [ -x "$binary" ] || { echo "compare.sh: $binary is not an executable" >&2; exit 2; }
done
old="$(realpath "$1")"
new="$(realpath "$2")"
cd "$(dirname "${BASH_SOURCE[0]}")"
exec python3 - "$old" "$new" "${REPEATS:-3}" "${SCALES:-1 10}" "${MONTHS:-192}" "${MONTHS_10X:-24}" <<'PYTHON'
import os, statistics, sys
sys.path.insert(0, os.getcwd())
from measure import measure, median, summarize

old, new, repeats, scales = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split()
months, months10 = int(sys.argv[5]), int(sys.argv[6])
binaries = {"old": os.path.abspath(old), "new": os.path.abspath(new)}
configs = [(float(s), t, months if float(s) == 1 else months10) for s in scales for t in (1, 2)]
results = {(name, c): [] for c in configs for name in binaries}

for round_ in range(repeats):
    for config in configs:
        for name, binary in binaries.items():
            result = measure(binary, *config)
            results[(name, config)].append(result)
            print(f"[round {round_ + 1}] {name} scale {config[0]:g} threads {config[1]}: "
                  f"{result['wall']:6.2f} s", file=sys.stderr)

print(f"# corridor economy, {repeats} alternating rounds (medians); old = {old}, new = {new}")
print()
print("| build | scale | threads | agents | steps | wall s (min–max) | agent-steps/s | speed-up | "
      "serial share | peak RSS MiB | bytes/agent | CSV sha256 |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for config in configs:
    for name in binaries:
        m = summarize(results[(name, config)], results[(name, (config[0], 1, config[2]))],
                      f"{name}, scale {config[0]:g}")
        print(f"| {name} | {config[0]:g} | {config[1]} | {m['agents']:,} | {m['steps']} | "
              f"{m['wall']:.2f} ({m['min']:.2f}–{m['max']:.2f}) | {m['rate'] / 1e6:.2f} M | "
              f"{m['speedup']:.2f} | {m['serial']:.1%} | {m['rss'] / 2**20:.0f} | "
              f"{m['rss'] / m['agents']:.0f} | {m['digest']} |")
print()
for config in configs:
    if config[1] != 1:
        continue
    ratio_1 = median(results[("new", config)], "wall") / median(results[("old", config)], "wall")
    two = (config[0], 2, config[2])
    ratio_2 = median(results[("new", two)], "wall") / median(results[("old", two)], "wall")
    same = results[("new", config)][0]["csv_sha256"] == results[("old", config)][0]["csv_sha256"]
    print(f"scale {config[0]:g}: new/old wall time {ratio_1:.2f} (1 thread), {ratio_2:.2f} "
          f"(2 threads); tables {'byte-identical' if same else 'DIFFERENT'}")

# Phases at the first scale, 1 and 2 threads, both builds (medians, seconds).
first = configs[0]
print()
print(f"| phase (scale {first[0]:g}) | old 1 thr | new 1 thr | old 2 thr | new 2 thr |")
print("|---|---|---|---|---|")
# Every phase either build has (a phase whose kind changed, e.g. partitioned to serial, shows
# on two rows, each with "-" for the build without it), the old build's longest first.
phases = dict(results[("new", first)][0]["phases"])
phases.update(results[("old", first)][0]["phases"])
for phase in sorted(phases, key=lambda p: -phases[p]):
    cells = []
    for threads in (1, 2):
        for name in binaries:
            runs = results[(name, (first[0], threads, first[2]))]
            cells.append(statistics.median(r["phases"].get(phase, float("nan")) for r in runs))
    print(f"| {phase} | " + " | ".join("-" if c != c else f"{c:.2f}" for c in cells) + " |")
PYTHON
