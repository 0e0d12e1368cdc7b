"""The editors' preview: ``edition serve`` → the edition built into a site folder, served on
localhost, and built again whenever a file of the content or the theme changes.

    serve_command(content, site, dev_addr) -> exit status   runs until interrupted

Each build is ``edition build`` itself (``build.build_command``: the same checks, the same
incremental cache, the search index, the same published files), run again in this one process, so
a rebuild pays neither the start-up nor the loading of the unchanged documents
(``pipeline.keep_warm``): an edit is on the page about as fast as the incremental build can make
it. The site folder is an ordinary build: what the preview shows is what ``edition build`` would
publish, byte for byte.

What a rebuild looks at and when it publishes (``build_command``'s ``changed`` and ``early``):
the watcher tells the build which files changed, and only those are looked at again
(``scan.scan_content``: one ``stat``, not 10,000); a walk of the content folder after each build
checks that no change went untold (a full event queue, a network file system), and builds again,
looking at everything, if one did. An edit that changes few pages publishes them (documents, lists,
Markdown, TEI, API) as soon as MkDocs is done, and the open pages reload then; the search index,
whose shard Pagefind is still indexing, follows, with the search page. At 10,000 documents that is
the edited page about 1.5–2 s after the save and its search index about a second later
(BENCHMARKS.md).

Pages reload themselves: the server adds a short script to each HTML page *as it sends it* (the
files are not changed) that asks ``/.edition/status`` once a second for the build's generation
and reloads when it changes (once per build: not again when the search index follows). When a build fails (bad input), the previous site stays served, the
terminal says why, and the pages show the first error in a banner until a build succeeds.

The server behaves as a static host would: a missing page or a folder without ``index.html`` gets
the site's own ``404.html`` (with status 404, and the reload script, so the tab comes back when the
page does), folders are never listed, HEAD answers as GET would. The port is taken before the first
build, which at 10,000 documents takes a minute: meanwhile pages say the edition is being built.

Changes are seen through the ``watchdog`` package (inotify on Linux), in the content folder, the
theme and ``mkdocs.yml``; a burst of changes (an editor saving several files) gives one build,
after ``QUIET`` seconds without a change. Not changes: reads, attribute changes, a folder's own
"modified" event (it accompanies every create or delete inside it, the build's included), hidden
and editors' temporary files (``.x.swp``, ``#x#``, ``x~``, vim's ``4913``), ``.git/``. The site
folder, its staging folders and the cache are never watched (a build would otherwise trigger the
next). A build that changed no published file (a file saved unchanged) does not reload the pages.

Errors: the site folder is checked as ``edition build`` checks it before anything is served (never
the content folder or the project); an unexpected failure of a build (a broken theme template…) is
reported in one line and the server goes on with the site as it was.
"""

from __future__ import annotations

import functools
import gc
import http.server
import io
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Optional

from .build import MKDOCS_YML, ROOT, _say, _unsafe_site, build_command
from .scan import ignored

QUIET = 0.15
"""Seconds without a change before a build starts (one build for a burst of saves)."""

STATUS = "/.edition/status"

RELOAD_SCRIPT = b"""<script>/* added by edition serve (not in the built file) */
(function () {
  var seen = null, banner = null;
  function show(errors) {
    if (!errors.length) { if (banner) { banner.remove(); banner = null; } return; }
    if (!banner) {
      banner = document.createElement("div");
      banner.setAttribute("role", "alert");
      banner.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:99;padding:.75em 1em;" +
        "background:#5c0a0a;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap";
      document.body.appendChild(banner);
    }
    banner.textContent = "The last build failed; this is the site as it was.\\n" + errors.join("\\n");
  }
  function poll() {
    fetch("STATUS", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.generation !== seen) { location.reload(); return; }
      seen = s.generation;
      show(s.errors || []);
      setTimeout(poll, 1000);
    }).catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
</script>""".replace(b"STATUS", STATUS.encode())


class _Tee(io.TextIOBase):
    """stderr during a build, line by line: passed through, except the warnings the last build
    printed already (a 10,000-document edition has thousands, the same at every save: only the new
    ones are worth reading); its error lines kept for the pages' banner. A terminal's progress bar
    (``\\r`` updates, no newline) goes straight through."""

    def __init__(self, target, known: frozenset[str] = frozenset()) -> None:
        self.target, self.known = target, known
        self.failures: list[str] = []
        self.warnings: set[str] = set()
        self.repeated = 0
        self._line = ""
        self._lock = threading.Lock()  # (the server's threads may write too)

    def isatty(self) -> bool:
        return bool(getattr(self.target, "isatty", lambda: False)())

    def write(self, text: str) -> int:
        with self._lock:
            self._line += text
            *lines, self._line = self._line.split("\n")
            for line in lines:
                self._take(line)
            if "\r" in self._line:  # (a progress bar redrawn in place)
                self.target.write(self._line)
                self._line = ""
        return len(text)

    def _take(self, line: str) -> None:
        if "warning[" in line:
            self.warnings.add(line)
            if line in self.known:
                self.repeated += 1
                return
        # (the first few errors, and the build's one-line summary)
        if "error[" in line and len(self.failures) < 4 or line.startswith("edition:") and "error" in line:
            self.failures.append(line)
        self.target.write(line + "\n")

    def flush(self) -> None:
        with self._lock:
            if self._line:
                line, self._line = self._line, ""
                self._take(line)
        self.target.flush()


class Preview:
    """The state the server shows: the site folder, the last good build's generation, and the
    errors of the last build when it failed."""

    def __init__(self, content: Path, site: Path) -> None:
        self.content, self.site = content, site
        self.generation = 0
        self.errors: list[str] = []
        self.warnings: frozenset[str] = frozenset()  # printed already (by the last good build, and since)
        self.partial = False  # the last build failed after publishing the pages (not the search index)

    def build(self, changed: Optional[frozenset[str]] = None) -> int:
        """One ``edition build`` into the site folder, warm → its exit status. ``changed``: the paths
        changed since the last build, as the file-system events told them (only those of the content
        folder are looked at again, ``scan.scan_content``); None: look at every file."""
        from . import pipeline, timing

        timing.RECORDS.clear()
        tee = _Tee(sys.stderr, self.warnings)
        was, sys.stderr = sys.stderr, tee
        reloaded = []

        def pages_published(files_changed: int) -> None:
            """The edit is on the pages (the search index follows): the open pages reload now."""
            reloaded.append(files_changed)
            self._published(files_changed)

        try:
            with pipeline.keep_warm():
                status = build_command(self.content, self.site, changed=changed, early=pages_published)
        except Exception as exc:  # (not bad input: a broken template, a bug) — reported, not fatal
            where = f"{exc.filename}:{exc.lineno}: " if getattr(exc, "filename", None) and getattr(exc, "lineno", None) else ""
            line = f"edition: error: {where}{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
            print(line, file=sys.stderr)
            status = 1
        finally:
            tee.flush()
            sys.stderr = was
        self.partial = status != 0 and bool(reloaded)  # (failed after the pages were published)
        # (a failed build may stop before some warnings: those of the last good build stay known)
        self.warnings = frozenset(tee.warnings) if status == 0 else self.warnings | tee.warnings
        if tee.repeated:
            _say(f"{tee.repeated} warning{'s' if tee.repeated != 1 else ''} as in the last build (not repeated)")
        if status == 0:
            if not reloaded:  # (once per build: not again when the search index follows the pages)
                self._published(next((r for r in timing.RECORDS if r.get("stage") == "publish"), {}).get("changed"))
            self.errors = []
        else:
            self.errors = tee.failures or ["the build failed (see the terminal)"]
        # What the build made and dropped (MkDocs' pages, files, navigation hold reference cycles)
        # is collected now, before the next build freezes whatever is alive
        # (pipeline.read_corpus_textless): frozen, it would never be. The documents kept warm are
        # frozen already, so this does not walk them.
        _forget_last_config()
        gc.collect()
        return status

    def _published(self, files_changed: Optional[int]) -> None:
        """A build published its site: the pages reload when a published file changed (None: a new
        tree) — a file saved unchanged gives them no reason to — and after the first build or an error."""
        if files_changed != 0 or self.generation == 0 or self.errors:
            self.generation += 1
            self.errors = []

    def unseen_changes(self) -> set[str]:
        """After a build told what changed: the files a walk of the content folder finds other than
        the build read them (a watcher can miss events: a full queue, a network file system). One walk
        (0.1 s at 10,000 sources), once the site is published."""
        from .pages import unseen_changes

        return unseen_changes(self.content)


def _forget_last_config() -> None:
    """Let the last build's MkDocs objects go. MkDocs' configuration options are class attributes,
    and two keep the last configuration until the next build replaces it: ``plugins`` (the
    configuration, and the plugin instances, with all the files and pages they saw) and ``hooks``.
    Still alive when the next build freezes what it loaded, they would be frozen, and never freed."""
    from mkdocs.config.defaults import MkDocsConfig

    for _key, option in getattr(MkDocsConfig, "_schema", ()):
        for attr in ("_config", "plugins", "_base_option"):
            if attr in vars(option):
                setattr(option, attr, None)
        cache = vars(option).get("plugin_cache")
        if isinstance(cache, dict):
            cache.clear()


BUILDING = (b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Building</title></head>"
            b"<body><p>The edition is being built; this page reloads when it is ready.</p></body></html>")


def _inject(html: bytes) -> bytes:
    at = html.rfind(b"</body>")
    return html[:at] + RELOAD_SCRIPT + html[at:] if at >= 0 else html + RELOAD_SCRIPT


def _handler(preview: Preview):
    class Handler(http.server.SimpleHTTPRequestHandler):
        """The site's files as a static host serves them, HTML pages with the reload script added."""

        def log_message(self, *args) -> None:  # (the terminal is for the builds)
            pass

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def do_GET(self) -> None:
            self._answer(body=True)

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def _answer(self, body: bool) -> None:
            url = self.path.split("?", 1)[0].split("#", 1)[0]
            if url == STATUS:
                data = json.dumps({"generation": preview.generation, "errors": preview.errors}).encode()
                self._send(200, data, "application/json", body)
                return
            if not preview.site.is_dir():
                self._send(503, _inject(BUILDING), "text/html; charset=utf-8", body)
                return
            path: Optional[Path] = Path(self.translate_path(self.path))
            if path.is_dir():
                if not url.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", url + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                path = path / "index.html"
            elif url.endswith("/"):
                path = None  # (a file asked for as a folder: not found, as on a static host)
            try:
                data = path.read_bytes() if path is not None and path.is_file() else None
            except OSError:
                data = None
            if data is None:
                try:
                    missing = (preview.site / "404.html").read_bytes()
                except OSError:
                    missing = b"<!doctype html><html lang=\"en\"><body><p>Not found.</p></body></html>"
                self._send(404, _inject(missing), "text/html; charset=utf-8", body)
                return
            if path.suffix == ".html":
                self._send(200, _inject(data), "text/html; charset=utf-8", body)
            else:
                self._send(200, data, self.guess_type(str(path)), body)

        def _send(self, code: int, data: bytes, kind: str, body: bool) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)

    return functools.partial(Handler, directory=str(preview.site))


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A browser that went away mid-answer (a page reloading) is not worth a traceback."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class _Changes:
    """File-system events → the time of the last relevant change, and the paths that changed
    (watchdog's handler)."""

    def __init__(self, roots: list[Path], ignore: list[Path]) -> None:
        self.roots = [str(r) for r in roots]
        self.ignore = [str(p) for p in ignore]
        self.last: Optional[float] = None
        self.paths: Optional[set[str]] = set()  # (None: not known — the next build looks at everything)
        self.lock = threading.Lock()

    def dispatch(self, event) -> None:
        if event.event_type in ("opened", "closed_no_write", "attrib"):  # (reads: the build's own)
            return
        if event.is_directory and event.event_type == "modified":  # (comes with what changed inside)
            return
        relevant = []
        for p in (getattr(event, "src_path", ""), getattr(event, "dest_path", "")):
            p = p.decode() if isinstance(p, bytes) else str(p or "")
            if not p or any(p == i or p.startswith(i + "/") or p.startswith(i + "-") for i in self.ignore):
                continue
            root = next((r for r in self.roots if p.startswith(r + os.sep)), None)
            if root is not None and ignored(p[len(root) + 1:]):  # (hidden, editors' temporary files)
                continue
            relevant.append(p)
        if relevant:
            with self.lock:
                self.last = time.monotonic()
                if self.paths is not None:
                    self.paths.update(relevant)

    def pending(self) -> Optional[set[str]]:
        """The paths changed since the last ``take`` (None: not known — the next build looks at all)."""
        with self.lock:
            return set(self.paths) if self.paths is not None else None

    def missed(self) -> None:
        """A change the events did not tell: build again, looking at every file."""
        with self.lock:
            self.last = time.monotonic() - QUIET
            self.paths = None

    def take(self) -> Optional[tuple[float, Optional[frozenset[str]]]]:
        """Once changes have been quiet for QUIET s: (the time of the last one, the paths changed —
        None when not known), then forgotten."""
        with self.lock:
            last = self.last
            if last is None or time.monotonic() - last < QUIET:
                return None
            paths = frozenset(self.paths) if self.paths is not None else None
            self.last, self.paths = None, set()
            return last, paths


def serve_command(content: Path, site: Path, dev_addr: str) -> int:
    """Build, serve at ``dev_addr`` and rebuild on change until interrupted → exit status."""
    from watchdog.observers import Observer

    from . import timing
    from .pages import default_cache_dir

    # (normalized as the scan spells the paths the watcher reports: ``--content ../x``)
    content, site = Path(os.path.abspath(content)), Path(os.path.abspath(site))
    host, _, port = dev_addr.rpartition(":")
    try:
        address = (host or "127.0.0.1", int(port))
    except ValueError:
        _say(f"error: --dev-addr must be HOST:PORT, not {dev_addr!r}")
        return 2
    if not (content / "sources").is_dir():
        _say(f"error: {content}: not a content folder (it has no sources/ folder)")
        return 1
    problem = _unsafe_site(content, site)  # (before anything is served: never the content or the project)
    if problem:
        _say(f"error: {problem}")
        return 1
    for watched in (content, ROOT / "theme"):
        if site.resolve() == watched.resolve() or watched.resolve() in site.resolve().parents:
            # (every folder of the site would be watched, and every build would be a change)
            _say(f"error: the site folder {site} is inside {watched}, which is watched for changes: "
                 "put it elsewhere (--site)")
            return 1
    preview = Preview(content, site)
    try:
        httpd = _Server(address, _handler(preview))
    except OSError as exc:  # the address is taken, not permitted…
        _say(f"error: cannot serve at {dev_addr}: {exc.strerror or exc}")
        return 1
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://{address[0]}:{httpd.server_address[1]}/"
    observer = None
    try:
        _say(f"building {content} into {site}; it will be served at {url}")
        if preview.build() != 0 and not (site / "index.html").is_file():
            _say("fix the errors above first; nothing is served")
            return 1
        theme = ROOT / "theme"
        changes = _Changes([content, theme], [site, site.parent / f".site-{site.name}",
                                               site.parent / f".site-old-{site.name}", default_cache_dir(content)])
        observer = Observer()
        observer.schedule(changes, str(content), recursive=True)
        if theme.is_dir():
            observer.schedule(changes, str(theme), recursive=True)
        observer.schedule(_OnlyFile(changes, MKDOCS_YML), str(MKDOCS_YML.parent), recursive=False)
        observer.start()
        if preview.unseen_changes():  # (saved while the first build ran, before the watcher did)
            changes.missed()
        _say(f"serving {site} at {url} (Ctrl-C stops)")
        while True:
            time.sleep(0.05)
            taken = changes.take()
            if taken is None:
                continue
            changed, paths = taken
            status = preview.build(paths)
            if status == 0:
                # (from the last save: to the pages, then to the search index, both published)
                at = {r["stage"]: r["at"] for r in timing.RECORDS if "at" in r}
                took = at.get("publish", time.monotonic()) - changed
                if "publish pages" in at:
                    _say(f"rebuilt: the pages {at['publish pages'] - changed:.1f} s after the save, the search "
                         f"index {took:.1f} s (generation {preview.generation})")
                else:
                    _say(f"rebuilt in {took:.1f} s (generation {preview.generation})")
            elif preview.partial:
                _say("the pages were rebuilt, the search index was not (see above)")
            else:
                _say("the site was not rebuilt; it is served as it was")
            # Files the events did not tell of, and that no event since has (a save during the build):
            # built again, every file looked at.
            pending = changes.pending()
            if paths is not None and pending is not None and preview.unseen_changes() - pending:
                _say("a change was not reported by the file system's events: building again")
                changes.missed()
    finally:
        if observer is not None:
            observer.stop()
        httpd.shutdown()
        httpd.server_close()


class _OnlyFile:
    """A watchdog handler passing on only the events of one file (``mkdocs.yml`` in the project)."""

    def __init__(self, inner: _Changes, path: Path) -> None:
        self.inner, self.path = inner, str(path)

    def dispatch(self, event) -> None:
        if self.path in (str(getattr(event, "src_path", "")), str(getattr(event, "dest_path", ""))):
            self.inner.dispatch(event)
