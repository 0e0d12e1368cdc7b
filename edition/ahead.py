"""The edited source's pages, made ahead of the build that makes them (``edition serve`` only).

    remember(renderer, corpus, apparatus)   after a build of ``edition serve``: what it rendered with
    start(content, site, changed, cache)    before the next one: the changed source read, annotated and
                                            rendered with what the last build remembered → its pages
                                            → their shards' search index started at once
                                            (``search_index.index_ahead``)

Why. After an edit, the search index of the edited page's shard is what an editor waits for
longest: Pagefind needs the page, and the build renders it only after reading the whole corpus again
and setting MkDocs up (two thirds of a second at 10,000 documents); Pagefind then takes about a
second for a 500-page shard. Made ahead with the last build's renderer, the page goes to Pagefind
within a few hundredths of a second of the save, while the build reads.

Why it cannot go wrong. Nothing made here is published. The build makes every page itself, and its
search stage adopts a shard indexed ahead only when that shard's input — its pages' paths and bytes —
is exactly its own (``search_index.build_search_index``): same input, same index, byte for byte.
When the guess is wrong (the edit changed the document's title, so pages citing it change too; its
date, so it moves to another shard; its ids), the inputs differ and the build runs Pagefind as it
would have; the guess only cost a core for a second. Any failure here just means no guess.

The last build's renderer holds its MkDocs objects (configuration, navigation, pages), which hold
reference cycles. They are let go at the start of the next build and collected at once (``start``):
alive when that build's reading freezes what exists (``pipeline.read_corpus_textless``), they could
never be freed.
"""

from __future__ import annotations

import gc
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Optional

_LAST: dict[str, Any] = {}


def remember(renderer: Callable[..., list[tuple[str, bytes]]], corpus: Any, apparatus: Any) -> None:
    """What a successful build of ``edition serve`` rendered its documents with: ``renderer`` (document
    → [(path, bytes)], ``plugin._document_renderer``; with ``page_only=True`` the page alone), its
    corpus, and the ``apparatus.Apparatus`` that annotated it (with its reference index,
    ``Apparatus.index``)."""
    _LAST.clear()
    if apparatus is not None and getattr(apparatus, "index", None) is not None:
        _LAST.update(renderer=renderer, corpus=corpus, apparatus=apparatus)


def start(content: Path, site: Path, changed: Optional[frozenset[str]], cache: Optional[Path]) -> list[str]:
    """Before a build of ``edition serve``: when one source changed, its document pages made with the
    last build's renderer → the search index of their shards started (``search_index.index_ahead``)
    → the names of those shards ([] when nothing was started). Forgets what ``remember`` kept either
    way, and collects it."""
    state = dict(_LAST)
    _LAST.clear()
    if not state:
        return []
    try:
        from .search_index import ahead_memory
        pages = _pages(Path(content), state, changed) if ahead_memory(cache) is not None else {}
    except Exception:  # (a guess that cannot be made: the build makes the pages)
        pages = {}
    state.clear()
    started: list[str] = []
    if pages:
        try:
            from .search_index import index_ahead
            started = index_ahead(Path(site), pages, cache)
        except Exception:
            started = []
    gc.collect()  # (the last build's MkDocs objects, once Pagefind runs: see the module docstring)
    return started


# The suffix that makes a document's id unique (reader.unique_ids, warning W113: ``<id>-2``).
_UNIQUE_SUFFIX = re.compile(r"-[0-9]+")


def _pages(content: Path, state: dict[str, Any], changed: Optional[frozenset[str]]) -> dict[str, bytes]:
    """The changed source's document pages (relative path → bytes), rendered as the last build would
    render them now; {} when more than one source changed, or its documents are not those the last
    build read from it (as many, with the same ids)."""
    from .diagnostics import Reporter
    from .reader import read_file
    from .references import resolve_pending
    from .sources import read_source

    if changed is None or len(changed) != 1:
        return {}
    path = Path(next(iter(changed)))
    if path.suffix != ".txt" or path.parent.resolve() != (content / "sources").resolve():
        return {}
    corpus, app, render = state["corpus"], state["apparatus"], state["renderer"]
    last = sorted((d for d in corpus.docs if d.source == path.name), key=lambda d: d.source_lines[0])
    reporter = Reporter()
    source = read_source(path, reporter)
    docs = read_file(source, reporter) if source is not None else []
    if not docs or len(docs) != len(last):
        return {}
    pages: dict[str, bytes] = {}
    for doc, before in zip(docs, last):
        # (an id the last build made unique, W113, as the build does: annotated under the id read)
        if doc.id != before.id and not (before.id.startswith(doc.id) and
                                        _UNIQUE_SUFFIX.fullmatch(before.id, len(doc.id))):
            return {}
        doc, pending, objects, *_ = app.annotate(doc)
        if pending is not None:
            resolve_pending(doc, pending, objects, app.index, Reporter())
        if doc.id != before.id:
            doc = replace(doc, id=before.id)
        pages.update(render(doc, page_only=True))
    return pages
