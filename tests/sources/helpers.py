"""Shared material of the DUO tests: the bundled files and independent sums of them."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import techniekpact

DUO = Path(techniekpact.__file__).parent / "data" / "sources" / "duo"
MBO = DUO / "mbo-deelnemers-2015-2019.csv"
HBO = DUO / "hbo-eerstejaars-2015-2019.csv"
WO = DUO / "wo-eerstejaars-2015-2019.csv"
HBO_GRADUATES = DUO / "sample-hbo-gediplomeerden-2014-2018.csv"
WO_GRADUATES = DUO / "sample-wo-gediplomeerden-2014-2018.csv"
SEEDED = [MBO, HBO, WO]


def raw_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The file's rows with the standard library alone; DUO's `""` lines skipped."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        rows = [dict(zip(header, r, strict=True)) for r in reader if any(c.strip() for c in r)]
    return header, rows


def raw_totals(path: Path, sector_column: str) -> dict[int, tuple[int, int]]:
    """year -> (technical, all) summed straight from the raw CSV."""
    header, rows = raw_rows(path)
    if sector_column == "MBO SECTOR":
        years = {int(m.group(1)): h for h in header if (m := re.fullmatch(r"TOTAAL(\d{4})", h))}
    else:
        years = {int(h): h for h in header if re.fullmatch(r"\d{4}", h)}
    technical: Counter[int] = Counter()
    every: Counter[int] = Counter()
    for row in rows:
        for year, column in years.items():
            n = int(row[column].strip() or 0)
            every[year] += n
            if row[sector_column].strip() == "techniek":
                technical[year] += n
    return {y: (technical[y], every[y]) for y in years}


def write_variant(source: Path, target: Path, rows: int, edit=None) -> Path:  # type: ignore[no-untyped-def]
    """The first `rows` data lines of a DUO file, CRLF as DUO writes them, edited by
    `edit(header, lines)` on the split cells."""
    lines = source.read_bytes().decode("utf-8").split("\r\n")
    header = lines[0].split(";")
    body = [line.split(";") for line in lines[1 : rows + 1]]
    if edit is not None:
        header, body = edit(header, body)
    text = "\r\n".join(";".join(cells) for cells in [header, *body]) + "\r\n\r\n"
    target.write_bytes(text.encode("utf-8"))
    return target
