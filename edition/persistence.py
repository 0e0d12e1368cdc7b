"""Persistent addresses: the ledger of published ids and redirects for retired ones (Endings rules).

``content/ids.txt`` lists every document id the edition has ever published, one per line. Once an id
is in the ledger its address must keep working in every later version: either the document still has
that id, or ``content/redirects.yaml`` names the id that replaces it, and the site keeps a small page
at the old address that sends the reader on.

``check_ids(docs, content_dir, reporter)`` → redirects {old id: new id}; reports E012 for a published
id that is gone without a redirect, E006 for a redirect to an id the edition does not have, and W114
for documents whose ids are not yet in the ledger (run ``edition ids --record`` when publishing).
``record_ids(docs, content_dir)`` adds the current ids to the ledger (the only command that writes
to ``content/``; the build never does).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .diagnostics import Reporter
from .model import Document

LEDGER = "ids.txt"
REDIRECTS = "redirects.yaml"


def _read_text(path: Path, reporter: Reporter | None) -> str | None:
    """A data file's text, or None with E006 reported when it cannot be read as UTF-8 text."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        if reporter is not None:
            why = "not UTF-8" if isinstance(exc, UnicodeDecodeError) else (exc.strerror or str(exc))
            reporter.error(str(path), 1, 1, "E006", f"{path.name} cannot be read: {why}")
        return None


def read_ledger(content_dir: Path, reporter: Reporter | None = None) -> list[tuple[str, int]]:
    """The ledger's ids with their line numbers (comments and blank lines skipped)."""
    path = Path(content_dir) / LEDGER
    if not path.exists():
        return []
    text = _read_text(path, reporter)
    if text is None:
        return []
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if s and not s.startswith("#"):
            out.append((s, n))
    return out


def read_redirects(content_dir: Path, reporter: Reporter) -> dict[str, tuple[str, int]]:
    """``redirects.yaml`` → {old id: (new id, line)}; E006 for a malformed file."""
    path = Path(content_dir) / REDIRECTS
    if not path.exists():
        return {}
    text = _read_text(path, reporter)
    if text is None:
        return {}
    try:
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reporter.error(str(path), (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1, "E006",
                       f"redirects.yaml cannot be read: {getattr(exc, 'problem', exc)}")
        return {}
    if node is None:
        return {}
    mapping = node
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "redirects":
                mapping = value
    if not isinstance(mapping, yaml.MappingNode):
        reporter.error(str(path), node.start_mark.line + 1, node.start_mark.column + 1, "E006",
                       "redirects.yaml must map old ids to new ids under 'redirects:'")
        return {}
    out = {}
    for key, value in mapping.value:
        if not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
            reporter.error(str(path), key.start_mark.line + 1, key.start_mark.column + 1, "E006",
                           f"redirect for {key.value!r} must name one document id")
            continue
        out[str(key.value)] = (str(value.value), key.start_mark.line + 1)
    return out


def check_ids(docs: list[Document], content_dir: Path, reporter: Reporter) -> dict[str, str]:
    """Check the ledger and redirects against the documents; return the redirects to publish."""
    content_dir = Path(content_dir)
    current = {d.id for d in docs}
    redirects = read_redirects(content_dir, reporter)
    result: dict[str, str] = {}
    redirects_path = str(content_dir / REDIRECTS)
    for old, (new, line) in sorted(redirects.items()):
        if re.fullmatch(r"\d{4}-\d{2}|undated|index", old):
            # documents/<YYYY-MM>/ and documents/undated/ are the list's month pages
            reporter.error(redirects_path, line, 1, "E006",
                           f"redirect {old!r}: that address is a page of the documents list, not a document")
        elif new not in current:
            reporter.error(redirects_path, line, 1, "E006",
                           f"redirect {old!r} → {new!r}: the edition has no document {new!r}", missing=new)
        elif old in current:
            reporter.error(redirects_path, line, 1, "E006",
                           f"redirect {old!r} → {new!r}: {old!r} is still a document's id")
        else:
            result[old] = new
    ledger = read_ledger(content_dir, reporter)
    ledger_path = str(content_dir / LEDGER)
    published = set()
    for old, line in ledger:
        published.add(old)
        if old not in current and old not in result:
            reporter.error(ledger_path, line, 1, "E012",
                           f"published id {old!r} no longer names a document: its address would break; "
                           f"add '{old}: <new id>' to {REDIRECTS}", missing=old)
    if ledger:
        for d in docs:
            if d.id not in published:
                reporter.warning(d.source, d.source_lines[0], 1, "W114",
                                 f"id {d.id!r} is not in {LEDGER} yet; record it when publishing (edition ids --record)")
    return result


def record_ids(docs: list[Document], content_dir: Path) -> int:
    """Add the documents' ids to the ledger (sorted, existing entries kept); return how many were new."""
    path = Path(content_dir) / LEDGER
    existing = [i for i, _ in read_ledger(content_dir)]
    new = sorted({d.id for d in docs} - set(existing))
    if not new and path.exists():
        return 0
    header = ("# Every document id this edition has published. Never remove a line: a retired id\n"
              "# needs a redirect in redirects.yaml. Updated by `edition ids --record`.\n")
    path.write_text(header + "".join(f"{i}\n" for i in sorted(set(existing) | set(new))), encoding="utf-8")
    return len(new)


def redirect_page(new_url: str, title: str) -> str:
    """A tiny static page at a retired address that sends readers (and crawlers) on, without JavaScript."""
    from html import escape
    u = escape(new_url, quote=True)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<title>Moved: {escape(title)}</title>'
            f'<link rel="canonical" href="{u}"><meta http-equiv="refresh" content="0; url={u}">'
            f'<meta name="robots" content="noindex"></head>\n<body><main><h1>This document has a new address</h1>'
            f'<p>It is now at <a href="{u}">{escape(title)}</a>.</p></main></body></html>\n')
