"""Dutch first, English second: Babel message catalogs and locale-aware number formatting.

Templates are written in Dutch; `locale/en/LC_MESSAGES/messages.po` translates them through the
shared catalog of `techniekpact.i18n` (compiled in memory, so there is no generated file to
forget), the same one that translates CLI and import messages.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal
from babel.support import NullTranslations

from techniekpact import i18n as shared

LOCALES = shared.LANGUAGES
DEFAULT = shared.DEFAULT
LOCALE_DIR = shared.LOCALE_DIR


def translations(lang: str) -> NullTranslations:
    return shared.catalog(lang)


def pick(lang: str | None) -> str:
    return shared.pick(lang)


def number(value: float | None, lang: str, decimals: int = 1) -> str:
    """29 -> '29'; 1234.5 -> '1.234,5' (nl) or '1,234.5' (en)."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale="nl_NL" if lang == "nl" else "en_GB")


def quantity(value: float | None, unit: str, lang: str) -> str:
    if value is None:
        return "–"
    if unit == "%":
        return f"{number(value, lang)}%"
    return f"{number(value, lang)} {shared.unit_label(unit, lang)}"


NOTE_SEPARATOR = " | "
QUOTE_EN = "bron [en]: "


def note_parts(note: str) -> list[tuple[str, str]]:
    """A figure's note as (language, text) parts, so a page can mark the parts that are not in
    its language. Notes are Dutch (the editor's and the source's words); a source quotation in
    English is written `bron [en]: ...`."""
    parts: list[tuple[str, str]] = []
    for part in note.split(NOTE_SEPARATOR) if note else []:
        if part.startswith(QUOTE_EN):
            parts += [("nl", "bron:"), ("en", part.removeprefix(QUOTE_EN))]
        else:
            parts.append(("nl", part))
    return parts


def period_label(label: str) -> str:
    """School years read 2019/20 in both languages; quarters as 2023 Q4."""
    return label.replace("-Q", " Q")


def long_date(value: date | None, lang: str) -> str:
    """29 november 2026 / 29 November 2026."""
    if value is None:
        return ""
    return format_date(value, format="long", locale="nl_NL" if lang == "nl" else "en_GB")
