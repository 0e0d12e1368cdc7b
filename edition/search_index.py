"""The site's full-text search: Pagefind over the built pages, in shards (the build's "search index" stage).

    build_search_index(site_dir, previous=None) -> stats
                                  run after MkDocs has written the site, before it is swapped in;
                                  ``previous`` = the site it replaces (shards whose input is unchanged
                                  are linked from it); raises SearchIndexError (one line, E013)

Pagefind (``pagefind[bin]`` from PyPI: the ``pagefind_bin`` wheel ships the Rust binary) reads HTML
files and writes a static, chunked index: a browser loads only the fragments a query needs.
What is indexed is the theme's business (theme/main.html): only document pages carry
``data-pagefind-body`` (head and text; the metadata panel, which repeats the head, downloads,
citation and the text's furniture — running heads and feet, page-break markers, OCR debris — are
``data-pagefind-ignore``), with filters ``kind``, ``year``, ``classification``, metadata ``title``,
``date`` and the sort key ``date`` — so prose pages, lists and registers are not in the index.

Shards. One Pagefind run over a 10,000-document site takes ~27 s and 2 GB and must be repeated after
any edit. The document pages (the HTML files with ``data-pagefind-body``) are therefore split into
shards by the month of their date (``data-pagefind-sort="date:YYYY-MM-DD…"``; undated pages in
``undated``); a month with more than ``MAX_PAGES`` pages is cut at day boundaries into parts
``YYYY-MM.01``, ``YYYY-MM.02``… (undated pages: by URL). Each shard is one Pagefind index in
``pagefind/<shard>/``, made by running Pagefind on a temporary folder of hard links to the shard's
pages only (same relative paths, so the URLs are the site's), at most ``PARALLEL`` runs at a time:
each process holds ≤ ``MAX_PAGES`` pages, so the stage's memory stays bounded whatever the size of
the edition. ``pagefind/shards.json`` lists the shards (sorted) with the SHA-256 of each one's input
(its pages' paths and bytes, the Pagefind version and this module's code); the search page
(js/search.js) reads it and merges the shards in the browser with Pagefind's multisite search
(the first shard is the primary index, ``mergeIndex`` adds the others, all requested at once;
merged indexes share the first one's WebAssembly). The UI's own files are ``pagefind/pagefind-ui.{js,css}``.

Incremental: when ``previous`` (the published site) has a shard with the same input hash in its
``shards.json``, that shard's files are hard-linked (or copied) from it instead of running Pagefind.
Editing one source changes its documents' pages and the pages citing them: only their shards are
indexed again.

The search page (content/pages/search.md → theme/search.html) is rendered without any script; this
stage fills its marked slots with the UI's stylesheet and scripts (``pagefind/pagefind-ui.css``,
``pagefind/pagefind-ui.js``, ``js/search.js``, as relative URLs) and removes its "built without its
search index" notice. A site built without this stage therefore loads no JavaScript at all and never
points at files it does not have.

Reproducibility: the same site must give a byte-identical ``pagefind/`` (tests/test_search.py).
Pagefind 1.5.2 alone does not: fragments, word-index chunks and the UI files are stable (named by
content hashes, no dates), but each filter file lists its values — and the ``.pf_meta`` file lists
the filters — in the order of a Rust ``HashMap``, which is randomly seeded per process. With more
than one value per filter (``year: 1962`` and ``undated``…) the bytes, hence the hashed file names,
hence ``.pf_meta`` and ``pagefind-entry.json``, change from run to run. ``_canonicalize`` therefore
rewrites those files of every shard after Pagefind: values and filters sorted by name, files
re-gzipped without a timestamp and renamed by the SHA-256 of their content (the JavaScript fetches
them by the names ``.pf_meta`` and the entry file give; nothing checks the hash). The CBOR involved
(unsigned ints, strings, arrays) is decoded and re-encoded here; an index that does not have the
expected shape (a new Pagefind version) is an E013 error, never a silently unstable index. Besides,
``pagefind/`` is deleted before each run, so no stale files survive, and the binary runs from an
empty working folder with ``PAGEFIND_*`` variables removed, so no stray ``pagefind.yml`` or
environment changes the index. Shard composition depends only on the pages, never on timing.
"""

from __future__ import annotations

import gzip
import filecmp
import hashlib
import json
import os
import queue
import re
import shutil
import struct
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Sequence

from .files import UNKNOWN, FileFacts, later, link_or_copy, walk_files

BUNDLE = "pagefind"
"""The index folder, relative to the site root (the UI and js/search.js expect it there)."""

SHARDS_FILE = "shards.json"
"""``pagefind/shards.json``: the shards, for js/search.js and for the next build's reuse."""

SEARCH_PAGES = ("search/index.html", "search.html")
"""Where the search page may be (``use_directory_urls`` true / false)."""

MAX_PAGES = 500
"""A month with more document pages than this is cut (at day boundaries) into several shards.

Re-indexing a shard after an edit costs Pagefind about 2.3 CPU s per 1,000 pages (its cost grows
with the words indexed, not the markup), so this bounds the search stage of an incremental build:
measured at 10k documents, ~2.5 s with 1,000-page shards, ~1.2 s with 500. Smaller shards cost the
reader: each is a few more requests before the first result (all made at once by js/search.js);
with 500 the first result came sooner than with 1,000 merged one by one, as Pagefind's UI does
(2.6 s against 3.7 s at 50 ms per request, 10,512 documents), and no later without latency."""

PARALLEL = 2
"""Pagefind processes at a time (each one's memory grows with its shard's pages)."""

TIMEOUT = 1800  # seconds, per shard; a 500-page shard takes one or two

KEEP = ("pagefind-entry.json", "pagefind.js", "pagefind-worker.js", "pagefind-ui.js", "pagefind-ui.css")
"""What a shard keeps of Pagefind's files besides its index data (``*.pf_meta``, ``wasm.*``, and the
``index/``, ``filter/``, ``fragment/`` folders); the other UIs and the highlighter are not used."""

UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")

_BODY = b"data-pagefind-body"
_SORT_DATE = re.compile(rb'data-pagefind-sort="date:(\d{4})-(\d{2})-(\d{2})')


class SearchIndexError(Exception):
    """The search index could not be built: one line for ``error[E013]`` (not a bug)."""

    code = "E013"


class _TimedOut(SearchIndexError):
    """Pagefind ran out of time (not tried again)."""


def _pagefind_env() -> dict[str, str]:
    """The environment Pagefind runs in: this process's, without ``PAGEFIND_*`` (no stray setting
    changes the index)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}


def pagefind_binary() -> Path:
    """The Pagefind executable shipped by the ``pagefind_bin`` wheel (``pagefind[bin]``)."""
    override = os.environ.get("PAGEFIND_BINARY_PATH")
    if override:
        path = Path(override)
    else:
        try:
            from pagefind_bin import get_executable  # type: ignore[import-not-found]
        except ImportError:
            raise SearchIndexError("Pagefind is not installed: pip install 'pagefind[bin]'") from None
        try:
            path = Path(get_executable())
        except (FileNotFoundError, OSError) as exc:
            raise SearchIndexError(f"the Pagefind binary is missing from pagefind_bin: {exc}") from None
    if not path.is_file() or not os.access(path, os.X_OK):
        raise SearchIndexError(f"the Pagefind binary is not an executable file: {path}")
    return path


def build_search_index(site_dir: Path, timeout: float = TIMEOUT, previous: Optional[Path] = None,
                       elsewhere: Optional[dict[str, Path]] = None, cache: Optional[Path] = None,
                       only: Optional[Sequence[str]] = None, wire: bool = True,
                       keys: Optional[dict[str, str]] = None, planned: Optional[Any] = None,
                       written: Optional[dict[str, Any]] = None, published: Optional[Path] = None) -> dict[str, Any]:
    """Index the built site at ``site_dir`` into ``site_dir/pagefind/<shard>/`` and wire up its search page.

    Returns ``{"pages", "words", "filters", "sorts", "languages", "files", "bytes", "seconds",
    "search_page", "pagefind", "shards", "built", "ahead", "reused"}``: pages indexed (the document pages),
    words (summed over shards), filters and sort keys, languages, files and bytes under ``pagefind/``,
    wall time, the search page's path relative to the site (None if the site has none), Pagefind's
    version, the shard names (sorted), those indexed by Pagefind in this run (of which, under
    ``"ahead"``, those indexed before it, ``index_ahead``) and those linked from ``previous``.
    Raises ``SearchIndexError`` with a one-line message on any failure; ``pagefind/`` is then removed.

    In place (an incremental build that publishes ``site_dir`` into ``previous`` file by file):
    ``elsewhere`` maps the pages the build kept in ``previous`` instead of writing them again
    (relative path → file) — they are indexed as if they were in ``site_dir`` — and unchanged shards
    are then not linked but listed under ``"kept"`` (``pagefind/<shard>`` folders of ``previous``
    to keep); ``"files"`` and ``"bytes"`` then count what this run wrote into ``pagefind/``, not the
    kept shards (walking them all would cost a quarter of a second at 10k, on the way to publishing
    an edit). ``cache``: a folder where what was learnt of each page is kept for the next run.
    ``only``: the document pages of ``site_dir`` (relative paths), when the caller knows them — the
    site is then not walked, and the stage can run while MkDocs is still writing its other pages;
    ``wire=False`` leaves the search page to ``wire_search_page``, called once MkDocs is done.
    ``keys``: the document pages' render keys (relative path → key; the same key, the same bytes):
    with ``cache``, what was learnt of a page is then found by its key, without a ``stat``.
    ``planned``: a ``threading.Event`` set once the shards are planned — the pages were read, and found
    indexable — and the first Pagefind run has started (or none is needed), for a caller that publishes
    the pages meanwhile (not by moving them: they are still read) or waits to be out of its way.
    ``written``: ``page_facts`` of the pages this build wrote (relative path → facts), taken as they were
    written: those pages are not read again to plan the shards.
    ``published``: the site this build will be published as (default ``previous``, else ``site_dir``):
    what the stage keeps in memory meanwhile is named after it (``clear_memory``)."""
    started = time.perf_counter()
    site = Path(site_dir)
    if wire and not (site / "index.html").is_file():
        raise SearchIndexError(f"{site}: not a built site (no index.html)")
    binary = pagefind_binary()
    bundle = site / BUNDLE
    _remove(bundle)
    elsewhere = elsewhere or {}
    in_place = bool(elsewhere) and previous is not None
    try:
        # The scratch sites Pagefind reads go in memory whenever there is a memory folder, whatever
        # its free space (they hold links only). Pagefind numbers the pages in the order it finds
        # them, which is the order the scratch's file system lists them — creation order in memory,
        # hashed on ext4 — so the index's bytes depend on where its scratch was: a shard's input
        # says which (``_input``), and one made elsewhere is never reused as if it were not.
        memory = _memory_folder(check_space=False)
        shards = _plan(site, _salt(binary), elsewhere, cache / "search-pages.pkl" if cache else None, only, keys,
                       written)
        for shard in shards:
            shard["input"] = _input(shard["pages_hash"], memory is not None)
        if not shards and (only if only is not None else _has_documents(site) and not elsewhere):
            raise SearchIndexError("no page has data-pagefind-body: the document template "
                                   "(theme/main.html) must mark the text to index")
        bundle.mkdir(parents=True)  # (the site folder itself may not be written yet: MkDocs runs meanwhile)
        old = _previous_shards(previous)
        todo, reused, where = [], [], {}
        for shard in shards:
            prior = old.get(shard["input"])
            if prior is not None and (in_place or _link_tree(prior[0], bundle / shard["name"])):
                shard.update({k: prior[1][k] for k in ("words", "filters", "sorts", "pagefind")})
                reused.append(shard["name"])
                where[shard["name"]] = prior[0] if in_place else bundle / shard["name"]
            else:
                todo.append(shard)
                where[shard["name"]] = bundle / shard["name"]
        if planned is not None and not todo:
            planned.set()
        env = _pagefind_env()
        # (an edit's shard or two: written in memory and linked to what did not change; after a change
        # to every page, the code's or the theme's, there is little to link and much to copy)
        previous_bundle = Path(previous) / BUNDLE if previous is not None and len(todo) <= PARALLEL else None
        def source(rel: str) -> Path:
            return elsewhere.get(rel) or site / rel

        # Biggest first, so that the two processes finish together.
        order = sorted(todo, key=lambda s: (-len(s["pages"]), s["name"]))
        processes = max(1, min(PARALLEL, len(order) or 1))
        # the scratch sites not in use, reused from shard to shard: those in memory, those beside the site
        scratches: dict[bool, queue.SimpleQueue] = {True: queue.SimpleQueue(), False: queue.SimpleQueue()}
        made = []
        adopted: list[str] = []  # (the shards indexed ahead, ``index_ahead``, whose input is theirs)

        def scratch_site(in_memory: bool) -> _Scratch:
            try:
                return scratches[in_memory].get_nowait()
            except queue.Empty:
                pass
            scratch = _Scratch(memory, True, _memory_prefix(published or previous or site)) if in_memory else \
                _Scratch(_scratch_parent(site))
            made.append(scratch)
            return scratch

        def index(shard: dict) -> dict[str, Any]:
            ahead = _AHEAD.pop(shard["input"], None)
            if ahead is not None:  # (indexed ahead of this build: the same input, so the same index)
                if planned is not None:
                    planned.set()
                counts = ahead.adopt(bundle / shard["name"],
                                     previous_bundle / shard["name"] if previous_bundle is not None else None, timeout)
                if counts is not None:
                    adopted.append(shard["name"])
                    return counts
            in_memory = memory is not None
            while True:
                scratch = None
                try:
                    scratch = scratch_site(in_memory)
                    return _index_shard(binary, source, bundle / shard["name"], shard["pages"], env, timeout,
                                        scratch, like=previous_bundle / shard["name"] if previous_bundle is not None else None,
                                        site=previous, started=planned)
                except OSError:
                    if not in_memory:
                        raise
                    # The memory folder is full: this shard is indexed from a scratch beside the site,
                    # and its input says so (the next build with room in memory indexes it again).
                    in_memory = False
                    shard["input"] = _input(shard["pages_hash"], False)
                finally:
                    if scratch is not None and not (scratch.links or scratch.folders):  # (one that could not be emptied is not reused)
                        scratches[scratch.symlinks].put(scratch)

        try:
            with ThreadPoolExecutor(max_workers=processes) as pool:
                for shard, counts in zip(order, pool.map(index, order)):
                    shard.update(counts)
        finally:
            if planned is not None:
                planned.set()  # (set by the first Pagefind run, unless none could start)
            for scratch in made:
                scratch.close()
        if shards:
            first = where[shards[0]["name"]]
            for name in UI_FILES:
                link_or_copy(first / name, bundle / name)
        manifest = {"format": 1, "shards": [
            {"name": s["name"], "pages": len(s["pages"]), "input": s["input"], "words": s["words"],
             "filters": s["filters"], "sorts": s["sorts"], "pagefind": s["pagefind"]} for s in shards]}
        (bundle / SHARDS_FILE).write_text(json.dumps(manifest, sort_keys=True, separators=(",", ":")),
                                          encoding="utf-8")
        search_page = _wire_search_page(site) if shards and wire else None
    except BaseException:
        _remove(bundle)  # no half-written index
        raise
    languages: set[str] = set()
    for s in shards:
        entry = json.loads((where[s["name"]] / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages.update(entry.get("languages") or {})
    files = [p for p in bundle.rglob("*") if p.is_file()]
    built = sorted(s["name"] for s in todo)
    return {
        "pages": sum(len(s["pages"]) for s in shards),
        "words": sum(s["words"] or 0 for s in shards) if shards else None,
        "filters": max((s["filters"] or 0 for s in shards), default=None),
        "sorts": max((s["sorts"] or 0 for s in shards), default=None),
        "languages": sorted(languages),
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
        "seconds": round(time.perf_counter() - started, 3),
        "search_page": search_page,
        "pagefind": shards[0]["pagefind"] if shards else None,
        "shards": [s["name"] for s in shards],
        "built": built,
        "ahead": sorted(adopted),
        "reused": sorted(reused),
        "kept": sorted(f"{BUNDLE}/{name}" for name in reused) if in_place else [],
    }


# -- shards -----------------------------------------------------------------------------------------

_VERSIONS: dict[tuple, str] = {}  # (binary, its size and time) → ``pagefind --version``, per process


def _salt(binary: Path) -> str:
    """What, besides its pages, a shard's index depends on: this module's code and Pagefind's version."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    try:
        st = os.stat(binary)
        which = (str(binary), st.st_size, st.st_mtime_ns)
    except OSError:
        which = (str(binary),)
    out = _VERSIONS.get(which)
    if out is None:
        try:
            out = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=60,
                                 errors="replace").stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            out = ""
        if out:  # (a failure is asked again next time)
            _VERSIONS[which] = out
    h.update(b"\0" + (out or str(binary)).encode())
    return h.hexdigest()


def _input(pages_hash: str, in_memory: bool) -> str:
    """A shard's input (``shards.json``: the same input, the same index): the hash of its pages
    (``_plan``) and the kind of scratch site Pagefind read them from (see ``_Scratch``)."""
    return hashlib.sha256(f"{pages_hash}\0scratch:{'memory' if in_memory else 'disk'}".encode()).hexdigest()


# -- shards indexed ahead of their build (``edition serve``) -------------------------------------------


class _Ahead:
    """One shard's index made by ``index_ahead``: Pagefind runs in a thread; the build whose shard has
    the same input adopts the result (``adopt``), or none does (``discard_ahead``)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.done = threading.Event()
        self.lock = threading.Lock()
        self.staged: Optional[Path] = None  # the folder holding the shard (``<name>/``) and its pages
        self.counts: Optional[dict[str, Any]] = None
        self.dropped = False

    def finish(self, staged: Optional[Path], counts: Optional[dict[str, Any]]) -> None:
        """(the thread) Pagefind is done: ``counts`` (None when it failed) → kept until adopted,
        or removed at once when the build no longer wants it."""
        with self.lock:
            self.staged, self.counts = staged, counts
            drop = self.dropped or counts is None
        if drop and staged is not None:
            shutil.rmtree(staged, ignore_errors=True)
        self.done.set()

    def adopt(self, out: Path, like: Optional[Path], timeout: float = TIMEOUT) -> Optional[dict[str, Any]]:
        """Wait for Pagefind (at most ``timeout``); its shard → ``out`` (hard links to ``like``'s files
        where the same, as ``_index_shard`` makes it) → its counts; None when it failed or is not done
        (the caller runs Pagefind)."""
        self.done.wait(timeout)
        with self.lock:
            staged, counts, self.dropped = self.staged, self.counts, True
        if staged is None or counts is None:
            return None
        try:
            if like is not None and like.is_dir():
                _materialize(staged / self.name, out, like)
            elif not _link_tree(staged / self.name, out):
                return None
            return counts
        except OSError:
            _remove(out)
            return None
        finally:
            shutil.rmtree(staged, ignore_errors=True)

    def drop(self) -> None:
        """Not wanted: its folder goes now, or as soon as Pagefind is done."""
        with self.lock:
            self.dropped = True
            staged = self.staged if self.done.is_set() else None
            self.staged = None
        if staged is not None:
            shutil.rmtree(staged, ignore_errors=True)


_AHEAD: dict[str, _Ahead] = {}
"""Shards being (or already) indexed ahead of their build, by input (``_input``)."""


def index_ahead(published: Path, pages: dict[str, bytes], cache: Optional[Path]) -> list[str]:
    """``edition serve``, before a build: the pages the build is expected to make (relative path →
    bytes; the edited source's document pages, made ahead by ``ahead.py``) → the names of the shards
    whose Pagefind run starts now, in threads, instead of once the build has made and planned its
    pages (two thirds of a second later at 10k documents). The shards are planned as ``_plan`` would
    plan them from the last build's pages (their facts, kept by their render keys in the cache)
    with these pages in place of theirs; each is indexed from ``published``'s files but for these
    pages. The build adopts a result only for a shard whose input — its pages' paths and bytes — is
    the same as its own (``build_search_index``): an edit that changes other pages, or moves a page
    to another shard, gives other inputs, and the build runs Pagefind itself. Nothing is started
    (``[]``) without a memory folder, a cache, or when a page is one the last build did not have."""
    discard_ahead()
    memory = ahead_memory(cache)
    if memory is None or not pages:
        return []
    from .pipeline import load_kept
    known = load_kept(cache, "search-keys.pkl")
    if not all(rel in known for rel in pages):
        return []
    new = {rel: page_facts(data) for rel, data in pages.items()}
    # Only the months of these pages are planned (each month's shards depend on its pages alone).
    months = {page[0] for page in new.values() if page is not None}
    facts = {rel: page for rel, (_, page) in known.items() if page is not None and page[0] in months}
    facts.update(new)
    binary = pagefind_binary()
    shards = [s for s in shards_of(facts, _salt(binary)) if not pages.keys().isdisjoint(s["pages"])]
    old = _previous_shards(published)
    prefix = _ahead_prefix(published)
    clear_ahead(published)
    env = _pagefind_env()
    started = []
    for shard in shards:
        shard_input = _input(shard["pages_hash"], True)
        if shard_input in old:  # (the build links it from the published site)
            continue
        if len(started) == PARALLEL:  # (a source whose documents fall in many shards: the first few)
            break
        job = _Ahead(shard["name"])
        own = {rel: data for rel, data in pages.items() if rel in shard["pages"]}
        # The shard's own pages written and its scratch site made here (a few hundredths of a second),
        # not in the thread, where they would take the interpreter from the build ten times as long.
        staged = Path(tempfile.mkdtemp(prefix=prefix, dir=memory))
        scratch = _Scratch(memory, True, prefix)
        try:
            for rel, data in own.items():
                target = staged / ".pages" / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            published_dir = Path(published)
            scratch.fill(shard["pages"], lambda rel: staged / ".pages" / rel if rel in own else published_dir / rel)
            threading.Thread(target=_index_ahead, args=(job, binary, staged, shard["pages"], env, scratch),
                             name=f"edition-ahead-{shard['name']}", daemon=True).start()
        except BaseException:
            scratch.close()
            shutil.rmtree(staged, ignore_errors=True)
            raise
        _AHEAD[shard_input] = job  # (once its thread runs: a job no thread finishes would be waited for)
        started.append(shard["name"])
    return started


def ahead_memory(cache: Optional[Path]) -> Optional[str]:
    """The memory folder shards indexed ahead are made in, or None when ``index_ahead`` can start
    nothing (no cache, no memory folder); raises ``SearchIndexError`` without Pagefind."""
    memory = _memory_folder(check_space=False)
    if cache is None or memory is None:
        return None
    pagefind_binary()
    return memory


def _index_ahead(job: _Ahead, binary: Path, staged: Path, pages: list[str], env: dict, scratch: _Scratch) -> None:
    """(a thread) One shard indexed ahead, from its scratch site (filled) into ``staged/<shard>`` —
    in memory, named after the shard, as the build's own run writes it."""
    counts = None
    try:
        # (at a lower priority: meanwhile the build reads and renders on one core, and an editor
        # waits for the pages first)
        counts = _run_pagefind(binary, Path, staged / job.name, pages, env, TIMEOUT, scratch, polite=True,
                               filled=True)
    except Exception:  # (the build indexes the shard itself)
        counts = None
    finally:
        scratch.close()
        job.finish(staged, counts)


def discard_ahead() -> None:
    """Forget the shards indexed ahead that no build adopted (their files go once Pagefind is done)."""
    while _AHEAD:
        _AHEAD.popitem()[1].drop()


def _ahead_prefix(site: Path) -> str:
    return _memory_prefix(site).replace("edition-pagefind-", "edition-ahead-", 1)


def clear_ahead(site: Path) -> None:
    """Remove what shards indexed ahead for ``site`` by a killed process left in memory."""
    folder = _memory_folder(check_space=False)
    if folder is not None:
        for left in Path(folder).glob(_ahead_prefix(site) + "*"):
            shutil.rmtree(left, ignore_errors=True)


def _pages(site: Path, elsewhere: dict[str, Path], only: Optional[Sequence[str]] = None) -> Iterator[tuple[str, str]]:
    """(relative path, file) of every HTML file of the site outside ``pagefind/`` (or of ``only``),
    then ``elsewhere``'s."""
    if only is not None:
        for rel in only:
            yield rel, str(site / rel)
    else:
        for rel, entry in walk_files(site, skip={BUNDLE}):
            if rel.endswith(".html"):
                yield rel, entry.path
    for rel, path in elsewhere.items():
        yield rel, str(path)


def page_facts(data: bytes) -> Optional[tuple[Optional[str], Optional[str], bytes]]:
    """A page's bytes → None when it is not a document page (no ``data-pagefind-body``), else what
    the shards are planned by: (month ``YYYY-MM`` or None when undated, day ``DD`` or None, the
    SHA-256 of the bytes)."""
    if _BODY not in data:
        return None
    m = _SORT_DATE.search(data)
    month = f"{m.group(1).decode()}-{m.group(2).decode()}" if m and m.group(1) != b"9999" else None
    return (month, m.group(3).decode() if month else None, hashlib.sha256(data).digest())


def _plan(site: Path, salt: str, elsewhere: Optional[dict[str, Path]] = None,
          cache: Optional[Path] = None, only: Optional[Sequence[str]] = None,
          keys: Optional[dict[str, str]] = None, written: Optional[dict[str, Any]] = None) -> list[dict[str, Any]]:
    """The document pages (HTML with ``data-pagefind-body``, outside ``pagefind/``; the site's and
    ``elsewhere``'s) → shards, sorted by name: ``{"name", "pages": [relative paths, sorted], "pages_hash":
    sha256 of the pages' paths and bytes, Pagefind's version and this code}``. ``written``: ``page_facts`` of pages, by relative path, taken by whoever wrote them
    (the render workers), so that they are not read again."""
    facts_of: dict[str, Any] = {}  # relative path → its page_facts
    # What each page is — None (not a document page) or (month, day, sha256) — remembered by its
    # render key (``keys``) or else by its stat: the pages an incremental build kept in place are
    # not read again (by key, not even stat'ed: 10,000 pages at 10k).
    seen = FileFacts(cache)
    from .pipeline import load_kept, store_kept
    by_key_record = cache.with_name("search-keys.pkl") if cache is not None and keys else None
    # (kept in memory between the builds of ``edition serve`` while the file is unchanged)
    by_key: dict[str, tuple[str, Any]] = load_kept(by_key_record.parent, by_key_record.name) if by_key_record else {}
    learnt: dict[str, tuple[str, Any]] = {}
    keys = keys or {}
    written = written or {}
    for rel, path in _pages(site, elsewhere or {}, only):
        key = keys.get(rel)
        known = by_key.get(rel) if key is not None else None
        if known is not None and known[0] == key:
            facts = known[1]
        else:
            facts = written.get(rel, UNKNOWN)
            if facts is UNKNOWN:
                stamp, facts = seen.lookup(path)
                if facts is UNKNOWN:
                    with open(path, "rb") as fh:
                        facts = page_facts(fh.read())
                    seen.put(stamp, facts)
        if key is not None:
            learnt[rel] = (key, facts)
        facts_of[rel] = facts
    seen.save()
    if by_key_record is not None and learnt != by_key:
        later(lambda: store_kept(by_key_record.parent, by_key_record.name, learnt))
    return shards_of(facts_of, salt)


def shards_of(facts: dict[str, Any], salt: str) -> list[dict[str, Any]]:
    """Pages (relative path → ``page_facts``, None for a page not indexed) → the shards, sorted by
    name, as ``_plan`` gives them (a function of the pages' facts and ``salt`` only)."""
    groups: dict[str, list[tuple[str, str, bytes]]] = {}  # group → [(sub key, path, sha256)]
    for rel, page in facts.items():
        if page is None:
            continue
        month, day, digest = page
        groups.setdefault(month or "undated", []).append((day or rel, rel, digest))
    shards = []
    for group in sorted(groups):
        pages = sorted(groups[group])
        parts = _cut(pages, MAX_PAGES)
        for n, part in enumerate(parts, 1):
            name = group if len(parts) == 1 else f"{group}.{n:02d}"
            h = hashlib.sha256(salt.encode())
            for _, rel, digest in sorted(part, key=lambda p: p[1]):
                h.update(b"\0" + rel.encode() + b"\0" + digest)
            shards.append({"name": name, "pages": sorted(p[1] for p in part), "pages_hash": h.hexdigest()})
    return shards


def _cut(pages: list, limit: int) -> list[list]:
    """Pages sorted by sub key (``(day, path, digest)``…) → parts cut between sub keys, each ≤
    ``limit`` unless one day alone is more: of about equal size when that makes no more parts than
    filling each to the limit (607 pages of single days give 304 + 303, not 500 + 107, so an edit
    re-indexes a smaller shard), else filled to the limit."""
    if len(pages) <= limit:
        return [pages]
    filled = _parts(pages, limit, limit)
    even = _parts(pages, limit, -(-len(pages) // len(filled)))
    return even if len(even) <= len(filled) else filled


def _parts(pages: list, limit: int, share: int) -> list[list]:
    """Parts in order, each closed before a day that would take it over ``limit``, or once it
    holds ``share`` pages."""
    parts: list[list] = []
    current: list = []
    k = 0
    while k < len(pages):
        j = k
        while j < len(pages) and pages[j][0] == pages[k][0]:
            j += 1
        if current and len(current) + (j - k) > limit:
            parts.append(current)
            current = []
        current.extend(pages[k:j])
        k = j
        if len(current) >= share:
            parts.append(current)
            current = []
    if current:
        parts.append(current)
    return parts


def _previous_shards(previous: Optional[Path]) -> dict[str, tuple[Path, dict]]:
    """The previous site's shards by input hash → (folder, manifest entry); {} when unusable."""
    if previous is None:
        return {}
    bundle = Path(previous) / BUNDLE
    try:
        manifest = json.loads((bundle / SHARDS_FILE).read_text(encoding="utf-8"))
        out = {}
        for s in manifest["shards"]:
            folder = bundle / s["name"]
            if "/" not in s["name"] and s["name"] not in ("", ".", "..") and (folder / "pagefind-entry.json").is_file():
                out[s["input"]] = (folder, s)
        return out
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _scratch_parent(site: Path) -> Optional[str]:
    """Where the shards' folders of links go: beside the site (same file system) when writable."""
    parent = site.resolve().parent
    return str(parent) if os.access(parent, os.W_OK) else None


class _Scratch:
    """A temporary site of hard links in which Pagefind reads one shard's pages at a time, reused
    from shard to shard (one per Pagefind process running).

    A 10,000-document site has 10,000 page folders (``documents/<id>/index.html``). Made and
    removed again for every shard, they were 20,000 directory operations; and a file system that
    keeps freed inodes out of use for a while (ext4 without a journal) then made every file created
    after them — Pagefind's own output — slower. So the folders a shard needs are taken from
    ``spare/`` (renamed; made only when none is left) and put back there once Pagefind has read
    them, the deepest first: no folder outlives its shard, and each shard's site is made in the
    same order whatever ran in the scratch before (some file systems list a folder's entries in the
    order they were made, and Pagefind's output follows that order). ``close`` removes it all.

    ``symlinks``: the scratch is in memory (``parent`` a tmpfs folder, ``prefix`` the site's there:
    ``clear_memory``) and holds symbolic links, which Pagefind follows: after an edit, linking and
    unlinking a shard's ~500 pages took 0.1 s beside the site, 0.01 s there."""

    def __init__(self, parent: Optional[str], symlinks: bool = False, prefix: str = ".edition-pagefind-") -> None:
        self.symlinks = symlinks
        self.root = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        self.site, self.spare, self.cwd = self.root / "site", self.root / "spare", self.root / "cwd"
        for folder in (self.site, self.spare, self.cwd):
            folder.mkdir()
        self.spares: list[Path] = []
        self.folders: list[Path] = []  # in the site now, in the order they were placed
        self.links: list[Path] = []

    def fill(self, pages: Sequence[str], source: Callable[[str], Path]) -> Path:
        """Link ``pages`` (relative paths; ``source(rel)`` is each one's file) into the empty site →
        the site. What was placed is recorded as it is placed, so that ``empty`` undoes a fill that
        failed half-way too."""
        needed: set[str] = set()
        for rel in pages:
            parts = rel.split("/")
            if any(part in ("", ".", "..") for part in parts):
                raise SearchIndexError(f"cannot index page {rel!r}: not a plain relative path")
            needed.update("/".join(parts[:i]) for i in range(1, len(parts)))
        for folder in sorted(needed, key=lambda f: (f.count("/"), f)):  # parents first
            target = self.site / folder
            if self.spares:
                os.rename(self.spares[-1], target)
                self.spares.pop()
            else:
                target.mkdir()
            self.folders.append(target)
        for rel in sorted(pages):
            link = self.site / rel
            self.links.append(link)  # (before: a copy that fails half-way leaves a file too)
            if self.symlinks:
                os.symlink(os.path.abspath(source(rel)), link)
            else:
                link_or_copy(source(rel), link)
        return self.site

    def empty(self) -> None:
        """Unlink the pages; the folders back to ``spare/``, the deepest first."""
        while self.links:
            self.links[-1].unlink(missing_ok=True)
            self.links.pop()
        while self.folders:
            spare = self.spare / str(len(self.spares))
            os.rename(self.folders[-1], spare)
            self.folders.pop()
            self.spares.append(spare)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _index_shard(binary: Path, source: Callable[[str], Path], out: Path, pages: list[str], env: dict,
                 timeout: float, scratch: _Scratch, like: Optional[Path] = None, site: Optional[Path] = None,
                 started: Optional[Any] = None) -> dict[str, Any]:
    """Pagefind over ``pages`` only (linked into ``scratch``, each page's file given by
    ``source(relative path)``) → ``out``, made reproducible. ``like``: the same shard in the site
    being replaced, when there is one: Pagefind then writes into memory (``_memory_folder``, in a
    folder named after ``site``, so that the next build of that site clears what a killed one left:
    ``clear_memory``) and ``out`` is made of hard links to ``like``'s files where they are byte for
    byte the same (``_materialize``), copies elsewhere. Should that fail (memory full…), Pagefind runs
    again writing ``out`` itself. ``started``: an event set as Pagefind starts (its pages linked)."""
    memory = _memory_folder() if like is not None and like.is_dir() else None
    if memory is not None:
        staged = None
        try:
            staged = Path(tempfile.mkdtemp(prefix=_memory_prefix(site or out), dir=memory))
            counts = _run_pagefind(binary, source, staged / out.name, pages, env, timeout, scratch, started)
            _materialize(staged / out.name, out, like)
            return counts
        except _TimedOut:
            raise
        except (OSError, SearchIndexError):
            _remove(out)  # (a shard half made of links)
        finally:
            if staged is not None:
                shutil.rmtree(staged, ignore_errors=True)
    return _run_pagefind(binary, source, out, pages, env, timeout, scratch, started)


def _memory_prefix(site: Path) -> str:
    """The name of a site's folders in memory, up to mkdtemp's random part."""
    return f"edition-pagefind-{hashlib.sha256(str(Path(site).resolve()).encode()).hexdigest()[:12]}-"


def clear_memory(site: Path) -> None:
    """Remove what a killed build of ``site`` left in the memory folder (``_index_shard``), and what
    shards indexed ahead of a build by a killed ``edition serve`` left (``index_ahead``) unless some
    are still wanted. Called under the site's build lock: no other build of this site is running."""
    folder = _memory_folder(check_space=False)
    if folder is None:
        return
    for left in Path(folder).glob(_memory_prefix(site) + "*"):
        shutil.rmtree(left, ignore_errors=True)
    if not _AHEAD:
        clear_ahead(site)


def _memory_folder(check_space: bool = True) -> Optional[str]:
    """A folder in memory (``/dev/shm``, tmpfs) for Pagefind's output, or None where there is none.

    Why: after an edit, the edited shard's ~500 files replace those of its last version, which the
    publish deleted a moment before; ext4 without a journal (this machine's) keeps freed inodes out
    of use for minutes and scans past them for every file made meanwhile. Pagefind's two threads
    writing there spent 0.5 s more in the kernel (0.72 s against 0.19 s of system time, 460 pages).
    Written in memory, and linked to the files of the shard's last version that did not change (all
    but the edited page's text and the index chunks its words fall in), the new shard allocates a
    few inodes, and the old one's deletion frees none of the shared ones."""
    folder = os.path.abspath(os.environ.get("EDITION_MEMORY_DIR", "/dev/shm"))  # (Pagefind runs elsewhere)
    try:
        st = os.statvfs(folder)
    except OSError:
        return None
    if not os.access(folder, os.W_OK) or check_space and (st.f_bavail * st.f_frsize < 256 * 1024 * 1024
                                                           or st.f_favail < 100_000):
        return None
    return folder


def _materialize(written: Path, out: Path, like: Path) -> None:
    """The shard Pagefind ``written`` (in memory) → ``out``: each file a hard link to ``like``'s file
    of the same relative path when that one has the same bytes, else a copy. (Pagefind names its
    index chunks and fragments by their content; the bytes are compared all the same.)"""
    for root, dirs, files in os.walk(written):
        dirs.sort()
        rel = os.path.relpath(root, written)
        target_dir = out if rel == "." else out / rel
        target_dir.mkdir(parents=True, exist_ok=True)
        for name in sorted(files):
            made = os.path.join(root, name)
            target = target_dir / name
            old = like / name if rel == "." else like / rel / name
            if old.is_file() and filecmp.cmp(made, old, shallow=False):
                try:
                    os.link(old, target)
                    continue
                except OSError:
                    pass
            shutil.copyfile(made, target)


def _run_pagefind(binary: Path, source: Callable[[str], Path], out: Path, pages: list[str], env: dict,
                  timeout: float, scratch: _Scratch, started: Optional[Any] = None, polite: bool = False,
                  filled: bool = False) -> dict[str, Any]:
    """Pagefind over ``pages`` (linked into ``scratch``, unless ``filled`` already) → ``out``,
    canonicalized, its unused files removed. ``started``: an event set once the pages are linked, as
    Pagefind starts. ``polite``: at a lower scheduling priority (``nice``, where there is one), giving
    way to the build's own work."""
    try:
        root = scratch.site if filled else scratch.fill(pages, source)
        if started is not None:
            started.set()
        nice = shutil.which("nice") if polite else None
        try:
            result = subprocess.run(
                ([nice, "-n", "10"] if nice else []) + [str(binary), "--site", str(root), "--output-path", str(out.resolve())],
                cwd=scratch.cwd, env=env, capture_output=True, text=True, errors="replace", timeout=timeout)
        except subprocess.TimeoutExpired:
            raise _TimedOut(f"Pagefind did not finish within {timeout:g} s") from None
        except OSError as exc:
            raise SearchIndexError(f"cannot run Pagefind ({binary}): {exc.strerror or exc}") from None
    finally:
        scratch.empty()
    output = result.stdout + "\n" + result.stderr
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed (exit status {result.returncode}): {_first_error(output)}")
    entry = out / "pagefind-entry.json"
    try:
        meta = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SearchIndexError(f"Pagefind wrote no usable {BUNDLE}/{out.name}/{entry.name}: {exc}") from None
    if "Did not find a data-pagefind-body element" in output:
        raise SearchIndexError("no page has data-pagefind-body: the document template "
                               "(theme/main.html) must mark the text to index")
    try:
        _canonicalize(out)
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise SearchIndexError(f"cannot make Pagefind's index reproducible (unexpected format, Pagefind "
                               f"{meta.get('version')}): {exc}") from None
    for p in out.iterdir():
        if p.is_file() and not (p.name in KEEP or p.suffix == ".pf_meta" or p.name.startswith("wasm.")):
            p.unlink()
    return {"words": _count(output, "word"), "filters": _count(output, "filter"),
            "sorts": _count(output, "sort"), "pagefind": meta.get("version")}


def _link_tree(source: Path, target: Path) -> bool:
    """Hard-link (or copy) every file under ``source`` into ``target``; False (target removed) on failure."""
    try:
        for root, dirs, files in os.walk(source):
            dirs.sort()
            dest = target / os.path.relpath(root, source)
            dest.mkdir(parents=True, exist_ok=True)
            for name in sorted(files):
                link_or_copy(Path(root) / name, dest / name)
        return True
    except OSError:
        _remove(target)
        return False


# -- the search page ------------------------------------------------------------------------------

_SLOT = "<!--edition-search:{name}-->{body}<!--/edition-search:{name}-->"


def wire_search_page(site: Path) -> Optional[str]:
    """Fill the built site's search page with the index's stylesheet and scripts (see the module
    docstring) → its path relative to the site, or None when the site has no search page."""
    try:
        return _wire_search_page(Path(site))
    except OSError as exc:
        raise SearchIndexError(f"cannot write the search page: {exc.strerror or exc}") from None


def _wire_search_page(site: Path) -> Optional[str]:
    """Fill the search page's slots (idempotent: running the stage again gives the same page)."""
    for rel in SEARCH_PAGES:
        page = site / rel
        if page.is_file():
            break
    else:
        return None
    up = os.path.relpath(site, page.parent).replace(os.sep, "/")
    up = "" if up == "." else up + "/"
    head = f'<link rel="stylesheet" href="{up}{BUNDLE}/pagefind-ui.css">'
    scripts = (f'<script src="{up}{BUNDLE}/pagefind-ui.js"></script>'
               f'<script src="{up}js/search.js"></script>')
    text = page.read_text(encoding="utf-8")
    new = _fill(text, "head", head)
    new = _fill(new, "scripts", scripts)
    new = re.sub(r"<!--edition-search:off-->.*?<!--/edition-search:off-->", "", new, flags=re.S)
    if "<!--edition-search:scripts-->" not in new:
        raise SearchIndexError(f"{rel}: the search page has no script slot (theme/search.html)")
    if new != text:
        page.write_text(new, encoding="utf-8")
    return rel


def _fill(text: str, name: str, body: str) -> str:
    pattern = re.compile(re.escape(f"<!--edition-search:{name}-->") + ".*?" +
                         re.escape(f"<!--/edition-search:{name}-->"), re.S)
    return pattern.sub(lambda _: _SLOT.format(name=name, body=body), text, count=1)


# -- reproducible filter files ----------------------------------------------------------------------

_MAGIC = b"pagefind_dcd"  # every Pagefind data file: gzip(magic + CBOR)


def _canonicalize(bundle: Path) -> None:
    """Sort what Pagefind writes in hash-map order (filter values, the filter and sort lists of each
    language's ``.pf_meta``), then rename the rewritten files by content hash (see module docstring)."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    languages = entry["languages"]
    for lang in sorted(languages):
        info = languages[lang]
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_data(meta_path)
        if not (isinstance(meta, list) and len(meta) >= 5 and isinstance(meta[3], list) and isinstance(meta[4], list)):
            raise ValueError(f"{meta_path.name}: not [version, pages, chunks, filters, sorts, …]")
        filters = []
        for name, old in meta[3]:
            path = bundle / "filter" / f"{old}.pf_filter"
            data = _read_data(path)
            if not (isinstance(data, list) and len(data) == 2 and data[0] == name and isinstance(data[1], list)):
                raise ValueError(f"{path.name}: not [name, [[value, pages]…]]")
            data[1].sort(key=lambda pair: _key(pair[0]))
            new = _write_data(bundle / "filter", lang, 7, ".pf_filter", data)
            if new != old:
                path.unlink()
            filters.append([name, new])
        meta[3] = sorted(filters, key=lambda pair: _key(pair[0]))
        meta[4] = sorted(meta[4], key=lambda pair: _key(pair[0]))
        new_hash = _write_data(bundle, lang, 10, ".pf_meta", meta, prefix="pagefind.")
        if new_hash != info["hash"]:
            meta_path.unlink()
        info["hash"] = new_hash
    entry["languages"] = {lang: languages[lang] for lang in sorted(languages)}
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _key(value: Any) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else repr(value).encode("utf-8")


def _read_data(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_MAGIC):
        raise ValueError(f"{path.name}: not a Pagefind data file")
    value, end = _cbor_decode(raw, len(_MAGIC))
    if end != len(raw):
        raise ValueError(f"{path.name}: trailing bytes")
    return value


def _write_data(folder: Path, lang: str, digits: int, suffix: str, value: Any, prefix: str = "") -> str:
    """Write ``value`` as a Pagefind data file named ``<prefix><lang>_<sha256[:digits]><suffix>``;
    returns the name's hash part (``en_1a2b3c4``)."""
    raw = _MAGIC + _cbor_encode(value)
    name = f"{lang}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return name


def _cbor_decode(b: bytes, i: int) -> tuple[Any, int]:
    """The subset of CBOR Pagefind writes: integers, byte and text strings, arrays, maps."""
    first = b[i]
    major, info = first >> 5, first & 31
    i += 1
    if info < 24:
        n = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        n = int.from_bytes(b[i:i + size], "big")
        i += size
    else:
        raise ValueError(f"unsupported CBOR item {first:#04x}")
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major == 2:
        return bytes(b[i:i + n]), i + n
    if major == 3:
        return b[i:i + n].decode("utf-8"), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _cbor_decode(b, i)
            items.append(item)
        return items, i
    if major == 5:
        mapping = {}
        for _ in range(n):
            key, i = _cbor_decode(b, i)
            mapping[key], i = _cbor_decode(b, i)
        return mapping, i
    raise ValueError(f"unsupported CBOR major type {major}")


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise ValueError(f"CBOR length too large: {n}")


def _cbor_encode(value: Any) -> bytes:
    """Shortest-form CBOR, as Pagefind writes it (decode → encode gives Pagefind's bytes back)."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"unexpected CBOR value {value!r}")
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _cbor_head(3, len(data)) + data
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(_cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return _cbor_head(5, len(value)) + b"".join(_cbor_encode(k) + _cbor_encode(v) for k, v in value.items())
    raise ValueError(f"unexpected CBOR value of type {type(value).__name__}")


# -- helpers ----------------------------------------------------------------------------------------

def _has_documents(site: Path) -> bool:
    documents = site / "documents"
    return documents.is_dir() and any(p.is_dir() for p in documents.iterdir())


def _count(output: str, what: str) -> Optional[int]:
    """``Indexed 1746 words`` / ``Indexed 1 sort`` in Pagefind's summary → 1746 / 1 (its Total
    block comes last)."""
    found = re.findall(rf"Indexed (\d+) {what}s?\b", output)
    return int(found[-1]) if found else None


def _first_error(output: str) -> str:
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    for ln in lines:
        if re.search(r"error|Error|failed|panicked", ln):
            return ln[:300]
    return (lines[-1] if lines else "no output")[:300]


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()
