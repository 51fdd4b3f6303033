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
measure() {  # name, command…
  local name=$1; shift
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f %M -o "$DATA_DIR/rss" "$@" > "$DATA_DIR/out"
  end=$(date +%s%N)
  local ms=$(( (end - start) / 1000000 ))
  printf '%-12s %8d ms %8d MB/s %8d MB peak RSS\n' "$name" "$ms" $(( mb * 1000 / ms )) $(( $(tail -1 "$DATA_DIR/rss") / 1024 ))
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
