"""Answers that change only with an import, kept per database and data version.

Every change to what the monitor shows goes through an import (figures, indicator metadata, the
seed, scheme catalogues and Kamer syncs all write a `ChangeRecord`), so the newest import is a
data version: one indexed lookup. Lists that read every goal, target and series (the goals with
their assessed status, the targets assessed, the indicators with their counts, the trend
assessments) are asked by most pages and by every search; rebuilding them per request cost a
search page about 45 statements and 20 ms, which under a flood of searches with random words
kept both workers busy. They are kept here per database URL, data version and arguments, like
the response cache keeps whole pages. Callers that hand out a list return a copy of it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from techniekpact.changes import data_version
from techniekpact.db import bound_url

T = TypeVar("T")
# answers one process keeps (a worker opens one database; a test run opens many)
KEEP = 64

_known: OrderedDict[tuple[Hashable, ...], Any] = OrderedDict()
_guard = threading.Lock()


def remembered(
    session: Session, name: str, args: tuple[Hashable, ...], build: Callable[[], T]
) -> T:
    """`build()`'s answer for this database and data version, built once.

    Two requests that miss at the same moment both build; the answers are equal, so the second
    simply replaces the first."""
    key = (bound_url(session), *data_version(session), name, *args)
    with _guard:
        if key in _known:
            _known.move_to_end(key)
            return _known[key]
    found = build()
    with _guard:
        _known[key] = found
        while len(_known) > KEEP:
            _known.popitem(last=False)
    return found


def forget() -> None:
    """Drop every kept answer (tests that change a database behind an import's back)."""
    with _guard:
        _known.clear()
