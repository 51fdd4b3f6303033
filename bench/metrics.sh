#!/usr/bin/env bash
# `kpi metrics --by creator,platform,week` on a canonical CSV vs DuckDB and polars.
# Env: ROWS (10000000), DATA_DIR (target/bench), VENV (target/bench/venv), SKIP_BUILD=1.
# DuckDB and polars are installed from PyPI into a throwaway virtualenv on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-10000000}; DATA_DIR=${DATA_DIR:-target/bench}; VENV=${VENV:-$DATA_DIR/venv}
CSV="$DATA_DIR/canonical-$ROWS.csv"
mkdir -p "$DATA_DIR"
[[ -f $CSV ]] || python3 bench/gen_csv.py --rows "$ROWS" --out "$CSV" --seed 42
[[ -x $VENV/bin/python ]] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q duckdb polars; }
[[ ${SKIP_BUILD:-0} == 1 ]] || cargo build --release --quiet
expected=$(sed -n 's/^spend=//p' "$CSV.totals" | tr -d '.')
mb=$(( $(stat -c %s "$CSV") / 1000000 ))
cat "$CSV" > /dev/null  # warm the page cache
# Each command runs RUNS times (default 3; this is often a shared, noisy machine): the
# median wall time and the largest peak RSS are reported, and kept for the ratios below.
declare -A WALL RSS
measure() {  # name, command…
  local name=$1; shift
  local start end runs=() rss=0
  for _ in $(seq "${RUNS:-3}"); do
    start=$(date +%s%N)
    /usr/bin/time -f %M -o "$DATA_DIR/rss" "$@" > "$DATA_DIR/out"
    end=$(date +%s%N)
    runs+=($(( (end - start) / 1000000 )))
    local r=$(( $(tail -1 "$DATA_DIR/rss") / 1024 ))
    (( r > rss )) && rss=$r
  done
  local ms
  ms=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n "$(( (${#runs[@]} + 1) / 2 ))p")
  WALL[$name]=$ms; RSS[$name]=$rss
  printf '%-12s %8d ms %8d MB/s %8d MB peak RSS   (runs: %s ms)\n' "$name" "$ms" $(( mb * 1000 / ms )) "$rss" "${runs[*]}"
}
spend_of_kpi() { python3 -c "import csv,sys
t=0
for r in csv.DictReader(open(sys.argv[1])):
  v=r['spend']
  if v: w,_,f=v.lstrip('-').partition('.'); c=int(w)*100+int((f+'00')[:2]); t+= -c if v.startswith('-') else c
print(t)" "$1"; }
echo "file: $CSV ($mb MB, $ROWS rows), 2 cores"
measure kpi target/release/kpi metrics "$CSV" --by creator,platform,week --format csv --no-progress -o "$DATA_DIR/kpi.csv"
[[ $(spend_of_kpi "$DATA_DIR/kpi.csv") == "$expected" ]] && echo "  spend matches to the cent" || echo "  SPEND MISMATCH"
measure kpi-stdin sh -c "cat '$CSV' | target/release/kpi metrics - --by creator,platform,week --format csv --no-progress -o '$DATA_DIR/kpi-stdin.csv'"
for engine in duckdb polars; do
  measure "$engine" "$VENV/bin/python" bench/compare.py "$CSV" "$engine"
  [[ $(cat "$DATA_DIR/out") == "$expected" ]] && echo "  spend matches to the cent" || echo "  SPEND MISMATCH"
done
python3 - "$mb" "${WALL[kpi]}" "${WALL[kpi-stdin]}" "${WALL[duckdb]}" "${RSS[kpi]}" "${RSS[duckdb]}" <<'PY'
import sys
mb, kpi, stdin, duck, kpi_rss, duck_rss = map(int, sys.argv[1:])
print(f"goals: {duck / kpi:.2f}x DuckDB's speed (goal 1.5x), stdin {mb * 1000 // stdin} MB/s "
      f"(goal 200), peak RSS {kpi_rss / duck_rss:.2f} of DuckDB's (goal <= 0.33)")
PY
