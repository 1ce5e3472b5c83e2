"""Dashboard pages over a large table: how long the first (uncached) render of each page takes
with a million figures, next to the same page on the bundled database (566 figures), in the
same run.

    python bench/pages_bench.py                  # 1,000,000 generated figures, SQLite
    python bench/pages_bench.py --rows 200000 --postgres postgresql+psycopg://postgres@127.0.0.1/test

The large database holds the bundled pact plus the import benchmark's generated file (20
indicators x 200 school years x regions, sexes and levels). Each page is asked once with a
cookie no other request sent (the response cache keys on it; no page reads it; the API refuses
unknown query parameters, so a cache-busting parameter would time an error), so the cache
cannot answer it; the first page pays for the trend assessments, which are then kept until the
next import. Every answer must be 200 and hold its page's real content (`CONTENT`); on the large
database the indicator's pages must show the generated figures. Needs `pip install -e
".[bench]"`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from import_bench import fresh_database, generate  # noqa: E402

from techniekpact.changes import Origin

BENCH = Origin("bench", "cli")

# What each page must contain to count: its real content, not an error or an empty state.
CONTENT = {
    "/": [b"<main", b"mbo"],
    "/indicators": [b'href="/indicators/mbo_beta_share_intake"'],
    "/indicators/mbo_beta_share_intake": [b'id="chart-spec"', b'"value": '],
    "/indicators/mbo_beta_share_intake?split=region": [b'id="chart-spec"', b'"value": '],
    "/indicators/mbo_beta_share_intake/data.csv": [b"mbo_beta_share_intake,"],
    "/api/v1/indicators/mbo_beta_share_intake/observations": [b'"value":'],
    "/api/v1/frameworks": [b'"tp2021"'],
    "/regions": [b'<svg class="map"', b"<title>"],
    "/search?q=mbo": [b'href="/indicators/mbo_beta_share_intake"'],
}
PAGES = [
    "/",
    "/indicators",
    "/indicators/mbo_beta_share_intake",
    "/indicators/mbo_beta_share_intake?split=region",
    "/indicators/mbo_beta_share_intake/data.csv",
    "/api/v1/indicators/mbo_beta_share_intake/observations",
    "/api/v1/frameworks",
    "/regions",
    "/search?q=mbo",
]


def time_pages(db_url: str, label: str) -> dict[str, float]:
    from fastapi.testclient import TestClient

    from techniekpact.settings import Settings
    from techniekpact.web.app import create_app

    out = {}
    with TestClient(create_app(Settings(database_url=db_url, seed=False))) as client:
        for n, page in enumerate(PAGES):
            started = time.perf_counter()
            response = client.get(page, headers={"Cookie": f"bench={label}{n}"})
            out[page] = time.perf_counter() - started
            missing = [m.decode() for m in CONTENT[page] if m not in response.content]
            if response.status_code != 200 or missing:
                raise SystemExit(f"{label} {page}: {response.status_code}, missing {missing}")
            # the generated figures are school years 1900/01-2099/00: they must be shown
            generated = b"1950/51" in response.content or b"2050/51" in response.content
            if label == "large" and page.startswith("/indicators/mbo") and not generated:
                raise SystemExit(f"{page}: the generated figures are not on the page")
    return out


def load(db_url: str, csv_path: Path) -> None:
    from techniekpact.bootstrap import open_database
    from techniekpact.db import transaction
    from techniekpact.monitor.importers import parse_file
    from techniekpact.monitor.store import apply_import, load_catalogue
    from techniekpact.settings import Settings

    factory = open_database(Settings(database_url=db_url))
    with transaction(factory) as session:
        apply_import(
            session,
            parse_file(csv_path, load_catalogue(session)),
            source_name="bench",
            accept_warnings=True,
            origin=BENCH,
        )
    factory.kw["bind"].dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--postgres", help="admin URL of a PostgreSQL server to use instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        csv_path = tmp / "bench.csv"
        generate(csv_path, args.rows)
        small = fresh_database(args.postgres, tmp, "pages_small")
        large = fresh_database(args.postgres, tmp, "pages_large")
        started = time.perf_counter()
        load(large, csv_path)
        print(f"loaded {args.rows:,} figures in {time.perf_counter() - started:.1f} s")
        # one pass on a third database first: templates, map shapes and the chart runtime are
        # loaded once per process, and would otherwise be billed to whichever page came first
        time_pages(fresh_database(args.postgres, tmp, "pages_warm"), "warm")
        base = time_pages(small, "small")
        big = time_pages(large, "large")
        print(f"{'page':<56} {'566 figures':>12} {args.rows + 566:>12,} figures   ratio")
        for page in PAGES:
            ratio = big[page] / base[page]
            print(f"{page:<56} {base[page]:>10.3f} s {big[page]:>12.2f} s {ratio:>7.0f}x")
        total_small, total_big = sum(base.values()), sum(big.values())
        print(f"{'all pages':<56} {total_small:>10.3f} s {total_big:>12.2f} s")


if __name__ == "__main__":
    os.environ.setdefault("TECHNIEKPACT_SEED", "true")
    main()
