"""Building the site: a content folder → checked corpus → MkDocs → a staging folder → the site.

    build_command(content, site)  read (diagnostics printed) → stop on errors, site untouched
                                  → MkDocs build into a staging folder beside ``site``
                                  → search index → publish (``publish.py``): a full build is swapped
                                    in whole; an incremental one (the site was built by this cache)
                                    wrote only what changed, which replaces those files in place
    check_command(content)        read and print diagnostics only

The MkDocs configuration is the repository's ``mkdocs.yml``; ``--content`` points the ``edition``
plugin (and ``docs_dir``, for ``pages/``) at another folder, so ``mkdocs build`` at the repository
root and ``edition build`` make the same site. Bad input, a bad configuration or an MkDocs error give
one line on stderr and exit status 1 — never a traceback. Stage times go to
``$EDITION_STAGE_TIMES`` (``timing.write_times``): ``reading``, then ``site`` (the whole MkDocs
build, which includes the plugin's ``pages`` and ``documents`` stages: every document's page,
Markdown and TEI, rendered in worker processes or linked from the previous site when unchanged —
see ``pipeline.py``), ``search index`` (when ``edition.search_index`` exists), then ``publish``
(and, for ``edition serve``, ``publish pages`` before the search index: ``build_command``'s
``early``). The disk cache (``.edition-cache/`` beside the content folder, or ``$EDITION_CACHE``)
keeps each source's reading and which inputs made each document's files; ``--no-cache`` ignores it.
Its records are rewritten, and its unused entries pruned, once the site is published
(``files.later``): on the way to the site they cost a tenth of a second at 10,000 documents.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional

from jinja2 import TemplateError

from .diagnostics import Reporter
from .pipeline import keeping_warm
from .publish import Kept, Listing, apply_changes, complete, leftovers, list_site, swap_in
from .timing import stage, write_times

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = ROOT / "mkdocs.yml"


def _say(message: str) -> None:
    print(f"edition: {message}", file=sys.stderr)


class _OneLine(logging.Handler):
    """MkDocs' log → ``mkdocs: warning: message`` lines on stderr; errors are kept, not printed, so
    that a failed build says what went wrong in one line (``edition: error: …``)."""

    def __init__(self, quiet: bool) -> None:
        super().__init__(logging.WARNING)
        self.quiet = quiet
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        lines = record.getMessage().strip().splitlines()
        if not lines:
            return
        if record.levelno >= logging.ERROR:
            self.errors.append(lines[0])
        elif not self.quiet:
            print(f"mkdocs: {record.levelname.lower()}: {lines[0]}", file=sys.stderr)


def _mkdocs_logging(quiet: bool) -> _OneLine:
    """Route MkDocs' log through one ``_OneLine`` handler (replacing any earlier one)."""
    logger = logging.getLogger("mkdocs")
    for h in list(logger.handlers):
        if isinstance(h, _OneLine):
            logger.removeHandler(h)
    handler = _OneLine(quiet)
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    return handler


def _read(content: Path, quiet: bool, use_cache: bool = True, textless: bool = False,
          changed: Optional[frozenset[str]] = None):
    """Read the content folder and print its diagnostics; None when it cannot be read at all.
    (``changed``: see ``build_command``.)"""
    from .pages import load_corpus

    if not content.is_dir():
        _say(f"error: content folder not found: {content}")
        return None
    reporter = Reporter()
    with stage("reading"):
        corpus = load_corpus(content, reporter, use_cache=use_cache, quiet=quiet, textless=textless,
                             changed=changed)
    reporter.print(sys.stderr, warnings=not quiet)
    corpus.reported = True
    return corpus


def check_command(content: Path, quiet: bool = False) -> int:
    """Read the content and report problems; exit status 1 when any is an error."""
    corpus = _read(Path(content), quiet)
    if corpus is None:
        return 1
    # Names that look like entities but are in no register (W108), for the editors to grow them.
    from .apparatus import check_unregistered
    unregistered = check_unregistered(corpus.docs, Path(content))
    if not quiet:
        for d in sorted(set(unregistered)):
            print(d.format(), file=sys.stderr)
    corpus.diagnostics = corpus.diagnostics + [d for d in unregistered if d not in corpus.diagnostics]
    n_err, n_warn = len(corpus.errors), len(corpus.diagnostics) - len(corpus.errors)
    if not quiet or n_err:
        _say(f"{len(corpus.docs)} documents, {n_err} error{'s' if n_err != 1 else ''}, "
             f"{n_warn} warning{'s' if n_warn != 1 else ''}")
    return 1 if n_err else 0


def _config(content: Path, site_dir: Path, docs_dir: Path, **overrides):
    """The repository's mkdocs.yml with the edition plugin pointed at ``content``."""
    from mkdocs.config import load_config

    with open(MKDOCS_YML, "rb") as fh:
        config = load_config(config_file=fh, site_dir=str(site_dir), docs_dir=str(docs_dir), **overrides)
    plugin = config.plugins.get("edition")
    if plugin is None:
        raise _Abort(f"{MKDOCS_YML}: the 'edition' plugin is not configured")
    plugin.content_override = content.resolve()  # type: ignore[attr-defined]
    return config


class _Abort(Exception):
    """A build problem to report as one line (not a bug)."""


def _unsafe_site(content: Path, site: Path) -> Optional[str]:
    """Refuse a site folder whose replacement would delete the sources or the project."""
    c, s = content.resolve(), site.resolve()
    if s == c or s in c.parents or s == ROOT or s == Path(s.anchor):
        return f"refusing to replace {site}: it holds the content folder or the project"
    if c in s.parents and (c / "sources") in [s, *s.parents]:
        return f"refusing to build into {site}: it is inside the sources folder"
    if s.exists() and not s.is_dir():
        return f"{site} exists and is not a folder"
    return None


def build_command(content: Path, site: Path, quiet: bool = False, use_cache: bool = True,
                  changed: Optional[frozenset[str]] = None, early: Optional[Callable[[int], None]] = None) -> int:
    """Build the site from ``content`` into ``site``; 0 on success, 1 on errors (site untouched).

    For ``edition serve``: ``changed``, the paths changed since this process's last build, when a
    file-system watcher told them — only those files of the content folder are looked at again;
    ``early``, called with the number of files changed once an incremental build has published
    everything but the search index, which follows (the editor sees the edited page sooner; the
    search page is published with its index). A search index that then fails leaves the new pages
    with the old index, and says so."""
    content, site = Path(content).absolute(), Path(site).absolute()
    try:
        return _build(content, site, quiet, use_cache, changed, early)
    finally:
        write_times()


def _build(content: Path, site: Path, quiet: bool, use_cache: bool, changed: Optional[frozenset[str]],
           early: Optional[Callable[[int], None]]) -> int:
    if not use_cache:
        from .pages import clear_cache
        clear_cache()
    problem = _unsafe_site(content, site) if content.is_dir() else None
    if problem:
        _say(f"error: {problem}")
        return 1
    from .files import deferred

    # (the cache's bookkeeping once the site is published: files.later)
    with _one_build_at_a_time(site), deferred():
        if keeping_warm():
            # (edition serve: the edited source's search index started now — ahead.py — and the
            # last build's renderer let go before this build reads)
            from .ahead import start
            from .pages import default_cache_dir
            start(content, site, changed if use_cache else None, default_cache_dir(content) if use_cache else None)
        try:
            return _build_site(content, site, quiet, use_cache, changed, early)
        finally:
            _discard_ahead()


@contextmanager
def _one_build_at_a_time(site: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``.site-<name>.lock`` beside the site while building it: two builds
    of one site at once (``edition serve`` rebuilding on a save while an editor runs ``edition
    build``) would race on the published files, the render manifest and the cache. The second one
    waits, and says so."""
    import fcntl

    site.parent.mkdir(parents=True, exist_ok=True)
    with open(site.parent / f".site-{site.name}.lock", "a+b") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            _say(f"waiting for another build of {site} to finish…")
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _build_site(content: Path, site: Path, quiet: bool, use_cache: bool, changed: Optional[frozenset[str]],
                early: Optional[Callable[[int], None]]) -> int:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, MkDocsException

    corpus = _read(content, quiet, use_cache, textless=True, changed=changed)
    if corpus is None:
        return 1
    if corpus.errors:
        n = len(corpus.errors)
        _say(f"{n} error{'s' if n != 1 else ''}; the site was not built ({site} is unchanged)")
        return 1

    log = _mkdocs_logging(quiet)
    site.parent.mkdir(parents=True, exist_ok=True)
    leftovers(site)
    _clear_memory(site)
    work: Optional[Path] = None
    searching = ThreadPoolExecutor(max_workers=1)
    plugin = None
    try:
        # (made inside the try: a SIGTERM right after it, KeyboardInterrupt here, still removes it)
        work = Path(tempfile.mkdtemp(prefix=f".site-{site.name}-", dir=site.parent))
        new_site = work / "site"
        pages = content / "pages"
        if not pages.is_dir():
            # MkDocs needs a docs folder; a content folder without static pages gets an empty one.
            pages = work / "pages"
            pages.mkdir()
        from .pages import default_cache_dir
        from .pipeline import output_paths, previous_keys
        manifest = default_cache_dir(content) / "render-manifest.json" if use_cache else None
        previous = site if use_cache and site.is_dir() else None
        # In place: the published site was built by this cache (its manifest matches it), so the new
        # build writes only what changed into the staging folder and publishes file by file.
        old_keys = previous_keys(previous, manifest)
        in_place = bool(old_keys)
        kept = Kept()
        cache = manifest.parent if manifest else None
        search: list = []
        planned = threading.Event()  # (set by the search stage once its shards are planned)
        done: set[str] = set()  # (the files published before the search index: early)
        early_changes: Optional[int] = None
        listing: Optional[Listing] = None  # (the site's files after the pages' step, for the last one)

        def start_search() -> None:
            """Once the documents are written (plugin ``on_env``): the search index of their pages,
            in a thread (Pagefind runs as its own processes) while MkDocs writes the other pages."""
            only, elsewhere, keys = [], {}, {}
            mine = set(plugin.kept or ())
            tei, render_keys, root = plugin.tei is not None, plugin.render_keys, str(site) + os.sep
            for doc in plugin.corpus.docs:
                page, *downloads = output_paths(doc.id, tei)
                keys[page] = render_keys.get(doc.id)
                if doc.id in mine:
                    kept.folders.add(page.rpartition("/")[0])
                    kept.files.update(downloads)
                    elsewhere[page] = root + page  # (a string: 10,000 Paths cost 0.1 s)
                else:
                    only.append(page)
            search.append(searching.submit(_search_index, new_site, previous, elsewhere, cache, only, keys, planned,
                                           plugin.page_facts, site))
            if in_place:
                # After an edit the search index of its shard is what the editor waits for longest:
                # its planning (Python, in that thread) is not made to share the interpreter with
                # the main thread's next steps (the API, MkDocs' pages), which wait for it instead.
                _wait_until_planned(planned, search[0])

        try:
            with stage("site"):
                config = _config(content, new_site, pages)
                plugin = config.plugins.get("edition")
                plugin.corpus_override = corpus  # type: ignore[attr-defined]
                plugin.previous_site = previous  # type: ignore[attr-defined]
                plugin.previous_keys = old_keys  # type: ignore[attr-defined]
                plugin.kept = [] if in_place else None  # type: ignore[attr-defined]
                plugin.quiet = quiet  # type: ignore[attr-defined]
                plugin.after_documents = start_search  # type: ignore[attr-defined]
                mkdocs_build(config)
                kept.files.update(plugin.kept_pages)  # (generated pages not written again)
            # In place pays when most of the site is kept; after a change to everything (the code,
            # the theme, the registers) swapping in the new tree is cheaper than comparing every file.
            publish_in_place = in_place and 2 * len(plugin.kept or ()) >= len(corpus.docs)
            if early is not None and search and publish_in_place:
                # (a site whose pages cannot be indexed fails before anything is published)
                _wait_until_planned(planned, search[0])
                if not search[0].done() or search[0].exception() is None:
                    from .search_index import BUNDLE, SEARCH_PAGES
                    with stage("publish pages"):
                        # (linked, not moved: Pagefind may still be reading the changed pages; the files
                        # of removed documents are deleted with the search index)
                        counts = apply_changes(new_site, site, kept, held=Kept(set(SEARCH_PAGES), {BUNDLE}), done=done,
                                               link=True)
                    _record("publish pages")["at"] = time.monotonic()
                    early_changes = counts.get("replaced", 0) + counts.get("deleted", 0)
                    # The manifest says which keys made the published pages — now, not after the
                    # search index: a build stopped meanwhile must not leave it describing the old ones.
                    _save_manifest(manifest, site, plugin)
                    early(early_changes)
                    # while Pagefind runs: the site's files but the index's, for the deletions
                    listing = list_site(site, kept, (BUNDLE,))
            try:
                if search:
                    stats = search[0].result()
                    if stats and stats.get("shards"):
                        from .search_index import wire_search_page
                        stats["search_page"] = wire_search_page(new_site)
                else:  # (documents rendered through MkDocs: fast_pages off)
                    stats = _search_index(new_site, previous, None, cache, published=site)
                kept.folders.update((stats or {}).get("kept") or ())
            except Exception as exc:  # the search stage's own error (one line), not a bug of ours
                if type(exc).__name__ != "SearchIndexError":
                    raise
                if early_changes is not None:
                    _say(f"error[E013]: {exc}; the pages were published in {site}, the search index is the last one")
                else:
                    _say(f"error[E013]: {exc}; the site was not built ({site} is unchanged)")
                return 1
        except (MkDocsException, Abort, _Abort) as exc:
            # MkDocs logs the cause and raises a generic "Aborted …": report the cause.
            message = log.errors[:1] or str(getattr(exc, "message", "") or exc).strip().splitlines()[:1]
            _say(f"error: {message[0] if message else type(exc).__name__}; the site was not built "
                 f"({site} is unchanged)")
            return 1
        except OSError as exc:
            outcome = "the pages were published, not the search index" if early_changes is not None else \
                "the site was not built"
            _say(f"error: {exc.strerror or exc}: {exc.filename or ''}; {outcome}".replace(": ;", ";"))
            return 1
        except TemplateError as exc:
            # A theme template that does not parse or names what is not there: the editors' input too.
            where = f"{exc.filename}:{exc.lineno}:1: " if getattr(exc, "filename", None) and getattr(exc, "lineno", None) else ""
            text = str(exc.message or exc).strip().splitlines()
            print(f"{where or 'edition: '}error[E014]: theme template: {text[0] if text else type(exc).__name__}; "
                  f"the site was not built ({site} is unchanged)", file=sys.stderr)
            return 1
        changed = None
        with stage("publish"):
            if publish_in_place:
                counts = apply_changes(new_site, site, kept, done=done, listed=listing)
                changed = counts.get("replaced", 0) + counts.get("deleted", 0) + (early_changes or 0)
            else:
                if in_place:
                    complete(new_site, site, kept)
                swap_in(new_site, site)
        # (files replaced or deleted in place, None: a new tree; when the site was published: bench, serve)
        _record("publish").update(changed=changed, at=time.monotonic())
        _save_manifest(manifest, site, plugin)
        if keeping_warm() and plugin.renderer is not None:  # (None: documents rendered through MkDocs)
            from .ahead import remember
            from .pipeline import LAST_APPARATUS
            remember(plugin.renderer, plugin.corpus, LAST_APPARATUS[0])
    finally:
        searching.shutdown(wait=True)  # (a search still running when MkDocs failed)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
        if plugin is not None:
            # The plugin and start_search hold each other through a closure cell made before the
            # corpus was read and frozen (pipeline.read_corpus_textless): a frozen cell is never
            # collected, so in a process that builds again (edition serve) the cycle is cut here.
            plugin.after_documents = None  # type: ignore[attr-defined]
    if not quiet:
        _say(f"built {len(corpus.docs)} documents into {site}")
    return 0


def _wait_until_planned(planned: threading.Event, search: Future) -> None:
    """Until the search stage has planned its shards and started Pagefind (``planned``), or ended
    (``search``, its future: a failure sets no event)."""
    while not planned.wait(0.05) and not search.done():
        pass


def _discard_ahead() -> None:
    """The shards indexed ahead that this build did not adopt (``search_index.discard_ahead``)."""
    try:
        from .search_index import discard_ahead
    except ImportError:
        return
    discard_ahead()


def _clear_memory(site: Path) -> None:
    """What a killed build of ``site`` left in memory (``search_index.clear_memory``)."""
    try:
        from .search_index import clear_memory
    except ImportError:
        return
    clear_memory(site)


def _record(name: str) -> dict:
    """The last timing record of a stage (the search thread may have added its own since)."""
    from .timing import RECORDS
    return next(r for r in reversed(RECORDS) if r["stage"] == name)


def _save_manifest(manifest: Optional[Path], site: Path, plugin) -> None:
    """Record the render keys the published site was made with (``pipeline.save_manifest``)."""
    from .pipeline import save_manifest
    try:
        save_manifest(manifest, site, getattr(plugin, "render_keys", {}))
    except OSError:
        pass  # no cache this time: the next build renders everything


def _search_index(site_dir: Path, previous: Optional[Path] = None,
                  elsewhere: Optional[dict[str, Path]] = None, cache: Optional[Path] = None,
                  only: Optional[list[str]] = None, keys: Optional[dict[str, str]] = None,
                  planned: Optional[threading.Event] = None, written: Optional[dict] = None,
                  published: Optional[Path] = None) -> Optional[dict]:
    """The "search index" stage: ``edition.search_index.build_search_index(site_dir, previous=…)``
    when that module exists (Pagefind over the built HTML, in shards; those unchanged since
    ``previous``, the site being replaced, are linked from it — or, in place, kept there, with the
    kept document pages ``elsewhere``), before the site is published."""
    try:
        from . import search_index
    except ImportError:
        return None
    func = getattr(search_index, "build_search_index", None)
    if func is None:
        return None
    with stage("search index"):
        # (with ``only``, during the MkDocs build: the search page is wired once MkDocs has written it)
        stats = func(site_dir, previous=previous, elsewhere=elsewhere, cache=cache, only=only, wire=only is None,
                     keys=keys, planned=planned, written=written, published=published)
    from .timing import RECORDS
    record = next((r for r in reversed(RECORDS) if r["stage"] == "search index"), None)
    if isinstance(stats, dict) and record is not None:
        record.update(shards_indexed=len(stats.get("built") or ()), shards_linked=len(stats.get("reused") or ()),
                      shards_ahead=len(stats.get("ahead") or ()))
    return stats
