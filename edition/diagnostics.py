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

A source that cannot be read (E001-E003) or holds no text (E005) has no documents, so every editorial
entry for them (a correction, a note, a link, an id in the ledger) is then reported as naming a
document the edition does not have. Those errors carry the id (``missing``) and are not printed while
a source is refused: one line counts them and names the ids (a typo among them shows there), and the
next build, with the source readable, shows any that remain.
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
    missing: str = field(default="", compare=False)  # the document id it says is not in the edition

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}[{self.code}]: {self.message}"

    def order(self) -> tuple:
        """The sort key: the fields in order, as the dataclass orders them (as a plain tuple, sorting
        thousands of diagnostics costs a tenth of the generated comparisons)."""
        return (self.path, self.line, self.col, self.severity, self.code, self.message)


REFUSED = frozenset({"E001", "E002", "E003", "E005"})
"""A source refused whole (not UTF-8, empty, binary, no text): its documents are missing."""


@dataclass
class Reporter:
    """Collects diagnostics from every stage, in the order they are found."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, col: int, code: str, message: str, missing: str = "") -> None:
        """An error; ``missing``: the document id it is about, when the error is that the edition
        has no such document (left out while a source cannot be read: see the module docstring)."""
        self.diagnostics.append(Diagnostic(path, line, col, "error", code, message, missing))

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
        """Print every diagnostic, sorted by file and position, one line each (but errors that
        follow from a refused source: see the module docstring)."""
        stream = stream or sys.stderr
        refused = any(d.code in REFUSED and d.severity == "error" for d in self.diagnostics)
        left_out: list[Diagnostic] = []
        lines = []
        for d in sorted(set(self.diagnostics), key=Diagnostic.order):
            if refused and d.missing:
                left_out.append(d)
            elif d.severity == "error" or warnings:
                lines.append(d.format() + "\n")
        stream.write("".join(lines))  # (one write: thousands of warnings at 10k documents)
        if left_out:
            ids = sorted({d.missing for d in left_out})
            named = ", ".join(ids[:8]) + (f" and {len(ids) - 8} more" if len(ids) > 8 else "")
            print(f"edition: {len(left_out)} more error{'s' if len(left_out) != 1 else ''} not shown: editorial "
                  f"entries for {len(ids)} document id{'s' if len(ids) != 1 else ''} the edition does not have "
                  f"({named}), as expected while a source cannot be read; build again once it can",
                  file=stream)
