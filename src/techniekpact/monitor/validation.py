"""The catalogue of import problems: stable codes with file, row and column.

Tests and the API assert on `code`, never on message text, so messages can be improved freely.
Row numbers are spreadsheet rows: the header is row 1, the first figure row 2.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum

from techniekpact.errors import DomainError
from techniekpact.i18n import _

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


@dataclass(frozen=True)
class Problem:
    code: str  # a Code of this module, or of another catalogue (schemes)
    message: str
    file: str
    row: int | None = None
    column: str | None = None
    expected: str = ""
    found: str = ""

    def __str__(self) -> str:
        """One line in the language of the context (the message itself was made in it)."""
        where = self.file
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
        return not self.problems

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
            "problems": [p.to_dict() for p in self.problems],
            "suppressed": self.suppressed,
            "notes": self.notes,
        }


class ImportRejected(DomainError):
    """The file has problems; nothing was changed."""

    def __init__(self, report: Report) -> None:
        self.report = report
        total = len(report.problems) + report.suppressed
        if total == 1:
            message = _("{file}: 1 probleem, niets ingelezen", file=report.file)
        else:
            message = _("{file}: {n} problemen, niets ingelezen", file=report.file, n=total)
        super().__init__(message)
