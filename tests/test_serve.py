"""``edition serve`` (edition/serve.py) builds the edition, serves it, and builds it again in the same
process when a file changes: the changed text appears on the page without restarting the server,
the served pages carry a reload script the files do not, a failed build leaves the site served as
it was with its errors in ``/.edition/status`` (the pages' banner), and a warm rebuild gives the
same site, byte for byte, as a clean build of the same input."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import gc
import json
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from edition import pipeline
from edition.build import build_command
from edition.pages import clear_cache
from edition.serve import Preview
from edition.synth import synth_command

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "content" / "sources" / "1962-11-23-deptel-usun-1359.txt"
PAGE = "documents/1962-11-23-deptel-usun-1359/"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode("utf-8")


def _wait_for(url: str, predicate, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            last = _get(url)
            if predicate(last):
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} did not show the expected content within {seconds} s")


def _status(port: int) -> dict:
    return json.loads(_get(f"http://127.0.0.1:{port}/.edition/status"))


@contextmanager
def _serving(tmp_path: Path, log: Optional[Path] = None) -> Iterator[tuple[Path, Path, int]]:
    """``edition serve`` on a content folder holding one seed source, in its own process group →
    (the source, the site folder, the port); stopped (SIGTERM, then SIGKILL) on leaving."""
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    source = content / "sources" / SEED.name
    shutil.copy(SEED, source)
    site = tmp_path / "site"
    port = _free_port()
    err = log.open("w") if log is not None else subprocess.DEVNULL
    proc = subprocess.Popen([sys.executable, "-m", "edition", "serve", "--content", str(content),
                             "--site", str(site), "--dev-addr", f"127.0.0.1:{port}"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
    try:
        yield source, site, port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        if log is not None:
            err.close()


def test_serve_reloads_when_a_source_changes(tmp_path):
    log = tmp_path / "serve.log"
    with _serving(tmp_path, log) as (source, site, port):
        url = f"http://127.0.0.1:{port}/{PAGE}"
        first = _wait_for(url, lambda html: "Kuznetsov" in html, 90)
        assert "Kuznetsova-Prime" not in first
        # The page as served asks for reloads; the published file is the build's, untouched.
        assert "/.edition/status" in first
        assert b"/.edition/status" not in (site / PAGE / "index.html").read_bytes()
        assert _status(port) == {"generation": 1, "errors": []}
        text = source.read_text(encoding="utf-8").replace("You should see Kuznetsov promptly",
                                                          "You should see Kuznetsova-Prime promptly")
        source.write_text(text, encoding="utf-8")
        _wait_for(url, lambda html: "Kuznetsova-Prime" in html, 60)
        assert "Kuznetsova-Prime" in (site / PAGE / "index.html").read_text(encoding="utf-8")
        assert _status(port)["generation"] == 2
        # A bad source: the build fails, the site stays served as it was, the status says why.
        good = source.read_bytes()
        source.write_bytes(good + b"\nbad byte \xff\n")
        _wait_for(f"http://127.0.0.1:{port}/.edition/status", lambda s: "E001" in s, 60)
        status = _status(port)
        assert status["generation"] == 2 and any("error[E001]" in e and SEED.name in e for e in status["errors"])
        assert "Kuznetsova-Prime" in _get(url)
        # Fixed: built again, the errors are gone.
        source.write_bytes(good.replace(b"Kuznetsova-Prime", b"Kuznetsova-Second"))
        _wait_for(url, lambda html: "Kuznetsova-Second" in html, 60)
        assert _status(port) == {"generation": 3, "errors": []}
        # The terminal: each warning printed once, not again at every build.
        lines = log.read_text(encoding="utf-8").splitlines()
        warnings = [l for l in lines if "warning[" in l]
        assert warnings and len(warnings) == len(set(warnings)), warnings
        assert any("as in the last build (not repeated)" in l for l in lines)
        assert any(l.startswith("edition: rebuilt in ") for l in lines)  # (one document: a new tree each time)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _assert_a_clean_build_equals(site: Path, content: Path, tmp_path: Path, monkeypatch) -> Path:
    """Build ``content`` clean (no memory of this process, a cache of its own) into ``tmp_path/clean``
    and assert that ``site`` is that build, byte for byte; → the clean site."""
    clean = tmp_path / "clean"
    clear_cache()
    monkeypatch.setenv("EDITION_CACHE", str(tmp_path / "cache2"))
    assert build_command(content, clean, quiet=True) == 0
    a, b = _tree(site), _tree(clean)
    assert sorted(a) == sorted(b)
    assert [k for k in a if a[k] != b[k]] == []
    return clean


def _built_preview(tmp_path: Path, monkeypatch, documents: int, seed: int,
                   memory: bool = False) -> tuple[Path, Path, Preview]:
    """A generated edition (``tmp_path/content``) built once by a new ``Preview`` into
    ``tmp_path/site``, with a cache of its own (and, with ``memory``, a memory folder of its own:
    ``tmp_path/memory``) → (content, site, preview)."""
    if memory:
        (tmp_path / "memory").mkdir()
        monkeypatch.setenv("EDITION_MEMORY_DIR", str(tmp_path / "memory"))
    content = tmp_path / "content"
    assert synth_command(documents, seed, content) == 0
    monkeypatch.setenv("EDITION_CACHE", str(tmp_path / "cache"))
    site = tmp_path / "site"
    preview = Preview(content, site)
    clear_cache()
    assert preview.build() == 0
    return content, site, preview


def _reverse_a_word(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    for k in range(len(lines) // 2, len(lines)):
        words = [w for w in lines[k].split() if w.isalpha() and len(w) > 6]
        if words:
            lines[k] = lines[k].replace(words[0], words[0][::-1], 1)
            path.write_text("\n".join(lines), encoding="utf-8")
            return
    raise AssertionError(f"no word to edit in {path}")


def test_warm_rebuilds_equal_a_clean_build(tmp_path, monkeypatch):
    """Three builds of a generated edition in one process (as ``edition serve`` makes them), an edit
    before each of the last two: the third takes the unchanged sources' documents from memory (their
    references resolved again), and the site is the clean build's, byte for byte."""
    content = tmp_path / "content"
    assert synth_command(120, 11, content) == 0  # (documents citing one another by number)
    monkeypatch.setenv("EDITION_CACHE", str(tmp_path / "cache"))
    site = tmp_path / "site"
    preview = Preview(content, site)
    clear_cache()
    pipeline._WARM.clear()
    assert preview.build() == 0 and preview.generation == 1
    sources = sorted((content / "sources").glob("*.txt"))
    _reverse_a_word(sources[1])
    # (told what changed, as the watcher tells it: only that file is looked at again)
    assert preview.build(frozenset({str(sources[1])})) == 0
    warm = dict(pipeline._WARM)
    assert len(warm) == len(sources) - 1  # every source but the edited one, loaded without its text
    _reverse_a_word(sources[-1])
    assert preview.build(frozenset({str(sources[-1]), str(ROOT / "theme" / "x.html")})) == 0
    assert preview.generation == 3
    # (the pages were published before the search index, and the open pages reloaded once)
    from edition import timing
    assert [r["stage"] for r in timing.RECORDS if r["stage"].startswith("publish")] == ["publish pages", "publish"]
    # (the second edit's source was taken from memory the first time, and is read again now)
    assert all(pipeline._WARM[k] is v for k, v in warm.items() if k in pipeline._WARM)
    assert len(set(warm) & set(pipeline._WARM)) == len(sources) - 2 and len(pipeline._WARM) == len(sources) - 1
    # (some of the documents taken from memory had references to resolve again)
    assert any(targets for _result, placeholders in warm.values() for targets in placeholders)
    # A source saved unchanged: built again, nothing published changes, the pages do not reload.
    sources[0].write_bytes(sources[0].read_bytes())
    assert preview.build(frozenset({str(sources[0])})) == 0 and preview.generation == 3
    # Nothing of a build is left alive to be frozen by the next (the process would grow by the
    # size of MkDocs' pages and files at every build): an edit made and undone, built twice, leaves
    # a few objects more frozen, not thousands.
    frozen, as_edited = gc.get_freeze_count(), sources[-1].read_bytes()
    for _ in range(2):
        _reverse_a_word(sources[-1])
        assert preview.build(frozenset({str(sources[-1])})) == 0
        sources[-1].write_bytes(as_edited)
        assert preview.build(frozenset({str(sources[-1])})) == 0
    assert gc.get_freeze_count() - frozen < 200, gc.get_freeze_count() - frozen
    assert preview.unseen_changes() == set()
    # A change the watcher did not report is found by the walk after the build, which builds again.
    time.sleep(0.05)  # (a new modification time: the same size, and the walk compares stats)
    _reverse_a_word(sources[2])
    assert preview.build(frozenset()) == 0 and preview.generation == 7  # (told nothing: nothing seen)
    assert preview.unseen_changes() == {str(sources[2])}
    assert preview.build() == 0 and preview.generation == 8 and preview.unseen_changes() == set()
    clean = _assert_a_clean_build_equals(site, content, tmp_path, monkeypatch)
    # ``edition build`` itself keeps nothing in memory.
    pipeline._WARM.clear()
    assert build_command(content, clean, quiet=True) == 0 and pipeline._WARM == {}


def _fake_site(root: Path) -> Path:
    site = root / "site"
    (site / "docs" / "a").mkdir(parents=True)
    (site / "empty").mkdir()
    (site / "index.html").write_bytes(b"<!doctype html><html><body><p>Home</p></body></html>")
    (site / "404.html").write_bytes(b"<!doctype html><html><body><p>Not here</p></body></html>")
    (site / "docs" / "a" / "index.html").write_bytes(b"<!doctype html><html><body><p>A</p></body></html>")
    (site / "style.css").write_bytes(b"p { color: black }")
    return site


def _request(port: int, method: str, path: str) -> tuple[int, dict, bytes]:
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request(method, path)
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


def test_the_preview_server_answers_as_a_static_host(tmp_path):
    """Pages get the reload script, other files are sent as they are; a missing page or a folder
    without index.html gets the site's 404 page (status 404, no listing); HEAD agrees with GET;
    before the first build, pages say the edition is being built."""
    import threading

    from edition.serve import _handler, _Server

    site = _fake_site(tmp_path)
    preview = Preview(tmp_path / "content", site)
    server = _Server(("127.0.0.1", 0), _handler(preview))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        code, headers, body = _request(port, "GET", "/")
        assert code == 200 and b"<p>Home</p>" in body and b"/.edition/status" in body
        assert (site / "index.html").read_bytes().count(b"/.edition/status") == 0
        code, head_headers, head_body = _request(port, "HEAD", "/")
        assert code == 200 and head_body == b"" and head_headers["Content-Length"] == str(len(body))
        assert _request(port, "GET", "/style.css")[2] == b"p { color: black }"
        for missing in ("/empty/", "/nothing/", "/docs/a/index.html/", "/nope.html"):
            code, _, body = _request(port, "GET", missing)
            assert code == 404 and b"Not here" in body and b"/.edition/status" in body, missing
        code, headers, _ = _request(port, "GET", "/docs/a")
        assert code == 301 and headers["Location"] == "/docs/a/"
        assert _request(port, "GET", "/docs/a/")[2].startswith(b"<!doctype html><html><body><p>A</p>")
        assert _request(port, "GET", "/../../etc/passwd")[0] == 404
        code, _, body = _request(port, "GET", "/.edition/status?t=1")
        assert code == 200 and json.loads(body) == {"generation": 0, "errors": []}
        assert _request(port, "HEAD", "/.edition/status")[0] == 200
        shutil.rmtree(site)
        code, _, body = _request(port, "GET", "/")
        assert code == 503 and b"being built" in body and b"/.edition/status" in body
    finally:
        server.shutdown()
        server.server_close()


def test_only_changes_to_the_edition_trigger_a_build(tmp_path):
    """Reads, a folder's own "modified" event, hidden and temporary files, .git/, the site and its
    staging folders are not changes; a saved source is."""
    from watchdog.events import (DirModifiedEvent, FileClosedNoWriteEvent, FileCreatedEvent, FileModifiedEvent,
                                 FileOpenedEvent)

    from edition.serve import _Changes

    content, site = tmp_path / "content", tmp_path / "content" / "_site"
    changes = _Changes([content], [site, tmp_path / "content" / ".site-_site"])
    quiet = [DirModifiedEvent(str(content / "sources")), FileOpenedEvent(str(content / "sources" / "a.txt")),
             FileClosedNoWriteEvent(str(content / "sources" / "a.txt")),
             FileCreatedEvent(str(content / "sources" / ".a.txt.swp")), FileCreatedEvent(str(content / "sources" / "4913")),
             FileModifiedEvent(str(content / "sources" / "a.txt~")), FileModifiedEvent(str(content / "#notes.yaml#")),
             FileModifiedEvent(str(content / ".git" / "index")), FileCreatedEvent(str(site / "index.html")),
             FileCreatedEvent(str(content / ".site-_site-x1y2" / "index.html"))]
    for event in quiet:
        changes.dispatch(event)
        assert changes.last is None, event
    changes.dispatch(FileModifiedEvent(str(content / "sources" / "a.txt")))
    assert changes.last is not None and changes.pending() == {str(content / "sources" / "a.txt")}
    time.sleep(0.2)
    taken = changes.take()
    assert taken is not None and taken[1] == {str(content / "sources" / "a.txt")} and changes.take() is None
    # A change the events did not tell: the next build looks at every file.
    changes.missed()
    assert changes.pending() is None and changes.take()[1] is None and changes.pending() == set()


def test_serve_refuses_a_site_folder_that_holds_the_content_or_lies_in_it(tmp_path, capsys):
    from edition.serve import serve_command

    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    shutil.copy(SEED, content / "sources" / SEED.name)
    assert serve_command(content, content, "127.0.0.1:0") == 1
    assert serve_command(content, tmp_path, "127.0.0.1:0") == 1
    assert serve_command(content, content / "_site", "127.0.0.1:0") == 1  # (it would be watched)
    err = capsys.readouterr().err
    assert err.count("refusing") == 2 and "is inside" in err and "serving" not in err
    assert not (content / "_site").exists()


def test_a_build_that_fails_unexpectedly_is_reported_and_the_preview_goes_on(tmp_path, monkeypatch, capsys):
    from edition import serve

    def broken(*args, **kwargs):
        raise RuntimeError("the theme is broken\nsecond line")

    preview = Preview(tmp_path / "content", tmp_path / "site")
    monkeypatch.setattr(serve, "build_command", broken)
    assert preview.build() == 1
    assert preview.errors and "RuntimeError: the theme is broken" in preview.errors[0]
    assert "second line" not in capsys.readouterr().err


def test_an_open_page_reloads_itself_and_shows_a_failed_build(tmp_path):
    """In chromium: a document page opened from ``edition serve`` shows the edited text without
    being reloaded by hand, a failed build's error in a banner (role=alert), and loses the banner
    when the source is fixed."""
    import re

    from browser_support import chromium, local_only_context

    with _serving(tmp_path) as (source, _site, port):
        base = f"http://127.0.0.1:{port}/"
        _wait_for(base + PAGE, lambda html: "Kuznetsov" in html, 90)
        with chromium() as browser, local_only_context(browser, base) as ctx:
            page = ctx.new_page()
            page.goto(base + PAGE)
            body = page.locator("main")
            assert "Kuznetsova-Third" not in body.inner_text()
            good = source.read_bytes()
            source.write_bytes(good.replace(b"You should see Kuznetsov promptly",
                                            b"You should see Kuznetsova-Third promptly"))
            page.wait_for_function("document.querySelector('main').innerText.includes('Kuznetsova-Third')",
                                   timeout=60_000)
            source.write_bytes(good + b"\nbad byte \xff\n")
            alert = page.get_by_role("alert")
            alert.wait_for(timeout=60_000)
            assert re.search(r"error\[E001\]", alert.inner_text())
            assert "Kuznetsova-Third" in body.inner_text()  # (the site as it was, not reloaded)
            source.write_bytes(good)
            alert.wait_for(state="detached", timeout=60_000)
            page.wait_for_function("!document.querySelector('main').innerText.includes('Kuznetsova-Third')",
                                   timeout=60_000)


def test_warm_rebuilds_equal_a_clean_build_after_edits_that_change_what_is_remembered(tmp_path, monkeypatch):
    """What ``edition serve`` remembers between builds (digests, rows of lists and registers, the
    home page, the ids and textless documents, the register pages) must give way to an edit that
    changes it: a document's year and title changed (it moves to another month, its list pages,
    shard and the home page's span change), a source removed and another added, a document's id
    changed by a correction of the editors' files — each built warm, then the site compared with a
    clean build, byte for byte."""
    import re
    content, site, preview = _built_preview(tmp_path, monkeypatch, 90, 5)
    sources = sorted((content / "sources").glob("*.txt"))
    # a source's dates made 1961 (a month of its own, first on the home page)
    text = sources[3].read_text(encoding="utf-8")
    moved = re.sub(r"\b1962\b", "1961", text)
    assert moved != text
    sources[3].write_text(moved, encoding="utf-8")
    assert preview.build(frozenset({str(sources[3])})) == 0
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "1961" in home  # (the home page's dates were made again, not remembered)
    # a source removed, another added (a copy of one under a new name: ids made unique again)
    gone, added = sources[5], content / "sources" / "zz-copy.txt"
    gone.unlink()
    shutil.copyfile(sources[7], added)
    assert preview.build(frozenset({str(gone), str(added)})) == 0
    # and the first edit undone
    sources[3].write_text(text, encoding="utf-8")
    assert preview.build(frozenset({str(sources[3])})) == 0
    clean = _assert_a_clean_build_equals(site, content, tmp_path, monkeypatch)
    assert "1961" not in (site / "index.html").read_text(encoding="utf-8")


def test_what_a_warm_build_remembers_is_keyed_by_what_it_was_made_of(tmp_path, monkeypatch):
    """``pipeline.sha_kept``, ``per_document``, ``load_kept`` and ``pages._memoized``: outside
    ``keep_warm`` nothing is remembered; inside, an equal key (the very document, the same
    signature, a file as it was) gives the value made before, anything else makes it again; what is
    remembered lasts two builds."""
    import pickle
    from dataclasses import dataclass
    from edition import pages

    hashed = []
    real_sha = pipeline._sha
    monkeypatch.setattr(pipeline, "_sha", lambda *parts: hashed.append(parts) or real_sha(*parts))
    assert pipeline.sha_kept("a", 1) == real_sha("a", 1) and pipeline.sha_kept("a", 1) and len(hashed) == 2
    hashed.clear()
    with pipeline.keep_warm():  # build 1
        assert pipeline.sha_kept("a", ("b", None)) == real_sha("a", ("b", None))
        assert pipeline.sha_kept("a", ("b", None)) == real_sha("a", ("b", None))
        pipeline.sha_kept("old")
    assert hashed == [("a", ("b", None)), ("old",)]  # (each hashed once)
    with pipeline.keep_warm():  # build 2: asks for "a" again, not for "old"
        pipeline.sha_kept("a", ("b", None))
    with pipeline.keep_warm():  # build 3
        pipeline.sha_kept("a", ("b", None))
        pipeline.sha_kept("old")  # (forgotten: not asked for in build 2)
    assert hashed == [("a", ("b", None)), ("old",), ("old",)]

    @dataclass(frozen=True)
    class Doc:
        id: str

    made = []
    def row(d):
        made.append(d.id)
        return (d.id, len(made))
    one, two = Doc("one"), Doc("two")
    assert pipeline.per_document("t", [one, two], row) == [("one", 1), ("two", 2)]
    assert pipeline.per_document("t", [one, two], row) == [("one", 3), ("two", 4)]  # (not warm)
    with pipeline.keep_warm():
        first = pipeline.per_document("t", [one, two], row)
    with pipeline.keep_warm():
        # the very object: its row; an equal object that is not the same one: made again
        assert pipeline.per_document("t", [Doc("one"), two], row) == [("one", 7), first[1]]

    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "r.pkl").write_bytes(pickle.dumps({"k": 1}))
    with pipeline.keep_warm():
        kept = pipeline.load_kept(folder, "r.pkl")
        assert kept == {"k": 1} and pipeline.load_kept(folder, "r.pkl") is kept
        pipeline.store_kept(folder, "r.pkl", {"k": 2})
        assert pipeline.load_kept(folder, "r.pkl") == {"k": 2}
        time.sleep(0.01)
        (folder / "r.pkl").write_bytes(pickle.dumps({"k": 3}))  # (written by another process)
        assert pipeline.load_kept(folder, "r.pkl") == {"k": 3}
        (folder / "r.pkl").unlink()
        assert pipeline.load_kept(folder, "r.pkl") == {}
    assert pipeline.load_kept(folder, "nothing.pkl") == {}

    made_pages = []
    def make():
        made_pages.append(1)
        return [pages.GeneratedPage("x/index.md", f"# X {len(made_pages)}\n")]
    with pipeline.keep_warm():
        a = pages._memoized(folder, "t", ("sig", [1, 2]), make)
        (folder / "pages-t.pkl").unlink()  # (the record gone: the page is in memory)
        assert pages._memoized(folder, "t", ("sig", [1, 2]), make) is a and len(made_pages) == 1
        b = pages._memoized(folder, "t", ("sig", [1, 3]), make)
        assert b != a and len(made_pages) == 2 and (folder / "pages-t.pkl").is_file()
    (folder / "pages-t.pkl").unlink()
    assert pages._memoized(folder, "t", ("sig", [1, 3]), make) != b and len(made_pages) == 3  # (not warm: the disk)


def test_a_warm_build_lists_a_folder_again_only_when_it_changed(tmp_path, monkeypatch):
    """``pipeline._Listed`` (whether the published site has a kept document's files): in
    ``keep_warm`` builds a folder is listed again only when its stat changed — a file added or
    removed there is seen at once."""
    folder = tmp_path / "site" / "markdown"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text("a", encoding="utf-8")
    listed = []
    real = os.listdir
    monkeypatch.setattr(os, "listdir", lambda p: listed.append(str(p)) or real(p))
    with pipeline.keep_warm():
        assert pipeline._Listed(tmp_path / "site").all(("markdown/a.md",))
        assert pipeline._Listed(tmp_path / "site").all(("markdown/a.md",))
        assert len(listed) == 1  # (the second build: the folder as it was)
        time.sleep(0.01)
        (folder / "b.md").write_text("b", encoding="utf-8")
        assert pipeline._Listed(tmp_path / "site").all(("markdown/a.md", "markdown/b.md"))
        (folder / "a.md").unlink()
        assert not pipeline._Listed(tmp_path / "site").all(("markdown/a.md",))
    assert len(listed) == 3
    assert pipeline._Listed(tmp_path / "site").all(("markdown/b.md",)) and len(listed) == 4  # (not warm: listed)


def _search_record() -> dict:
    from edition import timing
    return next(r for r in reversed(timing.RECORDS) if r["stage"] == "search index")


def _left_ahead(memory: Path, seconds: float = 20.0) -> list[str]:
    """What shards indexed ahead left in the memory folder, once their Pagefind runs are over."""
    deadline = time.monotonic() + seconds
    while True:
        left = sorted(p.name for p in memory.glob("edition-ahead-*"))
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


def test_an_edited_sources_search_index_is_started_ahead_and_adopted_only_when_it_is_the_builds(tmp_path, monkeypatch):
    """``edition serve``: the edited source's pages are made ahead with the last build's renderer and
    their shard indexed at once (``ahead.py``, ``search_index.index_ahead``); the build adopts that
    index because its shard's input is the same — and the site is a clean build's, byte for byte.
    A guess that is not the build's own page (here made wrong on purpose) is not adopted: the build
    indexes the shard itself, the site is still the clean build's, and nothing is left in memory."""
    from edition import ahead, search_index
    content, site, preview = _built_preview(tmp_path, monkeypatch, 120, 11, memory=True)
    memory = tmp_path / "memory"
    assert _search_record().get("shards_ahead") == 0  # (nothing to go by yet)
    sources = sorted((content / "sources").glob("*.txt"))
    started: list = []
    real_start = search_index.index_ahead
    monkeypatch.setattr(search_index, "index_ahead", lambda *a: started.append(real_start(*a)) or started[-1])
    _reverse_a_word(sources[4])
    assert preview.build(frozenset({str(sources[4])})) == 0
    assert len(started[-1]) == 1, started  # (one shard: the edited page's)
    record = _search_record()
    assert record["shards_ahead"] == 1 and record["shards_indexed"] == 1
    assert _left_ahead(memory) == []
    _assert_a_clean_build_equals(site, content, tmp_path, monkeypatch)
    # A wrong guess: the page made ahead is not the one the build makes.
    real_pages = ahead._pages
    monkeypatch.setattr(ahead, "_pages", lambda *a: {rel: data + b"\n" for rel, data in real_pages(*a).items()})
    monkeypatch.setenv("EDITION_CACHE", str(tmp_path / "cache"))
    _reverse_a_word(sources[4])
    assert preview.build(frozenset({str(sources[4])})) == 0
    assert len(started[-1]) == 1  # (started, on a page the build does not make)
    record = _search_record()
    assert record["shards_ahead"] == 0 and record["shards_indexed"] == 1
    assert _left_ahead(memory) == []
    shutil.rmtree(tmp_path / "clean")
    _assert_a_clean_build_equals(site, content, tmp_path, monkeypatch)
    # Two sources changed at once: no guess.
    _reverse_a_word(sources[4])
    _reverse_a_word(sources[5])
    monkeypatch.setenv("EDITION_CACHE", str(tmp_path / "cache"))
    assert preview.build(frozenset({str(sources[4]), str(sources[5])})) == 0
    assert len(started) == 2  # (index_ahead not asked)
    assert _search_record()["shards_ahead"] == 0


def test_a_shard_that_cannot_be_indexed_ahead_is_indexed_by_the_build(tmp_path, monkeypatch):
    """The thread of a shard indexed ahead cannot start (or Pagefind fails there): the build is not
    left waiting for it, and indexes the shard itself."""
    import threading
    content, _, preview = _built_preview(tmp_path, monkeypatch, 40, 7, memory=True)
    memory = tmp_path / "memory"
    source = sorted((content / "sources").glob("*.txt"))[2]
    real_start = threading.Thread.start

    def start(thread):
        if thread.name.startswith("edition-ahead-"):
            raise RuntimeError("can't start new thread")
        return real_start(thread)

    monkeypatch.setattr(threading.Thread, "start", start)
    _reverse_a_word(source)
    t0 = time.monotonic()
    assert preview.build(frozenset({str(source)})) == 0
    assert time.monotonic() - t0 < 60
    record = _search_record()
    assert record["shards_ahead"] == 0 and record["shards_indexed"] == 1
    assert _left_ahead(memory) == []
