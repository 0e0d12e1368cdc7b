"""``manage.py`` (the quick start) makes ``.venv`` with the fastest suitable interpreter: one whose
executable holds the interpreter itself rather than loading a shared ``libpython`` (a fifth faster
here), able to make virtual environments, Python ≥ 3.10; ``$EDITION_PYTHON`` overrides the choice."""

from __future__ import annotations

import importlib.util
import os
import stat
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _manage():
    spec = importlib.util.spec_from_file_location("manage_under_test", ROOT / "manage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake_python(folder: Path, answer: str) -> Path:
    """A ``python3`` in ``folder`` that answers manage.py's probe with ``answer``."""
    folder.mkdir(parents=True)
    path = folder / "python3"
    path.write_text(f"#!/bin/sh\necho {answer}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_the_environment_is_made_with_an_interpreter_linked_into_its_executable(tmp_path, monkeypatch):
    manage = _manage()
    shared = _fake_python(tmp_path / "a", "True True")  # (runs from a shared libpython)
    old = _fake_python(tmp_path / "b", "False False")  # (older than 3.10)
    linked = _fake_python(tmp_path / "c", "True False")
    monkeypatch.delenv("EDITION_PYTHON", raising=False)
    monkeypatch.setattr(sys, "executable", str(shared))
    monkeypatch.setenv("PATH", os.pathsep.join(str(p.parent) for p in (shared, old, linked)))
    assert manage.interpreter() == str(linked)
    # none better than this one: this one
    monkeypatch.setenv("PATH", os.pathsep.join(str(p.parent) for p in (shared, old)))
    monkeypatch.setattr(manage.shutil, "which", lambda name, path=None: None if path == "/usr/bin" else
                        (os.path.join(path, name) if path and os.path.exists(os.path.join(path, name)) else None))
    assert manage.interpreter() == str(shared)
    monkeypatch.setenv("EDITION_PYTHON", "/opt/some/python3")
    assert manage.interpreter() == "/opt/some/python3"


def test_an_environment_made_with_another_interpreter_is_told_by_its_home(tmp_path):
    manage = _manage()
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\nversion = 3.11.2\n", encoding="utf-8")
    assert manage._home(venv) == os.path.realpath("/usr/bin")
    assert manage._home(tmp_path / "none") == ""
