#!/usr/bin/env bash
# Sweep the number of aggregation groups at a fixed input size: kpi metrics vs DuckDB and
# polars in the same run (median wall ms, peak RSS, ratios), every output checked to the
# cent against the generator's totals. See bench/README.md ("Group-count sweep").
#
# Environment:
#   ROWS=10000000        rows per file (~0.7 GB); the targets scale with ROWS (see POINTS)
#   RUNS=1               timed runs per command (3 gives medians)
#   DATA_DIR=target/bench  where the files are generated (relative paths: from the repo root)
#   POINTS=10k,100k,1M,10M,distinct   subset of the points, comma-separated
#   ENGINES=kpi,duckdb,polars         subset of the engines
#   SEED=42              generator seed
#   SKIP_BUILD=1         do not run `cargo build --release`
#   KPI_BIN=path         binary to time (default target/release/kpi)
#   VENV=path            virtualenv with duckdb and polars (default $DATA_DIR/venv)
#   KEEP_OUT=1           keep every output CSV (default: deleted once checked)
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-10000000}; RUNS=${RUNS:-1}; DATA_DIR=${DATA_DIR:-target/bench}
POINTS=${POINTS:-10k,100k,1M,10M,distinct}; ENGINES=${ENGINES:-kpi,duckdb,polars}
SEED=${SEED:-42}; KPI=${KPI_BIN:-target/release/kpi}; VENV=${VENV:-$DATA_DIR/venv}
BASE=10000000  # the point labels are group counts at this many rows

die() { echo "sweep.sh: error: $*" >&2; exit 1; }
[[ $ROWS =~ ^[1-9][0-9]*$ ]] || die "ROWS must be a positive integer (got '$ROWS')"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer (got '$RUNS')"
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) not found (apt-get install time)"
has() { [[ ,$2, == *,$1,* ]]; }
for e in ${ENGINES//,/ }; do has "$e" kpi,duckdb,polars || die "unknown engine '$e'"; done
for p in ${POINTS//,/ }; do has "$p" 10k,100k,1M,10M,distinct || die "unknown point '$p'"; done

mkdir -p "$DATA_DIR"
OUT_DIR="$DATA_DIR/sweep-out"; mkdir -p "$OUT_DIR"
RESULTS="$DATA_DIR/sweep-$ROWS.tsv"; : > "$RESULTS"

if has duckdb "$ENGINES" || has polars "$ENGINES"; then
    [[ -x $VENV/bin/python ]] || { echo "== virtualenv $VENV (duckdb, polars)" >&2
        python3 -m venv "$VENV" && "$VENV/bin/pip" install -q duckdb polars; }
    "$VENV/bin/python" -c 'import duckdb, polars' || die "$VENV lacks duckdb or polars"
fi
if has kpi "$ENGINES"; then
    [[ ${SKIP_BUILD:-0} == 1 ]] || cargo build --release --quiet
    [[ -x $KPI ]] || die "$KPI not found (build it, or unset SKIP_BUILD)"
fi

# ---------------------------------------------------------------- data
# point -> generator arguments. The targets are group counts at BASE rows and scale with
# ROWS (groups per row stays the same); the creator pool is planned by the generator.
gen_args() {  # point -> arguments of gen_groups.py (without --out)
    local zipf target
    case $1 in
        10k)  zipf=1.0; target=$(( ROWS / 1000 )) ;;
        100k) zipf=1.0; target=$(( ROWS / 100 )) ;;
        1M)   zipf=1.0; target=$(( ROWS / 10 )) ;;
        10M)  zipf=0;   target=$(( ROWS * 95 / 100 )) ;;  # 100% needs every row distinct
        distinct) echo "--rows $ROWS --distinct --platforms 3 --seed $SEED"; return ;;
    esac
    local c; c=$(python3 bench/gen_groups.py --rows "$ROWS" --zipf "$zipf" --plan-groups "$target" 2>/dev/null)
    echo "--rows $ROWS --creators $c --zipf $zipf --platforms 3 --seed $SEED"
}
totals() { sed -n "s/^$2=//p" "$1.totals"; }  # csv key

GEN_SUM=$(sha256sum bench/gen_groups.py | cut -c1-16)
declare -A FILE
for p in ${POINTS//,/ }; do
    csv="$DATA_DIR/groups-$p-$ROWS.csv"
    args=$(gen_args "$p")
    stamp="gen_groups.py $GEN_SUM $args"
    if [[ -f $csv && -f $csv.totals && -f $csv.stamp && $(cat "$csv.stamp") == "$stamp" \
          && $(totals "$csv" bytes) == "$(stat -c %s "$csv")" ]]; then
        echo "== using $csv" >&2
    else
        echo "== generating $csv ($args)" >&2
        rm -f "$csv.stamp"
        # shellcheck disable=SC2086
        python3 bench/gen_groups.py $args --out "$csv" 2>&1 | tail -1 >&2
        echo "$stamp" > "$csv.stamp"
    fi
    FILE[$p]=$csv
done

# ---------------------------------------------------------------- runs
# measure TAG OUT command… : RUNS runs; median wall ms and largest peak RSS (MiB) to the
# results file with the output's checked rows/sums. A failing command is recorded, not fatal.
measure() {
    local point=$1 cmd=$2 engine=$3 out=$4; shift 4
    local runs=() rss=0 start end r rc=0
    for _ in $(seq "$RUNS"); do
        rm -f "$out"
        start=$(date +%s%N)
        /usr/bin/time -f %M -o "$OUT_DIR/rss" "$@" > "$OUT_DIR/stdout" 2> "$OUT_DIR/stderr" || rc=$?
        end=$(date +%s%N)
        (( rc == 0 )) || break
        runs+=($(( (end - start) / 1000000 )))
        r=$(( $(tail -1 "$OUT_DIR/rss") / 1024 )); (( r > rss )) && rss=$r
    done
    if (( rc != 0 )); then
        echo "  $engine $cmd: FAILED (exit $rc): $(grep -v '^Command exited' "$OUT_DIR/stderr" | head -3 | tr '\n' ' ')" >&2
        printf '%s\t%s\t%s\t-\t-\tFAIL\t-\t-\t-\n' "$point" "$cmd" "$engine" >> "$RESULTS"; return
    fi
    local ms; ms=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n "$(( (${#runs[@]} + 1) / 2 ))p")
    local chk; chk=$(python3 bench/sweep_engines.py check "$out")  # rows spend revenue digest
    printf '%s\t%s\t%s\t%s\t%s\tok\t%s\n' "$point" "$cmd" "$engine" "$ms" "$rss" "${chk// /$'\t'}" >> "$RESULTS"
    echo "  $engine $cmd: $ms ms, $rss MiB (runs: ${runs[*]} ms); out: $chk" >&2
    [[ ${KEEP_OUT:-0} == 1 ]] || rm -f "$out"
}

echo "== $ROWS rows per file, RUNS=$RUNS, engines $ENGINES, $(nproc) CPUs" >&2
for p in ${POINTS//,/ }; do
    csv=${FILE[$p]}
    echo "== $p: $csv ($(totals "$csv" groups) groups, $(totals "$csv" creators) creators)" >&2
    cat "$csv" > /dev/null  # warm the page cache
    for by in cpw none creator; do
        case $by in
            cpw) flags=(--by creator,platform,week) ;;
            none) flags=() ;;
            creator) flags=(--by creator) ;;
        esac
        for e in ${ENGINES//,/ }; do
            out="$OUT_DIR/$p-$by-$e.csv"
            if [[ $e == kpi ]]; then
                measure "$p" "$by" kpi "$out" "$KPI" metrics "$csv" "${flags[@]}" --format csv --no-progress -o "$out"
            else
                measure "$p" "$by" "$e" "$out" env POLARS_MAX_THREADS=2 "$VENV/bin/python" bench/sweep_engines.py run "$e" "$by" "$csv" "$out"
            fi
        done
    done
done

# ---------------------------------------------------------------- table
# Printed, and kept in $DATA_DIR/sweep-$ROWS.md; exits 1 when a check fails.
set +e
python3 - "$RESULTS" "$DATA_DIR" "$ROWS" "$RUNS" "${POINTS//,/ }" > "$DATA_DIR/sweep-$ROWS.md" <<'PY'
import os, sys
results, data_dir, rows, runs, points = sys.argv[1:]
tot = {}
for p in points.split():
    csv = os.path.join(data_dir, f"groups-{p}-{rows}.csv")
    tot[p] = dict(l.rstrip("\n").split("=", 1) for l in open(csv + ".totals"))
    tot[p]["mb"] = os.path.getsize(csv) / 1e6
res = [l.rstrip("\n").split("\t") for l in open(results)]
by = {(r[0], r[1], r[2]): r for r in res}
label = {"cpw": "--by creator,platform,week", "none": "(no --by)", "creator": "--by creator"}
expect_rows = lambda p, c: {"cpw": tot[p]["groups"], "none": "1", "creator": tot[p]["creators"]}[c]
fmt = lambda n: f"{int(n):,}"
print(f"\n{rows} rows per file, RUNS={runs} (median wall, largest peak RSS), warm cache\n")
print("| file (groups, creators) | command | engine | wall ms | peak RSS MiB | speed vs DuckDB | RSS vs DuckDB | rows out | spend |")
print("|---|---|---|---|---|---|---|---|---|")
bad = []
for r in res:
    p, c, e, ms, rss, status = r[:6]
    t = tot[p]
    f = f"{p}: {fmt(t['groups'])} groups, {fmt(t['creators'])} creators, {t['mb']:.0f} MB"
    if status != "ok":
        print(f"| {f} | {label[c]} | {e} | FAIL | | | | | |"); bad.append(f"{p} {c} {e}: failed"); continue
    n, spend, rev, digest = r[6:10]
    d = by.get((p, c, "duckdb"))
    speed = ratio = ""
    if e == "kpi" and d and d[5] == "ok":
        speed = f"{int(d[3]) / max(1, int(ms)):.2f}x"
        ratio = f"{int(rss) / max(1, int(d[4])):.2f}"
    checks = []
    if spend != t["spend_cents"]: checks.append(f"spend {spend} != {t['spend_cents']}")
    if rev != t["revenue_cents"]: checks.append(f"revenue {rev} != {t['revenue_cents']}")
    if n != expect_rows(p, c): checks.append(f"rows {n} != {expect_rows(p, c)}")
    if d and d[5] == "ok" and e != "duckdb" and digest != d[9]: checks.append("rows differ from DuckDB's")
    ok = "ok" if not checks else "MISMATCH"
    bad += [f"{p} {c} {e}: {x}" for x in checks]
    print(f"| {f} | {label[c]} | {e} | {fmt(ms)} | {rss} | {speed} | {ratio} | {fmt(n)} | {ok} |")
print()
nob = [(r[0], int(r[4])) for r in res if r[1] == "none" and r[2] == "kpi" and r[5] == "ok"]
if nob:
    print("kpi without --by, peak RSS (goal < 50 MB whatever the creators): " + ", ".join(
        f"{p} {m} MiB {'ok' if m * 1048576 < 50e6 else 'MISS'}" for p, m in nob))
same = ", same rows as DuckDB's" if any(r[2] == "duckdb" for r in res) and len({r[2] for r in res}) > 1 else ""
print("checks: " + (f"all outputs ok (spend and revenue to the cent, rows = generator's groups{same})"
                    if not bad else "MISMATCH or FAILED\n  " + "\n  ".join(bad)))
sys.exit(1 if bad else 0)
PY
status=$?
cat "$DATA_DIR/sweep-$ROWS.md"
exit $status
