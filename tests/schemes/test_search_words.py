"""Several words: all of them where a scheme has them all, else the schemes with most of them."""

from __future__ import annotations

from techniekpact.schemes.loader import bundled
from techniekpact.schemes.search import Index


def test_all_words_first_then_most_words() -> None:
    index = Index(bundled())
    both = index.search("innovatie krediet")
    assert both and both[0].code == "innovatiekrediet"
    # no scheme mentions both "scholing" and "personeel": the schemes with either come up
    hits = index.search("scholing personeel")
    assert hits, "an owner asking for 'scholing personeel' must find the scholing schemes"
    scholing = {h.code for h in index.search("scholing")}
    personeel = {h.code for h in index.search("personeel")}
    assert not scholing & personeel
    assert scholing and {h.code for h in hits} == scholing | personeel
    assert index.search("xyzzy") == [] and index.search("xyzzy qwerty") == []
