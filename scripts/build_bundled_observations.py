"""Turn the researched observations (shared/data/techniekpact-observations.csv) into the bundled
tidy file src/techniekpact/data/observations.csv, the same layout any editor imports.

Run once when the research file changes:
    python scripts/build_bundled_observations.py ../shared/data/techniekpact-observations.csv

What it does, row by row, and never more: read the period and the breakdown text, move the
monitor edition and any remark into their own columns, map Dutch breakdown words to code-list
codes, and keep the source URL and the evidence sentence. A row whose period cannot be read as
one year, school year or quarter (ranges such as "2013-2021", or only "monitor 2023") is not
guessed at: it goes to observations-excluded.csv with the reason.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from techniekpact.monitor.periods import PeriodError, parse_period

DATA = Path(__file__).resolve().parents[1] / "src" / "techniekpact" / "data"
DIMENSIONS = [
    "region",
    "education_level",
    "sex",
    "sector",
    "field",
    "teacher_training",
    "occupation_level",
    "company_size",
    "network",
    "subject",
]
COLUMNS = ["indicator", "period", "value", "unit", *DIMENSIONS, "flags"]
COLUMNS += ["source_url", "source_edition", "note"]

SEX = {"man": "male", "vrouw": "female"}
TOTAL = {"totaal", "alle", "alle niveaus", "landelijk"}
EDUCATION = {
    "hbo": "hbo",
    "wo": "wo",
    "ho": "ho",
    "ho totaal": "ho",
    "mbo": "mbo",
    "havo": "havo",
    "vwo": "vwo",
    "havo+vwo": "havo-vwo",
    "vmbo-bb": "vmbo-bb",
    "vmbo-kb": "vmbo-kb",
    "vmbo-gl": "vmbo-gl",
    "vmbo-tl": "vmbo-tl",
    "bb/kb/gl": "vmbo-bb-kb-gl",
    "bb/kb/gl samen": "vmbo-bb-kb-gl",
    "bb+kb": "vmbo-bb-kb",
    "bb/kb samen": "vmbo-bb-kb",
    "vmbo-gl+tl": "vmbo-gl-tl",
    "1": "mbo-1",
    "2": "mbo-2",
    "3": "mbo-3",
    "4": "mbo-4",
    "niveau 1": "mbo-1",
    "niveau 2": "mbo-2",
    "niveau 3": "mbo-3",
    "niveau 4": "mbo-4",
}
FIELD = {
    "Bouw en infra": "bouw-en-infra",
    "Informatie en communicatietechnologie": "ict",
    "Media en vormgeving": "media-en-vormgeving",
    "Mobiliteit en voertuigen": "mobiliteit-en-voertuigen",
    "Techniek en procesindustrie": "techniek-en-procesindustrie",
    "Hbo-ict": "hbo-ict",
    "technisch": "technisch",
    "niet-technisch": "niet-technisch",
    "bouw": "bouw",
}
TEACHER = [
    ("tweedegraads exacte hbo", "2e-graads-exact-hbo"),
    ("eerstegraads exacte hbo", "1e-graads-exact-hbo"),
    ("eerstegraads hbo", "1e-graads-hbo"),
    ("technisch", "technisch-beroepsgericht"),
    ("exacte universitaire", "exact-wo"),
    ("universitaire", "wo"),
    ("eerstegraads", "1e-graads"),
    ("tweedegraads", "2e-graads"),
]
KEYS = {
    "geslacht": "sex",
    "niveau": "education_level",
    "schoolsoort": "education_level",
    "leerweg": "education_level",
    "opleidingsniveau": "education_level",
    "landsdeel": "region",
    "domein": "field",
    "opleiding": "field",
    "studierichting": "field",
    "sector": "field",
    "opleidingstype": "teacher_training",
    "graad": "teacher_training",
    "beroepsniveau (ISCO)": "occupation_level",
    "bedrijfsgrootte": "company_size",
    "netwerk": "network",
    "vak": "subject",
}
# sources that write in English: their quoted evidence is marked as English in the note
ENGLISH_SOURCES = {"www.stemcoalition.eu", "stemcoalition.eu"}
ESTIMATE_WORDS = ("circa", "bijna", "zo'n", "ongeveer", "schatting", "naar schatting")
QUALIFIED_PERIODS = {"begin": 1, "eind": 4, "voorjaar": 2}


def edition_of(part: str) -> str | None:
    """'editie 2018', 'update 27-06-2024', 'Monitor 2016', '(editie 2020)' -> ISO edition."""
    if m := re.search(r"update (\d{2})-(\d{2})-(\d{4})", part):
        return f"{m.group(3)}-{m.group(2)}-{m.group(1)}"
    if m := re.search(r"(?:editie|[Mm]onitor|herziene UWV-methode \()\s*(\d{4})", part):
        return m.group(1)
    return None


def read_period(text: str) -> tuple[str, list[str], list[str], str]:
    """-> (period label, flags, notes, edition) or raise PeriodError."""
    notes: list[str] = []
    flags: list[str] = []
    edition = ""
    core = text.strip()
    if m := re.match(r"^(.*?)\s*\((.*)\)$", core):
        core, remark = m.group(1), m.group(2)
        if ed := edition_of(remark):
            edition = ed
        else:
            notes.append(remark)
    if m := re.match(r"^(begin|eind|voorjaar)\s+(\d{4})$", core):
        notes.append(f"periode in bron: '{core}'")
        return f"{m.group(2)}-Q{QUALIFIED_PERIODS[m.group(1)]}", flags, notes, edition
    if m := re.match(r"^circa\s+(\d{4})$", core):
        flags.append("estimate")
        notes.append(f"periode in bron: '{core}'")
        core = m.group(1)
    if re.match(r"^\d{4}-\d{4}$", core) and int(core[5:]) - int(core[:4]) == 1:
        raise PeriodError(f"{core!r}: a change between two years, not a figure for one period")
    return parse_period(core).label, flags, notes, edition


def read_breakdown(text: str) -> tuple[list[dict[str, str]], list[str], list[str], str]:
    """-> (one or more breakdowns, flags, notes, edition)."""
    dims: dict[str, str] = {}
    notes: list[str] = []
    flags: list[str] = []
    edition = ""
    both_sexes = False
    for raw in (p.strip() for p in re.split(r";(?![^()]*\))", text)):
        if not raw:
            continue
        if ed := edition_of(raw):
            edition = ed
            rest = re.sub(r"\s*\(?(editie|update|[Mm]onitor)[^)]*\)?", "", raw).strip()
            if rest and rest not in ("reeks", "VHTO tabel", "VHTO", "herziene UWV-methode"):
                notes.append(rest)
            elif rest:
                notes.append(raw)
            if "nieuwe mbo-techniekdefinitie" in raw:
                notes.append("nieuwe mbo-techniekdefinitie (editie 2018)")
            continue
        key, sep, value = raw.partition("=")
        if not sep:
            value_only = raw
            if value_only in TOTAL:
                continue
            if value_only.startswith("mbo+hbo"):
                dims["education_level"] = "mbo-hbo"
                rest = value_only.removeprefix("mbo+hbo").strip(" ()")
                if rest:
                    notes.append(rest)
                    if any(w in rest for w in ESTIMATE_WORDS):
                        flags.append("estimate")
                continue
            if value_only.startswith("landelijk"):
                value_only = value_only.removeprefix("landelijk").strip(" ()")
            if any(w in value_only for w in ESTIMATE_WORDS):
                flags.append("estimate")
            if "UWV-methode" in value_only:
                notes.append(value_only)
                continue
            if value_only:
                notes.append(value_only)
            continue
        key, value = key.strip(), value.strip()
        dim = KEYS.get(key)
        if dim is None:
            raise ValueError(f"unknown breakdown key {key!r} in {text!r}")
        value, _, remark = value.partition(" (")
        if remark:
            notes.append(remark.rstrip(")"))
        value = value.strip()
        if dim == "sex":
            if value == "man en vrouw":
                both_sexes = True
                notes.append("geldt voor jongens en meiden (gelijk aandeel)")
                continue
            if value in TOTAL:
                continue
            if value not in SEX:
                raise ValueError(f"sex {value!r}")
            dims[dim] = SEX[value]
        elif dim == "education_level":
            if value in TOTAL:
                continue
            dims[dim] = EDUCATION[value]
        elif dim == "region":
            dims[dim] = "tp-" + value.lower()
        elif dim == "field":
            dims[dim] = FIELD[value]
        elif dim == "teacher_training":
            dims[dim] = next(code for prefix, code in TEACHER if value.startswith(prefix))
        elif dim == "occupation_level":
            dims[dim] = f"isco-{value}"
        elif dim == "company_size":
            dims[dim] = value
        elif dim == "network":
            dims[dim] = "jet-net-technet"
        elif dim == "subject":
            dims[dim] = value
    if both_sexes:
        return [dims | {"sex": "female"}, dims | {"sex": "male"}], flags, notes, edition
    return [dims], flags, notes, edition


# The population an indicator is defined on: a breakdown naming it is the total, not a subgroup.
POPULATION = {
    "mbo_": "mbo",
    "ho_": "ho",
    "havovwo_": "havo-vwo",
    "vmbo_tech_share_y3": "vmbo-bb-kb-gl",
    "vmbo_tech_count_y3": "vmbo-bb-kb-gl",
    "pps_companies": "mbo-hbo",
    "pps_students": "mbo-hbo",
    "pps_teachers": "mbo-hbo",
    "pps_count": "mbo-hbo",
}


def drop_population(indicator: str, dims: dict[str, str]) -> dict[str, str]:
    for prefix, level in POPULATION.items():
        if indicator.startswith(prefix) and dims.get("education_level") == level:
            return {k: v for k, v in dims.items() if k != "education_level"}
    return dims


def number(text: str) -> str:
    value = float(text)
    return str(int(value)) if value.is_integer() else repr(value)


def convert(rows: list[dict[str, str]], units: dict[str, str]) -> tuple[list[dict], list[dict]]:
    kept: list[dict] = []
    excluded: list[dict] = []
    for line, row in enumerate(rows, start=2):
        indicator = row["indicator_id"]
        if "stand bij actualisatie doelen" in row["period"]:
            excluded.append(
                row
                | {
                    "line": line,
                    "reason": "baseline quoted in a goal text; "
                    "kept with the target in targets.yaml",
                }
            )
            continue
        try:
            period, pflags, pnotes, pedition = read_period(row["period"])
        except PeriodError as exc:
            excluded.append(row | {"line": line, "reason": f"no single reference period: {exc}"})
            continue
        breakdowns, bflags, bnotes, bedition = read_breakdown(row["breakdown"])
        unit_note = row["unit"].partition(" (")[2].rstrip(")")
        notes = pnotes + bnotes + ([unit_note] if unit_note else [])
        quote = "bron [en]" if urlsplit(row["source_url"]).hostname in ENGLISH_SOURCES else "bron"
        notes.append(f"{quote}: {row['evidence'].strip()}")
        flags = sorted(set(pflags + bflags + (["estimate"] if "circa" in unit_note else [])))
        for dims in breakdowns:
            out = {c: "" for c in COLUMNS}
            out |= drop_population(indicator, dims)
            out |= {
                "indicator": indicator,
                "period": period,
                "value": number(row["value"]),
                "unit": units[indicator],
                "flags": ",".join(flags),
                "source_url": row["source_url"],
                "source_edition": bedition or pedition,
                "note": " | ".join(dict.fromkeys(notes)),
                "_line": line,
            }
            kept.append(out)
    return kept, excluded


def resolve_duplicates(kept: list[dict]) -> list[dict]:
    """Rows with the same key, edition and source. Identical values merge; different values
    from one source stop the build. The same figure from two sources stays as two revisions,
    ordered so that a rounded or estimated value comes first and the precise one wins."""
    by_key: dict[tuple, dict] = {}
    out: list[dict] = []
    for row in kept:
        key = tuple(row[c] for c in ["indicator", "period", *DIMENSIONS, "source_edition"])
        full = (*key, row["source_url"])
        if full in by_key:
            first = by_key[full]
            if first["value"] != row["value"]:
                raise SystemExit(
                    f"lines {first['_line']} and {row['_line']}: one source, one figure, "
                    f"two values ({first['value']} vs {row['value']})"
                )
            continue
        by_key[full] = row
        out.append(row)

    def rough(row: dict) -> bool:
        return "afgerond" in row["note"] or "estimate" in row["flags"]

    return sorted(out, key=lambda r: (r["indicator"], r["period"], rough(r) is False))


def main(source: str) -> None:
    import yaml

    indicators = yaml.safe_load((DATA / "indicators.yaml").read_text(encoding="utf-8"))
    units = {i["code"]: i["unit"] for i in indicators["indicators"]}
    with open(source, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    kept, excluded = convert(rows, units)
    kept = resolve_duplicates(kept)
    with open(DATA / "observations.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    fields = ["line", *rows[0].keys(), "reason"]
    with open(DATA / "observations-excluded.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(excluded)
    print(f"{len(rows)} research rows -> {len(kept)} observations, {len(excluded)} excluded")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/techniekpact-observations.csv")
