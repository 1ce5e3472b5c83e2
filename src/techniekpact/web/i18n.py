"""Dutch first, English second: Babel message catalogs and locale-aware number formatting.

Templates are written in Dutch; `locale/en/LC_MESSAGES/messages.po` translates them. The .po
file is compiled in memory when the app starts, so there is no generated file to forget.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LOCALES = ("nl", "en")
DEFAULT = "nl"
LOCALE_DIR = Path(__file__).parent / "locale"


@cache
def translations(lang: str) -> NullTranslations:
    if lang == DEFAULT:
        return NullTranslations()
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        catalog = read_po(fh, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def pick(lang: str | None) -> str:
    return lang if lang in LOCALES else DEFAULT


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
    return f"{number(value, lang)} {unit}"


def period_label(label: str) -> str:
    """School years read 2019/20 in both languages; quarters as 2023 Q4."""
    return label.replace("-Q", " Q")


def long_date(value: object, lang: str) -> str:
    """29 november 2026 / 29 November 2026."""
    if value is None:
        return ""
    return format_date(value, format="long", locale="nl_NL" if lang == "nl" else "en_GB")
