"""Stable document ids from a document's own facts: ``<date>-<kind>-<distinguishing facts>``.

``document_slug(kind, direction, number, sender, addressee, subject, signers)`` → slug; the reader
prefixes the ISO date (``undated`` when none). An id never depends on the document's position in
the corpus, so adding documents does not change the URLs of the others. When two documents share
every fact, the later one in file order gets ``-2``, ``-3``… (and a warning, so an editor can fix it).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

from .header import post_of

TITLES = r"\b(?:MR|MRS|MISS|DR|THE|GEN|GENERAL|AMBASSADOR|SECRETARY OF STATE|HONORABLE|HON)\b\.?"


def slugify(text: str, max_words: int = 6) -> str:
    """Any text → lowercase ASCII words joined by hyphens."""
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", t.lower())
    return "-".join(words[:max_words])


def _party(text: Optional[str]) -> str:
    if not text:
        return ""
    post = post_of(text)
    if post:
        return slugify(post)
    t = re.sub(TITLES, " ", text.upper())
    t = re.sub(r"\(.*?\)", " ", t)
    words = [w for w in re.findall(r"[A-Z][A-Z'.-]+", t) if len(w.strip(".")) > 1]
    if not words:
        return ""
    # A person is known by the surname: the last word before a comma or office name.
    return slugify(" ".join(words[-1:] if len(words) <= 3 else words[:2]))


def document_slug(kind: str, direction: Optional[str], number: Optional[str], sender: Optional[str],
                  addressee: Optional[str], subject: Optional[str], signers: tuple[str, ...]) -> str:
    if kind == "telegram" and direction == "outgoing":
        parts = ["deptel", _party(addressee), slugify(number or "")]
    elif kind == "telegram":
        if number and re.search(r"[A-Za-z]", number):
            parts = [slugify(number)]
        else:
            parts = [_party(sender) or "telegram", slugify(number or "")]
    elif kind == "memorandum":
        author = _party(sender) or (_party(signers[0]) if signers else "")
        parts = ["memo", author, "to", _party(addressee)] if addressee else ["memo", author, slugify(subject or "", 4)]
    elif kind == "cover-sheet":
        parts = ["signature-record"]
    else:
        parts = [kind, slugify(subject or "", 5) or _party(sender)]
    slug = "-".join(p for p in parts if p)
    return re.sub(r"-+", "-", slug).strip("-") or kind
