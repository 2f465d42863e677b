"""Side by side: brisim analyze and SALib's sobol.analyze on the same Saltelli sample and outputs.

For each case, SALib draws the sample (sobol.sample, no second order), the outputs are a test
function of it, and both tools analyse the same numbers: brisim from a results folder written
here (manifest.json + summary.csv, as a sweep with design saltelli writes them), SALib from the
array. Prints the largest difference of the point estimates (same estimators: they agree to
rounding), the ratio of the bootstrap interval half-widths (different random resamples: equal
within bootstrap noise), and each tool's wall time (median of REPEATS runs).
"""
import json, os, subprocess, sys, tempfile, time
import numpy as np
from SALib.sample import sobol as sobol_sample
from SALib.analyze import sobol as sobol_analyze

binary = sys.argv[1]
repeats = int(os.environ.get("REPEATS", "3"))
resamples = int(os.environ.get("RESAMPLES", "1000"))


def ishigami(x):
    return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])


def g_function(x, a):
    return np.prod((np.abs(4 * x - 2) + a) / (1 + a), axis=1)


def case(name, problem, n, f):
    x = sobol_sample.sample(problem, n, calc_second_order=False, seed=11)
    y = f(x)
    d = problem["num_vars"]
    folder = tempfile.mkdtemp(prefix="brisim-sensitivity-")
    names = problem["names"]
    with open(os.path.join(folder, "manifest.json"), "w") as handle:
        json.dump({"summary_metrics": ["y"], "dimensions": names, "design": "saltelli",
                   "second_order": False}, handle)
    with open(os.path.join(folder, "summary.csv"), "w") as handle:
        handle.write(",".join(["run_id", "point", "scenario", "replicate", "seed"] + names + ["y"]) + "\n")
        for p in range(len(y)):
            handle.write(",".join([f"p{p}", str(p), "baseline", "0", "0"]
                                  + [repr(float(v)) for v in x[p]] + [repr(float(y[p]))]) + "\n")
    ours, theirs, peak_kb = [], [], []
    rss = os.path.join(folder, "peak-rss-kb")
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss, binary, "analyze", folder,
                        "--bootstrap", str(resamples)], check=True, stdout=subprocess.DEVNULL)
        ours.append(time.perf_counter() - start)
        peak_kb.append(int(open(rss).read().split()[-1]))
        start = time.perf_counter()
        salib = sobol_analyze.analyze(problem, y, calc_second_order=False,
                                      num_resamples=resamples, seed=5)
        theirs.append(time.perf_counter() - start)
    lines = [line.strip().split(",") for line in open(os.path.join(folder, "analysis.csv"))]
    rows = [dict(zip(lines[0], r)) for r in lines[1:]]
    got = {(r["index"], r["parameter"]): (float(r["estimate"]), float(r["ci_high"]) - float(r["estimate"]))
           for r in rows if r["index"] in ("S1", "ST")}
    s1 = np.array([got[("S1", v)][0] for v in names])
    st = np.array([got[("ST", v)][0] for v in names])
    s1_half = np.array([got[("S1", v)][1] for v in names])
    st_half = np.array([got[("ST", v)][1] for v in names])
    print(f"{name}: {len(y)} rows x {d} parameters, {resamples} bootstrap resamples")
    print(f"  largest |S1 difference| {np.max(np.abs(s1 - salib['S1'])):.2e}, "
          f"|ST difference| {np.max(np.abs(st - salib['ST'])):.2e}")
    print(f"  interval half-widths, brisim / SALib: S1 {np.median(s1_half / salib['S1_conf']):.3f} "
          f"(range {np.min(s1_half / salib['S1_conf']):.2f}-{np.max(s1_half / salib['S1_conf']):.2f}), "
          f"ST {np.median(st_half / salib['ST_conf']):.3f} "
          f"(range {np.min(st_half / salib['ST_conf']):.2f}-{np.max(st_half / salib['ST_conf']):.2f})")
    print(f"  wall seconds (median of {repeats}): brisim analyze {np.median(ours):.3f} "
          f"(reading the CSV and the convergence analysis included), SALib {np.median(theirs):.3f}; "
          f"summary.csv {os.path.getsize(os.path.join(folder, 'summary.csv')) / 1e6:.1f} MB, "
          f"brisim peak memory {np.median(peak_kb) / 1024:.1f} MiB")
    if d <= 3:
        for v, a, b, c, e in zip(names, s1, salib["S1"], st, salib["ST"]):
            print(f"    {v}: S1 brisim {a:.6f} SALib {b:.6f}   ST brisim {c:.6f} SALib {e:.6f}")


case("Ishigami", {"num_vars": 3, "names": ["x1", "x2", "x3"],
                  "bounds": [[-np.pi, np.pi]] * 3}, 1024, ishigami)
a = np.array([0, 1, 4.5, 9] + [99] * 16, dtype=float)
# 10,000 and 100,000 rows x 20 parameters (N (D + 2) = 4545 x 22 = 99,990): brisim streams
# summary.csv, so its memory grows only by the points' replicate means.
case("G function", {"num_vars": 20, "names": [f"x{i + 1}" for i in range(20)],
                    "bounds": [[0, 1]] * 20}, 455, lambda x: g_function(x, a))
case("G function", {"num_vars": 20, "names": [f"x{i + 1}" for i in range(20)],
                    "bounds": [[0, 1]] * 20}, 4545, lambda x: g_function(x, a))
