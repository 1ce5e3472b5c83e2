"""Turn the researched schemes (shared/data/regelingen.csv) into src/techniekpact/data/schemes.yaml.

    python scripts/build_bundled_schemes.py ../shared/data/regelingen.csv

Text fields (name, provider, target group, amounts, notes, source URL, the source's own status
words) are copied as they are. The structured fields the finder reasons with (purposes, who
applies, provinces, SBI sections, size rules, application windows) are read from the tables
below, each filled in from that row's own text; nothing is added that the row does not say.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parents[1] / "src" / "techniekpact" / "data" / "schemes.yaml"

PURPOSES = {
    "wbso": ["innovatie"],
    "innovatiebox": ["innovatie"],
    "eia": ["investeren", "verduurzamen"],
    "mia": ["investeren", "verduurzamen"],
    "vamil": ["investeren", "verduurzamen"],
    "mit-haalbaarheid": ["innovatie"],
    "mit-rd": ["innovatie"],
    "innovatiekrediet": ["innovatie"],
    "vff": ["innovatie", "starten-groeien"],
    "vff-regionaal": ["innovatie", "starten-groeien"],
    "seed-capital": ["starten-groeien", "innovatie"],
    "dei-plus": ["innovatie", "verduurzamen"],
    "sbir": ["innovatie"],
    "pps-toeslag": ["innovatie", "pps"],
    "eurostars": ["innovatie", "export"],
    "bmkb": ["starten-groeien"],
    "bmkb-groen": ["investeren", "verduurzamen"],
    "groeifaciliteit": ["starten-groeien"],
    "go": ["starten-groeien", "investeren"],
    "qredits": ["starten-groeien"],
    "slim": ["scholing"],
    "praktijkleren": ["praktijkleren"],
    "scholingssubsidie-ontwikkelpaden": ["scholing"],
    "nl-leert-door": ["scholing"],
    "stap": ["scholing"],
    "mkbidee": ["scholing"],
    "oom": ["scholing", "praktijkleren"],
    "ao-metalektro": ["scholing"],
    "otib": ["scholing"],
    "rif-mbo": ["pps"],
    "raak-mkb": ["pps", "innovatie"],
    "groeifonds-katapult": ["pps"],
    "dhi": ["export"],
    "sib": ["export"],
    "dtif": ["export"],
    "bom-innovatiefonds": ["innovatie", "starten-groeien"],
    "brabant-startup-fonds": ["starten-groeien"],
    "oost-nl-gelderland-innovaties": ["innovatie"],
    "innovatiefonds-overijssel": ["innovatie"],
    "ifnn": ["innovatie"],
    "uniiq": ["innovatie", "starten-groeien"],
    "liof-lvff": ["innovatie", "starten-groeien"],
    "liof-ideeenfonds": ["innovatie"],
    "rom-utrecht-hul-poc": ["innovatie"],
    "rom-utrecht-participatiefonds": ["starten-groeien"],
    "inwest-innovatiefonds": ["innovatie", "starten-groeien"],
    "inwest-transitiefonds": ["investeren", "verduurzamen"],
    "innovatiefonds-noord-holland": ["innovatie"],
    "poc-flevoland": ["innovatie"],
    "investeringsfonds-zeeland": ["innovatie", "starten-groeien"],
}
APPLICANT = {
    "bmkb": "bank",
    "bmkb-groen": "bank",
    "groeifaciliteit": "bank",
    "go": "bank",
    "seed-capital": "fund",
    "vff-regionaal": "fund",
    "rif-mbo": "school",
    "raak-mkb": "school",
    "mit-rd": "consortium",
    "eurostars": "consortium",
    "pps-toeslag": "consortium",
    "groeifonds-katapult": "consortium",
    "oom": "sector",
    "ao-metalektro": "sector",
    "otib": "sector",
    "nl-leert-door": "sector",
    "stap": "person",
}
PROVIDER_KIND = {
    "wbso": "RVO",
    "innovatiebox": "Belastingdienst",
    "eia": "RVO",
    "mia": "RVO",
    "vamil": "RVO",
    "mit-haalbaarheid": "provincie",
    "groeifonds-katapult": "Rijk",
    "qredits": "stichting",
    "slim": "Rijk",
    "praktijkleren": "Rijk",
    "scholingssubsidie-ontwikkelpaden": "Rijk",
    "nl-leert-door": "Rijk",
    "stap": "UWV",
    "mkbidee": "Rijk",
    "oom": "sectorfonds",
    "ao-metalektro": "sectorfonds",
    "otib": "sectorfonds",
    "rif-mbo": "DUS-I",
    "raak-mkb": "Regieorgaan SIA",
    "brabant-startup-fonds": "provincie",
    "oost-nl-gelderland-innovaties": "ROM",
    "innovatiefonds-overijssel": "provincie",
    "innovatiefonds-noord-holland": "provincie",
    "poc-flevoland": "ROM",
    "eurostars": "EU",
}
PROVINCES = {
    "bom-innovatiefonds": ["PV30"],
    "brabant-startup-fonds": ["PV30"],
    "oost-nl-gelderland-innovaties": ["PV25"],
    "innovatiefonds-overijssel": ["PV23"],
    "ifnn": ["PV20", "PV21", "PV22"],
    "uniiq": ["PV28"],
    "liof-lvff": ["PV31"],
    "liof-ideeenfonds": ["PV31"],
    "rom-utrecht-hul-poc": ["PV26"],
    "rom-utrecht-participatiefonds": ["PV26"],
    "inwest-innovatiefonds": ["PV27"],
    "inwest-transitiefonds": ["PV27"],
    "innovatiefonds-noord-holland": ["PV27"],
    "poc-flevoland": ["PV24"],
    "investeringsfonds-zeeland": ["PV29"],
}
SECTORS = {"oom": ["C"], "ao-metalektro": ["C"], "otib": ["F"]}
MKB = [
    "mit-haalbaarheid",
    "mit-rd",
    "bmkb",
    "bmkb-groen",
    "groeifaciliteit",
    "slim",
    "dhi",
    "sib",
    "mkbidee",
    "liof-ideeenfonds",
    "vff",
    "eurostars",
    "ifnn",
    "inwest-innovatiefonds",
    "innovatiefonds-noord-holland",
    "poc-flevoland",
    "investeringsfonds-zeeland",
    "innovatiefonds-overijssel",
    "oost-nl-gelderland-innovaties",
]
EXTRA_RULES = {
    "innovatiebox": [
        {
            "field": "legal_form",
            "op": "in",
            "value": ["bv", "nv", "cooperatie"],
            "label_nl": "vennootschapsbelastingplichtig (bv, nv of coöperatie; "
            "niet voor IB-ondernemers)",
        }
    ],
    "go": [
        {
            "field": "employees",
            "op": ">=",
            "value": 50,
            "label_nl": "middelgrote of grote onderneming (vanaf 50 werknemers)",
        }
    ],
    "dhi": [
        {
            "field": "employees",
            "op": ">=",
            "value": 3,
            "label_nl": "minstens 3 personen in het bedrijf",
        }
    ],
    "brabant-startup-fonds": [
        {"field": "age_years", "op": "<=", "value": 5, "label_nl": "startup (jonge onderneming)"}
    ],
    "uniiq": [
        {"field": "age_years", "op": "<=", "value": 5, "label_nl": "startup (jonge onderneming)"}
    ],
}
WINDOWS = {
    "mit-haalbaarheid": [["2024-04-09", "2024-04-09"]],
    "mit-rd": [["2024-06-11", "2024-09-17"]],
    "seed-capital": [["2024-01-02", "2024-04-01"]],
    "dei-plus": [["2024-03-01", "2024-08-29"]],
    "eurostars": [["2024-01-01", "2024-01-31"]],
    "praktijkleren": [["2025-06-02", "2025-09-17"]],
    "scholingssubsidie-ontwikkelpaden": [
        ["2025-03-10", "2025-06-30"],
        ["2025-07-01", "2025-11-10"],
    ],
    "rif-mbo": [["2025-01-01", "2025-01-31"], ["2025-06-01", "2025-06-30"]],
    "raak-mkb": [["2024-03-05", "2024-03-05"]],
}
ALLOCATION = {
    "mit-haalbaarheid": "loting bij overtekening",
    "dhi": "tender of op volgorde van binnenkomst",
    "sib": "op volgorde van binnenkomst, budget per kwartaal",
    "mit-rd": "tender",
    "raak-mkb": "tender",
    "rif-mbo": "tender",
    "eurostars": "call",
}
ENDED = {"stap", "nl-leert-door"}
CLOSED_WORDS = ("tijdelijk gesloten", "budget uitgeput", "toegekend", "onbekend na")
UNKNOWN_WORDS = ("onbekend", "per oproep", "opgericht")
KEYWORDS = {
    "slim": ["scholingssubsidie", "leercultuur"],
    "praktijkleren": ["stageplaats", "bbl"],
    "wbso": ["speur", "ontwikkelwerk", "loonkosten"],
    "rif-mbo": ["regionaal investeringsfonds"],
}


def iso(text: str) -> str | None:
    m = re.match(r"^(\d{4}-\d{2}-\d{2})", text.strip())
    return m.group(1) if m else None


def verified(status_text: str) -> str | None:
    m = re.search(r"gecontroleerd (\d{4}-\d{2}-\d{2})", status_text)
    return m.group(1) if m else None


def convert(row: dict[str, str]) -> dict:
    code = row["id"]
    status_text = row["status_as_of_source"]
    rules = []
    if code in MKB:
        rules.append(
            {
                "field": "employees",
                "op": "<",
                "value": 250,
                "label_nl": "mkb: minder dan 250 werknemers",
            }
        )
        if "50 mln" in row["size_limits"] or "EU-definitie" in row["size_limits"]:
            rules.append(
                {
                    "field": "turnover_meur",
                    "op": "<=",
                    "value": 50,
                    "label_nl": "omzet tot EUR 50 mln (of balanstotaal tot EUR 43 mln)",
                }
            )
    rules += EXTRA_RULES.get(code, [])
    for rule in rules:
        rule["source_url"] = row["source_url"]
    lowered = status_text.lower()
    windows = WINDOWS.get(code, [])
    open_until = iso(row["valid_until"])
    return {
        "code": code,
        "name": row["name"],
        "abbreviation": row["abbreviation"],
        "provider": row["provider"],
        "provider_kind": PROVIDER_KIND.get(code, "ROM" if code in PROVINCES else "RVO"),
        "kinds": [k.strip() for k in row["kind"].split(";")],
        "purposes": PURPOSES[code],
        "applicant": APPLICANT.get(code, "company"),
        "target_group": row["target_group"],
        "description": row["purpose"],
        "size_limits": row["size_limits"],
        "sector_text": row["sector"],
        "region_text": row["region"],
        "provinces": PROVINCES.get(code, []),
        "sectors": SECTORS.get(code, []),
        "rules": rules,
        "open_from": iso(row["valid_from"]) if not windows else None,
        "open_until": open_until if not windows else None,
        "windows": windows,
        "allocation": ALLOCATION.get(code, ""),
        "max_amount": row["max_amount"],
        "source_status": status_text,
        "ended": code in ENDED or "beeindigd" in lowered,
        "closed_by_source": any(w in lowered for w in CLOSED_WORDS),
        "status_unknown": any(w in lowered for w in UNKNOWN_WORDS) and "actief" not in lowered,
        "verified_on": verified(status_text),
        "source_url": row["source_url"],
        "notes": row["notes"],
        "keywords": KEYWORDS.get(code, []),
    }


def keep_english(scheme: dict, previous: dict) -> dict:
    """The English texts of the current schemes.yaml, each right after its Dutch field: the
    research file is Dutch only, so a rebuild must not lose the translations."""
    out: dict = {}
    for key, value in scheme.items():
        out[key] = value
        if previous.get(f"{key}_en") and previous.get(key) == value:
            out[f"{key}_en"] = previous[f"{key}_en"]
    english_rules = {r["label_nl"]: r.get("label_en") for r in previous.get("rules", [])}
    for rule in out.get("rules", []):
        if english_rules.get(rule["label_nl"]):
            rule["label_en"] = english_rules[rule["label_nl"]]
    return out


def main(source: str) -> None:
    with open(source, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    previous = {}
    if OUT.exists():
        previous = {
            s["code"]: s for s in yaml.safe_load(OUT.read_text(encoding="utf-8"))["schemes"]
        }
    schemes = [keep_english(s, previous.get(s["code"], {})) for s in map(convert, rows)]
    header = (
        "# Schemes for SME owners in technology, made from shared/data/regelingen.csv by\n"
        "# scripts/build_bundled_schemes.py (see its docstring). Facts as of their source; check\n"
        "# amounts and dates on the official page (source_url) before relying on them.\n"
    )
    OUT.write_text(
        header
        + yaml.safe_dump({"schemes": schemes}, allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )
    print(f"{len(schemes)} schemes -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/regelingen.csv")
