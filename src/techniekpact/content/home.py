"""The home page: the summary, the key figures with their sparklines, the framework's themes
and every target with its status."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy.orm import Session

from techniekpact.content import charts
from techniekpact.monitor import content
from techniekpact.monitor.summary import Summary, build_summary
from techniekpact.monitor.updated import FiguresUpdated

# Headline figures on the home page: the pact's intake shares and its partnerships.
KEY_FIGURES = [
    "vmbo_tech_share_y3",
    "havovwo_nprofile_share",
    "mbo_beta_share_intake",
    "ho_beta_share_intake",
    "pps_companies",
    "am_vacancies_tech",
]
# the targets' table lists the ones that need attention first
STATUS_ORDER = [
    "deterioration",
    "limited_progress",
    "moderate_progress",
    "substantial_progress",
    "target_achieved",
    "not_available",
]


@dataclass(frozen=True)
class KeyFigure:
    """A headline figure: its latest and previous value (same kind of period) and a sparkline."""

    indicator: content.IndicatorOut
    latest: content.ObservationOut
    previous: content.ObservationOut | None
    sparkline: Markup


@dataclass(frozen=True)
class GoalCard:
    """One theme of the current framework with its targets and indicators."""

    goal: content.GoalOut
    targets: list[content.TargetOut]
    indicators: list[content.IndicatorOut]


@dataclass(frozen=True)
class HomePage:
    summary: Summary
    labels: dict[str, dict[str, str]]
    framework: content.FrameworkOut
    cards: list[GoalCard]
    figures: list[KeyFigure]
    targets: list[content.TargetOut]
    """every target, those that need attention first (`STATUS_ORDER`)"""
    updated: FiguresUpdated | None


def key_figures(db: Session, indicators: dict[str, content.IndicatorOut]) -> list[KeyFigure]:
    """The headline figures that have figures: each indicator's totals of its latest kind of
    period (a series that moved from school years to calendar years shows the newer kind)."""
    figures = []
    for code in KEY_FIGURES:
        rows = content.observations(db, code, total_only=True)
        kind = rows[-1].period_kind if rows else ""
        rows = [r for r in rows if r.period_kind == kind]
        if rows:
            figures.append(
                KeyFigure(
                    indicators[code],
                    rows[-1],
                    rows[-2] if len(rows) > 1 else None,
                    Markup(charts.sparkline_svg([r.value for r in rows])),
                )
            )
    return figures


def build_home_page(db: Session, lang: str) -> HomePage:
    framework = content.current_framework(db)
    targets = content.targets(db)
    by_code = {t.code: t for t in targets}
    indicators = {i.code: i for i in content.indicators(db)}
    cards = [
        GoalCard(
            goal=goal,
            targets=[by_code[c] for c in goal.targets if c in by_code],
            indicators=[indicators[c] for c in goal.indicators if c in indicators],
        )
        for goal in framework.goals
    ]
    figures = key_figures(db, indicators)
    return HomePage(
        summary=build_summary(targets, framework),
        labels=content.dimension_labels(db, lang),
        framework=framework,
        cards=cards,
        figures=figures,
        targets=sorted(targets, key=lambda t: STATUS_ORDER.index(t.assessment.status)),
        updated=content.last_updated(db),
    )
