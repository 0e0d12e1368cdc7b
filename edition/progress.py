"""Progress of long build stages on stderr.

In a terminal: one line redrawn in place — ``reading  [#####.....]  4,200/10,000  42%  ETA 0:07``.
Not in a terminal (CI logs): a plain line at most every ``interval`` seconds, and one at the end.
Silent when ``quiet`` or when the stage has fewer than ``minimum`` items (small editions, tests).
"""

from __future__ import annotations

import sys
import time
from typing import Optional, TextIO


class Progress:
    """``with Progress("reading", total) as p: … p.advance(n)``."""

    def __init__(self, label: str, total: int, quiet: bool = False, stream: Optional[TextIO] = None,
                 interval: float = 5.0, minimum: int = 500) -> None:
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.enabled = not quiet and total >= minimum
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = 0.1 if self.tty else interval
        self.start = self.last = time.monotonic()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled and self.done:
            self._show(final=True)

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and now - self.last >= self.interval and self.done < self.total:
            self.last = now
            self._show()

    def _eta(self) -> str:
        elapsed = time.monotonic() - self.start
        if not self.done:
            return "?"
        left = int(elapsed * (self.total - self.done) / self.done + 0.5)
        return f"{left // 60}:{left % 60:02d}"

    def _show(self, final: bool = False) -> None:
        pct = 100 * self.done // max(1, self.total)
        elapsed = time.monotonic() - self.start
        counts = f"{self.done:,}/{self.total:,} {pct:3d}%"
        if self.tty:
            width = 24
            filled = width * self.done // max(1, self.total)
            tail = f"{elapsed:.1f}s" if final else f"ETA {self._eta()}"
            self.stream.write(f"\r{self.label:<10} [{'#' * filled}{'.' * (width - filled)}] {counts}  {tail}\033[K"
                              + ("\n" if final else ""))
        else:
            tail = f"done in {elapsed:.1f}s" if final else f"ETA {self._eta()}"
            self.stream.write(f"edition: {self.label}: {counts}, {tail}\n")
        self.stream.flush()
