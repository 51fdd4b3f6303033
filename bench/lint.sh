#!/usr/bin/env bash
# Benchmark `kpi lint` on a folder of generated campaign files, in one invocation.
# See bench/README.md ("Lint benchmark").
#
# Environment:
#   FILES=1000             campaign files to generate / lint
#   CREATORS=20            creators per file
#   DATA_DIR=target/bench  where lint-$FILES-$CREATORS/ lives (relative paths: from the repo root)
#   SEED=7                 generator seed
#   RUNS=5                 timed runs (median reported)
#   SKIP_BUILD=1           do not run `cargo build --release`
#   KPI_BIN=path           binary to time (default target/release/kpi)
#   STRICT=1               exit 3 when the 0.5 s goal is missed
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
cd "$ROOT"

FILES="${FILES:-1000}"
CREATORS="${CREATORS:-20}"
DATA_DIR="${DATA_DIR:-target/bench}"
SEED="${SEED:-7}"
RUNS="${RUNS:-5}"
SKIP_BUILD="${SKIP_BUILD:-0}"
STRICT="${STRICT:-0}"
KPI="${KPI_BIN:-target/release/kpi}"
GOAL_MS=500

DIR="$DATA_DIR/lint-$FILES-$CREATORS"
STAMP="$DIR.stamp"

die() { echo "lint.sh: error: $*" >&2; exit 2; }

[[ "$FILES" =~ ^[1-9][0-9]*$ ]] || die "FILES must be a positive integer (got '$FILES')"
[[ "$CREATORS" =~ ^[1-9][0-9]*$ ]] || die "CREATORS must be a positive integer (got '$CREATORS')"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer (got '$RUNS')"
[[ "$SEED" =~ ^[0-9]+$ ]] || die "SEED must be a non-negative integer (got '$SEED')"
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) not found; install it (apt-get install time)"
command -v python3 >/dev/null || die "python3 not found"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/kpi-lint-bench.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# ---------------------------------------------------------------- data
# The stamp records the generator's arguments and a hash of the generator, so a folder
# left by an older generator (or another seed) is regenerated instead of silently reused.
WANT_STAMP="files=$FILES creators=$CREATORS seed=$SEED gen=$(cksum < bench/gen_campaigns.py | cut -d' ' -f1)"
if [[ -d "$DIR" && -f "$STAMP" && "$(cat "$STAMP")" == "$WANT_STAMP" ]]; then
    echo "== using existing $DIR" >&2
else
    if [[ -d "$DIR" ]]; then
        # only ever delete what the generator writes: *.yaml directly in the folder
        if find "$DIR" -mindepth 1 ! -name '*.yaml' -print -quit | grep -q .; then
            die "$DIR holds files other than *.yaml; remove it or choose another DATA_DIR"
        fi
        echo "== $DIR is stale (no or different stamp); regenerating" >&2
        find "$DIR" -maxdepth 1 -name '*.yaml' -delete
    fi
    echo "== generating $DIR ($FILES files x $CREATORS creators, seed $SEED)" >&2
    mkdir -p "$DIR"
    rm -f "$STAMP"
    python3 bench/gen_campaigns.py --files "$FILES" --creators "$CREATORS" --out "$DIR" --seed "$SEED"
    echo "$WANT_STAMP" > "$STAMP"
fi
BYTES="$(find "$DIR" -maxdepth 1 -name '*.yaml' -printf '%s\n' | awk '{s += $1} END {print s + 0}')"
NFILES="$(find "$DIR" -maxdepth 1 -name '*.yaml' | wc -l)"
[[ "$NFILES" == "$FILES" ]] || die "$DIR holds $NFILES campaign files, expected $FILES"

# ---------------------------------------------------------------- build
if [[ "$SKIP_BUILD" != "1" ]]; then
    echo "== cargo build --release" >&2
    cargo build --release
fi
[[ -x "$KPI" ]] || die "$KPI not found (build failed, or SKIP_BUILD=1 without a build)"

# run_kpi NAME FORMAT OUT: one `kpi lint` under GNU time; writes "wall_ns rc" to $TMP/NAME.wall,
# peak RSS (KiB) to $TMP/NAME.time. Exit 0 (clean) and 1 (findings) are fine; anything else stops.
run_kpi() {
    local name="$1" format="$2" out="$3" rc=0 t0 t1
    t0="$(date +%s%N)"
    /usr/bin/time -f '%M' -o "$TMP/$name.time" \
        "$KPI" lint "$DIR" --format "$format" >"$out" 2>"$TMP/$name.err" || rc=$?
    t1="$(date +%s%N)"
    echo "$((t1 - t0)) $rc" >"$TMP/$name.wall"
    if [[ "$rc" -gt 1 ]]; then
        echo "--- kpi stderr ($name):" >&2
        tail -n 20 "$TMP/$name.err" >&2
        die "kpi lint exited $rc in $name (0 = clean and 1 = findings are the expected codes)"
    fi
}

# ---------------------------------------------------------------- warm-up (+ findings)
echo "== warm-up (its JSON gives the findings count)" >&2
run_kpi warm json "$TMP/warm.json"

for i in $(seq 1 "$RUNS"); do
    echo "== run $i/$RUNS" >&2
    run_kpi "run$i" json /dev/null
done

echo "== one --format human run (for comparison)" >&2
run_kpi human human /dev/null

# ---------------------------------------------------------------- report
python3 - "$TMP" "$RUNS" "$FILES" "$CREATORS" "$BYTES" "$DIR" "$GOAL_MS" "$STRICT" <<'PY'
import collections, json, os, platform, statistics, sys

tmp, runs, files, creators, nbytes, folder, goal_ms, strict = sys.argv[1:9]
runs, files, creators, nbytes, goal_ms = int(runs), int(files), int(creators), int(nbytes), float(goal_ms)

def measure(name):
    wall_ns, rc = open(os.path.join(tmp, name + ".wall")).read().split()
    # last line is %M; an earlier one may say "Command exited with non-zero status 1"
    lines = [l for l in open(os.path.join(tmp, name + ".time")).read().splitlines() if l.strip()]
    return {"ms": int(wall_ns) / 1e6, "rc": int(rc), "rss": int(lines[-1]) / 1024}

rows = [measure("run%d" % i) for i in range(1, runs + 1)]
human = measure("human")
med_ms = statistics.median(r["ms"] for r in rows)
med_rss = statistics.median(r["rss"] for r in rows)

findings = json.load(open(os.path.join(tmp, "warm.json")))
by_rule = collections.Counter(f["rule"] for f in findings)
by_sev = collections.Counter(f["severity"] for f in findings)
files_with = len({f["path"] for f in findings})

cpu = "?"
try:
    for l in open("/proc/cpuinfo"):
        if l.startswith("model name"):
            cpu = l.split(":", 1)[1].strip()
            break
except OSError:
    pass

print()
print("kpi lint benchmark")
print("  folder    %s (%d files x %d creators, %.1f MB)" % (folder, files, creators, nbytes / 1e6))
print("  machine   %s, %s, %d CPUs" % (platform.machine(), cpu, os.cpu_count() or 0))
print("  command   kpi lint %s --format json > /dev/null" % folder)
print()
print("  %-8s %10s %10s %14s %5s" % ("", "wall ms", "files/s", "peak RSS MiB", "exit"))
for i, r in enumerate(rows, 1):
    print("  %-8s %10.1f %10.0f %14.1f %5d" % ("run %d" % i, r["ms"], files / (r["ms"] / 1e3), r["rss"], r["rc"]))
print("  %-8s %10.1f %10.0f %14.1f" % ("median", med_ms, files / (med_ms / 1e3), med_rss))
print("  %-8s %10.1f %10.0f %14.1f %5d   (--format human, one run)"
      % ("human", human["ms"], files / (human["ms"] / 1e3), human["rss"], human["rc"]))
print()
print("  findings  %d in %d of %d files (%s; %s)" % (
    len(findings), files_with, files,
    ", ".join("%s %d" % kv for kv in sorted(by_sev.items())),
    ", ".join("%s %d" % kv for kv in sorted(by_rule.items())) or "none"))
ok = med_ms < goal_ms
print("  goal      median wall < %d ms: %s (%.1f ms, %.2fx the goal)"
      % (goal_ms, "PASS" if ok else "MISS", med_ms, med_ms / goal_ms))
if strict == "1" and not ok:
    sys.exit(3)
PY
