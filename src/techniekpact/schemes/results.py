"""A finder result as a reader sees it: what /api/v1/schemes lists and `schemes search --json`
prints, one model for both (content models live outside web/, issue 12). `status_label` and
`verdict_label` are in the language of the request or the command line."""

from __future__ import annotations

from pydantic import BaseModel

from techniekpact.i18n import _
from techniekpact.schemes.eligibility import VERDICT_LABELS
from techniekpact.schemes.finder import Result
from techniekpact.schemes.sources import source_kind


class SchemeResult(BaseModel):
    code: str
    name: str
    abbreviation: str
    provider: str
    kinds: list[str]
    purposes: list[str]
    provinces: list[str]
    status: str
    status_label: str
    deadline: str
    verdict: str
    verdict_label: str
    explanation: str
    applicant: str
    max_amount: str
    source_url: str
    source_kind: str
    source_status: str

    @classmethod
    def of(cls, r: Result) -> SchemeResult:
        s = r.scheme
        return cls(
            code=s.code,
            name=s.name,
            abbreviation=s.abbreviation,
            provider=s.provider,
            kinds=list(s.kinds),
            purposes=list(s.purposes),
            provinces=list(s.provinces),
            status=r.status.value,
            status_label=r.status_label,
            deadline=r.deadline,
            verdict=r.fit.verdict.value,
            verdict_label=_(VERDICT_LABELS[r.fit.verdict]),
            explanation=r.explanation,
            applicant=r.applicant,
            max_amount=s.max_amount,
            source_url=s.source_url,
            source_kind=source_kind(s),
            source_status=s.source_status,
        )
