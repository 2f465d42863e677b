#!/usr/bin/env bash
# Installs the Debian packages BRISim needs, if any is missing. Idempotent and quiet when all
# are present. As root it calls apt-get directly (CI); otherwise through sudo.
#
#   libgsl-dev       GSL: random distributions, quasi-random sequences, optimisation
#   libopenblas-dev  OpenBLAS: BLAS (dgemm, …) and LAPACK (dgelsd) for dense linear algebra
#   pkg-config       lets SwiftPM find OpenBLAS's headers and library (openblas.pc)
#   gnuplot-nox      gnuplot with the cairo terminals (PNG, SVG, PDF) that brisim figures drives
#   fonts-liberation Liberation Sans, the figures' typeface (metric-compatible with Arial)
#
# With --cluster, also what the cluster engines need (about a minute more; CI installs them,
# BRISim builds without them, and a binary built without Open MPI says so in one line when
# `brisim sweep --executor mpi` is asked for):
#   slurm-wlm        slurmctld, slurmd, sbatch, squeue, scancel, scontrol (a one-node cluster
#                    for scripts/cluster/test.sh; sbatch on a login node)
#   munge            Slurm's authentication daemon
#   openmpi-bin      mpirun
#   libopenmpi-dev   mpi.h and libmpi, found by SwiftPM through `pkg-config ompi-c`
set -euo pipefail

packages=(libgsl-dev libopenblas-dev pkg-config gnuplot-nox fonts-liberation)
case "${1:-}" in
  "") ;;
  --cluster) packages+=(slurm-wlm munge openmpi-bin libopenmpi-dev) ;;
  *) echo "install-deps: unknown option '$1'; expected nothing or --cluster" >&2; exit 2 ;;
esac

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
