"""Judging one run of a hostile file: what the database looked like before and after, which
problems the command reported, and whether that is the outcome the expectation asks for.

The expectation is written from the issue's rules and docs/import-format.md, not from what the
code does today: either "accepted, these values stored" or "refused with code C at row R and
column K, nothing changed". Some classes allow two right answers (a note with a line break may
be stored or refused with its position); they are written as `any_of`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, create_engine, select

REPO = Path(__file__).resolve().parents[2]

# outcome classes; the first two are right, every other one is a finding
REJECTED_OK = "rejected-ok"
ACCEPTED_OK = "accepted-ok"
ACCEPTED_WRONGLY = "accepted-wrongly"
REFUSED_WRONGLY = "refused-wrongly"
REFUSED_IMPRECISELY = "refused-imprecisely"
CHANGED_ON_REFUSAL = "changed-on-refusal"
TRACEBACK = "traceback"
BLOWN = "time-or-memory-blown"
OUTCOMES = (
    REJECTED_OK,
    ACCEPTED_OK,
    ACCEPTED_WRONGLY,
    REFUSED_WRONGLY,
    REFUSED_IMPRECISELY,
    CHANGED_ON_REFUSAL,
    TRACEBACK,
    BLOWN,
)
RIGHT = (REJECTED_OK, ACCEPTED_OK)


@dataclass
class Run:
    """What one command did: exit status, output, and whether a limit stopped it."""

    status: int | None
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool = False


@dataclass
class Verdict:
    outcome: str
    detail: str
    seconds: float = 0.0
    problems: list[dict[str, Any]] = field(default_factory=list)


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order: what "the database is unchanged" compares."""
    engine = create_engine(url)
    try:
        meta = MetaData()
        meta.reflect(engine)
        out: dict[str, list[tuple[Any, ...]]] = {}
        with engine.connect() as conn:
            for name, table in sorted(meta.tables.items()):
                if name == "alembic_version":
                    continue
                rows = conn.execute(select(table)).all()
                names = [c.name for c in table.columns]
                out[name] = sorted(
                    (tuple(zip(names, (_plain(v) for v in row), strict=True)) for row in rows),
                    key=repr,
                )
        return out
    finally:
        engine.dispose()


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _rows(snap: dict[str, list[tuple[Any, ...]]], table: str) -> list[dict[str, Any]]:
    return [dict(r) for r in snap.get(table, [])]


# one problem line as the CLI prints it (Dutch or English):
# "f.csv, rij 3, kolom 'value': geen getal [not-a-number]; verwacht: ...; gevonden: '1.2.3'"
# the Kamer import writes "item 2, veld 'due_date'"
_ROW = re.compile(r",\s(?:rij|row|item|regel|line)\s(\d+)")
_COLUMN = re.compile(r",\s(?:kolom|column|veld|field)\s'([^']*)'")
_CODE = re.compile(r"\[([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\]")


def problems_from(stderr: str) -> list[dict[str, Any]]:
    """The positioned problems in the command's error output (one per line, or `;`-joined)."""
    found = []
    for line in stderr.splitlines():
        # the Kamer import joins its problems with "; " on one line
        parts = re.split(r";\s(?=\S+\.(?:ya?ml|json|csv|xlsx)\b)", line)
        for part in parts:
            part = re.sub(r"^(fout|error): ", "", part.strip())
            row = _ROW.search(part)
            column = _COLUMN.search(part)
            codes = _CODE.findall(part.split("; verwacht: ")[0].split("; expected: ")[0])
            if not (row or column or codes):
                continue
            found.append(
                {
                    "row": int(row.group(1)) if row else None,
                    "column": column.group(1) if column else None,
                    "code": codes[-1] if codes else None,
                    "text": part.strip()[:300],
                }
            )
    return found


def documented_codes() -> set[str]:
    """Every code the error catalogue documents (docs/*.md, in backticks)."""
    codes: set[str] = set()
    for doc in (REPO / "docs").glob("*.md"):
        codes |= set(re.findall(r"`([a-z][a-z0-9]*(?:-[a-z0-9]+)+)`", doc.read_text("utf-8")))
    return codes


def _code_matches(wanted: Any, code: str | None, documented: set[str]) -> bool:
    if code is None:
        return False
    if wanted in (None, "*"):
        return code in documented
    if isinstance(wanted, list):
        return code in wanted
    return code == wanted


def _refusal_matches(alt: dict[str, Any], problems: list[dict[str, Any]], documented: set[str]):
    """(matches, why not): a problem with the wanted code, row and column (each of them, when
    the expectation lists several `problems`)."""
    if alt.get("problems"):
        for wanted in alt["problems"]:
            ok, why = _refusal_matches(wanted, problems, documented)
            if not ok:
                return ok, why
        return True, ""
    for p in problems:
        if not _code_matches(alt.get("code"), p["code"], documented):
            continue
        if "row" in alt and alt["row"] is not None and p["row"] != alt["row"]:
            continue
        # a nested field may be named deeper ('submitters.0.name' for 'submitters')
        if "column" in alt and not (p["column"] or "").lower().startswith(
            str(alt["column"]).lower()
        ):
            continue
        return True, ""
    undocumented = sorted({p["code"] for p in problems if p["code"]} - documented)
    if alt.get("code") in (None, "*") and undocumented:
        return False, f"code(s) {', '.join(undocumented)} not documented in docs/*.md"
    where = f"code {alt.get('code', '*')}"
    if alt.get("row") is not None:
        where += f" row {alt['row']}"
    if alt.get("column"):
        where += f" column {alt['column']}"
    got = "; ".join(f"{p['code']} r{p['row']} c{p['column']}" for p in problems[:4]) or "none"
    return False, f"wanted {where}, got {got}"


# --- what an accepted file stored --------------------------------------------------------


def _new_figures(before, after) -> tuple[list[dict[str, Any]], list[str]]:  # type: ignore[no-untyped-def]
    """Observations added by the import (with their indicator code) and changes to old ones
    other than which revision is current."""
    codes = {r["id"]: r["code"] for r in _rows(after, "indicator")}
    old = {r["id"]: r for r in _rows(before, "observation")}
    added, changed = [], []
    for row in _rows(after, "observation"):
        previous = old.pop(row["id"], None)
        if previous is None:
            added.append(row | {"indicator": codes.get(row["indicator_id"])})
        elif {k: v for k, v in previous.items() if k != "is_current"} != {
            k: v for k, v in row.items() if k != "is_current"
        }:
            changed.append(f"observation {row['id']} rewritten")
    changed += [f"observation {i} deleted" for i in old]
    return added, changed


def _figure_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (
        row["indicator"],
        row["period"],
        row.get("breakdown", ""),
        row.get("source_edition", ""),
    )


def _check_figures(alt: dict[str, Any], before, after) -> str:  # type: ignore[no-untyped-def]
    added, changed = _new_figures(before, after)
    if changed:
        return "; ".join(changed[:3])
    wanted = alt.get("stored", [])
    if alt.get("stored_count") is not None:
        if len(added) != alt["stored_count"]:
            return f"{len(added)} figures stored, expected {alt['stored_count']}"
    elif len(added) != len(wanted):
        shown = [(r["indicator"], r["period"], r["breakdown"], r["value"]) for r in added[:3]]
        return f"{len(added)} figures stored, expected {len(wanted)}: {shown}"
    by_key = {_figure_key(r): r for r in added}
    for w in wanted:
        key = _figure_key({"source_edition": "", "breakdown": ""} | w)
        got = by_key.get(key)
        if got is None:
            return f"no stored figure {key}; stored {sorted(by_key)[:3]}"
        for name, value in w.items():
            column = {"current": "is_current"}.get(name, name)
            if name in ("indicator",):
                continue
            if column == "is_current":
                if bool(got[column]) != bool(value):
                    return f"{key}: is_current {got[column]!r}, expected {value!r}"
            elif name.endswith("_length"):
                length = len(got[name.removesuffix("_length")] or "")
                if length != value:
                    return f"{key}: {name} {length}, expected {value}"
            elif got[column] != value:
                return f"{key}: {name} stored {got[column]!r}, expected {value!r}"
    return ""


def _check_records(alt: dict[str, Any], before, after, table: str) -> str:  # type: ignore[no-untyped-def]
    """Schemes (scheme_record, current revision) and Kamer items (parliament_item)."""

    def current(snap) -> dict[str, str]:  # type: ignore[no-untyped-def]
        rows = _rows(snap, table)
        return {r["code"]: r["data"] for r in rows if r.get("is_current", True)}

    old, new = current(before), current(after)
    touched = {c for c in new if old.get(c) != new[c]}
    if set(old) - set(new):
        return f"records gone: {sorted(set(old) - set(new))[:3]}"
    wanted = alt.get("stored", [])
    count = alt.get("stored_count", len(wanted))
    if count != "any" and len(touched) != count:
        return f"{len(touched)} records new or changed, expected {count}: {sorted(touched)[:4]}"
    for w in wanted:
        code = w["code"]
        if code not in new:
            return f"record {code!r} not stored; touched {sorted(touched)[:4]}"
        data = json.loads(new[code])
        for name, value in (w.get("fields") or {}).items():
            if data.get(name) != value:
                return f"{code}: {name} stored {data.get(name)!r}, expected {value!r}"
    return ""


def _check_accepted(alt: dict[str, Any], command: str, before, after) -> str:  # type: ignore[no-untyped-def]
    if command == "figures":
        return _check_figures(alt, before, after)
    table = "scheme_record" if command == "schemes" else "parliament_item"
    return _check_records(alt, before, after, table)


def judge(expect: dict[str, Any], command: str, run: Run, before, after) -> Verdict:  # type: ignore[no-untyped-def]
    """Classify one run against its expectation (see the module docstring)."""
    documented = documented_codes()
    problems = problems_from(run.stderr)
    alternatives = expect.get("any_of") or [expect]
    accepted_alts = [a for a in alternatives if a["expect"] == "accepted"]
    refused_alts = [a for a in alternatives if a["expect"] == "refused"]

    def verdict(outcome: str, detail: str) -> Verdict:
        return Verdict(outcome, detail, round(run.seconds, 2), problems)

    if run.timed_out:
        return verdict(BLOWN, f"still running after {run.seconds:.0f} s (wall)")
    text = run.stderr + run.stdout
    if "MemoryError" in text or run.status is not None and run.status < 0:
        return verdict(BLOWN, f"killed by a limit (CPU time, memory): status {run.status}")
    if "Traceback (most recent call last)" in text or run.status not in (0, 1):
        last = [ln for ln in run.stderr.strip().splitlines() if ln.strip()][-1:] or ["?"]
        return verdict(TRACEBACK, f"status {run.status}: {last[0][:200]}")
    if run.status == 0:
        if not accepted_alts:
            return verdict(ACCEPTED_WRONGLY, "accepted; expected a refusal")
        why = [_check_accepted(a, command, before, after) for a in accepted_alts]
        if "" in why:
            return verdict(ACCEPTED_OK, "")
        return verdict(ACCEPTED_WRONGLY, why[0])
    if before != after:
        return verdict(CHANGED_ON_REFUSAL, "refused, but the database changed")
    if not refused_alts:
        first = problems[0]["text"] if problems else run.stderr.strip()[:200]
        return verdict(REFUSED_WRONGLY, f"valid file refused: {first}")
    reasons = []
    for alt in refused_alts:
        ok, why = _refusal_matches(alt, problems, documented)
        if ok:
            return verdict(REJECTED_OK, "")
        reasons.append(why)
    return verdict(REFUSED_IMPRECISELY, reasons[0])
