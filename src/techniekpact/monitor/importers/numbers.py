"""Numbers as Dutch and English spreadsheets write them, never silently misread.

A file's decimal convention is decided once from its unambiguous values (`12,5`, `12.5`,
`1.234,5`, `,5`, `1,23E+04`); `1.234` alone could be either and stops the import unless the file
or `--decimal` settles it, and `--decimal` that contradicts the file's values is an error.
Thousands groups are groups of three (`1.234.567`, `1 234`); anything else with a separator in
it (`1.2.3`, `1 5`) is no number. Surrounding spaces and a trailing `%` are ignored.

Typed spreadsheet numbers (an .xlsx cell holding a number, see `reading.read_xlsx`) arrive in the
column TYPED_VALUE: they are exact already, so they neither decide nor need the convention.
Every number must be finite: 'inf', 'NaN', '1e400' or 400 digits are refused, never stored.
"""

from __future__ import annotations

import polars as pl

from techniekpact.i18n import _
from techniekpact.monitor.importers.positions import report_rows
from techniekpact.problems import Code, Problem, Report, message

# the value column's typed numbers (xlsx), null where the cell held text
TYPED_VALUE = "_typed_value"

# Number shapes (after stripping surrounding spaces and a trailing %). [0-9], not \d: polars'
# regex \d is Unicode and would let full-width digits through.
D = "[0-9]"
# unambiguous evidence of a convention: a decimal part that cannot be a thousands group
COMMA_DECIMAL = rf"^[+-]?{D}*,{D}+([eE][+-]?{D}+)?$"  # 12,5  0,125  ,5  1234,567  1,23E+04
DOT_DECIMAL = rf"^[+-]?{D}*\.{D}+([eE][+-]?{D}+)?$"
COMMA_GROUP = rf"^[+-]?[1-9]{D}{{0,2}},{D}{{3}}$"  # 1,234: one group, thousands or decimals?
DOT_GROUP = rf"^[+-]?[1-9]{D}{{0,2}}\.{D}{{3}}$"
NL_FULL = rf"^[+-]?[1-9]{D}{{0,2}}([. ]{D}{{3}})+,{D}+$|^[+-]?[1-9]{D}{{0,2}}(\.{D}{{3}}){{2,}}$"
EN_FULL = rf"^[+-]?[1-9]{D}{{0,2}}([, ]{D}{{3}})+\.{D}+$|^[+-]?[1-9]{D}{{0,2}}(,{D}{{3}}){{2,}}$"
# what the ambiguity check refuses when the file does not settle the convention
DOT_GROUPS = DOT_GROUP
COMMA_GROUPS = COMMA_GROUP


def valid_shape(convention: str | None) -> str:
    """Every way a number may be written in a file of this convention, as one regex.

    Groups are thousands groups or nothing: `1.2.3`, `12,34,5` and `1 5` are no numbers (read as
    123 or 15 they would be stored wrong without a word). A file without evidence (None) may
    hold only what reads the same either way, which is the point convention's subset.
    """
    point, group = (",", r"\.") if convention == "comma" else (r"\.", ",")
    return "|".join(
        [
            rf"^[+-]?{D}+$",
            rf"^[+-]?{D}*{point}{D}+$",
            rf"^[+-]?[1-9]{D}{{0,2}}({group}{D}{{3}})+({point}{D}+)?$",
            rf"^[+-]?[1-9]{D}{{0,2}}( {D}{{3}})+({point}{D}+)?$",
            rf"^[+-]?({D}+|{D}*{point}{D}+)[eE][+-]?{D}+$",  # Excel's 1,23E+04
            r"(?i:^[+-]?(inf|infinity|nan)$)",  # read, then refused as not finite
        ]
    )


def number_text() -> pl.Expr:
    """The value without surrounding spaces and %; (narrow) no-break spaces as spaces."""
    return (
        pl.col("value")
        .str.replace_all("[\u00a0\u202f]", " ")
        .str.strip_chars()
        .str.strip_suffix("%")
        .str.strip_chars()
    )


def _dutch(number: pl.Expr) -> pl.Expr:
    return (
        number.str.contains(COMMA_DECIMAL) & ~number.str.contains(COMMA_GROUP)
    ) | number.str.contains(NL_FULL)


def _english(number: pl.Expr) -> pl.Expr:
    return (
        number.str.contains(DOT_DECIMAL) & ~number.str.contains(DOT_GROUP)
    ) | number.str.contains(EN_FULL)


def detect_convention(frame: pl.DataFrame, report: Report) -> str | None:
    """'comma' or 'point' when the file's unambiguous numbers say so; None when they are silent."""
    number = number_text()
    dutch = _dutch(number).alias("dutch")
    english = _english(number).alias("english")
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


def check_decimal_option(frame: pl.DataFrame, report: Report, decimal: str) -> None:
    """An explicit --decimal settles only what the file leaves open: a value that shows the
    other convention (`12,5` under --decimal point) is an error, not a licence to misread it."""
    number = number_text()
    other = _english(number) if decimal == "comma" else _dutch(number)
    if TYPED_VALUE in frame.columns:
        other = other & pl.col(TYPED_VALUE).is_null()
    rows = frame.select(pl.int_range(2, frame.height + 2).alias("row"), "value", other.alias("x"))
    seems = _("decimale punt") if decimal == "comma" else _("decimale komma")
    report_rows(
        rows.filter(pl.col("x")),
        report,
        Code.OPTION_CONFLICT,
        "value",
        _("--decimal {option}, maar het bestand gebruikt een {seems}", option=decimal, seems=seems),
        expected=_(
            "--decimal {other}, of geen --decimal",
            other="point" if decimal == "comma" else "comma",
        ),
    )


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
        normal = number.str.replace_all(r"[. ]", "").str.replace(",", ".", literal=True)
    else:
        normal = number.str.replace_all(r"[, ]", "")
    text_number = (
        pl.when(number.str.contains(valid_shape(convention)))
        .then(normal.cast(pl.Float64, strict=False))
        .otherwise(None)
    )
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
