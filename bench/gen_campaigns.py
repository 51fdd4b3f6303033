#!/usr/bin/env python3
"""Generate N campaign files of M creators each, for the `kpi lint` benchmark.

Each file follows tests/integration/lint_fixture.yaml (a campaign that breaks no rule):
full contracts, two deliverables per creator with tracked links and disclosed captions.
About one file in ten carries realistic problems (a link without utm_campaign, a `#sp`
caption, a creator without a safety screen) so the run also renders findings.
"""
import argparse
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = open(os.path.join(HERE, "..", "tests", "integration", "lint_fixture.yaml"), encoding="utf-8").read()
HEAD, REST = BASE.split("creators:\n")
CREATOR, TAIL = REST.split("declined:\n")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--creators", type=int, default=20)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    for i in range(a.files):
        cid = f"camp-{i:04d}"
        broken = rng.random() < 0.1
        creators = []
        for j in range(a.creators):
            c = (CREATOR.replace("@maya", f"@creator{i:04d}x{j:02d}")
                 .replace("maya-reel-1", f"c{j:02d}-reel-1")
                 .replace("maya-story-1", f"c{j:02d}-story-1")
                 .replace("MAYA15", f"C{j:02d}X{i:04d}")
                 .replace("flat_fee: 6000", f"flat_fee: {rng.randrange(1000, 9000)}")
                 .replace("brand_fit: 82", f"brand_fit: {rng.randrange(76, 98)}"))
            if broken and j == 3:
                c = c.replace("&utm_campaign=base-1&utm_content=c03-reel-1", "&utm_content=c03-reel-1")
            if broken and j == 5:
                c = c.replace('"#ad Three weeks', '"#sp Three weeks')
            if broken and j == 7:
                c = "\n".join(l for l in c.split("\n") if "safety_screen:" not in l)
            creators.append(c)
        text = HEAD.replace("base-1", cid) + "creators:\n" + "".join(creators).replace("base-1", cid) + "declined:\n" + TAIL
        with open(os.path.join(a.out, f"{cid}.yaml"), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
