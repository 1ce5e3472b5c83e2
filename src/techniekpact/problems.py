"""The catalogue of import problems: stable codes with file, row and column.

Tests and the API assert on `code`, never on message text, so messages can be improved freely.
Row numbers are spreadsheet rows: the header is row 1, the first figure row 2.

A problem is an error (the file is refused) or a warning: a value that reads fine but is
probably misread or mistyped (a fraction in a percentage series, a calendar year among school
years, a figure far outside its series). Warnings stop an import too, unless the user accepts
them (`--accept-warnings`); they are positioned like errors. The messages of the newer codes
are kept here in Dutch and English (`MESSAGES`), so one language can be chosen at a time.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum

from techniekpact.errors import DomainError
from techniekpact.i18n import _, current

MAX_PROBLEMS = 1000


class Code(StrEnum):
    FILE_NOT_FOUND = "file-not-found"
    EMPTY_FILE = "empty-file"
    NOT_TABULAR = "not-tabular"
    ENCODING = "encoding-error"
    UNSUPPORTED_FORMAT = "unsupported-format"
    MISSING_COLUMN = "missing-column"
    UNKNOWN_COLUMN = "unknown-column"
    DUPLICATE_COLUMN = "duplicate-column"
    FIELD_COUNT = "field-count"
    NO_ROWS = "no-rows"
    MISSING_VALUE = "missing-value"
    NOT_A_NUMBER = "not-a-number"
    AMBIGUOUS_NUMBER = "ambiguous-number"
    MIXED_DECIMALS = "mixed-decimal-separators"
    OUT_OF_RANGE = "out-of-range"
    UNKNOWN_INDICATOR = "unknown-indicator"
    UNKNOWN_CODE = "unknown-code"
    BAD_PERIOD = "bad-period"
    DUPLICATE_ROW = "duplicate-row"
    UNIT_MISMATCH = "unit-mismatch"
    UNKNOWN_FLAG = "unknown-flag"
    BAD_EDITION = "bad-edition"
    BAD_URL = "bad-url"
    NOT_FINITE = "not-finite"
    # a writer that waited too long or was broken off (techniekpact.writers), not tied to a row
    WRITER_BUSY = "writer-busy"
    WRITE_CONFLICT = "write-conflict"
    # workbooks (importers/workbook.py, archive.py) and text fields
    FILE_TOO_LARGE = "file-too-large"
    TOO_MANY_ROWS = "too-many-rows"
    UNSAFE_XML = "unsafe-xml"
    UNKNOWN_SHEET = "unknown-sheet"
    # records (schemes, Kamer items): a value of the wrong JSON/YAML type, a field not in the
    # layout, a file past the size limit (TECHNIEKPACT_MAX_IMPORT_BYTES)
    WRONG_TYPE = "wrong-type"
    BAD_DATE = "bad-date"
    UNKNOWN_FIELD = "unknown-field"
    CONTROL_CHARACTER = "control-character"
    # text files (textfiles.py) and the figures' limits and options
    MIXED_ENCODING = "mixed-encoding"
    NUL_BYTE = "nul-byte"
    BAD_QUOTE = "bad-quote"
    OPTION_CONFLICT = "option-conflict"
    # source connectors (techniekpact.sources): a source that does not answer, a table whose
    # structure no longer matches its mapping file
    SOURCE_UNAVAILABLE = "source-unavailable"
    TABLE_CHANGED = "table-changed"
    # warnings (severity "warning"): see docs/import-format.md, "Warnings"
    LOOKS_LIKE_FRACTION = "looks-like-fraction"
    PERIOD_KIND_MISMATCH = "period-kind-mismatch"
    FAR_OUTSIDE_SERIES = "far-outside-series"
    # source connectors (techniekpact.sources)
    UNKNOWN_PLACE = "unknown-place"
    UNKNOWN_SOURCE_FAMILY = "unknown-source-family"
    OVERLAPPING_INPUTS = "overlapping-inputs"


ERROR = "error"
WARNING = "warning"

# Message templates of the newer codes, Dutch first: (nl, en); filled with str.format.
MESSAGES: dict[str, tuple[str, str]] = {
    Code.NOT_FINITE: (
        "geen eindig getal (oneindig, NaN of te groot)",
        "not a finite number (infinity, NaN or too large)",
    ),
    Code.LOOKS_LIKE_FRACTION: (
        "lijkt een fractie in een reeks percentages (rond {median}): bedoeld {percent}?",
        "looks like a fraction in a series of percentages (around {median}): meant {percent}?",
    ),
    Code.PERIOD_KIND_MISMATCH: (
        "{found_kind} in een reeks van {series_kind}",
        "{found_kind} in a series of {series_kind}",
    ),
    Code.FAR_OUTSIDE_SERIES: (
        "waarde ver buiten de reeks ({basis})",
        "value far outside its series ({basis})",
    ),
    # fill-ins of the templates above
    "kind:year": ("kalenderjaar", "calendar year"),
    "kind:school_year": ("schooljaar", "school year"),
    "kinds:year": ("kalenderjaren", "calendar years"),
    "kinds:school_year": ("schooljaren", "school years"),
    "basis:history": ("opgeslagen cijfers {low} tot {high}", "stored figures {low} to {high}"),
    "basis:file": ("mediaan in dit bestand {median}", "median in this file {median}"),
    "expected:finite": ("een eindig getal, bijvoorbeeld 12,5", "a finite number, such as 12.5"),
    "expected:percent": ("een percentage, zoals {percent}", "a percentage, such as {percent}"),
    "expected:period": ("een {kind}, zoals {example}", "a {kind}, such as {example}"),
    "expected:range": ("tussen {low} en {high}", "between {low} and {high}"),
}


def message(key: str, lang: str | None = None, /, **fields: object) -> str:
    """The text of a catalogue message in one language (the context's unless given)."""
    nl, en = MESSAGES[key]
    lang = lang or current()
    return (en if lang == "en" else nl).format(**fields)


@dataclass(frozen=True)
class Problem:
    code: str  # a Code of this module, or of another catalogue (schemes)
    message: str
    file: str
    row: int | None = None
    column: str | None = None
    expected: str = ""
    found: str = ""
    severity: str = ERROR

    def __str__(self) -> str:
        """One line in the language of the context (the message itself was made in it)."""
        where = (_("waarschuwing: ") if self.severity == WARNING else "") + self.file
        if self.row is not None:
            where += _(", rij {row}", row=self.row)
        if self.column:
            where += _(", kolom '{column}'", column=self.column)
        text = f"{where}: {self.message} [{self.code}]"
        if self.expected:
            text += _("; verwacht: {expected}", expected=self.expected)
        if self.found:
            text += _("; gevonden: {found!r}", found=self.found)
        return text

    def to_dict(self) -> dict[str, object]:
        return asdict(self) | {"code": str(self.code)}


@dataclass
class Report:
    """Everything wrong with one file. An import goes ahead only when it is empty."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    suppressed: int = 0
    notes: list[str] = field(default_factory=list)
    # canonical column -> the header as the file wrote it ('period' -> 'Periode'), so that
    # problems name the column the editor sees
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """No errors (warnings are judged separately: `warnings`)."""
        return not any(p.severity == ERROR for p in self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def add(self, problem: Problem) -> None:
        if problem.column in self.headers:
            problem = replace(problem, column=self.headers[problem.column])
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self.suppressed += 1

    @property
    def codes(self) -> set[str]:
        return {str(p.code) for p in self.problems}

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "valid": self.ok,
            "warnings": len(self.warnings),
            "problems": [p.to_dict() for p in self.problems],
            "suppressed": self.suppressed,
            "notes": self.notes,
        }


class ImportRejected(DomainError):
    """The file has problems; nothing was changed."""

    def __init__(self, report: Report) -> None:
        self.report = report
        total = len(report.problems) + report.suppressed
        if report.ok:
            message = _(
                "{file}: {n} waarschuwing(en), niets ingelezen "
                "(--accept-warnings om toch in te lezen)",
                file=report.file,
                n=total,
            )
        elif total == 1:
            message = _("{file}: 1 probleem, niets ingelezen", file=report.file)
        else:
            message = _("{file}: {n} problemen, niets ingelezen", file=report.file, n=total)
        super().__init__(message)
