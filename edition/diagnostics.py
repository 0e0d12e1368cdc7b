"""Diagnostics: problems found while reading, collected and printed at the edge.

stage functions → ``Reporter.report(...)`` → ``path:line:col: severity[CODE]: message`` lines.

A stage never raises on bad input: it reports and recovers. The build stops at the end if any
diagnostic is an error. Codes are stable (documented in the README):

E001 not UTF-8 · E002 empty file · E003 binary file · E004 unterminated mark (``~~``, ``^{``, ``<u>``)
E005 no document could be placed in the file · E006 bad editorial data file · E007 stale correction
E008 duplicate document id · E009 bad configuration
W101 header field not understood · W102 date not read · W103 uncertain date (inferred)
W104 document kind guessed · W105 OCR debris flagged · W106 sender/addressee not found
W107 unresolved reference · W108 unregistered name · W109 section numbering unclear
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Iterable, Optional, TextIO


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where, how bad, which code, what."""

    path: str
    line: int
    col: int
    severity: str  # "error" | "warning"
    code: str
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}[{self.code}]: {self.message}"

    def order(self) -> tuple:
        """The sort key: the fields in order, as the dataclass orders them (as a plain tuple, sorting
        thousands of diagnostics costs a tenth of the generated comparisons)."""
        return (self.path, self.line, self.col, self.severity, self.code, self.message)


@dataclass
class Reporter:
    """Collects diagnostics from every stage, in the order they are found."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, col: int, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(path, line, col, "error", code, message))

    def warning(self, path: str, line: int, col: int, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(path, line, col, "warning", code, message))

    def extend(self, items: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def print(self, stream: Optional[TextIO] = None, warnings: bool = True) -> None:
        """Print every diagnostic, sorted by file and position, one line each."""
        stream = stream or sys.stderr
        for d in sorted(set(self.diagnostics), key=Diagnostic.order):
            if d.severity == "error" or warnings:
                print(d.format(), file=stream)
