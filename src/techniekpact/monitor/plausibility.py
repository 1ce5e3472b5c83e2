"""Warnings for values that read fine but are probably misread: checked against the series.

Three rules (docs/import-format.md, "Warnings"), each vectorised: statistics are computed once
per series and joined back to the rows, so a million-row file costs a few group-bys.

* looks-like-fraction: in a percentage indicator, a value in (0, 1] where the series' median is
  5 or more (0.29 among values near 29).
* period-kind-mismatch: a calendar year (2019) in an indicator whose figures are school years
  (2019/20), or the other way round. The kind comes from the stored figures, or, for an
  indicator with none, from a majority of the file's rows.
* far-outside-series: with three or more stored figures of the series (all above zero), a value
  below a tenth of the smallest or above ten times the largest; with fewer, a value below a
  tenth or above ten times the median of the series in the stored figures and the file
  together (four values or more, median above zero). Series with zero or negative figures are
  not judged.

A series is an indicator with one breakdown; the fraction rule falls back to the indicator as a
whole when the series has fewer than three values. Only rows that would change the database are
judged, so re-importing figures accepted before warns no more.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from techniekpact.monitor.importers.positions import report_room, report_rows
from techniekpact.problems import WARNING, Code, Problem, Report, message

SERIES = ["indicator_id", "breakdown"]
FRACTION_MEDIAN = 5.0  # a percentage series whose median is this or more has no fractions
FACTOR = 10.0  # "far outside": more than this factor beyond the series
MIN_HISTORY = 3  # stored figures needed to judge a value by the stored range
MIN_FILE = 4  # values needed to judge a value by the median of file and history
KINDS = ("year", "school_year")
EXAMPLES = {"year": "2019", "school_year": "2019/20"}


def _number(value: float) -> str:
    """Dutch decimal comma, up to 10 significant digits (4181300, 0,29, 27,6)."""
    return f"{value:.10g}".replace(".", ",")


def check(rows: pl.DataFrame, stored: pl.DataFrame, units: dict[int, str], report: Report) -> None:
    """Add a warning to `report` for every suspicious row of `rows`.

    rows: incoming figures (row, indicator_id, period, period_kind, breakdown, value);
    stored: the database's figures of the same indicators (with is_current, period_kind).
    """
    if not rows.height:
        return
    rows = rows.select("row", "indicator_id", "period", "period_kind", "breakdown", "value")
    history = stored.filter(pl.col("is_current")).select(
        "indicator_id", "breakdown", "period_kind", "value"
    )
    _period_kinds(rows, history, report)
    fractions = _fractions(rows, history, units, report)
    if fractions.height:  # a value warned about as a fraction needs no second warning
        rows = rows.join(fractions, on="row", how="anti")
    _far_outside(rows, history, report)
    report.problems.sort(key=lambda p: (p.severity == WARNING, p.row or 0))


def _kind_counts(frame: pl.DataFrame, prefix: str) -> pl.DataFrame:
    return (
        frame.filter(pl.col("period_kind").is_in(KINDS))
        .group_by("indicator_id")
        .agg(
            (pl.col("period_kind") == "year").sum().alias(f"{prefix}_year"),
            (pl.col("period_kind") == "school_year").sum().alias(f"{prefix}_school"),
        )
    )


def _period_kinds(rows: pl.DataFrame, history: pl.DataFrame, report: Report) -> None:
    counts = _kind_counts(rows, "f").join(_kind_counts(history, "h"), on="indicator_id", how="left")
    h_year, h_school = pl.col("h_year").fill_null(0), pl.col("h_school").fill_null(0)
    stored_kind = (
        pl.when(h_year + h_school == 0)
        .then(None)
        .when(h_school > h_year)
        .then(pl.lit("school_year"))
        .when(h_year > h_school)
        .then(pl.lit("year"))
    )
    file_kind = (
        pl.when(pl.col("f_school") > pl.col("f_year"))
        .then(pl.lit("school_year"))
        .when(pl.col("f_year") > pl.col("f_school"))
        .then(pl.lit("year"))
    )
    series_kind = counts.select(
        "indicator_id",
        pl.when(h_year + h_school > 0).then(stored_kind).otherwise(file_kind).alias("series_kind"),
    ).filter(pl.col("series_kind").is_not_null())
    odd = rows.join(series_kind, on="indicator_id").filter(
        pl.col("period_kind").is_in(KINDS) & (pl.col("period_kind") != pl.col("series_kind"))
    )
    for (kind,), group in odd.group_by("series_kind", maintain_order=True):
        other = "year" if kind == "school_year" else "school_year"
        report_rows(
            group.sort("row"),
            report,
            Code.PERIOD_KIND_MISMATCH,
            "period",
            message(
                Code.PERIOD_KIND_MISMATCH,
                found_kind=message(f"kind:{other}"),
                series_kind=message(f"kinds:{kind}"),
            ),
            expected=message(
                "expected:period", kind=message(f"kind:{kind}"), example=EXAMPLES[str(kind)]
            ),
            severity=WARNING,
        )


def _medians(values: pl.DataFrame, key: list[str], prefix: str) -> pl.DataFrame:
    return values.group_by(key).agg(
        pl.col("value").median().alias(f"{prefix}_median"), pl.len().alias(f"{prefix}_n")
    )


def _fractions(
    rows: pl.DataFrame, history: pl.DataFrame, units: dict[int, str], report: Report
) -> pl.DataFrame:
    """Warn about fractions in percentage series; return the rows warned about (column row)."""
    percent_ids = [i for i, unit in units.items() if unit == "%"]
    candidates = rows.filter(
        pl.col("indicator_id").is_in(percent_ids) & (pl.col("value") > 0) & (pl.col("value") <= 1)
    )
    if not candidates.height:
        return candidates.select("row")
    ids = candidates.get_column("indicator_id").unique().to_list()
    values = pl.concat(
        [
            rows.filter(pl.col("indicator_id").is_in(ids)).select(*SERIES, "value"),
            history.filter(pl.col("indicator_id").is_in(ids)).select(*SERIES, "value"),
        ]
    )
    judged = (
        candidates.join(_medians(values, SERIES, "s"), on=SERIES, how="left")
        .join(_medians(values, ["indicator_id"], "i"), on="indicator_id", how="left")
        .with_columns(
            pl.when(pl.col("s_n") >= MIN_HISTORY)
            .then(pl.col("s_median"))
            .otherwise(pl.col("i_median"))
            .alias("median")
        )
        .filter(pl.col("median") >= FRACTION_MEDIAN)
        .sort("row")
    )
    room = report_room(report)
    for row in judged.head(room).iter_rows(named=True):
        percent = _number(row["value"] * 100) + "%"
        report.add(
            _warning(
                report,
                Code.LOOKS_LIKE_FRACTION,
                row,
                message(Code.LOOKS_LIKE_FRACTION, median=_number(row["median"]), percent=percent),
                message("expected:percent", percent=percent),
            )
        )
    report.suppressed += max(0, judged.height - room)
    return judged.select("row")


def _far_outside(rows: pl.DataFrame, history: pl.DataFrame, report: Report) -> None:
    stored = history.group_by(SERIES).agg(
        pl.len().alias("h_n"),
        pl.col("value").min().alias("h_min"),
        pl.col("value").max().alias("h_max"),
    )
    by_history = stored.filter((pl.col("h_n") >= MIN_HISTORY) & (pl.col("h_min") > 0))
    judged = rows.join(by_history, on=SERIES, how="inner").filter(
        (pl.col("value") < pl.col("h_min") / FACTOR) | (pl.col("value") > pl.col("h_max") * FACTOR)
    )
    # series with too few stored figures: the median of what is stored and what comes in
    few = rows.join(by_history.select(SERIES), on=SERIES, how="anti") if by_history.height else rows
    values = few.select(*SERIES, "value")
    if history.height:  # a first import of new series (the million-row case) skips this join
        stored_few = history.join(few.select(SERIES).unique(), on=SERIES)
        values = pl.concat([values, stored_few.select(*SERIES, "value")])
    medians = _medians(values, SERIES, "m").filter(
        (pl.col("m_n") >= MIN_FILE) & (pl.col("m_median") > 0)
    )
    by_file = few.join(medians, on=SERIES, how="inner").filter(
        (pl.col("value") < pl.col("m_median") / FACTOR)
        | (pl.col("value") > pl.col("m_median") * FACTOR)
    )
    for frame, basis in ((judged, "history"), (by_file, "file")):
        if not frame.height:
            continue
        room = report_room(report)
        for row in frame.sort("row").head(room).iter_rows(named=True):
            if basis == "history":
                low, high = row["h_min"] / FACTOR, row["h_max"] * FACTOR
                text = message(
                    "basis:history", low=_number(row["h_min"]), high=_number(row["h_max"])
                )
            else:
                low, high = row["m_median"] / FACTOR, row["m_median"] * FACTOR
                text = message("basis:file", median=_number(row["m_median"]))
            report.add(
                _warning(
                    report,
                    Code.FAR_OUTSIDE_SERIES,
                    row,
                    message(Code.FAR_OUTSIDE_SERIES, basis=text),
                    message("expected:range", low=_number(low), high=_number(high)),
                )
            )
        report.suppressed += max(0, frame.height - room)


def _warning(report: Report, code: Code, row: dict[str, Any], text: str, expected: str) -> Problem:
    return Problem(
        code,
        text,
        report.file,
        row=row["row"],
        column="value",
        expected=expected,
        found=_number(float(row["value"])),
        severity=WARNING,
    )
