"""The site's side of the languages: which languages a visitor can choose and the catalog a
template is rendered with.

Templates are written in Dutch; `techniekpact/locale/en/LC_MESSAGES/messages.po` translates them
through the shared catalog of `techniekpact.i18n` (compiled in memory, so there is no generated
file to forget), the same one that translates CLI and import messages. Formatting numbers,
quantities and dates is the shared core's too (`techniekpact.i18n.number`, ...): the content
layer and the report format with it as the pages do.
"""

from __future__ import annotations

from babel.support import NullTranslations

from techniekpact import i18n as shared

LOCALES = shared.LANGUAGES
DEFAULT = shared.DEFAULT


def translations(lang: str) -> NullTranslations:
    """The catalog the page's templates are rendered with (`_()` in Jinja)."""
    return shared.catalog(lang)


def pick(lang: str | None) -> str:
    """The page's language from what the visitor asked (`?lang=`, cookie); Dutch otherwise."""
    return shared.pick(lang)
