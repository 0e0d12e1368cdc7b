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
from pathlib import Path

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


def test_serve_reloads_when_a_source_changes(tmp_path):
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    source = content / "sources" / SEED.name
    shutil.copy(SEED, source)
    site = tmp_path / "site"
    port = _free_port()
    log = tmp_path / "serve.log"
    proc = subprocess.Popen([sys.executable, "-m", "edition", "serve", "--content", str(content),
                             "--site", str(site), "--dev-addr", f"127.0.0.1:{port}"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=log.open("w"), start_new_session=True)
    try:
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
        assert any(l.startswith("edition: rebuilt in ") for l in lines)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


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
    assert preview.build() == 0
    warm = dict(pipeline._WARM)
    assert len(warm) == len(sources) - 1  # every source but the edited one, loaded without its text
    frozen = gc.get_freeze_count()
    _reverse_a_word(sources[-1])
    assert preview.build() == 0 and preview.generation == 3
    # Nothing of the last build is left alive to be frozen by the next (the process would grow
    # by the size of MkDocs' pages and files at every build): a few objects, not thousands.
    assert gc.get_freeze_count() - frozen < 200, gc.get_freeze_count() - frozen
    # (the second edit's source was taken from memory the first time, and is read again now)
    assert all(pipeline._WARM[k] is v for k, v in warm.items() if k in pipeline._WARM)
    assert len(set(warm) & set(pipeline._WARM)) == len(sources) - 2 and len(pipeline._WARM) == len(sources) - 1
    # (some of the documents taken from memory had references to resolve again)
    assert any(targets for _result, placeholders in warm.values() for targets in placeholders)
    clean = tmp_path / "clean"
    clear_cache()
    monkeypatch.setenv("EDITION_CACHE", str(tmp_path / "cache2"))
    assert build_command(content, clean, quiet=True) == 0
    a, b = _tree(site), _tree(clean)
    assert sorted(a) == sorted(b)
    assert [k for k in a if a[k] != b[k]] == []
    # ``edition build`` itself keeps nothing in memory.
    pipeline._WARM.clear()
    assert build_command(content, clean, quiet=True) == 0 and pipeline._WARM == {}
