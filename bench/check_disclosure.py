#!/usr/bin/env python3
"""Precision and recall of `kpi lint`'s "absent or inadequate disclosure" (B002 + B006)
on a labelled corpus of real descriptions.

The corpus is tests/disclosure-corpus/descriptions.tsv (id, source, platform, label,
why, text; `\\n` and `\\t` escaped), labelled by someone who had not seen the rules:
`not_disclosed` must be flagged, `disclosed` must not and neither must `support_only`
(a "purchases through these links support the channel" sentence: a risky disclosure,
B012, not an absent one), `no_links` is left out of the figures. Each description becomes a deliverable's caption in one US campaign.

Usage: bench/check_disclosure.py [CORPUS] [KPI_BINARY]   (prints the misses with --verbose)
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

args = [a for a in sys.argv[1:] if a != "--verbose"]
verbose = "--verbose" in sys.argv
corpus = Path(args[0] if args else "tests/disclosure-corpus/descriptions.tsv")
kpi = str(Path(args[1] if len(args) > 1 else "target/release/kpi").resolve())

rows = []
for line in corpus.read_text(encoding="utf-8").splitlines()[1:]:
    parts = line.split("\t")
    if len(parts) < 6:
        continue
    rows.append({"id": parts[0], "label": parts[3], "why": parts[4], "text": "\t".join(parts[5:])})

head = Path("tests/integration/lint_fixture.yaml").read_text().split("creators:\n")[0]
yaml = [head, "creators:\n  - handle: \"@c\"\n    brand_fit: 90\n    safety_screen: { result: pass }\n    deliverables:\n"]
line_of = {}
for i, row in enumerate(rows):
    yaml.append(f"      - id: d{i}\n        supports: [signups]\n        due: 2026-04-20\n")
    line_of["".join(yaml).count("\n") + 1] = i
    text = row["text"].replace("\\t", " ").replace("\\", "\\\\").replace("\\\\n", "\\n").replace('"', '\\"')
    yaml.append(f"        caption: \"{text}\"\n")

with tempfile.TemporaryDirectory() as d:
    Path(d, "kpi.yaml").write_text("")
    Path(d, "c.yaml").write_text("".join(yaml), encoding="utf-8")
    p = subprocess.run([kpi, "lint", "c.yaml", "--format", "json", "--rule", "B002", "--rule", "B006", "--rule", "B003"],
                       cwd=d, capture_output=True, text=True)
    findings = json.loads(p.stdout or "[]")
    if p.returncode not in (0, 1):
        sys.exit(p.stderr)

flagged = {}
for f in findings:
    i = line_of.get(f["line"])
    if i is not None:
        flagged.setdefault(i, set()).add(f["rule"])

tp = fp = fn = tn = 0
for i, row in enumerate(rows):
    alarm = bool(flagged.get(i, set()) & {"B002", "B006"})
    if row["label"] == "not_disclosed":
        tp += alarm
        fn += not alarm
        if verbose and not alarm:
            print(f"MISSED {row['id']} ({row['why']}): {row['text'][:160]}")
    elif row["label"] in ("disclosed", "support_only"):
        fp += alarm
        tn += not alarm
        if verbose and alarm:
            print(f"FALSE ALARM {row['id']} {sorted(flagged[i])} ({row['why']}): {row['text'][:160]}")
precision = tp / (tp + fp) if tp + fp else float("nan")
recall = tp / (tp + fn) if tp + fn else float("nan")
print(f"{len(rows)} descriptions; not_disclosed {tp + fn}, disclosed {fp + tn}; "
      f"flagged {tp} of {tp + fn} undisclosed, {fp} of {fp + tn} disclosed; "
      f"precision {precision:.3f}, recall {recall:.3f}")
