"""The schemes catalogue as plain data: what a scheme is, and its status on a given day.

Amounts and dates are only what the source gives; an empty field means "not found in the
source", never "no limit". The status is derived from the dates and the source's own word, for a
given day, so tests (and the yearly report) can fix "today".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from techniekpact.i18n import N_, _

KINDS = (
    "subsidie",
    "lening",
    "garantie",
    "fiscaal",
    "participatie",
    "voucher",
    "opdracht",
    "advies",
)
# labels are Dutch and marked for the catalog: pages and the CLI translate them with `_()`
KIND_LABELS = {
    "subsidie": N_("subsidie"),
    "lening": N_("lening"),
    "garantie": N_("garantie"),
    "fiscaal": N_("fiscaal"),
    "participatie": N_("participatie"),
    "voucher": N_("voucher"),
    "opdracht": N_("opdracht"),
    "advies": N_("advies"),
}
PURPOSES = {
    "innovatie": N_("innovatie en R&D"),
    "scholing": N_("scholing en leven lang ontwikkelen"),
    "praktijkleren": N_("praktijkleren en leerbanen"),
    "investeren": N_("investeren"),
    "verduurzamen": N_("verduurzamen"),
    "pps": N_("PPS-deelname"),
    "starten-groeien": N_("starten en groeien"),
    "export": N_("export"),
}
APPLICANTS = {
    "company": N_("het bedrijf zelf"),
    "bank": N_("via de bank of financier"),
    "fund": N_("via het fonds"),
    "school": N_("via de onderwijsinstelling"),
    "consortium": N_("als samenwerkingsverband"),
    "sector": N_("via het sectorfonds"),
    "person": N_("door de werkende zelf"),
}
SOON_DAYS = 60


class SchemeStatus(StrEnum):
    OPEN = "open"
    SOON = "soon"
    CLOSED = "closed"
    ENDED = "ended"
    UNKNOWN = "unknown"


STATUS_LABELS = {
    SchemeStatus.OPEN: {"nl": "open", "en": "open"},
    SchemeStatus.SOON: {"nl": "binnenkort open", "en": "opening soon"},
    SchemeStatus.CLOSED: {"nl": "gesloten", "en": "closed"},
    SchemeStatus.ENDED: {"nl": "beëindigd", "en": "ended"},
    SchemeStatus.UNKNOWN: {"nl": "status onbekend", "en": "status unknown"},
}


@dataclass(frozen=True)
class Rule:
    """One eligibility condition, as data: `field op value`, with its source and date.

    Fields: employees, turnover_meur, balance_meur, age_years, province, sector, applicant_kind.
    Ops: <, <=, >=, in. A rule answers yes, no or unknown (when the company did not say).
    """

    field: str
    op: str
    value: float | tuple[str, ...]
    label_nl: str
    source_url: str = ""
    as_of: str = ""
    label_en: str = ""


@dataclass(frozen=True)
class Scheme:
    code: str
    name: str
    provider: str
    kinds: tuple[str, ...]
    purposes: tuple[str, ...]
    applicant: str
    source_url: str
    abbreviation: str = ""
    provider_kind: str = ""
    description: str = ""
    target_group: str = ""
    provinces: tuple[str, ...] = ()  # empty: the whole country
    sectors: tuple[str, ...] = ()  # SBI sections; empty: every sector
    rules: tuple[Rule, ...] = ()
    open_from: date | None = None
    open_until: date | None = None
    windows: tuple[tuple[date, date], ...] = ()  # known application rounds
    allocation: str = ""  # first-come-first-served, tender, lottery, rolling, rounds
    rounds: str = ""
    max_amount: str = ""
    budget: str = ""
    source_status: str = ""  # the source's own words, e.g. "budget uitgeput"
    ended: bool = False
    closed_by_source: bool = False
    status_unknown: bool = False
    verified_on: date | None = None
    notes: str = ""
    keywords: tuple[str, ...] = field(default_factory=tuple)
    source_kind: str = ""  # official | secondary; empty: decided by the URL (schemes.sources)
    # English beside the Dutch free texts (empty: not translated); the name stays the
    # scheme's own Dutch name. See `TRANSLATED` and `text()`.
    provider_en: str = ""
    description_en: str = ""
    target_group_en: str = ""
    size_limits_en: str = ""
    sector_text_en: str = ""
    region_text_en: str = ""
    allocation_en: str = ""
    max_amount_en: str = ""
    source_status_en: str = ""
    notes_en: str = ""


# free-text fields that carry an English version in `<field>_en`
TRANSLATED = (
    "provider",
    "description",
    "target_group",
    "size_limits",
    "sector_text",
    "region_text",
    "allocation",
    "max_amount",
    "source_status",
    "notes",
)


def text(scheme: Scheme, name: str, lang: str) -> str:
    """A free-text field in `lang`: the English version when there is one, else the Dutch."""
    if lang == "en" and name in TRANSLATED:
        return getattr(scheme, f"{name}_en") or getattr(scheme, name)
    return str(getattr(scheme, name))


def status(scheme: Scheme, today: date) -> SchemeStatus:
    """Derived from the dates first, then from what the source said."""
    if scheme.ended:
        return SchemeStatus.ENDED
    if scheme.windows:
        if any(start <= today <= end for start, end in scheme.windows):
            return SchemeStatus.OPEN
        upcoming = [start for start, _ in scheme.windows if start > today]
        if upcoming and (min(upcoming) - today).days <= SOON_DAYS:
            return SchemeStatus.SOON
        return SchemeStatus.CLOSED
    if scheme.open_until is not None and scheme.open_until < today:
        return SchemeStatus.CLOSED
    if scheme.open_from is not None and scheme.open_from > today:
        soon = (scheme.open_from - today).days <= SOON_DAYS
        return SchemeStatus.SOON if soon else SchemeStatus.CLOSED
    if scheme.closed_by_source:
        return SchemeStatus.CLOSED
    if scheme.status_unknown:
        return SchemeStatus.UNKNOWN
    return SchemeStatus.OPEN


def days_left(scheme: Scheme, today: date) -> int | None:
    ends = [end for start, end in scheme.windows if start <= today <= end]
    until = min(ends) if ends else scheme.open_until
    if until is None or until < today:
        return None
    return (until - today).days


def deadline_badge(scheme: Scheme, today: date) -> str:
    """'sluit over 12 dagen' / 'opent over 5 dagen' / ''."""
    current = status(scheme, today)
    left = days_left(scheme, today)
    if current is SchemeStatus.OPEN and left is not None and left <= 90:
        if left == 0:
            return _("sluit vandaag")
        return _("sluit over 1 dag") if left == 1 else _("sluit over {n} dagen", n=left)
    starts = [start for start, _ in scheme.windows if start > today]
    if scheme.open_from is not None and scheme.open_from > today:
        starts.append(scheme.open_from)
    if current is SchemeStatus.SOON and starts:
        wait = (min(starts) - today).days
        return _("opent over 1 dag") if wait == 1 else _("opent over {n} dagen", n=wait)
    return ""
