"""The hostile-file campaign in the suite: every light file of the corpus, on this test's fresh
database (SQLite, or PostgreSQL with TECHNIEKPACT_TEST_POSTGRES_URL), through the CLI's `main`
in process; the heavy ones (bombs) only in `python -m tests.hostile.campaign`, which runs every
file in a subprocess with time and memory limits.

A case marked `known` in expected.yaml is wrong on main today and runs as
xfail(strict=True): the fix that makes it right turns it into a failure here, and the fixer
deletes the marker. Expectations are never relaxed to make a test pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile import corpus
from tests.hostile.campaign import expectations, run_case
from tests.hostile.judge import ACCEPTED_OK, REJECTED_OK, RIGHT, Run, judge

CASES = expectations()


def _params() -> list[object]:
    params = []
    for name, expect in CASES.items():
        marks = []
        if expect.get("heavy"):
            marks.append(pytest.mark.skip(reason="heavy: python -m tests.hostile.campaign"))
        elif expect.get("known"):
            marks.append(pytest.mark.xfail(strict=True, reason=expect["known"]))
        params.append(pytest.param(name, marks=marks, id=name))
    return params


def test_corpus_and_expectations_name_the_same_files() -> None:
    assert set(corpus.names()) == set(CASES)
    classes = {e.get("class") for e in CASES.values()}
    # every class of issue 11 section 2 (and the URLs of section 5) has files
    assert {
        "real",
        "csv-structure",
        "encoding",
        "numbers",
        "options",
        "workbook",
        "text",
        "edition",
        "records",
        "url",
    } <= classes


@pytest.mark.parametrize("name", _params())
def test_hostile_file(name: str, database_url: str, tmp_path: Path) -> None:
    expect = CASES[name]
    if expect["class"] == "real" and not corpus.SHARED.exists() and "shared" in name:
        pytest.skip("shared/data is not next to this checkout")
    verdict = run_case(name, expect, tmp_path, database_url, in_process=True)
    assert verdict.outcome in RIGHT, f"{name}: {verdict.outcome}: {verdict.detail}"


# --- the judge itself: each outcome class is reachable, so no case can pass by accident -----

REFUSAL = {"expect": "refused", "code": "not-a-number", "row": 2, "column": "value"}
LINE = "f.csv, rij 2, kolom 'value': geen getal [not-a-number]; verwacht: een getal"
DB = {"observation": [(("id", 1), ("value", 1.0))]}


def test_judge_accepts_only_the_right_refusal() -> None:
    right = judge(REFUSAL, "figures", Run(1, "", LINE, 0.1), DB, DB)
    assert right.outcome == REJECTED_OK
    wrong_row = judge(REFUSAL, "figures", Run(1, "", LINE.replace("rij 2", "rij 3"), 0.1), DB, DB)
    assert wrong_row.outcome == "refused-imprecisely"
    changed = judge(REFUSAL, "figures", Run(1, "", LINE, 0.1), DB, {"observation": []})
    assert changed.outcome == "changed-on-refusal"
    crashed = judge(
        REFUSAL, "figures", Run(1, "", "Traceback (most recent call last):\nX", 0.1), DB, DB
    )
    assert crashed.outcome == "traceback"
    assert (
        judge(REFUSAL, "figures", Run(None, "", "", 30, True), DB, DB).outcome
        == "time-or-memory-blown"
    )
    assert judge(REFUSAL, "figures", Run(0, "", "", 0.1), DB, DB).outcome == "accepted-wrongly"


def test_judge_compares_stored_values_exactly() -> None:
    expect = {
        "expect": "accepted",
        "stored": [{"indicator": "x", "period": "2024", "breakdown": "", "value": 0.3}],
    }

    def stored(value: float) -> dict[str, list[tuple[tuple[str, object], ...]]]:
        row = {
            "id": 2,
            "indicator_id": 7,
            "period": "2024",
            "breakdown": "",
            "value": value,
            "source_edition": "",
            "is_current": True,
        }
        return {"indicator": [(("id", 7), ("code", "x"))], "observation": [tuple(row.items())]}

    empty = {"indicator": [(("id", 7), ("code", "x"))], "observation": []}
    assert judge(expect, "figures", Run(0, "", "", 0.1), empty, stored(0.3)).outcome == ACCEPTED_OK
    noisy = judge(expect, "figures", Run(0, "", "", 0.1), empty, stored(0.1 + 0.2))
    assert noisy.outcome == "accepted-wrongly" and "0.30000000000000004" in noisy.detail
    refused = judge(expect, "figures", Run(1, "", LINE, 0.1), empty, empty)
    assert refused.outcome == "refused-wrongly"
