"""docs/progress-method.md states the thresholds and constants that monitor/progress.py uses.

The method document is what a reader checks a status against; the code says to keep the two in
step. This test reads the numbers from the document's tables and formulas and compares them
with the module's constants, so a change on either side alone fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from techniekpact.monitor import progress
from techniekpact.monitor.progress import Method, Status

DOC = Path(__file__).resolve().parents[2] / "docs" / "progress-method.md"
NUMBER = r"[−-]?\d+(?:\.\d+)?(?:\s*%)?"


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def section(doc: str, title: str) -> str:
    """The text of a `## title` section, up to the next heading of that level."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", doc, re.M | re.S)
    assert match, f"docs/progress-method.md has no section '## {title}'"
    return match.group(1)


def tables(text: str) -> list[list[list[str]]]:
    """Every Markdown table in `text`, as rows of cells without the header and rule rows."""
    found: list[list[list[str]]] = []
    for block in re.findall(r"(?:^\|.*\|\n)+", text, re.M):
        rows = [
            [c.strip() for c in line.strip().strip("|").split("|")] for line in block.splitlines()
        ]
        found.append([r for r in rows[2:]])
    return found


def number(text: str, c: float = 1.0) -> float:
    """A number as the document writes it: `−0.6`, `1.5 %`, `0.5 %·C` (times the factor C)."""
    match = re.fullmatch(rf"\s*({NUMBER})\s*(·\s*C)?\s*", text)
    assert match, f"not a number: {text!r}"
    raw = match.group(1).replace("−", "-")
    value = float(raw.rstrip("% ").strip()) / (100 if "%" in raw else 1)
    return value * c if match.group(2) else value


def numbers(text: str) -> list[float]:
    return [number(n) for n in re.findall(NUMBER, text)]


def points(text: str, after: str, c: float = 1.0) -> tuple[tuple[float, float], ...]:
    """The points of a "piecewise linear through (x, y), ..." sentence after `after`."""
    start = text.index(after)
    sentence = text[start : text.index("clamped", start)]
    pairs = re.findall(r"\(([^()]*?),\s*([^()]*?)\)", sentence)
    return tuple((number(x, c), number(y)) for x, y in pairs)


def status_of(cell: str) -> Status:
    return Status(re.search(r"`(\w+)`", cell).group(1))  # type: ignore[union-attr]


def lower_bounds(rows: list[list[str]], column: int, c: float = 1.0) -> tuple[float, ...]:
    """The lower bound of each band but the last (`≥ 0.95`, `0.60 – < 0.95`, `> 1 %`)."""
    bounds = []
    for row in rows[:-1]:
        first = re.match(rf"\s*[≥>]?\s*({NUMBER}(?:\s*·\s*C)?)", row[column])
        assert first, f"no lower bound in {row[column]!r}"
        bounds.append(number(first.group(1), c))
    return tuple(bounds)


BANDED = [
    Status.SUBSTANTIAL_PROGRESS,
    Status.MODERATE_PROGRESS,
    Status.LIMITED_PROGRESS,
    Status.DETERIORATION,
]


def test_ratio_bands_with_a_target(doc: str) -> None:
    rows = tables(section(doc, "With a target"))[0]
    assert [status_of(r[1]) for r in rows] == BANDED
    assert lower_bounds(rows, 0) == progress.RATIO_BANDS
    assert numbers(rows[-1][0]) == [progress.RATIO_BANDS[-1]]  # "< 0": deterioration below


def test_ratio_score_points(doc: str) -> None:
    text = section(doc, "With a target")
    assert points(text, "piecewise linear through") == progress.RATIO_SCORE_POINTS


def test_growth_bands_without_a_target(doc: str) -> None:
    text = section(doc, "Without a target")
    rows = tables(text)[0]
    assert [status_of(r[1]) for r in rows] == BANDED
    assert lower_bounds(rows, 0) == progress.GROWTH_BANDS
    # the two upper bands are scaled by C (progress.py: `GROWTH_BANDS[i] * c`), the zero line not
    c = 0.4
    scaled = (progress.GROWTH_BANDS[0] * c, progress.GROWTH_BANDS[1] * c, 0.0)
    assert lower_bounds(rows, 0, c) == pytest.approx(scaled)


@pytest.mark.parametrize("c", [1.0, 0.4])
def test_growth_score_points(doc: str, c: float) -> None:
    text = section(doc, "Without a target")
    stated = points(text, "Score: piecewise linear through", c)
    flat = [v for point in stated for v in point]
    assert flat == pytest.approx([v for point in progress.growth_score_points(c) for v in point])


def test_limit_exponent(doc: str) -> None:
    text = section(doc, "Without a target")
    stated = re.search(r"`C = 1 − \(x0 / limit\)\^([\d.]+)`", text)
    assert stated, "the formula for C is not in the section"
    assert float(stated.group(1)) == progress.LIMIT_EXPONENT
    assert f"exponent {progress.LIMIT_EXPONENT}" in text


def test_eurostat_trend_bands(doc: str) -> None:
    rows = tables(section(doc, "Without a target"))[1]
    assert [status_of(r[2]) for r in rows] == BANDED
    assert lower_bounds(rows, 0) == progress.EUROSTAT_GROWTH_BANDS
    assert numbers(rows[-1][0]) == [progress.EUROSTAT_GROWTH_BANDS[-1]]


def test_eurostat_windows(doc: str) -> None:
    text = section(doc, "Order of the rules")
    short, long = re.search(r"the (\d+) or (\d+) years up to the latest point", text).groups()  # type: ignore[union-attr]
    assert {Method.EUROSTAT_SHORT: int(short), Method.EUROSTAT_LONG: int(long)} == (
        progress.EUROSTAT_WINDOWS
    )


def test_zero_replacement_and_default_base_year(doc: str) -> None:
    rules = section(doc, "Order of the rules")
    replaced = re.search(r"replaced by ([\d.]+)", rules)
    assert replaced and float(replaced.group(1)) == progress.ZERO_REPLACEMENT
    base = re.search(r"the target's base year, or (\d{4})", rules)
    assert base and int(base.group(1)) == progress.DEFAULT_BASE_YEAR
    aggregation = section(doc, "Goal status (aggregation)")
    assert f"base year {progress.DEFAULT_BASE_YEAR}" in aggregation


def test_goal_score_bands(doc: str) -> None:
    text = section(doc, "Goal status (aggregation)")
    bands = [
        (number(low), number(high), Status(code))
        for low, high, code in re.findall(rf"\[({NUMBER}), ({NUMBER})[\])]\s+`(\w+)`", text)
    ]
    assert [code for _, _, code in bands] == BANDED
    stated = tuple((low, code) for low, _, code in bands[:-1])
    assert stated == progress.SCORE_BANDS
    # each band ends where the one above begins; the scale runs from -5 to 5
    assert [high for _, high, _ in bands[1:]] == [low for low, _, _ in bands[:-1]]
    assert (bands[-1][0], bands[0][1]) == (-5.0, 5.0)


def test_status_labels(doc: str) -> None:
    rows = tables(section(doc, "Status labels"))[0]
    stated = {status_of(code): {"nl": nl, "en": en} for code, nl, en in rows}
    assert stated == progress.STATUS_LABELS
    # the band tables name the same Dutch labels
    for row in tables(section(doc, "With a target"))[0]:
        label = re.search(r"\((.+)\)", row[1])
        assert label and label.group(1) == progress.STATUS_LABELS[status_of(row[1])]["nl"]


def test_the_parser_sees_a_changed_number() -> None:
    """The reading itself: a threshold edited in a copy of the document no longer matches."""
    changed = DOC.read_text(encoding="utf-8").replace("| ≥ 0.95 |", "| ≥ 0.90 |")
    rows = tables(section(changed, "With a target"))[0]
    assert lower_bounds(rows, 0) != progress.RATIO_BANDS
