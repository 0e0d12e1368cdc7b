"""Publishing a built site: a checked staging folder → the site folder readers are served from.

    swap_in(new, site)                     a whole new site replaces the old one (two renames)
    apply_changes(staging, site, kept)     an incremental build: the files of ``staging`` replace or
                                           join those of ``site``; the files of ``site`` that the new
                                           build neither wrote nor kept are deleted
    list_site(site, kept, fresh)           the site's files between the two steps of a two-step
                                           publish, for the second step's deletions
    leftovers(site)                        old sites and staging folders a killed build left beside
                                           ``site``: deleted

Both run only after every stage has succeeded (reading, MkDocs, documents, search index), so a
failed build leaves the published site exactly as it was. A full build is swapped in whole: readers
see the old or the new site, never half of one. An incremental build touches only what changed: after
editing one source of a 10,000-document edition a handful of files are replaced one by one (each
``os.replace`` is atomic, so a reader never sees half a file) instead of 40,000 files being linked
into a new tree — the difference between a rebuild in seconds and a rebuild in a tenth of that.
Files whose bytes did not change are left alone (same inode and modification time, so HTTP caches
and ``rsync`` see them unchanged).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from .files import link_or_copy, walk_files


def swap_in(new: Path, site: Path) -> None:
    """Replace ``site`` by ``new``: two renames on one file system. The old site is then deleted by a
    detached process: deleting tens of thousands of files takes longer than building them."""
    if not site.exists():
        os.rename(new, site)
        return
    old = Path(tempfile.mkdtemp(prefix=f".site-old-{site.name}-", dir=site.parent))
    os.rmdir(old)
    os.rename(site, old)
    try:
        os.rename(new, site)
    except OSError:
        os.rename(old, site)  # put the previous site back
        raise
    delete_later(old)


def delete_later(folder: Path) -> None:
    """Delete a folder in a detached process (synchronously when no process can be started)."""
    code = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    try:
        subprocess.Popen([sys.executable, "-c", code, str(folder)], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def leftovers(site: Path) -> None:
    """What a killed build left beside ``site``, deleted in the background: old sites
    (``.site-old-<name>-*``) and staging folders (``.site-<name>-`` and mkdtemp's eight characters).
    Called under the site's build lock (``build._one_build_at_a_time``): no other build of this site
    is running, so its staging folders are all leftovers."""
    staging = re.compile(re.escape(f".site-{site.name}-") + r"[a-z0-9_]{8}")
    for folder in site.parent.glob(f".site-*{site.name}-*"):
        if folder.is_dir() and (folder.name.startswith(f".site-old-{site.name}-") or staging.fullmatch(folder.name)):
            delete_later(folder)


@dataclass
class Kept:
    """What an incremental build keeps of the published site without writing it again: files
    (``markdown/<id>.md``) and whole folders (``documents/<id>/``, ``pagefind/<shard>/``), as paths
    relative to the site root with ``/``."""

    files: set[str] = field(default_factory=set)
    folders: set[str] = field(default_factory=set)


@dataclass
class Listing:
    """The files of a site (relative path, absolute path), listed after the first step of a two-step
    publish while the second one waits: all but those under ``fresh`` (folders the second step
    writes into, walked again then) and under the ``kept.folders`` of the time, ``skipped``."""

    files: list[tuple[str, str]]
    fresh: tuple[str, ...]
    skipped: frozenset[str]


def list_site(site: Path, kept: Kept, fresh: tuple[str, ...]) -> Listing:
    """``site``'s files except under ``fresh`` and ``kept.folders`` → a ``Listing`` for
    ``apply_changes(listed=…)``. (At 10k, walking the site is ~23,000 entries and 0.1 s: done while
    the search index is made, it is not between the index and its publication.)"""
    return Listing(list(_files(site, Kept(folders=kept.folders | set(fresh)))), fresh, frozenset(kept.folders))


def apply_changes(staging: Path, site: Path, kept: Kept, held: Optional[Kept] = None,
                  done: Optional[set[str]] = None, link: bool = False,
                  listed: Optional[Listing] = None) -> dict[str, int]:
    """Make ``site`` hold exactly the files of ``staging`` plus those ``kept``: new and changed files
    are moved in (``os.replace``), identical ones left alone, the rest deleted, then emptied folders
    removed. → counts ``{"replaced", "unchanged", "deleted"}``.

    In two steps (``edition serve`` publishes the pages before the search index is done): the first
    is given ``held``, what is not published yet — left in ``staging``, and in ``site`` as it is — and
    deletes nothing (it has no walk of the whole site to make); ``done`` collects the files published,
    so that the second step, given the same set, publishes the rest and deletes what neither wrote.
    ``link``: files are published as hard links (a link beside the target, renamed over it), and stay
    in ``staging`` too, for what still reads them there (the search index stage). ``listed``: the
    site's files as ``list_site`` found them after the first step (nothing else wrote the site since);
    the second step then walks only the folders it names ``fresh``."""
    written: set[str] = done if done is not None else set()
    counts = {"replaced": 0, "unchanged": 0, "deleted": 0}
    for rel, path in _files(staging, held or Kept()):
        if held is not None and rel in held.files:
            continue
        written.add(rel)
        target = site / rel
        if _same_file(path, target):
            counts["unchanged"] += 1
            continue
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        if link:
            # (the link is made beside the staging folder — deleted with it, even after a killed
            # build — and renamed over the target: one file system, one atomic step)
            beside = staging.parent / f".link-{counts['replaced']}"
            if os.path.lexists(beside):
                os.unlink(beside)
            link_or_copy(path, beside)
            os.replace(beside, target)
        else:
            os.replace(path, target)
        counts["replaced"] += 1
    if held is not None:
        return counts
    emptied: set[str] = set()
    for rel, path in list(_site_files(site, kept, listed)):
        if rel not in written and rel not in kept.files:
            try:
                os.unlink(path)
            except FileNotFoundError:  # (listed before a folder in its place was replaced)
                continue
            counts["deleted"] += 1
            emptied.add(rel.rpartition("/")[0])
    _remove_empty_folders(site, emptied)
    return counts


def complete(staging: Path, site: Path, kept: Kept) -> None:
    """Hard-link (or copy) what ``kept`` names from ``site`` into ``staging``, making it a whole site
    (to swap in whole after all)."""
    for rel in sorted(kept.files):
        _link(site / rel, staging / rel)
    for rel in sorted(kept.folders):
        for name, path in _files(site / rel, Kept()):
            _link(Path(path), staging / rel / name)


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    link_or_copy(source, target)


def _site_files(site: Path, kept: Kept, listed: Optional[Listing]) -> Iterator[tuple[str, str]]:
    """The site's files outside ``kept.folders``: walked, or from ``listed`` and its fresh folders."""
    if listed is None:
        yield from _files(site, kept)
        return
    # Folders kept since the listing, outside the fresh ones (which are walked now): their files stay.
    since = tuple(f + "/" for f in kept.folders - listed.skipped
                  if not any(f == x or f.startswith(x + "/") for x in listed.fresh))
    for rel, path in listed.files:
        if not since or not rel.startswith(since):
            yield rel, path
    for folder in listed.fresh:
        if folder not in kept.folders:
            for rel, entry in walk_files(site, kept.folders, folder):
                yield rel, entry.path


def _files(root: Path, skip: Kept):
    """(relative path, absolute path) of every file under ``root``, not descending into ``skip.folders``."""
    for rel, entry in walk_files(root, skip.folders):
        yield rel, entry.path


def _same_file(a: str, b: Path) -> bool:
    try:
        if os.path.samefile(a, b):  # (published already, as a link: ``apply_changes(link=True)``)
            return True
        if os.path.getsize(a) != os.path.getsize(b) or not os.path.isfile(b):
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            return fa.read() == fb.read()
    except OSError:
        return False


def _remove_empty_folders(site: Path, folders: set[str]) -> None:
    """Remove each of ``folders`` (relative to ``site``) and its parents while they are empty."""
    for rel in sorted(folders, key=lambda r: -r.count("/")):
        while rel:
            try:
                os.rmdir(site / rel)
            except OSError:  # not empty (or already gone)
                break
            rel = rel.rpartition("/")[0]
