"""The finder: filters, text search, fit per scheme, ranking and the explanation of each result.

One `Query` describes what the owner asked (text, filters, what they told about their company);
`find` answers with results that say why they fit ("Past omdat: landelijk, mkb tot 250
medewerkers, doel scholing"), what to check, and the deadline. The CLI, the API and the page
call this same function.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from techniekpact import i18n
from techniekpact.i18n import _
from techniekpact.schemes.catalogue import (
    APPLICANTS,
    STATUS_LABELS,
    Scheme,
    SchemeStatus,
    deadline_badge,
    status,
)
from techniekpact.schemes.eligibility import Company, Fit, Verdict, assess
from techniekpact.schemes.search import Index

HIDDEN_BY_DEFAULT = (SchemeStatus.CLOSED, SchemeStatus.ENDED)
VERDICT_ORDER = {Verdict.FITS: 0, Verdict.MAYBE: 1, Verdict.NO: 2}
STATUS_ORDER = {
    SchemeStatus.OPEN: 0,
    SchemeStatus.SOON: 1,
    SchemeStatus.UNKNOWN: 2,
    SchemeStatus.CLOSED: 3,
    SchemeStatus.ENDED: 4,
}


@dataclass(frozen=True)
class Query:
    text: str = ""
    kinds: tuple[str, ...] = ()
    open_now: bool = False
    include_closed: bool = False
    include_unfit: bool = False
    company: Company = field(default_factory=Company)


@dataclass(frozen=True)
class Result:
    scheme: Scheme
    status: SchemeStatus
    status_label: str
    deadline: str
    fit: Fit
    explanation: str
    applicant: str
    relevance: float


def find(
    schemes: Sequence[Scheme],
    query: Query,
    today: date,
    *,
    index: Index | None = None,
    province_names: dict[str, str] | None = None,
    limit: int | None = None,
) -> list[Result]:
    """All results, best first; with `limit`, the best `limit`.

    With a text query and a limit, candidates are assessed in order of relevance and the
    assessment stops once three times `limit` results are in hand: a very large catalogue then
    costs what a page of results costs.
    """
    relevance: dict[str, float] | None = None
    candidates: Sequence[Scheme] = schemes
    if query.text.strip():
        index = index or Index(schemes)
        relevance = {hit.code: hit.score for hit in index.search(query.text)}
        candidates = [index.by_code[code] for code in relevance if code in index.by_code]
    company = query.company
    wanted_purposes = set(company.purposes)
    results: list[Result] = []
    enough = 3 * limit if (limit and relevance is not None) else None
    for scheme in candidates:
        if enough is not None and len(results) >= enough:
            break
        if query.kinds and not set(query.kinds) & set(scheme.kinds):
            continue
        if not query.include_unfit and (
            (company.province and scheme.provinces and company.province not in scheme.provinces)
            or (wanted_purposes and not wanted_purposes & set(scheme.purposes))
        ):
            continue  # cheap "past niet" before the full assessment
        current = status(scheme, today)
        if query.open_now and current is not SchemeStatus.OPEN:
            continue
        if current in HIDDEN_BY_DEFAULT and not query.include_closed:
            continue
        fit = assess(scheme, query.company, province_names)
        if fit.verdict is Verdict.NO and not query.include_unfit:
            continue
        results.append(
            Result(
                scheme=scheme,
                status=current,
                status_label=STATUS_LABELS[current][i18n.current()],
                deadline=deadline_badge(scheme, today),
                fit=fit,
                explanation=fit.explain(),
                applicant=_(APPLICANTS.get(scheme.applicant, scheme.applicant)),
                relevance=(relevance or {}).get(scheme.code, 0.0),
            )
        )
    wanted = set(query.company.purposes)

    def focus(scheme: Scheme) -> float:
        """Share of the scheme's purposes the owner asked for: specific schemes first."""
        return len(wanted & set(scheme.purposes)) / len(scheme.purposes) if wanted else 0.0

    results.sort(
        key=lambda r: (
            VERDICT_ORDER[r.fit.verdict],
            STATUS_ORDER[r.status],
            -r.relevance,
            -focus(r.scheme),
            -len(r.fit.reasons),
            r.scheme.name,
        )
    )
    return results[:limit] if limit else results


# The guided questionnaire: at most seven questions, each an optional answer.
QUESTIONS = [
    ("province", "In welke provincie is uw bedrijf gevestigd?"),
    ("sector", "In welke sector werkt uw bedrijf (SBI-sectie)?"),
    ("size", "Hoe groot is uw bedrijf (werkenden, omzet)?"),
    ("age_years", "Hoeveel jaar bestaat uw bedrijf?"),
    ("legal_form", "Welke rechtsvorm heeft uw bedrijf?"),
    ("purposes", "Waarvoor zoekt u steun?"),
    ("open_now", "Wilt u alleen regelingen die nu open zijn?"),
]
