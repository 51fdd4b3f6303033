#!/usr/bin/env python3
"""DuckDB / polars side of bench/sweep.sh, and the exact check of every output.

    sweep_engines.py run ENGINE BY CSV OUT   ENGINE = duckdb | polars,
                                             BY = cpw (creator, platform, ISO week) | creator | none
    sweep_engines.py check OUT               prints "<data rows> <spend cents> <revenue cents> <digest>"

`run` does the job of `kpi metrics CSV [--by ...] --format csv -o OUT`: the sums of the
10 metric columns (revenue and spend read as DECIMAL(18,2)), grouped by BY, written to
OUT as CSV with a header, on 2 threads. Run it with the virtualenv's python.

`check` needs only the standard library: it reads OUT with the csv module and sums the
`spend` and `revenue` columns from their decimal strings (decimal.Decimal, no floats), so
the sum is exact whatever the number of groups. An empty cell counts 0; a value that is
not a whole number of cents is an error. The digest is an order-independent hash of all
rows (columns by header name, money as integer cents, other cells as written): two
outputs with the same digest have the same groups with the same sums, in any order.
"""
import sys

METRICS = ["impressions", "reach", "views", "likes", "comments", "shares", "saves",
           "clicks", "revenue", "spend"]
KEYS = {"cpw": ["creator", "platform", "week"], "creator": ["creator"], "none": []}


def run_duckdb(by, path, out):
    import duckdb
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    keys = KEYS[by]
    sel = {"creator": "creator", "platform": "platform",
           "week": "strftime(date, '%G-W%V') AS week"}
    cols = [sel[k] for k in keys] + [f"SUM({m}) AS {m}" for m in METRICS]
    group = " GROUP BY ALL" if keys else ""
    src = ("read_csv(?, header = true, "
           "types = {'date': 'DATE', 'revenue': 'DECIMAL(18,2)', 'spend': 'DECIMAL(18,2)'})")
    q = f"SELECT {', '.join(cols)} FROM {src}{group}"
    # COPY cannot take a prepared parameter for the file names, so quote them as SQL strings.
    lit = lambda s: "'" + s.replace("'", "''") + "'"
    con.execute(f"COPY ({q.replace('?', lit(path))}) TO {lit(out)} (FORMAT csv, HEADER true)")


def run_polars(by, path, out):
    import os
    os.environ.setdefault("POLARS_MAX_THREADS", "2")
    import polars as pl
    lf = pl.scan_csv(path, schema_overrides={
        "date": pl.Date, "revenue": pl.Decimal(18, 2), "spend": pl.Decimal(18, 2)})
    aggs = [pl.col(m).sum() for m in METRICS]
    keys = KEYS[by]
    if "week" in keys:
        lf = lf.with_columns(pl.col("date").dt.strftime("%G-W%V").alias("week"))
    df = (lf.group_by(keys).agg(aggs) if keys else lf.select(aggs)).collect()
    df.write_csv(out)


def cents(v, what):
    """'-12.3' -> -1230, exactly (decimal strings only, no floats)."""
    if v == "":
        return 0
    neg = v.startswith("-")
    w, _, f = v.lstrip("+-").partition(".")
    if not (w or f) or not (w or "0").isdigit() or (f and not f.isdigit()) or f[2:].strip("0"):
        raise SystemExit(f"check: {what} {v!r} is not a whole number of cents")
    c = int(w or "0") * 100 + int((f + "00")[:2])
    return -c if neg else c


def check(out):
    import csv
    from hashlib import blake2b
    with open(out, newline="") as f:
        r = csv.reader(f)
        header = next(r)
        try:
            si, ri = header.index("spend"), header.index("revenue")
        except ValueError:
            raise SystemExit(f"check: {out}: no spend/revenue column in header {header}")
        order = sorted(range(len(header)), key=lambda i: header[i])
        n = spend = rev = digest = 0
        for row in r:
            n += 1
            s, v = cents(row[si], "spend"), cents(row[ri], "revenue")
            spend += s
            rev += v
            row[si], row[ri] = str(s), str(v)
            key = "\x1f".join([row[i] for i in order]).encode()
            digest += int.from_bytes(blake2b(key, digest_size=8).digest(), "little")
    print(n, spend, rev, "%016x" % (digest & (2**64 - 1)))


def main(argv):
    if len(argv) == 2 and argv[0] == "check":
        return check(argv[1])
    if len(argv) == 5 and argv[0] == "run" and argv[2] in KEYS:
        engine, by, path, out = argv[1:]
        {"duckdb": run_duckdb, "polars": run_polars}[engine](by, path, out)
        return 0
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
