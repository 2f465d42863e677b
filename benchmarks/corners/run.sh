#!/usr/bin/env bash
# Corners of the parameter space: does every documented value run or get refused in one line?
#
#   bash benchmarks/corners/run.sh            # N random points over all parameters at once
#   bash benchmarks/corners/run.sh bounds     # every parameter alone at its ends and midpoint
#
# Random mode draws N points (N = 1,000 by default), each setting every parameter of
# `brisim parameters --csv` at once, uniformly between its smallest and largest allowed value
# (integers rounded, booleans fair coins; accounting_tolerance is left at its default), and
# runs each as `brisim run --scale SCALE --months MONTHS --set …` on a small economy, all cores
# busy (one single-threaded run per core). Bounds mode runs each parameter alone at its
# smallest allowed value, its midpoint and its largest allowed value (open ends: the nearest
# number inside). Each run is classified by its exit status:
#   ran      exit 0, and no NaN or infinity in any table it wrote;
#   refused  exit 2 with one line on stderr (bad input: a constraint between parameters);
#   failed   exit 1 (the model stopped: a quantity became NaN, the books did not balance);
#   crashed  anything else (a trap, a signal), or exit 0 with NaN in a table.
# It prints the counts, the refusals grouped by their constraint and every failure's message;
# bounds mode also prints the parameter × low/mid/high table. Target: 0 failed, 0 crashed.
#
# Environment: N=1000, SEED=1, SCALE=0.01, MONTHS=192 (2015-01 to 2030-12; spin-up comes on
# top), JOBS=cores, BRISIM_BUILD=1 (set 0 to use the existing release build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
MODE="${1:-random}"
if [ "${BRISIM_BUILD:-1}" = 1 ]; then swift build -c release --product brisim >&2; fi
exec python3 - "$MODE" "${N:-1000}" "${SEED:-1}" "${SCALE:-0.01}" "${MONTHS:-192}" \
  "${JOBS:-$(nproc)}" <<'PYTHON'
import collections, concurrent.futures, csv, io, os, random, re, shutil, subprocess, sys, tempfile, time

mode, n, seed, scale, months, jobs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6])
brisim = os.path.abspath(".build/release/brisim")
specs = list(csv.DictReader(io.StringIO(subprocess.run(
    [brisim, "parameters", "--csv"], check=True, capture_output=True, text=True).stdout)))
work = tempfile.mkdtemp(prefix="brisim-corners-")

def value_text(spec, u):
    low, high = float(spec["smallest_allowed"]), float(spec["largest_allowed"])
    if spec["kind"] == "boolean":
        return "true" if u >= 0.5 else "false"
    if spec["kind"] == "integer":
        return str(int(round(low + (high - low) * u)))
    if u == 0:
        return spec["smallest_allowed"]
    if u == 1:
        return spec["largest_allowed"]
    return repr(low + (high - low) * u)

def run(label, settings):
    out = os.path.join(work, label)
    command = [brisim, "run", "--scale", scale, "--months", months, "--threads", "1", "--out", out]
    for name, value in settings:
        command += ["--set", f"{name}={value}"]
    result = subprocess.run(command, capture_output=True, text=True)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    message = lines[-1] if lines else ""
    if result.returncode == 0:
        bad = False
        if os.path.isdir(out):
            for name in os.listdir(out):
                if name.endswith(".csv"):
                    with open(os.path.join(out, name)) as table:
                        if re.search(r"(?i)\b-?(nan|inf)\b", table.read()):
                            bad = True
        shutil.rmtree(out, ignore_errors=True)
        return label, ("crashed" if bad else "ran"), ("NaN or inf in a table" if bad else "")
    shutil.rmtree(out, ignore_errors=True)
    if result.returncode == 2 and len(lines) == 1 and message.startswith("brisim: error:"):
        return label, "refused", message
    if result.returncode == 1 and len(lines) == 1 and message.startswith("brisim: error: run "):
        return label, "failed", message
    return label, "crashed", f"exit {result.returncode}: {message[:300]}"

tasks = []
if mode == "bounds":
    for spec in specs:
        if spec["kind"] == "boolean":
            points = [("low", "false"), ("high", "true")]
        else:
            points = [("low", value_text(spec, 0)), ("mid", value_text(spec, 0.5)), ("high", value_text(spec, 1))]
        for which, value in points:
            tasks.append((f"{spec['name']}@{which}", [(spec["name"], value)]))
elif mode == "random":
    generator = random.Random(seed)
    for point in range(n):
        settings = [(spec["name"], value_text(spec, generator.random()))
                    for spec in specs if spec["name"] != "accounting_tolerance"]
        tasks.append((f"point{point:05d}", settings))
else:
    sys.exit(f"unknown mode {mode}; expected random or bounds")

start = time.perf_counter()
with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
    results = list(pool.map(lambda task: run(*task), tasks))
wall = time.perf_counter() - start
shutil.rmtree(work, ignore_errors=True)

counts = collections.Counter(outcome for _, outcome, _ in results)
print(f"# corners: mode {mode}, {len(results)} runs, scale {scale}, {months} months, {jobs} jobs, {wall:.0f} s")
print(f"ran {counts['ran']}, refused {counts['refused']}, failed {counts['failed']}, crashed {counts['crashed']}")
if mode == "bounds":
    print()
    print("| parameter | low | mid | high |")
    print("|---|---|---|---|")
    table = collections.OrderedDict()
    for label, outcome, message in results:
        name, which = label.split("@")
        short = outcome if outcome == "ran" else f"{outcome}: {message.replace('brisim: error: ', '')[:160]}"
        table.setdefault(name, {})[which] = short
    for name, cells in table.items():
        print(f"| {name} | {cells.get('low', '—')} | {cells.get('mid', '—')} | {cells.get('high', '—')} |")
reasons = collections.Counter()
for _, outcome, message in results:
    if outcome == "refused":
        match = re.search(r"break (.*?):", message)
        reasons[match.group(1) if match else message[:120]] += 1
if reasons:
    print("\nrefusals by constraint:")
    for reason, count in reasons.most_common():
        print(f"  {count:5d}  {reason}")
for label, outcome, message in results:
    if outcome in ("failed", "crashed"):
        print(f"{outcome}: {label}: {message}")
PYTHON
