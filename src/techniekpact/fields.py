"""Field types for the pydantic models of the editors' record files, and their problems.

Scheme catalogues and Kamer items arrive as JSON, YAML or CSV, and a JSON or YAML value can be of
any type: a number where a name belongs, a list where a text belongs, a timestamp where a date
belongs. Each such value used to be stored as it came and broke every page that showed it. The
models are strict (a number is not a text, a list is not a text, a date with a time is not a
date), and a refusal becomes a `Problem` with the file, the record, the field, what was expected
and what was found, under a stable code of the problem catalogue.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, PlainValidator, StrictStr, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from techniekpact.i18n import _
from techniekpact.problems import Code, Problem, Report
from techniekpact.urls import url_problem

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# invisible characters no editor types on purpose: C0 controls (tab and line ends are text),
# DEL, C1, the bidirectional overrides that make text read differently from what it holds, and
# lone surrogates (JSON's "\ud800": no UTF-8 for them, so PostgreSQL could not store them)
CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
FOUND_LENGTH = 80


def _iso_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("bad_date", "not a date")


def _web_address(value: Any) -> str | None:
    if value is None or value == "":
        return value
    reason = url_problem(value)
    if reason is not None:
        raise PydanticCustomError("bad_url", "{reason}", {"reason": reason})
    return str(value)


def _number_text(value: Any) -> str | None:
    """A Kamerstuk number or dossier: written as text or as a whole number (YAML's 391)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise wrong_type(_("tekst"))


def _plain_text(value: str) -> str:
    if (bad := CONTROL.search(value)) is not None:
        raise PydanticCustomError(
            "control_character", "{point}", {"point": f"U+{ord(bad.group()):04X}"}
        )
    return value


# a text as an editor writes it: a string (never a number or a list), no control characters
PlainText = Annotated[StrictStr, AfterValidator(_plain_text)]
# a calendar date: a YAML date or the text JJJJ-MM-DD, never a timestamp or a number
IsoDate = Annotated[date | None, PlainValidator(_iso_date)]
# a web address that passes the one URL check (techniekpact.urls), or empty
WebAddress = Annotated[str | None, PlainValidator(_web_address)]
NumberText = Annotated[str | None, PlainValidator(_number_text)]


def wrong_type(expected: str) -> PydanticCustomError:
    """A refusal of a value of the wrong kind, saying what the field takes."""
    return PydanticCustomError("wrong_type", "expected {expected}", {"expected": expected})


def _expected(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "wrong_type":
        return str(error["ctx"]["expected"])
    if kind in ("string_type", "string_too_short"):
        return _("tekst")
    if kind == "string_too_long":
        return _("tekst van ten hoogste {n} tekens", n=error.get("ctx", {}).get("max_length"))
    if kind in ("list_type", "tuple_type"):
        return _("een lijst")
    if kind in ("too_short", "too_long"):
        return _("een lijst van twee datums")
    if kind == "bool_type":
        return _("true of false")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return _("een object")
    if kind in ("int_type", "float_type", "finite_number"):
        return _("een getal")
    if kind == "literal_error":
        return str(error.get("ctx", {}).get("expected", ""))
    if kind == "bad_date":
        return _("JJJJ-MM-DD")
    if kind == "bad_url":
        return "https://..."
    if kind == "control_character":
        return _("tekst zonder stuurtekens")
    return ""


def _code(kind: str) -> str:
    if kind == "missing":
        return Code.MISSING_VALUE
    if kind == "extra_forbidden":
        return Code.UNKNOWN_FIELD
    if kind == "bad_date":
        return Code.BAD_DATE
    if kind == "bad_url":
        return Code.BAD_URL
    if kind == "control_character":
        return Code.CONTROL_CHARACTER
    if kind == "literal_error":
        return Code.UNKNOWN_CODE
    return Code.WRONG_TYPE


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "missing":
        return _("verplichte waarde ontbreekt")
    if kind == "extra_forbidden":
        return _("onbekend veld")
    if kind == "bad_date":
        return _("geen datum")
    if kind == "bad_url":
        return _("geen veilig webadres: {reason}", reason=error["ctx"]["reason"])
    if kind == "control_character":
        return _("onzichtbaar stuurteken {point} in de tekst", point=error["ctx"]["point"])
    if kind == "literal_error":
        return _("onbekende waarde")
    if kind == "string_too_long":
        return _("te lang")
    if kind == "string_too_short":
        return _("leeg")
    return _("verkeerd soort waarde: {kind}", kind=kind_of(error["input"]))


def kind_of(value: Any) -> str:
    """The kind of a JSON or YAML value, as the editor would call it."""
    if value is None:
        return _("leeg (null)")
    if isinstance(value, bool):
        return _("true of false")
    if isinstance(value, int | float):
        return _("een getal")
    if isinstance(value, str):
        return _("tekst")
    if isinstance(value, list | tuple):
        return _("een lijst")
    if isinstance(value, dict):
        return _("een object")
    if isinstance(value, datetime):
        return _("een datum met tijd")
    if isinstance(value, date):
        return _("een datum")
    return type(value).__name__


def field_name(location: tuple[int | str, ...]) -> str:
    """`('submitters', 0, 'name')` as the editor reads it: `submitters[1].name`."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + part
    return text


def found(value: Any) -> str:
    """What the file held, short, in JSON's spelling where it is not a text (true, null).

    Written piece by piece and cut at the length shown: a YAML alias bomb is a small file whose
    values expand to billions of elements, and must not be expanded to be quoted."""
    if isinstance(value, str):
        text = value
    else:
        pieces: list[str] = []
        _spell(value, pieces, FOUND_LENGTH + 1, 0)
        text = "".join(pieces)
    return text if len(text) <= FOUND_LENGTH else text[: FOUND_LENGTH - 1] + "…"


def _spell(value: Any, pieces: list[str], budget: int, depth: int) -> int:
    """Append `value` in JSON's spelling until `budget` characters are written; the rest left."""
    if budget <= 0 or depth > 20:
        return 0
    if isinstance(value, list | tuple | dict):
        opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
        pieces.append(opening)
        budget -= 1
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for number, (key, item) in enumerate(items):
            if budget <= 0:
                return 0
            if number:
                pieces.append(", ")
                budget -= 2
            if isinstance(value, dict):
                key_text = json.dumps(str(key), ensure_ascii=False) + ": "
                pieces.append(key_text)
                budget -= len(key_text)
            budget = _spell(item, pieces, budget, depth + 1)
        pieces.append(closing)
        return budget - 1
    text = json.dumps(value, ensure_ascii=False, default=str)[:budget]
    pieces.append(text)
    return budget - len(text)


def add_problems(error: ValidationError, report: Report, row: int) -> None:
    """One positioned problem per refused value of one record."""
    for detail in error.errors(include_url=False):
        missing = detail["type"] == "missing"
        report.add(
            Problem(
                _code(detail["type"]),
                _message(detail),
                report.file,
                row=row,
                column=field_name(detail["loc"]),
                expected=_("een waarde") if missing else _expected(detail),
                found="" if missing else found(detail["input"]),
            )
        )
