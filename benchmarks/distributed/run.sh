#!/usr/bin/env bash
# Throughput of the cluster engines against the local executor, release build, as root (the
# Slurm daemons), on this machine.
#
#   bash benchmarks/distributed/run.sh
#
# One sweep (scripts/cluster/test-sweep.yaml with SAMPLES Sobol' points × 3 replicates, a 10 %
# economy for 24 months, about 0.35 s a run on one core) run, round-robin for REPEATS rounds:
#   local  brisim sweep --jobs 1 and --jobs <cores> (one thread per run);
#   mpi    mpirun -np R brisim sweep --executor mpi, R = 1 … 4 (rank 0 dispatches, R − 1
#          workers run one run at a time; R = 1 runs every run itself, on the one core
#          mpirun binds a lone rank to);
#   slurm  brisim slurm --submit with an array of T tasks × 1 CPU, T = 1, 2, 4, 8, timed from
#          the submission to the end of the merge job, on a one-node cluster started with
#          scripts/cluster/slurm-up.sh (and stopped afterwards).
# Prints median wall seconds and runs/s, and the overhead: wall − the local wall with as many
# busy cores, in seconds and per run; for Slurm what the scheduler adds (starting the tasks,
# then the merge job once they end), for MPI the start-up and dispatch.
#
# Environment: REPEATS=3, SAMPLES=16, BRISIM_BUILD=1 (0: use BRISIM, a built binary).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPEATS="${REPEATS:-3}"
SAMPLES="${SAMPLES:-16}"
if [ "${BRISIM_BUILD:-1}" = 1 ]; then swift build -c release --product brisim >&2; fi
trap 'bash scripts/cluster/slurm-down.sh >&2' EXIT
bash scripts/cluster/slurm-up.sh >&2
python3 - "$REPEATS" "$SAMPLES" <<'PYTHON'
import os, re, shutil, statistics, subprocess, sys, tempfile, time

repeats, samples = int(sys.argv[1]), int(sys.argv[2])
brisim = os.environ.get("BRISIM") or os.path.abspath(".build/release/brisim")
cores = os.cpu_count()
mpirun = ["mpirun", "--allow-run-as-root", "--oversubscribe"]
work = tempfile.mkdtemp(prefix="brisim-distributed-bench-")
config = os.path.join(work, "sweep.yaml")
with open("scripts/cluster/test-sweep.yaml") as source:
    text = re.sub(r"samples: \d+", f"samples: {samples}", source.read())
with open(config, "w") as target:
    target.write(text)
runs = samples * 3

def run(command, out):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    assert os.path.exists(os.path.join(out, "summary.csv")), out
    return wall

def slurm(tasks, out):
    start = time.perf_counter()
    printed = subprocess.run(
        [brisim, "slurm", config, "--out", out, "--tasks", str(tasks), "--submit"],
        check=True, capture_output=True, text=True).stdout
    merge = re.search(r"submitted merge job (\d+)", printed).group(1)
    while subprocess.run(["squeue", "-h", "-j", merge], capture_output=True,
                         text=True).stdout.strip():
        time.sleep(0.05)
    wall = time.perf_counter() - start
    assert os.path.exists(os.path.join(out, "summary.csv")), out
    return wall

engines = {}
engines["local, 1 job"] = (1, lambda out: run([brisim, "sweep", config, "--out", out,
                                                "--jobs", "1", "--threads", "1"], out))
engines[f"local, {cores} jobs"] = (cores, lambda out: run(
    [brisim, "sweep", config, "--out", out, "--jobs", str(cores), "--threads", "1"], out))
for ranks in (1, 2, 3, 4):
    # A lone rank runs every run itself, but mpirun binds it to one core (its default when
    # ranks <= 2); otherwise ranks - 1 workers run one run each.
    workers = 1 if ranks == 1 else ranks - 1
    engines[f"mpi, {ranks} rank{'s' if ranks > 1 else ''}"] = (
        min(workers, cores), lambda out, r=ranks: run(
            mpirun + ["-np", str(r), brisim, "sweep", config, "--out", out, "--executor", "mpi"],
            out))
for tasks in (1, 2, 4, 8):
    engines[f"slurm, {tasks} task{'s' if tasks > 1 else ''}"] = (
        min(tasks, cores), lambda out, t=tasks: slurm(t, out))

walls = {name: [] for name in engines}
reference = None
for round in range(repeats):
    for name, (_, measure) in engines.items():
        out = os.path.join(work, "out")
        wall = measure(out)
        with open(os.path.join(out, "summary.csv"), "rb") as table:
            summary = table.read()
        reference = reference or summary
        assert summary == reference, f"{name}: summary.csv differs from the first engine's"
        shutil.rmtree(out)
        walls[name].append(wall)
        print(f"[round {round + 1}] {name}: {wall:6.2f} s", file=sys.stderr)
shutil.rmtree(work)

local = {1: statistics.median(walls["local, 1 job"]),
         cores: statistics.median(walls[f"local, {cores} jobs"])}
print(f"{runs} runs on {cores} cores, {repeats} rounds (medians); every engine's summary.csv identical")
print(f"{'engine':>16} {'busy_cores':>10} {'wall_s':>7} {'min':>7} {'max':>7} {'runs/s':>7} "
      f"{'overhead_s':>10} {'ms/run':>7}")
for name, (busy, _) in engines.items():
    wall = statistics.median(walls[name])
    overhead = wall - local[busy] if busy in local else float("nan")
    print(f"{name:>16} {busy:>10} {wall:>7.2f} {min(walls[name]):>7.2f} {max(walls[name]):>7.2f} "
          f"{runs / wall:>7.2f} {overhead:>10.2f} {overhead / runs * 1000:>7.0f}")
PYTHON
