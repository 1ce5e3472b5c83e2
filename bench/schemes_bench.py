"""Finder benchmark: search + filter latency on a generated 20,000-scheme catalogue, next to a
bare SQLite FTS5 full-text query on the same texts in the same run.

    python bench/schemes_bench.py [--schemes 20000] [--queries 300]

Our query returns the best 50 (a page), as the web finder does. The generated catalogue
multiplies the 50 bundled schemes with varied names, provinces and texts. Our query does more
than the bare one (stemming, compound splitting, typo tolerance, eligibility rules, status,
ranking, explanations), so the bare query is a floor, not a peer.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import time
from dataclasses import replace
from datetime import date

from techniekpact.schemes.eligibility import Company
from techniekpact.schemes.finder import Query, find
from techniekpact.schemes.loader import bundled
from techniekpact.schemes.search import Index

WORDS = [
    "techniek",
    "installatie",
    "metaal",
    "digitalisering",
    "robotica",
    "waterstof",
    "bouw",
    "energie",
    "circulair",
    "onderwijs",
    "talent",
    "vakmanschap",
    "fotonica",
    "chip",
]
PROVINCES = [f"PV{n}" for n in range(20, 32)]
QUERIES = [
    "scholingssubsidie",
    "innovatie krediet",
    "export",
    "verduurzamen",
    "robotica lening",
    "waterstof",
    "scholnig",
    "praktijkleren",
    "startup",
    "energie subsidie",
]


def catalogue(size: int) -> list:
    rng = random.Random(2019)
    base = bundled()
    out = []
    for i in range(size):
        s = base[i % len(base)]
        extra = " ".join(rng.sample(WORDS, 3))
        out.append(
            replace(
                s,
                code=f"{s.code}-{i}",
                name=f"{s.name} {extra.split()[0]} {i}",
                description=f"{s.description} {extra}",
                provinces=tuple(rng.sample(PROVINCES, rng.choice([0, 0, 1, 2]))),
            )
        )
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schemes", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    schemes = catalogue(args.schemes)
    started = time.perf_counter()
    index = Index(schemes)
    print(f"{len(schemes):,} schemes; index built in {time.perf_counter() - started:.1f} s")

    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE s USING fts5(code UNINDEXED, province UNINDEXED, name, "
        "text, tokenize='unicode61 remove_diacritics 2')"
    )
    db.executemany(
        "INSERT INTO s VALUES (?, ?, ?, ?)",
        [
            (s.code, ",".join(s.provinces), s.name, f"{s.description} {s.target_group}")
            for s in schemes
        ],
    )

    rng = random.Random(7)
    ours: list[float] = []
    bare: list[float] = []
    counts = []
    for _ in range(args.queries):
        text = rng.choice(QUERIES)
        company = Company(
            province=rng.choice(PROVINCES),
            employees=rng.choice([5, 40, 300]),
            purposes=(rng.choice(["innovatie", "scholing", "export"]),),
        )
        t = time.perf_counter()
        results = find(
            schemes, Query(text=text, company=company), date(2026, 11, 29), index=index, limit=50
        )
        ours.append((time.perf_counter() - t) * 1000)
        counts.append(len(results))
        fts = " OR ".join(text.split())
        t = time.perf_counter()
        db.execute(
            "SELECT code FROM s WHERE s MATCH ? AND (province = '' OR province LIKE ?) "
            "ORDER BY rank LIMIT 100",
            (fts, f"%{company.province}%"),
        ).fetchall()
        bare.append((time.perf_counter() - t) * 1000)
    for name, values in (("ours (find)", ours), ("bare FTS5", bare)):
        print(
            f"{name:<12} p50 {statistics.median(values):7.2f} ms   "
            f"p95 {percentile(values, 0.95):7.2f} ms   max {max(values):7.2f} ms"
        )
    print(f"median results per query: {statistics.median(counts):.0f}")


if __name__ == "__main__":
    main()
