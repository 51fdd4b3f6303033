#!/usr/bin/env python3
"""Time DuckDB and polars on `kpi metrics --by creator,platform,week`'s job and check the sums.

Usage: compare.py CSV ENGINE   (ENGINE = duckdb | polars). Prints the total spend in
cents (computed exactly from the engine's per-group sums rounded to cents) on stdout.
"""
import sys

path, engine = sys.argv[1], sys.argv[2]
if engine == "duckdb":
    import duckdb
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    rows = con.execute(
        f"""SELECT creator, platform, strftime(CAST(date AS DATE), '%G-W%V') AS week,
                   SUM(impressions), SUM(reach), SUM(views), SUM(likes), SUM(comments), SUM(clicks),
                   SUM(qualified_clicks), SUM(conversions), SUM(signups),
                   SUM(CAST(revenue AS DECIMAL(18,2))), SUM(CAST(spend AS DECIMAL(18,2)))
            FROM read_csv_auto('{path}') GROUP BY ALL"""
    ).fetchall()
    spend_cents = sum(int(round(r[-1] * 100)) for r in rows)
elif engine == "polars":
    import os
    os.environ.setdefault("POLARS_MAX_THREADS", "2")
    import polars as pl
    df = (
        pl.scan_csv(path, schema_overrides={"spend": pl.Decimal(18, 2), "revenue": pl.Decimal(18, 2)})
        .with_columns(pl.col("date").str.to_date().dt.strftime("%G-W%V").alias("week"))
        .group_by(["creator", "platform", "week"])
        .agg(pl.col(c).sum() for c in ["impressions", "reach", "views", "likes", "comments", "clicks",
                                       "qualified_clicks", "conversions", "signups", "revenue", "spend"])
        .collect()
    )
    rows = df.height
    spend_cents = int(round(float(df["spend"].sum()) * 100))
else:
    sys.exit(f"unknown engine {engine}")
print(spend_cents)
