"""Plain explanations of an assessment (Dutch, or English), and their number formatting.

"Op koers: sinds 2015 groeit het aandeel met 1,2% per jaar; nodig is 0,8% per jaar om 30% in
2025 te halen." The sentence is built only from the assessment's own numbers, so it can never
say something the calculation did not find.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from techniekpact import i18n
from techniekpact.i18n import _
from techniekpact.monitor.progress import Assessment, Status

if TYPE_CHECKING:
    from techniekpact.monitor.target_basis import SeriesResult


def format_number(value: float, decimals: int = 1, lang: str = "nl") -> str:
    """Dutch style: 1.234,5 (dot for thousands, comma for decimals), English 1,234.5; a
    trailing ',0' dropped."""
    text = f"{value:,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    point = "," if lang == "nl" else "."
    if decimals and text.endswith(point + "0" * decimals):
        text = text[: -(decimals + 1)]
    return text


def format_value(value: float, unit: str, lang: str = "nl") -> str:
    if unit == "%":
        return f"{format_number(value, lang=lang)}%"
    return f"{format_number(value, lang=lang)} {i18n.unit_label(unit, lang)}".strip()


def format_rate(rate: float, lang: str = "nl") -> str:
    with i18n.using(lang):
        return _("{rate}% per jaar", rate=format_number(rate * 100, 1, lang))


def _year(value: float | None) -> str:
    return "?" if value is None else str(int(value))


def _when(label: str, value: float | None) -> str:
    return label or _year(value)


def explain_nl(assessment: Assessment, unit: str = "") -> str:
    return explain(assessment, unit, "nl")


def explain(assessment: Assessment, unit: str = "", lang: str = "nl") -> str:
    """The assessment in one sentence of one language, from its own numbers only."""
    with i18n.using(lang):
        return _explain(assessment, unit, lang)


def _explain(a: Assessment, unit: str, lang: str) -> str:
    label = a.label_nl if lang == "nl" else a.label_en
    if a.status is Status.NOT_AVAILABLE:
        if "sign_change" in a.notes:
            return _(
                "{label}: de reeks wisselt van teken, de groeimethode is niet toepasbaar.",
                label=label,
            )
        if a.current_value is None:
            return _(
                "{label}: er zijn nog geen cijfers voor deze indicator en uitsplitsing.",
                label=label,
            )
        return _(
            "{label}: er zijn minstens twee jaren met cijfers nodig vanaf het basisjaar.",
            label=label,
        )
    if a.status is Status.TARGET_ACHIEVED:
        return _(
            "{label}: de laatste waarde ({value} in {when}) haalt het doel van {target}.",
            label=label,
            value=format_value(a.current_value or 0, unit, lang),
            when=_when(a.current_period, a.current_year),
            target=format_value(a.target_value or 0, unit, lang),
        )
    observed = format_rate(abs(a.cagr_observed or 0), lang)
    since = _when(a.base_period, a.base_year)
    if (a.cagr_observed or 0) >= 0:
        text = _(
            "{label}: sinds {since} groeit de waarde met {rate}",
            label=label,
            since=since,
            rate=observed,
        )
    else:
        text = _(
            "{label}: sinds {since} daalt de waarde met {rate}",
            label=label,
            since=since,
            rate=observed,
        )
    if a.cagr_required is not None and a.target_value is not None:
        need = dict(
            rate=format_rate(abs(a.cagr_required), lang),
            target=format_value(a.target_value, unit, lang),
            year=_year(a.target_year),
        )
        if a.cagr_required >= 0:
            text += _("; nodig is een groei van {rate} om {target} in {year} te halen", **need)
        else:
            text += _("; nodig is een daling van {rate} om {target} in {year} te halen", **need)
    if "target_year_passed" in a.notes:
        text += _(" (beoordeeld tot en met het doeljaar {year})", year=_year(a.target_year))
    return text + "."


def explain_parts_nl(combined: Assessment, parts: Sequence[SeriesResult], unit: str = "") -> str:
    return explain_parts(combined, parts, unit, "nl")


def explain_parts(
    combined: Assessment, parts: Sequence[SeriesResult], unit: str = "", lang: str = "nl"
) -> str:
    """A target assessed on its sub-breakdowns: each part's status and latest value, and the
    rule that combined them (monitor/target_basis.py)."""
    with i18n.using(lang):

        def label(a: Assessment) -> str:
            return a.label_nl if lang == "nl" else a.label_en

        each = "; ".join(
            f"{', '.join(p.breakdown.values())}: {label(p.assessment)}"
            + (
                ""
                if p.assessment.current_value is None
                else " "
                + _(
                    "({value} in {when})",
                    value=format_value(p.assessment.current_value, unit, lang),
                    when=_when(p.assessment.current_period, p.assessment.current_year),
                )
            )
            for p in parts
        )
        if combined.status is Status.TARGET_ACHIEVED:
            rule = _("elk onderdeel haalt het doel, dus het geheel ook")
        else:
            rule = _("de status is die van het minst gunstige onderdeel")
        return _(
            "{label}: beoordeeld per onderdeel, want voor het geheel zijn te weinig cijfers. "
            "{each}. Zonder de aantallen per onderdeel is het geheel niet te berekenen; {rule}.",
            label=label(combined),
            each=each,
            rule=rule,
        )
