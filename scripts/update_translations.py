"""Refresh the English catalog from the templates: extract, merge, and list what is missing.

    pybabel extract -F babel.cfg -o /tmp/messages.pot --no-location .
    python scripts/update_translations.py /tmp/messages.pot

Existing translations are kept; new Dutch strings appear untranslated and are reported (the
test suite fails on an untranslated string, so none slips through). The CLI's help texts are
added from the command tree itself (`techniekpact.cli.help_texts`): most are docstrings, which
the extractor does not read.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parents[1] / "src/techniekpact/locale/en/LC_MESSAGES/messages.po"


def main(pot_path: str) -> None:
    with open(pot_path, "rb") as fh:
        template = read_po(fh)
    from techniekpact.cli import help_texts

    for text in help_texts():
        if text not in template:
            template.add(text)
    if PO.exists():
        with open(PO, "rb") as fh:
            catalog = read_po(fh, locale="en")
    else:
        catalog = Catalog(locale="en", project="techniekpact")
    catalog.update(template, no_fuzzy_matching=True)
    with open(PO, "wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, ignore_obsolete=True)
    missing = [m.id for m in catalog if m.id and not m.string]
    print(f"{len(missing)} untranslated", *missing, sep="\n  ")


if __name__ == "__main__":
    main(sys.argv[1])
