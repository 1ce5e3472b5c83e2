""" "Is the pact on track?" in a few plain sentences, in Dutch and in English.

The summary is counted from the same target assessments and goal statuses the target and goal
pages show (`content.targets`, `content.current_framework`), so the numbers cannot disagree with
them. The sentences are built from the counts alone, per language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from techniekpact.monitor.content import FrameworkOut, TargetOut

BEHIND = ("moderate_progress", "limited_progress", "deterioration")

# why a target cannot be assessed (target_basis.unavailable_reason), in plain words
REASONS: dict[str, dict[str, str]] = {
    "no_figures": {"nl": "er zijn geen cijfers", "en": "there are no figures"},
    "no_figures_in_period": {
        "nl": "er zijn geen cijfers tussen het basisjaar en het doeljaar",
        "en": "there are no figures between the base year and the target year",
    },
    "one_figure_in_period": {
        "nl": "er is maar één cijfer tussen het basisjaar en het doeljaar",
        "en": "there is only one figure between the base year and the target year",
    },
    "sign_change": {"nl": "de reeks wisselt van teken", "en": "the series changes sign"},
    "target_year_not_after_base_year": {
        "nl": "het doeljaar ligt niet na het basisjaar",
        "en": "the target year is not after the base year",
    },
    "sub_breakdowns_incomplete": {
        "nl": "niet elk onderdeel van de uitsplitsing heeft genoeg cijfers",
        "en": "not every part of the breakdown has enough figures",
    },
}


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    count: int
    text_nl: str
    text_en: str


@dataclass(frozen=True)
class Summary:
    """How many targets are reached, on track, behind or cannot be assessed (and why), and how
    the current framework's themes got their status. `text_nl`/`text_en` say it in words."""

    targets: int
    reached: int
    on_track: int
    behind: int
    behind_target_year_passed: int
    not_assessable: int
    reasons: list[ReasonCount]
    by_status: dict[str, int]
    by_sub_breakdowns: int
    sources_disagree: int
    framework: str
    themes: int
    themes_by_targets: int
    themes_by_trend: int
    themes_without_status: int
    text_nl: list[str]
    text_en: list[str]


def build_summary(
    targets: Sequence[TargetOut], framework: FrameworkOut, today: date | None = None
) -> Summary:
    """Count the targets' statuses and the framework's themes; `today` decides which target
    years have passed."""
    year = (today or date.today()).year
    statuses = Counter(t.assessment.status for t in targets)
    behind = [t for t in targets if t.assessment.status in BEHIND]
    reasons = Counter(t.unavailable_reason or "no_figures" for t in targets if _unavailable(t))
    themes = [g for g in framework.goals if g.parent is None]
    bases = Counter(g.status.basis for g in themes)
    counts = {
        "targets": len(targets),
        "reached": statuses["target_achieved"],
        "on_track": statuses["substantial_progress"],
        "behind": len(behind),
        "behind_target_year_passed": sum(1 for t in behind if t.year < year),
        "not_assessable": statuses["not_available"],
        "by_sub_breakdowns": sum(1 for t in targets if t.basis == "sub_breakdowns"),
        "sources_disagree": sum(1 for t in targets if t.disagreements),
        "themes": len(themes),
        "themes_by_targets": bases["targets"],
        "themes_by_trend": bases["indicators"],
        "themes_without_status": bases["none"],
    }
    reason_counts = [
        ReasonCount(code, n, REASONS[code]["nl"], REASONS[code]["en"])
        for code, n in sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    ]
    name = {"nl": framework.name_nl, "en": framework.name_en or framework.name_nl}
    return Summary(
        **counts,
        reasons=reason_counts,
        by_status=dict(sorted(statuses.items())),
        framework=framework.code,
        text_nl=_text_nl(counts, reason_counts, name["nl"]),
        text_en=_text_en(counts, reason_counts, name["en"]),
    )


def _unavailable(target: TargetOut) -> bool:
    return target.assessment.status == "not_available"


def _text_nl(c: dict[str, int], reasons: list[ReasonCount], framework: str) -> list[str]:
    n = c["targets"]
    if not n:
        lines = ["Er zijn nog geen streefcijfers vastgelegd."]
    else:
        verb = "is er" if c["reached"] == 1 else "zijn er"
        lines = [
            f"Van de {n} streefcijfers {verb} {c['reached']} bereikt, {c['on_track']} op koers "
            f"en {c['behind']} achter."
        ]
    if c["behind"] and c["behind_target_year_passed"]:
        passed = c["behind_target_year_passed"]
        if passed == c["behind"]:
            if passed == 1:
                text = "Bij het streefcijfer dat achterligt is het doeljaar al voorbij: het is "
            else:
                text = f"Bij alle {passed} die achterliggen is het doeljaar al voorbij: ze zijn "
            lines.append(text + "niet op tijd gehaald.")
        else:
            verb = "is" if passed == 1 else "zijn"
            lines.append(
                f"Bij {passed} daarvan is het doeljaar al voorbij: die {verb} niet op tijd gehaald."
            )
    if c["not_assessable"]:
        why = "; ".join(f"{r.text_nl} ({r.count})" for r in reasons)
        verb = "is" if c["not_assessable"] == 1 else "zijn"
        lines.append(
            f"{c['not_assessable']} van de {n} streefcijfers {verb} niet te beoordelen: {why}."
        )
    if c["by_sub_breakdowns"]:
        k = c["by_sub_breakdowns"]
        subject = "1 streefcijfer is" if k == 1 else f"{k} streefcijfers zijn"
        lines.append(
            f"{subject} beoordeeld per onderdeel van de uitsplitsing (zoals per leerweg), "
            "omdat er voor het geheel te weinig cijfers zijn."
        )
    if c["sources_disagree"]:
        k = c["sources_disagree"]
        subject = "1 streefcijfer" if k == 1 else f"{k} streefcijfers"
        lines.append(
            f"Bij {subject} verschillen de bronnen over het cijfer waarop de status rust; "
            "de tabel toont beide cijfers en welk cijfer de status gebruikt."
        )
    if c["themes"]:
        trend = c["themes_by_trend"]
        theme_word = "thema" if c["themes"] == 1 else "thema's"
        has = "heeft" if c["themes_by_targets"] == 1 else "hebben"
        text = (
            f"Van de {c['themes']} {theme_word} van {framework} {has} er "
            f"{c['themes_by_targets']} een streefcijfer."
        )
        if trend:
            subject = "1 thema" if trend == 1 else f"{trend} thema's"
            text += (
                f" Bij {subject} zonder streefcijfer toont het label de trend van de "
                "indicatoren sinds 2015, geen oordeel over het halen van een doel."
            )
        if c["themes_without_status"]:
            text += f" {c['themes_without_status']} zonder streefcijfer en zonder cijfers."
        lines.append(text)
    return lines


def _text_en(c: dict[str, int], reasons: list[ReasonCount], framework: str) -> list[str]:
    n = c["targets"]
    if not n:
        lines = ["No targets have been set yet."]
    else:
        verb = "has" if c["reached"] == 1 else "have"
        on_track = "is" if c["on_track"] == 1 else "are"
        behind = "is" if c["behind"] == 1 else "are"
        lines = [
            f"Of the {n} targets, {c['reached']} {verb} been reached, {c['on_track']} "
            f"{on_track} on track and {c['behind']} {behind} behind."
        ]
    if c["behind"] and c["behind_target_year_passed"]:
        passed = c["behind_target_year_passed"]
        if passed == c["behind"]:
            if passed == 1:
                text = "For the target that is behind, the target year has passed: it was "
            else:
                text = f"For all {passed} behind, the target year has passed: they were "
            lines.append(text + "not reached in time.")
        else:
            lines.append(f"For {passed} of them the target year has passed: not reached in time.")
    if c["not_assessable"]:
        why = "; ".join(f"{r.text_en} ({r.count})" for r in reasons)
        target_word = "target" if n == 1 else "targets"
        lines.append(f"{c['not_assessable']} of the {n} {target_word} cannot be assessed: {why}.")
    if c["by_sub_breakdowns"]:
        k = c["by_sub_breakdowns"]
        subject = "1 target is" if k == 1 else f"{k} targets are"
        whose = "its" if k == 1 else "their"
        lines.append(
            f"{subject} assessed per part of {whose} breakdown (such as per track), because "
            "there are too few figures for the whole."
        )
    if c["sources_disagree"]:
        k = c["sources_disagree"]
        subject = "1 target" if k == 1 else f"{k} targets"
        lines.append(
            f"For {subject}, sources disagree on the figure the status rests on; the table "
            "shows both figures and which one the status uses."
        )
    if c["themes"]:
        trend = c["themes_by_trend"]
        theme_word = "theme" if c["themes"] == 1 else "themes"
        has = "has" if c["themes_by_targets"] == 1 else "have"
        text = (
            f"Of the {c['themes']} {theme_word} of {framework}, {c['themes_by_targets']} "
            f"{has} a target."
        )
        if trend:
            subject = "1 theme" if trend == 1 else f"{trend} themes"
            text += (
                f" For {subject} without a target, the badge shows the trend of the "
                "indicators since 2015, not a judgement on meeting a target."
            )
        if c["themes_without_status"]:
            text += f" {c['themes_without_status']} without a target and without figures."
        lines.append(text)
    return lines
