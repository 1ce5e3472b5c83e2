"""Text fields of a figure file that are stored as written: no control characters, real editions.

A control character (C0 `\\x00`-`\\x1f`, DEL, C1 `\\x80`-`\\x9f`) is invisible on the page, breaks
CSV and JSON consumers and can hide text; the bidirectional embedding and override controls
(U+202A-U+202E, U+2066-U+2069) can make a note read differently from what it holds. None of
them is ever typed on purpose, so each is refused with its row, column and code point. The one
exception is the free-text note, where a line break (Alt+Enter in an Excel cell) and a tab are
text: they are kept, with Windows and old Mac line ends (`\\r\\n`, `\\r`) stored as `\\n`.
"""

from __future__ import annotations

import polars as pl

from techniekpact.i18n import _
from techniekpact.monitor.editions import EditionError, canonical_edition
from techniekpact.monitor.importers.positions import report_room, report_rows
from techniekpact.problems import Code, Problem, Report

_BIDI = "\u202a-\u202e\u2066-\u2069"
CONTROL = f"[\\x00-\\x1f\\x7f-\\x9f{_BIDI}]"
# in a note: line feed and tab are text, carriage returns are line ends (normalised first)
NOTE_CONTROL = f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_BIDI}]"
NOTE = "note"


def normalise_line_ends() -> pl.Expr:
    return (
        pl.col(NOTE)
        .str.replace_all("\r\n", "\n", literal=True)
        .str.replace_all("\r", "\n", literal=True)
    )


def check_control_characters(frame: pl.DataFrame, report: Report) -> None:
    """Report every text cell holding a control character, with its code point."""
    columns = [
        c
        for c, dtype in frame.schema.items()
        if dtype == pl.String and not c.startswith(("_", "\x00"))
    ]
    for column in columns:
        pattern = NOTE_CONTROL if column == NOTE else CONTROL
        bad = frame.filter(pl.col(column).str.contains(pattern))
        if not bad.height:
            continue
        shown = bad.select(
            "row", pl.col(column), pl.col(column).str.extract(f"({pattern})").alias("_char")
        )
        for row, text, char in shown.head(report_room(report)).iter_rows():
            report.add(
                Problem(
                    Code.CONTROL_CHARACTER,
                    _(
                        "stuurteken U+{code:04X} in de tekst (onzichtbaar; niet toegestaan)",
                        code=ord(char),
                    ),
                    report.file,
                    row=row,
                    column=column,
                    expected=_("tekst zonder stuurtekens"),
                    found=text[:200],
                )
            )
        report.suppressed += max(0, bad.height - report_room(report))


def map_editions(frame: pl.DataFrame, report: Report) -> pl.Expr:
    """The source_edition column in its canonical form; every unreadable edition reported."""
    mapping: dict[str, str] = {}
    for text in frame.get_column("source_edition").unique().to_list():
        try:
            mapping[text] = canonical_edition(text)
        except EditionError as exc:
            report_rows(
                frame.filter(pl.col("source_edition") == text),
                report,
                Code.BAD_EDITION,
                "source_edition",
                _("editie niet als jaar of datum: {reason}", reason=str(exc)),
                expected=_("2024, 2024-06 of 2024-06-27"),
            )
    keys = list(mapping)
    return (
        pl.col("source_edition")
        .replace_strict(keys, [mapping[k] for k in keys], default=None, return_dtype=pl.String)
        .alias("source_edition")
    )
