#!/usr/bin/env python3
"""The quick start's one entry point, needing nothing but python3.

    python3 manage.py build      # content/ → site/ (any `edition` command works: check, serve, synth, bench)
    python3 manage.py test       # every test (pytest arguments may follow)

On first use it makes a virtual environment in ``.venv`` with the project and its dependencies
(re-made when ``pyproject.toml`` changes) and, for the browser tests, installs Debian's ``chromium``
when it is missing and we are root. Standard library only.
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


def ensure_venv() -> None:
    """Create or refresh .venv so that it holds the project as pyproject.toml describes it."""
    stamp = VENV / ".edition-installed"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted and (BIN / "edition").exists():
        return
    if not (BIN / "python").exists():
        print("manage.py: creating .venv", file=sys.stderr)
        run([sys.executable, "-m", "venv", str(VENV)])
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
