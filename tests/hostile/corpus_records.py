"""Hostile scheme catalogues and Kamer item files: wrong types, bad dates, hostile URLs, YAML
alias bombs, deep nesting, foreign encodings (issue 11, sections 2 and 5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.hostile.corpus import case, excel_csv, write

SCHEME: dict[str, Any] = {
    "code": "hostile-voucher",
    "name": "Testvoucher techniek",
    "provider": "Provincie Gelderland",
    "kinds": ["voucher"],
    "purposes": ["scholing"],
    "provinces": ["PV25"],
    "source_url": "https://www.gelderland.nl/voucher",
    "open_from": "2026-01-01",
    "open_until": "2026-12-31",
}

ITEM: dict[str, Any] = {
    "code": "toezegging-hostile-1",
    "kind": "commitment",
    "title": "Toezegging over de monitor",
    "text": "De minister stuurt de Kamer een overzicht.",
    "date": "2024-03-01",
    "due_date": "2024-12-31",
    "source_url": "https://www.tweedekamer.nl/kamerstukken/toezeggingen",
}


def scheme_json(name: str, change: dict[str, Any] | None = None, remove: str = "") -> None:
    item = SCHEME | (change or {})
    item.pop(remove, None)
    data = json.dumps([item], ensure_ascii=False).encode("utf-8")
    case(name)(lambda d: write(d, f"{name}.json", data))


def item_yaml(name: str, text: str) -> None:
    case(name)(lambda d: write(d, f"{name}.yaml", text.encode("utf-8")))


def item_json(name: str, change: dict[str, Any]) -> None:
    data = json.dumps({"items": [ITEM | change]}, ensure_ascii=False).encode("utf-8")
    case(name)(lambda d: write(d, f"{name}.json", data))


# --- schemes -----------------------------------------------------------------------------
scheme_json("scheme_valid", {"notes": "Aanvragen via het loket; max. € 5.000"})
scheme_json("scheme_name_number", {"name": 12345})
scheme_json("scheme_provider_list", {"provider": ["RVO", "Provincie"]})
scheme_json("scheme_code_integer", {"code": 2026})
scheme_json("scheme_kinds_string", {"kinds": "voucher"})
scheme_json("scheme_ended_string", {"ended": "nee"})
scheme_json("scheme_max_amount_number", {"max_amount": 5000})
scheme_json("scheme_date_with_time", {"open_from": "2026-01-01T09:00:00"})
scheme_json("scheme_date_february_30", {"open_until": "2026-02-30"})
scheme_json("scheme_windows_reversed", {"windows": [["2026-05-01", "2026-04-01"]]})
scheme_json(
    "scheme_rule_infinite",
    {"rules": [{"field": "employees", "op": "<", "value": 1e999, "label_nl": "mkb"}]},
)
scheme_json("scheme_unknown_province", {"provinces": ["PV99"]})
scheme_json(
    "scheme_url_javascript", {"source_url": "javascript://www.rvo.nl/%0aalert(document.domain)"}
)
scheme_json("scheme_url_mixed_case_javascript", {"source_url": "JaVaScRiPt:alert(1)"})
scheme_json("scheme_url_credentials", {"source_url": "https://user:pass@www.rvo.nl/"})
scheme_json("scheme_url_no_host", {"source_url": "https://"})
scheme_json("scheme_url_leading_space", {"source_url": " https://www.rvo.nl/"})
scheme_json("scheme_control_char_in_notes", {"notes": "regel\x00nul"})
scheme_json("scheme_missing_name", remove="name")


@case("scheme_deep_nesting")
def _(d: Path) -> Path:
    depth = 100_000
    return write(d, "diep.json", b"[" * depth + b"]" * depth)


@case("scheme_not_json")
def _(d: Path) -> Path:
    return write(d, "kapot.json", b'[{"code": "x", "name": ')


@case("scheme_yaml_alias_bomb")
def _(d: Path) -> Path:
    lines = ['a0: &a0 ["voucher", "voucher", "voucher", "voucher", "voucher"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 8) + "]")
    lines += [
        "schemes:",
        "  - code: bom",
        "    name: Bom",
        "    provider: RVO",
        "    kinds: *a11",
        "    purposes: [scholing]",
        "    source_url: https://www.rvo.nl/",
    ]
    return write(d, "bom.yaml", ("\n".join(lines) + "\n").encode())


@case("scheme_yaml_datetime")
def _(d: Path) -> Path:
    text = (
        "schemes:\n  - code: tijd\n    name: Tijdvoucher\n    provider: RVO\n"
        "    kinds: [voucher]\n    purposes: [scholing]\n    source_url: https://www.rvo.nl/\n"
        "    verified_on: 2026-01-05 10:30:00\n"
    )
    return write(d, "tijd.yaml", text.encode())


def scheme_csv(name: str, rows: list[list[str]], encoding: str = "cp1252") -> None:
    header = ["code", "name", "provider", "kinds", "purposes", "source_url", "notes"]
    case(name)(lambda d: write(d, f"{name}.csv", excel_csv(header, rows, encoding=encoding)))


SCHEME_ROW = [
    "csv-voucher",
    "Scholingsvoucher",
    "Provincie Fryslân",
    "voucher",
    "scholing;praktijkleren",
    "https://www.fryslan.frl/voucher",
    "Café-eigenaren welkom; € 2.500",
]
scheme_csv("scheme_csv_cp1252", [SCHEME_ROW])


@case("scheme_csv_unbalanced_quote")
def _(d: Path) -> Path:
    header = b"code;name;provider;kinds;purposes;source_url;notes\r\n"
    rows = b'a;"Open;RVO;voucher;scholing;https://www.rvo.nl/;x\r\nb;Twee;RVO;voucher;scholing;https://www.rvo.nl/;y\r\n'
    return write(d, "quote.csv", header + rows)


@case("scheme_csv_nul")
def _(d: Path) -> Path:
    header = b"code;name;provider;kinds;purposes;source_url;notes\r\n"
    return write(
        d, "nul.csv", header + b"a;Naam\x00;RVO;voucher;scholing;https://www.rvo.nl/;x\r\n"
    )


# --- Kamer items ---------------------------------------------------------------------------
item_json("item_valid", {"title": "Toezegging <b>over</b> de monitor & meer"})
item_yaml(
    "item_due_date_with_time",
    "items:\n  - code: toezegging-tijd\n    kind: commitment\n    title: Met tijd\n"
    "    due_date: 2024-05-01 10:00:00\n",
)
item_json("item_due_date_iso_time", {"due_date": "2024-05-01T10:00:00"})
item_json("item_due_date_integer", {"due_date": 20240501})
item_json("item_date_february_30", {"date": "2024-02-30"})
item_json("item_code_integer", {"code": 12345})
item_json("item_title_number", {"title": 42})
item_json("item_title_list", {"title": ["a", "b"]})
item_json("item_goals_string", {"goals": "2021-PPS"})
item_json("item_submitters_string", {"submitters": "Kerstens"})
item_json("item_submitter_name_number", {"submitters": [{"name": 7}]})
item_json("item_state_unknown", {"state": "klaar"})
item_json("item_kind_unknown", {"kind": "amendement"})
item_json(
    "item_url_javascript",
    {"source_url": "javascript://www.rijksoverheid.nl/%0aalert(document.domain)"},
)
item_json(
    "item_url_data", {"source_url": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="}
)
item_json("item_url_vbscript", {"source_url": "vbscript:msgbox(1)"})
item_json("item_url_protocol_relative", {"source_url": "//evil.example/x"})
item_json("item_url_credentials", {"source_url": "https://a:b@www.tweedekamer.nl/"})
item_json("item_url_newline", {"source_url": "https://www.tweedekamer.nl/\njavascript:alert(1)"})


@case("item_yaml_alias_bomb")
def _(d: Path) -> Path:
    lines = ['a0: &a0 ["2021-PPS", "2021-PPS", "2021-PPS", "2021-PPS", "2021-PPS"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 8) + "]")
    lines += [
        "items:",
        "  - code: toezegging-bom",
        "    kind: commitment",
        "    title: Bom",
        "    goals: *a11",
    ]
    return write(d, "bom.yaml", ("\n".join(lines) + "\n").encode())


@case("item_cp1252_yaml")
def _(d: Path) -> Path:
    text = (
        "items:\n  - code: toezegging-cp1252\n    kind: commitment\n"
        "    title: Financiële toezegging\n"
    )
    return write(d, "kamer-cp1252.yaml", text.encode("cp1252"))


@case("item_not_a_list")
def _(d: Path) -> Path:
    return write(d, "los.json", b'{"items": {"code": "x"}}')


@case("item_empty_file")
def _(d: Path) -> Path:
    return write(d, "leeg.yaml", b"")
