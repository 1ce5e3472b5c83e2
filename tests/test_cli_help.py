"""`--help` in one language: English with `--lang en` or an English locale, Dutch otherwise.

Typer reads help texts when the commands are defined; `techniekpact.cli.build` builds the
command tree after the language is known and translates every text, so each command's help is
checked in both languages with the detector of the web pages (tests/web/test_one_language.py).
"""

from __future__ import annotations

import io
import re
from contextlib import redirect_stdout

import pytest

from techniekpact.cli import build, help_texts
from techniekpact.i18n import catalog
from tests.test_cli_commands import PATHS, TREE, is_group
from tests.web.test_one_language import CLI_CODE, Vocabulary

NAME_AND_TYPE = re.compile(r"^\*?\s*\S+\s+<[^>]*>")
DEFAULT_VALUE = re.compile(r"\[(default|standaard): [^\]]*\]")  # a value is a code


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary()


def _help(lang: str, command: str) -> str:
    args = [*command.split(), "--help"] if command else ["--help"]
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit) as done:
        build(lang).main(args=args, prog_name="techniekpact")
    assert done.value.code == 0
    return out.getvalue()


def _foreign(text: str, lang: str, vocabulary: Vocabulary) -> list[tuple[str, list[str]]]:
    """Lines of help text with words of the other language. Borders, the names of options and
    arguments with their types (`--open-now <bool>`: code, not prose), default values, option
    values that are codes and click's usage line (its word "Usage:" and the metavariables) are
    not help texts of ours."""
    found = []
    for line in text.splitlines():
        line = line.strip(" │╭╮╰╯─")
        if line.startswith("Usage: "):
            continue
        prose = CLI_CODE.sub(" ", DEFAULT_VALUE.sub(r"\1", NAME_AND_TYPE.sub("", line)))
        if words := vocabulary.foreign(prose, lang):
            found.append((line, words))
    return found


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("command", PATHS)
def test_every_help_in_one_language(vocabulary: Vocabulary, lang: str, command: str) -> None:
    text = _help(lang, command)
    assert _foreign(text, lang, vocabulary) == []
    if not is_group(TREE[command]):
        assert ("Example:" if lang == "en" else "Voorbeeld:") in text
    panel = "Options" if lang == "en" else "Opties"
    assert f"─ {panel} " in text


def test_every_help_text_has_its_translation() -> None:
    english = catalog("en")
    untranslated = [t for t in help_texts() if english.gettext(t) == t]
    assert untranslated == []


def test_the_detector_sees_an_untranslated_help(vocabulary: Vocabulary) -> None:
    """What the command printed before: the Dutch help, whatever --lang said."""
    dutch = _help("nl", "import")
    assert _foreign(dutch, "en", vocabulary)  # the Dutch help read as if it were English
    assert "Alleen tonen wat er zou veranderen." in dutch


@pytest.mark.parametrize(
    ("args", "env"),
    [(["--help", "--lang", "en"], {}), (["import", "--help"], {"LANG": "en_US.UTF-8"})],
)
def test_the_real_command_follows_lang_and_locale(cli_process, args: list[str], env: dict) -> None:
    """In a real process: the language comes from the interpreter's environment at start-up."""
    cli = cli_process
    result = cli(*args, env=env)
    assert result.returncode == 0, result.stderr
    assert "Show this message and exit." in result.stdout
    assert "Deze hulp" not in result.stdout
    dutch = cli(*args[:2] if args[0] == "--help" else args)
    assert "Deze hulp tonen en stoppen." in dutch.stdout
