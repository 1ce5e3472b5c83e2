"""Editors' catalogue files (JSON or CSV) to validated Scheme records: all or nothing.

The layout is the one of data/schemes.yaml. In CSV, list fields are separated by ";", windows
are written `2025-01-01..2025-01-31`, and rules `employees < 250 [mkb: minder dan 250
werknemers]`. Every problem names the file, the row (CSV) or item number (JSON), the column
or field, what was expected and what was found.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from techniekpact.fields import add_problems
from techniekpact.fields import found as shown
from techniekpact.i18n import _
from techniekpact.problems import ImportRejected, Problem, Report
from techniekpact.regions import province_names
from techniekpact.schemes.catalogue import APPLICANTS, KINDS, PURPOSES, TRANSLATED, Scheme
from techniekpact.schemes.eligibility import LEGAL_FORMS
from techniekpact.schemes.loader import scheme_from_dict
from techniekpact.schemes.schema import checked
from techniekpact.schemes.sources import SOURCE_KINDS
from techniekpact.settings import DEFAULT_MAX_IMPORT_BYTES
from techniekpact.textfiles import read_limited, read_rows


class SchemeCode(StrEnum):
    NOT_TABULAR = "not-tabular"
    EMPTY = "empty-file"
    BAD_JSON = "bad-json"
    MISSING_COLUMN = "missing-column"
    UNKNOWN_COLUMN = "unknown-column"
    MISSING_VALUE = "missing-value"
    UNKNOWN_CODE = "unknown-code"
    BAD_DATE = "bad-date"
    BAD_RULE = "bad-rule"
    BAD_URL = "bad-url"
    DUPLICATE = "duplicate-row"


REQUIRED = ("code", "name", "provider", "kinds", "purposes", "source_url")
LISTS = ("kinds", "purposes", "provinces", "sectors", "keywords")
DATES = ("open_from", "open_until", "verified_on")
BOOLS = ("ended", "closed_by_source", "status_unknown")
TEXT: tuple[str, ...] = (
    "source_kind",
    "abbreviation",
    "provider_kind",
    "applicant",
    "target_group",
    "description",
    "size_limits",
    "sector_text",
    "region_text",
    "allocation",
    "max_amount",
    "source_status",
    "notes",
)
TEXT += tuple(f"{name}_en" for name in TRANSLATED)
KNOWN = set(REQUIRED) | set(LISTS) | set(DATES) | set(BOOLS) | set(TEXT) | {"rules", "windows"}
RULE = re.compile(r"^\s*(\w+)\s*(<=|>=|<|>)\s*([\d.]+)\s*\[(.+)\]\s*$")
SBI = set("ABCDEFGHIJKLMNOPQRSTU")
# how a spreadsheet writes a yes/no column
YES = ("1", "ja", "true", "yes", "waar")
NO = ("", "0", "nee", "false", "no", "onwaar")


def read(path: Path, max_bytes: int = DEFAULT_MAX_IMPORT_BYTES) -> list[Scheme]:
    """Validate a catalogue file; raise ImportRejected listing every problem."""
    report = Report(file=path.name)
    data = read_limited(path, max_bytes, report)
    if data is None:
        raise ImportRejected(report)
    suffix = path.suffix.lower()
    if suffix in (".json", ".yaml", ".yml"):
        # YAML is the bundled catalogue's own format (data/schemes.yaml), JSON a subset of it
        try:
            text = data.decode("utf-8-sig")
            loaded = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
        except (UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError, RecursionError) as exc:
            kind = "JSON" if suffix == ".json" else "YAML"
            reason = _("te diep genest") if isinstance(exc, RecursionError) else exc
            mark = getattr(exc, "problem_mark", None)
            report.add(
                Problem(
                    SchemeCode.BAD_JSON,
                    _("geen geldige {kind} ({reason})", kind=kind, reason=reason),
                    report.file,
                    row=mark.line + 1 if mark is not None else getattr(exc, "lineno", None),
                )
            )
            raise ImportRejected(report) from None
        items = loaded.get("schemes", loaded) if isinstance(loaded, dict) else loaded
        if not isinstance(items, list):
            report.add(
                Problem(SchemeCode.BAD_JSON, _("verwacht een lijst regelingen"), report.file)
            )
            raise ImportRejected(report)
        records = [(i + 1, item) for i, item in enumerate(items)]
    else:
        # encoding, quotes, line ends and ragged rows: the rules of every CSV import
        header, rows = read_rows(data, report)
        if not report.ok:
            raise ImportRejected(report)
        records = [(number, _from_csv(row)) for number, row in rows]
        if extra := set(header) - KNOWN - {""}:
            for column in sorted(extra):
                report.add(
                    Problem(
                        SchemeCode.UNKNOWN_COLUMN,
                        _("onbekende kolom"),
                        report.file,
                        row=1,
                        column=column,
                    )
                )
    if not records:
        report.add(Problem(SchemeCode.EMPTY, _("geen regelingen in het bestand"), report.file))
    schemes = [s for position, item in records if (s := _validate(item, position, report))]
    seen: dict[str, int] = {}
    for position, item in records:
        code = item.get("code") if isinstance(item, dict) else None
        if not isinstance(code, str):
            continue  # a code of the wrong type is reported by the record's own check
        if code in seen:
            report.add(
                Problem(
                    SchemeCode.DUPLICATE,
                    _("code komt ook voor op positie {first}", first=seen[code]),
                    report.file,
                    row=position,
                    column="code",
                    found=str(code),
                )
            )
        elif code:
            seen[code] = position
    if not report.ok:
        raise ImportRejected(report)
    return schemes


def _from_csv(row: dict[str, str]) -> dict[str, Any]:
    # a column not in the layout is reported once, as unknown-column in the header (`read`)
    item: dict[str, Any] = {k: (v or "").strip() for k, v in row.items() if k in KNOWN}
    for key in LISTS:
        if key in item:
            item[key] = [p.strip() for p in item[key].split(";") if p.strip()]
    for key in BOOLS:
        if key in item:
            word = item[key].lower()
            if word in YES or word in NO:
                item[key] = word in YES
            # anything else stays text, which the record's own check refuses as wrong-type
    if "windows" in item:
        item["windows"] = [w.split("..") for w in item["windows"].split(";") if w.strip()]
    if "rules" in item:
        item["rules"] = [r for r in item["rules"].split(";") if r.strip()]
    return item


def _validate(item: Any, position: int, report: Report) -> Scheme | None:
    def problem(
        code: SchemeCode, column: str, message: str, expected: str = "", found: Any = ""
    ) -> None:
        report.add(
            Problem(
                code,
                message,
                report.file,
                row=position,
                column=column,
                expected=expected,
                found=found if isinstance(found, str) else shown(found),
            )
        )

    if not isinstance(item, dict):
        problem(SchemeCode.BAD_JSON, "", _("een regeling moet een object zijn"), "object", item)
        return None
    # counted with the suppressed ones: once the report is full, problems stop being listed
    # but the record is still bad
    before = len(report.problems) + report.suppressed
    if isinstance(item.get("rules"), list):
        # a CSV rule is written as text (`employees < 250 [mkb]`): read it into its fields
        parsed = []
        for written in item["rules"]:
            rule = _rule_text(written) if isinstance(written, str) else written
            if rule is None:
                problem(
                    SchemeCode.BAD_RULE,
                    "rules",
                    _("regel niet te lezen"),
                    _("veld < getal [uitleg], velden: employees, turnover_meur, age_years"),
                    written,
                )
                continue
            parsed.append(rule)
        item = item | {"rules": parsed}
    try:
        item = checked(item)
    except ValidationError as exc:
        add_problems(exc, report, position)
        return None
    for key in REQUIRED:
        if not item.get(key):
            problem(
                SchemeCode.MISSING_VALUE, key, _("verplichte waarde ontbreekt"), _("een waarde")
            )
    checks = (
        ("kinds", KINDS),
        ("purposes", tuple(PURPOSES)),
        ("provinces", tuple(province_names())),
        ("sectors", tuple(SBI)),
    )
    for key, allowed in checks:
        for value in item.get(key) or []:
            if value not in allowed:
                problem(
                    SchemeCode.UNKNOWN_CODE,
                    key,
                    _("onbekende code voor {column}", column=key),
                    ", ".join(sorted(allowed))[:80],
                    value,
                )
    if item.get("applicant") and item["applicant"] not in APPLICANTS:
        problem(
            SchemeCode.UNKNOWN_CODE,
            "applicant",
            _("onbekende aanvrager"),
            ", ".join(APPLICANTS),
            item["applicant"],
        )
    if item.get("source_kind") and item["source_kind"] not in SOURCE_KINDS:
        problem(
            SchemeCode.UNKNOWN_CODE,
            "source_kind",
            _("onbekende soort bron"),
            ", ".join(SOURCE_KINDS),
            item["source_kind"],
        )
    for number, window in enumerate(item.get("windows") or [], start=1):
        if None in window or window[0] > window[1]:
            problem(
                SchemeCode.BAD_DATE,
                f"windows[{number}]",
                _("ongeldige aanvraagperiode"),
                _("JJJJ-MM-DD..JJJJ-MM-DD"),
                "..".join(str(d or "") for d in window),
            )
    for number, rule in enumerate(item.get("rules") or [], start=1):
        if not _rule_makes_sense(rule):
            problem(
                SchemeCode.BAD_RULE,
                f"rules[{number}]",
                _("regel klopt niet"),
                _(
                    "employees, turnover_meur, balance_meur of age_years met < <= > >= en "
                    "een getal; legal_form met in en een lijst rechtsvormen"
                ),
                f"{rule['field']} {rule['op']} {rule['value']}",
            )
    if len(report.problems) + report.suppressed > before:
        return None
    return scheme_from_dict(item)


def _rule_makes_sense(rule: dict[str, Any]) -> bool:
    """A limit compares a number; `legal_form in` lists known legal forms."""
    if rule["field"] == "legal_form":
        return (
            rule["op"] == "in"
            and isinstance(rule["value"], list)
            and all(v in LEGAL_FORMS for v in rule["value"])
        )
    return rule["op"] != "in" and isinstance(rule["value"], float)


def _rule_text(rule: str) -> dict[str, Any] | None:
    """A rule as CSV writes it, `employees < 250 [mkb: minder dan 250 werknemers]`."""
    m = RULE.match(rule)
    if not m:
        return None
    try:
        value = float(m.group(3))
    except ValueError:
        return None
    return {"field": m.group(1), "op": m.group(2), "value": value, "label_nl": m.group(4)}
