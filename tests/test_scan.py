"""The one walk of a content folder a build makes (edition/scan.py), and the look at only what
changed that ``edition serve`` makes instead after a save."""

import os
import shutil
import time
from pathlib import Path

from edition.config import build_date
from edition.scan import LOOK_AGAIN_MAX, ContentScan, ignored, scan_content
from edition.sources import list_sources


def _content(root: Path) -> Path:
    files = {
        "edition.yaml": "title: T\n",
        "sources/b.txt": "B", "sources/a.md": "A", "sources/README.md": "about", "sources/notes.csv": "x",
        "sources/sub/c.txt": "C", "sources/sub/deeper/d.TXT": "D", "sources/.e.txt": "hidden",
        "sources/.trash/f.txt": "hidden folder", "sources/g.txt~": "backup", "sources/.g.txt.swp": "swap",
        "sources/4913": "vim probe", "pages/index.md": "# Home", "registers/persons.yaml": "[]",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_the_scan_lists_the_sources_as_list_sources_does_and_skips_what_is_not_the_editions(tmp_path):
    content = _content(tmp_path / "content")
    scan = scan_content(content)
    names = [p.relative_to(content / "sources").as_posix() for p in scan.sources()]
    assert names == ["a.md", "b.txt", "sub/c.txt", "sub/deeper/d.TXT"]
    assert scan.sources() == list_sources(content / "sources")
    assert "pages/index.md" not in scan.files and "registers/persons.yaml" in scan.files
    assert not any(ignored(rel) for rel in scan.files) and "sources/.trash/f.txt" not in scan.files
    st = os.stat(content / "sources" / "b.txt")
    assert scan.stamp(content / "sources" / "b.txt") == (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    assert scan.stamp(str(content / "sources" / "sub" / ".." / "b.txt")) == scan.stamp(content / "sources" / "b.txt")
    assert scan.stamp(content / "sources" / "missing.txt") is None


def test_the_fingerprint_changes_with_the_sources_not_with_temporary_files_or_the_static_pages(tmp_path):
    content = _content(tmp_path / "content")
    before = scan_content(content).fingerprint()
    (content / "sources" / ".b.txt.swp").write_text("typing", encoding="utf-8")
    (content / "pages" / "index.md").write_text("# Home again", encoding="utf-8")
    (content / "sources" / "b.txt~").write_text("B", encoding="utf-8")
    assert scan_content(content).fingerprint() == before
    (content / "sources" / "b.txt").write_text("B, corrected", encoding="utf-8")
    assert scan_content(content).fingerprint() != before


def test_the_newest_source_time_is_the_build_date_without_git_or_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    content = _content(tmp_path / "content")
    os.utime(content / "sources" / "sub" / "c.txt", (2_000_000_000, 2_000_000_000))
    os.utime(content / "sources" / ".trash" / "f.txt", (2_100_000_000, 2_100_000_000))  # (hidden: not counted)
    scan = scan_content(content)
    assert scan.newest_source() == 2_000_000_000
    assert build_date(content, scan.newest_source) == "2033-05-18"
    assert ContentScan(str(content), {}).newest_source() == 0


def test_a_scan_told_what_changed_equals_a_whole_walk(tmp_path):
    """Edited, deleted and created files, a new folder, a deleted folder, paths outside the content
    folder or not the edition's: the scan that looks again at the paths it is told equals a walk."""
    content = _content(tmp_path / "content")
    s = content / "sources"
    def write(path: Path, text: str) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def remove(path: Path) -> Path:
        path.unlink()
        return path

    def remove_folder(folder: Path) -> Path:
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()
        return folder

    steps = [
        lambda: [write(s / "b.txt", "B, corrected")],
        lambda: [remove(s / "a.md")],
        lambda: [write(s / "h.txt", "H"), write(s / ".h.txt.swp", "swap")],
        lambda: [write(s / "new" / "i.txt", "I").parent],  # (a new folder: its files are not all told)
        lambda: [remove_folder(s / "sub" / "deeper")],
        lambda: [s / "new" / "i.txt", (s / "new" / "i.txt").rename(s / "j.txt")],  # (a move: both paths)
        lambda: [write(tmp_path / "theme.html", "x"), write(content / "pages" / "index.md", "# Home, new")],
        lambda: [write(s / "sub" / "deeper" / "k.txt", "K")],
        lambda: (shutil.rmtree(s / "sub"), [s / "sub"])[1],  # (a folder and the folders in it, gone)
        lambda: [write(s / "x" / "y" / "z.txt", "Z"), s / "x"],
        lambda: (shutil.rmtree(s / "x"), [s / "x"])[1],  # (a folder holding only a folder)
        lambda: [write(s / f"many-{n}.txt", str(n)) for n in range(LOOK_AGAIN_MAX + 1)],
        lambda: [],
    ]
    scan = scan_content(content)
    for step in steps:
        time.sleep(0.01)
        changed = [str(p) for p in step()]
        scan = scan_content(content, scan, changed)
        assert scan.files == scan_content(content).files, changed
        assert scan.sources() == list_sources(s)
    # Not told: the scan is the previous one (what serve's check after each build then finds).
    (s / "b.txt").write_text("B, again, longer", encoding="utf-8")
    assert scan_content(content, scan, []).files == scan.files != scan_content(content).files
    # Without the previous scan, or for another folder: a whole walk.
    other = _content(tmp_path / "other")
    assert scan_content(other, scan, []).files == scan_content(other).files
    assert scan_content(content, None, [str(s / "b.txt")]).files == scan_content(content).files
