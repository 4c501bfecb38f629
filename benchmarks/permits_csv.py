"""A realistic permits CSV for the import benchmark: N decision rows in the schema of
``hgr-kg import permits`` (docs/guide-import.md), deterministic for a seed. Names mix
organisations of the graph (English and Chinese, in varied case) with new ones; about a third of
the rows have foreign partners and a sponsor.

    python benchmarks/permits_csv.py 100000 --seed 1 -o /tmp/permits-100k.csv
    /usr/bin/time -v hgr-kg import permits /tmp/permits-100k.csv --source "Benchmark"
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import date, timedelta
from pathlib import Path

from hgr_kg.sources.records import COLUMNS

KNOWN = ["Beijing Cancer Hospital", "beijing cancer hospital", "Peking Union Medical College Hospital (CAMS)",
         "AstraZeneca Group", "Roche Group", "Novartis Group", "Pfizer Inc.", "BeiGene"]  # fmt: skip
CITIES = ["Beijing", "Shanghai", "Guangzhou", "Hangzhou", "Chengdu", "Wuhan", "北京", "上海"]
CATEGORIES = ["collection", "preservation", "export", "international-collaboration", "采集", "国际合作"]
STATUSES = ["approved"] * 8 + ["revoked", "withdrawn", "批准"]


def rows(n: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    hospitals = [f"第{i}人民医院" if i % 2 else f"Provincial Hospital No. {i}" for i in range(2000)]
    start = date(2019, 7, 1)
    out = []
    for i in range(n):
        day = start + timedelta(days=rng.randrange(2000))
        applicant = rng.choice(KNOWN) if rng.random() < 0.3 else rng.choice(hospitals)
        partners = ";".join(rng.sample(KNOWN[3:], rng.randrange(1, 3))) if rng.random() < 0.35 else ""
        sponsor = rng.choice(KNOWN[3:]) if partners else ""
        title = f'Study {i}: "cohort" of {rng.choice(CITIES)}, phase {rng.randrange(1, 4)}'
        number = f"国科遗办审字〔{day.year}〕{i + 1}号"
        out.append([number, day.isoformat(), rng.choice(CATEGORIES), applicant, partners, sponsor,
                    rng.choice(CITIES), title, rng.choice(STATUSES)])  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--out", required=True)
    args = parser.parse_args()
    with Path(args.out).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows(args.n, args.seed))


if __name__ == "__main__":
    main()
