"""``edition serve`` (MkDocs' live-reload server) previews the edition and rebuilds when a source
changes: the changed text appears on the page without restarting the server."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

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


def test_serve_reloads_when_a_source_changes(tmp_path):
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    source = content / "sources" / SEED.name
    shutil.copy(SEED, source)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "edition", "serve", "--content", str(content),
                             "--dev-addr", f"127.0.0.1:{port}"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/{PAGE}"
        first = _wait_for(url, lambda html: "Kuznetsov" in html, 90)
        assert "Kuznetsova-Prime" not in first
        text = source.read_text(encoding="utf-8").replace("You should see Kuznetsov promptly",
                                                          "You should see Kuznetsova-Prime promptly")
        source.write_text(text, encoding="utf-8")
        _wait_for(url, lambda html: "Kuznetsova-Prime" in html, 60)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
