"""Edition configuration: ``content/edition.yaml`` → ``EditionInfo``.

Every key is optional except ``title``; a missing file gives the defaults below, so any folder whose
``sources/`` holds transcriptions can be built. ``build_date`` comes from ``SOURCE_DATE_EPOCH`` when set
(reproducible builds), else from the newest source file's modification time, so the same input builds
byte-identical output.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Callable

import yaml

from .diagnostics import Reporter
from .model import EditionInfo

DEFAULTS = {
    "title": "Untitled edition",
    "subtitle": "",
    "editors": [],
    "publisher": "",
    "version": "0.0.0",
    "licence": "",
    "licence_url": "",
    "base_url": "",
    "repository": "",
    "collection": "",
    "id_prefix": "doc",
}


def _git_date(content_dir: Path) -> str | None:
    """The date of the last commit that touched the content folder, if it is in a git checkout."""
    import subprocess
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "."], cwd=content_dir, capture_output=True,
                             text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    value = out.stdout.strip()
    return value if out.returncode == 0 and value.isdigit() else None


def build_date(content_dir: Path, newest: Callable[[], int]) -> str:
    """The edition's build date (ISO), deterministic for the same input: ``SOURCE_DATE_EPOCH`` if set,
    else the date of the last commit touching the content, else the newest source's modification time
    (``newest()``: ``scan.ContentScan.newest_source``, from the build's one look at the sources)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or _git_date(content_dir)
    if epoch and epoch.isdigit():
        stamp = int(epoch)
    else:
        stamp = newest()
    return _dt.datetime.fromtimestamp(stamp, _dt.timezone.utc).date().isoformat()


def load_edition_info(content_dir: Path, reporter: Reporter, newest: Callable[[], int]) -> EditionInfo:
    """Read ``edition.yaml`` from the content folder; report E009 for a malformed file. (``newest``:
    see ``build_date``.)"""
    path = content_dir / "edition.yaml"
    data: dict = {}
    if path.exists():
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            mark = getattr(exc, "problem_mark", None)
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            reporter.error(str(path), line, col, "E009", f"edition.yaml cannot be read: {exc}".splitlines()[0])
            loaded = {}
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            reporter.error(str(path), 1, 1, "E009", "edition.yaml must be a mapping of keys to values")
            loaded = {}
        data = loaded
    merged = {**DEFAULTS, **{k: v for k, v in data.items() if k in DEFAULTS and v is not None}}
    for key in sorted(set(data) - set(DEFAULTS)):
        reporter.warning(str(path), 1, 1, "W110", f"unknown key {key!r} in edition.yaml is ignored")
    editors = merged["editors"]
    if isinstance(editors, str):
        editors = [editors]
    return EditionInfo(
        title=str(merged["title"]),
        subtitle=str(merged["subtitle"]),
        editors=tuple(str(e) for e in editors),
        publisher=str(merged["publisher"]),
        version=str(merged["version"]),
        licence=str(merged["licence"]),
        licence_url=str(merged["licence_url"]),
        base_url=str(merged["base_url"]),
        repository=str(merged["repository"]),
        collection=str(merged["collection"]),
        id_prefix=str(merged["id_prefix"]),
        build_date=build_date(content_dir, newest),
    )
