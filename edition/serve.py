"""The editors' preview: ``edition serve`` → the edition built into a site folder, served on
localhost, and built again whenever a file of the content or the theme changes.

    serve_command(content, site, dev_addr) -> exit status   runs until interrupted

Each build is ``edition build`` itself (``build.build_command``: the same checks, the same
incremental cache, the search index, the same published files), run again in this one process, so
a rebuild pays neither the start-up nor the loading of the unchanged documents
(``pipeline.keep_warm``): an edit is on the page about as fast as the incremental build can make
it. The site folder is an ordinary build: what the preview shows is what ``edition build`` would
publish, byte for byte.

Pages reload themselves: the server adds a short script to each HTML page *as it sends it* (the
files are not changed) that asks ``/.edition/status`` once a second for the build's generation
and reloads when it changes. When a build fails (bad input), the previous site stays served, the
terminal says why, and the pages show the first error in a banner until a build succeeds.

Changes are seen through the ``watchdog`` package (inotify on Linux), in the content folder, the
theme and ``mkdocs.yml``; a burst of changes (an editor saving several files) gives one build,
after ``QUIET`` seconds without a change. The site folder, its staging folders and the cache are
never watched (a build would otherwise trigger the next).
"""

from __future__ import annotations

import functools
import gc
import http.server
import io
import json
import sys
import threading
import time
from pathlib import Path
from typing import Optional

from .build import MKDOCS_YML, ROOT, _say, build_command

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
    ones are worth reading); its error lines kept for the pages' banner."""

    def __init__(self, target, known: frozenset[str] = frozenset()) -> None:
        self.target, self.known = target, known
        self.failures: list[str] = []
        self.warnings: set[str] = set()
        self.repeated = 0
        self._line = ""

    def write(self, text: str) -> int:
        self._line += text
        *lines, self._line = self._line.split("\n")
        for line in lines:
            self._take(line)
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

    def build(self) -> int:
        """One ``edition build`` into the site folder, warm → its exit status."""
        from . import pipeline, timing

        timing.RECORDS.clear()
        tee = _Tee(sys.stderr, self.warnings)
        was, sys.stderr = sys.stderr, tee
        try:
            with pipeline.keep_warm():
                status = build_command(self.content, self.site)
        finally:
            tee.flush()
            sys.stderr = was
        # (a failed build may stop before some warnings: those of the last good build stay known)
        self.warnings = frozenset(tee.warnings) if status == 0 else self.warnings | tee.warnings
        if tee.repeated:
            _say(f"{tee.repeated} warning{'s' if tee.repeated != 1 else ''} as in the last build (not repeated)")
        if status == 0:
            self.generation += 1
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


def _handler(preview: Preview):
    class Handler(http.server.SimpleHTTPRequestHandler):
        """The site's files as they are, HTML pages with the reload script added."""

        def log_message(self, *args) -> None:  # (the terminal is for the builds)
            pass

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def do_GET(self) -> None:
            if self.path.split("?")[0] == STATUS:
                body = json.dumps({"generation": preview.generation, "errors": preview.errors}).encode()
                self._send(body, "application/json")
                return
            path = Path(self.translate_path(self.path))
            if path.is_dir() and self.path.split("?")[0].endswith("/"):
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                try:
                    html = path.read_bytes()
                except OSError:
                    self.send_error(404)
                    return
                at = html.rfind(b"</body>")
                html = html[:at] + RELOAD_SCRIPT + html[at:] if at >= 0 else html + RELOAD_SCRIPT
                self._send(html, "text/html; charset=utf-8")
                return
            super().do_GET()

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return functools.partial(Handler, directory=str(preview.site))


class _Changes:
    """File-system events → the time of the last relevant change (watchdog's handler)."""

    def __init__(self, ignore: list[Path]) -> None:
        self.ignore = [str(p) for p in ignore]
        self.last: Optional[float] = None
        self.lock = threading.Lock()

    def dispatch(self, event) -> None:
        paths = [getattr(event, "src_path", ""), getattr(event, "dest_path", "")]
        for p in paths:
            p = p.decode() if isinstance(p, bytes) else str(p or "")
            if not p or any(p == i or p.startswith(i + "/") or p.startswith(i + "-") for i in self.ignore):
                continue
            if Path(p).name.endswith((".swp", "~")) or "/.site-" in p:
                continue
            if event.event_type in ("opened", "closed_no_write", "attrib"):  # (reads, the build's own)
                continue
            with self.lock:
                self.last = time.monotonic()
            return

    def take(self) -> Optional[float]:
        """Once changes have been quiet for QUIET s: the time of the last one (then forgotten)."""
        with self.lock:
            last = self.last
            if last is None or time.monotonic() - last < QUIET:
                return None
            self.last = None
            return last


def serve_command(content: Path, site: Path, dev_addr: str) -> int:
    """Build, serve at ``dev_addr`` and rebuild on change until interrupted → exit status."""
    from watchdog.observers import Observer

    from .pages import default_cache_dir

    content, site = Path(content).absolute(), Path(site).absolute()
    host, _, port = dev_addr.rpartition(":")
    try:
        address = (host or "127.0.0.1", int(port))
    except ValueError:
        _say(f"error: --dev-addr must be HOST:PORT, not {dev_addr!r}")
        return 2
    preview = Preview(content, site)
    if preview.build() != 0 and not site.is_dir():
        _say("fix the errors above first; nothing is served")
        return 1
    try:
        httpd = http.server.ThreadingHTTPServer(address, _handler(preview))
    except OSError as exc:  # the address is taken, not permitted…
        _say(f"error: cannot serve at {dev_addr}: {exc.strerror or exc}")
        return 1
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    changes = _Changes([site, site.parent / f".site-{site.name}", default_cache_dir(content)])
    observer = Observer()
    observer.schedule(changes, str(content), recursive=True)
    theme = ROOT / "theme"
    if theme.is_dir():
        observer.schedule(changes, str(theme), recursive=True)
    observer.schedule(_OnlyFile(changes, MKDOCS_YML), str(MKDOCS_YML.parent), recursive=False)
    observer.start()
    _say(f"serving {site} at http://{address[0]}:{httpd.server_address[1]}/ (Ctrl-C stops)")
    try:
        while True:
            time.sleep(0.05)
            changed = changes.take()
            if changed is None:
                continue
            status = preview.build()
            took = time.monotonic() - changed  # from the last save to the site rebuilt
            if status == 0:
                _say(f"rebuilt in {took:.1f} s (generation {preview.generation})")
            else:
                _say("the site was not rebuilt; it is served as it was")
    finally:
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
