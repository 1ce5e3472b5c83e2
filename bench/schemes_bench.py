"""Finder benchmark: what an SME owner asks, on a generated catalogue, timed against a bare
SQLite FTS5 full-text query on the same questions in the same run.

    python bench/schemes_bench.py [--schemes 5000] [--queries 300]

The workload is the finder's users' questions ("scholing personeel", "energie besparen",
"leerbaan bbl", "subsidie robot", ...), each with the province, size and sector an owner fills
in, answered for today as the web finder does (the best 50). Both sides report how many
schemes they found, so a fast answer that finds nothing shows as such; the run fails when most
questions find nothing, or when the bare query finds nothing at all.

The finder keeps whole searches per catalogue version; each question is timed cold (caches
cleared first: the work of a new question) and warm (asked again: what a repeated question
costs). The bare query is a floor, not a peer: no stemming, compound splitting, typo
tolerance, eligibility rules, status or explanations.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
from dataclasses import replace
from datetime import date

from techniekpact.schemes.eligibility import Company
from techniekpact.schemes.finder import Query, find
from techniekpact.schemes.loader import bundled
from techniekpact.schemes.search import Index, words

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
# What owners of technical SMEs type, with the purpose they would tick (or none).
QUESTIONS = [
    ("scholing personeel", "scholing"),
    ("scholing personeel", ""),
    ("innovatie", "innovatie"),
    ("innovatie", ""),
    ("energie besparen", "verduurzamen"),
    ("energie besparen", ""),
    ("stagiair", ""),
    ("leerbaan bbl", "praktijkleren"),
    ("leerbaan bbl", ""),
    ("subsidie robot", "innovatie"),
    ("subsidie robot", ""),
    ("lening innovatie", "innovatie"),
    ("innovatie krediet", ""),
    ("export", "export"),
    ("startup financiering", "starten-groeien"),
    ("verduurzamen", "verduurzamen"),
    ("praktijkleren", "praktijkleren"),
    ("scholnig", ""),  # a typo
    ("opleiding monteur", "scholing"),
    ("omscholing", ""),
    ("krediet", ""),
    ("investeren", "investeren"),
    ("garantie bank", ""),
    ("duurzaam investeren", ""),
    ("scholingssubsidie", ""),  # a compound
]
SIZES = [2, 5, 8, 12, 25, 40, 80, 150]
SECTORS = ["C", "F", "M", "J", "G", "H"]


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


def row(name: str, times: list[float], counts: list[int]) -> str:
    found = sum(1 for c in counts if c) / len(counts)
    return (
        f"{name:<20} p50 {statistics.median(times):8.2f} ms  p95 {percentile(times, 0.95):8.2f} ms"
        f"  max {max(times):8.2f} ms | results median {statistics.median(counts):5.0f}"
        f"  with results {found:4.0%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schemes", type=int, default=5_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    schemes = catalogue(args.schemes)
    started = time.perf_counter()
    index = Index(schemes)
    print(f"{len(schemes):,} schemes; index built in {time.perf_counter() - started:.1f} s")

    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE s USING fts5(code UNINDEXED, province UNINDEXED, "
        "purposes UNINDEXED, name, text, tokenize='unicode61 remove_diacritics 2')"
    )
    db.executemany(
        "INSERT INTO s VALUES (?, ?, ?, ?, ?)",
        [
            (
                s.code,
                ",".join(s.provinces),
                ",".join(s.purposes),
                s.name,
                f"{s.description} {s.target_group} {' '.join(s.keywords)}",
            )
            for s in schemes
        ],
    )

    rng = random.Random(7)
    today = date.today()
    cold: list[float] = []
    warm: list[float] = []
    bare: list[float] = []
    ours_counts: list[int] = []
    bare_counts: list[int] = []
    for _ in range(args.queries):
        text, purpose = rng.choice(QUESTIONS)
        company = Company(
            province=rng.choice(PROVINCES),
            employees=rng.choice(SIZES),
            sector=rng.choice(SECTORS),
            purposes=(purpose,) if purpose else (),
        )
        query = Query(text=text, company=company)
        Index._search.cache_clear()  # a new question: nothing kept from an earlier one
        index._scores.clear()
        t = time.perf_counter()
        results = find(schemes, query, today, index=index, limit=50)
        cold.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        again = find(schemes, query, today, index=index, limit=50)
        warm.append((time.perf_counter() - t) * 1000)
        assert [r.scheme.code for r in again] == [r.scheme.code for r in results]
        ours_counts.append(len(results))

        # the same question as a bare full-text query: any of its words, the province filter
        fts = " OR ".join(f'"{w}"' for w in words(text))
        t = time.perf_counter()
        found = db.execute(
            "SELECT code FROM s WHERE s MATCH ? AND (province = '' OR instr(province, ?) > 0) "
            "AND (? = '' OR instr(purposes, ?) > 0) ORDER BY rank LIMIT 50",
            (fts, company.province, purpose, purpose),
        ).fetchall()
        bare.append((time.perf_counter() - t) * 1000)
        bare_counts.append(len(found))

    print(f"{args.queries} questions from {len(QUESTIONS)} kinds, answered for {today}")
    print(row("ours, cold (find)", cold, ours_counts))
    print(row("ours, warm (again)", warm, ours_counts))
    print(row("bare FTS5", bare, bare_counts))
    print(
        f"ratio ours cold / bare FTS5: p50 {statistics.median(cold) / statistics.median(bare):.1f}x"
        f", p95 {percentile(cold, 0.95) / percentile(bare, 0.95):.1f}x"
    )
    share = sum(1 for c in ours_counts if c) / len(ours_counts)
    if share < 0.6 or not any(bare_counts):
        sys.exit(
            f"workload does no real work: {share:.0%} of questions found a scheme "
            f"(need 60%), bare FTS5 found {sum(bare_counts)} in all"
        )


if __name__ == "__main__":
    main()
