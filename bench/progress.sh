#!/usr/bin/env bash
# The progress bar's cost: `kpi metrics` on the 1 GB bench file, run on a pseudo-terminal
# (so the bar is drawn) with and without `--no-progress`, alternately, RUNS times each
# (default 7); prints the medians of wall and CPU time and the bar's cost in percent
# (goal: at most 2%).
# Needs `script` (util-linux) and the file made by bench/metrics.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
CSV=${CSV:-target/bench/canonical-10000000.csv}
[[ -f $CSV ]] || { echo "run bench/metrics.sh first to make $CSV" >&2; exit 1; }
[[ ${SKIP_BUILD:-0} == 1 ]] || cargo build --release --quiet
cat "$CSV" > /dev/null  # warm the page cache
declare -a bar nobar barcpu nobarcpu
for _ in $(seq "${RUNS:-7}"); do
  for mode in bar nobar; do
    flag=""; [[ $mode == nobar ]] && flag="--no-progress"
    start=$(date +%s%N)
    script -qc "/usr/bin/time -f '%U %S' -o target/bench/cpu target/release/kpi metrics '$CSV' --by creator,platform,week --format csv $flag -o target/bench/progress.csv" /dev/null > target/bench/pty.out
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    cpu=$(awk '{printf "%d", ($1 + $2) * 1000}' target/bench/cpu)
    if [[ $mode == bar ]]; then bar+=("$ms"); barcpu+=("$cpu"); else nobar+=("$ms"); nobarcpu+=("$cpu"); fi
  done
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
b=$(median "${bar[@]}"); n=$(median "${nobar[@]}")
bc=$(median "${barcpu[@]}"); nc=$(median "${nobarcpu[@]}")
echo "wall: with the bar $b ms (runs: ${bar[*]}), without $n ms (runs: ${nobar[*]})"
echo "cpu (user+sys): with the bar $bc ms (runs: ${barcpu[*]}), without $nc ms (runs: ${nobarcpu[*]})"
python3 -c "import sys; b, n, bc, nc = map(int, sys.argv[1:]); print(f'bar cost: wall {100 * (b - n) / n:+.1f}%, cpu {100 * (bc - nc) / nc:+.1f}% (goal: at most +2%; on a shared VM single runs vary by 10-20%, so compare the CPU figure)')" "$b" "$n" "$bc" "$nc"
# The robust figure: the share of the run's CPU samples spent in the bar's code
# (indicatif and console), from one profiled run with the bar drawn.
if command -v perf > /dev/null; then
  script -qc "perf record -q -o target/bench/progress.perf target/release/kpi metrics '$CSV' --by creator,platform,week --format csv -o target/bench/progress.csv" /dev/null > target/bench/pty.out 2>&1
  share=$(perf report -i target/bench/progress.perf --no-children --sort sym --stdio 2> /dev/null \
    | grep -E '^ +[0-9.]+%' | grep -E 'indicatif|console::|Progress.*advance' \
    | awk '{gsub("%", "", $1); s += $1} END {printf "%.3f", s}')
  echo "bar's share of the CPU samples (perf): ${share}% (goal: at most 2%)"
fi
