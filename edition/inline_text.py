"""Inline text machinery shared by the apparatus stages: a Document's inline nodes ↔ searchable text.

    inline tuple → ``project(...)`` → one string + each node's offsets in it
    matches in that string → ``wrap(...)`` → a new inline tuple with the matched runs wrapped
    Document → ``map_sequences(doc, fn)`` → the same Document with every inline tuple rewritten by ``fn``
    Document + text → ``SourceLocator.locate(...)`` → ``Span`` in the source file

Projection modes decide what a stage can see and what it must leave whole:

- ``names``/``refs``: ``Text`` is searchable and can be split; a ``LineBreak`` is zero-width (a name
  broken over a line end is still found); a ``Choice`` shows its corrected reading and is atomic (a
  name may wrap a correction but never split it); every other node is an opaque object character,
  so no match runs into or across a ``Name``, ``Ref``, ``Gap`` or styled run (those are searched
  separately, level by level).
- ``corrections``: only ``Text`` is searchable; everything else is opaque (a correction never wraps
  markup and never runs over a line end).
- ``full``: every node shows its whole reading text (a ``Del`` its struck words, a ``Gap`` its raw
  mark) and is atomic: editors' quoted phrases (notes, links) are found across markup.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence

from .model import (Add, Annotation, Block, Choice, Del, Document, Gap, Hi, Inline, Item, LineBreak, Note,
                    Paragraph, Quote, Signature, Span, Text, Witness)

OPAQUE = "\ufffc"


def with_fields(obj, **changes):
    """A copy of a frozen dataclass instance (without ``__post_init__``) with some fields changed:
    ``dataclasses.replace`` without its per-call introspection and its ``__init__``, the same object
    (its fields in the same order). Runs once per changed block, and a few times per document: on
    a ``Document`` (36 fields) ``replace`` costs four times as much."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    new.__dict__.update(changes)
    return new


_CONTAINERS = (Hi, Del, Add, Annotation)


class Projection:
    """The searchable text of one inline tuple and where each node stands in it."""

    __slots__ = ("text", "starts", "ends", "atomic", "_wide")

    def __init__(self, text: str, starts: list[int], ends: list[int], atomic: list[bool]):
        self.text = text
        self.starts = starts
        self.ends = ends
        self.atomic = atomic
        self._wide: Optional[list[tuple[int, int]]] = None

    def snap(self, start: int, end: int, extend: bool = False) -> Optional[tuple[int, int]]:
        """``(start, end)`` if neither end falls strictly inside an atomic node; with ``extend`` the
        run grows to the node's edges instead; otherwise None."""
        wide = self._wide
        if wide is None:
            # only atomic nodes two characters wide or more can have an edge strictly inside them
            wide = self._wide = [(s, e) for s, e, a in zip(self.starts, self.ends, self.atomic) if a and e - s >= 2]
        for s, e in wide:
            if s < start < e:
                if not extend:
                    return None
                start = s
            if s < end < e:
                if not extend:
                    return None
                end = e
        return start, end


def plain_text(node: Inline, corrected: bool = True) -> str:
    """The reading text of one node and its children (a Choice's correction, a Gap's raw mark)."""
    if isinstance(node, Text):
        return node.text
    if isinstance(node, Choice):
        return node.corr if corrected else node.sic
    if isinstance(node, Gap):
        return node.raw
    if isinstance(node, LineBreak):
        return ""
    children = getattr(node, "children", ())
    return "".join(plain_text(c, corrected) for c in children)


def project(inlines: Sequence[Inline], mode: str = "names", corrected: bool = True) -> Projection:
    """Inline tuple → ``Projection`` (see the module docstring for the modes)."""
    if len(inlines) == 1 and isinstance(inlines[0], Text):
        # (most blocks, in every mode: one run of text, searchable, nothing atomic)
        text = inlines[0].text
        proj = Projection(text, [0], [len(text)], [False])
        proj._wide = []
        return proj
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    atomic: list[bool] = []
    pos = 0
    wide: list[tuple[int, int]] = []
    for node in inlines:
        if isinstance(node, Text):
            s, at = node.text, False
        elif mode == "full":
            s, at = plain_text(node, corrected), True
        elif isinstance(node, LineBreak) and mode != "corrections":
            s, at = "", True
        elif isinstance(node, Choice) and mode != "corrections":
            s, at = (node.corr if corrected else node.sic), True
        else:
            s, at = OPAQUE, True
        parts.append(s)
        starts.append(pos)
        if at and len(s) >= 2:
            wide.append((pos, pos + len(s)))
        pos += len(s)
        ends.append(pos)
        atomic.append(at)
    proj = Projection("".join(parts), starts, ends, atomic)
    proj._wide = wide
    return proj


def wrap(inlines: Sequence[Inline], proj: Projection,
         runs: Sequence[tuple[int, int, Callable[[tuple[Inline, ...]], Inline]]]) -> tuple[Inline, ...]:
    """Wrap each ``(start, end, make)`` run of the projected text: the nodes it covers (``Text`` split at
    its edges) become ``make(children)``. Runs must be sorted, non-overlapping and snapped (no edge
    strictly inside an atomic node). Zero-width nodes at a run's edge stay outside it."""
    if not runs:
        return tuple(inlines)
    if len(inlines) == 1 and isinstance(inlines[0], Text):
        # (most calls, from the name finder: one run of text) The same nodes as the general path
        # below, without its cut list and piece tuples: the text between runs as Text, each run
        # as make((Text,)), the node itself where one run covers it whole. Taken only when every
        # run is non-empty and inside the node (the general path drops an empty run).
        node = inlines[0]
        s0, e0 = proj.starts[0], proj.ends[0]
        prev = s0
        for s, e, _ in runs:
            if not (prev <= s < e <= e0):
                break
            prev = e
        else:
            t = node.text
            out: list[Inline] = []
            prev = s0
            for s, e, make in runs:
                if s > prev:
                    out.append(Text(t[prev - s0:s - s0]))
                if s == s0 and e == e0:
                    out.append(make((node,)))
                else:
                    out.append(make((Text(t[s - s0:] if e == e0 else t[s - s0:e - s0]),)))
                prev = e
            if prev < e0:
                out.append(Text(t[prev - s0:]))
            return tuple(out)
    cuts = sorted({p for s, e, _ in runs for p in (s, e)})
    # 1. split Text nodes at every run edge, keeping each piece's offsets
    pieces: list[tuple[int, int, Inline]] = []
    ci = 0
    ncuts = len(cuts)
    for node, s, e in zip(inlines, proj.starts, proj.ends):
        while ci < ncuts and cuts[ci] <= s:
            ci += 1
        if isinstance(node, Text) and ci < ncuts and cuts[ci] < e:
            prev = s
            k = ci
            while k < ncuts and cuts[k] < e:
                c = cuts[k]
                pieces.append((prev, c, Text(node.text[prev - s:c - s])))
                prev = c
                k += 1
            pieces.append((prev, e, Text(node.text[prev - s:])))
            continue
        pieces.append((s, e, node))
    # 2. group the pieces covered by each run
    out: list[Inline] = []
    group: list[Inline] = []
    ri = 0
    for s, e, node in pieces:
        while ri < len(runs) and s >= runs[ri][1]:
            if group:
                out.append(runs[ri][2](tuple(group)))
                group = []
            ri += 1
        if ri < len(runs) and runs[ri][0] <= s and e <= runs[ri][1] and not (s == e == runs[ri][0]):
            group.append(node)
        else:
            out.append(node)
    if group:
        out.append(runs[ri][2](tuple(group)))
    return tuple(out)


def map_containers(inlines: tuple[Inline, ...], fn: Callable[[tuple[Inline, ...]], tuple[Inline, ...]]
                   ) -> tuple[Inline, ...]:
    """Apply ``fn`` to the children of every styled run (Hi, Del, Add, Annotation) in ``inlines``,
    depth first, and then to ``inlines`` itself. Names and Refs are never entered."""
    changed = False
    new: list[Inline] = []
    for node in inlines:
        if isinstance(node, _CONTAINERS):
            kids = map_containers(node.children, fn)
            if kids is not node.children:
                node = with_fields(node, children=kids)
                changed = True
        new.append(node)
    seq = tuple(new) if changed else inlines
    out = fn(seq)
    return out


# --------------------------------------------------------------------------------------------
# Walking a Document
# --------------------------------------------------------------------------------------------


def _map_blocks(blocks: tuple[Block, ...], fn, witness: Witness) -> tuple[Block, ...]:
    changed = False
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, (Paragraph, Item, Signature, Note)):
            new = fn(b.inlines, b, witness)
            if new is not b.inlines:
                b = with_fields(b, inlines=new)
                changed = True
        elif isinstance(b, Quote):
            inner = _map_blocks(b.blocks, fn, witness)
            if inner is not b.blocks:
                b = with_fields(b, blocks=inner)
                changed = True
        out.append(b)
    return tuple(out) if changed else blocks


def map_sequences(doc: Document, fn: Callable[[tuple[Inline, ...], Block, Witness], tuple[Inline, ...]]
                  ) -> Document:
    """Document → the same Document with every block's inline tuple replaced by ``fn(inlines, block,
    witness)``, in reading order (witness by witness, section by section, block by block). Parts
    ``fn`` leaves unchanged (returns the same tuple) are shared, not copied."""
    witnesses = []
    changed = False
    for w in doc.witnesses:
        sections = []
        wchanged = False
        for sec in w.sections:
            blocks = _map_blocks(sec.blocks, fn, w)
            if blocks is not sec.blocks:
                sec = with_fields(sec, blocks=blocks)
                wchanged = True
            sections.append(sec)
        if wchanged:
            w = with_fields(w, sections=tuple(sections))
            changed = True
        witnesses.append(w)
    return with_fields(doc, witnesses=tuple(witnesses)) if changed else doc


def iter_sequences(doc: Document) -> Iterator[tuple[tuple[Inline, ...], Block, Witness]]:
    """Every block's inline tuple in reading order, with its block and witness (read only)."""
    def blocks(bs, w):
        for b in bs:
            if isinstance(b, (Paragraph, Item, Signature, Note)):
                yield b.inlines, b, w
            elif isinstance(b, Quote):
                yield from blocks(b.blocks, w)
    for w in doc.witnesses:
        for sec in w.sections:
            yield from blocks(sec.blocks, w)


def iter_nodes(inlines: Sequence[Inline]) -> Iterator[Inline]:
    """Every node of an inline tuple, depth first (children after their parent)."""
    for node in inlines:
        yield node
        kids = getattr(node, "children", None)
        if kids:
            yield from iter_nodes(kids)


# --------------------------------------------------------------------------------------------
# Phrases and positions
# --------------------------------------------------------------------------------------------


def phrase_pattern(phrase: str, flags: int = re.IGNORECASE) -> "re.Pattern[str]":
    """An editor's quoted phrase → a pattern that finds it whatever the line breaks and spacing,
    and with or without a hyphen re-joined at a line end."""
    words = phrase.split()
    body = r"\s+".join(re.escape(w) for w in words)
    left = r"(?<!\w)" if words and re.match(r"\w", words[0]) else ""
    right = r"(?!\w)" if words and re.search(r"\w$", words[-1]) else ""
    return re.compile(left + body + right, flags)


class SourceLocator:
    """Finds where a piece of text stands in a document's source file, for ``path:line:col``.

    Inline nodes carry no positions of their own; the block does. The locator reads the source file
    once (under ``sources/`` of the content folder, then the content folder, then ``Document.source``
    as given) and
    looks for the text inside the block's lines; when it cannot, it answers the block's start.
    """

    def __init__(self, content_dir: Optional[Path] = None):
        self.content_dir = content_dir
        self._cache: dict[str, Optional[tuple[str, list[int]]]] = {}
        self._paths: dict[str, str] = {}
        self._pats: dict[str, list] = {}

    def path(self, doc: Document) -> str:
        """The path to print for ``doc``'s source."""
        loaded = self._load(doc.source)
        return self._paths.get(doc.source, doc.source) if loaded else doc.source

    def _load(self, source: str) -> Optional[tuple[str, list[int]]]:
        if source in self._cache:
            return self._cache[source]
        result = None
        # The content folder's own file first: a ``Document.source`` is a bare file name, and a file
        # of that name in the current folder is not the edition's source.
        candidates = [self.content_dir / "sources" / source, self.content_dir / source] \
            if self.content_dir is not None else []
        candidates.append(Path(source))
        for p in candidates:
            try:
                if p.is_file():
                    text = p.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
                    if text.startswith("\ufeff"):
                        text = text[1:]
                    offsets = [0]
                    at = text.find("\n")
                    while at >= 0:
                        offsets.append(at + 1)
                        at = text.find("\n", at + 1)
                    result = (text, offsets)
                    self._paths[source] = str(p)
                    break
            except OSError:
                continue
        self._cache[source] = result
        return result

    def locate(self, doc: Document, span: Span, text: str, occurrence: int = 1) -> Span:
        """The span of the ``occurrence``-th appearance of ``text`` inside ``span``'s lines (spacing and
        line ends ignored), or ``span`` itself when it cannot be found."""
        loaded = self._load(doc.source)
        if not loaded or not text.strip():
            return span
        source, offsets = loaded
        first = offsets[span.line - 1] if 0 < span.line <= len(offsets) else None
        if first is None:
            return span
        last_line = min(max(span.end_line, span.line), len(offsets))
        stop = offsets[last_line] if last_line < len(offsets) else len(source)
        hit = self._find_ascii(source, first, stop, text, occurrence)
        if hit is None:
            found = None
            for pat in self._patterns(text):
                found = None
                for k, m in enumerate(pat.finditer(source, first, stop)):
                    found = m
                    if k + 1 >= occurrence:
                        break
                if found is not None:
                    break
            if found is None:
                return span
            hit = found.start(), found.end()
        a, b = hit[0], max(hit[1] - 1, hit[0])
        return Span(*self._line_col(offsets, a), *self._line_col(offsets, b))

    @staticmethod
    def _find_ascii(source: str, first: int, stop: int, text: str, occurrence: int) -> Optional[tuple[int, int]]:
        """What ``_patterns(text)``'s first pattern finds in ``source[first:stop]`` (``locate``'s
        choice of match: the ``occurrence``-th, else the last), without compiling it (most texts are
        asked once, and a compile costs more than the search), when the text and the lines are ASCII;
        None otherwise, or when it finds nothing (the patterns are then tried as before). The same
        matches: on ASCII, IGNORECASE is ASCII case (lower-casing keeps every offset); the spacing between
        words is a run of what ``isspace`` calls space (the same set), taken whole, as no word begins
        with a space; leftmost, then on from the match's end."""
        window = source[first:stop]
        words = [w for w in text.replace(OPAQUE, " ").split() if w]
        if not words or not window.isascii() or not "".join(words).isascii():
            return None
        # (``str.split()`` splits at the characters ``\s`` matches, as ``re.split(r"\s+")`` does)
        low = window.lower()
        words = [w.lower() for w in words]
        head, rest = words[0], words[1:]
        n = len(low)
        found = None
        count = 0
        pos = 0
        while True:
            i = low.find(head, pos)
            if i < 0:
                break
            j = i + len(head)
            for w in rest:
                if j >= n or not low[j].isspace():
                    break
                j += 1
                while j < n and low[j].isspace():
                    j += 1
                if not low.startswith(w, j):
                    break
                j += len(w)
            else:
                found = (first + i, first + j)
                count += 1
                if count >= occurrence:
                    break
                pos = j
                continue
            pos = i + 1
        return found

    def _patterns(self, text: str):
        """Patterns for ``text`` in the source, tried in turn: spacing-free first, then (made only when
        needed) also allowing a word broken by ``-`` and a line end (the reader re-joins those)."""
        pats = self._pats.get(text)
        if pats is None:
            words = [w for w in re.split(r"\s+", text.replace(OPAQUE, " ")) if w]
            pats = [re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)] if words else []
            if len(self._pats) > 20000:
                self._pats.clear()
            self._pats[text] = pats
        yield from pats
        if pats and len(pats) == 1:
            words = [w for w in re.split(r"\s+", text.replace(OPAQUE, " ")) if w]
            pats.append(re.compile(r"\s+".join(r"(?:-\s*)?".join(re.escape(ch) for ch in w) for w in words),
                                   re.IGNORECASE))
            yield pats[1]

    @staticmethod
    def _line_col(offsets: list[int], pos: int) -> tuple[int, int]:
        import bisect
        i = bisect.bisect_right(offsets, pos) - 1
        return i + 1, pos - offsets[i] + 1


def yaml_position(node) -> tuple[int, int]:
    """A PyYAML node's 1-based line and column."""
    mark = getattr(node, "start_mark", None)
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)
