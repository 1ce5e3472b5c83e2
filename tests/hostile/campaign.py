"""The hostile-file campaign: every file of the corpus through the real CLI, judged.

Each file gets its own fresh seeded database (a copy of one template: an SQLite file, or a
PostgreSQL database made with CREATE DATABASE ... TEMPLATE) and runs in a subprocess with a
time limit and an address-space limit, so a workbook that expands to millions of rows is
seen as what it is (time-or-memory-blown) instead of hanging the campaign.

    python -m tests.hostile.campaign                      # SQLite, every file, a table
    python -m tests.hostile.campaign --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test
    python -m tests.hostile.campaign --json --only url_data --only xlsx_zip_bomb_rows

Exits 1 when any outcome is wrong (see judge.OUTCOMES).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.hostile import corpus
from tests.hostile.judge import OUTCOMES, RIGHT, Run, Verdict, judge, snapshot

EXPECTED = Path(__file__).with_name("expected.yaml")
COMMANDS = {
    "figures": ["import"],
    "schemes": ["schemes", "import"],
    "parliament": ["parliament", "import"],
}
# CPU seconds, not wall time: on a shared, busy machine an interpreter start alone can take
# 20 s of wall time; the wall clock only stops a process that hangs without using the CPU
TIME_LIMIT = 30
WALL_LIMIT = 300.0
MEMORY_LIMIT = 2 << 30  # bytes of address space


def expectations() -> dict[str, dict[str, Any]]:
    """Every case with its expectation and, when it is wrong on main today, `known`."""
    data = yaml.safe_load(EXPECTED.read_text("utf-8"))
    known = data.get("known") or {}
    unknown = set(known) - set(data["cases"])
    if unknown:
        raise ValueError(f"expected.yaml: known markers for no case: {sorted(unknown)}")
    return {n: e | ({"known": known[n]} if n in known else {}) for n, e in data["cases"].items()}


def argv(expect: dict[str, Any], path: Path) -> list[str]:
    return [*COMMANDS[expect["command"]], str(path), *expect.get("args", [])]


def environment(database_url: str) -> dict[str, str]:
    """Dutch messages, one problem per line (no wrapping), this case's database."""
    base = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    return base | {
        "LANG": "C.UTF-8",
        "COLUMNS": "100000",
        "TECHNIEKPACT_DATABASE_URL": database_url,
    }


def run_subprocess(
    args: list[str], database_url: str, *, seconds: int = TIME_LIMIT, memory: int = MEMORY_LIMIT
) -> Run:
    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))  # then SIGXCPU

    start = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "techniekpact", *args],
            capture_output=True,
            text=True,
            errors="replace",
            env=environment(database_url),
            timeout=WALL_LIMIT,
            preexec_fn=limits,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode("utf-8", "replace") if isinstance(exc.stdout, bytes) else ""
        err = exc.stderr.decode("utf-8", "replace") if isinstance(exc.stderr, bytes) else ""
        return Run(None, out, err, time.monotonic() - start, timed_out=True)
    return Run(done.returncode, done.stdout, done.stderr, time.monotonic() - start)


def run_in_process(args: list[str], database_url: str) -> Run:
    """The same command through `techniekpact.cli.run` in this process (the suite's fast
    path: no interpreter start per file). A Python exception that escapes `run` is what a
    user would see as a traceback, so it is reported as one."""
    from techniekpact import cli

    saved_env = dict(os.environ)
    out, err = io.StringIO(), io.StringIO()
    start = time.monotonic()
    os.environ.clear()
    os.environ.update(environment(database_url))
    saved_width = cli.err.width, cli.out.width
    cli.err.width = cli.out.width = 100000
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = cli.run(args)
            except BaseException:  # noqa: BLE001  (the finding is the traceback itself)
                err.write(traceback.format_exc())
                status = 1
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        cli.err.width, cli.out.width = saved_width
    return Run(status, out.getvalue(), err.getvalue(), time.monotonic() - start)


def run_case(
    name: str, expect: dict[str, Any], folder: Path, database_url: str, *, in_process: bool = False
) -> Verdict:
    """Build the file, run its command on the given fresh database, judge the outcome."""
    path = corpus.build(name, folder)
    args = argv(expect, path)
    before = snapshot(database_url)
    if in_process and not expect.get("heavy"):
        run = run_in_process(args, database_url)
    else:
        run = run_subprocess(args, database_url)
    after = snapshot(database_url)
    return judge(expect, expect["command"], run, before, after)


class Databases:
    """One migrated, seeded template and a fresh copy of it per case."""

    def __init__(self, workdir: Path, postgres: str = "") -> None:
        from techniekpact.bootstrap import open_database
        from techniekpact.settings import Settings

        self.workdir, self.postgres = workdir, postgres
        if postgres:
            self.template = f"hostile_template_{os.getpid()}"
            self._admin(f'DROP DATABASE IF EXISTS "{self.template}"')
            self._admin(f'CREATE DATABASE "{self.template}"')
            url = self._url(self.template)
        else:
            url = f"sqlite:///{workdir / 'template.sqlite3'}"
        factory = open_database(Settings(database_url=url))
        factory.kw["bind"].dispose()

    def _url(self, name: str) -> str:
        return make_url(self.postgres).set(database=name).render_as_string(hide_password=False)

    def _admin(self, statement: str) -> None:
        engine = create_engine(self.postgres, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(statement))
        engine.dispose()

    def fresh(self, name: str) -> str:
        if self.postgres:
            database = f"hostile_{os.getpid()}_{name}"[:63]
            self._admin(f'DROP DATABASE IF EXISTS "{database}"')
            self._admin(f'CREATE DATABASE "{database}" TEMPLATE "{self.template}"')
            return self._url(database)
        target = self.workdir / f"{name}.sqlite3"
        shutil.copyfile(self.workdir / "template.sqlite3", target)
        return f"sqlite:///{target}"

    def drop(self, name: str, url: str) -> None:
        if self.postgres:
            database = make_url(url).database
            self._admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        else:
            Path(make_url(url).database or "").unlink(missing_ok=True)

    def close(self) -> None:
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')


def campaign(
    names: list[str],
    postgres: str = "",
    jobs: int = 2,
    keep: Path | None = None,
    in_process: bool = False,
) -> dict[str, Verdict]:
    cases = expectations()
    workdir = Path(tempfile.mkdtemp(prefix="hostile-"))
    files = keep or workdir / "files"
    databases = Databases(workdir, postgres)

    def one(name: str) -> tuple[str, Verdict]:
        url = databases.fresh(name)
        try:
            verdict = run_case(name, cases[name], files / name, url, in_process=in_process)
        except Exception as exc:  # noqa: BLE001  (a broken case must not stop the campaign)
            verdict = Verdict("campaign-error", f"{type(exc).__name__}: {exc}")
        finally:
            databases.drop(name, url)
            if keep is None:
                shutil.rmtree(files / name, ignore_errors=True)
        sys.stderr.write(f"{verdict.outcome:<22} {name} ({verdict.seconds:.1f} s)\n")
        return name, verdict

    try:
        # in process, a case swaps the environment and sys.argv: one at a time
        with ThreadPoolExecutor(1 if in_process else jobs) as pool:
            return dict(pool.map(one, names))
    finally:
        databases.close()
        shutil.rmtree(workdir, ignore_errors=True)


def say(*parts: str) -> None:
    sys.stdout.write(" ".join(parts) + "\n")


def report(verdicts: dict[str, Verdict], as_json: bool, engine: str) -> int:
    cases = expectations()
    totals = Counter(v.outcome for v in verdicts.values())
    wrong = {n: v for n, v in verdicts.items() if v.outcome not in RIGHT}
    # the expectation file's `known` markers against what happened now
    stale = sorted(n for n in verdicts if cases[n].get("known") and n not in wrong)
    unmarked = sorted(n for n in wrong if not cases[n].get("known"))
    if as_json:
        doc = {
            "engine": engine,
            "files": len(verdicts),
            "totals": {o: totals.get(o, 0) for o in (*OUTCOMES, "campaign-error") if totals.get(o)},
            "cases": {
                n: {
                    "class": cases[n].get("class"),
                    "command": cases[n]["command"],
                    "outcome": v.outcome,
                    "detail": v.detail,
                    "seconds": v.seconds,
                }
                for n, v in verdicts.items()
            },
            "known_but_now_right": stale,
            "wrong_but_not_marked_known": unmarked,
        }
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        width = max(len(n) for n in verdicts)
        for n, v in verdicts.items():
            mark = "  " if v.outcome in RIGHT else "!!"
            klass = cases[n].get("class", "")
            line = f"{mark} {n:<{width}} {klass:<13} {v.outcome:<20} {v.seconds:6.1f}s"
            say(line + (f"  {v.detail}" if v.detail else ""))
        say(f"\n{engine}: {len(verdicts)} files")
        for outcome in (*OUTCOMES, "campaign-error"):
            if totals.get(outcome):
                say(f"  {outcome:<22} {totals[outcome]}")
        if stale:
            say(
                "marked known in expected.yaml but right now (delete the marker):", ", ".join(stale)
            )
        if unmarked:
            say("wrong but not marked known:", ", ".join(unmarked))
    return 1 if wrong else 0


def mark_known(verdicts: dict[str, Verdict]) -> None:
    """Rewrite expected.yaml's `known` section (its last) from this run: the wrong outcomes
    become markers, the right ones lose theirs; cases not run keep what they had."""
    text = EXPECTED.read_text("utf-8")
    head, _, _ = text.partition("\nknown:")
    known = dict(yaml.safe_load(text).get("known") or {})
    for name, verdict in verdicts.items():
        known.pop(name, None)
        if verdict.outcome not in RIGHT:
            known[name] = f"{verdict.outcome}: {verdict.detail}"[:300]
    order = list(expectations())
    body = {n: known[n] for n in sorted(known, key=order.index)}
    dumped = yaml.safe_dump({"known": body}, allow_unicode=True, width=100, sort_keys=False)
    EXPECTED.write_text(head.rstrip("\n") + "\n\n" + dumped, "utf-8")


def main(argv_: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default="", help="admin URL of a PostgreSQL server")
    parser.add_argument("--json", action="store_true", help="machine-readable report")
    parser.add_argument("--only", action="append", default=[], help="run only this case")
    parser.add_argument(
        "--class", dest="klass", action="append", default=[], help="only this class"
    )
    parser.add_argument("--jobs", type=int, default=2, help="files run at once (default 2)")
    parser.add_argument("--keep", type=Path, help="write the corpus into this folder and keep it")
    parser.add_argument(
        "--mark-known", action="store_true", help="record this run's wrong outcomes as `known`"
    )
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="light files through techniekpact.cli.run in this process (fast on a busy "
        "machine); heavy ones still in a subprocess with the limits",
    )
    parser.add_argument("--from-json", type=Path, help="judge nothing: take a --json report")
    options = parser.parse_args(argv_)
    cases = expectations()
    missing = set(corpus.names()) ^ set(cases)
    if missing:
        parser.error(f"corpus and expected.yaml differ: {sorted(missing)}")
    names = options.only or [
        n for n in cases if not options.klass or cases[n].get("class") in options.klass
    ]
    if options.from_json:
        saved = json.loads(options.from_json.read_text("utf-8"))["cases"]
        verdicts = {n: Verdict(c["outcome"], c["detail"], c["seconds"]) for n, c in saved.items()}
    else:
        verdicts = campaign(names, options.postgres, options.jobs, options.keep, options.in_process)
    if options.mark_known:
        mark_known(verdicts)
    engine = "PostgreSQL" if options.postgres else "SQLite"
    return report(verdicts, options.json, engine)


if __name__ == "__main__":
    raise SystemExit(main())
