"""One language at a time: no Dutch on an English page, no English on a Dutch page.

The detector is built from the project's own texts, not from a hand list: the English catalog
(every Dutch message whose English differs) and the bundled YAML (every `_nl` text beside its
`_en` text). A word is Dutch when it occurs in the Dutch texts and nowhere in the English ones,
and the other way round; so proper names and words that are the same in both languages
(Techniekpact, mbo, Katapult, open) never count. Besides single words, a text node that is a
whole message of the other language ("Past", "continued as") counts as well.

Parts of a page that declare their own language (`lang="nl"` on a source quotation) are the
one allowed exception; names of schemes, programmes and people (Dutch proper names) are taken
out of the text before it is read.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from techniekpact.i18n import LOCALE_DIR
from techniekpact.parliament.items import ItemStatus
from techniekpact.schemes.catalogue import KINDS, PURPOSES
from techniekpact.schemes.eligibility import LEGAL_FORMS

DATA = Path(str(resources.files("techniekpact") / "data"))
WORD = re.compile(r"^[^\W\d_]+$")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TEXT_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
SKIPPED = ("script", "style", "textarea", "code")  # code, not prose (the embed snippet)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


def _words(text: str) -> set[str]:
    out = set()
    for chunk in PLACEHOLDER.sub(" ", text).split():
        if re.search(r"[\d_@]|://", chunk) or re.fullmatch(
            r"\W*[\w.-]+\.(nl|com|eu|org)\W*", chunk
        ):
            continue  # codes (2018-DOCENTEN, mbo_beta_share), figures, addresses, host names
        for token in re.split(r"[/-]+", chunk):
            token = token.strip(".,;:!?()[]'\"“”‘’*–").lower()
            if len(token) >= 3 and WORD.match(token):
                out.add(token)
    return out


def _pairs_from_yaml() -> tuple[list[tuple[str, str]], set[str]]:
    """(Dutch, English) text pairs of the bundled content, and its proper names."""
    pairs: list[tuple[str, str]] = []
    names: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and key.endswith("_nl"):
                    pairs.append((value, str(node.get(key[:-3] + "_en") or "")))
                elif isinstance(value, str) and f"{key}_en" in node:
                    pairs.append((value, str(node[f"{key}_en"] or "")))
                elif key in ("name", "abbreviation", "provider_kind", "source_org", "party"):
                    names.add(str(value))
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in DATA.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        walk(data)
        if path.name == "indicators.yaml":
            pairs.extend((u["nl"], u["en"]) for u in data["units"].values())
    return pairs, {n for n in names if n}


# option values of the CLI are codes, typed as they are in either language (`--kind subsidie`)
CLI_CODES = {*KINDS, *PURPOSES, *LEGAL_FORMS, *(status.value for status in ItemStatus)}
CLI_CODE = re.compile(
    r"(?<![\w-])("
    + "|".join(sorted(map(re.escape, CLI_CODES), key=len, reverse=True))
    + r")(?![\w-])"
)


def _pairs_from_catalog() -> list[tuple[str, str]]:
    """The catalog's pairs. The English of a CLI help text lists option values that are Dutch
    codes; those must not make such a word look English on a page, so they are taken out."""
    from techniekpact.cli import help_texts

    cli_help = set(help_texts())
    with open(LOCALE_DIR / "en" / "LC_MESSAGES" / "messages.po", "rb") as fh:
        catalog = read_po(fh, locale="en")
    return [
        (m.id, CLI_CODE.sub(" ", m.string) if m.id in cli_help else m.string)
        for m in catalog
        if m.id and isinstance(m.id, str)
    ]


class Vocabulary:
    """Words and whole messages that belong to one language only."""

    def __init__(self) -> None:
        catalog = _pairs_from_catalog()
        content, self.names = _pairs_from_yaml()
        dutch_words: set[str] = set()
        english_words: set[str] = set()
        self.phrases: dict[str, set[str]] = {"nl": set(), "en": set()}
        for nl, en in catalog + content:
            dutch_words |= _words(nl)
            english_words |= _words(en)
        for nl, en in catalog:
            if nl.strip() != en.strip() and not PLACEHOLDER.search(nl):
                self.phrases["nl"].add(_normal(nl))
                self.phrases["en"].add(_normal(en))
        shared = self.phrases["nl"] & self.phrases["en"]
        self.phrases = {k: v - shared - {""} for k, v in self.phrases.items()}
        self.words = {"nl": dutch_words - english_words, "en": english_words - dutch_words}
        # the longest names first, so that a name inside a longer one is not cut out alone
        self.names_longest_first = sorted(self.names, key=len, reverse=True)

    def foreign(self, text: str, page_lang: str) -> list[str]:
        other = "en" if page_lang == "nl" else "nl"
        found = []
        normal = _normal(text)
        if normal in self.phrases[other]:
            found.append(normal)
        for name in self.names_longest_first:
            if name in text:
                text = text.replace(name, " ")
        found += sorted(_words(text) & self.words[other])
        return found


def _normal(text: str) -> str:
    return " ".join(text.split()).strip(" .:;,()").lower()


class Texts(HTMLParser):
    """Visible text nodes and text attributes, with the language each is declared in."""

    def __init__(self, page_lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = [("", page_lang)]
        self.skip = 0
        self.nodes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        lang = attributes.get("lang") or self.stack[-1][1]
        for name in TEXT_ATTRIBUTES:
            if attributes.get(name):
                self.nodes.append((lang, str(attributes[name])))
        if tag in SKIPPED:
            self.skip += 1
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skip = max(0, self.skip - 1)
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if not self.skip and data.strip():
            self.nodes.append((self.stack[-1][1], data))


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary()


def foreign_text(html: str, lang: str, vocabulary: Vocabulary) -> list[tuple[str, list[str]]]:
    parser = Texts(lang)
    parser.feed(html)
    out = []
    for declared, text in parser.nodes:
        if declared != lang:
            continue  # a part that says which language it is in
        found = vocabulary.foreign(text, lang)
        if found:
            out.append((" ".join(text.split())[:120], found))
    return out


def page_paths(client) -> list[str]:  # type: ignore[no-untyped-def]
    """Every page type, with the content that carries generated text: every goal (trace
    links, target explanations), indicators with flags, targets and notes, every scheme and
    Kamer item, a finder answer with explanations, and the error page."""
    goals = [f"/goals/{g['code']}" for g in client.get("/api/v1/goals?limit=500").json()["items"]]
    schemes = [
        f"/schemes/{s['code']}" for s in client.get("/api/v1/schemes?all=true").json()["items"]
    ]
    items = [
        f"/parliament/{i['code']}" for i in client.get("/api/v1/parliament/items").json()["items"]
    ]
    return [
        "/",
        *goals,
        "/indicators",
        "/indicators/mbo_beta_share_intake",
        "/indicators/pps_companies",
        "/indicators/am_vacancies_tech",
        "/indicators/vmbo_tech_share_y3?split=education_level",
        "/indicators/havovwo_nprofile_share_gender?split=sex",
        "/indicators/pps_companies/embed",
        "/regions",
        "/regions?indicator=havovwo_nprofile_share&layer=arbeidsmarktregio",
        "/search?q=mbo",
        "/about",
        "/schemes",
        "/schemes?province=PV25&employees=12&sector=F&purpose=scholing&all=true",
        "/schemes?q=innovatie&all=true",
        *schemes,
        "/parliament",
        *items,
        "/no-such-page",
        "/indicators/nope",
    ]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_is_in_one_language(client, vocabulary: Vocabulary, lang: str) -> None:
    problems = {}
    for path in page_paths(client):
        sep = "&" if "?" in path else "?"
        response = client.get(f"{path}{sep}lang={lang}")
        assert response.status_code in (200, 404), path
        assert f'<html lang="{lang}">' in response.text, path
        found = foreign_text(response.text, lang, vocabulary)
        if found:
            problems[path] = found[:6]
    assert problems == {}


def test_the_detector_catches_the_known_slips(vocabulary: Vocabulary) -> None:
    """The strings of issue 10: a trace link label on a Dutch page, a finder verdict and a
    flag on an English one, an untranslated explanation."""
    assert foreign_text("<p><em>continued as</em></p>", "nl", vocabulary)
    assert foreign_text("<p><strong>Past</strong></p>", "en", vocabulary)
    assert foreign_text("<td>29.1 (voorlopig)</td>", "en", vocabulary)
    assert foreign_text("<td>29,1 (provisional)</td>", "nl", vocabulary)
    explanation = "On track: sinds 2015 groeit de waarde met 1.2% per jaar."
    assert foreign_text(f"<p>{explanation}</p>", "en", vocabulary)
    # what may stay: names, words both languages share, and parts that declare their language
    assert not foreign_text("<p>Techniekpact, mbo, Katapult</p>", "en", vocabulary)
    assert not foreign_text('<p><span lang="nl">bron: steeg van 61%</span></p>', "en", vocabulary)
    assert not foreign_text("<p>Subsidieregeling praktijkleren</p>", "en", vocabulary)
