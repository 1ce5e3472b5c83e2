"""Problems found in many rows at once, reported with their positions up to the report's limit.

A file with a million bad rows gets the first MAX_PROBLEMS of them named and the rest counted,
so the report stays readable and the check stays vectorised.
"""

from __future__ import annotations

import polars as pl

from techniekpact.problems import ERROR, MAX_PROBLEMS, Code, Problem, Report


def report_rows(
    rows: pl.DataFrame,
    report: Report,
    code: Code,
    column: str,
    message: str,
    expected: str = "",
    found_column: str | None = None,
    severity: str = ERROR,
) -> None:
    found_column = found_column or column
    for row, found in rows.select("row", found_column).head(report_room(report)).iter_rows():
        report.add(
            Problem(
                code,
                message,
                report.file,
                row=row,
                column=column,
                expected=expected,
                found=found,
                severity=severity,
            )
        )
    report.suppressed += max(0, rows.height - report_room(report))


def report_room(report: Report) -> int:
    return max(0, MAX_PROBLEMS - len(report.problems))
