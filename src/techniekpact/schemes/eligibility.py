"""Does a scheme fit a company? Rules are data; each answers yes, no or unknown.

The finder must never say "past" when it does not know: a rule about turnover gives "unknown"
when the owner did not say their turnover, and the verdict becomes "misschien: controleer ...".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from techniekpact.schemes.catalogue import PURPOSES, Rule, Scheme

LEGAL_FORMS = {
    "eenmanszaak": "eenmanszaak",
    "vof": "vof of maatschap",
    "bv": "bv",
    "nv": "nv",
    "cooperatie": "coöperatie",
    "stichting": "stichting of vereniging",
}


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Verdict(StrEnum):
    FITS = "fits"
    MAYBE = "maybe"
    NO = "no"


VERDICT_LABELS = {Verdict.FITS: "Past", Verdict.MAYBE: "Misschien", Verdict.NO: "Past niet"}


@dataclass(frozen=True)
class Company:
    """What the owner told the finder. None: not said."""

    province: str | None = None
    sector: str | None = None  # SBI section letter
    employees: int | None = None
    turnover_meur: float | None = None
    age_years: float | None = None
    legal_form: str | None = None  # one of LEGAL_FORMS
    purposes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    answer: Answer
    text: str


@dataclass(frozen=True)
class Fit:
    verdict: Verdict
    checks: tuple[Check, ...] = field(default_factory=tuple)

    @property
    def reasons(self) -> list[str]:
        return [c.text for c in self.checks if c.answer is Answer.YES]

    @property
    def blockers(self) -> list[str]:
        return [c.text for c in self.checks if c.answer is Answer.NO]

    @property
    def to_check(self) -> list[str]:
        return [c.text for c in self.checks if c.answer is Answer.UNKNOWN]

    def explain_nl(self) -> str:
        if self.verdict is Verdict.NO:
            return "Past niet, omdat " + "; ".join(self.blockers)
        if self.verdict is Verdict.MAYBE:
            text = "Misschien: controleer " + "; ".join(self.to_check)
            if self.reasons:
                text += ". Past wel: " + ", ".join(self.reasons)
            return text
        return "Past omdat: " + ", ".join(self.reasons)


def _compare(op: str, have: float, limit: float) -> bool:
    return {"<": have < limit, "<=": have <= limit, ">=": have >= limit, ">": have > limit}[op]


def evaluate_rule(rule: Rule, company: Company) -> Answer:
    have = getattr(company, rule.field, None)
    if have is None:
        return Answer.UNKNOWN
    if rule.op == "in":
        return Answer.YES if have in tuple(rule.value) else Answer.NO  # type: ignore[arg-type]
    return Answer.YES if _compare(rule.op, float(have), float(rule.value)) else Answer.NO  # type: ignore[arg-type]


def assess(scheme: Scheme, company: Company, province_names: dict[str, str] | None = None) -> Fit:
    """Region, sector, purpose, then the scheme's own rules."""
    names = province_names or {}
    checks: list[Check] = []
    if scheme.provinces:
        where = ", ".join(names.get(p, p) for p in scheme.provinces)
        if company.province is None:
            checks.append(Check(Answer.UNKNOWN, f"of uw bedrijf in {where} gevestigd is"))
        elif company.province in scheme.provinces:
            checks.append(
                Check(Answer.YES, f"regionaal: {names.get(company.province, company.province)}")
            )
        else:
            checks.append(Check(Answer.NO, f"alleen voor bedrijven in {where}"))
    else:
        checks.append(Check(Answer.YES, "landelijk"))
    if scheme.sectors:
        listed = ", ".join(scheme.sectors)
        if company.sector is None:
            checks.append(Check(Answer.UNKNOWN, f"of uw sector past (SBI {listed})"))
        elif company.sector in scheme.sectors:
            checks.append(Check(Answer.YES, f"sector {company.sector}"))
        else:
            checks.append(Check(Answer.NO, f"alleen voor de sectoren SBI {listed}"))
    if company.purposes:
        shared = [p for p in scheme.purposes if p in company.purposes]
        if shared:
            checks.append(Check(Answer.YES, "doel " + ", ".join(PURPOSES[p] for p in shared)))
        else:
            wanted = ", ".join(PURPOSES.get(p, p) for p in scheme.purposes)
            checks.append(Check(Answer.NO, f"het doel van de regeling is {wanted}"))
    for rule in scheme.rules:
        answer = evaluate_rule(rule, company)
        text = rule.label_nl if answer is not Answer.NO else f"voorwaarde: {rule.label_nl}"
        checks.append(Check(answer, text))
    if any(c.answer is Answer.NO for c in checks):
        verdict = Verdict.NO
    elif any(c.answer is Answer.UNKNOWN for c in checks):
        verdict = Verdict.MAYBE
    else:
        verdict = Verdict.FITS
    return Fit(verdict, tuple(checks))
