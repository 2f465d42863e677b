"""One timed `brisim run` of the corridor economy, shared by run.sh and compare.sh.

measure(binary, scale, threads, months) runs the binary with --phase-timings into a temporary
folder and returns its wall seconds, agents, steps, peak resident memory (wait4 rusage), serial
share, set-up and output seconds, per-phase seconds (and, for serial phases, the seconds spent
fanned out over partitions) and the SHA-256 (first 16 hex digits) of
its CSV tables, then removes the folder.
"""
import hashlib, json, os, re, shutil, statistics, subprocess, sys, tempfile, time


def measure(binary, scale, threads, months):
    out = tempfile.mkdtemp(prefix="brisim-bench-")
    try:
        start = time.perf_counter()
        child = subprocess.Popen([binary, "run", "--scale", str(scale), "--threads", str(threads),
                                  "--months", str(months), "--out", out, "--phase-timings"],
                                 stdout=subprocess.PIPE, text=True)
        printed = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        if status != 0:
            sys.exit(f"{binary} run failed (status {status})")
        manifest = json.load(open(os.path.join(out, "manifest.json")))
        agents = sum(manifest["agents"][k] for k in ("consumers", "firms", "importers"))
        steps = manifest["calendar"]["months"] + manifest["calendar"]["spin_up_months"]
        digest = hashlib.sha256()
        for name in sorted(f for f in os.listdir(out) if f.endswith(".csv")):
            with open(os.path.join(out, name), "rb") as table:
                digest.update(table.read())
    finally:
        shutil.rmtree(out, ignore_errors=True)
    values = dict(line.split(": ", 1) for line in printed.splitlines() if ": " in line)
    phases, fan_out = {}, {}
    for key, value in values.items():
        match = re.fullmatch(r"phase_seconds\[(.+)\]", key)
        if match:
            phases[match.group(1)] = float(value)
        match = re.fullmatch(r"phase_fan_out_seconds\[(.+)\]", key)
        if match:
            fan_out[match.group(1)] = float(value)
    return {"wall": wall, "agents": agents, "steps": steps, "rss": usage.ru_maxrss * 1024,
            "serial": float(values["serial_share"]), "setup": float(values["setup_seconds"]),
            "output": float(values["output_seconds"]), "phases": phases, "fan_out": fan_out,
            "csv_sha256": digest.hexdigest()[:16]}


def median(runs, key):
    return statistics.median(r[key] for r in runs)


def summarize(runs, one_thread, what):
    """Medians of one configuration's runs (and its speed-up over `one_thread`, the same
    build's 1-thread runs); exits naming `what` if the CSVs differ between rounds or thread
    counts."""
    digests = {r["csv_sha256"] for r in runs + one_thread}
    if len(digests) != 1:
        sys.exit(f"{what}: the CSVs differ between rounds or thread counts: {sorted(digests)}")
    walls = [r["wall"] for r in runs]
    wall = statistics.median(walls)
    agents, steps = runs[0]["agents"], runs[0]["steps"]
    return {"wall": wall, "min": min(walls), "max": max(walls), "agents": agents,
            "steps": steps, "rate": agents * steps / wall,
            "speedup": median(one_thread, "wall") / wall, "serial": median(runs, "serial"),
            "setup": median(runs, "setup"), "output": median(runs, "output"),
            "rss": max(r["rss"] for r in runs), "digest": runs[0]["csv_sha256"]}
