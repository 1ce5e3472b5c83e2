"""Field types for the pydantic models of the editors' record files, and their problems.

Scheme catalogues and Kamer items arrive as JSON, YAML or CSV, and a JSON or YAML value can be of
any type: a number where a name belongs, a list where a text belongs, a timestamp where a date
belongs. Each such value used to be stored as it came and broke every page that showed it. The
models are strict (a number is not a text, a list is not a text, a date with a time is not a
date), and a refusal becomes a `Problem` with the file, the record, the field, what was expected
and what was found, under a stable code of the problem catalogue.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import PlainValidator, ValidationError
from pydantic_core import PydanticCustomError

from techniekpact.i18n import _
from techniekpact.monitor.validation import Code, Problem, Report
from techniekpact.urls import url_problem

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
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


# a calendar date: a YAML date or the text JJJJ-MM-DD, never a timestamp or a number
IsoDate = Annotated[date | None, PlainValidator(_iso_date)]
# a web address that passes the one URL check (techniekpact.urls), or empty
WebAddress = Annotated[str | None, PlainValidator(_web_address)]
NumberText = Annotated[str | None, PlainValidator(_number_text)]


def wrong_type(expected: str) -> PydanticCustomError:
    """A refusal of a value of the wrong kind, saying what the field takes."""
    return PydanticCustomError("wrong_type", "expected {expected}", {"expected": expected})


def _expected(error: dict[str, Any]) -> str:
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
    if kind == "literal_error":
        return Code.UNKNOWN_CODE
    return Code.WRONG_TYPE


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "missing":
        return _("verplichte waarde ontbreekt")
    if kind == "extra_forbidden":
        return _("onbekend veld")
    if kind == "bad_date":
        return _("geen datum")
    if kind == "bad_url":
        return _("geen veilig webadres: {reason}", reason=error["ctx"]["reason"])
    if kind == "literal_error":
        return _("onbekende waarde")
    if kind == "string_too_long":
        return _("te lang")
    if kind == "string_too_short":
        return _("leeg")
    return _("verkeerd soort waarde")


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
    """What the file held, short and typed: 2024 (a number) is not '2024' (a text)."""
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= FOUND_LENGTH else text[: FOUND_LENGTH - 1] + "…"


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


def read_limited(path: Path, limit: int, report: Report) -> bytes | None:
    """The file's bytes, or None (with a problem) when it is larger than `limit`.

    Read at most one byte past the limit, so a file that grows while it is read (or a device
    that never ends) is bounded too."""
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        report.add(
            Problem(
                Code.FILE_TOO_LARGE,
                _("bestand groter dan de grens van {n} bytes", n=limit),
                report.file,
                expected=_("ten hoogste {n} bytes (TECHNIEKPACT_MAX_IMPORT_BYTES)", n=limit),
                found=_("meer dan {n} bytes", n=limit),
            )
        )
        return None
    return data
