#!/usr/bin/env python3
"""Generate the CSV exports of the two sample campaigns and check their story.

Run from anywhere:

    python3 campaigns/tools/make_samples.py

It reads campaigns/spring-glow.yaml and campaigns/trailhead-fall.yaml (the
creators, platforms and deliverables come from there), writes

    campaigns/spring-glow/exports/{instagram-posts,tiktok-videos,youtube-videos,shop-orders}.csv
    campaigns/trailhead-fall/exports/{instagram,youtube,store-orders}.csv

prints the hand-checkable totals up to each campaign's as-of date, overall and per
creator, then the KPI values an independent implementation of DESIGN.md sections 6
and 7 should produce, and checks that each sample still tells its story. The same
printout is saved to campaigns/tools/expected-totals.txt. The output is
deterministic (fixed seeds); re-running it rewrites identical files.

Needs Python 3.8+ and PyYAML (`pip install pyyaml`).

Data model of the exports
  * Post-day grain: one row per published deliverable per day, from the day it was
    delivered (published) for up to 42 days or until the data end date, whichever
    comes first. The post_id is the deliverable id from the YAML.
  * Daily reach follows an exponential decay from the post's lifetime reach; every
    other counter is derived from reach with per-format rates and a little noise.
  * spend is paid amplification during the first days of a post, proportional to
    that day's qualified clicks at a per-creator cost; money is kept in integer
    cents and written with two decimals.
  * The orders export is one row per creator per day; signups, orders and revenue
    follow that creator's qualified clicks of the same and the previous days.
"""

import csv
import math
import random
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from statistics import NormalDist
from urllib.parse import parse_qs, urlparse

try:
    import yaml
except ImportError:  # pragma: no cover - tool script
    sys.exit("make_samples.py needs PyYAML: pip install pyyaml")

ROOT = Path(__file__).resolve().parent.parent  # campaigns/

CANONICAL = [
    "date", "campaign", "creator", "platform", "post_id", "format",
    "impressions", "reach", "views", "likes", "comments", "saves", "shares",
    "clicks", "qualified_clicks", "landing_page_views", "spend",
    "followers_gained", "followers_retained", "negative_comments",
]

# Per-format behaviour. Rates are shares of reach unless named otherwise.
#   decay: days for daily reach to fall by 1/e; span: max rows per post
#   freq: impressions per reach (IG); views: views per reach; impr_per_view: YouTube
#   thumbnail impressions per view; ctr: clicks / impressions; qc: qualified / clicks
PROFILES = {
    ("instagram", "reel"): dict(decay=6, span=42, freq=(1.30, 1.50), views=(1.55, 1.85),
                                like=0.036, comment=0.0025, save=0.0045, share=0.0035,
                                ctr=0.0185, qc=0.50, fg=0.0040),
    ("instagram", "carousel"): dict(decay=4, span=42, freq=(1.50, 1.75), views=None,
                                    like=0.042, comment=0.0030, save=0.0090, share=0.0030,
                                    ctr=0.0135, qc=0.48, fg=0.0030),
    ("instagram", "story"): dict(decay=0.7, span=2, freq=(1.05, 1.15), views=(1.05, 1.15),
                                 like=0.018, comment=0.0040, save=0.0, share=0.0030,
                                 ctr=0.0260, qc=0.52, fg=0.0010),
    ("tiktok", "video"): dict(decay=5, span=42, freq=None, views=(1.25, 1.40),
                              like=0.060, comment=0.0035, save=0.0070, share=0.0050,
                              ctr=0.0105, qc=0.44, fg=0.0060),
    ("youtube", "video"): dict(decay=12, span=42, freq=None, views=(1.15, 1.25), impr_per_view=(1.6, 1.9),
                               like=0.040, comment=0.0040, save=0.0030, share=0.0025,
                               ctr=0.0140, qc=0.60, fg=0.0050),
    ("youtube", "short"): dict(decay=6, span=42, freq=None, views=(1.25, 1.40), impr_per_view=(1.4, 1.6),
                               like=0.035, comment=0.0015, save=0.0010, share=0.0020,
                               ctr=0.0060, qc=0.45, fg=0.0030),
}

# ----------------------------------------------------------------------------
# The two samples. Numbers here are the knobs that make each story hold.
# ----------------------------------------------------------------------------

SAMPLES = [
    dict(
        key="spring-glow",
        yaml="spring-glow.yaml",
        as_of=date(2026, 5, 15),
        data_end=date(2026, 5, 20),
        seed=20260515,
        files={"instagram": "instagram-posts.csv", "tiktok": "tiktok-videos.csv",
               "youtube": "youtube-videos.csv"},
        # how the creator column is written per platform file ("@" kept or not)
        keep_at={"instagram": True, "tiktok": False, "youtube": True},
        blank_youtube=False,
        orders=dict(file="shop-orders.csv",
                    headers=["Order date", "Referrer", "Trial starts", "Orders", "Order revenue", "Discount code"],
                    keep_at=False, extra=None),
        # lifetime reach per published deliverable (over its full 42-day span)
        reach={
            "maya-reel-1": 145000, "maya-carousel-1": 100000, "maya-reel-2": 150000,
            "maya-story-1": 26000,
            "priya-reel-1": 125000, "priya-carousel-1": 85000, "priya-reel-2": 130000,
            "dani-tt-1": 450000, "dani-tt-2": 360000, "dani-tt-3": 520000,
            "lena-video-1": 90000, "lena-short-1": 150000,
        },
        # per-post multiplier on likes/comments/saves/shares (a post that landed well)
        eng_x={"dani-tt-3": 1.15, "priya-reel-2": 1.10},
        boost_days=21,
        order_lag=(0.55, 0.20, 0.10, 0.06, 0.04, 0.03, 0.02),  # share of a day's qc converting 0..6 days later
        # per creator: cost per paid qualified click, signups / qc, orders / qc, AOV,
        # negative comments / comments, multipliers on the format's ctr and qc share
        creator={
            "@glowwithmaya":   dict(cpqc=1.45, signup=0.107, order=0.031, aov=62.0, neg=0.012, ctr=1.0, qc=1.0),
            "@priya.glows":    dict(cpqc=1.55, signup=0.098, order=0.030, aov=61.0, neg=0.015, ctr=1.0, qc=1.0),
            "@dewydani":       dict(cpqc=1.50, signup=0.087, order=0.028, aov=59.0, neg=0.018, ctr=1.08, qc=1.0),
            "@lenareviewsskin": dict(cpqc=1.35, signup=0.122, order=0.037, aov=66.0, neg=0.010, ctr=1.15, qc=1.0),
        },
    ),
    dict(
        key="trailhead-fall",
        yaml="trailhead-fall.yaml",
        as_of=date(2026, 10, 20),
        data_end=date(2026, 10, 24),
        seed=20261020,
        files={"instagram": "instagram.csv", "youtube": "youtube.csv"},
        keep_at={"instagram": True, "youtube": False},
        blank_youtube=True,   # YouTube rows: saves and landing_page_views left blank
        orders=dict(file="store-orders.csv",
                    headers=["Date", "Creator handle", "Orders", "Net sales", "First-time customers", "Discount code"],
                    keep_at=True, extra="first_time"),
        reach={
            "miles-video-1": 190000,
            "sasha-reel-1": 95000, "sasha-story-1": 26000,
            "kai-reel-1": 85000, "kai-reel-2": 70000,
            "tess-reel-1": 48000, "tess-carousel-1": 30000,
            "dan-video-1": 55000,
        },
        order_lag=(0.35, 0.20, 0.13, 0.10, 0.08, 0.06, 0.04, 0.04),  # shoes: a longer think
        boost_days=42,  # paid amplification never paused: the problem the scorecard shows
        creator={
            "@milesbeyond":   dict(cpqc=2.90, signup=0.0, order=0.058, aov=138.0, neg=0.025, ctr=0.85, qc=0.95),
            "@summitsasha":   dict(cpqc=3.30, signup=0.0, order=0.042, aov=136.0, neg=0.035, ctr=0.60, qc=0.90),
            "@ultra.kai":     dict(cpqc=6.50, signup=0.0, order=0.023, aov=134.0, neg=0.220, ctr=0.50, qc=0.70,
                                   comment_x=2.4),
            "@trailmix.tess": dict(cpqc=3.40, signup=0.0, order=0.039, aov=137.0, neg=0.030, ctr=0.55, qc=0.90),
            "@dirtroaddan":   dict(cpqc=3.10, signup=0.0, order=0.046, aov=139.0, neg=0.030, ctr=0.85, qc=0.95),
        },
    ),
]


# ----------------------------------------------------------------------------
# Generation
# ----------------------------------------------------------------------------

def days(start, end):
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


def money(cents):
    return f"{cents // 100}.{cents % 100:02d}"


def noisy(rng, x, spread=0.12):
    return x * rng.uniform(1 - spread, 1 + spread)


def count(rng, x):
    """A non-negative integer near x: Poisson for small x, normal for large x.

    Always consumes exactly one random draw, so changing one rate in SAMPLES shifts
    only the numbers it drives and not every draw after it."""
    u = rng.random()
    if x <= 0:
        return 0
    if x < 30:
        k, p = 0, math.exp(-x)
        cdf = p
        while u > cdf and k < 1000:
            k += 1
            p *= x / k
            cdf += p
        return k
    z = NormalDist().inv_cdf(min(max(u, 1e-12), 1 - 1e-12))
    return max(0, round(x + z * math.sqrt(x)))


def handle_cell(handle, keep_at):
    return handle if keep_at else handle.lstrip("@")


def generate(sample, campaign):
    rng = random.Random(sample["seed"])
    cid = campaign["campaign"]["id"]
    rows_by_platform = defaultdict(list)   # platform -> list of dict rows (typed)
    qc_by_creator_day = defaultdict(int)
    creators = {c["handle"]: c for c in campaign["creators"]}

    for c in campaign["creators"]:
        handle, platform = c["handle"], c["platform"]
        cp = sample["creator"][handle]
        for d in c["deliverables"]:
            published = d.get("delivered_on")
            if not published or published > sample["data_end"]:
                continue
            prof = PROFILES[(platform, d["format"])]
            lifetime = sample["reach"][d["id"]]
            weights = [math.exp(-k / prof["decay"]) for k in range(prof["span"])]
            norm = sum(weights)
            for k, day in enumerate(days(published, published + timedelta(days=prof["span"] - 1))):
                if day > sample["data_end"]:
                    break
                reach = max(1, round(noisy(rng, lifetime * weights[k] / norm, 0.15)))
                if platform == "instagram":
                    impressions = round(reach * rng.uniform(*prof["freq"]))
                    views = round(reach * rng.uniform(*prof["views"])) if prof["views"] else None
                elif platform == "tiktok":
                    views = round(reach * rng.uniform(*prof["views"]))
                    impressions = views
                else:  # youtube: impressions are thumbnail impressions
                    views = round(reach * rng.uniform(*prof["views"]))
                    impressions = round(views * rng.uniform(*prof["impr_per_view"]))
                ex = sample.get("eng_x", {}).get(d["id"], 1.0)
                likes = count(rng, noisy(rng, reach * prof["like"] * ex))
                comments = count(rng, noisy(rng, reach * prof["comment"] * ex * cp.get("comment_x", 1.0)))
                saves = count(rng, noisy(rng, reach * prof["save"] * ex))
                shares = count(rng, noisy(rng, reach * prof["share"] * ex))
                clicks = count(rng, noisy(rng, impressions * prof["ctr"] * cp["ctr"]))
                qc = min(clicks, count(rng, noisy(rng, clicks * prof["qc"] * cp["qc"], 0.08)))
                lpv = qc + round((clicks - qc) * rng.uniform(0.35, 0.65))
                boosted = k < sample["boost_days"]
                spend_cents = round(qc * cp["cpqc"] * rng.uniform(0.85, 1.15) * 100) if boosted else 0
                gained = count(rng, noisy(rng, reach * prof["fg"]))
                retained = round(gained * rng.uniform(0.80, 0.92))
                negative = min(comments, count(rng, comments * cp["neg"]))
                row = dict(
                    date=day, campaign=cid, creator=handle, platform=platform, post_id=d["id"],
                    format=d["format"], impressions=impressions, reach=reach, views=views,
                    likes=likes, comments=comments, saves=saves, shares=shares, clicks=clicks,
                    qualified_clicks=qc, landing_page_views=lpv, spend=spend_cents,
                    followers_gained=gained, followers_retained=retained,
                    negative_comments=negative,
                )
                if platform == "youtube" and sample["blank_youtube"]:
                    row["saves"] = None
                    row["landing_page_views"] = None
                rows_by_platform[platform].append(row)
                qc_by_creator_day[(handle, day)] += qc

    # orders export: one row per creator per day from the creator's first post.
    # Its own random stream, so tuning conversion rates leaves the platform files as they are.
    rng = random.Random(sample["seed"] + 1)
    order_rows = []
    for handle, c in creators.items():
        cp = sample["creator"][handle]
        firsts = [d["delivered_on"] for d in c["deliverables"] if d.get("delivered_on")]
        if not firsts:
            continue
        for day in days(min(firsts), sample["data_end"]):
            # trial starts and orders trail the click by a few days
            qc = sum(w * qc_by_creator_day.get((handle, day - timedelta(days=lag)), 0)
                     for lag, w in enumerate(sample["order_lag"]))
            signups = count(rng, noisy(rng, qc * cp["signup"], 0.2))
            orders = count(rng, noisy(rng, qc * cp["order"], 0.2))
            revenue_cents = sum(round(cp["aov"] * rng.uniform(0.8, 1.25) * 100) for _ in range(orders))
            first_time = round(orders * rng.uniform(0.6, 0.8))
            order_rows.append(dict(date=day, creator=handle, signups=signups, conversions=orders,
                                   revenue=revenue_cents, first_time_customers=first_time,
                                   code=affiliate_code(c)))
    for rows in rows_by_platform.values():
        rows.sort(key=lambda r: (r["date"], r["creator"], r["post_id"]))
    order_rows.sort(key=lambda r: (r["date"], r["creator"]))
    return rows_by_platform, order_rows


def affiliate_code(creator):
    """The creator's affiliate code from the contract (the orders carry it), or ''."""
    pay = (creator.get("contract") or {}).get("compensation") or {}
    return (pay.get("affiliate") or {}).get("code") or ""


def cell(v):
    return "" if v is None else str(v)


def write_exports(sample, rows_by_platform, order_rows):
    out = ROOT / sample["key"] / "exports"
    out.mkdir(parents=True, exist_ok=True)
    for platform, fname in sample["files"].items():
        with open(out / fname, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(CANONICAL)
            for r in rows_by_platform.get(platform, []):
                vals = []
                for col in CANONICAL:
                    v = r[col]
                    if col == "creator":
                        v = handle_cell(v, sample["keep_at"][platform])
                    elif col == "spend":
                        v = money(v)
                    elif col == "date":
                        v = v.isoformat()
                    vals.append(cell(v))
                w.writerow(vals)
    o = sample["orders"]
    with open(out / o["file"], "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(o["headers"])
        for r in order_rows:
            who = handle_cell(r["creator"], o["keep_at"])
            if o["extra"] == "first_time":
                w.writerow([r["date"].isoformat(), who, r["conversions"], money(r["revenue"]),
                            r["first_time_customers"], r["code"]])
            else:
                w.writerow([r["date"].isoformat(), who, r["signups"], r["conversions"], money(r["revenue"]),
                            r["code"]])


# ----------------------------------------------------------------------------
# Totals and KPI evaluation (an independent reading of DESIGN.md 6 and 7)
# ----------------------------------------------------------------------------

SUM_COLS = ["spend", "qualified_clicks", "clicks", "impressions", "reach", "engagements",
            "likes", "comments", "saves", "shares", "negative_comments",
            "followers_gained", "followers_retained", "signups", "conversions", "revenue"]


def totals(rows_by_platform, order_rows, as_of, since=None, orders_has_signups=True):
    """Sums by creator (and '*' for all) over rows dated since..as_of."""
    t = defaultdict(lambda: defaultdict(int))
    for rows in rows_by_platform.values():
        for r in rows:
            if r["date"] > as_of or (since and r["date"] < since):
                continue
            for who in ("*", r["creator"]):
                for col in ("spend", "qualified_clicks", "clicks", "impressions", "reach", "likes",
                            "comments", "saves", "shares", "negative_comments",
                            "followers_gained", "followers_retained"):
                    t[who][col] += r[col] or 0
                t[who]["engagements"] += r["likes"] + r["comments"] + (r["saves"] or 0) + r["shares"]
                t[who]["rows"] += 1
    for r in order_rows:
        if r["date"] > as_of or (since and r["date"] < since):
            continue
        for who in ("*", r["creator"]):
            if orders_has_signups:
                t[who]["signups"] += r["signups"]
            t[who]["conversions"] += r["conversions"]
            t[who]["revenue"] += r["revenue"]
            t[who]["order_rows"] += 1
    return t


def ratio(a, b):
    return None if not b else a / b


def parse_threshold(x, baseline):
    if isinstance(x, (int, float)):
        return float(x)
    s = str(x).strip()
    if s.endswith("%") and not s.startswith("baseline"):
        return float(s[:-1]) / 100
    if s == "baseline":
        return baseline
    if s.startswith("baseline"):
        rest = s[len("baseline"):].replace(" ", "")
        op, num = rest[0], rest[1:]
        if op in "+-" and num.endswith("%"):
            k = float(num[:-1]) / 100
            return baseline * (1 + k) if op == "+" else baseline * (1 - k)
        if op in "*x×":
            return baseline * float(num)
        if op in "+-":
            return baseline + float(num) if op == "+" else baseline - float(num)
    raise ValueError(f"threshold {x!r}")


def band(value, better, green, yellow):
    if value is None:
        return "n/a"
    if better == "higher":
        return "green" if value >= green else "yellow" if value >= yellow else "red"
    return "green" if value <= green else "yellow" if value <= yellow else "red"


BUILTIN = {
    "ctr": ("higher", "percent"), "engagement_rate": ("higher", "percent"),
    "cpqc": ("lower", "currency"), "roas": ("higher", "ratio"),
    "negative_comment_rate": ("lower", "percent"), "cpa": ("lower", "currency"),
    "brand_fit_score": ("higher", "score"), "safety_pass_rate": ("higher", "percent"),
    "contract_sla_days": ("lower", "days"), "utm_rate": ("higher", "percent"),
    "on_time_rate": ("higher", "percent"),
}


def metric_value(expr, t):
    """Value of a metric KPI from totals t (money in cents -> currency)."""
    sp = t["spend"] / 100
    rev = t["revenue"] / 100
    return {
        "ctr": ratio(t["clicks"], t["impressions"]),
        "engagement_rate": ratio(t["engagements"], t["reach"]),
        "cpqc": ratio(sp, t["qualified_clicks"]),
        "spend / qualified_clicks": ratio(sp, t["qualified_clicks"]),
        "roas": ratio(rev, sp),
        "negative_comment_rate": ratio(t["negative_comments"], t["comments"]),
        "signups": t["signups"], "revenue": rev, "conversions": t["conversions"],
    }[expr]


def computed_brand_fit(creator_audience, icp):
    """Illustration only: the loader documents its own formula. Here:
    100 x (0.4 x share of audience in the ICP ages + 0.4 x share in the ICP geos
           + 0.2 x share of the creator's interests that are ICP interests)."""
    age = sum(v for k, v in creator_audience.get("age", {}).items() if k in icp["age"])
    geo = sum(v for k, v in creator_audience.get("geo", {}).items() if k in icp["geo"])
    ints = creator_audience.get("interests", [])
    inter = len([i for i in ints if i in icp["interests"]]) / len(ints) if ints else 0
    return 100 * (0.4 * age + 0.4 * geo + 0.2 * inter)


def fmt(unit, v):
    if v is None:
        return "n/a"
    if unit == "percent":
        return f"{v * 100:.2f}%"
    if unit == "currency":
        return f"{v:,.2f}"
    if unit in ("count",):
        return f"{v:,.0f}"
    if unit == "days":
        return f"{v:.1f} d"
    return f"{v:.2f}"


def iso_weeks(start, as_of):
    """(label, first day, last day) of each ISO week from start to as_of, clipped."""
    out = []
    d = start - timedelta(days=start.weekday())
    while d <= as_of:
        lo, hi = max(d, start), min(d + timedelta(days=6), as_of)
        y, w, _ = d.isocalendar()
        out.append((f"{y}-W{w:02d}", lo, hi))
        d += timedelta(days=7)
    return out


def worsening_streak(series, better):
    """Consecutive worsening steps that end at the last week (None values break it)."""
    n = 0
    for a, b in zip(reversed(series[:-1]), reversed(series[1:])):
        if a is None or b is None:
            break
        worse = b < a if better == "higher" else b > a
        if not worse:
            break
        n += 1
    return n


def evaluate(sample, campaign, rows_by_platform, order_rows, out):
    as_of = sample["as_of"]
    period = campaign["campaign"]["period"]
    start, end = period["start"], period["end"]
    elapsed = (as_of - start).days + 1
    total_days = (end - start).days + 1
    t = totals(rows_by_platform, order_rows, as_of, orders_has_signups=sample["orders"]["extra"] is None)
    creators = campaign["creators"]
    kpis = {k["id"]: k for k in campaign["kpis"]}
    results = {}

    def p(s=""):
        out.append(s)

    p(f"== {campaign['campaign']['id']}  ({sample['yaml']})")
    p(f"   kpi score campaigns/{sample['yaml']} --as-of {as_of}")
    p(f"   period {start}..{end} ({total_days} days); as of {as_of}: day {elapsed} of {total_days} "
      f"= {elapsed / total_days * 100:.1f}% elapsed (both ends counted)")
    p(f"   rows after the as-of date (left out by --as-of): "
      f"{sum(1 for rs in rows_by_platform.values() for r in rs if r['date'] > as_of)} platform rows, "
      f"{sum(1 for r in order_rows if r['date'] > as_of)} order rows")
    p()
    # ---- totals ---------------------------------------------------------
    has_signups = sample["orders"]["extra"] is None
    cols = ["spend", "qualified_clicks", "clicks", "impressions", "reach", "engagements",
            "negative_comments", "comments"] + (["signups"] if has_signups else []) + ["conversions", "revenue"]
    p(f"   Totals of rows dated <= {as_of} (engagements = likes + comments + saves + shares;")
    p("   spend and revenue in currency, everything else counts):")
    whos = ["*"] + [c["handle"] for c in creators]
    colw = max(12, max(len(h) for h in whos) + 2)
    width = max(len(c["handle"]) for c in creators) + 2
    p("   " + "metric".ljust(18) + "".join(("ALL" if w == "*" else w).rjust(colw) for w in whos))
    for c in ["rows"] + cols:
        vals = []
        for w in whos:
            tw = t[w]
            if c == "rows":
                vals.append(f"{tw['rows']}+{tw['order_rows']}")
            elif c in ("spend", "revenue"):
                vals.append(money(tw[c]))
            else:
                vals.append(str(tw[c]))
        label = "rows (posts+orders)" if c == "rows" else c
        p("   " + label.ljust(18) + "".join(v.rjust(colw) for v in vals))
    p()
    p("   Components, all creators: likes=%d comments=%d saves=%d shares=%d followers_gained=%d "
      "followers_retained=%d" % (t["*"]["likes"], t["*"]["comments"], t["*"]["saves"], t["*"]["shares"],
                                 t["*"]["followers_gained"], t["*"]["followers_retained"]))
    p()

    # ---- campaign-file facts ---------------------------------------------
    p("   Campaign-file facts per creator:")
    facts = {}
    for c in creators:
        h = c["handle"]
        scr = c.get("safety_screen")
        if scr is not None and True in scr:  # PyYAML reads the key `on` as YAML 1.1 boolean
            scr = dict(scr, on=scr.pop(True))
        bf_given = c.get("brand_fit")
        bf = bf_given if bf_given is not None else computed_brand_fit(c.get("audience", {}), campaign["audience"])
        links = [d["link"] for d in c["deliverables"] if d.get("link")]
        tagged = sum(1 for l in links
                     if all(k in parse_qs(urlparse(l).query) for k in ("utm_source", "utm_medium", "utm_campaign")))
        due = [d for d in c["deliverables"] if d["due"] <= as_of]
        on_time = sum(1 for d in due if d.get("delivered_on") and d["delivered_on"] <= d["due"])
        cdays = (c["contract"]["signed_on"] - c["contract"]["offered_on"]).days
        facts[h] = dict(bf=bf, bf_given=bf_given is not None, screen=scr, links=len(links), tagged=tagged,
                        due=len(due), on_time=on_time, all=len(c["deliverables"]), cdays=cdays,
                        passed=1 if scr and scr["result"] == "pass" else 0, screens=1 if scr else 0)
        f = facts[h]
        p(f"     {h.ljust(width)} brand_fit={f['bf']:.1f}{'' if f['bf_given'] else ' (computed, see note)'}"
          f"  screen={scr['result'] + ' ' + str(scr['on']) + ' incidents=' + str(scr['incidents']) if scr else 'MISSING'}"
          f"  contract_days={cdays}  links={f['links']} tagged={f['tagged']}"
          f"  due_by_as_of={f['due']} on_time={f['on_time']} (deliverables in file: {f['all']})")
    p()

    # ---- KPI values --------------------------------------------------------
    p(f"   KPI values at {as_of}:")
    for kid, k in kpis.items():
        use = k.get("use")
        expr = use or k.get("formula")
        better = k.get("better") or BUILTIN.get(use, ("higher", None))[0]
        unit = k.get("unit") or BUILTIN.get(use, (None, "ratio"))[1]
        baseline = k.get("baseline")
        bands = k.get("bands")
        g = y = None
        if bands:
            g, y = parse_threshold(bands["green"], baseline), parse_threshold(bands["yellow"], baseline)
        per = {}
        note = ""
        if use == "brand_fit_score":
            per = {h: f["bf"] for h, f in facts.items()}
            value = min(per.values())
            note = f"campaign value shown = lowest creator; mean {sum(per.values()) / len(per):.1f}"
        elif use == "safety_pass_rate":
            passed = sum(f["passed"] for f in facts.values())
            screens = sum(f["screens"] for f in facts.values())
            value = ratio(passed, screens)
            per = {h: (None if not f["screens"] else f["passed"]) for h, f in facts.items()}
            note = (f"{passed} passed / {screens} screens on file; counting every creator: "
                    f"{passed}/{len(facts)} = {passed / len(facts) * 100:.1f}%")
        elif use == "contract_sla_days":
            per = {h: f["cdays"] for h, f in facts.items()}
            value = sum(per.values()) / len(per)
            note = f"mean of {len(per)} contracts; max {max(per.values())} d"
        elif use == "utm_rate":
            tagged = sum(f["tagged"] for f in facts.values())
            links = sum(f["links"] for f in facts.values())
            value = ratio(tagged, links)
            per = {h: ratio(f["tagged"], f["links"]) for h, f in facts.items()}
            note = f"{tagged} tagged / {links} links"
        elif use == "on_time_rate":
            ok = sum(f["on_time"] for f in facts.values())
            due = sum(f["due"] for f in facts.values())
            alln = sum(f["all"] for f in facts.values())
            value = ratio(ok, due)
            per = {h: ratio(f["on_time"], f["due"]) for h, f in facts.items()}
            note = (f"{ok} on time / {due} due by {as_of} "
                    f"(if every deliverable in the file counted: {ok}/{alln} = {ok / alln * 100:.1f}%)")
        else:
            value = metric_value(expr, t["*"])
            per = {c["handle"]: metric_value(expr, t[c["handle"]]) for c in creators}
        # cumulative KPI with target + by: judged on the projection
        pace = ""
        judged = value
        if k.get("target") is not None and k.get("by") is not None:
            by = k["by"]
            by_days = (by - start).days + 1
            expected = k["target"] * elapsed / by_days
            projected = value * by_days / elapsed
            judged = projected
            if not bands:
                g, y = k["target"], 0.9 * k["target"]
            pace = (f"target {fmt(unit, k['target'])} by {by}; expected to date {fmt(unit, expected)} "
                    f"({elapsed}/{by_days} days); actual {value / expected * 100:.1f}% of pace; "
                    f"projected {fmt(unit, projected)} = {projected / k['target'] * 100:.1f}% of target")
        b = band(judged, better, g, y)
        # weekly trend (metric KPIs only)
        trend = ""
        streak = None
        if not use or use in ("ctr", "engagement_rate", "cpqc", "roas", "negative_comment_rate"):
            series = []
            for label, lo, hi in iso_weeks(start, as_of):
                tw = totals(rows_by_platform, order_rows, hi, since=lo,
                            orders_has_signups=sample["orders"]["extra"] is None)["*"]
                v = metric_value(expr, tw)
                # counts: compare daily averages so a partial week is not "worse" by construction
                if k.get("target") is not None and v is not None:
                    v = v / ((hi - lo).days + 1)
                if tw["rows"] == 0 and not series:
                    continue  # weeks before the first post have no series point
                series.append((label, v))
            streak = worsening_streak([v for _, v in series], better)
            trend = "weekly: " + ", ".join(
                f"{lbl[-3:]} {fmt(unit, v) if k.get('target') is None else f'{v:,.1f}/day'}"
                for lbl, v in series) + f"; trailing worsening weeks: {streak}"
        results[kid] = dict(value=value, judged=judged, band=b, per=per, tier=k.get("tier"), streak=streak)
        thr = "" if g is None else f"green {'>=' if better == 'higher' else '<='} {fmt(unit, g)}, yellow {'>=' if better == 'higher' else '<='} {fmt(unit, y)}"
        p(f"   - {kid:<18} [{k.get('tier', '?')}] value {fmt(unit, value):>12}  -> {b.upper():<6} ({thr})")
        if pace:
            p(f"       pace: {pace}")
        if note:
            p(f"       {note}")
        if trend:
            p(f"       {trend}")
        if per and k.get("tier") == "gate" or use in ("utm_rate", "on_time_rate", "contract_sla_days"):
            p("       per creator: " + ", ".join(
                f"{h} {'no screen' if v is None else fmt(unit, v)}"
                + ("" if k.get("tier") != "gate" else f" {'(missing)' if v is None else band(v, better, g, y)}")
                for h, v in per.items()))
        elif per:
            p("       per creator: " + ", ".join(
                f"{h} {fmt(unit, v)}" for h, v in per.items()))
    p()
    # ---- spend verdict -----------------------------------------------------
    blockers = []
    for h, f in facts.items():
        why = []
        for kid, r in results.items():
            if r["tier"] != "gate":
                continue
            v = r["per"].get(h)
            k = kpis[kid]
            use = k.get("use")
            better = k.get("better") or BUILTIN.get(use, ("higher", None))[0]
            bands = k["bands"]
            g, y = parse_threshold(bands["green"], None), parse_threshold(bands["yellow"], None)
            if v is None:
                why.append(f"{kid} missing")
            elif band(v, better, g, y) == "red":
                why.append(f"{kid} red")
        if why:
            blockers.append((h, why))
    verdict = "BLOCKED" if blockers else "APPROVED"
    p(f"   Spend verdict: {verdict}" + ("" if not blockers else " - " + "; ".join(
        f"{h}: {', '.join(w)}" for h, w in blockers)))
    # paid amplification against the contract caps
    caps = []
    for c in creators:
        cap = c["contract"].get("paid_amplification", {}).get("max_spend")
        caps.append(f"{c['handle']} {money(t[c['handle']]['spend'])} of {cap}")
    p("   Paid amplification to date vs contract max_spend: " + ", ".join(caps))
    p()
    return results, verdict, blockers


def check_story(key, results, verdict, blockers, campaign):
    """Assert that the sample still tells the story the YAML header promises."""
    problems = []
    bands = {k: r["band"] for k, r in results.items()}
    if key == "spring-glow":
        if verdict != "APPROVED":
            problems.append(f"verdict {verdict}, want APPROVED")
        for k, b in bands.items():
            want = "yellow" if k == "signups" else "green"
            if b != want:
                problems.append(f"{k} is {b}, want {want}")
        # current values green: signups' actual to date behind pace, but not wildly
        r = results["signups"]
        ratio_ = r["judged"] / 4000
        if not 0.91 <= ratio_ <= 0.97:
            problems.append(f"signups projection {ratio_:.3f} of target, want 0.91..0.97 (clear yellow)")
        # margins: the green KPIs should be comfortably green
        if results["cpqc"]["value"] > 1.80 * 0.92:
            problems.append("cpqc too close to its 1.80 baseline")
        if results["ctr"]["value"] < 0.012 * 1.08:
            problems.append("ctr too close to 1.2%")
        if results["engagement"]["value"] < 0.03 * 1.2:
            problems.append("engagement too close to 3%")
        if results["revenue"]["judged"] < 60000 * 1.05:
            problems.append("revenue projection too close to target")
        # no KPI may look like a run of worsening weeks (the trend rule could raise its band)
        for k, r in results.items():
            if r["streak"] is not None and r["streak"] > 1:
                problems.append(f"{k} has {r['streak']} trailing worsening weeks, want at most 1")
    else:
        if verdict != "BLOCKED":
            problems.append(f"verdict {verdict}, want BLOCKED")
        blocked = {h for h, _ in blockers}
        if blocked != {"@ultra.kai", "@trailmix.tess"}:
            problems.append(f"blocked creators {sorted(blocked)}, want @ultra.kai and @trailmix.tess")
        for k in ("cpqc", "roas", "negative_comments", "orders", "safety"):
            if bands[k] != "red":
                problems.append(f"{k} is {bands[k]}, want red")
        if bands["utm"] != "yellow":
            problems.append(f"utm is {bands['utm']}, want yellow")
        if not 0.75 <= results["utm"]["value"] <= 0.90:
            problems.append("utm_rate outside 75..90%")
        cp = results["cpqc"]["value"]
        if not 3.2 <= cp <= 3.8:
            problems.append(f"cpqc {cp:.2f}, want about 3.5")
        if not 1.4 <= results["roas"]["value"] <= 1.8:
            problems.append(f"roas {results['roas']['value']:.2f}, want about 1.6")
        if not 0.07 <= results["negative_comments"]["value"] <= 0.12:
            problems.append("negative comment rate not clearly red (want 7-12%)")
        for k in ("contract_sla", "on_time"):
            if bands[k] != "green":
                problems.append(f"{k} is {bands[k]}, want green")
    return problems


def main():
    out = []
    out.append("Expected totals and KPI values of the sample campaigns.")
    out.append("Generated by campaigns/tools/make_samples.py; do not edit by hand.")
    out.append("Ratios are ratios of sums. Pacing: elapsed and total days count both ends;")
    out.append("a cumulative KPI (target + by) is judged on actual x total_days / elapsed_days.")
    out.append("Weekly trends compare ISO weeks clipped to the period and the as-of date")
    out.append("(cumulative KPIs by daily average, so a partial week is comparable).")
    out.append("")
    failures = []
    for sample in SAMPLES:
        campaign = yaml.safe_load(open(ROOT / sample["yaml"]))
        rows_by_platform, order_rows = generate(sample, campaign)
        write_exports(sample, rows_by_platform, order_rows)
        nfiles = {sample["files"][p]: len(rs) for p, rs in rows_by_platform.items()}
        out.append(f"Files written for {sample['key']}: "
                   + ", ".join(f"{f} ({n} rows)" for f, n in nfiles.items())
                   + f", {sample['orders']['file']} ({len(order_rows)} rows)")
        results, verdict, blockers = evaluate(sample, campaign, rows_by_platform, order_rows, out)
        problems = check_story(sample["key"], results, verdict, blockers, campaign)
        out.append("   Story check: " + ("OK" if not problems else "FAILED: " + "; ".join(problems)))
        out.append("")
        failures += [f"{sample['key']}: {p}" for p in problems]
    # brand-fit note (only matters where a creator has no `brand_fit:`)
    out.append("Note: a brand_fit marked (computed) is this script's illustration only")
    out.append("(100 x (0.4 age share in ICP + 0.4 geo share in ICP + 0.2 share of interests in ICP));")
    out.append("the loader's documented formula decides the real value. It affects no verdict here:")
    out.append("@trailmix.tess is blocked by her missing safety screen either way.")
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    (Path(__file__).resolve().parent / "expected-totals.txt").write_text(text)
    if failures:
        sys.exit("story check failed:\n  " + "\n  ".join(failures))


if __name__ == "__main__":
    main()
