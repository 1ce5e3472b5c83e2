"""Stemming is safe from many threads at once.

The web app renders pages in a thread pool; a mixed load (bench/web_bench.py --scenario mixed)
once answered 500 because two threads stemmed with one shared Snowball stemmer, whose state is
per call ("IndexError: string index out of range" inside the stemmer).
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

from techniekpact.schemes import search

WORDS = [
    f"{stem}{ending}"
    for stem in ("techniek", "opleiding", "subsidie", "werknemer", "leerling", "innovatie")
    for ending in ("", "en", "s", "ingen", "elijk", "heden", "ische", "ster", "tjes", "erij")
] * 40


def test_stemming_from_many_threads_gives_the_single_thread_answers() -> None:
    unstemmed = search.stem.__wrapped__  # past the memo: every call stems
    expected = [unstemmed(word) for word in WORDS]
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, mid-word included
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            runs = list(pool.map(lambda _: [unstemmed(w) for w in WORDS], range(16)))
    finally:
        sys.setswitchinterval(old)
    for run in runs:
        assert run == expected
