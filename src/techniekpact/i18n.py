"""One language at a time, for every message the project writes: pages, CLI and import problems.

Messages are written in Dutch in the code and the templates; the Dutch text is the key, and the
English catalog (`locale/en/LC_MESSAGES/messages.po`, compiled in memory) translates it.
`babel.cfg` extracts `_()` and `N_()` from the Python sources as well as the templates, so a
message without its English translation fails the suite wherever it is written.

The language is the context's, not a parameter threaded through every function: the web sets it
per request (`?lang=`, cookie), the CLI from `--lang` or the environment (`LANG=en_US.UTF-8`);
Dutch otherwise. A message is translated when it is made, so one message is in one language.
Content with a language of its own (bundled names and descriptions) carries both and is chosen
with `text()`.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LANGUAGES = ("nl", "en")
DEFAULT = "nl"
LOCALE_DIR = Path(__file__).parent / "locale"
# POSIX order: the first of these that is set decides the language of messages
ENVIRONMENT = ("LC_ALL", "LC_MESSAGES", "LANG")

_language: ContextVar[str] = ContextVar("techniekpact_language", default=DEFAULT)


@cache
def catalog(lang: str) -> NullTranslations:
    """The compiled catalog of a language; Dutch (the source language) translates to itself."""
    if lang == DEFAULT or lang not in LANGUAGES:
        return NullTranslations()
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        po = read_po(fh, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, po)
    buffer.seek(0)
    return Translations(buffer)


def pick(lang: str | None) -> str:
    """A supported language code, Dutch for anything else."""
    return lang if lang in LANGUAGES else DEFAULT


def current() -> str:
    return _language.get()


def set_language(lang: str | None) -> str:
    """Set the language of this context (a request, a CLI run); returns the language chosen."""
    chosen = pick(lang)
    _language.set(chosen)
    return chosen


@contextmanager
def using(lang: str | None) -> Iterator[str]:
    """Messages made inside the block are in `lang`."""
    token = _language.set(pick(lang))
    try:
        yield token.var.get()
    finally:
        _language.reset(token)


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """'en' when the locale environment asks for English (LANG=en_US.UTF-8), else Dutch."""
    environ = os.environ if environ is None else environ
    for name in ENVIRONMENT:
        value = environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else DEFAULT
    return DEFAULT


def gettext(message: str, lang: str | None = None) -> str:
    """`message` (Dutch) in `lang`, or in the context's language."""
    return catalog(pick(lang or current())).gettext(message)


def _(message: str, /, **params: object) -> str:
    """Translate a Dutch message into the context's language, then fill in `{name}` fields.

    The fields are filled after translating, so the catalog holds one entry per message, not
    one per value.
    """
    text = gettext(message)
    return text.format(**params) if params else text


def ngettext(singular: str, plural: str, n: int, /, **params: object) -> str:
    """The Dutch singular or plural for count `n`, translated, then `{name}` fields filled in
    (as `_`). English and Dutch share the rule "one is singular", so both keys are Dutch."""
    text = catalog(pick(current())).ngettext(singular, plural, n)
    return text.format(**params) if params else text


def N_(message: str) -> str:
    """Mark a Dutch message for the catalog without translating it yet (labels in tables)."""
    return message


def text(obj: object, field: str, lang: str | None = None) -> str:
    """A content field in the language: `field_en` for English when filled, else the Dutch
    `field_nl` (or plain `field`, as the schemes name their Dutch texts).

    Falling back to Dutch keeps an editor's untranslated item readable; the bundled content has
    English throughout and a test checks English pages for Dutch.
    """
    lang = pick(lang or current())
    if lang != DEFAULT:
        value = getattr(obj, f"{field}_{lang}", "") or ""
        if value:
            return str(value)
    dutch = getattr(obj, f"{field}_nl", None)
    return str((getattr(obj, field, "") if dutch is None else dutch) or "")


@cache
def _units() -> dict[str, dict[str, str]]:
    import yaml

    path = Path(__file__).parent / "data" / "indicators.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data.get("units", {}) or {}


def unit_label(unit: str, lang: str | None = None) -> str:
    """A unit as a reader of `lang` writes it ('leerlingen' -> 'pupils'); units are codes in
    the data (an import names them), their labels are in data/indicators.yaml (`units:`)."""
    labels = _units().get(unit, {})
    return labels.get(pick(lang or current()), "") or labels.get(DEFAULT, "") or unit


# Numbers, quantities, periods and dates as a reader of each language writes them: the pages,
# the chart credits, the map legend and (later) the yearly report all format through these.
NUMBER_LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def number(value: float | None, lang: str, decimals: int = 1) -> str:
    """29 -> '29'; 1234.5 -> '1.234,5' (nl) or '1,234.5' (en); None -> '–'."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=NUMBER_LOCALES[pick(lang)])


def quantity(value: float | None, unit: str, lang: str) -> str:
    """A number with its unit: '29,5%', '1.234 leerlingen' / '1,234 pupils'."""
    if value is None:
        return "–"
    if unit == "%":
        return f"{number(value, lang)}%"
    return f"{number(value, lang)} {unit_label(unit, lang)}"


def period_label(label: str) -> str:
    """School years read 2019/20 in both languages; quarters as 2023 Q4."""
    return label.replace("-Q", " Q")


def long_date(value: date | None, lang: str) -> str:
    """29 november 2026 / 29 November 2026."""
    if value is None:
        return ""
    return format_date(value, format="long", locale=NUMBER_LOCALES[pick(lang)])


NOTE_SEPARATOR = " | "
QUOTE_EN = "bron [en]: "


def note_parts(note: str) -> list[tuple[str, str]]:
    """A figure's note as (language, text) parts, so a reader can mark the parts that are not in
    its language. Notes are Dutch (the editor's and the source's words); a source quotation in
    English is written `bron [en]: ...`."""
    parts: list[tuple[str, str]] = []
    for part in note.split(NOTE_SEPARATOR) if note else []:
        if part.startswith(QUOTE_EN):
            parts += [("nl", "bron:"), ("en", part.removeprefix(QUOTE_EN))]
        else:
            parts.append(("nl", part))
    return parts
