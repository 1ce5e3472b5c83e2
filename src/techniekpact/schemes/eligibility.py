"""Does a scheme fit a company? Rules are data; each answers yes, no or unknown.

The finder must never say "past" when it does not know: a rule about turnover gives "unknown"
when the owner did not say their turnover, and the verdict becomes "misschien: controleer ...".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from techniekpact import i18n
from techniekpact.i18n import N_, _
from techniekpact.schemes.catalogue import PURPOSES, Rule, Scheme

LEGAL_FORMS = {
    "eenmanszaak": N_("eenmanszaak"),
    "vof": N_("vof of maatschap"),
    "bv": N_("bv"),
    "nv": N_("nv"),
    "cooperatie": N_("coöperatie"),
    "stichting": N_("stichting of vereniging"),
}


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Verdict(StrEnum):
    FITS = "fits"
    MAYBE = "maybe"
    NO = "no"


VERDICT_LABELS = {
    Verdict.FITS: N_("Past"),
    Verdict.MAYBE: N_("Misschien"),
    Verdict.NO: N_("Past niet"),
}


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

    def explain(self) -> str:
        """The verdict with its reasons, in the context's language (the checks were made in
        it too)."""
        if self.verdict is Verdict.NO:
            return _("Past niet, omdat {reasons}", reasons="; ".join(self.blockers))
        if self.verdict is Verdict.MAYBE:
            text = _("Misschien: controleer {checks}", checks="; ".join(self.to_check))
            if self.reasons:
                text += _(". Past wel: {reasons}", reasons=", ".join(self.reasons))
            return text
        return _("Past omdat: {reasons}", reasons=", ".join(self.reasons))

    def explain_nl(self) -> str:
        """The explanation in Dutch (the checks keep the language they were made in)."""
        with i18n.using("nl"):
            return self.explain()


def _compare(op: str, have: float, limit: float) -> bool:
    return {"<": have < limit, "<=": have <= limit, ">=": have >= limit, ">": have > limit}[op]


def evaluate_rule(rule: Rule, company: Company) -> Answer:
    have = getattr(company, rule.field, None)
    if have is None:
        return Answer.UNKNOWN
    if rule.op == "in":
        assert isinstance(rule.value, tuple)  # schemes/records.py: an `in` rule lists values
        return Answer.YES if have in rule.value else Answer.NO
    assert not isinstance(rule.value, tuple)  # ... and a comparison has a number
    return Answer.YES if _compare(rule.op, float(have), float(rule.value)) else Answer.NO


def assess(scheme: Scheme, company: Company, province_names: dict[str, str] | None = None) -> Fit:
    """Region, sector, purpose, then the scheme's own rules."""
    names = province_names or {}
    checks: list[Check] = []
    if scheme.provinces:
        where = ", ".join(names.get(p, p) for p in scheme.provinces)
        if company.province is None:
            checks.append(
                Check(Answer.UNKNOWN, _("of uw bedrijf in {where} gevestigd is", where=where))
            )
        elif company.province in scheme.provinces:
            checks.append(
                Check(
                    Answer.YES,
                    _("regionaal: {name}", name=names.get(company.province, company.province)),
                )
            )
        else:
            checks.append(Check(Answer.NO, _("alleen voor bedrijven in {where}", where=where)))
    else:
        checks.append(Check(Answer.YES, _("landelijk")))
    if scheme.sectors:
        listed = ", ".join(scheme.sectors)
        if company.sector is None:
            checks.append(
                Check(Answer.UNKNOWN, _("of uw sector past (SBI {listed})", listed=listed))
            )
        elif company.sector in scheme.sectors:
            checks.append(Check(Answer.YES, _("sector {sector}", sector=company.sector)))
        else:
            checks.append(
                Check(Answer.NO, _("alleen voor de sectoren SBI {listed}", listed=listed))
            )
    if company.purposes:
        shared = [p for p in scheme.purposes if p in company.purposes]
        if shared:
            purposes = ", ".join(_(PURPOSES[p]) for p in shared)
            checks.append(Check(Answer.YES, _("doel {purposes}", purposes=purposes)))
        else:
            wanted = ", ".join(_(PURPOSES.get(p, p)) for p in scheme.purposes)
            checks.append(
                Check(Answer.NO, _("het doel van de regeling is {wanted}", wanted=wanted))
            )
    for rule in scheme.rules:
        answer = evaluate_rule(rule, company)
        label = rule.label_en if i18n.current() == "en" and rule.label_en else rule.label_nl
        text = label if answer is not Answer.NO else _("voorwaarde: {label}", label=label)
        checks.append(Check(answer, text))
    if any(c.answer is Answer.NO for c in checks):
        verdict = Verdict.NO
    elif any(c.answer is Answer.UNKNOWN for c in checks):
        verdict = Verdict.MAYBE
    else:
        verdict = Verdict.FITS
    return Fit(verdict, tuple(checks))
