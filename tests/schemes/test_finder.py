"""Regelingenwijzer: status from dates, rules with explanations, search, and the three owners."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from techniekpact.regions import province_names
from techniekpact.schemes.catalogue import Rule, Scheme, SchemeStatus, deadline_badge, status
from techniekpact.schemes.eligibility import Answer, Company, Verdict, assess, evaluate_rule
from techniekpact.schemes.finder import Query, find
from techniekpact.schemes.loader import bundled
from techniekpact.schemes.search import Index

TODAY = date(2026, 11, 29)
BASE = Scheme(
    code="x",
    name="Voorbeeldregeling",
    provider="RVO",
    kinds=("subsidie",),
    purposes=("scholing",),
    applicant="company",
    source_url="https://example.org",
    source_status="lopend",
)


def codes(results) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.scheme.code for r in results]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, SchemeStatus.OPEN),
        ({"ended": True}, SchemeStatus.ENDED),
        ({"open_until": date(2026, 11, 28)}, SchemeStatus.CLOSED),
        ({"open_from": date(2026, 12, 15)}, SchemeStatus.SOON),
        ({"open_from": date(2027, 6, 1)}, SchemeStatus.CLOSED),
        ({"closed_by_source": True}, SchemeStatus.CLOSED),
        ({"status_unknown": True}, SchemeStatus.UNKNOWN),
        ({"windows": ((date(2026, 11, 1), date(2026, 12, 10)),)}, SchemeStatus.OPEN),
        ({"windows": ((date(2027, 1, 1), date(2027, 1, 31)),)}, SchemeStatus.SOON),
        ({"windows": ((date(2025, 1, 1), date(2025, 1, 31)),)}, SchemeStatus.CLOSED),
    ],
)
def test_status_is_derived_from_dates(changes: dict, expected: SchemeStatus) -> None:
    assert status(replace(BASE, **changes), TODAY) is expected


def test_deadline_badges() -> None:
    closing = replace(BASE, windows=((date(2026, 11, 1), date(2026, 12, 11)),))
    assert deadline_badge(closing, TODAY) == "sluit over 12 dagen"
    opening = replace(BASE, open_from=date(2026, 12, 4))
    assert deadline_badge(opening, TODAY) == "opent over 5 dagen"
    assert deadline_badge(BASE, TODAY) == ""


def test_rules_answer_yes_no_unknown_with_explanations() -> None:
    rule = Rule("employees", "<", 250.0, "mkb: minder dan 250 werknemers")
    assert evaluate_rule(rule, Company(employees=12)) is Answer.YES
    assert evaluate_rule(rule, Company(employees=400)) is Answer.NO
    assert evaluate_rule(rule, Company()) is Answer.UNKNOWN
    scheme = replace(BASE, rules=(rule,), provinces=("PV25",))
    names = province_names()
    fits = assess(scheme, Company(province="PV25", employees=12, purposes=("scholing",)), names)
    assert fits.verdict is Verdict.FITS
    assert fits.explain_nl() == (
        "Past omdat: regionaal: Gelderland, doel scholing en leven lang ontwikkelen, "
        "mkb: minder dan 250 werknemers"
    )
    maybe = assess(scheme, Company(province="PV25"), names)
    assert maybe.verdict is Verdict.MAYBE
    assert "controleer mkb: minder dan 250 werknemers" in maybe.explain_nl()
    no = assess(scheme, Company(province="PV20", employees=12), names)
    assert no.verdict is Verdict.NO
    assert no.explain_nl() == "Past niet, omdat alleen voor bedrijven in Gelderland"


def test_installation_company_in_gelderland_looking_for_training() -> None:
    owner = Company(province="PV25", sector="F", employees=12, purposes=("scholing",))
    found = codes(find(bundled(), Query(company=owner), TODAY))
    assert found[0] == "otib"  # the installation sector's training fund
    assert "slim" in found
    assert not {"oom", "ao-metalektro", "wbso", "stap"} & set(found)  # metal sector, R&D, ended


def test_high_tech_firm_in_brabant_with_an_rd_project() -> None:
    owner = Company(
        province="PV30",
        sector="C",
        employees=40,
        turnover_meur=8,
        legal_form="bv",
        purposes=("innovatie",),
    )
    results = find(bundled(), Query(company=owner), TODAY)
    found = codes(results)
    # open national R&D schemes aimed at innovation alone come first
    assert set(found[:3]) == {"wbso", "innovatiekrediet", "innovatiebox"}
    assert "bom-innovatiefonds" in found  # Brabant's own fund (status unknown, still shown)
    assert not {"liof-ideeenfonds", "ifnn", "uniiq"} & set(found)  # other provinces
    wbso = next(r for r in results if r.scheme.code == "wbso")
    assert wbso.explanation.startswith("Past omdat: landelijk")


def test_starting_tech_company_in_groningen_needing_early_finance() -> None:
    owner = Company(
        province="PV20",
        sector="M",
        employees=3,
        age_years=1,
        purposes=("starten-groeien", "innovatie"),
    )
    found = codes(find(bundled(), Query(company=owner), TODAY))
    assert {"vff", "qredits", "ifnn"} <= set(found)
    assert "go" not in found  # for medium-sized and large companies only
    assert "brabant-startup-fonds" not in found  # Noord-Brabant only


def test_filters() -> None:
    schemes = bundled()
    loans = find(schemes, Query(kinds=("lening",)), TODAY)
    assert loans and all("lening" in r.scheme.kinds for r in loans)
    open_now = find(schemes, Query(open_now=True), TODAY)
    assert open_now and all(r.status is SchemeStatus.OPEN for r in open_now)
    default = codes(find(schemes, Query(), TODAY))
    everything = codes(find(schemes, Query(include_closed=True), TODAY))
    assert "stap" not in default and "stap" in everything  # ended: hidden but findable
    limburg = codes(find(schemes, Query(company=Company(province="PV31")), TODAY))
    assert "liof-lvff" in limburg and "uniiq" not in limburg
    metal = codes(find(schemes, Query(company=Company(sector="C")), TODAY))
    assert "oom" in metal and "otib" not in metal


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("scholingssubsidie", {"scholingssubsidie-ontwikkelpaden", "slim", "ao-metalektro"}),
        ("subsidie voor scholing", {"scholingssubsidie-ontwikkelpaden", "slim"}),
        ("innovatie krediet", {"innovatiekrediet"}),
        ("innovatiekrediet", {"innovatiekrediet"}),
        ("innovatiekrdiet", {"innovatiekrediet"}),
        ("exprot", {"sib", "dhi"}),
        ("scholnig", {"slim"}),
        ("stageplaatsen", {"praktijkleren"}),
        ("WBSO", {"wbso"}),
    ],
)
def test_dutch_search_with_stemming_compounds_and_typos(query: str, expected: set[str]) -> None:
    hits = {hit.code for hit in Index(bundled()).search(query)}
    assert expected <= hits


def test_search_is_not_everything() -> None:
    index = Index(bundled())
    assert {h.code for h in index.search("export")}.isdisjoint({"slim", "otib", "wbso"})
    assert index.search("xyzzy") == []


def test_legal_form_rule() -> None:
    box = next(s for s in bundled() if s.code == "innovatiebox")
    assert assess(box, Company(legal_form="eenmanszaak")).verdict is Verdict.NO
    assert assess(box, Company(legal_form="bv")).verdict is Verdict.FITS
    assert assess(box, Company()).verdict is Verdict.MAYBE


def test_questionnaire_has_at_most_seven_questions() -> None:
    from techniekpact.schemes.finder import QUESTIONS

    assert len(QUESTIONS) <= 7
