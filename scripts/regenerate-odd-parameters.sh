#!/usr/bin/env bash
# Replaces the parameter table and the list of constraints in docs/ODD.md §4 with what
# `brisim parameters --markdown` prints now (DocumentationTests checks every row).
# Usage: BRISIM_BINARY=path/to/brisim bash scripts/regenerate-odd-parameters.sh
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${BRISIM_BINARY:-.build/release/brisim}"
generated="$(mktemp)"
"$binary" parameters --markdown > "$generated"
python3 - "$generated" docs/ODD.md <<'PY'
import sys
generated = open(sys.argv[1]).read()
path = sys.argv[2]
odd = open(path).read()
start_marker = "| name | default | unit | range | meaning |"
end_marker = "Constraints between parameters"

def section(text):
    start = text.index(start_marker)
    constraints = text.index(end_marker, start)
    # The constraints list ends at the first blank line after its first item.
    first_item = text.index("\n- ", constraints)
    end = text.find("\n\n", first_item)
    return start, (len(text) if end < 0 else end)

g_start, g_end = section(generated)
o_start, o_end = section(odd)
odd = odd[:o_start] + generated[g_start:g_end].rstrip("\n") + odd[o_end:]
tmp = path + ".tmp"
open(tmp, "w").write(odd)
import os
os.replace(tmp, path)
PY
rm -f "$generated"
