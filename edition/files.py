"""Files of the build: walking folders, linking files, remembering what was learnt of files.

    walk_files(root, skip)   → (relative path with "/", os.DirEntry) of every file below ``root``: one
                               ``os.scandir`` per folder and no ``stat`` per file (``Path.rglob`` with
                               ``is_file`` costs ten times more on a 10,000-source edition or a
                               40,000-file site)
    link_or_copy(src, dst)   a hard link (the same bytes, no copy), or a copy across file systems
    FileFacts(record)        what a build learnt of each file (a hash, the month of a page), kept in
                             ``record`` by the file's stat, so the next build need not read it again
    write_atomic(path, data) bytes written through a temporary file and a rename (never half a file)
    read_pickle(path, dflt)  an object the cache pickled, or ``dflt`` when absent or unreadable
    later(job), deferred()   the cache's bookkeeping (records rewritten, old entries pruned) run once
                             the site is published, not on the way to it
"""

from __future__ import annotations

import os
import pickle
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Container, Iterator, Optional


def walk_files(root: Path | str, skip: Container[str] = (), rel: str = "") -> Iterator[tuple[str, os.DirEntry]]:
    """Every file below ``root`` (in directory order), as (path relative to ``root`` with ``/``,
    its ``DirEntry``). Folders whose relative path is in ``skip`` are not entered, nor are links to
    folders (no loops); a folder that cannot be listed is passed over."""
    try:
        with os.scandir(os.path.join(root, rel) if rel else root) as it:
            entries = list(it)
    except OSError:
        return
    for entry in entries:
        name = f"{rel}/{entry.name}" if rel else entry.name
        if entry.is_dir(follow_symlinks=False):
            if name not in skip:
                yield from walk_files(root, skip, name)
        else:
            yield name, entry


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file beside it and ``os.replace``: a reader (or
    a build killed meanwhile) sees the old file or the new one, never half of one. Its folder is
    made when missing. False when it cannot be written (a cache then just learns again)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        try:
            tmp.write_bytes(data)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
        os.replace(tmp, path)
        return True
    except OSError:
        return False


def read_pickle(path: Path, default: Any = None) -> Any:
    """The object pickled in ``path`` (``write_atomic`` of ``pickle.dumps``), or ``default`` when it
    is absent or unreadable (a cache entry is never trusted more than a fresh reading)."""
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        return default


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """``target`` becomes a hard link to ``source`` (or a copy of it where links cannot be made);
    its folder must exist."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


_LATER: list[Optional[list[Callable[[], Any]]]] = [None]


def later(job: Callable[[], Any]) -> None:
    """Run ``job`` (a write of the cache's records, a prune) at the end of the enclosing ``deferred``
    block — after the site is published: an editor waits for the page, not for the cache's
    bookkeeping — or now, outside one. The cache stays valid either way: a record not yet
    rewritten only makes the next build learn again what it says."""
    queue = _LATER[0]
    if queue is None:
        job()
    else:
        queue.append(job)  # (one append: the search thread queues its records too)


@contextmanager
def deferred() -> Iterator[None]:
    """Within: ``later`` queues its jobs; they run, in order, when the block ends (even on an error:
    what was learnt is worth keeping). A job that fails is reported in one line: the cache then just
    learns again next time."""
    outer = _LATER[0]
    _LATER[0] = queue = []
    try:
        yield
    finally:
        _LATER[0] = outer
        for job in queue:
            try:
                job()
            except Exception as exc:  # (a cache that cannot be updated never fails the build)
                import sys
                print(f"edition: warning: the build cache was not updated: {type(exc).__name__}: {exc}",
                      file=sys.stderr)


UNKNOWN = object()
"""``FileFacts.lookup``'s answer for a file it knows nothing (trustworthy) about."""


class FileFacts:
    """What a build learnt of each file (any picklable value), kept in the file ``record`` and keyed
    by the file's device, inode, size and modification time — as git's index does — so that a file
    whose stat did not change is not read again (after one edit of a 10,000-document edition: one
    source hashed, not 10,000; one page read, not 10,000). A file modified less than ``SLACK_NS``
    before the record was written is not trusted: a later change within the file system's
    timestamp granularity would look the same. Only the files looked up in a run are kept."""

    SLACK_NS = 2_000_000_000

    def __init__(self, record: Optional[Path]) -> None:
        self.record = record
        self.old: dict[tuple, Any] = {}
        self.new: dict[tuple, Any] = {}
        self.written = 0
        self.dirty = False
        if record is not None:
            try:
                self.written, self.old = read_pickle(record)
            except (TypeError, ValueError):  # absent, unreadable, another format: every file is read
                self.written, self.old = 0, {}

    def lookup(self, path: Path | str, stamp: Optional[tuple] = None) -> tuple[tuple, Any]:
        """(the file's stamp, what is known of it or ``UNKNOWN``); OSError when it cannot be stat'ed.
        ``stamp``: the file's (device, inode, size, modification time) when the caller has it."""
        if stamp is None:
            st = os.stat(path)
            stamp = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        facts = self.old.get(stamp, UNKNOWN)
        if facts is not UNKNOWN and stamp[3] < self.written - self.SLACK_NS:
            self.new[stamp] = facts
            return stamp, facts
        return stamp, UNKNOWN

    def put(self, stamp: tuple, facts: Any) -> None:
        """Record what was learnt of the file with this stamp (from ``lookup``)."""
        self.new[stamp] = facts
        self.dirty = True

    def save(self) -> None:
        """Write the record when anything was learnt or forgotten (atomically; silently not at all
        when it cannot be written: the next build reads the files again)."""
        if self.record is None or not (self.dirty or len(self.new) != len(self.old)):
            return
        stamp, new, record = time.time_ns(), dict(self.new), self.record  # (as of now, written later)
        later(lambda: write_atomic(record, pickle.dumps((stamp, new), protocol=pickle.HIGHEST_PROTOCOL)))
