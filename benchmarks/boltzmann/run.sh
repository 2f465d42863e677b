#!/usr/bin/env bash
# Cross-framework benchmark of the Boltzmann wealth model: Mesa 3.5.1 vs plain C vs BRISim.
#
#   bash benchmarks/boltzmann/run.sh            # throughput benchmark (default)
#   bash benchmarks/boltzmann/run.sh memory     # peak-RSS measurement
#
# Environment (all optional):
#   SIZES="1000 100000 1000000"   agent counts
#   REPEATS=3                     round-robin rounds per size
#   IMPLS="mesa c c-tuned brisim-seq brisim-par1 brisim-par"   which implementations to run
#                                 (brisim-par1: parallel mode on 1 thread, for pure thread scaling)
#   SEED=42                       seed of round 1 (round r uses SEED + r - 1, same for all impls)
#   TARGET_AGENT_STEPS=200000000  fast impls (C, C tuned, BRISim): steps = TARGET / N (min MIN_STEPS)
#   MIN_STEPS=20
#   MESA_TARGET_AGENT_STEPS=3000000  Mesa: steps = TARGET / N (min MESA_MIN_STEPS)
#   MESA_MIN_STEPS=5
#   STEPS="1000:200000 1000000:200"   explicit per-N step counts for C/C tuned/BRISim (override the target)
#   MESA_STEPS="1000000:5"            explicit per-N step counts for Mesa
#   PAR_THREADS=2                 --threads for brisim-par
#   BRISIM_BUILD=1                build brisim first (swift build -c release --product brisim); 0 = don't
#   BRISIM=<path>                 brisim binary (default <repo>/.build/release/brisim)
#   PYTHON=<path>                 Python >= 3.12 used to create the venv
#   CC=gcc                        C compiler (always -O2, no -march=native)
#   memory mode: MEM_AGENTS=10000000 MEM_STEPS=5 MEM_BASELINE_AGENTS=1000
#                MEM_MESA_AGENTS=1000000 (0 = skip Mesa) MEM_IMPLS="c brisim-seq brisim-par mesa"
#                RSS_METHOD=auto|python (python = force the getrusage fallback instead of /usr/bin/time -v)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MODE="${1:-bench}"
case "$MODE" in
  bench|memory) ;;
  -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
  *) echo "usage: $0 [bench|memory]" >&2; exit 2 ;;
esac

SIZES="${SIZES:-1000 100000 1000000}"
REPEATS="${REPEATS:-3}"
IMPLS="${IMPLS:-mesa c c-tuned brisim-seq brisim-par1 brisim-par}"
SEED="${SEED:-42}"
TARGET_AGENT_STEPS="${TARGET_AGENT_STEPS:-200000000}"
MIN_STEPS="${MIN_STEPS:-20}"
MESA_TARGET_AGENT_STEPS="${MESA_TARGET_AGENT_STEPS:-3000000}"
MESA_MIN_STEPS="${MESA_MIN_STEPS:-5}"
STEPS="${STEPS:-}"
MESA_STEPS="${MESA_STEPS:-}"
PAR_THREADS="${PAR_THREADS:-2}"
BRISIM_BUILD="${BRISIM_BUILD:-1}"
BRISIM="${BRISIM:-$ROOT/.build/release/brisim}"
CC="${CC:-gcc}"
MESA_VERSION="3.5.1"

VENV="$HERE/.venv"
BUILD="$HERE/build"
RESULTS="$HERE/results"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

die() { echo "run.sh: error: $*" >&2; exit 1; }
log() { echo "[run.sh] $*" >&2; }

if [[ "$MODE" == memory ]]; then
  IMPLS="${MEM_IMPLS:-c brisim-seq brisim-par mesa}"
fi
wants() { [[ " $IMPLS " == *" $1 "* ]]; }
wants_brisim() { wants brisim-seq || wants brisim-par || wants brisim-par1; }

# ------------------------------------------------------------------ Python / Mesa venv
py_ok() {  # usable interpreter: runs, is >= 3.12, has venv
  "$1" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
  local c cands=()
  [[ -n "${PYTHON:-}" ]] && { py_ok "$PYTHON" && { echo "$PYTHON"; return 0; }; die "PYTHON=$PYTHON is not a working Python >= 3.12 with venv"; }
  # pyenv installs (oldest >= 3.12 first: Mesa 3.5.1's baseline), not via shims/`pyenv local`
  local proot="${PYENV_ROOT:-}"
  [[ -z "$proot" ]] && command -v pyenv >/dev/null 2>&1 && proot="$(pyenv root 2>/dev/null || true)"
  [[ -z "$proot" && -d "$HOME/.pyenv" ]] && proot="$HOME/.pyenv"
  if [[ -n "$proot" && -d "$proot/versions" ]]; then
    while IFS= read -r v; do
      for c in "$proot/versions/$v"/bin/python3.[0-9]*; do
        [[ "$c" =~ python3\.[0-9]+$ && -x "$c" ]] && cands+=("$c")
      done
    done < <(ls -1 "$proot/versions" | grep -E '^3\.[0-9]+\.[0-9]+$' | sort -t. -k1,1n -k2,2n -k3,3nr)
  fi
  # PATH
  for c in python3.12 python3.13 python3.14 python3; do
    command -v "$c" >/dev/null 2>&1 && cands+=("$(command -v "$c")")
  done
  for c in "${cands[@]}"; do
    py_ok "$c" && { echo "$c"; return 0; }
  done
  return 1
}

venv_ok() {
  [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" - "$MESA_VERSION" >/dev/null 2>&1 <<'EOF'
import sys
import mesa
sys.exit(0 if mesa.__version__ == sys.argv[1] and sys.version_info >= (3, 12) else 1)
EOF
}

setup_venv() {
  if venv_ok; then log "venv OK: $VENV (mesa $MESA_VERSION)"; return; fi
  local py
  py="$(find_python)" || die "no Python >= 3.12 found (tried \$PYTHON, pyenv versions, python3.12/3.13/3.14/python3 on PATH). Install one or set PYTHON=/path/to/python3.12"
  log "creating venv with $py ($("$py" -V 2>&1))"
  rm -rf "$VENV"
  "$py" -m venv "$VENV"
  # Mesa 3.5.1 imports networkx at `import mesa` but only declares it in extras -> use [network].
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "mesa[network]==$MESA_VERSION"
  venv_ok || die "venv at $VENV does not import mesa $MESA_VERSION after install"
}

# ------------------------------------------------------------------ C reference
build_c() {
  mkdir -p "$BUILD"
  if [[ ! -x "$BUILD/boltzmann" || "$HERE/boltzmann.c" -nt "$BUILD/boltzmann" ]]; then
    log "compiling boltzmann.c with $CC -O2"
    "$CC" -O2 -o "$BUILD/boltzmann" "$HERE/boltzmann.c" || die "C compile failed"
  fi
}

# ------------------------------------------------------------------ BRISim
setup_brisim() {
  if [[ "$BRISIM_BUILD" == 1 ]]; then
    command -v swift >/dev/null 2>&1 || die "swift not found (set BRISIM_BUILD=0 and BRISIM=/path/to/brisim to use a prebuilt binary)"
    log "building brisim (swift build -c release --product brisim) in $ROOT"
    (cd "$ROOT" && swift build -c release --product brisim) >&2 || die "swift build failed"
  fi
  [[ -x "$BRISIM" ]] || die "brisim binary not found at $BRISIM (build it, set BRISIM=..., BRISIM_BUILD=1, or drop brisim-* from IMPLS)"
}

# ------------------------------------------------------------------ helpers
steps_for() {  # steps_for N map target min
  local n="$1" map="$2" target="$3" min="$4" kv
  for kv in $map; do
    [[ "${kv%%:*}" == "$n" ]] && { echo "${kv#*:}"; return; }
  done
  local s=$(( target / n ))
  (( s < min )) && s=$min
  echo "$s"
}

impl_cmd() {  # impl_cmd IMPL N STEPS SEED -> prints argv, one per line
  local impl="$1" n="$2" s="$3" seed="$4"
  local common=(--agents "$n" --steps "$s" --seed "$seed")
  case "$impl" in
    mesa)       printf '%s\n' "$VENV/bin/python" "$HERE/mesa_boltzmann.py" "${common[@]}" ;;
    c)          printf '%s\n' "$BUILD/boltzmann" "${common[@]}" --variant plain ;;
    c-tuned)    printf '%s\n' "$BUILD/boltzmann" "${common[@]}" --variant tuned ;;
    brisim-seq) printf '%s\n' "$BRISIM" bench boltzmann "${common[@]:0:4}" --mode sequential --threads 1 "${common[@]:4}" ;;
    brisim-par) printf '%s\n' "$BRISIM" bench boltzmann "${common[@]:0:4}" --mode parallel --threads "$PAR_THREADS" "${common[@]:4}" ;;
    brisim-par1) printf '%s\n' "$BRISIM" bench boltzmann "${common[@]:0:4}" --mode parallel --threads 1 "${common[@]:4}" ;;
    *) die "unknown implementation '$impl'" ;;
  esac
}

impl_threads() { case "$1" in brisim-par) echo "$PAR_THREADS" ;; *) echo 1 ;; esac; }

getkey() { awk -F': *' -v k="$1" '$1 == k { print $2; found = 1; exit } END { if (!found) exit 1 }' "$2"; }

machine_info() {
  echo "date_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host: $(uname -n) $(uname -srm)"
  echo "cpu: $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown)"
  echo "nproc: $(nproc 2>/dev/null || echo unknown)"
  echo "mem_total: $(awk '/^MemTotal/ {print $2 " kB"; exit}' /proc/meminfo 2>/dev/null || echo unknown)"
  echo "cc: $("$CC" --version 2>/dev/null | head -1)"
  [[ -x "$VENV/bin/python" ]] && echo "python: $("$VENV/bin/python" -V 2>&1), mesa $MESA_VERSION"
  command -v swift >/dev/null 2>&1 && echo "swift: $(swift --version 2>&1 | head -1)"
  echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo none)"
  echo "settings: SIZES='$SIZES' REPEATS=$REPEATS IMPLS='$IMPLS' SEED=$SEED PAR_THREADS=$PAR_THREADS"
}

# ------------------------------------------------------------------ set-up
wants mesa && setup_venv
{ wants c || wants c-tuned; } && build_c
wants_brisim && setup_brisim
mkdir -p "$RESULTS"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"

# ================================================================== memory mode
if [[ "$MODE" == memory ]]; then
  MEM_AGENTS="${MEM_AGENTS:-10000000}"
  MEM_STEPS="${MEM_STEPS:-5}"
  MEM_BASELINE_AGENTS="${MEM_BASELINE_AGENTS:-1000}"
  MEM_MESA_AGENTS="${MEM_MESA_AGENTS:-1000000}"
  GNU_TIME=0
  if [[ "${RSS_METHOD:-auto}" != python ]] && command -v /usr/bin/time >/dev/null 2>&1 && /usr/bin/time -v -o "$TMP/t" true >/dev/null 2>&1 \
     && grep -q 'Maximum resident set size' "$TMP/t"; then
    GNU_TIME=1
  fi
  PYRUN="$VENV/bin/python"
  if [[ "$GNU_TIME" == 0 && ! -x "$PYRUN" ]]; then
    PYRUN="$(find_python)" || PYRUN="$(command -v python3 || true)"
    [[ -n "$PYRUN" ]] || die "need GNU /usr/bin/time or a python3 to measure peak RSS"
  fi
  if [[ "$GNU_TIME" == 1 ]]; then
    log "peak RSS via /usr/bin/time -v"
  else
    log "peak RSS via python resource.getrusage(RUSAGE_CHILDREN); Linux folds the wrapper's own RSS" \
        "(~10 MiB) into the child's at exec, so small peaks read as that floor"
  fi

  peak_kib() {  # peak_kib OUTFILE cmd... -> prints peak RSS in KiB of cmd
    local out="$1"; shift
    if [[ "$GNU_TIME" == 1 ]]; then
      /usr/bin/time -v -o "$TMP/time.txt" "$@" >"$out" || die "command failed: $*"
      awk -F': *' '/Maximum resident set size/ {print $2}' "$TMP/time.txt"
    else
      "$PYRUN" - "$@" >"$out" 2>"$TMP/rss.txt" <<'EOF' || die "command failed: $*"
import resource, subprocess, sys
rc = subprocess.run(sys.argv[1:]).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)  # KiB on Linux
sys.exit(rc)
EOF
      tail -n 1 "$TMP/rss.txt"
    fi
  }

  CSV="$RESULTS/memory-$STAMP.csv"
  machine_info >"$RESULTS/memory-$STAMP.txt"
  echo "impl,agents,steps,threads,peak_rss_kib,baseline_agents,baseline_peak_rss_kib,bytes_per_agent,incremental_bytes_per_agent" >"$CSV"
  printf '\n%-11s %11s %6s %8s %13s %15s %22s\n' impl agents steps threads peak_rss_MiB bytes_per_agent bytes_per_agent_above_base
  for impl in $IMPLS; do
    n="$MEM_AGENTS"; s="$MEM_STEPS"
    if [[ "$impl" == mesa ]]; then
      n="$MEM_MESA_AGENTS"; s=1
      [[ "$n" == 0 ]] && continue
    fi
    mapfile -t bcmd < <(impl_cmd "$impl" "$MEM_BASELINE_AGENTS" 1 "$SEED")
    base_kib="$(peak_kib "$TMP/out_base" "${bcmd[@]}")"
    mapfile -t cmd < <(impl_cmd "$impl" "$n" "$s" "$SEED")
    log "$impl: ${cmd[*]}"
    kib="$(peak_kib "$TMP/out" "${cmd[@]}")"
    getkey agent_steps_per_second "$TMP/out" >/dev/null || die "$impl printed no agent_steps_per_second"
    read -r mib bpa inc < <(awk -v k="$kib" -v b="$base_kib" -v n="$n" -v bn="$MEM_BASELINE_AGENTS" \
      'BEGIN { printf "%.1f %.1f %.1f\n", k/1024, k*1024/n, (k-b)*1024/(n-bn) }')
    printf '%-11s %11s %6s %8s %13s %15s %22s\n' "$impl" "$n" "$s" "$(impl_threads "$impl")" "$mib" "$bpa" "$inc"
    echo "$impl,$n,$s,$(impl_threads "$impl"),$kib,$MEM_BASELINE_AGENTS,$base_kib,$bpa,$inc" >>"$CSV"
  done
  echo
  echo "bytes_per_agent = peak RSS / agents; bytes_per_agent_above_base subtracts the peak RSS of a"
  echo "run with $MEM_BASELINE_AGENTS agents (runtime, binary, interpreter)."
  if wants mesa && [[ "$MEM_MESA_AGENTS" != 0 ]]; then echo "Mesa runs $MEM_MESA_AGENTS agents, 1 step."; fi
  echo "raw: $CSV"
  exit 0
fi

# ================================================================== throughput mode
CSV="$RESULTS/$STAMP.csv"
machine_info >"$RESULTS/$STAMP.txt"
echo "timestamp,round,agents,impl,threads,steps,seed,wall_seconds,agent_steps_per_second,gini,zero_wealth_share" >"$CSV"

for n in $SIZES; do
  fast_steps="$(steps_for "$n" "$STEPS" "$TARGET_AGENT_STEPS" "$MIN_STEPS")"
  mesa_steps="$(steps_for "$n" "$MESA_STEPS" "$MESA_TARGET_AGENT_STEPS" "$MESA_MIN_STEPS")"
  for ((r = 1; r <= REPEATS; r++)); do
    seed=$((SEED + r - 1))
    for impl in $IMPLS; do
      s="$fast_steps"; [[ "$impl" == mesa ]] && s="$mesa_steps"
      mapfile -t cmd < <(impl_cmd "$impl" "$n" "$s" "$seed")
      if ! "${cmd[@]}" >"$TMP/out" 2>"$TMP/err"; then
        cat "$TMP/err" >&2; die "$impl failed: ${cmd[*]}"
      fi
      vals=()
      for k in agents steps wall_seconds agent_steps_per_second gini zero_wealth_share; do
        v="$(getkey "$k" "$TMP/out")" || { cat "$TMP/out" >&2; die "$impl output lacks '$k:'"; }
        vals+=("$v")
      done
      [[ "${vals[0]}" == "$n" && "${vals[1]}" == "$s" ]] || die "$impl echoed agents/steps ${vals[0]}/${vals[1]}, expected $n/$s"
      echo "$(date -u +%Y-%m-%dT%H:%M:%SZ),$r,$n,$impl,$(impl_threads "$impl"),$s,$seed,${vals[2]},${vals[3]},${vals[4]},${vals[5]}" >>"$CSV"
      log "N=$n round $r/$REPEATS $impl: steps=$s wall=${vals[2]}s rate=${vals[3]} gini=${vals[4]} zero=${vals[5]}"
    done
  done
done

# ------------------------------------------------------------------ summary table
SUMPY="$VENV/bin/python"; [[ -x "$SUMPY" ]] || SUMPY="$(command -v python3)"
"$SUMPY" - "$CSV" <<'EOF'
import csv, statistics, sys
from collections import defaultdict

rows = list(csv.DictReader(open(sys.argv[1])))
rates, ginis, zeros, steps = defaultdict(list), defaultdict(list), defaultdict(list), {}
sizes, impls = [], []
for r in rows:
    n, impl = int(r["agents"]), r["impl"]
    if n not in sizes: sizes.append(n)
    if impl not in impls: impls.append(impl)
    rates[n, impl].append(float(r["agent_steps_per_second"]))
    ginis[n, impl].append(float(r["gini"]))
    zeros[n, impl].append(float(r["zero_wealth_share"]))
    steps[n, impl] = int(r["steps"])

def fmt(x):
    return f"{x:,.0f}"

med = {k: statistics.median(v) for k, v in rates.items()}
print()
print("agent-steps/s (higher is better); median/min/max over rounds; gini and zero share: median")
hdr = f"{'N':>9}  {'impl':<11} {'steps':>7} {'runs':>4} {'median':>14} {'min':>14} {'max':>14} {'gini':>7} {'zero':>7}"
print(hdr); print("-" * len(hdr))
for n in sizes:
    for impl in impls:
        if (n, impl) not in rates: continue
        v = rates[n, impl]
        print(f"{n:>9}  {impl:<11} {steps[n, impl]:>7} {len(v):>4} {fmt(med[n, impl]):>14} {fmt(min(v)):>14} "
              f"{fmt(max(v)):>14} {statistics.median(ginis[n, impl]):>7.4f} {statistics.median(zeros[n, impl]):>7.4f}")
    print()

def ratio(n, a, b):
    return f"{med[n, a] / med[n, b]:.2f}x" if (n, a) in med and (n, b) in med else "-"

pairs = [("brisim-seq", "mesa"), ("brisim-seq", "c"), ("brisim-seq", "c-tuned"),
         ("brisim-par", "brisim-seq"), ("brisim-par", "brisim-par1"), ("c", "mesa")]
hdr = f"{'N':>9}  " + "  ".join(f"{a + ' / ' + b:>21}" for a, b in pairs)
print("ratios of median agent-steps/s")
print(hdr); print("-" * len(hdr))
for n in sizes:
    print(f"{n:>9}  " + "  ".join(f"{ratio(n, a, b):>21}" for a, b in pairs))
print()
print(f"raw results: {sys.argv[1]}")
EOF
