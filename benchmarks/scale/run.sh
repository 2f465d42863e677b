#!/usr/bin/env bash
# Do the model's numbers depend on how many agents stand for the economy?
#
#   bash benchmarks/scale/run.sh
#
# Runs the embedded baseline (2015-01 to 2025-12 after the spin-up) at several scales (the
# multiplier of the default agent counts) with several seeds each, and reports for 2015, 2019
# and 2025, from each run's world.csv and corridors.csv:
#   1. the scale × seed table of China's CBEC and goods trade (trillion CNY), CBEC export share
#      and B2B share of CBEC;
#   2. for every scale, the replicate mean of each statistic (and of China's exports to each
#      corridor) against the mean at the reference (largest) scale: relative deviation for
#      amounts, percentage points for shares; ✗ when outside 5 % / 1.5 pp; and, beside it, the
#      deviation in units of its standard error (from the seeds of both scales), which tells a
#      bias (many standard errors) from the noise of a few seeds (one or two);
#   3. (a diagnostic, not a check) the real firms producing outside their founding country at the
#      end of each year, China's and every home's, mean ± standard error and ratio to the
#      reference scale;
#   4. the coefficient of variation across seeds of China's yearly CBEC and goods trade at each
#      scale, and the slope of log CV on log scale between 0.25 and 2 (−0.5 is 1/√scale).
# Amounts are yearly sums; shares are yearly ratios of sums.
#
# Below the default scale each scale gets SEEDS/scale seeds (0.5: 8, 0.25: 16, 0.1: 40, 0.05:
# 80), so that every scale's mean rests on as many agents as SEEDS runs at the default scale:
# a model whose numbers do not depend on the number of agents then gives means as close to the
# limit at 0.1 as at 1, and a scale whose means drift beyond that has a bias, not more noise.
# (Single runs at small scales stay noisier; the CV table shows how much.)
#
# Environment: SCALES="0.05 0.1 0.25 0.5 1 2" with SEEDS=4 (at least SEEDS per scale,
# SEEDS/scale below 1, SEEDS_DEFAULT=8 at scale 1, for the noise figure), REFERENCE=10 with
# REFERENCE_SEEDS=2, MONTHS=132, BRISIM_ARGS (more `brisim run` options for every run, e.g.
# "--set relocation_review_probability_per_month=0", to see whether a mechanism carries a
# drift, or "--agent-scale consumers=10 --agent-scale importers=10" to vary only the firms),
# JOBS=cores
# (runs at a time; each run gets cores / JOBS threads, the reference scale all cores),
# BRISIM_BUILD=1, BRISIM_BINARY=.build/release/brisim (another build to measure), KEEP=folder to keep
# the runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if [ "${BRISIM_BUILD:-1}" = 1 ]; then swift build -c release --product brisim >&2; fi
exec python3 - <<'PYTHON'
import collections, concurrent.futures, csv, hashlib, math, os, shlex, shutil, statistics, subprocess, sys, tempfile, time

scales = [float(s) for s in os.environ.get("SCALES", "0.05 0.1 0.25 0.5 1 2").split()]
seeds = int(os.environ.get("SEEDS", "4"))
seeds_default = int(os.environ.get("SEEDS_DEFAULT", "8"))
reference = float(os.environ.get("REFERENCE", "10"))
reference_seeds = int(os.environ.get("REFERENCE_SEEDS", "2"))
months = os.environ.get("MONTHS", "132")
cores = os.cpu_count()
jobs = int(os.environ.get("JOBS", str(cores)))
brisim = os.path.abspath(os.environ.get("BRISIM_BINARY", ".build/release/brisim"))
work = os.environ.get("KEEP") or tempfile.mkdtemp(prefix="brisim-scale-")
os.makedirs(work, exist_ok=True)
years = ["2015", "2019", "2025"]

extra = shlex.split(os.environ.get("BRISIM_ARGS", ""))
# Runs with other options are kept apart (a folder kept with KEEP is reused only for the same
# options).
variant = "-" + hashlib.sha256(" ".join(extra).encode()).hexdigest()[:8] if extra else ""

def run(scale, seed, threads):
    out = os.path.join(work, f"s{scale:g}-seed{seed}{variant}")
    if not os.path.exists(os.path.join(out, "manifest.json")):
        subprocess.run([brisim, "run", "--scale", f"{scale:g}", "--seed", str(seed), "--months", months,
                        "--threads", str(threads), "--out", out] + extra, check=True, stdout=subprocess.DEVNULL)
    sums = collections.defaultdict(float)
    with open(os.path.join(out, "world.csv")) as table:
        for row in csv.DictReader(table):
            year = row["date"][:4]
            for column in ["china_cbec_cny", "china_cbec_exports_cny", "china_b2b_cny", "china_total_trade_cny"]:
                sums[(year, column)] += float(row[column])
    with open(os.path.join(out, "corridors.csv")) as table:
        for row in csv.DictReader(table):
            sums[(row["date"][:4], "exports_to_" + row["corridor"])] += float(row["china_exports_cny"])
    # Real firms producing outside their founding country at the end of each year (diagnostic,
    # not a check): China's, and every home's.
    abroad = collections.defaultdict(float)
    with open(os.path.join(out, "countries.csv")) as table:
        for row in csv.DictReader(table):
            if row["date"][5:] == "12" and row["date"][:4] in years:
                abroad[(row["date"][:4], "all")] += float(row["relocated_firms_abroad"])
                if row["iso3"] == "CHN":
                    abroad[(row["date"][:4], "china")] += float(row["relocated_firms_abroad"])
    stats = {}
    corridors = sorted({key[1] for key in sums if key[1].startswith("exports_to_")})
    for year in years:
        cbec = sums[(year, "china_cbec_cny")]
        stats[(year, "cbec")] = cbec / 1e12
        stats[(year, "goods_trade")] = sums[(year, "china_total_trade_cny")] / 1e12
        stats[(year, "export_share")] = sums[(year, "china_cbec_exports_cny")] / cbec if cbec else float("nan")
        stats[(year, "b2b_share")] = sums[(year, "china_b2b_cny")] / cbec if cbec else float("nan")
        for corridor in corridors:
            stats[(year, corridor)] = sums[(year, corridor)] / 1e12
    return scale, seed, stats, abroad

def seed_count(scale):
    if scale == 1: return seeds_default
    return max(seeds, round(seeds / scale)) if scale < 1 else seeds

tasks = []
for scale in scales:
    for seed in range(1, seed_count(scale) + 1):
        tasks.append((scale, seed, max(1, cores // jobs)))
start = time.perf_counter()
results = []
with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
    results += list(pool.map(lambda task: run(*task), tasks))
for seed in range(1, reference_seeds + 1):
    results.append(run(reference, seed, cores))
wall = time.perf_counter() - start
if not os.environ.get("KEEP"):
    shutil.rmtree(work, ignore_errors=True)

by_scale = collections.defaultdict(list)
abroad_by_scale = collections.defaultdict(list)
for scale, seed, stats, abroad in results:
    by_scale[scale].append((seed, stats))
    abroad_by_scale[scale].append(abroad)
all_scales = sorted(by_scale)
print(f"# scale invariance: baseline to {int(months) // 12 + 2014}, scales {', '.join(f'{s:g}' for s in all_scales)}; reference scale {reference:g}; {wall:.0f} s" + (f"; options {' '.join(extra)}" if extra else ""))
print()
print(f"## Runs (trillion CNY; shares; the first {max(seeds, seeds_default)} seeds of each scale)")
print()
print("| scale | seed | " + " | ".join(f"CBEC {y} | trade {y} | export share {y} | B2B share {y}" for y in years) + " |")
print("|---" * (2 + 4 * len(years)) + "|")
for scale in all_scales:
    for seed, stats in sorted(by_scale[scale])[:max(seeds, seeds_default)]:
        cells = []
        for y in years:
            cells += [f"{stats[(y, 'cbec')]:.2f}", f"{stats[(y, 'goods_trade')]:.2f}", f"{stats[(y, 'export_share')]:.3f}", f"{stats[(y, 'b2b_share')]:.3f}"]
        print(f"| {scale:g} | {seed} | " + " | ".join(cells) + " |")

keys = sorted({key for _, _, stats, _ in results for key in stats}, key=lambda k: (k[0], k[1]))
reference_mean = {key: statistics.mean(stats[key] for _, stats in by_scale[reference]) for key in keys}
def standard_error(values):
    return statistics.stdev(values) / math.sqrt(len(values)) if len(values) > 1 else float("nan")

print()
print(f"## Replicate means against the reference scale {reference:g} (amounts: relative deviation, shares: percentage points; in brackets the deviation over its standard error)")
print()
print("seeds per scale: " + ", ".join(f"{s:g}: {len(by_scale[s])}" for s in all_scales))
print()
print("| statistic | " + " | ".join(f"{s:g}" for s in all_scales if s != reference) + " |")
print("|---" * (1 + len([s for s in all_scales if s != reference])) + "|")
failures = collections.Counter()
for key in keys:
    cells = []
    for scale in all_scales:
        if scale == reference: continue
        values = [stats[key] for _, stats in by_scale[scale]]
        mean = statistics.mean(values)
        error = math.hypot(standard_error(values), standard_error([stats[key] for _, stats in by_scale[reference]]))
        z = (mean - reference_mean[key]) / error if error > 0 else float("nan")
        if key[1] in ("export_share", "b2b_share"):
            deviation = (mean - reference_mean[key]) * 100
            ok = abs(deviation) <= 1.5
            cells.append(f"{deviation:+.2f} pp ({z:+.1f}){'' if ok else ' ✗'}")
        else:
            deviation = mean / reference_mean[key] - 1 if reference_mean[key] else float("nan")
            ok = abs(deviation) <= 0.05
            cells.append(f"{deviation * 100:+.1f} % ({z:+.1f}){'' if ok else ' ✗'}")
        if not ok: failures[scale] += 1
    print(f"| {key[1]} {key[0]} | " + " | ".join(cells) + " |")
print()
print("checks outside the tolerance, by scale: " + ", ".join(f"{s:g}: {failures[s]}" for s in all_scales if s != reference))

print()
print("## Real firms producing abroad at the end of the year (diagnostic: the ratio to the large-scale limit in parentheses; docs/ODD.md §3.5)")
print()
print("| scale | seeds | " + " | ".join(f"China's {y} | all homes' {y}" for y in years) + " |")
print("|---" * (2 + 2 * len(years)) + "|")
for scale in all_scales:
    cells = []
    for y in years:
        for home in ("china", "all"):
            values = [abroad[(y, home)] for abroad in abroad_by_scale[scale]]
            reference_value = statistics.mean(abroad[(y, home)] for abroad in abroad_by_scale[reference])
            mean = statistics.mean(values)
            ratio = f" ({mean / reference_value:.2f}×)" if scale != reference and reference_value > 0 else ""
            cells.append(f"{mean:,.0f} ± {standard_error(values):,.0f}{ratio}")
    print(f"| {scale:g} | {len(values)} | " + " | ".join(cells) + " |")

print()
print("## Coefficient of variation across seeds (yearly sums)")
print()
print("| scale | seeds | " + " | ".join(f"CBEC {y} | trade {y}" for y in years) + " |")
print("|---" * (2 + 2 * len(years)) + "|")
cv = {}
for scale in all_scales:
    cells = []
    for y in years:
        for name in ("cbec", "goods_trade"):
            values = [stats[(y, name)] for _, stats in by_scale[scale]]
            value = statistics.stdev(values) / statistics.mean(values) if len(values) > 1 else float("nan")
            cv[(scale, y, name)] = value
            cells.append(f"{value * 100:.1f} %")
    print(f"| {scale:g} | {len(by_scale[scale])} | " + " | ".join(cells) + " |")
fit_scales = [s for s in all_scales if 0.25 <= s <= 2]
if len(fit_scales) >= 2:
    print()
    for y in years:
        for name in ("cbec", "goods_trade"):
            xs = [math.log(s) for s in fit_scales if cv[(s, y, name)] > 0]
            ys = [math.log(cv[(s, y, name)]) for s in fit_scales if cv[(s, y, name)] > 0]
            if len(xs) >= 2:
                mx, my = statistics.mean(xs), statistics.mean(ys)
                slope = sum((x - mx) * (yy - my) for x, yy in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
                print(f"slope of log CV on log scale, {name} {y} (scales {fit_scales[0]:g}–{fit_scales[-1]:g}): {slope:+.2f} (1/√scale: −0.50)")
PYTHON
