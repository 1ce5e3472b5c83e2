"""Figure search from an in-memory index, rebuilt when the data version changes.

Search finds current figures whose note or period contains the words typed (any case, anywhere
in the text). In SQL that is `lower(note) LIKE '%x%'`, which no B-tree index serves: every
search read every current figure, and with a million figures loaded a flood of searches held the
workers for minutes. Trigram indexes (PostgreSQL pg_trgm, SQLite FTS5) would serve it but need
an extension, a different query per engine and index upkeep in every import; and they do not
help the 50 first hits in display order when a short needle matches most figures.

Notes and periods repeat: a million figures carry a few hundred distinct texts. The index keeps
each distinct text once (lower-cased, joined into one string that `str.find` scans in C) and
every current figure's id with the codes of its two texts, in display order (indicator code,
period, id) in a polars frame. A search finds the matching texts, keeps the figures that carry
one (a vectorised `is_in`) and reads the first `limit` of them by primary key. The index is per
process, built once per data version (the highest import id: every change to the figures is an
import), in id ranges so that no single statement runs long (techniekpact/statements.py).
docs/decisions.md "Load bounds" has the measurements.
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from dataclasses import dataclass

import polars as pl
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from techniekpact.changes import data_version
from techniekpact.db import bound_url
from techniekpact.monitor.models import Indicator

CHUNK = 100_000
SEPARATOR = "\x00"  # never in a needle: the app refuses NUL in a request (web/errors.py)
KEEP = 4  # indexes kept per process (one per database; tests open many)


@dataclass(frozen=True)
class FigureIndex:
    version: tuple[object, ...]
    joined: str  # every distinct lower-cased note and period, SEPARATOR after each
    starts: list[int]  # where each text begins in `joined`
    figures: pl.DataFrame  # id, note (text code), period (text code); in display order

    def matching(self, needle: str) -> list[int]:
        """Codes of the texts containing `needle`."""
        codes: list[int] = []
        at = self.joined.find(needle)
        while at != -1:
            code = bisect.bisect_right(self.starts, at) - 1
            codes.append(code)
            following = code + 1
            if following == len(self.starts):
                break
            at = self.joined.find(needle, self.starts[following])
        return codes

    def search(self, needle: str, limit: int) -> list[int]:
        """Ids of the first `limit` current figures (display order) whose note or period
        contains `needle`, already lower-cased."""
        codes = self.matching(needle)
        if not codes:
            return []
        hits = self.figures.filter(pl.col("note").is_in(codes) | pl.col("period").is_in(codes))
        return hits.head(limit)["id"].to_list()


def build(session: Session, version: tuple[object, ...]) -> FigureIndex:
    """The index of the current figures, read in primary-key ranges of CHUNK rows.

    Read as raw driver rows: an ISO date string from SQLite sorts as the date does, and
    skipping the per-value conversion to `date` makes the build several times faster."""
    ranks = [
        indicator_id
        for (indicator_id,) in session.execute(select(Indicator.id).order_by(Indicator.code))
    ]
    chunks: list[pl.DataFrame] = []
    last = 0
    connection = session.connection()
    while True:
        result = connection.execute(_CHUNK, {"last": last, "chunk": CHUNK})
        # the driver's plain tuples: building a Row per figure doubles the build time
        rows = result.cursor.fetchall()
        result.close()
        if not rows:
            break
        chunks.append(pl.DataFrame(dict(zip(_COLUMNS, zip(*rows, strict=True), strict=True))))
        last = rows[-1][0]
    if not chunks:
        return FigureIndex(version, "", [], pl.DataFrame(schema={"id": pl.Int64}))
    raw = pl.concat(chunks).with_columns(
        pl.col("note").fill_null("").str.to_lowercase(), pl.col("period").str.to_lowercase()
    )
    texts = pl.concat([raw["note"], raw["period"]]).unique(maintain_order=True)
    code_of = pl.DataFrame(
        {"text": texts, "code": pl.int_range(len(texts), dtype=pl.UInt32, eager=True)}
    )
    rank_of = pl.DataFrame(
        {"indicator": ranks, "rank": pl.int_range(len(ranks), dtype=pl.Int32, eager=True)},
        schema_overrides={"indicator": pl.Int64},
    )
    figures = (
        raw.join(rank_of, on="indicator")
        .join(code_of.rename({"text": "note", "code": "note_code"}), on="note")
        .join(code_of.rename({"text": "period", "code": "period_code"}), on="period")
        .sort("rank", "start", "end", "id")
        .select("id", note="note_code", period="period_code")
    )
    starts, at = [], 0
    for one in texts:
        starts.append(at)
        at += len(one) + 1
    joined = "".join(one + SEPARATOR for one in texts)
    return FigureIndex(version, joined, starts, figures)


_COLUMNS = ["id", "indicator", "start", "end", "note", "period"]
_CHUNK = text(
    "SELECT id, indicator_id, period_start, period_end, note, period FROM observation"
    " WHERE id > :last AND is_current ORDER BY id LIMIT :chunk"
)


_indexes: OrderedDict[str, FigureIndex] = OrderedDict()
_building = threading.Lock()


def index(session: Session) -> FigureIndex:
    """This database's index at its current data version: built by one thread while others
    wait for it (a flood of searches right after an import builds it once, not per request)."""
    version = data_version(session)
    key = bound_url(session)
    found = _indexes.get(key)
    if found is not None and found.version == version:
        return found
    with _building:
        found = _indexes.get(key)
        if found is None or found.version != version:
            found = build(session, version)
            _indexes[key] = found
            while len(_indexes) > KEEP:
                _indexes.popitem(last=False)
        _indexes.move_to_end(key)
    return found
