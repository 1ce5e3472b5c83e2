"""Reading DUO open-data files in their real form, into one long table of counts.

DUO's files are `;`-separated with CRLF line ends, wide (one count column per year, or per sex
and year), with space-padded empty cells, `""` lines between rows and blank lines at the end.
A file's family is recognised by its column NAMES, never by their positions, so columns DUO
adds, drops or reorders in another year do not matter as long as the ones used are there:

* mbo deelnemers: PLAATSNAAM, TYPE MBO, KWALIFICATIENIVEAU, MBO SECTOR and MAN/VROUW/TOTAAL
  followed by a year (MAN2015, VROUW2015, TOTAAL2015, ...);
* hbo/wo eerstejaars: PROVINCIE, GESLACHT, CROHO ONDERDEEL and one column per year (2015, ...);
* hbo/wo gediplomeerden: as eerstejaars plus SOORT DIPLOMA.

Every fault is a positioned problem (file, row, column, expected, found); nothing is guessed.
An empty count cell means none or not published (DUO) and counts as 0.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

import polars as pl

from techniekpact.i18n import _
from techniekpact.problems import Code, Problem, Report
from techniekpact.sources.duo_tables import Classification, Place
from techniekpact.textfiles import csv_records, field_count_problem, prepare_csv

MBO = "mbo-deelnemers"
FIRST_YEAR = "ho-eerstejaars"
GRADUATES = "ho-gediplomeerden"

# the columns each family needs, by name (DUO's upper-case spelling)
REQUIRED = {
    MBO: ("PLAATSNAAM", "TYPE MBO", "KWALIFICATIENIVEAU", "MBO SECTOR", "KWALIFICATIE CODE"),
    FIRST_YEAR: ("PROVINCIE", "GESLACHT", "CROHO ONDERDEEL", "OPLEIDINGSCODE ACTUEEL"),
    GRADUATES: (
        "PROVINCIE",
        "GESLACHT",
        "CROHO ONDERDEEL",
        "OPLEIDINGSCODE ACTUEEL",
        "SOORT DIPLOMA",
    ),
}
FAMILY_NAMES = {
    MBO: "mbo deelnemers",
    FIRST_YEAR: "hbo/wo eerstejaars",
    GRADUATES: "hbo/wo gediplomeerden",
}
_MBO_COUNT = re.compile(r"^(MAN|VROUW|TOTAAL)\s*(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_COUNT = re.compile(r"^\d+$")
SEX = {"MAN": "male", "VROUW": "female", "TOTAAL": ""}
HO_SEX = {"man": "male", "vrouw": "female"}
TRACKS = {"BOLVT": "bol", "BOLDT": "bol", "BBL": "bbl"}
LEVELS = {"1": "mbo-1", "2": "mbo-2", "3": "mbo-3", "4": "mbo-4"}


@dataclass(frozen=True)
class DuoFile:
    """One DUO file read: its family, sector (hbo/wo; "" for mbo), years and long counts.

    `counts` columns: row, year, sex ("" = DUO's total column), technical (bool), count, and
    per family: level, track, province, arbeidsmarktregio (mbo); province (ho)."""

    family: str
    sector: str
    years: tuple[int, ...]
    counts: pl.DataFrame
    rows: int


def _problem(report: Report, code: Code, message: str, file: str, **where: object) -> None:
    report.add(Problem(code, message, file, **where))  # type: ignore[arg-type]


def recognise(header: list[str], file: str, report: Report) -> str | None:
    """The family whose columns the header has; a near miss names the missing column."""
    names = {h.strip().upper() for h in header}
    scores = {}
    for family, required in REQUIRED.items():
        scores[family] = sum(1 for c in required if c in names)
    # gediplomeerden files are eerstejaars files plus SOORT DIPLOMA
    if "SOORT DIPLOMA" in names and scores[GRADUATES] >= scores[FIRST_YEAR]:
        scores[FIRST_YEAR] = -1
    elif "SOORT DIPLOMA" not in names:
        scores[GRADUATES] = -1
    family = max(scores, key=lambda f: scores[f])
    required = REQUIRED[family]
    if scores[family] * 2 < len(required):
        _problem(
            report,
            Code.UNKNOWN_SOURCE_FAMILY,
            _("geen DUO-bestand dat deze bron kent (kopregel herkend aan kolomnamen)"),
            file,
            row=1,
            expected=", ".join(FAMILY_NAMES.values()),
            found=";".join(header[:6]) + (";..." if len(header) > 6 else ""),
        )
        return None
    for column in required:
        if column not in names:
            _problem(
                report,
                Code.MISSING_COLUMN,
                _(
                    "kolom '{column}' ontbreekt ({family})",
                    column=column,
                    family=FAMILY_NAMES[family],
                ),
                file,
                row=1,
                column=column,
                expected=column,
            )
    return family if report.ok else None


def _year_columns(
    header: list[str], family: str, file: str, report: Report
) -> dict[int, dict[str, int]]:
    """year -> {sex: column index}; every year needs every column of its family, and the
    years must follow one another."""
    found: dict[int, dict[str, int]] = {}
    for index, name in enumerate(header):
        text = name.strip().upper()
        if family == MBO:
            if m := _MBO_COUNT.match(text):
                found.setdefault(int(m.group(2)), {})[SEX[m.group(1)]] = index
        elif m := _YEAR.match(text):
            found.setdefault(int(m.group(1)), {})[""] = index
    if not found:
        example = "MAN2019;VROUW2019;TOTAAL2019" if family == MBO else "2019"
        _problem(
            report,
            Code.MISSING_COLUMN,
            _("geen jaarkolommen"),
            file,
            row=1,
            expected=example,
            found=";".join(header[-3:]),
        )
        return {}
    years = sorted(found)
    wanted = ("male", "female", "") if family == MBO else ("",)
    prefix = {"male": "MAN", "female": "VROUW", "": "TOTAAL"}
    for year in range(years[0], years[-1] + 1):
        for sex in wanted:
            if sex in found.get(year, {}):
                continue
            column = f"{prefix[sex]}{year}" if family == MBO else str(year)
            _problem(
                report,
                Code.MISSING_COLUMN,
                _("jaarkolom '{column}' ontbreekt", column=column),
                file,
                row=1,
                column=column,
                expected=column,
            )
    return found


def read_duo_file(
    data: bytes,
    path: PurePath,
    report: Report,
    classification: Classification,
    places: dict[str, Place],
    provinces: dict[str, str],
    sector_hint: str = "",
) -> DuoFile | None:
    """Read one DUO file; None with every problem in `report` (positions as a spreadsheet
    shows them: the header is row 1)."""
    file = path.name
    sub = Report(file=file)
    prepared = prepare_csv(data, sub)
    if prepared is None:
        report.problems.extend(sub.problems)
        return None
    header = [h.strip() for h in prepared.header]
    family = recognise(header, file, sub)
    columns = _year_columns(header, family, file, sub) if family else {}
    if family is None or not sub.ok:
        report.problems.extend(sub.problems)
        return None
    upper = [h.upper() for h in header]
    index = {name: i for i, name in enumerate(upper)}
    width = len(header)
    records: list[tuple[int, list[str]]] = []
    for number, fields in csv_records(prepared):
        if all(not f.strip() for f in fields):
            continue  # DUO's `""` lines and blank lines carry nothing
        if len(fields) != width:
            sub.add(field_count_problem(file, number, width, len(fields)))
            continue
        records.append((number, fields))
    wide = _wide(records, header)
    counts = _count_cells(wide, columns, header, file, sub)
    if family == MBO:
        frame = _mbo_frame(wide, counts, file, sub, classification, places)
        sector = "mbo"
    else:
        frame = _ho_frame(wide, counts, file, sub, classification, provinces)
        sector = _ho_sector(records, index, family, path, file, sub, sector_hint)
    if frame is None or not sub.ok:
        report.problems.extend(sub.problems)
        report.suppressed += sub.suppressed
        return None
    return DuoFile(family, sector, tuple(sorted(columns)), frame, len(records))


def _wide(records: list[tuple[int, list[str]]], header: list[str]) -> pl.DataFrame:
    """The records as a frame of stripped strings, columns by DUO's upper-case names, plus
    `_row` (the spreadsheet row)."""
    cells = list(zip(*(fields for _n, fields in records), strict=True)) if records else []
    data: dict[str, object] = {"_row": [n for n, _f in records]}
    for i in range(len(header)):
        data[f"c{i}"] = list(cells[i]) if cells else []
    frame = pl.DataFrame(
        data, schema={"_row": pl.Int64, **{f"c{i}": pl.String for i in range(len(header))}}
    )
    return frame.with_columns(pl.col(pl.String).str.strip_chars()).rename(
        {f"c{i}": name.upper() for i, name in enumerate(header)}
    )


def _count_cells(
    wide: pl.DataFrame,
    columns: dict[int, dict[str, int]],
    header: list[str],
    file: str,
    report: Report,
) -> pl.DataFrame:
    """Long counts: _row, year, sex ("" for a total column), count. Text in a count cell is a
    positioned problem; an empty cell is 0 (none or not published)."""
    names = {
        f"{year}|{sex}": header[col].upper()
        for year, by in columns.items()
        for sex, col in by.items()
    }
    for column in names.values():
        bad = wide.filter(~pl.col(column).str.contains(r"^\d*$")).select("_row", column)
        for number, found in bad.head(MAX_REPORTED).iter_rows():
            report.add(
                Problem(
                    Code.NOT_A_NUMBER,
                    _("geen aantal"),
                    file,
                    row=number,
                    column=column,
                    expected=_("een geheel aantal (of leeg)"),
                    found=found,
                )
            )
    picked = wide.select(
        "_row",
        *(
            pl.col(column).replace("", "0").cast(pl.Int64, strict=False).alias(key)
            for key, column in names.items()
        ),
    )
    long = picked.unpivot(index="_row", variable_name="key", value_name="count")
    parts = pl.col("key").str.split_exact("|", 1)
    return long.with_columns(
        parts.struct.field("field_0").cast(pl.Int64).alias("year"),
        parts.struct.field("field_1").alias("sex"),
    ).drop("key")


MAX_REPORTED = 50  # problems of one kind per column: enough to see the pattern


def _mapped(
    wide: pl.DataFrame,
    column: str,
    allowed: dict[str, str],
    file: str,
    report: Report,
    code: Code = Code.UNKNOWN_CODE,
    message: Callable[[str], str] | None = None,
    expected: str | None = None,
    first_only: bool = False,
) -> pl.Expr:
    """`column` through `allowed`; every value outside it a positioned problem (the first row
    of each value when `first_only`)."""
    bad = wide.filter(~pl.col(column).is_in(list(allowed))).select("_row", column)
    if first_only:
        bad = bad.unique(subset=[column], keep="first", maintain_order=True)
    for number, found in bad.head(MAX_REPORTED).iter_rows():
        report.add(
            Problem(
                code,
                message(found) if message else _("onbekende waarde in '{column}'", column=column),
                file,
                row=number,
                column=column,
                expected=expected or ", ".join(allowed),
                found=found,
            )
        )
    return pl.col(column).replace_strict(allowed, default="")


def _technical(wide: pl.DataFrame, classification: Classification, family: str) -> pl.Expr:
    column, values = classification.base[family]
    expr = pl.col(column).is_in(sorted(values))
    code_column = "KWALIFICATIE CODE" if family == "mbo" else "OPLEIDINGSCODE ACTUEEL"
    for (dev_column, value), technical in classification.override(family).items():
        if dev_column == code_column:
            expr = pl.when(pl.col(code_column) == value).then(pl.lit(technical)).otherwise(expr)
    return expr


def _mbo_frame(
    wide: pl.DataFrame,
    counts: pl.DataFrame,
    file: str,
    report: Report,
    classification: Classification,
    places: dict[str, Place],
) -> pl.DataFrame | None:
    def place_message(place: str) -> str:
        return _(
            "plaats {place!r} staat niet in de plaatsentabel (data/sources/duo/places.csv)",
            place=place,
        )

    province = _mapped(
        wide,
        "PLAATSNAAM",
        {k: p.province for k, p in places.items()},
        file,
        report,
        Code.UNKNOWN_PLACE,
        place_message,
        _("een plaats uit de plaatsentabel"),
        first_only=True,
    )
    region = pl.col("PLAATSNAAM").replace_strict(
        {k: p.arbeidsmarktregio for k, p in places.items()}, default=""
    )
    rows = wide.select(
        "_row",
        _mapped(wide, "KWALIFICATIENIVEAU", LEVELS, file, report).alias("level"),
        _mapped(wide, "TYPE MBO", TRACKS, file, report).alias("track"),
        province.alias("province"),
        region.alias("arbeidsmarktregio"),
        _technical(wide, classification, "mbo").alias("technical"),
    )
    if not report.ok:
        return None
    return counts.join(rows, on="_row").rename({"_row": "row"})


def _ho_frame(
    wide: pl.DataFrame,
    counts: pl.DataFrame,
    file: str,
    report: Report,
    classification: Classification,
    provinces: dict[str, str],
) -> pl.DataFrame | None:
    rows = wide.select(
        "_row",
        _mapped(wide, "PROVINCIE", provinces, file, report).alias("province"),
        _mapped(wide, "GESLACHT", HO_SEX, file, report).alias("sex"),
        _technical(wide, classification, "ho").alias("technical"),
    )
    if not report.ok:
        return None
    return counts.drop("sex").join(rows, on="_row").rename({"_row": "row"})


def _ho_sector(
    records: list[tuple[int, list[str]]],
    index: dict[str, int],
    family: str,
    path: PurePath,
    file: str,
    report: Report,
    hint: str,
) -> str:
    """hbo or wo. Graduates say it in SOORT DIPLOMA ("hbo bachelor", "wo master"); a
    first-year file only in its name (DUO: ...-hbo-2019.csv, ...-wo-2019.csv)."""
    if family == GRADUATES:
        seen: dict[str, int] = {}
        for number, fields in records:
            word = fields[index["SOORT DIPLOMA"]].strip().split(" ")[0].lower()
            seen.setdefault(word, number)
        kinds = sorted(seen)
        if len(kinds) == 1 and kinds[0] in ("hbo", "wo"):
            return kinds[0]
        wrong = next((k for k in kinds if k not in ("hbo", "wo")), kinds[-1] if kinds else "")
        report.add(
            Problem(
                Code.UNKNOWN_CODE,
                _("SOORT DIPLOMA moet in het hele bestand hbo of wo zijn"),
                file,
                row=seen.get(wrong, 2),
                column="SOORT DIPLOMA",
                expected="hbo ..., wo ...",
                found=wrong,
            )
        )
        return ""
    if hint:
        return hint
    words = set(re.split(r"[^a-z]+", path.name.lower()))
    kinds = sorted(words & {"hbo", "wo"})
    if len(kinds) == 1:
        return kinds[0]
    report.add(
        Problem(
            Code.UNKNOWN_SOURCE_FAMILY,
            _("niet te zien of dit hbo of wo is: de bestandsnaam noemt geen van beide (of beide)"),
            file,
            row=1,
            expected=_("'hbo' of 'wo' in de bestandsnaam, zoals DUO die geeft"),
            found=path.name,
        )
    )
    return ""
