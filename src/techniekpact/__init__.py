"""Techniekpact Monitor: the goals, indicators, figures and progress of the Dutch Techniekpact."""

import os

__version__ = "0.1.0"

# polars allocates through jemalloc, which by polars' default never hands freed ("muzzy")
# pages back to the system, so a million-row import's peak memory would be the sum of all its
# intermediate frames rather than the largest set alive at once (measured: 1,060 MB against
# 720 MB; bench/import_bench.py). polars reads this variable when it is first imported and
# appends it to its own settings; one the user set is left alone.
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")
