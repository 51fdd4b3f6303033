#!/usr/bin/env bash
# The progress bar's cost: `kpi metrics` on the 1 GB bench file, run on a pseudo-terminal
# (so the bar is drawn) with and without `--no-progress`, alternately, RUNS times each
# (default 7); prints both medians and the bar's cost in percent (goal: at most 2%).
# Needs `script` (util-linux) and the file made by bench/metrics.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
CSV=${CSV:-target/bench/canonical-10000000.csv}
[[ -f $CSV ]] || { echo "run bench/metrics.sh first to make $CSV" >&2; exit 1; }
[[ ${SKIP_BUILD:-0} == 1 ]] || cargo build --release --quiet
cat "$CSV" > /dev/null  # warm the page cache
declare -a bar nobar
for _ in $(seq "${RUNS:-7}"); do
  for mode in bar nobar; do
    flag=""; [[ $mode == nobar ]] && flag="--no-progress"
    start=$(date +%s%N)
    script -qc "target/release/kpi metrics '$CSV' --by creator,platform,week --format csv $flag -o target/bench/progress.csv" /dev/null > target/bench/pty.out
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    if [[ $mode == bar ]]; then bar+=("$ms"); else nobar+=("$ms"); fi
  done
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
b=$(median "${bar[@]}"); n=$(median "${nobar[@]}")
echo "with the bar: $b ms (runs: ${bar[*]}); without: $n ms (runs: ${nobar[*]})"
python3 -c "import sys; b, n = map(int, sys.argv[1:]); print(f'bar cost: {100 * (b - n) / n:+.1f}% (goal: at most +2%)')" "$b" "$n"
