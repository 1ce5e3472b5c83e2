"""Import benchmark: a generated million-row tidy CSV, our importer against pandas + SQLAlchemy.

    python bench/import_bench.py                 # 1,000,000 rows, SQLite
    python bench/import_bench.py --repeat 3      # three rounds, best time of each run
    python bench/import_bench.py --rows 200000 --postgres postgresql+psycopg://postgres@127.0.0.1/test
    git worktree add /tmp/before <commit> && python bench/import_bench.py --before /tmp/before

The baseline is what a careful analyst would write with pandas: read_csv with Dutch decimals,
map codes to ids, check ranges, `DataFrame.to_sql` into the same table. It does less than our
importer (no revision comparison, no duplicate or per-cell position reporting), so the ratio
understates the difference in work. A third run, "floor", times only the database write of the
already-parsed rows: no importer can be faster than that on the same schema. Each run goes in
its own process on its own fresh database, so peak memory (ru_maxrss) belongs to that run
alone. `--before DIR` adds a run of the same importer from another checkout (an older commit in
a git worktree; its `src/` goes first on PYTHONPATH), in the same rounds, so that a change's
effect on import speed is a ratio measured in one run rather than two figures from two days.
Every run must leave exactly the generated rows in the observation table (counted in the
database before and after); a run that stored fewer or more stops the benchmark, so a fast
import that skipped rows cannot pass. Needs `pip install -e ".[bench]"`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from techniekpact.changes import Origin

BENCH = Origin("bench", "cli")

REGIONS = [f"PV{n}" for n in range(20, 32)] + [
    "tp-noord",
    "tp-oost",
    "tp-noordwest",
    "tp-zuidwest",
    "tp-zuidoost",
    "",
]
SEXES = ["", "female", "male"]
LEVELS = ["", "mbo-1", "mbo-2", "mbo-3", "mbo-4"]
INDICATORS = [
    "mbo_beta_share_intake",
    "ho_beta_share_intake",
    "havovwo_nprofile_share",
    "vmbo_tech_share_y3",
    "mbo_beta_share_intake_gender",
    "ho_beta_share_intake_gender",
    "teacher_edu_exact_share",
    "am_unemployment_tech_educated",
    "vmbo_nask_share_diploma",
    "vmbo_tech_share_y3_gender",
    "vmbo_tech_share_y3_girls",
    "havovwo_nprofile_share_gender",
    "havovwo_doorstroom_beta_ho",
    "mbo_beta_women_pct_of_intake",
    "ho_beta_women_pct_of_intake",
    "am_women_share_tech_occupation",
    "am_tech_occupation_share_of_workers",
    "vmbo_doorstroom_tech_mbo",
    "teacher_edu_diploma_ratio",
    "am_unemployment_total",
]
HEADER = "indicator;period;value;region;sex;education_level;source_url;source_edition\n"


def generate(path: Path, rows: int) -> None:
    rng = random.Random(2013)
    periods = [f"{y}/{(y + 1) % 100:02d}" for y in range(1900, 2100)]
    written = 0
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(HEADER)
        for indicator in INDICATORS:
            for period in periods:
                for region in REGIONS:
                    for sex in SEXES:
                        for level in LEVELS:
                            value = f"{rng.uniform(0, 100):.1f}".replace(".", ",")
                            fh.write(
                                f"{indicator};{period};{value};{region};{sex};{level};"
                                f"https://www.techniekpactmonitor.nl/mbo;2024\n"
                            )
                            written += 1
                            if written == rows:
                                return
    raise SystemExit(f"the generator tops out below {rows} rows")


def fresh_database(url: str | None, tmp: Path, name: str, *, migrate: bool = True) -> str:
    """An empty database for one run; migrated here unless the run's own code must do it (an
    older checkout knows only its own migrations)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from techniekpact.bootstrap import open_database
    from techniekpact.settings import Settings

    if url is None:
        path = tmp / f"{name}.sqlite3"
        for leftover in (
            path,
            path.with_name(f"{path.name}-wal"),
            path.with_name(f"{path.name}-shm"),
        ):
            leftover.unlink(missing_ok=True)
        db_url = f"sqlite:///{path}"
    else:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "bench_{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "bench_{name}"'))
        admin.dispose()
        db_url = make_url(url).set(database=f"bench_{name}").render_as_string(False)
    if migrate:
        open_database(Settings(database_url=db_url)).kw["bind"].dispose()
        without_figures(db_url)
    return db_url


def without_figures(db_url: str) -> None:
    """Remove the bundled figures, keeping the catalogue: every run then writes the same million
    new figures into the same state. The generated keys overlap the bundled ones, which our
    importer stores as revisions but a plain INSERT (the baseline, the floor) cannot, since
    migration 0007 allows one current revision per key."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM observation"))
    engine.dispose()


def run_ours(db_url: str, csv_path: Path) -> dict[str, float]:
    from techniekpact.bootstrap import open_database
    from techniekpact.db import transaction
    from techniekpact.monitor.importers import parse_file
    from techniekpact.monitor.store import apply_import, load_catalogue
    from techniekpact.settings import Settings

    factory = open_database(Settings(database_url=db_url, seed=False))
    started = time.perf_counter()
    with transaction(factory) as session:
        parsed = parse_file(csv_path, load_catalogue(session))
        # the generated values are uniform over 0-100, so the plausibility checks (which run
        # and are timed) warn about the smallest of them: accepted, as a user would
        summary = apply_import(
            session, parsed, source_name=csv_path.name, accept_warnings=True, origin=BENCH
        )
    return {"seconds": time.perf_counter() - started, "rows": summary.new + summary.revised}


def run_floor(db_url: str, csv_path: Path) -> dict[str, float]:
    """Only the database write of the same rows (parsing not timed): the floor for any importer."""
    from datetime import datetime

    import polars as pl

    from techniekpact.bootstrap import open_database
    from techniekpact.changes import ChangeRecord
    from techniekpact.db import transaction
    from techniekpact.monitor.bulk import COLUMNS, prepare_connection, write_observations
    from techniekpact.monitor.importers import parse_file
    from techniekpact.monitor.store import load_catalogue
    from techniekpact.settings import Settings

    factory = open_database(Settings(database_url=db_url, seed=False))
    with transaction(factory) as session:
        parsed = parse_file(csv_path, load_catalogue(session))
        started = time.perf_counter()
        prepare_connection(session.connection(), parsed.observations.height)
        batch = ChangeRecord(created_at=datetime.now(), kind="bench", source_name="floor")
        session.add(batch)
        session.flush()
        rows = parsed.observations.with_columns(
            pl.lit(batch.id).alias("import_id"),
            pl.lit(True).alias("is_current"),
            pl.lit(1).alias("revision"),
        )
        write_observations(session.connection(), rows.select(COLUMNS))
    return {"seconds": time.perf_counter() - started, "rows": rows.height}


def run_pandas(db_url: str, csv_path: Path) -> dict[str, float]:
    import pandas as pd
    from sqlalchemy import create_engine, text

    from techniekpact.monitor.periods import parse_period

    engine = create_engine(db_url)
    started = time.perf_counter()
    frame = pd.read_csv(
        csv_path, sep=";", decimal=",", dtype={"value": float}, keep_default_na=False, converters={}
    )
    with engine.begin() as conn:
        ids = dict(conn.execute(text("SELECT code, id FROM indicator")).all())
        conn.execute(
            text(
                "INSERT INTO import_batch (id, created_at, kind, source_name, "
                "file_format, checksum, rows, new, revised, unchanged) VALUES "
                "(999, CURRENT_TIMESTAMP, 'bench', 'pandas', 'csv', '', 0, 0, 0, 0)"
            )
        )
    frame["indicator_id"] = frame["indicator"].map(ids)
    if frame["indicator_id"].isna().any() or (frame["value"] > 100).any():
        raise SystemExit("baseline validation failed")
    periods = {p: parse_period(p) for p in frame["period"].unique()}
    frame["period_kind"] = frame["period"].map(lambda p: str(periods[p].kind))
    frame["period_start"] = frame["period"].map(lambda p: periods[p].start)
    frame["period_end"] = frame["period"].map(lambda p: periods[p].end)
    frame["period"] = frame["period"].map(lambda p: periods[p].label)
    parts = [("education_level", "education_level"), ("region", "region"), ("sex", "sex")]
    frame["breakdown"] = frame.apply(
        lambda r: ";".join(f"{d}={r[c]}" for d, c in parts if r[c]), axis=1
    )
    out = frame[
        [
            "indicator_id",
            "period",
            "period_kind",
            "period_start",
            "period_end",
            "breakdown",
            "value",
            "source_url",
            "source_edition",
        ]
    ].assign(flags="", note="", import_id=999, is_current=True)
    out.to_sql("observation", engine, if_exists="append", index=False)
    return {"seconds": time.perf_counter() - started, "rows": len(out)}


def stored(db_url: str) -> int:
    """Rows in the observation table, counted by the database itself."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM observation")).scalar_one()
    engine.dispose()
    return int(count)


def child(kind: str, db_url: str, csv_path: str) -> None:
    runner = {"ours": run_ours, "before": run_ours, "pandas": run_pandas, "floor": run_floor}[kind]
    if kind == "before":  # the older checkout migrates and seeds its own database (not timed)
        from techniekpact.bootstrap import open_database
        from techniekpact.settings import Settings

        open_database(Settings(database_url=db_url)).kw["bind"].dispose()
        without_figures(db_url)
    before = stored(db_url)
    result = runner(db_url, Path(csv_path))
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["stored"] = stored(db_url) - before
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--postgres", help="admin URL of a PostgreSQL server to bench on too")
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds; each run's best time is reported"
    )
    parser.add_argument(
        "--before", type=Path, help="a checkout of an older commit: its importer is timed too"
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        csv_path = tmp / "bench.csv"
        t = time.perf_counter()
        generate(csv_path, args.rows)
        size = csv_path.stat().st_size / 1e6
        print(f"generated {args.rows:,} rows ({size:.0f} MB) in {time.perf_counter() - t:.1f} s")
        targets = [("sqlite", None)] + ([("postgresql", args.postgres)] if args.postgres else [])
        for engine_name, url in targets:
            results: dict[str, list[dict[str, float]]] = {"ours": [], "pandas": [], "floor": []}
            if args.before:
                results["before"] = []
            # rounds take turns (ours, baseline, floor, ours, ...) so that a machine that
            # slows down or speeds up during the bench affects every run alike
            for _ in range(args.repeat):
                for kind in results:
                    db_url = fresh_database(
                        url, tmp, f"{engine_name}_{kind}", migrate=kind != "before"
                    )
                    r = run_child(kind, db_url, csv_path, args.before if kind == "before" else None)
                    if r["stored"] != args.rows or r["rows"] != args.rows:
                        raise SystemExit(
                            f"{engine_name} {kind}: {r['stored']:,} rows stored and {r['rows']:,}"
                            f" reported, of {args.rows:,} generated: it did not do the work"
                        )
                    results[kind].append(r)
                    print(
                        f"{engine_name:<10} {kind:<7} {r['seconds']:8.2f} s  "
                        f"{r['rows'] / r['seconds']:>10,.0f} rows/s  peak {r['peak_mb']:6.0f} MB"
                    )
            best = {kind: min(r["seconds"] for r in runs) for kind, runs in results.items()}
            peak = {kind: max(r["peak_mb"] for r in runs) for kind, runs in results.items()}
            rounds = f"best of {args.repeat}: " if args.repeat > 1 else ""
            print(
                f"{engine_name:<10} {rounds}ours {best['ours']:.2f} s, pandas + SQLAlchemy "
                f"{best['pandas']:.2f} s: speed-up {best['pandas'] / best['ours']:.2f}x; "
                f"peak memory {peak['ours']:.0f} MB against {peak['pandas']:.0f} MB"
            )
            floor = best["floor"]
            print(
                f"{engine_name:<10} database write alone takes {floor:.2f} s: "
                f"{floor / best['ours']:.0%} of ours, {floor / best['pandas']:.0%} of the baseline"
            )
            if args.before:
                print(
                    f"{engine_name:<10} before ({args.before}) {best['before']:.2f} s, now "
                    f"{best['ours']:.2f} s: now/before {best['ours'] / best['before']:.2f}; "
                    f"peak memory {peak['before']:.0f} MB before, {peak['ours']:.0f} MB now"
                )


def run_child(
    kind: str, db_url: str, csv_path: Path, checkout: Path | None = None
) -> dict[str, float]:
    """One run in its own process, so that its peak memory is its own; with `checkout`, that
    checkout's package is the one imported."""
    env = dict(os.environ)
    if checkout is not None:
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(checkout.resolve() / "src"), env.get("PYTHONPATH", "")) if p
        )
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, db_url, str(csv_path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode:
        raise SystemExit(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
