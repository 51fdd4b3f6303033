#!/usr/bin/env python3
"""Check `kpi metrics` against a corpus of real platform exports labelled by hand.

The corpus (kept out of the repository: third-party data) is a folder of `NAME.csv`
files, each with `NAME.kinds.json` (every header's kind as an analyst labelled it:
counter, gauge, rate, share, rolling, id, label) and `NAME.totals.json` (the exact sum of
every counter column, computed independently). For every file this prints where kpi
disagrees:

  SUMMED    a column the label says must not be summed, which kpi summed
  DROPPED   a counter kpi did not sum (said in a note, but worth a look)
  TOTAL     a counter whose sum differs from the independent one
  ERROR     kpi refused the file

Usage: bench/check_exports.py CORPUS [KPI_BINARY]
"""
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

corpus = Path(sys.argv[1])
kpi = sys.argv[2] if len(sys.argv) > 2 else "target/release/kpi"
NOT_SUMMED = {"gauge", "rate", "share", "rolling", "id", "label"}


def run(args):
    p = subprocess.run([kpi, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def flags(meta):
    out = []
    if "," in str(meta.get("decimal_mark", ".")) and "." not in str(meta.get("decimal_mark", ".")):
        out.append("--decimal-comma")
    if "no year" in json.dumps(meta).lower() or "without a year" in json.dumps(meta).lower():
        out += ["--year", "2024"]
    return out


problems = 0
checked = 0
for csv in sorted(corpus.glob("*.csv")):
    name = csv.stem
    kinds_path = corpus / f"{name}.kinds.json"
    totals_path = corpus / f"{name}.totals.json"
    if not kinds_path.exists() or not totals_path.exists():
        continue
    labels = json.loads(kinds_path.read_text())
    meta = labels.pop("_file", {})
    totals = json.loads(totals_path.read_text()).get("counters", {})
    extra = flags(meta)
    code, out, err = run(["metrics", str(csv), "--format", "json", "--no-progress", *extra])
    if code != 0:
        print(f"{name}: ERROR {err.strip()[:300]}")
        problems += 1
        continue
    sums = json.loads(out)[0] if out.strip() else {}
    code, out, err = run(["metrics", str(csv), "--kinds", "--format", "json", "--no-progress", *extra])
    columns = json.loads(out) if code == 0 else []
    checked += 1
    seen = set()
    for column in columns:
        header = column["header"]
        key = header if header not in seen else None
        seen.add(header)
        label = labels.get(header, {}).get("kind") if key else None
        summed = column["kind"] == "counter" and column["name"]
        if label in NOT_SUMMED and summed:
            print(f"{name}: SUMMED `{header}` (labelled {label}: {labels[header].get('why', '')})")
            problems += 1
        if label == "counter" and not summed:
            print(f"{name}: DROPPED `{header}` (kpi: {column['kind']}, {column['why']})")
        if label == "counter" and summed and header in totals and totals[header]["sum"] is not None:
            expected = Decimal(totals[header]["sum"])
            got = sums.get(column["name"])
            # kpi reads each cell to six decimals: allow half a millionth per value.
            slack = Decimal(totals[header].get("values", 1)) * Decimal("0.0000005")
            if got is None or abs(Decimal(str(got)) - expected) > slack:
                print(f"{name}: TOTAL `{header}` kpi {got} vs {expected}")
                problems += 1
print(f"{checked} files checked, {problems} problems")
