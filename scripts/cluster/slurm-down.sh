#!/usr/bin/env bash
# Stops the daemons scripts/cluster/slurm-up.sh started (listed in $BRISIM_SLURM_STATE), and
# no others: `scontrol shutdown` for slurmctld and slurmd, munged by its pid file.
set -uo pipefail
state="${BRISIM_SLURM_STATE:-/tmp/brisim-slurm-started}"
[ -f "$state" ] || exit 0
if grep -qx 'slurmctld\|slurmd' "$state"; then
  scontrol shutdown >/dev/null 2>&1 || true
  for _ in $(seq 1 40); do
    pgrep -x slurmctld >/dev/null || pgrep -x slurmd >/dev/null || break
    sleep 0.25
  done
  for daemon in slurmctld slurmd; do
    if grep -qx "$daemon" "$state" && pgrep -x "$daemon" >/dev/null; then
      pkill -x "$daemon"
    fi
  done
fi
if grep -qx munged "$state" && [ -f /run/munge/munged.pid ]; then
  kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
fi
rm -f "$state"
echo "slurm-down: stopped what slurm-up started"
