#!/usr/bin/env python3
"""Generate a deterministic 13-column CSV with a chosen number of aggregation groups.

Usage:
    python3 bench/gen_groups.py --rows 10000000 --creators 50000 --zipf 1.0 --out F.csv
    python3 bench/gen_groups.py --rows 10000000 --distinct --out F.csv
    python3 bench/gen_groups.py --rows 10000000 --zipf 1.0 --plan-groups 1000000

Columns:

    date,creator,platform,impressions,reach,views,likes,comments,shares,saves,
    clicks,revenue,spend

* Dates 2026-01-01 .. 2026-12-31, ascending; row i falls on day i*365//rows.
  ISO weeks 2026-W01 (Jan 1-4) .. 2026-W53 (Dec 28-31), all in ISO year 2026.
* Creators `@u0000001` .. (7 digits, wider past 9,999,999). Creator k (1-based
  rank) is drawn with weight 1/k**zipf (inverse CDF: bisect on precomputed
  cumulative weights; --zipf 0 draws uniformly), so @u0000001 is the most
  popular. Creator k is on 1 + (k-1) % min(3, platforms) platforms, starting at
  platform ((k-1)//3) % platforms; each row picks one of them uniformly.
* --distinct: every row has its own creator (@u0000001 .. @u<rows>).
* Integer counters; revenue and spend with exactly two decimals (about 9% of
  rows have spend 0.00). The metric cells depend only on --rows and --seed, not on
  the creators, so every file of a sweep has the same metrics row by row (and the
  same totals); only creator and platform differ.

Same arguments give the same bytes (stdlib `random` only, seeded).

Next to the CSV, `<out>.totals` (key=value lines, also printed to stderr):
rows, spend_cents, revenue_cents (exact integer cents), groups (distinct
(creator, platform, ISO week)), creators (distinct creators that occur),
creator_platforms (distinct (creator, platform)), weeks, the parameters, bytes.
Groups are counted exactly while generating: one set of (creator, platform)
per week, cleared when the week changes (rows are in date order); with
--distinct they are derived (every row is its own group) without a set.

--plan-groups G prints (to stdout) the number of creators for which the
expected number of (creator, platform, week) groups is closest to G, for the
given --rows, --zipf and --platforms, and writes nothing.

The CSV is written to `<out>.tmp` and renamed at the end.
"""

import argparse
import bisect
import datetime
import itertools
import math
import os
import random
import sys
import time
from array import array

HEADER = (
    "date,creator,platform,impressions,reach,views,likes,comments,shares,saves,"
    "clicks,revenue,spend\n"
)
PLATFORM_NAMES = (
    "instagram", "tiktok", "youtube", "facebook", "x", "twitch", "snapchat",
    "pinterest", "linkedin",
)
YEAR_DAYS = 365
START = datetime.date(2026, 1, 1)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, required=True, help="number of data rows")
    p.add_argument("--creators", type=int, default=5000, help="creator pool C (default 5000)")
    p.add_argument("--zipf", type=float, default=1.0,
                   help="popularity exponent: weight of rank k is 1/k**S (default 1.0; 0 = uniform)")
    p.add_argument("--platforms", type=int, default=3,
                   help="number of platforms (default 3, at most %d)" % len(PLATFORM_NAMES))
    p.add_argument("--distinct", action="store_true", help="every row has its own creator")
    p.add_argument("--out", help="output CSV path")
    p.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    p.add_argument("--plan-groups", type=float, metavar="G",
                   help="print the creator count giving about G groups, write nothing")
    a = p.parse_args(argv)
    if a.rows < 0:
        p.error("--rows must be >= 0")
    if a.creators < 1:
        p.error("--creators must be >= 1")
    if a.zipf < 0:
        p.error("--zipf must be >= 0")
    if not 1 <= a.platforms <= len(PLATFORM_NAMES):
        p.error("--platforms must be 1..%d" % len(PLATFORM_NAMES))
    if a.plan_groups is None and not a.out:
        p.error("--out is required (unless --plan-groups)")
    return a


def day_bounds(rows):
    """First row of each day (and rows at the end): row i is on day i*365//rows."""
    # smallest i with i*365//rows >= d  <=>  i >= ceil(d*rows/365)
    return [-(-d * rows // YEAR_DAYS) for d in range(YEAR_DAYS)] + [rows]


def iso_week_of_day():
    return [(START + datetime.timedelta(days=d)).isocalendar()[:2] for d in range(YEAR_DAYS)]


def platforms_of(k, nplat):
    """Creator rank k (0-based) -> (how many platforms, first platform index)."""
    return 1 + k % min(3, nplat), (k // 3) % nplat


# ---------------------------------------------------------------- planning

def expected_groups(rows, creators, zipf, nplat):
    """Expected distinct (creator, platform, week) groups, ~0.1% accurate.

    Creators are summed one by one up to rank 3000, then in geometric buckets
    (width ~0.1% of the rank) evaluated at their middle, so it costs O(10^4)
    terms whatever the pool size. A pair with probability p seen in a week of
    n rows: 1 - (1-p)^n ~ 1 - exp(-p n).
    """
    if rows == 0:
        return 0.0
    bounds = day_bounds(rows)
    weeks = {}
    for d, wk in enumerate(iso_week_of_day()):
        weeks[wk] = weeks.get(wk, 0) + bounds[d + 1] - bounds[d]
    ns = {}
    for n in weeks.values():
        ns[n] = ns.get(n, 0) + 1
    # total weight
    if zipf == 0:
        total = float(creators)
    else:
        total = harmonic(creators, zipf)
    mmax = min(3, nplat)

    def term(w, m):  # m platforms, creator weight w (normalised)
        p = w / m
        return m * sum(cnt * -math.expm1(n * math.log1p(-p) if p < 1 else -math.inf)
                       for n, cnt in ns.items())

    g = 0.0
    exact = min(creators, 3000)
    for k in range(exact):
        w = (1.0 if zipf == 0 else (k + 1) ** -zipf) / total
        g += term(w, platforms_of(k, nplat)[0])
    k = exact
    while k < creators:
        # a bucket holds whole cycles of the 1..mmax platform counts
        width = max(mmax, int(k * 0.001) // mmax * mmax)
        hi = min(creators, k + width)
        mid = (k + hi) / 2 + 0.5  # 1-based rank in the middle
        w = (1.0 if zipf == 0 else mid ** -zipf) / total
        g += (hi - k) * sum(term(w, m) for m in range(1, mmax + 1)) / mmax
        k = hi
    return g


def harmonic(n, s):
    """sum_{k=1..n} k^-s, exact up to 10^5 then Euler-Maclaurin."""
    m = min(n, 100000)
    h = math.fsum(k ** -s for k in range(1, m + 1))
    if n > m:
        a, b = m, n
        if s == 1:
            integral = math.log(b / a)
        else:
            integral = (b ** (1 - s) - a ** (1 - s)) / (1 - s)
        h += integral + (b ** -s - a ** -s) / 2 - s * (b ** (-s - 1) - a ** (-s - 1)) / 12
    return h


def plan(rows, zipf, nplat, target):
    """Smallest creator pool whose expected group count reaches target (log bisection)."""
    lo, hi = 1, max(2, 1000 * rows)
    if expected_groups(rows, hi, zipf, nplat) < target:
        return hi
    while hi - lo > max(1, lo // 2000):
        mid = int(math.sqrt(lo * hi)) if hi > 4 * lo else (lo + hi) // 2
        if expected_groups(rows, mid, zipf, nplat) < target:
            lo = mid
        else:
            hi = mid
    return hi


# ---------------------------------------------------------------- generation

def main(argv=None):
    args = parse_args(argv)
    nplat = args.platforms
    if args.plan_groups is not None:
        c = plan(args.rows, args.zipf, nplat, args.plan_groups)
        sys.stderr.write("plan: %d creators -> about %.0f groups (target %.0f)\n"
                         % (c, expected_groups(args.rows, c, args.zipf, nplat), args.plan_groups))
        print(c)
        return 0

    t0 = time.perf_counter()
    rng = random.Random(args.seed)
    getbits = rng.getrandbits
    rows = args.rows
    creators = rows if args.distinct else args.creators
    mmax = min(3, nplat)

    days = [(START + datetime.timedelta(days=d)).isoformat() for d in range(YEAR_DAYS)]
    weeks = iso_week_of_day()
    bounds = day_bounds(rows)
    plat_cells = [",%s," % PLATFORM_NAMES[i] for i in range(nplat)]
    # (m, base) -> the m platform cells of a creator with that layout, so a row picks
    # plat_sets[layout][r % m] without arithmetic on platform indices.
    layouts = {}
    for m in range(1, mmax + 1):
        for b in range(nplat):
            layouts[(m, b)] = tuple(plat_cells[(b + i) % nplat] for i in range(m))

    if not args.distinct:
        if args.zipf == 0:
            cum = None
        else:
            cum = array("d", itertools.accumulate((k ** -args.zipf for k in range(1, creators + 1))))
            cum_total = cum[-1]
        # Per-creator platform layout, by index into `sets` (tuple of tuples).
        sets = list(layouts.values())
        idx = {key: i for i, key in enumerate(layouts)}
        layout_of = array("B", (idx[platforms_of(k, nplat)] for k in range(creators)))
        # bit i set: the creator occurred on its i-th platform (i < 3)
        seen_creator = bytearray(creators)

    out = args.out
    tmp = out + ".tmp"
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)

    tot_spend = tot_rev = 0
    groups = 0
    week_pairs = set()
    cur_week = None
    rnd = rng.random
    bis = bisect.bisect_right

    with open(tmp, "w", encoding="ascii", newline="", buffering=16 << 20) as f:
        f.write(HEADER)
        buf = []
        app = buf.append
        for d in range(YEAR_DAYS):
            lo, hi = bounds[d], bounds[d + 1]
            if lo == hi:
                continue
            if weeks[d] != cur_week:
                groups += len(week_pairs)
                week_pairs.clear()
                cur_week = weeks[d]
            day = days[d]
            n = hi - lo
            if args.distinct:
                ks = range(lo, hi)
                for _ in ks:  # the draws the other modes make: same metrics in every mode
                    rnd()
            elif cum is None:
                ks = [int(rnd() * creators) for _ in range(n)]
            else:
                ks = [bis(cum, rnd() * cum_total, 0, creators - 1) for _ in range(n)]
            wadd = week_pairs.add
            for k in ks:
                r = getbits(64)
                s = getbits(48)
                if args.distinct:
                    m = 1 + k % mmax
                    pc = layouts[(m, (k // 3) % nplat)][(r & 255) % m]
                else:
                    ps = sets[layout_of[k]]
                    pi = (r & 255) % len(ps)
                    pc = ps[pi]
                    wadd(k * 4 + pi)
                    seen_creator[k] |= 1 << pi
                imp = 200 + ((r >> 13) & 1023) * ((r >> 23) & 1023) // 40
                reach = imp * (550 + ((r >> 33) & 255)) // 1000
                views = imp * (300 + ((r >> 41) & 511)) // 1000
                likes = reach * (10 + ((r >> 50) & 63)) // 1000
                comments = likes * (1 + (s & 15)) // 100
                shares = likes * (s >> 4 & 7) // 50
                saves = likes * (s >> 7 & 15) // 40
                clicks = imp * (2 + ((s >> 11) & 15)) // 1000
                rev = (clicks * ((s >> 15) & 7) // 20) * (800 + ((s >> 18) & 2047))
                if (r >> 59) < 3:
                    sp = 0
                else:
                    sp = imp * (40 + ((s >> 29) & 63) + ((r >> 8) & 31)) // 1000
                tot_spend += sp
                tot_rev += rev
                app("%s,@u%07d%s%d,%d,%d,%d,%d,%d,%d,%d,%d.%02d,%d.%02d\n" % (
                    day, k + 1, pc, imp, reach, views, likes, comments, shares, saves,
                    clicks, rev // 100, rev % 100, sp // 100, sp % 100))
            if len(buf) >= 50_000 or d == YEAR_DAYS - 1:
                f.write("".join(buf))
                buf.clear()
        f.write("".join(buf))
    groups += len(week_pairs)
    os.replace(tmp, out)

    if args.distinct:
        groups = rows
        distinct_creators = rows
        creator_platforms = rows
    else:
        distinct_creators = creators - seen_creator.count(0)
        popcount = bytes(bin(i).count("1") for i in range(256))
        creator_platforms = sum(seen_creator.translate(popcount))
    nweeks = len({weeks[d] for d in range(YEAR_DAYS) if bounds[d] < bounds[d + 1]})

    size = os.path.getsize(out)
    totals = [
        ("rows", rows),
        ("spend_cents", tot_spend),
        ("revenue_cents", tot_rev),
        ("groups", groups),
        ("creators", distinct_creators),
        ("creator_platforms", creator_platforms),
        ("weeks", nweeks),
        ("mode", "distinct" if args.distinct else "zipf"),
        ("creator_pool", creators),
        ("zipf", args.zipf),
        ("platforms", nplat),
        ("seed", args.seed),
        ("bytes", size),
    ]
    text = "".join("%s=%s\n" % kv for kv in totals)
    with open(out + ".totals", "w", encoding="ascii", newline="") as t:
        t.write(text)
    sys.stderr.write(text)
    sys.stderr.write("wrote %s: %d rows, %.1f MB in %.1f s\n"
                     % (out, rows, size / 1e6, time.perf_counter() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
