"""The edition's URL scheme, in one place: entity id → URL relative to the site root.

Every writer (Markdown pages, the JSON API, the MkDocs plugin, the theme's context, the register
pages) asks this module where a thing lives, so a URL is decided once. URLs are part of the
edition's public contract (Endings Project: a citation made today must still work in ten years), so
changing a function here is a breaking change that needs a redirect from the old address.

    document_url("1962-10-28-polto-circular-12")  → "documents/1962-10-28-polto-circular-12/"
    tei_url(id)                                    → "tei/<id>.xml"
    markdown_url(id)                               → "markdown/<id>.md"
    register_url("person", "khrushchev-nikita")    → "persons/khrushchev-nikita/"
    relative("documents/a/", "documents/b/")       → "../b/"

All URLs are relative to the site root, without a leading slash, so the site works from any folder
(a USB stick, a subpath on a web server, ``file://``).
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from urllib.parse import quote

DOCUMENTS = "documents/"
API_DOCUMENTS = "api/documents.json"

# Register kinds (``Name.kind``) → the folder holding that register's pages. The apparatus module
# writes the pages; this table is where both sides agree on the address.
REGISTER_FOLDERS = {
    "person": "persons",
    "place": "places",
    "org": "organizations",
    "term": "terms",
}


# What ``quote(value, safe="-._~")`` leaves as it is: ASCII letters, digits and "-._~".
_URL_SAFE = re.compile(r"[A-Za-z0-9._~-]*")


def _seg(value: str) -> str:
    """One URL path segment: ids are already URL-safe slugs, but quote anything that is not."""
    if _URL_SAFE.fullmatch(value):
        return value  # the common case, without urllib's per-character work
    return quote(value, safe="-._~")


@lru_cache(maxsize=1 << 17)  # (asked for every document at every build)
def document_url(doc_id: str) -> str:
    """The page of one document: ``documents/<id>/``."""
    return f"{DOCUMENTS}{_seg(doc_id)}/"


@lru_cache(maxsize=1 << 17)  # (asked for every document at every build)
def tei_url(doc_id: str) -> str:
    """The TEI P5 download of one document: ``tei/<id>.xml``."""
    return f"tei/{_seg(doc_id)}.xml"


@lru_cache(maxsize=1 << 17)  # (asked for every document at every build)
def markdown_url(doc_id: str) -> str:
    """The annotated Markdown download of one document: ``markdown/<id>.md``."""
    return f"markdown/{_seg(doc_id)}.md"


def register_index_url(kind: str) -> str:
    """The list page of one register (``persons/``); unknown kinds get their own folder name."""
    return f"{REGISTER_FOLDERS.get(kind, _seg(kind))}/"


# Cached: every page asks for the register URL of each name it holds, in its HTML, its Markdown and
# its list of names (hundreds of calls per document, few distinct entries).
@lru_cache(maxsize=65536)
def register_url(kind: str, entity_id: str) -> str:
    """The page of one register entry: ``persons/<id>/``, ``places/<id>/``, ``organizations/<id>/``,
    ``terms/<id>/``."""
    return f"{register_index_url(kind)}{_seg(entity_id)}/"


def page_src_uri(url: str) -> str:
    """The MkDocs source path that publishes at ``url`` (``documents/x/`` → ``documents/x/index.md``)."""
    if url in ("", "./"):
        return "index.md"
    return url + "index.md" if url.endswith("/") else url


def relative(from_url: str, to_url: str) -> str:
    """The link from the page at ``from_url`` to ``to_url`` (both site-root-relative).

    ``from_url`` ending in ``/`` is a directory page (``documents/a/`` is ``documents/a/index.html``);
    otherwise it is a file (``markdown/a.md``). Absolute URLs (``https://…``) are returned as they are.
    """
    if "://" in to_url or to_url.startswith(("mailto:", "#")):
        return to_url
    from_dir = from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/"
    from_dir = from_dir.strip("/")
    target = to_url.rstrip("/") if to_url.endswith("/") else to_url
    rel = _relpath(target or ".", from_dir or ".")
    if to_url.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel


def _relpath(target: str, start: str) -> str:
    """``posixpath.relpath(target, start)`` for two site-root-relative paths, compared part by part
    without relpath's two ``abspath`` calls (each asks the OS for the working directory, and a page's
    links are placed twice per document); paths with ".." or a leading "/" go to relpath itself."""
    if target.startswith("/") or start.startswith("/"):
        return posixpath.relpath(target, start)
    t = [p for p in target.split("/") if p and p != "."]
    s = [p for p in start.split("/") if p and p != "."]
    if ".." in t or ".." in s:
        return posixpath.relpath(target, start)
    i, n = 0, min(len(t), len(s))
    while i < n and t[i] == s[i]:
        i += 1
    return "/".join([".."] * (len(s) - i) + t[i:]) or "."


def is_absolute(url: str) -> bool:
    """True for a URL outside the edition (``https://history.state.gov/…``)."""
    return "://" in url or url.startswith("mailto:")
