#!/usr/bin/env bash
# Time `kpi lint` on 1,000 generated campaign files of 20 creators each (one invocation).
# Env: FILES (1000), CREATORS (20), RUNS (5), DATA_DIR (target/bench), SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=${FILES:-1000}; CREATORS=${CREATORS:-20}; RUNS=${RUNS:-5}; DATA_DIR=${DATA_DIR:-target/bench}
DIR="$DATA_DIR/lint-$FILES-$CREATORS"
if [[ ! -d $DIR ]]; then
  python3 bench/gen_campaigns.py --files "$FILES" --creators "$CREATORS" --out "$DIR"
fi
[[ ${SKIP_BUILD:-0} == 1 ]] || cargo build --release --quiet
KPI=target/release/kpi
run() { set +e; "$KPI" lint "$DIR" --format json > "$1"; local code=$?; set -e; [[ $code -le 1 ]] || { echo "kpi lint failed with $code" >&2; exit 1; }; }
run /dev/null  # warm-up
times=()
for i in $(seq "$RUNS"); do
  start=$(date +%s%N)
  /usr/bin/time -f %M -o "$DATA_DIR/lint.rss" "$KPI" lint "$DIR" --format json > /dev/null || true
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  printf "run %d: %d ms, peak RSS %s KB\n" "$i" "$ms" "$(tail -1 "$DATA_DIR/lint.rss")"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
run "$DATA_DIR/lint.json"
findings=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$DATA_DIR/lint.json")
size=$(du -sm "$DIR" | cut -f1)
echo "files: $FILES x $CREATORS creators ($size MB), findings: $findings"
echo "median: $median ms, $(( FILES * 1000 / (median > 0 ? median : 1) )) files/s, cores: $(nproc)"
if (( median < 500 )); then echo "goal < 500 ms: PASS"; else echo "goal < 500 ms: MISS"; fi
