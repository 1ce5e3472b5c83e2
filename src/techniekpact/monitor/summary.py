""" "Is the pact on track?" in a few plain sentences, in Dutch and in English.

The summary is counted from the same target assessments and goal statuses the target and goal
pages show (`content.targets`, `content.current_framework`), so the numbers cannot disagree with
them. The sentences are built from the counts alone, once, through the catalog; `text_nl` and
`text_en` are that one function in either language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from techniekpact.i18n import N_, _, gettext, ngettext, using

if TYPE_CHECKING:
    from techniekpact.monitor.content import FrameworkOut, TargetOut

BEHIND = ("moderate_progress", "limited_progress", "deterioration")

# why a target cannot be assessed (target_basis.unavailable_reason), in plain words
REASONS: dict[str, str] = {
    "no_figures": N_("er zijn geen cijfers"),
    "no_figures_in_period": N_("er zijn geen cijfers tussen het basisjaar en het doeljaar"),
    "one_figure_in_period": N_("er is maar één cijfer tussen het basisjaar en het doeljaar"),
    "sign_change": N_("de reeks wisselt van teken"),
    "target_year_not_after_base_year": N_("het doeljaar ligt niet na het basisjaar"),
    "sub_breakdowns_incomplete": N_("niet elk onderdeel van de uitsplitsing heeft genoeg cijfers"),
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
        ReasonCount(code, n, gettext(REASONS[code], "nl"), gettext(REASONS[code], "en"))
        for code, n in sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    ]
    name = {"nl": framework.name_nl, "en": framework.name_en or framework.name_nl}
    return Summary(
        **counts,
        reasons=reason_counts,
        by_status=dict(sorted(statuses.items())),
        framework=framework.code,
        text_nl=_in("nl", counts, reason_counts, name["nl"]),
        text_en=_in("en", counts, reason_counts, name["en"]),
    )


def _unavailable(target: TargetOut) -> bool:
    return target.assessment.status == "not_available"


def _in(lang: str, c: dict[str, int], reasons: list[ReasonCount], framework: str) -> list[str]:
    with using(lang):
        return _text(c, reasons, framework)


def _text(c: dict[str, int], reasons: list[ReasonCount], framework: str) -> list[str]:
    """The summary in the context's language, one sentence per fact, each through the catalog.

    A count picks its form with `ngettext`; where the languages let different counts decide
    (the Dutch verb follows one count, an English noun another), the part that depends on the
    other count is a translated piece of its own.
    """
    n = c["targets"]
    if not n:
        lines = [_("Er zijn nog geen streefcijfers vastgelegd.")]
    else:
        reached = ngettext(
            "Van de {n} streefcijfers is er {k} bereikt",
            "Van de {n} streefcijfers zijn er {k} bereikt",
            c["reached"],
            n=n,
            k=c["reached"],
        )
        on_track = ngettext("{k} op koers", "{k} op koers", c["on_track"], k=c["on_track"])
        behind = ngettext("{k} achter", "{k} achter", c["behind"], k=c["behind"])
        sentence = _("{reached}, {on_track} en {behind}.")
        lines = [sentence.format(reached=reached, on_track=on_track, behind=behind)]
    passed = c["behind_target_year_passed"]
    if c["behind"] and passed:
        if passed == c["behind"]:
            text = ngettext(
                "Bij het streefcijfer dat achterligt is het doeljaar al voorbij: het is niet "
                "op tijd gehaald.",
                "Bij alle {k} die achterliggen is het doeljaar al voorbij: ze zijn niet op "
                "tijd gehaald.",
                passed,
                k=passed,
            )
        else:
            text = ngettext(
                "Bij {k} daarvan is het doeljaar al voorbij: die is niet op tijd gehaald.",
                "Bij {k} daarvan is het doeljaar al voorbij: die zijn niet op tijd gehaald.",
                passed,
                k=passed,
            )
        lines.append(text)
    if c["not_assessable"]:
        why = "; ".join(f"{_(REASONS[r.reason])} ({r.count})" for r in reasons)
        lines.append(
            ngettext(
                "{k} van de {n} {targets} is niet te beoordelen: {why}.",
                "{k} van de {n} {targets} zijn niet te beoordelen: {why}.",
                c["not_assessable"],
                k=c["not_assessable"],
                n=n,
                targets=ngettext("streefcijfers", "streefcijfers", n),
                why=why,
            )
        )
    if c["by_sub_breakdowns"]:
        k = c["by_sub_breakdowns"]
        lines.append(
            ngettext(
                "1 streefcijfer is beoordeeld per onderdeel van de uitsplitsing (zoals per "
                "leerweg), omdat er voor het geheel te weinig cijfers zijn.",
                "{k} streefcijfers zijn beoordeeld per onderdeel van de uitsplitsing (zoals per "
                "leerweg), omdat er voor het geheel te weinig cijfers zijn.",
                k,
                k=k,
            )
        )
    if c["sources_disagree"]:
        k = c["sources_disagree"]
        lines.append(
            ngettext(
                "Bij 1 streefcijfer verschillen de bronnen over het cijfer waarop de status "
                "rust; de tabel toont beide cijfers en welk cijfer de status gebruikt.",
                "Bij {k} streefcijfers verschillen de bronnen over het cijfer waarop de status "
                "rust; de tabel toont beide cijfers en welk cijfer de status gebruikt.",
                k,
                k=k,
            )
        )
    if c["themes"]:
        with_target = ngettext(
            "heeft er {k}", "hebben er {k}", c["themes_by_targets"], k=c["themes_by_targets"]
        )
        text = ngettext(
            "Van de {n} thema van {framework} {with_target} een streefcijfer.",
            "Van de {n} thema's van {framework} {with_target} een streefcijfer.",
            c["themes"],
            n=c["themes"],
            framework=framework,
            with_target=with_target,
        )
        if c["themes_by_trend"]:
            text += " " + ngettext(
                "Bij 1 thema zonder streefcijfer toont het label de trend van de indicatoren "
                "sinds 2015, geen oordeel over het halen van een doel.",
                "Bij {k} thema's zonder streefcijfer toont het label de trend van de "
                "indicatoren sinds 2015, geen oordeel over het halen van een doel.",
                c["themes_by_trend"],
                k=c["themes_by_trend"],
            )
        if c["themes_without_status"]:
            text += " " + _(
                "{k} zonder streefcijfer en zonder cijfers.", k=c["themes_without_status"]
            )
        lines.append(text)
    return lines
