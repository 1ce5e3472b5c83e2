"""Content objects of the targets: each target with its assessment, and the assessments alone.

Part of the content layer (`monitor/content.py` re-exports them): the target pages, the API's
`/targets` and `/assessments`, `assess --json`, the summary and the report read these.
"""

from __future__ import annotations

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from techniekpact.monitor import assessments
from techniekpact.monitor.catalogue import parse_breakdown
from techniekpact.monitor.models import Target
from techniekpact.monitor.progress import Assessment, Method
from techniekpact.monitor.target_basis import Disagreement


class ProjectionOut(BaseModel):
    year: float
    cagr_value: float | None
    linear_value: float
    low: float
    high: float
    slope_per_year: float


class AssessmentOut(BaseModel):
    status: str
    label_nl: str
    label_en: str
    method: str
    score: float | None = None
    progress_value: float | None = None
    cagr_observed: float | None = None
    cagr_required: float | None = None
    base_year: float | None = None
    base_period: str = ""
    base_value: float | None = None
    current_year: float | None = None
    current_period: str = ""
    current_value: float | None = None
    target_value: float | None = None
    target_year: float | None = None
    scaling_factor: float | None = None
    category: str = ""
    notes: list[str] = Field(default_factory=list)
    projection: ProjectionOut | None = None

    @classmethod
    def of(cls, a: Assessment) -> AssessmentOut:
        data = {k: getattr(a, k) for k in cls.model_fields if hasattr(a, k)}
        data |= {"status": a.status.value, "method": a.method.value, "notes": list(a.notes)}
        data["projection"] = (
            None if a.projection is None else ProjectionOut(**a.projection.__dict__)
        )
        return cls(
            label_nl=a.label_nl,
            label_en=a.label_en,
            **{k: v for k, v in data.items() if k not in ("label_nl", "label_en")},
        )


class TargetSeriesOut(BaseModel):
    """A sub-breakdown series (vmbo-bb) a target was assessed on."""

    breakdown: dict[str, str]
    assessment: AssessmentOut
    points: int


class TargetOut(BaseModel):
    code: str
    indicator: str
    indicator_name_nl: str
    unit: str
    breakdown: dict[str, str]
    value: float
    year: int
    base_year: int | None
    description_nl: str
    source_url: str
    goals: list[str]
    assessment: AssessmentOut
    explanation_nl: str
    basis: str = Field("breakdown", description="breakdown (own series) or sub_breakdowns")
    unavailable_reason: str = Field("", description="why the target cannot be assessed")
    series: list[TargetSeriesOut] = Field(default_factory=list)
    disagreements: list[Disagreement] = Field(default_factory=list)
    indicator_name_en: str = ""
    description_en: str = ""
    explanation_en: str = ""


def targets(session: Session, method: Method = Method.OPENSDG) -> list[TargetOut]:
    rows = {t.code: t for t in session.scalars(select(Target))}
    return [
        TargetOut(
            code=r.target_code,
            indicator=r.indicator_code,
            indicator_name_nl=r.indicator_name_nl,
            unit=r.unit,
            breakdown=parse_breakdown(r.breakdown),
            value=r.target_value,
            year=r.target_year,
            base_year=rows[r.target_code].base_year,
            description_nl=r.description_nl,
            source_url=r.source_url,
            goals=r.goals,
            assessment=AssessmentOut.of(r.assessment),
            explanation_nl=r.explanation_nl,
            basis=r.basis,
            unavailable_reason=r.reason,
            series=[
                TargetSeriesOut(
                    breakdown=p.breakdown,
                    assessment=AssessmentOut.of(p.assessment),
                    points=p.points,
                )
                for p in r.series
            ],
            disagreements=r.disagreements,
            indicator_name_en=r.indicator_name_en,
            description_en=r.description_en,
            explanation_en=r.explanation_en,
        )
        for r in assessments.assess_targets(session, method)
    ]


class AssessmentItem(BaseModel):
    """A target's assessment by one method: what /api/v1/assessments and `assess --json` give."""

    target: str
    indicator: str
    breakdown: dict[str, str]
    assessment: AssessmentOut
    explanation_nl: str


def target_assessments(session: Session, method: Method = Method.OPENSDG) -> list[AssessmentItem]:
    return [
        AssessmentItem(
            target=t.code,
            indicator=t.indicator,
            breakdown=t.breakdown,
            assessment=t.assessment,
            explanation_nl=t.explanation_nl,
        )
        for t in targets(session, method)
    ]
