#!/usr/bin/env python3
"""Generate a canonical, deterministic CSV export for benchmarking `kpi score`.

Usage:
    python3 bench/gen_csv.py --rows 1000000 --out target/bench/canonical-1000000.csv --seed 42

Writes 17 canonical columns:

    date,campaign,creator,platform,post_id,format,impressions,reach,views,
    likes,comments,clicks,qualified_clicks,conversions,signups,revenue,spend

* ~5,000 creators (@creator0001 .. @creator5000), each on one of
  instagram / tiktok / youtube (creator n is on platform n % 3).
* Dates 2026-01-01 .. 2026-12-31, ascending (row i falls on day i*365//rows).
* campaign is always `bench-2026`; formats reel / story / post / video.
* Integer counters with plausible post-day magnitudes; revenue and spend are
  money with exactly 2 decimals; about 9% of rows have spend 0.00.

Same --rows and --seed always give the same bytes (stdlib `random` only).

Exact totals (integer cents, no floats) and the row count go to stderr and to
`<out>.totals` as `key=value` lines, so a scorer can be checked to the cent.
The CSV is written to `<out>.tmp` and renamed at the end, so a partial file
never appears under the final name.
"""

import argparse
import datetime
import os
import random
import sys
import time

HEADER = (
    "date,campaign,creator,platform,post_id,format,impressions,reach,views,"
    "likes,comments,clicks,qualified_clicks,conversions,signups,revenue,spend\n"
)
CAMPAIGN = "bench-2026"
N_CREATORS = 5000
PLATFORMS = ("instagram", "tiktok", "youtube")
PREFIX = {"instagram": "ig", "tiktok": "tt", "youtube": "yt"}
# Formats per platform: instagram posts reels/stories/posts, the others videos.
FORMATS = {
    "instagram": ("reel", "story", "post", "reel"),
    "tiktok": ("video", "video", "video", "video"),
    "youtube": ("video", "video", "video", "video"),
}
CHUNK_ROWS = 50_000


def money(cents):
    """Integer cents -> 'D.CC' string (cents >= 0)."""
    return "%d.%02d" % divmod(cents, 100)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, required=True, help="number of data rows")
    p.add_argument("--out", required=True, help="output CSV path")
    p.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    a = p.parse_args(argv)
    if a.rows < 0:
        p.error("--rows must be >= 0")
    return a


def main(argv=None):
    args = parse_args(argv)
    t0 = time.perf_counter()
    rng = random.Random(args.seed)
    getbits = rng.getrandbits

    # Precomputed string pieces: every row is built from these plus integers.
    start = datetime.date(2026, 1, 1)
    days = [(start + datetime.timedelta(days=d)).isoformat() for d in range(365)]
    # Per creator: "campaign,creator,platform," prefix, post-id prefix, formats.
    cre_prefix = []
    cre_post = []
    cre_formats = []
    for n in range(1, N_CREATORS + 1):
        plat = PLATFORMS[n % 3]
        cre_prefix.append("%s,@creator%04d,%s," % (CAMPAIGN, n, plat))
        cre_post.append("%s%04d" % (PREFIX[plat], n))
        cre_formats.append(FORMATS[plat])

    rows = args.rows
    out = args.out
    tmp = out + ".tmp"
    d = os.path.dirname(os.path.abspath(out))
    os.makedirs(d, exist_ok=True)

    tot_spend = tot_rev = tot_imp = tot_clicks = tot_qc = tot_signups = 0
    zero_spend = 0

    with open(tmp, "w", encoding="ascii", newline="", buffering=16 << 20) as f:
        f.write(HEADER)
        i = 0
        while i < rows:
            end = min(rows, i + CHUNK_ROWS)
            buf = []
            app = buf.append
            for j in range(i, end):
                r = getbits(64)
                s = getbits(48)
                c = r % N_CREATORS  # 0-based creator index
                post = (r >> 2) & 63  # 64 posts per creator; fixes the format
                # impressions: skewed product distribution, ~200 .. ~26,000
                imp = 200 + ((r >> 13) & 1023) * ((r >> 23) & 1023) // 40
                reach = imp * (550 + ((r >> 33) & 255)) // 1000          # 55-80%
                views = imp * (300 + ((r >> 41) & 511)) // 1000          # 30-81%
                likes = reach * (10 + ((r >> 50) & 63)) // 1000          # 1-7.3%
                comments = likes * (1 + (s & 15)) // 100                 # 1-16% of likes
                clicks = imp * (2 + ((s >> 4) & 15)) // 1000             # 0.2-1.7%
                qc = clicks * (30 + ((s >> 8) & 63)) // 100              # 30-92%
                conv = (qc * (1 + ((s >> 14) & 3)) + ((s >> 17) & 1) * 50) // 100
                signups = qc * (5 + ((s >> 18) & 15)) // 100
                # revenue: conversions x AOV of $8.00 .. $28.47
                rev = conv * (800 + ((s >> 22) & 2047))
                # spend: ~9% of rows are organic (0.00), else CPM $0.40 .. $1.33
                if (r >> 59) < 3:
                    sp = 0
                    zero_spend += 1
                else:
                    sp = imp * (40 + ((s >> 34) & 63) + ((r >> 8) & 31)) // 1000
                tot_spend += sp
                tot_rev += rev
                tot_imp += imp
                tot_clicks += clicks
                tot_qc += qc
                tot_signups += signups
                app(
                    "%s,%s%s-%02d,%s,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d.%02d,%d.%02d\n"
                    % (
                        days[j * 365 // rows],
                        cre_prefix[c],
                        cre_post[c],
                        post,
                        cre_formats[c][post & 3],
                        imp, reach, views, likes, comments, clicks, qc, conv, signups,
                        rev // 100, rev % 100,
                        sp // 100, sp % 100,
                    )
                )
            f.write("".join(buf))
            i = end
    os.replace(tmp, out)

    size = os.path.getsize(out)
    elapsed = time.perf_counter() - t0
    totals = [
        ("rows", str(rows)),
        ("spend", money(tot_spend)),
        ("revenue", money(tot_rev)),
        ("impressions", str(tot_imp)),
        ("clicks", str(tot_clicks)),
        ("qualified_clicks", str(tot_qc)),
        ("signups", str(tot_signups)),
        ("zero_spend_rows", str(zero_spend)),
        ("bytes", str(size)),
        ("seed", str(args.seed)),
    ]
    text = "".join("%s=%s\n" % kv for kv in totals)
    with open(out + ".totals", "w", encoding="ascii", newline="") as t:
        t.write(text)
    sys.stderr.write(text)
    sys.stderr.write(
        "wrote %s: %d rows, %.1f MB in %.2f s\n" % (out, rows, size / 1e6, elapsed)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
