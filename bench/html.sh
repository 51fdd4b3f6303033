#!/usr/bin/env bash
# Benchmark `kpi score --format html` on a campaign of 5,000 listed creators (DESIGN §16;
# issue goal: renders in < 2 s, the page < 5 MB). See bench/README.md.
#
# Environment:
#   ROWS=1000000        rows of the generated export (bench/gen_csv.py: 5,000 creators)
#   DATA_DIR=target/bench
#   RUNS=3              timed runs (median reported)
#   SKIP_BUILD=1        do not run `cargo build --release`
#   KPI_BIN=path        binary to time (default target/release/kpi)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
cd "$ROOT"

ROWS="${ROWS:-1000000}"
DATA_DIR="${DATA_DIR:-target/bench}"
RUNS="${RUNS:-3}"
KPI="${KPI_BIN:-target/release/kpi}"
CSV="$DATA_DIR/canonical-$ROWS.csv"
CAMPAIGN="$DATA_DIR/html-5000.yaml"

die() { echo "html.sh: error: $*" >&2; exit 1; }
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) not found; install it (apt-get install time)"

mkdir -p "$DATA_DIR"
[[ -f "$CSV" ]] || python3 bench/gen_csv.py --rows "$ROWS" --out "$CSV" --seed 42
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then cargo build --release; fi

# The bench campaign, with its 5,000 creators listed and a gate KPI judged per creator.
python3 - "$CAMPAIGN" <<'PY'
import sys
base = open("bench/campaign.yaml").read().replace("\ncreators: []\n", "\n")
gate = """
  - id: gate_ctr
    name: Click-through rate per creator
    formula: "clicks / impressions"
    tier: gate
    unit: percent
    better: higher
    bands: { green: "0.5%", yellow: "0.3%" }
"""
creators = "\ncreators:\n" + "".join(f"  - handle: \"@creator{n:04d}\"\n" for n in range(1, 5001))
open(sys.argv[1], "w").write(base.rstrip("\n") + "\n" + gate + creators)
PY

TMP="$(mktemp -d "${TMPDIR:-/tmp}/kpi-html.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
run() { # label, extra args…
    local label="$1"; shift
    local times=()
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -o "$TMP/t" "$KPI" score "$CAMPAIGN" --metrics "$CSV" \
            --as-of 2026-09-30 "$@" -o "$TMP/out" >/dev/null 2>"$TMP/err" || true
        times+=("$(cat "$TMP/t")")
    done
    local median
    median="$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")"
    printf '%-34s %6s s  %6s MB RSS  %8s bytes\n' "$label" "${median% *}" \
        "$(( ${median#* } / 1024 ))" "$(stat -c %s "$TMP/out")"
}
echo "5,000 creators, $ROWS rows ($(du -h "$CSV" | cut -f1)), median of $RUNS:"
run "score --format html"           --format html
run "score --format html --by creator" --format html --by creator
run "score --format json (reference)" --format json
run "score --format table (reference)" --format table --no-trend
