"""Figure search timing: `content.search_figures` over ten random six-letter needles and three
that match many figures, on an existing database (e.g. a million generated figures:
bench/import_bench.py's generator and `techniekpact import --accept-warnings`).

    python bench/search_bench.py sqlite:////tmp/million.sqlite3
    PYTHONPATH=/path/to/older/checkout/src python bench/search_bench.py URL   # the code before

The first search of a process includes building the in-memory index (monitor/figure_search.py).
"""

from __future__ import annotations

import random
import string
import sys
import time

from techniekpact.bootstrap import open_database
from techniekpact.monitor import content
from techniekpact.settings import Settings


def main(url: str) -> None:
    factory = open_database(Settings(database_url=url, seed=False))
    rng = random.Random(1)
    needles = ["".join(rng.choices(string.ascii_lowercase, k=6)) for _ in range(10)]
    with factory() as session:
        started = time.perf_counter()
        content.search_figures(session, "warmup")
        print(f"first search: {time.perf_counter() - started:.3f} s")
        for needle in [*needles, "19", "2050/51", "a"]:
            started = time.perf_counter()
            found = content.search_figures(session, needle)
            took = (time.perf_counter() - started) * 1000
            print(f"{needle:<10} {len(found):>3} hits {took:>9.1f} ms")
    factory.kw["bind"].dispose()


if __name__ == "__main__":
    main(sys.argv[1])
