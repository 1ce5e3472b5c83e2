"""Numbers as Dutch and English spreadsheets write them, never silently misread.

A file's decimal convention is decided once from its unambiguous values (`12,5`, `12.5`,
`1.234,5`); `1.234` alone could be either and stops the import unless the file or `--decimal`
settles it. Spaces, non-breaking spaces and a trailing `%` are ignored.

Typed spreadsheet numbers (an .xlsx cell holding a number, see `reading.read_xlsx`) arrive in the
column TYPED_VALUE: they are exact already, so they neither decide nor need the convention.
Every number must be finite: 'inf', 'NaN', '1e400' or 400 digits are refused, never stored.
"""

from __future__ import annotations

import polars as pl

from techniekpact.i18n import _
from techniekpact.monitor.importers.positions import report_rows
from techniekpact.monitor.validation import Code, Problem, Report, message

# the value column's typed numbers (xlsx), null where the cell held text
TYPED_VALUE = "_typed_value"

# Number shapes (after stripping spaces and a trailing %).
COMMA_DECIMAL = r"^-?\d+,(\d{1,2}|\d{4,})$|^-?0,\d+$"  # 12,5  0,125  — never a thousands group
DOT_DECIMAL = r"^-?\d+\.(\d{1,2}|\d{4,})$|^-?0\.\d+$"
DOT_GROUPS = r"^-?[1-9]\d{0,2}(\.\d{3})+$"  # 1.234 (NL thousands) or 1.234 (EN decimal)
COMMA_GROUPS = r"^-?[1-9]\d{0,2}(,\d{3})+$"
NL_FULL = r"^-?[1-9]\d{0,2}(\.\d{3})+,\d+$"  # 1.234,5
EN_FULL = r"^-?[1-9]\d{0,2}(,\d{3})+\.\d+$"  # 1,234.5


def number_text() -> pl.Expr:
    return pl.col("value").str.strip_chars().str.replace_all(r"\s|\u00a0", "").str.strip_suffix("%")


def detect_convention(frame: pl.DataFrame, report: Report) -> str | None:
    """'comma' or 'point' when the file's unambiguous numbers say so; None when they are silent."""
    number = number_text()
    dutch = (number.str.contains(COMMA_DECIMAL) | number.str.contains(NL_FULL)).alias("dutch")
    english = (number.str.contains(DOT_DECIMAL) | number.str.contains(EN_FULL)).alias("english")
    if TYPED_VALUE in frame.columns:  # typed cells are no evidence either way
        frame = frame.filter(pl.col(TYPED_VALUE).is_null())
    # the file's distinct values answer the question; rows are needed only to report a mix
    distinct = frame.select(pl.col("value").unique()).select(dutch.any(), english.any())
    has_dutch, has_english = distinct.row(0)
    if not (has_dutch and has_english):
        return "comma" if has_dutch else "point" if has_english else None
    shapes = frame.select(pl.int_range(2, frame.height + 2).alias("row"), "value", dutch, english)
    first_nl = shapes.filter(pl.col("dutch")).row(0, named=True)
    first_en = shapes.filter(pl.col("english")).row(0, named=True)
    report.add(
        Problem(
            Code.MIXED_DECIMALS,
            _(
                "decimale komma (rij {comma}) en decimale punt (rij {point}) door elkaar",
                comma=first_nl["row"],
                point=first_en["row"],
            ),
            report.file,
            row=max(first_en["row"], first_nl["row"]),
            column="value",
            expected=_("één schrijfwijze, of --decimal comma|point"),
            found=(first_en if first_en["row"] > first_nl["row"] else first_nl)["value"],
        )
    )
    return None


def parse_values(frame: pl.DataFrame, report: Report, convention: str | None) -> pl.Series:
    """The value column as numbers (computed once: the checks and the result share it)."""
    number = number_text()
    typed = TYPED_VALUE in frame.columns
    if convention is None:
        shape = number.str.contains(DOT_GROUPS) | number.str.contains(COMMA_GROUPS)
        ambiguous = frame.filter(shape & pl.col(TYPED_VALUE).is_null() if typed else shape)
        if ambiguous.height:
            report_rows(
                ambiguous,
                report,
                Code.AMBIGUOUS_NUMBER,
                "value",
                _("dubbelzinnig getal: duizendtallen of decimalen?"),
                expected=_("geef --decimal comma (1.234 = duizend...) of --decimal point"),
            )
            return pl.Series("value", [None] * frame.height, pl.Float64)
    if convention == "comma":
        normal = number.str.replace_all(r"\.", "").str.replace(",", ".", literal=True)
    else:
        normal = number.str.replace_all(",", "", literal=True)
    text_number = normal.cast(pl.Float64, strict=False)
    parsed = frame.select(
        (pl.coalesce(pl.col(TYPED_VALUE), text_number) if typed else text_number).alias("_parsed")
    ).to_series()
    # one pass finds both kinds of bad value; a clean file (the usual case) stops here
    checked = frame.select("row", "value").with_columns(parsed)
    bad = checked.filter(
        (pl.col("value") != "") & (pl.col("_parsed").is_null() | ~pl.col("_parsed").is_finite())
    )
    if bad.height:
        report_rows(
            bad.filter(pl.col("_parsed").is_null()),
            report,
            Code.NOT_A_NUMBER,
            "value",
            _("geen getal"),
            expected=_("een getal, bijvoorbeeld 12,5 of 1.234 of 29%"),
        )
        report_rows(
            bad.filter(pl.col("_parsed").is_not_null()),
            report,
            Code.NOT_FINITE,
            "value",
            message(Code.NOT_FINITE),
            expected=message("expected:finite"),
        )
    return parsed.alias("value")
