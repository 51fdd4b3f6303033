#!/usr/bin/env python3
"""Generate N campaign files of M creators each, for the `kpi lint` benchmark.

Usage:
    python3 bench/gen_campaigns.py --files 1000 --creators 20 --out target/bench/lint-1000-20 --seed 7

Every file has the structure of tests/integration/lint_fixture.yaml (a campaign that
breaks no rule): `campaign` (id, brand, objective, a quarter-long period in 2026,
owner, markets), `audience`, five `kpis` (brand fit and safety gates, cost per
qualified click with a baseline and a checkpoint, a signups target, UTM rate),
`creators` each with a safety screen, a full contract (offer, signature, shipping,
fee + affiliate code, disclosure, usage rights, paid amplification, exclusivity,
approval, review date, escalation) and 2-3 deliverables with a tracked link and a
disclosed caption, `declined`, a `brief` and `guidelines` with one custom rule.

Ids, handles, brands, dates (always inside the file's period and in a consistent
order), fees, formats and captions vary. About --broken-rate of the files (default
0.1) carry one to three realistic problems: a link without utm_campaign (T001), a
caption disclosing only with "#sp" (B006), a creator without a safety screen (S001),
a caption using the brand's forbidden word (custom rule). All other files lint clean
(`--broken-rate 0` must give zero findings).

Deterministic: the same arguments give byte-identical files. stdlib only.
A summary (files, bytes, broken files and the problems planted) goes to stderr.
"""

import argparse
import datetime
import os
import random
import sys
import time

# brand, product, url slug, domain, category, interests, banned claims,
# (custom rule id, message, forbidden pattern, a phrase that trips it)
BRANDS = [
    ("Lumen", "Spring Glow Serum", "glow", "lumen.example", "skincare",
     ["skincare", "clean beauty"], ["cure", "miracle"],
     ("X001", "Say 'serum', not 'potion'", "(?i)potion", "my new favourite potion")),
    ("Trailhead", "Ridge 2 Trail Runner", "ridge2", "trailhead.example", "running shoes",
     ["trail running", "hiking"], ["injury-proof", "indestructible"],
     ("X101", "Say 'trail runner', not 'sneaker'", "(?i)\\bsneakers?\\b", "the comfiest sneaker")),
    ("Brewmark", "Cold Brew Kit", "coldbrew", "brewmark.example", "coffee",
     ["coffee", "home barista"], ["boosts metabolism", "detox"],
     ("X201", "Never compare with instant coffee", "(?i)instant coffee", "better than instant coffee")),
    ("Nimbus", "Cloud Sleep Mask", "sleepmask", "nimbus.example", "sleep",
     ["wellness", "sleep"], ["cures insomnia", "clinically proven"],
     ("X301", "Do not promise a number of hours of sleep", "(?i)\\b\\d+ hours of sleep", "10 hours of sleep")),
    ("Voltra", "Volt 3 Earbuds", "volt3", "voltra.example", "audio",
     ["tech", "music"], ["unbreakable", "best in the world"],
     ("X401", "Say 'earbuds', not 'headphones'", "(?i)headphones", "these headphones")),
    ("Harvest & Co", "Oat Crunch Granola", "granola", "harvestco.example", "breakfast",
     ["food", "healthy eating"], ["weight loss", "superfood"],
     ("X501", "Do not call it a diet food", "(?i)\\bdiet\\b", "my diet breakfast")),
]

FIRST = ["maya", "priya", "dani", "lena", "noah", "omar", "zoe", "kai", "ivy", "leo", "ana",
         "sam", "ruby", "finn", "mila", "theo", "jade", "eli", "nora", "max", "ines", "tariq"]
STYLE = ["glows", "daily", "eats", "runs", "reviews", "makes", "lab", "life", "studio",
         "notes", "wild", "home", "fit", "tries", "corner"]
PLATFORM_FORMATS = {
    "instagram": ("reel", "story", "post"),
    "tiktok": ("video",),
    "youtube": ("video", "short"),
}
PLATFORMS = ("instagram", "instagram", "tiktok", "youtube")
VIDEO = {"reel", "video", "short", "story"}
DISCLOSE = ["#ad", "Ad:", "Paid partnership with {brand}:", "Sponsored by {brand} -", "#ad |"]
BODIES = [
    "Three weeks with {product} and I'm not going back",
    "{product} is in my morning routine now, here's why",
    "Testing {product} for a month: honest first impressions",
    "Everything I like about {product} in sixty seconds",
    "My routine with {product}, use code {code} for your first order",
    "Unboxing {product} and trying it for the first time",
    "Why {product} earned a spot in my bag this season",
    "{product}: the one thing I'd recommend to a friend this month",
    "A week of {product}, day by day, with code {code}",
    "Q and A: you asked about {product}, I answered",
]
TAILS = ["", " Link in bio.", " Code {code} at checkout.", " Full review on my channel.",
         " Tell me what you think below."]
DECLINE_REASONS = ["audience_mismatch", "rate_too_high", "brand_safety", "schedule_conflict",
                   "exclusivity_conflict"]
VOICES = ["warm, expert", "playful, honest", "calm, practical", "energetic, direct"]
PAYMENT_TERMS = ["net-15", "net-30", "net-30", "net-45"]


def month_start(year, month):
    return datetime.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


class Dates:
    """Ordinal -> ISO string, cached (dates repeat a lot)."""

    def __init__(self):
        self.cache = {}

    def __call__(self, ordinal):
        s = self.cache.get(ordinal)
        if s is None:
            s = datetime.date.fromordinal(ordinal).isoformat()
            self.cache[ordinal] = s
        return s


def campaign_file(i, n_creators, rng, d, broken_rate, planted):
    brand, product, slug, domain, category, interests, banned, custom = rng.choice(BRANDS)
    rule_id, rule_msg, rule_pat, rule_trip = custom
    cid = "%s-%04d" % (slug, i)
    m0 = rng.randint(1, 10)
    start = month_start(2026, m0).toordinal()
    end = month_start(2026, m0 + 3).toordinal() - 1
    span = end - start + 1
    markets = rng.choice((["US"], ["US"], ["US", "CA"]))
    baseline = rng.choice(("1.20", "1.45", "1.80", "2.10", "2.60"))
    target = rng.randrange(2000, 12001, 250)
    checkpoint = start + span // 2

    problems = []
    if rng.random() < broken_rate:
        kinds = ["utm", "sp", "safety", "custom"]
        rng.shuffle(kinds)
        problems = kinds[: rng.randint(1, 3)]
    # which creator carries which problem
    where = {p: rng.randrange(n_creators) for p in problems}
    for p in problems:
        planted[p] = planted.get(p, 0) + 1

    out = []
    w = out.append
    w("# Generated by bench/gen_campaigns.py (seed-dependent); structure of tests/integration/lint_fixture.yaml\n")
    w("campaign:\n")
    w("  id: %s\n" % cid)
    w("  name: %s %s %d\n" % (product, ("launch", "push", "refresh", "always-on")[i % 4], i))
    w("  brand: %s\n" % brand)
    w("  objective: conversions\n")
    w("  period: { start: %s, end: %s }\n" % (d(start), d(end)))
    w("  currency: USD\n")
    w("  budget: %d\n" % rng.randrange(40000, 250001, 5000))
    owner = rng.choice(FIRST)
    w("  owner: { name: %s, email: %s@%s }\n" % (owner.title(), owner, domain))
    w("  markets: [%s]\n" % ", ".join(markets))
    w("audience: { age: [\"%s\"], geo: [%s], interests: [%s] }\n"
      % (rng.choice(("18-24", "25-34", "35-44")), ", ".join(markets), ", ".join(interests)))
    w("kpis:\n")
    w("  - { id: fit, use: brand_fit_score, tier: gate, bands: { green: 75, yellow: 60 } }\n")
    w("  - { id: safety, use: safety_pass_rate }\n")
    w("  - id: cpqc\n")
    w("    formula: spend / qualified_clicks\n")
    w("    unit: currency\n")
    w("    better: lower\n")
    w("    baseline: %s\n" % baseline)
    w("    bands: { green: baseline, yellow: \"baseline + 25%\" }\n")
    w("    checkpoints: [%s]\n" % d(checkpoint))
    w("  - { id: signups, formula: signups, target: %d, by: %s }\n" % (target, d(end)))
    w("  - { id: utm, use: utm_rate, bands: { green: \"100%\", yellow: \"90%\" } }\n")
    w("creators:\n")

    used_formats = set()
    handles = []
    for j in range(n_creators):
        first = FIRST[(i * 7 + j) % len(FIRST)]
        handle = "@%s%s%03d%02d" % (first, STYLE[(i + j * 3) % len(STYLE)], i % 1000, j)
        handles.append(handle)
        short = "c%02d" % j
        platform = PLATFORMS[(i + j) % len(PLATFORMS)]
        formats = PLATFORM_FORMATS[platform]
        code = "%s%d" % (first.upper(), rng.choice((10, 15, 20)))
        offered = start - rng.randint(14, 40)
        signed = offered + rng.randint(1, 7)
        shipped = signed + rng.randint(1, 5)
        screened = offered - rng.randint(1, 10)
        expires = end + rng.randint(30, 120)
        fee = rng.randrange(1000, 12001, 250)
        w("  - handle: \"%s\"\n" % handle)
        w("    platform: %s\n" % platform)
        w("    followers: %d\n" % rng.randrange(8000, 900000, 500))
        w("    brand_fit: %d\n" % rng.randint(76, 97))
        if not ("safety" in where and where["safety"] == j):
            w("    safety_screen: { result: pass, on: %s, incidents: 0, expires_on: %s }\n"
              % (d(screened), d(expires)))
        w("    contract:\n")
        w("      offered_on: %s\n" % d(offered))
        w("      signed_on: %s\n" % d(signed))
        w("      product_shipped_on: %s\n" % d(shipped))
        w("      compensation: { flat_fee: %d, affiliate: { code: %s, commission: \"%d%%\" }, payment_terms: %s }\n"
          % (fee, code, rng.choice((8, 10, 12, 15)), rng.choice(PAYMENT_TERMS)))
        w("      disclosure: \"#ad\"\n")
        w("      usage_rights: { channels: [%s], days: %d }\n"
          % (rng.choice(("organic, paid", "organic", "organic, paid, whitelisting")), rng.choice((30, 60, 90))))
        w("      paid_amplification: { allowed: true, max_spend: %d }\n" % rng.randrange(1000, 10001, 500))
        w("      exclusivity: { category: %s, days: %d }\n" % (category, rng.choice((14, 30, 60))))
        w("      approval: { rounds: %d, sla_hours: %d }\n" % (rng.randint(1, 3), rng.choice((24, 48, 72))))
        w("      renewal: { review_on: %s }\n" % d(end))
        w("      escalation: { contact: pr@%s, response_hours: %d }\n" % (domain, rng.choice((12, 24, 48))))
        w("    deliverables:\n")
        n_del = rng.randint(2, 3)
        slot = span // n_del
        for k in range(n_del):
            fmt = formats[(j + k) % len(formats)]
            used_formats.add(fmt)
            did = "%s-%s-%d" % (short, fmt, k + 1)
            # window of 3-5 days inside this deliverable's slot, due 1-4 days before it opens
            lo = start + k * slot + 5
            w_from = rng.randint(lo, lo + max(0, slot - 12))
            w_to = w_from + rng.randint(2, 4)
            due = w_from - rng.randint(1, 4)
            w("      - id: %s\n" % did)
            w("        format: %s\n" % fmt)
            w("        supports: [%s]\n" % ("cpqc, signups" if k == 0 else "signups"))
            w("        due: %s\n" % d(due))
            if k == 0:  # the first one is done: delivered on time, posted inside the window
                w("        delivered_on: %s\n" % d(due - rng.randint(0, 2)))
                w("        posted_on: %s\n" % d(rng.randint(w_from, w_to)))
            w("        posting_window: { from: %s, to: %s }\n" % (d(w_from), d(w_to)))
            if k == 0 and where.get("utm") == j:
                link = "https://%s/%s?utm_source=%s&utm_medium=influencer&utm_content=%s" % (
                    domain, slug, platform, did)
            else:
                link = "https://%s/%s?utm_source=%s&utm_medium=influencer&utm_campaign=%s&utm_content=%s" % (
                    domain, slug, platform, cid, did)
            w("        link: \"%s\"\n" % link)
            label = "#sp" if (k == 0 and where.get("sp") == j) else rng.choice(DISCLOSE).format(brand=brand)
            body = rng.choice(BODIES).format(product=product, code=code)
            if k == 0 and where.get("custom") == j:
                body += ", %s" % rule_trip
            tail = rng.choice(TAILS).format(code=code)
            w("        caption: \"%s %s.%s\"\n" % (label, body, tail))
            if fmt in VIDEO:
                if fmt != "story":
                    w("        spoken_disclosure: true\n")
                w("        on_screen_disclosure: true\n")

    w("declined:\n")
    for k in range(rng.randint(1, 2)):
        w("  - { handle: \"@%s.%s%d\", reason: %s }\n"
          % (rng.choice(FIRST), rng.choice(STYLE), k, rng.choice(DECLINE_REASONS)))
    w("brief:\n")
    w("  voice: %s\n" % rng.choice(VOICES))
    w("  key_messages: [\"%s for %s\"]\n" % (product, ", ".join(interests)))
    w("  must_include: [\"%s\"]\n" % product)
    w("  disclosure: [\"#ad\", \"Paid partnership\"]\n")
    w("  banned_claims: [%s]\n" % ", ".join(banned))
    w("  formats: [%s]\n" % ", ".join(sorted(used_formats)))
    w("  dos: [show the product in use, say what you did not like]\n")
    w("  donts: [before/after photos, comparisons with named competitors]\n")
    w("guidelines:\n")
    w("  custom:\n")
    w("    - { id: %s, message: \"%s\", in: caption, forbid: \"%s\" }\n"
      % (rule_id, rule_msg, rule_pat.replace("\\", "\\\\")))
    return cid, "".join(out), bool(problems)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=1000, help="campaign files to write (default 1000)")
    ap.add_argument("--creators", type=int, default=20, help="creators per file (default 20)")
    ap.add_argument("--out", required=True, help="folder to write into (created if missing)")
    ap.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    ap.add_argument("--broken-rate", type=float, default=0.1,
                    help="share of files with planted problems (default 0.1)")
    a = ap.parse_args()
    if a.files < 0 or a.creators < 1:
        ap.error("--files must be >= 0 and --creators >= 1")

    t0 = time.time()
    rng = random.Random(a.seed)
    d = Dates()
    os.makedirs(a.out, exist_ok=True)
    planted = {}
    broken = 0
    total = 0
    for i in range(a.files):
        cid, text, bad = campaign_file(i, a.creators, rng, d, a.broken_rate, planted)
        broken += bad
        data = text.encode("utf-8")
        total += len(data)
        with open(os.path.join(a.out, cid + ".yaml"), "wb") as f:
            f.write(data)
    print("gen_campaigns: %d files x %d creators, %.1f MB, %d with planted problems %s, %.2f s -> %s"
          % (a.files, a.creators, total / 1e6, broken,
             dict(sorted(planted.items())), time.time() - t0, a.out), file=sys.stderr)


if __name__ == "__main__":
    main()
