"""Reference periods: calendar years, school years and quarters in one ordered type.

The pact's figures mix calendar years (labour market), school years (education) and quarters
(vacancies). Sources write school years in several ways ("2019-2020", "2019/20", "2019/2020");
they all mean the year that starts on 1 August 2019. We parse every spelling into one `Period`
that sorts by its start date and keeps a canonical label, so a series can be ordered and
compared whatever spelling its source used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from techniekpact.i18n import _


class PeriodKind(StrEnum):
    YEAR = "year"
    SCHOOL_YEAR = "school_year"
    QUARTER = "quarter"


class PeriodError(ValueError):
    """A period label that cannot be read unambiguously."""


@dataclass(frozen=True, order=True)
class Period:
    """A reference period. Ordered by start date, then end date."""

    start: date
    end: date
    kind: PeriodKind = field(compare=False)
    label: str = field(compare=False)

    @property
    def year(self) -> int:
        """The year a period is counted in for trends: a school year counts as its first year."""
        return self.start.year

    @property
    def time(self) -> float:
        """Position on a continuous time axis in years, used for growth rates and trends."""
        if self.kind is PeriodKind.QUARTER:
            return self.start.year + (self.start.month - 1) / 12
        return float(self.start.year)

    def __str__(self) -> str:
        return self.label


_YEAR = re.compile(r"^(\d{4})$")
_SCHOOL = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")
_QUARTER = re.compile(r"^(\d{4})\s*[- ]?\s*[QqKk]\s*([1-4])$|^[QqKk]([1-4])\s*[- ]?\s*(\d{4})$")

_MIN_YEAR, _MAX_YEAR = 1900, 2100


def _check_year(year: int, text: str) -> None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise PeriodError(
            _(
                "jaar {year} in {text!r} ligt buiten {low}-{high}",
                year=year,
                text=text,
                low=_MIN_YEAR,
                high=_MAX_YEAR,
            )
        )


def year(y: int) -> Period:
    _check_year(y, str(y))
    return Period(date(y, 1, 1), date(y, 12, 31), PeriodKind.YEAR, str(y))


def school_year(first: int) -> Period:
    _check_year(first, str(first))
    label = f"{first}/{(first + 1) % 100:02d}"
    return Period(date(first, 8, 1), date(first + 1, 7, 31), PeriodKind.SCHOOL_YEAR, label)


def quarter(y: int, q: int) -> Period:
    _check_year(y, str(y))
    if not 1 <= q <= 4:
        raise PeriodError(_("kwartaal {q} bestaat niet", q=q))
    first_month = 3 * (q - 1) + 1
    last_month = first_month + 2
    last_day = 31 if last_month in (3, 12) else 30
    return Period(
        date(y, first_month, 1), date(y, last_month, last_day), PeriodKind.QUARTER, f"{y}-Q{q}"
    )


def parse_period(text: str) -> Period:
    """Read a period label.

    Accepted: "2019" (calendar year); "2019/20", "2019-20", "2019/2020", "2019-2020" (school
    year starting in 2019); "2023-Q4", "2023 Q4", "2023K4", "Q4 2023" (quarter). Anything else,
    including ranges of non-consecutive years such as "2013-2021", raises `PeriodError`: such a
    value is a change over several years, not a figure for one period.
    """
    raw = text
    text = text.strip()
    if not text:
        raise PeriodError(_("lege periode"))
    if m := _YEAR.match(text):
        y = int(m.group(1))
        _check_year(y, raw)
        return year(y)
    if m := _SCHOOL.match(text):
        first = int(m.group(1))
        second_text = m.group(2)
        _check_year(first, raw)
        expected = first + 1
        second = int(second_text)
        ok = second == expected % 100 if len(second_text) == 2 else second == expected
        if not ok:
            raise PeriodError(
                _(
                    "{text!r} is geen schooljaar: het tweede jaar moet op het eerste volgen "
                    "(verwacht {expected})",
                    text=raw,
                    expected=f"{first}/{expected % 100:02d}",
                )
            )
        return school_year(first)
    if m := _QUARTER.match(text):
        if m.group(1):
            y, q = int(m.group(1)), int(m.group(2))
        else:
            q, y = int(m.group(3)), int(m.group(4))
        _check_year(y, raw)
        return quarter(y, q)
    raise PeriodError(
        _(
            "{text!r} is geen periode; verwacht een jaar (2019), een schooljaar (2019/20 of "
            "2019-2020) of een kwartaal (2019-Q1)",
            text=raw,
        )
    )
