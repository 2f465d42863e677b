#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine, as root (Debian 12, slurm-wlm 22.05, about
# 10 s): munge, slurmctld and slurmd, one partition `debug` with all cores. Waits until the
# node is idle. Writes /etc/slurm/slurm.conf only if there is none or it is one this script
# wrote. Records the daemons it started in $BRISIM_SLURM_STATE (default
# /tmp/brisim-slurm-started) so that scripts/cluster/slurm-down.sh stops those and no others.
set -euo pipefail
state="${BRISIM_SLURM_STATE:-/tmp/brisim-slurm-started}"
marker="# Written by BRISim scripts/cluster/slurm-up.sh"
[ "$(id -u)" -eq 0 ] || { echo "slurm-up: must run as root" >&2; exit 2; }
command -v slurmctld >/dev/null || {
  echo "slurm-up: slurmctld not found; run bash scripts/install-deps.sh --cluster" >&2
  exit 2
}

host=$(hostname)
cpus=$(nproc)
memory=$(free -m | awk '/Mem:/{print int($2*0.8)}')
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
if [ ! -f /etc/slurm/slurm.conf ] || grep -qF "$marker" /etc/slurm/slurm.conf; then
  cat > /etc/slurm/slurm.conf <<CONF
$marker
ClusterName=local
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
ReturnToService=2
MpiDefault=none
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
fi

: > "$state"
if ! pgrep -x munged >/dev/null; then
  [ -f /etc/munge/munge.key ] || mungekey --create
  chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge
  runuser -u munge -- munged
  echo munged >> "$state"
fi
if ! pgrep -x slurmctld >/dev/null; then
  slurmctld
  echo slurmctld >> "$state"
fi
if ! pgrep -x slurmd >/dev/null; then
  slurmd
  echo slurmd >> "$state"
fi

for _ in $(seq 1 60); do
  if sinfo -h -o %T 2>/dev/null | grep -qx idle; then
    echo "slurm-up: node $host idle with $cpus CPUs (started: $(tr '\n' ' ' < "$state"))"
    exit 0
  fi
  sleep 0.5
done
echo "slurm-up: the node did not become idle in 30 s; see /var/log/slurm/*.log" >&2
exit 1
