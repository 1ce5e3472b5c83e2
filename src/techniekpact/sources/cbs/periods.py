"""CBS period codes to our period labels (`monitor.periods`).

CBS codes a period as year, kind and number: `2019JJ00` is the year 2019, `2019KW03` its third
quarter (the cbsodata4 vignette), and the education tables' school years carry `SJ` (the
catalogue's period format of 85353NED and the others). What the two digits after `SJ` mean is
not in the public material, so a school year is read from the code's title, which StatLine
writes as `2019/'20`, and the code must start with one of that school year's two years. Months,
days and multi-year periods have no place in the monitor's series: they are refused by name.
"""

from __future__ import annotations

import re

from techniekpact.monitor.periods import Period, quarter, school_year, year

CODE = re.compile(r"^(\d{4})([A-Z]{2})(\d{2})$")
# 2019/'20, 2019/’20, 2019/20, 2019/2020, 2019-2020
SCHOOL_TITLE = re.compile(r"^(\d{4})\s*[/-]\s*['’]?(\d{2}|\d{4})\*?$")


class PeriodCodeError(ValueError):
    """A period code the monitor cannot hold, with what was expected."""


def cbs_period(code: str, title: str) -> Period:
    """The period of a CBS period code, its title settling school years."""
    match = CODE.match(code.strip())
    if match is None:
        raise PeriodCodeError(code)
    first, kind, number = int(match.group(1)), match.group(2), int(match.group(3))
    if kind == "JJ" and number == 0:
        return year(first)
    if kind == "KW" and 1 <= number <= 4:
        return quarter(first, number)
    if kind == "SJ":
        school = SCHOOL_TITLE.match(title.strip())
        if school is None:
            raise PeriodCodeError(code)
        start = int(school.group(1))
        second = school.group(2)
        end = int(second) if len(second) == 4 else (start + 1) // 100 * 100 + int(second)
        if end != start + 1 or first not in (start, start + 1):
            raise PeriodCodeError(code)
        return school_year(start)
    raise PeriodCodeError(code)
