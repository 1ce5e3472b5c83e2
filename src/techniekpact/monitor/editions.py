"""Editions of a source: a year, a month or a day, stored so that text order is date order.

The store decides which revision of a figure is shown by comparing editions as text (`>=`,
`max`, in polars and in SQL), so every stored edition has one canonical form: `YYYY`,
`YYYY-MM` or `YYYY-MM-DD`, ASCII digits, a real date. Fixed-width fields make the text order the
date order, a less precise edition sorting before the more precise ones inside it (`2024` <
`2024-06` < `2024-06-27` < `2025`), and the empty edition (none given) before all. Before this
check an edition in full-width digits (`２０２５`) passed as "four digits" and, as text, beat every
real year.

Spellings people and Excel write are read and normalised: `2024-6-27`, `2024/06/27`,
`27-06-2024` (Dutch day-month-year, also with `/` or `.`), `6-2024`. Anything else is refused,
full-width or other non-ASCII digits included: they are a typing accident, not a date.
"""

from __future__ import annotations

import re
from datetime import date

from techniekpact.i18n import _

MIN_YEAR, MAX_YEAR = 1900, 2100

_YEAR_FIRST = re.compile(r"^([0-9]{4})(?:[-/.]([0-9]{1,2})(?:[-/.]([0-9]{1,2}))?)?$", re.ASCII)
_DAY_FIRST = re.compile(r"^(?:([0-9]{1,2})[-/.])?([0-9]{1,2})[-/.]([0-9]{4})$", re.ASCII)


class EditionError(ValueError):
    """An edition that is not a year, a month or a day."""


def canonical_edition(text: str) -> str:
    """The edition as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; '' for none; EditionError otherwise."""
    text = text.strip()
    if not text:
        return ""
    if any(ch.isdigit() and not ch.isascii() for ch in text):
        raise EditionError(_("cijfers die geen gewone cijfers 0-9 zijn (zoals volle breedte)"))
    if m := _YEAR_FIRST.match(text):
        year, month, day = m.group(1), m.group(2), m.group(3)
    elif m := _DAY_FIRST.match(text):
        day, month, year = m.group(1), m.group(2), m.group(3)
    else:
        raise EditionError(_("geen jaar, maand of datum"))
    y = int(year)
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise EditionError(
            _("jaar {year} ligt buiten {low}-{high}", year=y, low=MIN_YEAR, high=MAX_YEAR)
        )
    if month is None:
        return f"{y:04d}"
    try:
        date(y, int(month), int(day or 1))
    except ValueError:
        raise EditionError(_("geen bestaande datum")) from None
    if day is None:
        return f"{y:04d}-{int(month):02d}"
    return f"{y:04d}-{int(month):02d}-{int(day):02d}"


def is_canonical(text: str) -> bool:
    """Whether a stored edition already has the canonical form (the bundled data's check)."""
    try:
        return canonical_edition(text) == text
    except EditionError:
        return False
