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
    if family == MBO:
        frame = _mbo_frame(records, index, columns, header, file, sub, classification, places)
        sector = "mbo"
    else:
        frame = _ho_frame(records, index, columns, header, file, sub, classification, provinces)
        sector = _ho_sector(records, index, family, path, file, sub, sector_hint)
    if frame is None or not sub.ok:
        report.problems.extend(sub.problems)
        report.suppressed += sub.suppressed
        return None
    return DuoFile(family, sector, tuple(sorted(columns)), frame, len(records))


def _is_technical(
    classification: Classification, family: str, fields: list[str], index: dict[str, int]
) -> bool:
    column, values = classification.base[family]
    override = classification.override(family)
    if override:
        code_column = "KWALIFICATIE CODE" if family == "mbo" else "OPLEIDINGSCODE ACTUEEL"
        key = (code_column, fields[index[code_column]].strip())
        if key in override:
            return override[key]
    return fields[index[column]].strip() in values


def _counts(
    fields: list[str],
    number: int,
    columns: dict[int, dict[str, int]],
    header: list[str],
    file: str,
    report: Report,
) -> list[tuple[int, str, int]]:
    out = []
    for year, by_sex in columns.items():
        for sex, col in by_sex.items():
            text = fields[col].strip()
            if not text:
                out.append((year, sex, 0))
            elif _COUNT.match(text):
                out.append((year, sex, int(text)))
            else:
                _problem(
                    report,
                    Code.NOT_A_NUMBER,
                    _("geen aantal"),
                    file,
                    row=number,
                    column=header[col],
                    expected=_("een geheel aantal (of leeg)"),
                    found=fields[col],
                )
    return out


def _cell(
    fields: list[str],
    number: int,
    index: dict[str, int],
    column: str,
    allowed: dict[str, str],
    file: str,
    report: Report,
) -> str:
    text = fields[index[column]].strip()
    if text in allowed:
        return allowed[text]
    report.add(
        Problem(
            Code.UNKNOWN_CODE,
            _("onbekende waarde in '{column}'", column=column),
            file,
            row=number,
            column=column,
            expected=", ".join(allowed),
            found=fields[index[column]],
        )
    )
    return ""


def _mbo_frame(
    records: list[tuple[int, list[str]]],
    index: dict[str, int],
    columns: dict[int, dict[str, int]],
    header: list[str],
    file: str,
    report: Report,
    classification: Classification,
    places: dict[str, Place],
) -> pl.DataFrame | None:
    rows: dict[str, list[object]] = {
        k: []
        for k in (
            "row",
            "year",
            "sex",
            "count",
            "technical",
            "level",
            "track",
            "province",
            "arbeidsmarktregio",
        )
    }
    unknown_places: dict[str, int] = {}
    for number, fields in records:
        place_text = fields[index["PLAATSNAAM"]].strip()
        place = places.get(place_text.upper())
        if place is None:
            if place_text not in unknown_places:
                unknown_places[place_text] = number
                report.add(
                    Problem(
                        Code.UNKNOWN_PLACE,
                        _(
                            "plaats {place!r} staat niet in de plaatsentabel "
                            "(data/sources/duo/places.csv)",
                            place=place_text,
                        ),
                        file,
                        row=number,
                        column="PLAATSNAAM",
                        expected=_("een plaats uit de plaatsentabel"),
                        found=place_text,
                    )
                )
            continue
        level = _cell(fields, number, index, "KWALIFICATIENIVEAU", LEVELS, file, report)
        track = _cell(fields, number, index, "TYPE MBO", TRACKS, file, report)
        technical = _is_technical(classification, "mbo", fields, index)
        for year, sex, count in _counts(fields, number, columns, header, file, report):
            rows["row"].append(number)
            rows["year"].append(year)
            rows["sex"].append(sex)
            rows["count"].append(count)
            rows["technical"].append(technical)
            rows["level"].append(level)
            rows["track"].append(track)
            rows["province"].append(place.province)
            rows["arbeidsmarktregio"].append(place.arbeidsmarktregio)
    if not report.ok:
        return None
    return pl.DataFrame(
        rows,
        schema={
            "row": pl.Int64,
            "year": pl.Int64,
            "sex": pl.String,
            "count": pl.Int64,
            "technical": pl.Boolean,
            "level": pl.String,
            "track": pl.String,
            "province": pl.String,
            "arbeidsmarktregio": pl.String,
        },
    )


def _ho_frame(
    records: list[tuple[int, list[str]]],
    index: dict[str, int],
    columns: dict[int, dict[str, int]],
    header: list[str],
    file: str,
    report: Report,
    classification: Classification,
    provinces: dict[str, str],
) -> pl.DataFrame | None:
    rows: dict[str, list[object]] = {
        k: [] for k in ("row", "year", "sex", "count", "technical", "province")
    }
    for number, fields in records:
        province = _cell(fields, number, index, "PROVINCIE", provinces, file, report)
        sex = _cell(fields, number, index, "GESLACHT", HO_SEX, file, report)
        technical = _is_technical(classification, "ho", fields, index)
        for year, _total, count in _counts(fields, number, columns, header, file, report):
            rows["row"].append(number)
            rows["year"].append(year)
            rows["sex"].append(sex)
            rows["count"].append(count)
            rows["technical"].append(technical)
            rows["province"].append(province)
    if not report.ok:
        return None
    return pl.DataFrame(
        rows,
        schema={
            "row": pl.Int64,
            "year": pl.Int64,
            "sex": pl.String,
            "count": pl.Int64,
            "technical": pl.Boolean,
            "province": pl.String,
        },
    )


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
