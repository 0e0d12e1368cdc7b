#!/usr/bin/env python3
"""The quick start's one entry point, needing nothing but python3.

    python3 manage.py build      # content/ → site/ (any `edition` command works: check, serve, synth, bench)
    python3 manage.py test       # every test (pytest arguments may follow)

On first use it makes a virtual environment in ``.venv`` with the project and its dependencies
(re-made when ``pyproject.toml`` or the interpreter changes) and, for the browser tests, installs
Debian's ``chromium`` when it is missing and we are root. Standard library only.

The environment's interpreter: ``$EDITION_PYTHON`` when set, else the fastest Python ≥ 3.10 found
(this one, or another ``python3`` on the PATH or in /usr/bin) that can make a virtual environment.
An interpreter run from a shared ``libpython`` (as pyenv builds it by default) reads and renders a
fifth slower than one linked into its executable (as Debian's): the reader over 1,000 sources took
4.3–4.5 CPU s with pyenv's 3.11.7 against 3.4–3.5 s with Debian's 3.11.2, the same hour.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
CHROMIUM = Path("/usr/bin/chromium")


def run(cmd: list[str], **kw) -> None:
    """Run a command, stopping with its exit status if it fails."""
    result = subprocess.run(cmd, **kw)
    if result.returncode != 0:
        sys.exit(result.returncode)


_PROBE = ("import sys, venv, ensurepip; print(sys.version_info >= (3, 10), "
          "any('libpython' in line for line in open('/proc/self/maps')) if sys.platform == 'linux' else False)")


def interpreter() -> str:
    """The Python to make .venv with (see the module docstring)."""
    chosen = os.environ.get("EDITION_PYTHON")
    if chosen:
        return chosen
    candidates = [sys.executable]
    for folder in os.environ.get("PATH", "").split(os.pathsep) + ["/usr/bin"]:
        found = shutil.which("python3", path=folder) if folder else None
        if found and os.path.realpath(found) not in map(os.path.realpath, candidates):
            candidates.append(found)
    for python in candidates:
        try:
            out = subprocess.run([python, "-c", _PROBE], capture_output=True, text=True, timeout=30).stdout.split()
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out == ["True", "False"]:  # (recent enough, makes environments, no shared libpython)
            return python
    return sys.executable


def _home(venv: Path) -> str:
    """The folder of the interpreter a virtual environment was made with (its ``pyvenv.cfg``)."""
    try:
        for line in (venv / "pyvenv.cfg").read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "home":
                return os.path.realpath(value.strip())
    except OSError:
        pass
    return ""


def ensure_venv() -> None:
    """Create or refresh .venv so that it holds the project as pyproject.toml describes it, made
    with ``interpreter()``."""
    stamp = VENV / ".edition-installed"
    python = interpreter()
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + b"\0" + python.encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted and (BIN / "edition").exists():
        return
    if VENV.exists() and _home(VENV) != os.path.dirname(os.path.realpath(python)):
        shutil.rmtree(VENV)  # (made with another interpreter: made again)
    if not (BIN / "python").exists():
        print(f"manage.py: creating .venv with {python}", file=sys.stderr)
        run([python, "-m", "venv", str(VENV)])
    print("manage.py: installing the project and its dependencies into .venv", file=sys.stderr)
    run([str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-e", f"{ROOT}[test]"])
    stamp.write_text(wanted)


def ensure_chromium() -> None:
    """Install Debian's chromium for the browser tests (never a downloaded browser)."""
    if CHROMIUM.exists() or shutil.which("apt-get") is None:
        return
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        print("manage.py: /usr/bin/chromium is missing; install Debian's chromium package", file=sys.stderr)
        return
    print("manage.py: installing Debian's chromium for the browser tests", file=sys.stderr)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update", "-qq"], env=env, stdout=subprocess.DEVNULL)
    run(["apt-get", "install", "-y", "-qq", "chromium"], env=env, stdout=subprocess.DEVNULL)


def main(argv: list[str]) -> None:
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return
    ensure_venv()
    os.chdir(ROOT)
    if argv[0] == "test":
        ensure_chromium()
        os.execv(str(BIN / "python"), [str(BIN / "python"), "-m", "pytest", *argv[1:]])
    os.execv(str(BIN / "edition"), [str(BIN / "edition"), *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
