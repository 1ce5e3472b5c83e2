"""Plain-Dutch explanations of an assessment, and Dutch number formatting.

"Op koers: sinds 2015 groeit het aandeel met 1,2% per jaar; nodig is 0,8% per jaar om 30% in
2025 te halen." The sentence is built only from the assessment's own numbers, so it can never
say something the calculation did not find.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from techniekpact.monitor.progress import Assessment, Status

if TYPE_CHECKING:
    from techniekpact.monitor.target_basis import SeriesResult


def format_number(value: float, decimals: int = 1) -> str:
    """Dutch style: 1.234,5 (dot for thousands, comma for decimals), trailing ',0' dropped."""
    text = f"{value:,.{decimals}f}"
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if decimals and text.endswith("," + "0" * decimals):
        text = text[: -(decimals + 1)]
    return text


def format_value(value: float, unit: str) -> str:
    if unit == "%":
        return f"{format_number(value)}%"
    return f"{format_number(value)} {unit}".strip()


def format_rate(rate: float) -> str:
    return f"{format_number(rate * 100, 1)}% per jaar"


def _year(value: float | None) -> str:
    return "?" if value is None else str(int(value))


def _when(label: str, value: float | None) -> str:
    return label or _year(value)


def explain_nl(assessment: Assessment, unit: str = "") -> str:
    a = assessment
    label = a.label_nl
    if a.status is Status.NOT_AVAILABLE:
        if "sign_change" in a.notes:
            return f"{label}: de reeks wisselt van teken, de groeimethode is niet toepasbaar."
        if a.current_value is None:
            return f"{label}: er zijn nog geen cijfers voor deze indicator en uitsplitsing."
        return f"{label}: er zijn minstens twee jaren met cijfers nodig vanaf het basisjaar."
    if a.status is Status.TARGET_ACHIEVED:
        return (
            f"{label}: de laatste waarde ({format_value(a.current_value or 0, unit)} in "
            f"{_when(a.current_period, a.current_year)}) haalt het doel van "
            f"{format_value(a.target_value or 0, unit)}."
        )
    verb = "groeit" if (a.cagr_observed or 0) >= 0 else "daalt"
    observed = format_rate(abs(a.cagr_observed or 0))
    since = _when(a.base_period, a.base_year)
    text = f"{label}: sinds {since} {verb} de waarde met {observed}"
    if a.cagr_required is not None and a.target_value is not None:
        need = "groei" if a.cagr_required >= 0 else "daling"
        text += (
            f"; nodig is een {need} van {format_rate(abs(a.cagr_required))} om "
            f"{format_value(a.target_value, unit)} in {_year(a.target_year)} te halen"
        )
    if "target_year_passed" in a.notes:
        text += f" (beoordeeld tot en met het doeljaar {_year(a.target_year)})"
    return text + "."


def explain_parts_nl(combined: Assessment, parts: Sequence[SeriesResult], unit: str = "") -> str:
    """A target assessed on its sub-breakdowns: each part's status and latest value, and the
    rule that combined them (monitor/target_basis.py)."""
    each = "; ".join(
        f"{', '.join(p.breakdown.values())}: {p.assessment.label_nl}"
        + (
            ""
            if p.assessment.current_value is None
            else f" ({format_value(p.assessment.current_value, unit)} in "
            f"{_when(p.assessment.current_period, p.assessment.current_year)})"
        )
        for p in parts
    )
    rule = (
        "elk onderdeel haalt het doel, dus het geheel ook"
        if combined.status is Status.TARGET_ACHIEVED
        else "de status is die van het minst gunstige onderdeel"
    )
    return (
        f"{combined.label_nl}: beoordeeld per onderdeel, want voor het geheel zijn te weinig "
        f"cijfers. {each}. Zonder de aantallen per onderdeel is het geheel niet te berekenen; "
        f"{rule}."
    )
