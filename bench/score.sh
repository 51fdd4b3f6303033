#!/usr/bin/env bash
# Benchmark `kpi score` on a generated canonical CSV. See bench/README.md.
#
# Environment:
#   ROWS=1000000        data rows to generate / score
#   DATA_DIR=target/bench  where the CSV lives (relative paths are from the repo root)
#   SEED=42             generator seed
#   RUNS=3              timed runs (median reported)
#   SKIP_BUILD=1        do not run `cargo build --release`
#   KPI_BIN=path        binary to time (default target/release/kpi)
#   PIN_CPU=0           run kpi under `taskset -c $PIN_CPU` (one core), if taskset exists
#   STRICT=1            exit non-zero when a goal (MB/s, RSS) is missed
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
cd "$ROOT"

ROWS="${ROWS:-1000000}"
DATA_DIR="${DATA_DIR:-target/bench}"
SEED="${SEED:-42}"
RUNS="${RUNS:-3}"
SKIP_BUILD="${SKIP_BUILD:-0}"
PIN_CPU="${PIN_CPU:-}"
STRICT="${STRICT:-0}"
GOAL_MBPS=100
GOAL_RSS_MB=100

CAMPAIGN="bench/campaign.yaml"
KPI="${KPI_BIN:-target/release/kpi}"
CSV="$DATA_DIR/canonical-$ROWS.csv"
TOTALS="$CSV.totals"
AS_OF="2026-12-31"

die() { echo "score.sh: error: $*" >&2; exit 1; }

[[ "$ROWS" =~ ^[0-9]+$ ]] || die "ROWS must be a non-negative integer (got '$ROWS')"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer (got '$RUNS')"
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) not found; install it (apt-get install time)"
command -v python3 >/dev/null || die "python3 not found"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/kpi-bench.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# ---------------------------------------------------------------- data
if [[ ! -f "$CSV" || ! -f "$TOTALS" ]]; then
    echo "== generating $CSV ($ROWS rows, seed $SEED)" >&2
    mkdir -p "$DATA_DIR"
    python3 bench/gen_csv.py --rows "$ROWS" --out "$CSV" --seed "$SEED"
else
    echo "== using existing $CSV" >&2
fi
BYTES="$(stat -c %s "$CSV")"

# ---------------------------------------------------------------- build
if [[ "$SKIP_BUILD" != "1" ]]; then
    echo "== cargo build --release" >&2
    cargo build --release
fi
[[ -x "$KPI" ]] || die "$KPI not found (build failed or SKIP_BUILD=1 without a build)"

PIN=()
if [[ -n "$PIN_CPU" ]]; then
    if command -v taskset >/dev/null; then PIN=(taskset -c "$PIN_CPU"); else echo "warning: taskset not found; not pinning" >&2; fi
fi

EXTRA=(--no-progress)
OK_RC=0

# run_kpi METRICS OUT_JSON TIME_FILE [stdin-file]
#   Runs kpi once under /usr/bin/time; writes "wall_ns rc" to TIME_FILE.wall.
#   Never fails the script itself: the caller inspects the exit code.
run_kpi() {
    local metrics="$1" out="$2" tfile="$3" input="${4:-}" rc=0 t0 t1
    t0="$(date +%s%N)"
    if [[ -n "$input" ]]; then
        cat "$input" | "${PIN[@]}" /usr/bin/time -f '%e %M' -o "$tfile" \
            "$KPI" score "$CAMPAIGN" --metrics "$metrics" --as-of "$AS_OF" --format json "${EXTRA[@]}" \
            >"$out" 2>"$tfile.err" || rc=$?
    else
        "${PIN[@]}" /usr/bin/time -f '%e %M' -o "$tfile" \
            "$KPI" score "$CAMPAIGN" --metrics "$metrics" --as-of "$AS_OF" --format json "${EXTRA[@]}" \
            >"$out" 2>"$tfile.err" || rc=$?
    fi
    t1="$(date +%s%N)"
    echo "$((t1 - t0)) $rc" >"$tfile.wall"
    return 0
}

rc_of() { awk '{print $2}' "$1.wall"; }

is_json() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null; }

# ---------------------------------------------------------------- warm-up
echo "== warm-up" >&2
run_kpi "$CSV" "$TMP/warm.json" "$TMP/warm.time"
if [[ "$(rc_of "$TMP/warm.time")" != 0 ]] && grep -q -- 'no-progress' "$TMP/warm.time.err"; then
    echo "   --no-progress rejected by kpi; retrying without it" >&2
    EXTRA=()
    run_kpi "$CSV" "$TMP/warm.json" "$TMP/warm.time"
fi
OK_RC="$(rc_of "$TMP/warm.time")"
if ! is_json "$TMP/warm.json"; then
    echo "--- kpi stderr:" >&2; tail -n 30 "$TMP/warm.time.err" >&2
    die "warm-up run (exit $OK_RC) did not print valid JSON on stdout"
fi
[[ "$OK_RC" == 0 ]] || echo "   note: kpi exits $OK_RC on this campaign (output is valid JSON; treated as a status code)" >&2

# ---------------------------------------------------------------- timed runs
for i in $(seq 1 "$RUNS"); do
    echo "== run $i/$RUNS" >&2
    run_kpi "$CSV" /dev/null "$TMP/run$i.time"
    rc="$(rc_of "$TMP/run$i.time")"
    if [[ "$rc" != "$OK_RC" ]]; then
        tail -n 30 "$TMP/run$i.time.err" >&2
        die "run $i exited $rc (warm-up exited $OK_RC)"
    fi
done

echo "== stdin run (--metrics -)" >&2
run_kpi - "$TMP/stdin.json" "$TMP/stdin.time" "$CSV"
rc="$(rc_of "$TMP/stdin.time")"
if [[ "$rc" != "$OK_RC" ]] || ! is_json "$TMP/stdin.json"; then
    tail -n 30 "$TMP/stdin.time.err" >&2
    die "stdin run exited $rc or printed invalid JSON"
fi

# ---------------------------------------------------------------- report + check
python3 - "$TMP" "$RUNS" "$BYTES" "$TOTALS" "$CSV" "$STRICT" "$GOAL_MBPS" "$GOAL_RSS_MB" "${EXTRA[*]:-}" <<'PY'
import json, os, platform, statistics, sys
from decimal import Decimal, ROUND_HALF_EVEN

tmp, runs, nbytes, totals_path, csv_path, strict, goal_mbps, goal_rss, extra = sys.argv[1:10]
runs, nbytes, goal_mbps, goal_rss = int(runs), int(nbytes), float(goal_mbps), float(goal_rss)

def measure(name):
    with open(os.path.join(tmp, name + ".time.wall")) as f:
        wall_ns = int(f.read().split()[0])
    with open(os.path.join(tmp, name + ".time")) as f:
        # last line is "%e %M"; an earlier line may say "Command exited with non-zero status N"
        lines = [l for l in f.read().splitlines() if l.strip()]
    e, m = lines[-1].split()
    wall = wall_ns / 1e9
    return {"wall": wall, "time_e": float(e), "mbps": nbytes / 1e6 / wall, "rss": int(m) / 1024}

rows = [("run %d" % i, measure("run%d" % i)) for i in range(1, runs + 1)]
med = {k: statistics.median(r[k] for _, r in rows) for k in ("wall", "mbps", "rss")}
stdin = measure("stdin")

totals = dict(l.strip().split("=", 1) for l in open(totals_path) if "=" in l)

cpu = "?"
try:
    for l in open("/proc/cpuinfo"):
        if l.startswith("model name"):
            cpu = l.split(":", 1)[1].strip(); break
except OSError:
    pass

print()
print("kpi score benchmark")
print("  file      %s (%s rows, %.1f MB)" % (csv_path, totals.get("rows", "?"), nbytes / 1e6))
print("  machine   %s, %s, %d CPUs" % (platform.machine(), cpu, os.cpu_count() or 0))
print("  flags     --as-of 2026-12-31 --format json %s" % extra)
print()
print("  %-8s %9s %9s %14s" % ("", "wall s", "MB/s", "peak RSS MiB"))
for name, r in rows:
    print("  %-8s %9.3f %9.1f %14.1f" % (name, r["wall"], r["mbps"], r["rss"]))
print("  %-8s %9.3f %9.1f %14.1f" % ("median", med["wall"], med["mbps"], med["rss"]))
print("  %-8s %9.3f %9.1f %14.1f" % ("stdin", stdin["wall"], stdin["mbps"], stdin["rss"]))
print()

# ---- correctness: spend_total must equal the generated total to the cent
def num(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, Decimal)):
        return Decimal(v)
    if isinstance(v, float):
        return Decimal(repr(v))
    if isinstance(v, str):
        s = v.replace("$", "").replace(",", "").replace("USD", "").strip()
        try:
            return Decimal(s)
        except Exception:
            return None
    return None

VALUE_KEYS = ("value", "actual", "current", "observed", "result", "total", "amount")

def find(node, kid, path="$"):
    """Return (path, value) of KPI `kid` in an unknown JSON shape."""
    if isinstance(node, dict):
        if any(node.get(k) == kid for k in ("id", "kpi", "kpi_id", "name")):
            for k in VALUE_KEYS:
                if k in node:
                    v = node[k]
                    if isinstance(v, dict):  # e.g. {"value": {"amount": ..}}
                        for k2 in VALUE_KEYS:
                            if num(v.get(k2)) is not None:
                                return path + "." + k + "." + k2, num(v[k2])
                    elif num(v) is not None:
                        return path + "." + k, num(v)
        if kid in node:
            v = node[kid]
            if num(v) is not None:
                return path + "." + kid, num(v)
            if isinstance(v, dict):
                for k in VALUE_KEYS:
                    if num(v.get(k)) is not None:
                        return path + "." + kid + "." + k, num(v[k])
        for k, v in node.items():
            hit = find(v, kid, path + "." + str(k))
            if hit:
                return hit
    elif isinstance(node, list):
        for i, v in enumerate(node):
            hit = find(v, kid, "%s[%d]" % (path, i))
            if hit:
                return hit
    return None

CENT = Decimal("0.01")
ok = True
want_spend = Decimal(totals["spend"])
want_signups = Decimal(totals["signups"])
for label, fname in (("file", "warm.json"), ("stdin", "stdin.json")):
    doc = json.load(open(os.path.join(tmp, fname)), parse_float=Decimal)
    hit = find(doc, "spend_total")
    if not hit:
        keys = list(doc) if isinstance(doc, dict) else type(doc).__name__
        print("  FAIL [%s] spend_total not found in JSON (top level: %s)" % (label, keys))
        ok = False
        continue
    path, got = hit
    got_c = got.quantize(CENT, rounding=ROUND_HALF_EVEN)
    if got_c == want_spend:
        print("  ok   [%s] spend_total %s == generated %s  (%s)" % (label, got, want_spend, path))
    else:
        print("  FAIL [%s] spend_total %s != generated %s  (%s)" % (label, got, want_spend, path))
        ok = False
    s = find(doc, "signups")
    if s and s[1] != want_signups:
        print("  note [%s] signups %s != generated %s (%s; may be a projection)" % (label, s[1], want_signups, s[0]))

goals_ok = med["mbps"] >= goal_mbps and med["rss"] < goal_rss
print("  goal throughput >= %g MB/s: %s (median %.1f)" % (goal_mbps, "PASS" if med["mbps"] >= goal_mbps else "MISS", med["mbps"]))
print("  goal peak RSS   <  %g MiB: %s (median %.1f)" % (goal_rss, "PASS" if med["rss"] < goal_rss else "MISS", med["rss"]))

if not ok:
    sys.exit(1)
if strict == "1" and not goals_ok:
    sys.exit(2)
PY
