#!/usr/bin/env bash
# The cluster engines for real, on this machine (as root: Slurm's daemons). One small sweep
# (scripts/cluster/test-sweep.yaml, 24 runs) run four ways must give byte-identical summary.csv
# and runs.csv (wall times aside):
#   1. locally (brisim sweep), the reference;
#   2. under MPI: mpirun -np 3 brisim sweep --executor mpi;
#   3. under MPI with worker rank 1 killed (SIGKILL) mid-sweep, then the same command again;
#      and under mpirun --enable-recovery, where the other ranks finish all but rank 1's run;
#   4. on a one-node Slurm cluster: brisim slurm --submit, waiting for the merge job;
#   5. on Slurm with array task 2 cancelled (scancel) mid-run, then the resubmission that
#      brisim status prints.
# Needs bash scripts/install-deps.sh --cluster. Starts Slurm with scripts/cluster/slurm-up.sh and
# stops what it started on exit, pass or fail. About a minute.
set -euo pipefail
cd "$(dirname "$0")/../.."
# BRISIM names a built binary to test; otherwise the release build of this tree.
brisim="${BRISIM:-}"
if [ -z "$brisim" ]; then
  swift build -c release --product brisim >/dev/null
  brisim="$(swift build -c release --show-bin-path)/brisim"
fi
config=scripts/cluster/test-sweep.yaml
work=$(mktemp -d)
mpirun=(mpirun --allow-run-as-root --oversubscribe)

step() { echo "cluster test: $*"; }
fail() {
  echo "cluster test: FAIL: $*" >&2
  exit 1
}

# runs.csv without its wall_seconds column (the only column that differs between engines).
without_wall_times() {
  local column
  column=$(head -1 "$1" | tr ',' '\n' | grep -nx wall_seconds | cut -d: -f1)
  cut --complement -d, -f"$column" "$1"
}

# Same summary.csv byte for byte and the same runs.csv but for wall times as the reference.
same_as_local() {
  cmp "$work/local/summary.csv" "$1/summary.csv" || fail "$1/summary.csv differs from the local run's"
  diff <(without_wall_times "$work/local/runs.csv") <(without_wall_times "$1/runs.csv") >/dev/null ||
    fail "$1/runs.csv differs from the local run's (wall times aside)"
  step "$1: summary.csv and runs.csv identical to the local run's"
}

# The number of complete runs (folders with their manifest) in results folder $1.
complete_runs() { find "$1" -mindepth 2 -maxdepth 2 -name manifest.json 2>/dev/null | wc -l; }

# Waits (up to $2 s) until Slurm no longer holds job $1.
wait_for_job() {
  for _ in $(seq 1 $(($2 * 4))); do
    [ -z "$(squeue -h -j "$1" 2>/dev/null)" ] && return 0
    sleep 0.25
  done
  fail "Slurm job $1 still queued after $2 s: $(squeue -j "$1")"
}

# Once 4 runs of results folder $1 are complete, kills (SIGKILL) the process of MPI rank 1
# writing into it; sets victim to its pid.
kill_rank_1() {
  for _ in $(seq 1 400); do
    [ "$(complete_runs "$1")" -ge 4 ] && break
    sleep 0.05
  done
  victim=""
  for pid in $(pgrep -f -- "--out $1 --executor mpi" || true); do
    if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx OMPI_COMM_WORLD_RANK=1; then
      victim=$pid
    fi
  done
  [ -n "$victim" ] || fail "found no process of worker rank 1 to kill"
  kill -9 "$victim"
}

step "1. local sweep (the reference)"
"$brisim" sweep "$config" --out "$work/local" >/dev/null 2>"$work/local.log"

step "2. MPI, 3 ranks"
"${mpirun[@]}" -np 3 "$brisim" sweep "$config" --out "$work/mpi" --executor mpi \
  >"$work/mpi.log" 2>&1 || fail "mpirun exited with $?: $(tail -5 "$work/mpi.log")"
same_as_local "$work/mpi"

step "3. MPI, worker rank 1 killed mid-sweep"
"${mpirun[@]}" -np 3 "$brisim" sweep "$config" --out "$work/mpi-killed" --executor mpi \
  >"$work/mpi-killed.log" 2>&1 &
mpirun_pid=$!
kill_rank_1 "$work/mpi-killed"
if wait "$mpirun_pid"; then fail "mpirun exited 0 although rank 1 was killed"; fi
done_before=$(complete_runs "$work/mpi-killed")
[ "$done_before" -lt 24 ] || fail "every run finished before rank 1 was killed; nothing was tested"
step "   killed rank 1 (pid $victim) with $done_before of 24 runs complete; running again"
if "$brisim" status "$work/mpi-killed" >/dev/null; then fail "brisim status says complete"; fi
"${mpirun[@]}" -np 3 "$brisim" sweep "$config" --out "$work/mpi-killed" --executor mpi \
  >"$work/mpi-rerun.log" 2>&1 || fail "the rerun exited with $?: $(tail -5 "$work/mpi-rerun.log")"
grep -q "already complete" "$work/mpi-rerun.log" || fail "the rerun did not skip complete runs"
same_as_local "$work/mpi-killed"

step "3b. MPI with --enable-recovery, worker rank 1 killed: the others finish every other run"
"${mpirun[@]}" --enable-recovery -np 3 "$brisim" sweep "$config" --out "$work/mpi-recovery" \
  --executor mpi --rank-timeout 2 >"$work/mpi-recovery.log" 2>&1 &
mpirun_pid=$!
kill_rank_1 "$work/mpi-recovery"
wait "$mpirun_pid" || true # mpirun --enable-recovery exits 0 whatever its ranks did
grep -q "rank 1 (run .*) stopped answering" "$work/mpi-recovery.log" ||
  fail "rank 0 did not report rank 1 lost: $(tail -5 "$work/mpi-recovery.log")"
[ "$(complete_runs "$work/mpi-recovery")" -eq 23 ] ||
  fail "expected 23 of 24 runs complete, found $(complete_runs "$work/mpi-recovery")"
lost=$("$brisim" status "$work/mpi-recovery" || true)
echo "$lost" | grep -q "23 complete, 0 failed, 1 missing" ||
  fail "brisim status does not show the one lost run: $lost"
"${mpirun[@]}" -np 3 "$brisim" sweep "$config" --out "$work/mpi-recovery" --executor mpi \
  >"$work/mpi-recovery-rerun.log" 2>&1 || fail "the rerun exited with $?"
grep -q "runs: 1 ran now, 23 already complete" "$work/mpi-recovery-rerun.log" ||
  fail "the rerun did not run just the lost run: $(grep runs: "$work/mpi-recovery-rerun.log")"
same_as_local "$work/mpi-recovery"

step "4. Slurm: a one-node cluster, brisim slurm --submit"
# On exit, pass or fail: cancel every job of this test left in the queue, stop the daemons.
trap 'scancel -n brisim-cluster-test 2>/dev/null; scancel -n brisim-cluster-test-merge 2>/dev/null
  bash scripts/cluster/slurm-down.sh' EXIT
bash scripts/cluster/slurm-up.sh
submitted=$("$brisim" slurm "$config" --out "$work/slurm" --tasks 3 --submit)
echo "$submitted" | sed 's/^/   /'
merge=$(echo "$submitted" | sed -n 's/^submitted merge job \([0-9]*\).*/\1/p')
[ -n "$merge" ] || fail "brisim slurm printed no merge job id"
# While the tasks are queued or running, status says to wait and a second submission is refused.
queued=$("$brisim" status "$work/slurm" || true)
echo "$queued" | grep -q "^  wait: array job" || fail "brisim status did not say to wait: $queued"
if again=$("$brisim" slurm "$config" --out "$work/slurm" --submit 2>&1); then
  fail "a second --submit while the array runs was accepted: $again"
fi
echo "$again" | grep -q "queued or running" || fail "the refusal does not say why: $again"
wait_for_job "$merge" 300
[ -s "$work/slurm/summary.csv" ] || fail "the merge job wrote no summary.csv: $(cat "$work"/slurm/slurm/logs/merge-*.out)"
same_as_local "$work/slurm"

step "5. Slurm: array task 2 cancelled mid-run, resubmitted as brisim status says"
submitted=$("$brisim" slurm "$config" --out "$work/slurm-cancelled" --tasks 3 --submit)
array=$(echo "$submitted" | sed -n 's/^submitted array job \([0-9]*\).*/\1/p')
merge=$(echo "$submitted" | sed -n 's/^submitted merge job \([0-9]*\).*/\1/p')
# Mid-run, whatever the machine's speed: once task 2 (runs 2, 5, 8, … of plan.csv) has
# finished its first run, and before it finishes its second.
shard_2=$(awk -F, 'NR > 1 && (NR - 2) % 3 == 1 {print $1}' "$work/slurm-cancelled/plan.csv")
for _ in $(seq 1 1200); do
  for id in $shard_2; do
    [ -f "$work/slurm-cancelled/$id/manifest.json" ] && break 2
  done
  sleep 0.02
done
scancel "${array}_2"
for _ in $(seq 1 1200); do
  [ -z "$(squeue -h -j "$array" 2>/dev/null)" ] && break
  sleep 0.25
done
[ "$(squeue -h -j "$merge" -o %T)" = PENDING ] || fail "merge job $merge is not waiting on the cancelled task"
if status=$("$brisim" status "$work/slurm-cancelled"); then fail "brisim status says complete"; fi
echo "$status" | sed 's/^/   /'
resubmit=$(echo "$status" | sed -n 's/^  brisim slurm \(.* --submit\).*/\1/p' | sed 's/ *(.*//')
[ -n "$resubmit" ] || fail "brisim status printed no brisim slurm command"
echo "$status" | grep -q "submits task 2 " || fail "brisim status did not name task 2 alone"
# shellcheck disable=SC2086 # the printed command's words
submitted=$("$brisim" slurm $resubmit)
echo "$submitted" | sed 's/^/   /'
echo "$submitted" | grep -q "task 2 of 3" || fail "the resubmission did not submit task 2 alone"
echo "$submitted" | grep -q "cancelled merge job $merge" || fail "the stale merge job was not cancelled"
merge=$(echo "$submitted" | sed -n 's/^submitted merge job \([0-9]*\).*/\1/p')
wait_for_job "$merge" 300
same_as_local "$work/slurm-cancelled"
"$brisim" status "$work/slurm-cancelled" >/dev/null || fail "brisim status: not complete after the merge"

rm -rf "$work"
step "all passed"
