"""The bundled Techniekpact: frameworks, goals, indicators, code lists, targets and figures.

The figures go in through the same importer as any editor's file, so the bundled data obeys
exactly the rules an import does (and a broken bundle fails loudly in the tests).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from techniekpact import changes
from techniekpact.errors import DomainError
from techniekpact.monitor.catalogue import breakdown_key, parse_breakdown
from techniekpact.monitor.importers import parse_file
from techniekpact.monitor.models import (
    Dimension,
    DimensionValue,
    Framework,
    Goal,
    GoalIndicator,
    GoalLink,
    Indicator,
    Observation,
    Target,
    TargetGoal,
)
from techniekpact.monitor.store import apply_import, load_catalogue
from techniekpact.urls import url_problem

DATA = resources.files("techniekpact") / "data"


def _yaml(name: str) -> dict:
    data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    check_urls(data, name)
    return data


def check_urls(data: object, where: str) -> None:
    """Every `source_url` of the bundle passes the one URL check, as an import's must: the
    pages make links of them. A bad one fails loudly (DomainError names the place)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "source_url" and value and (reason := url_problem(value)) is not None:
                raise DomainError(f"{where}.{key}: {value!r}: {reason}")
            check_urls(value, f"{where}.{key}")
    elif isinstance(data, list):
        for number, value in enumerate(data, start=1):
            check_urls(value, f"{where}[{number}]")


def is_seeded(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(Framework)))


def seed(session: Session) -> None:
    """Fill an empty database. Runs in the caller's transaction."""
    _seed_dimensions(session)
    _seed_indicators(session)
    goals = _seed_frameworks(session)
    _seed_targets(session, goals)
    session.flush()
    with resources.as_file(DATA / "observations.csv") as path:
        parsed = parse_file(Path(path), load_catalogue(session))
        # reviewed data: its plausibility warnings (pps_companies mixes the calendar and school
        # years its sources wrote) are known and accepted
        apply_import(
            session,
            parsed,
            source_name="bundled:observations.csv",
            origin=changes.SEEDED,
            kind=changes.SEED,
            accept_warnings=True,
        )
    _record_dimensions(session)


def _record_dimensions(session: Session) -> None:
    """An indicator supports the breakdown dimensions its figures use."""
    used: dict[int, set[str]] = {}
    for indicator_id, breakdown in session.execute(
        select(Observation.indicator_id, Observation.breakdown).distinct()
    ):
        used.setdefault(indicator_id, set()).update(parse_breakdown(breakdown))
    order = [d.code for d in session.scalars(select(Dimension).order_by(Dimension.position))]
    for indicator in session.scalars(select(Indicator)):
        dims = used.get(indicator.id, set())
        indicator.dimensions = ",".join(d for d in order if d in dims)


def _seed_dimensions(session: Session) -> None:
    for position, dim in enumerate(_yaml("dimensions.yaml")["dimensions"]):
        session.add(
            Dimension(
                code=dim["code"],
                name_nl=dim["name_nl"],
                name_en=dim["name_en"],
                position=position,
                aliases="|".join(dim.get("aliases", [])),
            )
        )
        for value in dim["values"]:
            session.add(
                DimensionValue(
                    dimension_code=dim["code"],
                    code=str(value["code"]),
                    label_nl=value["label_nl"],
                    label_en=value["label_en"],
                    parent_code=value.get("parent", "") or "",
                    aliases="|".join(value.get("aliases", [])),
                    note=value.get("note", "") or "",
                )
            )
    session.flush()


def _seed_indicators(session: Session) -> None:
    for item in _yaml("indicators.yaml")["indicators"]:
        session.add(
            Indicator(
                code=item["code"],
                name_nl=item["name_nl"],
                name_en=item["name_en"],
                definition_nl=item.get("definition_nl", ""),
                definition_en=item.get("definition_en", ""),
                unit=item["unit"],
                source_org=item.get("source_org", ""),
                theme=item.get("theme", ""),
                direction=-1 if item.get("direction") == "decrease" else 1,
                minimum=item.get("minimum"),
                limit=item.get("limit"),
                dimensions="",
                source_url=item.get("source_url", ""),
            )
        )
    session.flush()


def _seed_frameworks(session: Session) -> dict[str, Goal]:
    data = _yaml("frameworks.yaml")
    goals: dict[str, Goal] = {}
    for fw in data["frameworks"]:
        framework = Framework(
            code=fw["code"],
            name_nl=fw["name_nl"],
            name_en=fw["name_en"],
            year_start=fw["year_start"],
            year_end=fw.get("year_end"),
            kamerstuk=fw.get("kamerstuk", ""),
            description_nl=fw.get("description_nl", ""),
            description_en=fw.get("description_en", ""),
            source_url=fw.get("source_url", ""),
        )
        session.add(framework)
        session.flush()
        for position, item in enumerate(fw["goals"]):
            goal = Goal(
                framework_id=framework.id,
                code=item["code"],
                kind=item["kind"],
                position=position,
                name_nl=item["name_nl"],
                name_en=item.get("name_en", ""),
                description_nl=item.get("description_nl", ""),
                description_en=item.get("description_en", ""),
                source_url=item.get("source_url", fw.get("source_url", "")),
                parent_id=goals[item["parent"]].id if item.get("parent") else None,
            )
            session.add(goal)
            session.flush()
            goals[goal.code] = goal
    for link in data["links"]:
        note, note_en = link.get("note", ""), link.get("note_en", "")
        if link.get("editorial"):
            note = ("Redactionele koppeling op basis van de doelteksten. " + note).strip()
            note_en = ("Editorial link, based on the goal texts. " + note_en).strip()
        session.add(
            GoalLink(
                from_goal_id=goals[link["from"]].id,
                to_goal_id=goals[link["to"]].id if link.get("to") else None,
                kind=link["kind"],
                note=note,
                note_en=note_en,
                source_url=link.get("source_url", ""),
            )
        )
    indicators = {i.code: i.id for i in session.scalars(select(Indicator))}
    for goal_code, codes in data["goal_indicators"].items():
        for code in codes:
            session.add(GoalIndicator(goal_id=goals[goal_code].id, indicator_id=indicators[code]))
    session.flush()
    return goals


def _seed_targets(session: Session, goals: dict[str, Goal]) -> None:
    indicators = {i.code: i.id for i in session.scalars(select(Indicator))}
    order = [d.code for d in session.scalars(select(Dimension).order_by(Dimension.position))]
    for item in _yaml("targets.yaml")["targets"]:
        target = Target(
            code=item["code"],
            indicator_id=indicators[item["indicator"]],
            breakdown=breakdown_key(item.get("breakdown") or {}, order),
            value=float(item["value"]),
            year=int(item["year"]),
            base_year=item.get("base_year"),
            description_nl=item.get("description_nl", ""),
            description_en=item.get("description_en", ""),
            source_url=item["source_url"],
            note=(item.get("note") or "").strip(),
            note_en=(item.get("note_en") or "").strip(),
        )
        session.add(target)
        session.flush()
        for goal_code in item.get("goals", []):
            session.add(TargetGoal(target_id=target.id, goal_id=goals[goal_code].id))
