"""A small `period,value` CSV for `techniekpact progress`, read with the importer's rules."""

from __future__ import annotations

import re
from pathlib import Path

from techniekpact.errors import DomainError
from techniekpact.i18n import _
from techniekpact.monitor.periods import PeriodError, parse_period
from techniekpact.monitor.progress import Point
from techniekpact.problems import Report
from techniekpact.textfiles import read_rows


def parse_number(text: str, *, row: int, file: str) -> float:
    """One value: 12,5 / 12.5 / 1.234,5 / 29% . '1.234' alone is ambiguous and refused."""
    value = re.sub(r"\s", "", text).removesuffix("%")
    if re.fullmatch(r"-?[1-9]\d{0,2}([.,]\d{3})+", value):
        raise DomainError(
            _(
                "{file}, rij {row}: {text!r} is dubbelzinnig (duizendtallen of decimalen?)",
                file=file,
                row=row,
                text=text,
            )
        )
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+,\d+|-?\d+,\d+", value):
        value = value.replace(".", "").replace(",", ".")
    else:
        value = value.replace(",", "")
    try:
        return float(value)
    except ValueError:
        raise DomainError(
            _(
                "{file}, rij {row}, kolom 'value': {text!r} is geen getal",
                file=file,
                row=row,
                text=text,
            )
        ) from None


def read_series(path: Path) -> list[Point]:
    report = Report(file=path.name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DomainError(
            _("{path}: bestand niet te lezen ({reason})", path=path, reason=exc.strerror)
        ) from None
    header, rows = read_rows(data, report)
    if not report.ok:
        raise DomainError(str(report.problems[0]))
    fields = [f.strip().lower() for f in header]
    if "period" not in fields or "value" not in fields:
        raise DomainError(
            _(
                "{file}, rij 1: kolommen 'period' en 'value' verwacht, gevonden: {fields}",
                file=path.name,
                fields=fields,
            )
        )
    points = []
    for number, row in rows:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if not row["value"]:
            continue
        try:
            period = parse_period(row["period"])
        except PeriodError as exc:
            raise DomainError(
                _(
                    "{file}, rij {number}, kolom 'period': {exc}",
                    file=path.name,
                    number=number,
                    exc=exc,
                )
            ) from None
        value = parse_number(row["value"], row=number, file=path.name)
        points.append(Point(period.time, value, period.label))
    return points
