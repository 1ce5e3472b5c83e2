"""Dutch full-text search over the catalogue: stemming, compound splitting and typo tolerance.

Dutch glues words together: "scholingssubsidie" should find "subsidie voor scholing", and
"innovatie krediet" should find "Innovatiekrediet". Words are stemmed with the Snowball Dutch
stemmer; a word the catalogue does not know is split into known parts (with the linking s or
e(n)) and, failing that, matched to the nearest known word (rapidfuzz) so that typos still find.
Everything lives in memory: the catalogue has hundreds of schemes, not millions.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from techniekpact.schemes.catalogue import PURPOSES, Scheme

WORD = re.compile(r"[a-zà-ÿ0-9]+")
STOP = {
    "de",
    "het",
    "een",
    "en",
    "van",
    "voor",
    "in",
    "op",
    "met",
    "of",
    "te",
    "tot",
    "bij",
    "aan",
    "om",
    "door",
    "naar",
    "als",
    "die",
    "dat",
    "is",
    "zijn",
    "wordt",
    "ook",
    "per",
    "uit",
    "the",
    "for",
    "and",
    "to",
}
LINKS = ("s", "en", "e", "")
MIN_PART = 4
FIELD_WEIGHTS = {
    "name": 3.0,
    "abbreviation": 3.0,
    "purposes": 2.0,
    "keywords": 2.0,
    "provider": 1.0,
    "text": 1.0,
}

# A Snowball stemmer keeps the word it is working on in itself: one shared by the web app's
# thread pool mixed two words and raised IndexError under load. One stemmer per thread.
_stemmers = threading.local()


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    stemmer = getattr(_stemmers, "dutch", None)
    if stemmer is None:
        stemmer = _stemmers.dutch = snowballstemmer.stemmer("dutch")
    return stemmer.stemWord(word)


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if w not in STOP]


def fields_of(scheme: Scheme) -> dict[str, str]:
    return {
        "name": scheme.name,
        "abbreviation": scheme.abbreviation,
        "purposes": " ".join(PURPOSES.get(p, p) for p in scheme.purposes)
        + " "
        + " ".join(scheme.kinds),
        "keywords": " ".join(scheme.keywords),
        "provider": scheme.provider,
        "text": f"{scheme.description} {scheme.target_group}",
    }


@dataclass(frozen=True)
class Hit:
    code: str
    score: float
    matched: tuple[str, ...]


class Index:
    """BM25-style scores over stems, with decompounding on both the documents and the query."""

    def __init__(self, schemes: Iterable[Scheme]) -> None:
        schemes = list(schemes)
        self.by_code = {s.code: s for s in schemes}
        self.postings: dict[str, dict[str, float]] = defaultdict(dict)
        self.lengths: dict[str, float] = {}
        # weighted term counts per scheme (floats: Counter is typed for whole counts)
        docs: dict[str, defaultdict[str, float]] = {}
        self.surface: dict[str, str] = {}
        for scheme in schemes:
            counts: defaultdict[str, float] = defaultdict(float)
            for field, text in fields_of(scheme).items():
                for word in words(text):
                    counts[stem(word)] += FIELD_WEIGHTS[field]
                    self.surface.setdefault(word, stem(word))
            docs[scheme.code] = counts
        self.vocabulary = {term for counts in docs.values() for term in counts}
        # a compound in a document also counts for its parts ("innovatiekrediet" -> krediet)
        for counts in docs.values():
            for term, weight in list(counts.items()):
                for part in self.split(term):
                    counts[part] += weight * 0.8
        self.vocabulary = {term for counts in docs.values() for term in counts}
        self.words = sorted(self.surface)
        for code, counts in docs.items():
            self.lengths[code] = sum(counts.values())
            for term, weight in counts.items():
                self.postings[term][code] = weight
        self.average = (sum(self.lengths.values()) / len(self.lengths)) if self.lengths else 1.0
        self.size = len(docs)
        self._scores: dict[str, dict[str, float]] = {}

    def split(self, term: str) -> list[str]:
        """Known parts of a compound stem, longest split first; [] when it is no compound."""
        for cut in range(len(term) - MIN_PART, MIN_PART - 1, -1):
            head, tail = term[:cut], term[cut:]
            tail_stem = stem(tail)
            if tail_stem not in self.vocabulary and tail not in self.vocabulary:
                continue
            for link in LINKS:
                if link and not head.endswith(link):
                    continue
                base = head[: len(head) - len(link)] if link else head
                if len(base) >= MIN_PART and (
                    base in self.vocabulary or stem(base) in self.vocabulary
                ):
                    return [
                        stem(base) if stem(base) in self.vocabulary else base,
                        tail_stem if tail_stem in self.vocabulary else tail,
                    ]
        return []

    def expand(self, query: str) -> list[list[tuple[str, ...]]]:
        """The query as groups; each group lists alternatives, each a tuple of stems that must
        all occur. Every group must be matched by a scheme (AND between query words)."""
        tokens = words(query)
        groups: list[list[tuple[str, ...]]] = []
        i = 0
        while i < len(tokens):
            # "innovatie krediet" -> also the compound "innovatiekrediet"
            if i + 1 < len(tokens):
                joined = stem(tokens[i] + tokens[i + 1])
                if joined in self.vocabulary:
                    pair = (stem(tokens[i]), stem(tokens[i + 1]))
                    groups.append([(joined,), pair])
                    i += 2
                    continue
            term = stem(tokens[i])
            parts = tuple(self.split(term) or self.split(tokens[i]))
            alternatives: list[tuple[str, ...]] = []
            if term in self.vocabulary:
                alternatives.append((term,))
            if parts:  # "scholingssubsidie" also means "subsidie ... scholing"
                alternatives.append(parts)
            if not alternatives:
                alternatives = [(near,) for near in self.nearest(tokens[i])]
            if alternatives:
                groups.append(alternatives)
            i += 1
        return groups

    def nearest(self, word: str) -> tuple[str, ...]:
        """Stems of known words within a small edit distance: typos find what was meant."""
        if len(word) < 4:
            return ()
        allowed = 1 if len(word) < 7 else 2
        found = process.extract(
            word, self.words, scorer=OSA.distance, limit=3, score_cutoff=allowed
        )
        return tuple(dict.fromkeys(self.surface[match] for match, _, _ in found))

    def _score(self, term: str) -> dict[str, float]:
        """BM25 weights of one term in every scheme; computed once per term (postings are fixed)."""
        cached = self._scores.get(term)
        if cached is not None:
            return cached
        posting = self.postings.get(term, {})
        idf = math.log(1 + (self.size - len(posting) + 0.5) / (len(posting) + 0.5))
        scores = {
            code: idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * self.lengths[code] / self.average))
            for code, tf in posting.items()
        }
        self._scores[term] = scores
        return scores

    def search(self, query: str, limit: int | None = None) -> list[Hit]:
        return list(self._search(query)[:limit] if limit else self._search(query))

    @lru_cache(maxsize=4096)  # noqa: B019  (one index per catalogue; queries repeat)
    def _search(self, query: str) -> tuple[Hit, ...]:
        groups = self.expand(query)
        if not groups:
            return ()
        per_group: list[dict[str, float]] = []
        for group in groups:
            group_scores: dict[str, float] = {}
            for alternative in group:
                per_term = [self._score(term) for term in alternative]
                smallest = min(per_term, key=len)
                for code in smallest:
                    if all(code in p for p in per_term):
                        score = sum(p[code] for p in per_term)
                        if score > group_scores.get(code, 0.0):
                            group_scores[code] = score
            per_group.append(group_scores)
        # every query word must be found ...
        total = dict(per_group[0])
        for group_scores in per_group[1:]:
            total = {c: v + group_scores[c] for c, v in total.items() if c in group_scores}
        if not total and len(per_group) > 1:
            # ... unless no scheme has them all: "scholing personeel" then finds the schemes
            # for scholing (and those that mention personeel), most words matched first
            matched: Counter[str] = Counter()
            for group_scores in per_group:
                for code, score in group_scores.items():
                    total[code] = total.get(code, 0.0) + score
                    matched[code] += 1
            # the score carries the order (the finder ranks by it): each word matched outweighs
            # any sum of scores
            step = max(total.values()) + 1.0
            hits = [Hit(c, v + step * (matched[c] - 1), ()) for c, v in total.items()]
            hits.sort(key=lambda h: (-h.score, h.code))
            return tuple(hits)
        hits = [Hit(code, score, ()) for code, score in total.items()]
        hits.sort(key=lambda h: (-h.score, h.code))
        return tuple(hits)


def search(schemes: Sequence[Scheme], query: str) -> list[Hit]:
    return Index(schemes).search(query)
