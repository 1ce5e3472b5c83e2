"""The seed hook: a fresh database gets the series computed from the bundled DUO files.

Runs after the monitor's own seed, in the same transaction (`bootstrap.open_database`), through
the same run as `techniekpact sources import duo` (`sources.run`), so the bundled figures carry
their lineage like any computed figure. Only the full files are seeded: the two gediplomeerden
files are 200-row samples, whose totals are not the country's.

The plausibility warnings of the bundled DUO files are reviewed and accepted: DUO moved the
level-1 (Entree) programmes from their sectors to "combinatie van sectoren" between 2015 and
2018, so the level-1 series falls from 5,169 bèta-technical students (2015) to 0 (2019);
that is DUO's classification, shown as it is (docs/decisions.md).
"""

from __future__ import annotations

from contextlib import ExitStack
from importlib import resources
from pathlib import Path

from sqlalchemy.orm import Session

from techniekpact.monitor.store import load_catalogue
from techniekpact.sources import duo_tables
from techniekpact.sources.duo import CONNECTOR
from techniekpact.sources.run import RunSummary, prepare, store


def seed_sources(session: Session) -> RunSummary:
    _url, files = duo_tables.manifest()
    with ExitStack() as stack:
        paths = [
            str(stack.enter_context(resources.as_file(duo_tables.DUO_DATA / f.file)))
            for f in files
            if f.seed
        ]
        prepared = prepare(CONNECTOR, [str(Path(p)) for p in paths], load_catalogue(session))
    return store(session, prepared, kind="seed", accept_warnings=True)
