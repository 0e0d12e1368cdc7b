"""Source files: bytes on disk → checked text split into lines, or a diagnostic.

A source is refused (error, nothing built from it) when it is empty, binary, or not UTF-8. The
text is never changed: lines keep their characters exactly, only the line ends are split off
(``\\r\\n`` and ``\\r`` count as line ends). A UTF-8 byte-order mark is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .diagnostics import Reporter
from .files import walk_files


@dataclass(frozen=True)
class SourceText:
    """A source file's text: ``name`` as shown in the edition (file name), ``path`` for diagnostics,
    ``lines`` without their line ends (index 0 is line 1)."""

    name: str
    path: str
    text: str
    lines: tuple[str, ...]


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace")) + 1


# Control characters other than tab, line feed, form feed and carriage return.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def decode_source(data: bytes, name: str, path: str, reporter: Reporter) -> Optional[SourceText]:
    """Check and decode one source file's bytes; report E001-E003 and return None when refused."""
    if not data.strip():
        reporter.error(path, 1, 1, "E002", "empty file: a source must hold a transcription")
        return None
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _line_col(data, nul)
        reporter.error(path, line, col, "E003", "binary file (NUL byte): a source must be UTF-8 text")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        reporter.error(path, line, col, "E001",
                       f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded; save the file as UTF-8")
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    controls = len(_CONTROL_RE.findall(text))  # (one regex pass, not a Python loop over every character)
    if controls > max(8, len(text) // 100):
        reporter.error(path, 1, 1, "E003", "binary file (control characters): a source must be text")
        return None
    lines = tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return SourceText(name=name, path=path, text=text, lines=lines)


def read_source(path: Path, reporter: Reporter, display: Optional[str] = None) -> Optional[SourceText]:
    """Read one source file from disk (never writing to it)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        reporter.error(str(display or path), 1, 1, "E010", f"cannot read source: {exc.strerror}")
        return None
    return decode_source(data, path.name, str(display or path), reporter)


def list_sources(sources_dir: Path) -> list[Path]:
    """Every transcription in ``sources/`` (``scan.is_source``: ``*.txt`` and ``*.md``, not a README,
    nothing hidden or temporary), in a stable order (by path parts)."""
    from .scan import source_paths

    return source_paths(str(sources_dir), (rel for rel, e in walk_files(sources_dir) if e.is_file()))
