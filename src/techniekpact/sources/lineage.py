"""Reading lineage back: where each current figure of an indicator was computed from.

The indicator page and `GET /api/v1/indicators/{code}/lineage` show it ("berekend uit DUO open
data, bestand ..., indeling ... versie ..."); `techniekpact check` reports computed figures
whose lineage is incomplete. A figure copied from a publication has no lineage and is counted
as such: it keeps saying where it was copied from (its source URL).
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from techniekpact.changes import ChangeRecord
from techniekpact.errors import NotFound
from techniekpact.monitor.models import Indicator, Observation
from techniekpact.monitor.queries import Finding
from techniekpact.sources.models import FigureLineage, SourceInput

TITLES = {"duo": ("DUO open data", "DUO open data"), "cbs": ("CBS StatLine", "CBS StatLine")}


class LineageInput(BaseModel):
    id: int
    connector: str
    connector_version: str
    classification: str
    classification_version: str
    file: str
    checksum: str
    description: str
    url: str
    computed_at: datetime
    figures: int
    text_nl: str
    text_en: str


class FigureSource(BaseModel):
    period: str
    breakdown: str
    input: int


class IndicatorLineage(BaseModel):
    indicator: str
    inputs: list[LineageInput]
    copied_figures: int
    figures: list[FigureSource]


def describe(item: SourceInput) -> tuple[str, str]:
    """The sentence a reader sees, Dutch and English."""
    nl_title, en_title = TITLES.get(item.connector, (item.connector, item.connector))
    day = item.computed_at.date().isoformat()
    nl = f"berekend uit {nl_title}, bestand {item.name} (SHA-256 {item.checksum[:12]}…)"
    en = f"computed from {en_title}, file {item.name} (SHA-256 {item.checksum[:12]}…)"
    if item.classification:
        nl += f", indeling {item.classification} versie {item.classification_version}"
        en += f", classification {item.classification} version {item.classification_version}"
    nl += f", koppeling {item.connector} {item.connector_version}, berekend op {day}"
    en += f", connector {item.connector} {item.connector_version}, computed on {day}"
    return nl, en


def indicator_lineage(session: Session, code: str) -> IndicatorLineage:
    indicator_id = session.scalar(select(Indicator.id).where(Indicator.code == code))
    if indicator_id is None:
        raise NotFound(f"indicator {code!r}")
    rows = session.execute(
        select(Observation.period, Observation.breakdown, FigureLineage.source_input_id)
        .outerjoin(FigureLineage, FigureLineage.observation_id == Observation.id)
        .where(Observation.indicator_id == indicator_id, Observation.is_current.is_(True))
        .order_by(Observation.period, Observation.breakdown)
    ).all()
    counts: dict[int, int] = {}
    figures = []
    copied = 0
    for period, breakdown, input_id in rows:
        if input_id is None:
            copied += 1
            continue
        counts[input_id] = counts.get(input_id, 0) + 1
        figures.append(FigureSource(period=period, breakdown=breakdown, input=input_id))
    inputs = []
    if counts:
        for item in session.scalars(
            select(SourceInput).where(SourceInput.id.in_(counts)).order_by(SourceInput.id)
        ):
            nl, en = describe(item)
            inputs.append(
                LineageInput(
                    id=item.id,
                    connector=item.connector,
                    connector_version=item.connector_version,
                    classification=item.classification,
                    classification_version=item.classification_version,
                    file=item.name,
                    checksum=item.checksum,
                    description=item.description,
                    url=item.url,
                    # stored as naive UTC (as every time here); sent with its zone
                    computed_at=item.computed_at.replace(tzinfo=UTC),
                    figures=counts[item.id],
                    text_nl=nl,
                    text_en=en,
                )
            )
    return IndicatorLineage(indicator=code, inputs=inputs, copied_figures=copied, figures=figures)


def check(session: Session, connector_names: set[str]) -> list[Finding]:
    """Computed figures (written by a connector run) without lineage, and inputs whose lineage
    lacks a checksum, a version or a name."""
    findings: list[Finding] = []
    if not connector_names:
        return findings
    missing = session.execute(
        select(Indicator.code, func.count())
        .select_from(Observation)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .join(ChangeRecord, ChangeRecord.id == Observation.import_id)
        .outerjoin(FigureLineage, FigureLineage.observation_id == Observation.id)
        .where(
            ChangeRecord.file_format.in_(sorted(connector_names)),
            FigureLineage.observation_id.is_(None),
        )
        .group_by(Indicator.code)
        .order_by(Indicator.code)
    ).all()
    for code, n in missing:
        findings.append(
            Finding("lineage-missing", code, f"{n} berekende cijfers zonder herkomst (lineage)")
        )
    broken = session.scalars(
        select(SourceInput)
        .where(
            or_(
                SourceInput.checksum == "",
                SourceInput.name == "",
                SourceInput.connector_version == "",
                (SourceInput.classification != "") & (SourceInput.classification_version == ""),
            )
        )
        .order_by(SourceInput.id)
    )
    for item in broken:
        findings.append(
            Finding(
                "lineage-incomplete",
                item.name or f"input {item.id}",
                "herkomst zonder controlegetal, naam of versie",
            )
        )
    return findings
