"""Bad input gets ``path:line:col: severity[CODE]: message``, the right exit status and no traceback;
a failed build leaves the previous site as it was; the sources are never modified."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from edition.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOOD = (ROOT / "content" / "sources" / "1962-11-23-deptel-usun-1359.txt").read_bytes()

CASES = [
    # (file bytes, expected line:col, code, severity, words in the message)
    (b"FROM: PARIS\nTO: Secretary of State\n\xff\xfe broken\n", "3:1", "E001", "error", "not UTF-8"),
    (b"", "1:1", "E002", "error", "empty file"),
    (b"   \n\n  \n", "1:1", "E002", "error", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "3:1", "E003", "error", "binary"),
    (b"MEMORANDUM FOR THE PRESIDENT\n\nSUBJECT: Test\n\nThis sentence has a ~~struck passage that never\nends at all in this paragraph.\n",
     "5:21", "E004", "error", "unterminated '~~'"),
    (b"MEMORANDUM FOR THE PRESIDENT\n\nSUBJECT: Test\n\nA word written ^{above the line and never closed.\n",
     "5:16", "E004", "error", "unterminated '^{'"),
    (b"OUTGOING TELEGRAM Department of State\n\n~~TOP SECRET - SENSITIVE\n\nACTION: USUN, New York\n",
     "3:1", "E004", "error", "unterminated '~~'"),
    (b"\n\nsome words that are not a document header of any kind at all here\n", "3:1", "W104", "warning",
     "kind not recognised"),
]


def make_content(tmp_path: Path, name: str, data: bytes) -> Path:
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    (content / "sources" / "good.txt").write_bytes(GOOD)
    (content / "sources" / name).write_bytes(data)
    return content


@pytest.mark.parametrize("data,where,code,severity,words", CASES, ids=[c[2] + "-" + c[1] for c in CASES])
def test_check_reports_bad_input(tmp_path, capsys, data, where, code, severity, words):
    content = make_content(tmp_path, "bad.txt", data)
    status = main(["check", "--content", str(content)])
    err = capsys.readouterr().err
    expected = f"{content / 'sources' / 'bad.txt'}:{where}: {severity}[{code}]: "
    line = next((l for l in err.splitlines() if l.startswith(expected)), None)
    assert line is not None, f"expected a line starting {expected!r} in:\n{err}"
    assert words in line
    assert status == (1 if severity == "error" else 0)
    assert "Traceback" not in err


@pytest.mark.parametrize("data,where,code,severity,words", [c for c in CASES if c[3] == "error"][:3],
                         ids=["E001", "E002", "E003"])
def test_failed_build_keeps_previous_site(tmp_path, data, where, code, severity, words):
    content = make_content(tmp_path, "bad.txt", b"")
    (content / "sources" / "bad.txt").unlink()
    site = tmp_path / "site"
    assert main(["build", "--content", str(content), "--site", str(site), "--quiet"]) == 0
    before = {p.relative_to(site): hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*") if p.is_file()}
    assert before
    (content / "sources" / "bad.txt").write_bytes(data)
    proc = subprocess.run([sys.executable, "-m", "edition", "build", "--content", str(content), "--site", str(site)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1
    assert f"error[{code}]" in proc.stderr and "Traceback" not in proc.stderr
    after = {p.relative_to(site): hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*") if p.is_file()}
    assert after == before


def test_build_never_modifies_sources(tmp_path):
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    for p in (ROOT / "content" / "sources").glob("*.txt"):
        (content / "sources" / p.name).write_bytes(p.read_bytes())
    stat_before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (content / "sources").iterdir()}
    assert main(["build", "--content", str(content), "--site", str(tmp_path / "site"), "--quiet"]) == 0
    stat_after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (content / "sources").iterdir()}
    assert stat_after == stat_before


def test_usage_error_exit_status(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["build", "--no-such-option"])
    assert exc.value.code == 2


def test_real_ocr_builds_with_warnings_only(tmp_path, capsys):
    real = ROOT / "tests" / "data" / "real-ocr"
    assert real.is_dir(), "tests/data/real-ocr is part of the repository"
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    for p in real.glob("*.txt"):
        (content / "sources" / p.name).write_bytes(p.read_bytes())
    status = main(["check", "--content", str(content)])
    err = capsys.readouterr().err
    assert status == 0, err
    assert "warning[" in err and "error[" not in err


def test_a_broken_theme_template_is_one_error_line_and_the_site_is_kept(tmp_path, monkeypatch, capsys):
    """A theme template that does not parse (an editor's typo in theme/main.html): E014 at the
    template's line, exit status 1, no traceback, the previous site as it was."""
    import shutil

    from edition import build

    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", project / "theme")
    monkeypatch.setattr(build, "MKDOCS_YML", project / "mkdocs.yml")
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    (content / "sources" / "a.txt").write_bytes(GOOD)
    site = tmp_path / "site"
    assert main(["build", "--content", str(content), "--site", str(site), "--quiet"]) == 0
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    template = project / "theme" / "main.html"
    lines = template.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if "{% block content %}" in line)
    lines[at] = lines[at].replace("{% block content %}", "{% block content %}{% if %}")
    template.write_text("\n".join(lines), encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--content", str(content), "--site", str(site), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"{template}:{at + 1}:1: error[E014]: theme template: " in err and "Traceback" not in err, err
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_two_builds_of_one_site_take_turns(tmp_path, capsys):
    """While another build holds the site's lock, a build waits (and says so), then runs."""
    import fcntl
    import threading

    content = make_content(tmp_path, "a.txt", GOOD)
    site = tmp_path / "site"
    lock = open(tmp_path / ".site-site.lock", "a+b")
    fcntl.flock(lock, fcntl.LOCK_EX)
    result: list[int] = []
    worker = threading.Thread(target=lambda: result.append(
        main(["build", "--content", str(content), "--site", str(site), "--quiet"])))
    worker.start()
    worker.join(timeout=3)
    assert worker.is_alive() and not site.exists()  # waiting, nothing written
    fcntl.flock(lock, fcntl.LOCK_UN)
    lock.close()
    worker.join(timeout=120)
    assert result == [0] and (site / "index.html").is_file()
    assert "waiting for another build of" in capsys.readouterr().err


def test_a_refused_source_is_the_one_error_shown(tmp_path):
    """The seed edition with one source made non-UTF-8: its documents are missing, so its
    corrections, notes, links and ledger ids all name documents the edition does not have. Those
    follow-on errors are counted in one line, not printed; the refused source's error is."""
    import shutil
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    source = content / "sources" / "1962-10-26-negotiations-memoranda.txt"
    source.write_bytes(source.read_bytes() + b"\n\xff\xfe broken\n")
    proc = subprocess.run([sys.executable, "-m", "edition", "build", "--content", str(content),
                           "--site", str(tmp_path / "site"), "--quiet"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if "error[" in line]
    assert len(errors) == 1 and errors[0].startswith(f"{source}:") and "error[E001]" in errors[0], proc.stderr
    shown = [line for line in proc.stderr.splitlines() if "more errors not shown" in line]
    assert len(shown) == 1 and int(shown[0].split()[1]) >= 10, proc.stderr  # (corrections, notes, links, ids)
    assert "1962-10-26-memo-negotiation" in shown[0]  # (the ids are named: a typo among them would show)
    # Without a refused source, the same kind of error is shown: a note for a document that is not there.
    source.write_bytes(source.read_bytes().replace(b"\n\xff\xfe broken\n", b""))
    notes = content / "notes.yaml"
    notes.write_text(notes.read_text(encoding="utf-8").replace("1962-10-26-memo-negotiation", "1962-10-26-memo-gone", 1),
                     encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "edition", "check", "--content", str(content), "--quiet"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1
    assert "note for document '1962-10-26-memo-gone', which is not in the edition" in proc.stderr, proc.stderr
    assert "not shown" not in proc.stderr
