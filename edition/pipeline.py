"""The scalable build: reading spread over processes, document outputs rendered outside MkDocs, and a
content-hash cache so that an edit regenerates only what depends on it.

    read_corpus_cached(content, reporter, cache)  → (info, docs, source hashes): like
        ``reader.read_corpus``, but every source file is read in a worker process (fork, one per
        core) and its documents are kept under ``<cache>/read/`` keyed by the sha256 of the source
        path and bytes and the code version (their ids in ``read/ids.pkl``). The apparatus is split
        (``apparatus.Apparatus``): the per-document work (corrections, references found, names,
        notes) runs in the worker right after reading, and each source's annotated documents are
        kept under ``<cache>/annotated/`` keyed by the source's key, its documents' (unique) ids,
        the registers folder and the corrections/links/notes entries of those documents (the
        workers write both cache files). The ids are made unique (W113) once every source is read:
        a renamed document keeps its annotation, with its new id, when the entries for both ids are
        the same, else its source is annotated again. Only the
        corpus-wide pass (unique ids, reference keys → document ids, W107, stale entries) runs in
        the parent over every document, a dict lookup per reference. After one source is edited,
        only it is read and annotated again. Source hashes come from a stat record (``read/stat.pkl``)
        so unchanged sources are not even read; entries the build did not use are pruned.
    read_corpus_textless(...)  the same for a build: the documents of sources whose annotation comes
        from the cache are ``TextlessDocument``s (all in ``textless.pkl``), metadata without text —
        lists, registers, API and keys need no more, and they load twenty times faster; the text is
        loaded (``FullDocuments``) only for the documents that are rendered again.
    render_documents(...)  → each document's page (the theme's template, as MkDocs would render
        it), ``markdown/<id>.md`` and ``tei/<id>.xml``, in worker processes. Each document has a key:
        the hash of what its outputs depend on (its source, its position there, its id and
        references, the titles of the documents it cites and that cite it, the edition info, the
        editorial files, the theme, the code). When the previous site was built with the same key,
        its three files are left where they are (the build then publishes in place, ``publish.py``)
        or hard-linked into the new site, instead of rendered again.

Everything is deterministic: documents are processed in edition order and every file's bytes depend
only on its inputs, never on the number of workers or their order.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import multiprocessing
import os
import pickle
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Sequence

from . import urls
from .diagnostics import Reporter
from .files import UNKNOWN, FileFacts, later, link_or_copy, read_pickle, write_atomic
from .progress import Progress

EDITION_DIR = Path(__file__).resolve().parent
PARALLEL_MIN = 200  # fewer items than this: no worker processes (their start costs more)


def workers() -> int:
    """Worker processes: one per core (``$EDITION_WORKERS`` overrides; 1 = no workers)."""
    env = os.environ.get("EDITION_WORKERS")
    if env and env.isdigit():
        return max(1, int(env))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _sha(*parts: Any) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else str(p).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def sha_kept(*parts: Any) -> str:
    """``_sha(*parts)``, remembered from this build and the last one while ``keep_warm`` is on
    (``edition serve``): after an edit almost every key of a build is one of the last build's, and
    10,000 of them hashed again cost a tenth of a second or two on the way to the search index.
    ``parts``: hashable — strings, numbers other than bools, None and tuples of them (two equal
    tuples give equal digests)."""
    if not _WARM_ON[0]:
        return _sha(*parts)
    digest = _SHAS.get(parts)
    if digest is None:
        digest = _SHAS_LAST.get(parts)
        if digest is None:
            digest = _sha(*parts)
        _SHAS[parts] = digest
    return digest


_CODE: dict[str, str] = {}


def code_version() -> str:
    """A hash of the edition package's code: any change to it invalidates every cache entry."""
    if "v" not in _CODE:
        h = hashlib.sha256()
        for p in sorted(EDITION_DIR.glob("*.py")):
            h.update(p.name.encode() + b"\0" + p.read_bytes())
        import sys
        h.update(sys.version.encode())
        _CODE["v"] = h.hexdigest()
    return _CODE["v"]


def tree_hash(folder: Path, skip: Sequence[str] = ()) -> str:
    """A hash of every file (relative name and bytes) under ``folder``, except top-level ``skip``."""
    h = hashlib.sha256()
    if folder.is_dir():
        for root, dirs, files in os.walk(folder):
            rel = os.path.relpath(root, folder)
            if rel == ".":
                dirs[:] = [d for d in dirs if d not in skip]
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                h.update(os.path.join(rel, name).encode() + b"\0")
                try:
                    with open(path, "rb") as fh:
                        h.update(hashlib.sha256(fh.read()).digest())
                except OSError:
                    pass
    return h.hexdigest()


@contextmanager
def no_gc() -> Iterator[None]:
    """The collector off while building many small immutable objects (it costs more than it frees)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


_WARM: dict[str, Any] = {}
"""Annotation key → the textless result loaded from the cache, kept between the builds of one
process while ``keep_warm`` is on (``edition serve``); the builds of ``edition build`` never use it."""
_WARM_ON = [False]
_ROWS: dict[str, dict[int, tuple]] = {}  # per_document: table → {id(document): (document, row)}
_SHAS: dict[tuple, str] = {}  # sha_kept: this build's digests (while keep_warm is on)…
_SHAS_LAST: dict[tuple, str] = {}  # … and the last build's (older ones are dropped)


@contextmanager
def keep_warm() -> Iterator[None]:
    """Within: the unchanged sources' textless documents stay loaded for the next build of this
    process instead of being unpickled again (about 10,000 loads, 0.8 s at 10k documents). What
    is kept is what the disk cache holds under the same key (a key names its input): the objects
    are frozen dataclasses, except the targets of references still pending, which the corpus-wide
    pass fills in place against the whole corpus; their placeholders are kept beside them and put
    back before the next build's pass, which resolves them again."""
    _WARM_ON[0] = True
    try:
        yield
    finally:
        _WARM_ON[0] = False
        _SHAS_LAST.clear()
        _SHAS_LAST.update(_SHAS)
        _SHAS.clear()


def per_document(table: str, docs: Sequence[Any], row: Callable[[Any], Any]) -> list:
    """``[row(d) for d in docs]`` — where, while ``keep_warm`` is on, a document that is the very
    object the last build of this process made a row of (documents are frozen; the unchanged ones
    are kept between builds) gets that row again. ``row`` must read the document only (not the
    targets the corpus-wide pass sets on its references)."""
    if not _WARM_ON[0]:
        return [row(d) for d in docs]
    last = _ROWS.get(table) or {}
    this: dict[int, tuple] = {}
    out = []
    for d in docs:
        hit = last.get(id(d))
        if hit is None or hit[0] is not d:
            hit = (d, row(d))
        this[id(d)] = hit
        out.append(hit[1])
    _ROWS[table] = this
    return out


def keeping_warm() -> bool:
    """Whether this build's process builds again (``keep_warm``: ``edition serve``)."""
    return _WARM_ON[0]


def _pool(n: int):
    return multiprocessing.get_context("fork").Pool(n, initializer=_worker_signals)


def _worker_signals() -> None:
    """A worker leaves stopping to the parent: Ctrl-C (SIGINT, sent to the whole process group) is
    ignored, and SIGTERM — how the parent's pool ends its workers — ends it quietly, without the
    parent's SIGTERM handler (``cli._terminate_as_interrupt``) turning it into a traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------

_READ: dict[str, Any] = {}  # what forked reading workers need: the source paths


def _read_docs(i: int) -> tuple[list, bytes, list]:
    from .reader import read_file
    from .sources import read_source
    gc.disable()
    path = _READ["paths"][i]
    r = Reporter()
    src = read_source(path, r)
    docs = read_file(src, r) if src is not None else []
    return docs, pickle.dumps((docs, r.diagnostics), protocol=pickle.HIGHEST_PROTOCOL), r.diagnostics


def _read_one(i: int) -> tuple[int, bytes]:
    return i, _read_docs(i)[1]


def _load_cached(folder: Optional[Path], key: Optional[str]):
    """A cached stage result (``folder/<key>.pkl``) → the object, or None when absent or unreadable."""
    return None if key is None else _load_named(folder, f"{key}.pkl")


def _load_named(folder: Optional[Path], name: str, default: Any = None) -> Any:
    """The object pickled in ``folder/name`` (``_store_named``), or ``default`` when it is absent or
    unreadable (a cache entry is never trusted more than a fresh reading)."""
    return default if folder is None else read_pickle(folder / name, default)


_KEPT_FILES: dict[str, tuple[Optional[tuple], dict]] = {}
"""``load_kept``: a cache file's path → (its stat, its object) as this process last wrote or read it."""


def _stat_of(path: str) -> Optional[tuple]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def load_kept(folder: Optional[Path], name: str) -> dict:
    """``_load_named(folder, name, {})`` — or, while ``keep_warm`` is on and the file is as this
    process last wrote or read it (its stat), the object it holds, not unpickled again (the
    textless documents of a 10,000-document edition: 0.03 s)."""
    if folder is None:
        return {}
    path = str(folder / name)
    stat = _stat_of(path)
    kept = _KEPT_FILES.get(path) if _WARM_ON[0] else None
    if kept is not None and stat is not None and kept[0] == stat:
        return kept[1]
    value = _load_named(folder, name, {})
    if _WARM_ON[0] and isinstance(value, dict):
        _KEPT_FILES[path] = (stat, value)
    return value


def store_kept(folder: Path, name: str, value: dict) -> None:
    """``_store_named`` of ``value`` pickled, remembered for ``load_kept`` with the file's new stat."""
    _store_named(folder, name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    if _WARM_ON[0]:
        path = str(folder / name)
        _KEPT_FILES[path] = (_stat_of(path), value)


def _run_jobs(label: str, job, todo: list[int], n: int, quiet: bool, take) -> None:
    """Run ``job(i)`` for every index in ``todo`` — in ``n`` forked workers when there are enough,
    else here — passing each result tuple to ``take`` in the parent, with a progress bar."""
    with Progress(label, len(todo), quiet=quiet) as bar:
        if n > 1 and len(todo) >= PARALLEL_MIN:
            with _pool(n) as pool:
                for result in pool.imap_unordered(job, todo, chunksize=8):
                    take(*result)
                    bar.advance()
        else:
            for i in todo:
                take(*job(i))
                bar.advance()


def _run_and_store(label: str, job, todo: list[int], folder: Optional[Path], keys: list, results: list,
                   n: int, quiet: bool, lean: Optional[dict] = None) -> None:
    """``_run_jobs`` for ``job(i) → (i, pickled result, pickled textless result)``: the first blob
    cached under ``keys[i]`` in ``folder`` and unpickled into ``results[i]``, the second kept in
    ``lean[keys[i]]``."""
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)

    def take(i: int, blob: bytes, textless: bytes) -> None:
        _store(folder, keys[i], blob)
        if lean is not None and keys[i] is not None:
            lean[keys[i]] = textless
        results[i] = pickle.loads(blob)

    _run_jobs(label, job, todo, n, quiet, take)

def _store(folder: Optional[Path], key: Optional[str], blob: bytes) -> bool:
    """Keep ``blob`` as ``folder/<key>.pkl`` → whether it was written."""
    return folder is not None and key is not None and write_atomic(folder / f"{key}.pkl", blob)


def read_corpus_cached(content_dir: Path, reporter: Reporter, cache: Optional[Path],
                       quiet: bool = True) -> tuple[Any, list, dict[str, str]]:
    """``reader.read_corpus`` with parallel, cached reading and annotation (see module docstring)."""
    info, docs, hashes, _ = read_corpus_textless(content_dir, reporter, cache, quiet, textless=False)
    return info, docs, hashes


def read_corpus_textless(content_dir: Path, reporter: Reporter, cache: Optional[Path], quiet: bool = True,
                         textless: bool = True, scan: Optional[Any] = None) -> tuple[Any, list, dict[str, str], "FullDocuments"]:
    """``read_corpus_cached`` for a build: the documents of sources whose annotation comes from the
    cache are ``TextlessDocument``s (loaded from ``<cache>/textless.pkl``, a twentieth of the cost of the
    whole documents), those read or annotated in this run whole ones; → (info, documents, source
    hashes, ``FullDocuments`` — the whole document for a textless one, on demand). ``scan``: the
    content folder's ``scan.ContentScan`` when the caller has one (else it is made here)."""
    from .config import load_edition_info
    from .reader import sort_key
    from .scan import scan_content

    content_dir = Path(content_dir)
    scan = scan if scan is not None else scan_content(content_dir)
    info = load_edition_info(content_dir, reporter, scan.newest_source)
    sources = content_dir / "sources"
    if not sources.is_dir():
        reporter.error(str(sources), 1, 1, "E011", "no sources/ folder: put the transcriptions in <content>/sources/")
        return info, [], {}, FullDocuments(None, {}, [])
    with no_gc():
        docs, hashes, where = _read_annotated(content_dir, scan, reporter, cache, quiet, textless)
        full = FullDocuments(cache / "annotated" if cache is not None else None, where, docs)
        docs = sorted(docs, key=sort_key)
        # Millions of small objects were made with the collector off; they hold no cycles (plain
        # dataclass trees, freed by reference counting). Left in the young generation, the first
        # collections after this would walk them all (seconds at 10k documents): move them, and
        # everything else alive now, out of the collector's sight.
        gc.freeze()
    return info, docs, hashes, full


def textless_item(item: tuple) -> tuple:
    """One annotated document ``(document, pending, objects, *counts)`` → the same with a
    ``TextlessDocument`` (sections without header lines or blocks) and, of the objects whose targets
    the corpus-wide pass fills, only the document's References (the Ref nodes were in the text)."""
    from dataclasses import fields
    from .apparatus import name_counts
    from .model import TextlessDocument
    doc, pending, objects, *counts = item
    witnesses = tuple(replace(w, sections=tuple(replace(s, header=(), blocks=()) for s in w.sections))
                      for w in doc.witnesses)
    values = {f.name: getattr(doc, f.name) for f in fields(doc)}
    values["witnesses"] = witnesses
    values["name_counts"] = name_counts(doc)  # (kept by the annotation; counted now for a document without)
    textless = TextlessDocument(**values)
    own = {id(r) for r in doc.references}
    return (textless, pending, [o for o in objects if id(o) in own] if objects else objects, *counts)


def _textless_blob(diags: list, items: list) -> bytes:
    return pickle.dumps((diags, [textless_item(it) for it in items]), protocol=pickle.HIGHEST_PROTOCOL)


class FullDocuments:
    """A textless document → the whole document: its source's annotated documents loaded from the
    cache (``annotated/<key>.pkl``) and their references resolved as the corpus-wide pass resolved
    them (same reference index), without reporting anything again. Whole documents are returned as
    they are. Works in forked workers too (each loads what it renders)."""

    def __init__(self, folder: Optional[Path], where: dict[str, tuple[str, int]], docs: Sequence[Any]) -> None:
        self.folder, self.where, self.docs = folder, where, docs
        self._index: Any = None
        self._recent: dict[str, Any] = {}
        self._resolved: set[tuple[str, int]] = set()

    def __call__(self, doc: Any) -> Any:
        from .model import TextlessDocument
        if not isinstance(doc, TextlessDocument):
            return doc
        key, k = self.where[doc.id]
        loaded = self._recent.get(key)
        if loaded is None:
            loaded = _load_cached(self.folder, key)
            if len(self._recent) >= 8:  # a source's documents are rendered near one another
                gone = next(iter(self._recent))
                del self._recent[gone]
                self._resolved = {(g, i) for g, i in self._resolved if g != gone}
            self._recent[key] = loaded
        if loaded is None:
            raise RuntimeError(f"the build cache lost the text of {doc.id} ({key}.pkl): build again with --no-cache")
        whole, pending, objects, *_ = loaded[1][k]
        if pending is not None and (key, k) not in self._resolved:  # (targets are filled in place: once)
            self._resolved.add((key, k))
            from .references import ReferenceIndex, resolve_pending
            if self._index is None:
                self._index = ReferenceIndex(list(self.docs))
            resolve_pending(whole, pending, objects, self._index, Reporter())
        if whole.id != doc.id:
            raise RuntimeError(f"the build cache holds {whole.id} where {doc.id} was expected")
        return whole


def source_digests(paths: Sequence[Path], cache: Optional[Path],
                   stamps: Optional[Callable[[Path], Optional[tuple]]] = None) -> list[Optional[str]]:
    """The sha256 of each source's bytes (None when unreadable), without reading the files whose stat
    is the one recorded in ``<cache>/read/stat.pkl`` (``files.FileFacts``): after one edit of a
    10,000-source edition, one file is read, not 10,000. ``stamps``: each path's stat as the caller
    took it (``scan.ContentScan.stamp``), so the files are not stat'ed again."""
    facts = FileFacts(cache / "read" / "stat.pkl" if cache is not None else None)
    out: list[Optional[str]] = []
    for p in paths:
        try:
            stamp, digest = facts.lookup(p, stamps(p) if stamps is not None else None)
            if digest is UNKNOWN:
                digest = hashlib.sha256(p.read_bytes()).hexdigest()
                facts.put(stamp, digest)
        except OSError:
            digest = None
        out.append(digest)
    facts.save()
    return out


def _annotation_key(version: str, source_key: str, registers_key: str, ids: Sequence[str],
                    document_keys: Sequence[tuple]) -> str:
    """The cache key of one source's annotated documents (``annotated/<key>.pkl``): the code, the
    source's key, the registers, and each document's id with its editorial entries."""
    return sha_kept(version, source_key, registers_key, tuple(zip(ids, document_keys)))


def _read_ids(i: int) -> tuple[int, Optional[bytes], list, Optional[tuple]]:
    """Worker: read one source → (its index, its documents pickled — None once stored in the read
    cache, its ids as read, and the documents annotated on speculation that these ids are final:
    (the editorial entries the annotation used, for the parent to check; the annotated documents
    pickled, with and without their text; the annotation key they were stored under, or None)).
    The cache files are written here, in the workers, not in the parent, which would write them
    one after another (17,000 files at 10,000 documents)."""
    st = _READ
    docs, blob, diags = _read_docs(i)
    ids = [(d.id, d.source, d.source_lines[0]) for d in docs]
    key, folder = st["keys"][i], st["folder"]
    if key is not None and folder is not None and _store(folder, key, blob):
        blob = None
    app = st.get("spec")
    spec = None
    if app is not None:
        annotated = [app.annotate(d) for d in docs]
        document_keys = [app.document_key(d.id) for d in docs]
        data = pickle.dumps((diags, annotated), protocol=pickle.HIGHEST_PROTOCOL)
        stored = None
        if key is not None and st["annotated"] is not None:
            akey = _annotation_key(st["version"], key, app.registers_key(), [d.id for d in docs], document_keys)
            stored = akey if _store(st["annotated"], akey, data) else None
        spec = (document_keys, data, _textless_blob(diags, annotated), stored)
    return i, blob, ids, spec


def _annotate_one(i: int) -> tuple[int, bytes, bytes]:
    """Worker: one source's documents (as read: from memory, the read cache or the file) → their
    ids made unique → the per-document apparatus, pickled with the source's reading diagnostics
    (and again without their text: ``textless_item``)."""
    gc.disable()
    st = _READ
    blob = st["blobs"].get(i)
    result = None
    if blob is None:
        result = _load_cached(st["folder"], st["keys"][i])
    if result is None:
        if blob is None:
            _, blob = _read_one(i)
        result = pickle.loads(blob)
    docs, diags = result
    app = st["app"]
    out = []
    for d, new_id in zip(docs, st["ids"][i]):
        if d.id != new_id:
            d = replace(d, id=new_id)
        out.append(app.annotate(d))
    return i, pickle.dumps((diags, out), protocol=pickle.HIGHEST_PROTOCOL), _textless_blob(diags, out)


def _read_annotated(content_dir: Path, scan: Any, reporter: Reporter, cache: Optional[Path],
                    quiet: bool, textless: bool = False) -> tuple[list, dict[str, str], dict[str, tuple[str, int]]]:
    """Every source → its documents with the apparatus applied, in file order, and {source name:
    sha256}. Three steps: (1) sources not in the read cache are read in workers (each source's
    documents kept under ``read/<key>.pkl``, their ids in ``read/ids.pkl``); (2) ids made unique and
    the editorial files loaded, in the parent; each source's annotated documents are kept under
    ``annotated/<key>.pkl``, keyed by the source's key, its documents' ids, the registers and the
    entries of corrections.yaml, links.yaml and notes.yaml for them — sources without such an entry
    are annotated in workers; (3) the corpus-wide pass (``Apparatus.finish``) in the parent.
    With ``textless``, a source whose annotation comes from the cache gives ``TextlessDocument``s
    (``textless.pkl``); the third value then says where each one's whole self is: {document
    id: (annotation key, position in the source)}."""
    from collections import Counter
    from .apparatus import Apparatus

    paths = scan.sources()
    version = code_version()
    keys: list[Optional[str]] = []
    hashes: dict[str, str] = {}
    for p, digest in zip(paths, source_digests(paths, cache, scan.stamp)):
        hashes[p.name] = _sha(hashes.get(p.name, ""), digest or "unreadable") if p.name in hashes else \
            digest or "unreadable"
        keys.append(None if digest is None else sha_kept(version, str(p) if p.is_absolute() else os.path.abspath(p), digest))
    folder = cache / "read" if cache is not None else None
    annotated_dir = cache / "annotated" if cache is not None else None
    # Each source's documents without their text, all in one file (``textless.pkl``: {annotation
    # key: pickled result}): one read instead of 10,000 at the start of an incremental build.
    lean: dict[str, bytes] = dict(load_kept(cache, "textless.pkl"))
    lean_before = set(lean)
    index: dict[str, list] = load_kept(folder, "ids.pkl")
    n = workers()
    blobs: dict[int, bytes] = {}
    ids_of: list[Optional[list]] = [index.get(k) if k is not None else None for k in keys]
    todo = [i for i, v in enumerate(ids_of) if v is None]
    specs: dict[int, tuple] = {}
    if todo:
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        # the editorial files, unchecked against the edition's ids (not known yet): sources are
        # annotated right after reading, and the parent keeps the result when the ids and entries agree
        spec_app = Apparatus(content_dir, Reporter(), None)
        spec_app.registers_key()  # (hashed once, here, not in each worker)
        _READ.update(paths=paths, keys=keys, folder=folder, annotated=annotated_dir, version=version, spec=spec_app)

        def take(i: int, blob: Optional[bytes], ids: list, spec: Optional[tuple]) -> None:
            if blob is not None:
                blobs[i] = blob
            ids_of[i] = ids
            if spec is not None:
                # (unpickled now, while the workers read on, not after them: the parent's own work
                # between reading and rendering runs on one core)
                specs[i] = (*spec, pickle.loads(spec[1]))

        try:
            _run_jobs("reading", _read_ids, todo, n, quiet, take)
        finally:
            _READ.clear()
        if folder is not None:
            fresh = {k: ids_of[i] for i, k in enumerate(keys) if k is not None}
            if fresh != index:
                later(lambda: store_kept(folder, "ids.pkl", fresh))
    # unique ids in corpus order (as reader.unique_ids)
    seen: Counter = Counter()
    final: list[list[str]] = []
    for entries in ids_of:
        out = []
        for doc_id, source, line in entries or ():
            seen[doc_id] += 1
            if seen[doc_id] > 1:
                new = f"{doc_id}-{seen[doc_id]}"
                reporter.warning(source, line, 1, "W113", f"id '{doc_id}' already used; this document is '{new}'")
                doc_id = new
            out.append(doc_id)
        final.append(out)
    app = Apparatus(content_dir, reporter, {i for ids in final for i in ids})
    regkey = app.registers_key()
    akeys = [None if k is None else _annotation_key(version, k, regkey, ids, [app.document_key(i) for i in ids])
             for k, ids in zip(keys, final)]
    # A document's outputs depend on its editorial entries and the registers as much as on its
    # source: the render keys take each source's annotation key, not only its bytes.
    for p, akey in zip(paths, akeys):
        if akey is not None:
            hashes[p.name] = sha_kept(hashes[p.name], akey)
    results: list[Optional[tuple]] = [None] * len(paths)
    where: dict[str, tuple[str, int]] = {}

    warm = _WARM if _WARM_ON[0] else {}
    loaded: dict[str, tuple] = {}

    def use_textless(i: int, key: str) -> None:
        kept = warm.get(key)
        if kept is None:
            result = pickle.loads(lean[key])
            # The corpus-wide pass (Apparatus.finish) replaces the placeholder targets of the
            # references still pending, in place: a warm build puts them back before its own pass.
            kept = (result, [[o.target for o in item[2] or ()] for item in result[1]])
        else:
            result, placeholders = kept
            for item, targets in zip(result[1], placeholders):
                for o, target in zip(item[2] or (), targets):
                    object.__setattr__(o, "target", target)
        loaded[key] = kept
        results[i] = result
        for k, item in enumerate(results[i][1]):
            where[item[0].id] = (key, k)

    todo = []
    for i, key in enumerate(akeys):
        spec = specs.pop(i, None)
        if spec is not None and spec[0] == [app.document_key(x) for x in final[i]]:
            # A source read in this run stays whole: it is about to be rendered, and loading it
            # again in the render workers costs more than keeping it here (measured at 10k).
            results[i] = spec[4]
            if final[i] == [e[0] for e in ids_of[i] or ()]:
                if spec[3] != key:  # (not stored by the worker under this key)
                    _store(annotated_dir, key, spec[1])
                lean[key] = spec[2]
            else:
                # A document renamed to keep ids unique (W113) was annotated under the id it was read
                # with; the entries for both ids being the same (``document_key``), only the id differs.
                diags, items = results[i]
                items = [item if item[0].id == new_id else (replace(item[0], id=new_id), *item[1:])
                         for item, new_id in zip(items, final[i])]
                results[i] = (diags, items)
                _store(annotated_dir, key, pickle.dumps(results[i], protocol=pickle.HIGHEST_PROTOCOL))
                lean[key] = _textless_blob(diags, items)
            continue
        if textless and key in lean:
            use_textless(i, key)
            continue
        results[i] = _load_cached(annotated_dir, key)
        if results[i] is None:
            todo.append(i)
        elif key is not None and key not in lean:  # (annotated by a build that kept no textless copy)
            lean[key] = _textless_blob(*results[i])
    if todo:
        _READ.update(paths=paths, blobs=blobs, folder=folder, keys=keys, ids=final, app=app)
        try:
            _run_and_store("annotating", _annotate_one, todo, annotated_dir, akeys, results, n, quiet, lean)
        finally:
            _READ.clear()
    blobs.clear()
    if _WARM_ON[0]:  # (this build's textless results, for the next one)
        _WARM.clear()
        _WARM.update(loaded)
    # The cache keeps what this build used, nothing else: without pruning, every edit (and every
    # change of the code) would leave a copy of the edited sources' documents behind for ever.
    used, used_annotated = {k for k in keys if k is not None}, {k for k in akeys if k is not None}
    later(lambda: prune(folder, used, keep=("ids.pkl", "stat.pkl")))
    later(lambda: prune(annotated_dir, used_annotated))
    kept = {k: lean[k] for k in sorted({k for k in akeys if k is not None}) if k in lean}
    if cache is not None and set(kept) != lean_before:  # (same key, same bytes: only the keys can differ)
        cache.mkdir(parents=True, exist_ok=True)
        # (after publishing in ``edition serve``, which waits for the edit; at once in a one-shot build:
        # kept until the end, the 10,000 blobs it holds raise the build's peak by ~150 MB at 10k)
        def store() -> None:
            store_kept(cache, "textless.pkl", kept)

        if _WARM_ON[0]:
            later(store)
        else:
            store()
    annotated: list = []
    for result in results:
        assert result is not None
        diags, items = result
        reporter.extend(diags)
        annotated.extend(items)
    docs = app.finish(annotated, reporter)
    if _WARM_ON[0]:
        LAST_APPARATUS[0] = app
    return docs, hashes, where


LAST_APPARATUS: list[Any] = [None]
"""While ``keep_warm`` is on: the ``apparatus.Apparatus`` of the corpus last read (``ahead.py``)."""


def prune(folder: Optional[Path], used: set[str], keep: Sequence[str] = ()) -> int:
    """Delete the entries (``<key>.pkl``) of a cache folder whose key is not in ``used``, and
    temporary files a killed build left; → how many files were deleted."""
    if folder is None:
        return 0
    gone = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        name = entry.name
        if name in keep or (name.endswith(".pkl") and name[:-4] in used):
            continue
        try:
            os.unlink(entry.path)
            gone += 1
        except OSError:
            pass
    return gone


def _store_named(folder: Path, name: str, blob: bytes) -> None:
    write_atomic(folder / name, blob)


# --------------------------------------------------------------------------------------------
# Rendering the documents' outputs
# --------------------------------------------------------------------------------------------

_RENDER: dict[str, Any] = {}  # what forked render workers need (set before the pool starts)
PART_CPU: dict[str, float] = {}  # CPU seconds per output kind (html, markdown, tei), summed over workers


def render_keys(corpus: Any, global_key: str) -> dict[str, str]:
    """Document id → the hash of everything its page, Markdown and TEI depend on."""
    titles = corpus.titles
    hashes = getattr(corpus, "source_hashes", None) or {}
    global_key = _sha(global_key)  # (long: hashed once, not once per document)
    keys = {}
    cited_by = corpus.cited_by
    for d in corpus.docs:
        refs = tuple([(r.text, r.key, r.target, titles.get(r.target or "")) for r in d.references])
        cites = tuple([(c, text, titles.get(c)) for c, text in cited_by.get(d.id, ())])
        source = hashes.get(d.source)
        if source is None:  # no source hash (a corpus read another way): key the whole document
            source = hashlib.sha256(pickle.dumps(d, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()
        keys[d.id] = sha_kept(global_key, source, d.source, tuple(d.source_lines), d.id, d.title, refs, cites)
    return keys


@functools.lru_cache(maxsize=1 << 17)
def output_paths(doc_id: str, tei: bool) -> tuple[str, ...]:
    """A document's files, relative to the site: its page, its Markdown and (``tei``) its TEI.
    (Remembered: every build asks for every document's, twice — 0.1 s at 10,000 documents.)"""
    paths = (urls.document_url(doc_id) + "index.html", urls.markdown_url(doc_id))
    return paths + (urls.tei_url(doc_id),) if tei else paths


def _render_chunk(indexes: Sequence[int]) -> tuple[int, dict[str, float], dict[str, Any]]:
    gc.disable()
    PART_CPU.clear()
    facts: dict[str, Any] = {}
    for i in indexes:
        _render_one(i, facts)
    return len(indexes), dict(PART_CPU), facts


def _render_one(i: int, facts: dict[str, Any]) -> None:
    """Render and write document ``i``'s files; its page's ``search_index.page_facts`` into ``facts``."""
    from .search_index import page_facts
    st = _RENDER
    doc = st["corpus"].full(st["corpus"].docs[i])
    root: Path = st["root"]
    made: set = st["made"]  # (folders made by this process in this build: markdown/ and tei/ once, not per document)
    for path, data in st["render"](doc):
        target = root / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)
        if path.endswith(".html"):
            # (the search index plans its shards by these: taken here, from the bytes in hand, the
            # pages are not read again — a second or more at 10,000 documents)
            facts[path] = page_facts(data)


def previous_keys(previous: Optional[Path], manifest: Optional[Path]) -> dict[str, str]:
    """The render keys the published site ``previous`` was built with (its manifest), or {} when
    there is no such site or the manifest does not describe it (built elsewhere, changed since)."""
    if previous is None or manifest is None or not previous.is_dir():
        return {}
    try:
        saved = json.loads(manifest.read_text(encoding="utf-8"))
        if saved.get("site") == str(previous.resolve()) and saved.get("stamp") == site_stamp(previous):
            return saved.get("keys", {})
    except (OSError, ValueError):
        pass
    return {}


def render_documents(corpus: Any, render: Callable[[Any], list[tuple[str, bytes]]], root: Path,
                     keys: dict[str, str], tei: bool, previous: Optional[Path], old: dict[str, str],
                     quiet: bool = True, kept: Optional[list[str]] = None,
                     facts: Optional[dict[str, Any]] = None) -> dict[str, int]:
    """Write every document's outputs into ``root``: rendered (``render(doc)`` → [(path, bytes)]),
    or — when ``previous`` (the published site) was made with the same key (``old``, from
    ``previous_keys``) — linked from it,
    or, when ``kept`` is a list, left where they are: their ids are appended to ``kept`` and the
    build publishes ``root`` into ``previous`` in place (``publish.apply_changes``). Returns counts;
    ``facts`` (a dict) receives each rendered page's ``search_index.page_facts``, by path."""
    todo, reused = [], 0
    present = _Listed(previous) if previous is not None else None
    for i, d in enumerate(corpus.docs):
        if old.get(d.id) == keys[d.id]:
            paths = output_paths(d.id, tei)
            if kept is not None and present is not None and present.all(paths):
                kept.append(d.id)
                reused += 1
                continue
            if kept is None and _link_all(previous, root, paths):
                reused += 1
                continue
        todo.append(i)
    _RENDER.update(corpus=corpus, render=render, root=root, made=set())
    PART_CPU.clear()
    totals: dict[str, float] = {}
    try:
        n = workers()
        with Progress("rendering", len(todo), quiet=quiet) as bar:
            if n > 1 and len(todo) >= PARALLEL_MIN:
                size = 25
                chunks = [todo[k:k + size] for k in range(0, len(todo), size)]
                with _pool(n) as pool:
                    for done, parts, learnt in pool.imap_unordered(_render_chunk, chunks):
                        if facts is not None:
                            facts.update(learnt)
                        for k, v in parts.items():
                            totals[k] = totals.get(k, 0.0) + v
                        bar.advance(done)
            else:
                sink = facts if facts is not None else {}
                with no_gc():
                    for i in todo:
                        _render_one(i, sink)
                        bar.advance()
                totals.update(PART_CPU)
    finally:
        _RENDER.clear()
    return {"rendered": len(todo), "reused": reused, **{f"cpu_{k}": round(v, 3) for k, v in sorted(totals.items())}}


class _Listed:
    """Whether a file of the site exists, from one listing per folder instead of a ``stat`` per file
    (30,000 after a one-page edit): ``documents/<id>/index.html`` counts as present when the folder
    ``documents/<id>`` is listed in ``documents/`` (it holds nothing else)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.listed: dict[str, set[str]] = {}

    def _names(self, folder: str) -> set[str]:
        names = self.listed.get(folder)
        if names is None:
            path = os.path.join(self.root, folder)
            # While ``keep_warm`` is on, a folder whose stat is as at the last listing lists the same
            # names (a name added, removed or renamed there changes the folder's modification time):
            # ``documents/``, ``markdown/`` and ``tei/`` hold 10,000 names each at 10k.
            stamp = _stat_of(path) if _WARM_ON[0] else None
            last = _LISTINGS.get(path) if stamp is not None else None
            if last is not None and last[0] == stamp:
                names = last[1]
            else:
                try:
                    names = set(os.listdir(path))
                except OSError:
                    names = set()
                if stamp is not None and stamp == _stat_of(path):  # (unchanged while listed)
                    _LISTINGS[path] = (stamp, names)
            self.listed[folder] = names
        return names

    def all(self, paths: tuple[str, ...]) -> bool:
        """Whether every one of ``paths`` exists (a document's files: asked 10,000 times a build)."""
        listed = self.listed
        for folder, name in _listed_as(paths):
            names = listed.get(folder)
            if name not in (names if names is not None else self._names(folder)):
                return False
        return True


_LISTINGS: dict[str, tuple[tuple, set[str]]] = {}  # ``_Listed``: folder → (its stat, its names), warm builds only


@functools.lru_cache(maxsize=1 << 17)
def _listed_as(paths: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Site files → for each, (the folder whose listing shows it, the name shown there): see ``_Listed``."""
    out = []
    for path in paths:
        folder, _, name = path.rpartition("/")
        if name == "index.html" and "/" in folder:
            folder, _, name = folder.rpartition("/")
        out.append((folder, name))
    return tuple(out)


def save_manifest(manifest: Optional[Path], site: Path, keys: dict[str, str]) -> None:
    """Record which key each document's outputs in ``site`` were made with (after the swap)."""
    if manifest is None:
        return
    manifest.parent.mkdir(parents=True, exist_ok=True)
    tmp = manifest.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"site": str(site.resolve()), "stamp": site_stamp(site), "keys": keys}, sort_keys=True),
                   encoding="utf-8")
    os.replace(tmp, manifest)


def site_stamp(site: Path) -> Optional[list]:
    """What identifies the site a manifest describes: its API file's inode, size and modification
    time (any other build into that folder rewrites it), so a site changed behind the cache's back
    is rendered again, not trusted."""
    try:
        st = os.stat(site / "api" / "documents.json")
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def _link_all(previous: Optional[Path], root: Path, paths: list[str]) -> bool:
    """Hard-link (or copy) the files ``paths`` of the previous site into the new one; False when any
    is missing (the document is then rendered)."""
    if previous is None:
        return False
    sources = [previous / p for p in paths]
    if not all(s.is_file() for s in sources):
        return False
    for s, p in zip(sources, paths):
        target = root / p
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(s, target)
    return True
