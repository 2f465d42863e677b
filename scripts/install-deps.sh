#!/usr/bin/env bash
# Installs the Debian packages BRISim needs, if any is missing. Idempotent and quiet when all
# are present. As root it calls apt-get directly (CI); otherwise through sudo.
#
#   libgsl-dev       GSL: random distributions, quasi-random sequences, optimisation
#   libopenblas-dev  OpenBLAS: BLAS (dgemm, …) and LAPACK (dgelsd) for dense linear algebra
#   pkg-config       lets SwiftPM find OpenBLAS's headers and library (openblas.pc)
#   gnuplot-nox      gnuplot with the cairo terminals (PNG, SVG, PDF) that brisim figures drives
#   fonts-liberation Liberation Sans, the figures' typeface (metric-compatible with Arial)
set -euo pipefail

packages=(libgsl-dev libopenblas-dev pkg-config gnuplot-nox fonts-liberation)

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
