#!/usr/bin/env bash
# Two builds of brisim side by side on the full corridor economy: alternating rounds (A, B, A,
# B, …) so that machine drift hits both alike; medians of wall seconds and peak resident memory
# at the default scale, on 1 and 2 threads.
#
#   bash benchmarks/corridor/compare.sh OLD_BINARY NEW_BINARY
#
# Build the older commit elsewhere first, e.g.
#   git worktree add /tmp/old COMMIT && (cd /tmp/old && swift build -c release --product brisim)
#
# Environment: REPEATS=3, MONTHS=192 (2015-01 to 2030-12; spin-up on top), SCALE=1.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: compare.sh OLD_BINARY NEW_BINARY" >&2; exit 2; }
exec python3 - "$1" "$2" "${REPEATS:-3}" "${MONTHS:-192}" "${SCALE:-1}" <<'PYTHON'
import os, resource, statistics, subprocess, sys, tempfile, time, shutil

old, new, repeats, months, scale = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
binaries = {"old": os.path.abspath(old), "new": os.path.abspath(new)}
results = {(name, threads): [] for name in binaries for threads in (1, 2)}

def run(binary, threads):
    out = tempfile.mkdtemp(prefix="brisim-compare-")
    start = time.perf_counter()
    child = subprocess.Popen([binary, "run", "--scale", scale, "--threads", str(threads), "--months", months,
                              "--out", out], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    if status != 0:
        sys.exit(f"{binary} failed with status {status}")
    return wall, usage.ru_maxrss / 1024

for round_ in range(repeats):
    for threads in (1, 2):
        for name, binary in binaries.items():
            results[(name, threads)].append(run(binary, threads))
print(f"# corridor economy, scale {scale}, {months} months, {repeats} alternating rounds (medians)")
print()
print("| build | threads | wall s | peak RSS MB |")
print("|---|---|---|---|")
for (name, threads), values in results.items():
    print(f"| {name} | {threads} | {statistics.median(v[0] for v in values):.2f} | {statistics.median(v[1] for v in values):.0f} |")
for threads in (1, 2):
    ratio = statistics.median(v[0] for v in results[("new", threads)]) / statistics.median(v[0] for v in results[("old", threads)])
    print(f"new/old wall time, {threads} thread(s): {ratio:.2f}")
PYTHON
