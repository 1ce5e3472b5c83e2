"""The search page: goals, indicators and figures that mention the words asked for."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from techniekpact.monitor import content


@dataclass(frozen=True)
class SearchPage:
    goals: list[content.GoalOut] = field(default_factory=list)
    indicators: list[content.IndicatorOut] = field(default_factory=list)
    figures: list[tuple[content.IndicatorOut, content.ObservationOut]] = field(default_factory=list)
    """each figure found with its indicator"""


def build_search_page(db: Session, q: str) -> SearchPage:
    """What matches `q` (a part of a word, any case); nothing is searched for an empty `q`.

    Goals match on code, names and description; indicators on code, names, definition and
    source; figures through the figures' search index (`monitor/figure_search.py`)."""
    needle = q.strip().lower()
    if not needle:
        return SearchPage()

    def hit(*texts: str) -> bool:
        return any(needle in (t or "").lower() for t in texts)

    every = content.indicators(db)
    goals = [g for g in content.goals(db) if hit(g.code, g.name_nl, g.name_en, g.description_nl)]
    indicators = [
        i for i in every if hit(i.code, i.name_nl, i.name_en, i.definition_nl, i.source_org)
    ]
    by_code = {i.code: i for i in every}
    figures = [(by_code[row.indicator], row) for row in content.search_figures(db, needle)]
    return SearchPage(goals=goals, indicators=indicators, figures=figures)
