#!/usr/bin/env bash
# The cost of the weekly series: `kpi score bench/campaign.yaml` on the 1 GB bench file
# with the weekly series, sparklines and escalation (the default) and with `--no-trend`,
# alternately, RUNS times each (default 3); prints both medians and the ratio (goal: the
# series cost at most 25% more). Needs the file made by bench/metrics.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
CSV=${CSV:-target/bench/canonical-10000000.csv}
[[ -f $CSV ]] || { echo "run bench/metrics.sh first to make $CSV" >&2; exit 1; }
[[ ${SKIP_BUILD:-0} == 1 ]] || cargo build --release --quiet
cat "$CSV" > /dev/null  # warm the page cache
declare -a with without
for _ in $(seq "${RUNS:-3}"); do
  for mode in with without; do
    flag=""; [[ $mode == without ]] && flag="--no-trend"
    start=$(date +%s%N)
    # Exit 1 is a red KPI, not a failure: only the time matters here.
    target/release/kpi score bench/campaign.yaml --metrics "$CSV" --as-of 2026-12-31 --format json --no-progress $flag > target/bench/trend.json || [[ $? == 1 ]]
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    if [[ $mode == with ]]; then with+=("$ms"); else without+=("$ms"); fi
  done
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
w=$(median "${with[@]}"); n=$(median "${without[@]}")
echo "with the weekly series: $w ms (runs: ${with[*]}); --no-trend: $n ms (runs: ${without[*]})"
python3 -c "import sys; w, n = map(int, sys.argv[1:]); print(f'series cost: {w / n:.2f}x the totals alone (goal: at most 1.25x)')" "$w" "$n"
