"""The build cache: after an edit, an incremental build changes exactly the files it should, and
equals a clean build of the same input byte for byte. No timings are asserted here (BENCHMARKS.md).

The edition is generated (``edition synth``, 240 documents) so that the worker processes are used.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest

from edition.build import build_command
from edition.pages import Corpus, clear_cache, load_corpus
from edition.pipeline import render_keys
from edition.synth import synth_command

SEARCH = "pagefind"  # the search index (another stage) is rebuilt from the pages each time


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _changed(a: dict[str, bytes], b: dict[str, bytes]) -> set[str]:
    return {n for n in set(a) | set(b) if a.get(n) != b.get(n) and not n.startswith(SEARCH + "/")}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "content"
    assert synth_command(240, 7, out) == 0
    return out


def _seed_copy(content: Path) -> Path:
    """A copy of the project's own content folder at ``content`` (tests edit it)."""
    shutil.copytree(Path(__file__).resolve().parents[1] / "content", content)
    return content


def _build(content: Path, site: Path, cache: Path, monkeypatch, times: Path, no_cache: bool = False) -> list[dict]:
    monkeypatch.setenv("EDITION_CACHE", str(cache))
    monkeypatch.setenv("EDITION_STAGE_TIMES", str(times))
    from edition import timing
    timing.RECORDS.clear()
    clear_cache()
    assert build_command(content, site, quiet=True, use_cache=not no_cache) == 0
    return json.loads(times.read_text(encoding="utf-8"))


def _stats(records: list[dict]) -> dict:
    return next(r for r in records if r["stage"] == "documents")


def _edit_text(path: Path) -> None:
    """Reverse one word of the text (below the header), as an editor's fix would: a word in lower
    case if there is one, outside field lines ("REF: Embassy telegram 703" cites a telegram series,
    whose register page would change with it)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for pattern in (r"\b[a-z]{7,}\b", r"\b[A-Za-z]{7,}\b"):
        for k in list(range(len(lines) * 2 // 3, 0, -1)):
            m = re.search(pattern, lines[k]) if ":" not in lines[k] else None
            if m:
                lines[k] = lines[k][:m.start()] + m.group(0)[::-1] + lines[k][m.end():]
                path.write_text("\n".join(lines), encoding="utf-8")
                return
    raise AssertionError(f"no word to edit in {path}")


def test_an_edit_regenerates_exactly_its_documents_and_equals_a_clean_build(generated, tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(generated, content)
    site, cache, times = tmp_path / "site", tmp_path / "cache", tmp_path / "times.json"
    first = _build(content, site, cache, monkeypatch, times)
    api = json.loads((site / "api" / "documents.json").read_text(encoding="utf-8"))
    n = len(api["documents"])
    assert _stats(first)["rendered"] == n and _stats(first)["reused"] == 0
    before = _tree(site)

    # Nothing changed: nothing is rendered again, and the site is the same.
    again = _build(content, site, cache, monkeypatch, times)
    assert _stats(again)["rendered"] == 0 and _stats(again)["reused"] == n
    assert _changed(before, _tree(site)) == set()
    # ... nor any generated list or register page: MkDocs is not given them again.
    assert _stats(first)["pages"] > 20 and _stats(first)["pages_kept"] == 0
    assert _stats(again)["pages_kept"] == _stats(again)["pages"] == _stats(first)["pages"]

    # One source edited: its documents (and the API, which holds their metadata) change, nothing else.
    uncited = {d["source"] for d in api["documents"]} - {
        d["source"] for d in api["documents"] for r in d["references"] if r["target"]}
    source = sorted(uncited or {d["source"] for d in api["documents"]})[len(uncited) // 2]
    _edit_text(content / "sources" / source)
    edited = _build(content, site, cache, monkeypatch, times)
    ids = [d["id"] for d in api["documents"] if d["source"] == source]
    assert _stats(edited)["rendered"] == len(ids)
    changed = _changed(before, _tree(site))
    outputs = {p for i in ids for p in (f"documents/{i}/index.html", f"markdown/{i}.md", f"tei/{i}.xml")}
    months = {f"documents/{(d['date'] or 'undated')[:7]}/index.html" for d in api["documents"] if d["id"] in ids}
    assert changed - outputs <= {"api/documents.json"} | months, sorted(changed - outputs)[:10]
    assert changed & outputs  # the edited text is in them
    # the lists and registers whose rows did not change are kept as published, not rendered again
    assert _stats(edited)["pages"] - _stats(edited)["pages_kept"] <= len(changed - outputs)

    # The incremental site is byte for byte a clean build of the same input.
    clean = tmp_path / "clean"
    _build(content, clean, tmp_path / "cache2", monkeypatch, times, no_cache=True)
    a, b = _tree(site), _tree(clean)
    assert sorted(a) == sorted(b)
    assert [k for k in a if a[k] != b[k]] == []


def test_a_site_changed_behind_the_cache_is_rendered_again(generated, tmp_path, monkeypatch):
    site, cache, times = tmp_path / "site", tmp_path / "cache", tmp_path / "times.json"
    _build(generated, site, cache, monkeypatch, times)
    (site / "api" / "documents.json").write_text("{}", encoding="utf-8")  # someone else wrote here
    records = _build(generated, site, cache, monkeypatch, times)
    assert _stats(records)["reused"] == 0


def test_keys_follow_titles_of_cited_and_citing_documents():
    """A document's outputs are keyed by the titles of what it cites and what cites it: retitling a
    document changes its key, its citers' and the documents it cites — and no other."""
    root = Path(__file__).resolve().parent.parent / "content"
    corpus = load_corpus(root)
    keys = render_keys(corpus, "g")
    assert render_keys(corpus, "g") == keys and render_keys(corpus, "h") != keys
    cited = next((t for t, rows in sorted(corpus.cited_by.items()) if rows and t in keys), None)
    assert cited is not None, "the seeds have a cited document"
    docs = [dataclasses.replace(d, title=d.title + " (retitled)") if d.id == cited else d for d in corpus.docs]
    other = Corpus(corpus.content, corpus.info, docs, [], (), extra=corpus.extra, cited_by=corpus.cited_by,
                   source_hashes=corpus.source_hashes)
    new = render_keys(other, "g")
    changed = {i for i in keys if keys[i] != new[i]}
    citing = {c for c, _ in corpus.cited_by[cited]}
    cites = {r.target for d in corpus.docs if d.id == cited for r in d.references if r.target in keys}
    assert changed == {cited} | citing | cites


# --------------------------------------------------------------------------------------------
# The per-source apparatus cache (pipeline._read_annotated): an editorial file's edit invalidates
# exactly the documents it concerns; the corpus-wide pass (reference targets) always runs.
# --------------------------------------------------------------------------------------------


def _read(content: Path, cache):
    from edition.diagnostics import Reporter
    from edition.pipeline import read_corpus_cached
    r = Reporter()
    _, docs, _ = read_corpus_cached(content, r, cache)
    return docs, sorted(set(r.diagnostics))


def _annotated(cache: Path) -> set[str]:
    return {p.name for p in (cache / "annotated").glob("*.pkl")}


def test_an_editorial_edit_annotates_again_only_the_sources_it_concerns(tmp_path):
    content = _seed_copy(tmp_path / "content")
    cache = tmp_path / "cache"
    docs, diags = _read(content, cache)
    assert (docs, diags) == _read(content, None)
    first = _annotated(cache)
    assert _read(content, cache) == (docs, diags) and _annotated(cache) == first

    # a correction of one document: that document's source only
    path = content / "corrections.yaml"
    text = path.read_text(encoding="utf-8")
    m = re.search(r"- document: (\S+)\n  text: (.+)\n  correction: (.+)\n", text)
    doc_id = m.group(1)
    path.write_text(text.replace(m.group(0), m.group(0).replace(f"correction: {m.group(3)}",
                                                                  f"correction: {m.group(3)}X"), 1), encoding="utf-8")
    edited, ediags = _read(content, cache)
    assert (edited, ediags) == _read(content, None)
    assert len(_annotated(cache) - first) == 1
    changed = {d.id for d, e in zip(docs, edited) if d != e}
    source = next(d.source for d in docs if d.id == doc_id)
    assert changed and changed <= {d.id for d in docs if d.source == source}

    # a register: every source (any document may name the new form)
    before = _annotated(cache)
    reg = content / "registers" / "places.yaml"
    reg.write_text(reg.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _read(content, cache)
    assert len(_annotated(cache) - before) == len({d.source for d in docs})


def test_a_document_renamed_for_a_unique_id_is_annotated_as_itself(tmp_path, monkeypatch):
    """Sources are annotated as they are read, before the ids are made unique (W113). A document
    renamed then keeps that annotation, with its new id, when the editorial entries for both ids
    are the same; else it is annotated again: the result is always that of the plain reading."""
    from edition import pipeline
    from edition.diagnostics import Reporter
    from edition.reader import read_corpus
    content = _seed_copy(tmp_path / "content")
    sources = content / "sources"
    # copies read after their originals: their documents get the ids "<id>-2". The circular has
    # register forms limited to its id; the memorandum (twice, new) has no editorial entry at all.
    shutil.copy(sources / "1962-10-28-polto-circular-12.txt", sources / "1962-12-31-copy-circular.txt")
    memo = ("SECRET\n\nMEMORANDUM FOR THE SECRETARY\n\nFROM: W. W. Rostow\n\nSUBJECT: Shipping to Cuba\n\n"
            "October 29, 1962\n\n1. The quarantine line holds. Khrushchev has not answered.\n\nW. W. Rostow\n")
    (sources / "1962-10-29-memo.txt").write_text(memo, encoding="utf-8")
    (sources / "1962-12-31-copy-memo.txt").write_text(memo, encoding="utf-8")
    annotated_again: list[int] = []
    annotate = pipeline._annotate_one
    monkeypatch.setattr(pipeline, "_annotate_one", lambda i: annotated_again.append(i) or annotate(i))
    docs, diags = _read(content, tmp_path / "cache")
    r = Reporter()
    _, plain = read_corpus(content, r)
    assert sorted(docs, key=lambda d: d.id) == sorted(plain, key=lambda d: d.id)
    assert diags == sorted(set(r.diagnostics))
    by_id = {d.id: d for d in docs}
    assert by_id["1962-10-29-memo-rostow-to-secretary-2"].source == "1962-12-31-copy-memo.txt"
    assert by_id["1962-10-28-polto-circular-12-2"].source == "1962-12-31-copy-circular.txt"
    # the original circular names the Council by a form limited to it; its copy does not
    council = [dict(by_id[i].name_counts).get("north-atlantic-council", 0)
               for i in ("1962-10-28-polto-circular-12", "1962-10-28-polto-circular-12-2")]
    assert council[0] > council[1]
    # only the circular's copy was annotated again; the memorandum's kept its first annotation
    assert len(annotated_again) == 1
    again = sorted(p.name for p in sources.glob("*.txt"))[annotated_again[0]]
    assert again == "1962-12-31-copy-circular.txt"


def test_removing_a_cited_source_updates_the_citing_documents(tmp_path):
    content = _seed_copy(tmp_path / "content")
    cache = tmp_path / "cache"
    docs, _ = _read(content, cache)
    by_id = {d.id: d for d in docs}
    citing, cited = next((d, by_id[r.target]) for d in docs for r in d.references
                         if r.target in by_id and by_id[r.target].source != d.source)
    (content / "sources" / cited.source).unlink()
    after, adiags = _read(content, cache)
    assert (after, adiags) == _read(content, None)
    new = next(d for d in after if d.id == citing.id)
    assert cited.id not in {r.target for r in new.references}


def test_an_edited_note_or_register_renders_its_documents_again(tmp_path, monkeypatch):
    """Editorial files are inputs of the pages too: after changing a note's text and a register
    entry, an incremental build renders the documents concerned again and equals a clean build."""
    content = _seed_copy(tmp_path / "content")
    site, cache, times = tmp_path / "site", tmp_path / "cache", tmp_path / "times.json"
    _build(content, site, cache, monkeypatch, times)
    notes = content / "notes.yaml"
    text = notes.read_text(encoding="utf-8")
    assert "U Thant, Acting Secretary-General of the United Nations." in text
    notes.write_text(text.replace("U Thant, Acting Secretary-General of the United Nations.",
                                  "U Thant (Burma), Acting Secretary-General of the United Nations."), encoding="utf-8")
    edited = _build(content, site, cache, monkeypatch, times)
    assert _stats(edited)["rendered"] >= 1
    page = (site / "documents" / "1962-10-27-deptel-moscow-1015" / "index.html").read_text(encoding="utf-8")
    assert "U Thant (Burma)" in page
    clean = tmp_path / "clean"
    _build(content, clean, tmp_path / "cache2", monkeypatch, times, no_cache=True)
    a, b = _tree(site), _tree(clean)
    assert sorted(a) == sorted(b) and [k for k in a if a[k] != b[k]] == []


def test_an_incremental_build_publishes_in_place(generated, tmp_path, monkeypatch):
    """After an edit only changed files are replaced in the published site (the others keep their
    inode); a removed source's files disappear; a failed build leaves the site as it was; and the
    cache holds one entry per source whatever the number of edits."""
    content = tmp_path / "content"
    shutil.copytree(generated, content)
    site, cache, times = tmp_path / "site", tmp_path / "cache", tmp_path / "times.json"
    _build(content, site, cache, monkeypatch, times)
    api = json.loads((site / "api" / "documents.json").read_text(encoding="utf-8"))["documents"]
    by_source: dict[str, list[str]] = {}
    for d in api:
        by_source.setdefault(d["source"], []).append(d["id"])
    uncited = sorted(s for s in by_source if not any(r["target"] in by_source[s] for d in api for r in d["references"]))
    ids = [d["id"] for d in api]
    # (a source whose ids another document's id extends, "x" and "x-2", would renumber it)
    alone = [s for s in uncited if not any(o.startswith(i + "-") or i.startswith(o + "-")
                                           for i in by_source[s] for o in ids if o != i)]
    citing = {d["source"] for d in api if any(r["target"] for r in d["references"])}
    edited, removed = alone[0], [s for s in alone if s not in citing][-1]  # (its citations would change others)
    bystander = next(i for s in alone[1:] if s != removed for i in by_source[s])
    inode = (site / "documents" / bystander / "index.html").stat().st_ino
    from edition.pages import default_cache_dir
    monkeypatch.setenv("EDITION_CACHE", str(cache))
    own = default_cache_dir(content)
    assert own.parent == cache and (own / "render-manifest.json").is_file()
    cached = {name: len(list((own / name).iterdir())) for name in ("read", "annotated")}

    _edit_text(content / "sources" / edited)
    (content / "sources" / removed).unlink()
    lost = next(i for s in alone[1:] if s != removed for i in by_source[s] if i != bystander)
    (site / "markdown" / f"{lost}.md").unlink()  # a published file gone: its document is made again
    records = _build(content, site, cache, monkeypatch, times)
    assert _stats(records)["rendered"] == len(by_source[edited]) + 1
    assert (site / "markdown" / f"{lost}.md").is_file()
    assert (site / "documents" / bystander / "index.html").stat().st_ino == inode  # not rewritten
    for doc_id in by_source[removed]:
        assert not (site / "documents" / doc_id).exists()
        assert not (site / "markdown" / f"{doc_id}.md").exists() and not (site / "tei" / f"{doc_id}.xml").exists()
    # pruned: one entry less (the removed source); the edited source's old entries are gone
    assert {name: len(list((own / name).iterdir())) for name in ("read", "annotated")} == \
        {name: n - 1 for name, n in cached.items()}
    clean = tmp_path / "clean"
    _build(content, clean, tmp_path / "cache2", monkeypatch, times, no_cache=True)
    a, b = _tree(site), _tree(clean)
    assert sorted(a) == sorted(b) and [k for k in a if a[k] != b[k]] == []

    # A build that fails (a source not in UTF-8 is an error) publishes nothing.
    source = content / "sources" / alone[1]
    source.write_bytes(source.read_bytes() + b"\n\xff\xfe not UTF-8\n")
    monkeypatch.setenv("EDITION_CACHE", str(cache))
    clear_cache()
    assert build_command(content, site, quiet=True) == 1
    assert _tree(site) == a


def test_a_build_reads_unchanged_sources_without_their_text(generated, tmp_path):
    """The documents of sources annotated in an earlier build come back textless (the lists, the
    API and the registers need no text) and whole on demand, equal to a full read."""
    from edition.api import document_metadata
    from edition.diagnostics import Reporter
    from edition.model import TextlessDocument
    from edition.apparatus import _count_names
    from edition.pipeline import read_corpus_cached, read_corpus_textless
    cache = tmp_path / "cache"
    r1, r2 = Reporter(), Reporter()
    _, whole, _ = read_corpus_cached(generated, r1, cache)
    _, docs, _, full = read_corpus_textless(generated, r2, cache)
    assert sorted(set(r1.diagnostics)) == sorted(set(r2.diagnostics))
    assert docs and all(isinstance(d, TextlessDocument) for d in docs)
    assert all(not s.blocks for d in docs for w in d.witnesses for s in w.sections)
    assert [full(d) for d in docs] == whole
    assert [document_metadata(d) for d in docs] == [document_metadata(d) for d in whole]
    assert [d.name_counts for d in docs] == [_count_names(d) for d in whole]
    assert any(d.name_counts for d in docs)  # the generated edition names register entries


def test_two_editions_sharing_a_cache_folder_keep_their_own_entries(tmp_path, monkeypatch):
    """Each build prunes its cache to what it used: editions built with one $EDITION_CACHE each get
    a folder of their own in it, so building one never evicts the other's entries."""
    a, b = _seed_copy(tmp_path / "a" / "content"), _seed_copy(tmp_path / "b" / "content")
    cache, times = tmp_path / "cache", tmp_path / "times.json"
    _build(a, tmp_path / "site-a", cache, monkeypatch, times)
    _build(b, tmp_path / "site-b", cache, monkeypatch, times)
    again = _build(a, tmp_path / "site-a", cache, monkeypatch, times)
    assert _stats(again)["rendered"] == 0
    assert len([p for p in cache.iterdir() if p.is_dir()]) == 2


def test_whole_documents_on_demand_any_order_any_number_of_times(generated, tmp_path):
    """FullDocuments keeps a few sources loaded: asking again, in any order, past its memory, gives
    the same whole documents (references resolved once per loading, never twice)."""
    from edition.diagnostics import Reporter
    from edition.pipeline import read_corpus_cached, read_corpus_textless
    cache = tmp_path / "cache"
    _, whole, _ = read_corpus_cached(generated, Reporter(), cache)
    _, docs, _, full = read_corpus_textless(generated, Reporter(), cache)
    expected = {d.id: d for d in whole}
    order = docs[::-1] + docs[::3] + docs[:20] + docs[:20]
    assert all(full(d) == expected[d.id] for d in order)


def test_register_pages_are_made_again_exactly_when_their_rows_change(generated, tmp_path, monkeypatch):
    """The register pages are kept in the cache while no document's date, title or names change
    (``pages.extra_pages`` memo): a one-word edit reuses them; removing a name from a document makes
    them again, and the incremental site still equals a clean build."""
    from edition import register_pages as made
    content = tmp_path / "content"
    shutil.copytree(generated, content)
    site, cache, times = tmp_path / "site", tmp_path / "cache", tmp_path / "times.json"
    calls = []
    original = made.register_pages
    monkeypatch.setattr(made, "register_pages", lambda *a, **k: calls.append(1) or original(*a, **k))
    _build(content, site, cache, monkeypatch, times)
    assert len(calls) == 1
    api = json.loads((site / "api" / "documents.json").read_text(encoding="utf-8"))["documents"]
    uncited = {d["source"] for d in api} - {d["source"] for d in api for r in d["references"] if r["target"]}
    # a word that is no name: the register pages are reused
    plain = sorted(s for s in uncited if "Rusk" not in (content / "sources" / s).read_text(encoding="utf-8"))[0]
    path = content / "sources" / plain
    path.write_text(path.read_text(encoding="utf-8").replace(" the ", " teh ", 1), encoding="utf-8")
    _build(content, site, cache, monkeypatch, times)
    assert len(calls) == 1
    # a name taken out of a document's text: Rusk's page loses a mention, so the pages are made again
    named = sorted(s for s in uncited if "Rusk" in (content / "sources" / s).read_text(encoding="utf-8").split("\n", 12)[-1])
    assert named, "the generated edition names Rusk in some text"
    path = content / "sources" / named[0]
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    path.write_text(head + "\n\n" + body.replace("Rusk", "Xqzv"), encoding="utf-8")
    _build(content, site, cache, monkeypatch, times)
    assert len(calls) == 2
    clean = tmp_path / "clean"
    _build(content, clean, tmp_path / "cache2", monkeypatch, times, no_cache=True)
    a, b = _tree(site), _tree(clean)
    assert sorted(a) == sorted(b) and [k for k in a if a[k] != b[k]] == []


@pytest.mark.parametrize("listed", [False, True], ids=["walked", "listed"])
def test_publishing_in_two_steps_holds_back_what_is_not_ready(tmp_path, listed):
    """``apply_changes`` with ``held`` (serve publishes the pages before the search index): the held
    folder and file stay as they were in the site and wait in the staging folder; the second step,
    given what the first published, publishes them and deletes only what neither step wrote nor kept.
    The same when the second step's deletions come from ``list_site`` run between the steps (as
    serve does while Pagefind runs), with a shard folder kept only once the index is made."""
    from edition.publish import Kept, apply_changes, list_site

    def files(root: Path, names: dict[str, str]) -> Path:
        for rel, text in names.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        return root

    site = files(tmp_path / "site", {"a.html": "old a", "gone.html": "stale", "kept/x.md": "kept",
                                     "documents/k/index.html": "kept page", "documents/gone/index.html": "removed",
                                     "pagefind/s1/old.pf": "old shard", "pagefind/s2/kept.pf": "kept shard",
                                     "search/index.html": "old search"})
    staging = files(tmp_path / "staging", {"a.html": "new a", "b.html": "new b",
                                           "pagefind/s1/new.pf": "new shard", "search/index.html": "new search"})
    done: set[str] = set()
    kept = Kept({"kept/x.md"}, {"documents/k"})
    # (linked, not moved: the staging folder keeps its files for what still reads them)
    first = apply_changes(staging, site, kept, held=Kept({"search/index.html"}, {"pagefind"}), done=done, link=True)
    assert first == {"replaced": 2, "unchanged": 0, "deleted": 0}
    assert _tree(site) == {"a.html": b"new a", "b.html": b"new b", "kept/x.md": b"kept", "gone.html": b"stale",
                           "documents/k/index.html": b"kept page", "documents/gone/index.html": b"removed",
                           "pagefind/s1/old.pf": b"old shard", "pagefind/s2/kept.pf": b"kept shard",
                           "search/index.html": b"old search"}
    assert (site / "a.html").stat().st_ino == (staging / "a.html").stat().st_ino
    assert set(_tree(staging)) == {"a.html", "b.html", "pagefind/s1/new.pf", "search/index.html"}
    assert done == {"a.html", "b.html"}
    listing = list_site(site, kept, ("pagefind",)) if listed else None
    if listing is not None:
        assert sorted(rel for rel, _ in listing.files) == [
            "a.html", "b.html", "documents/gone/index.html", "gone.html", "kept/x.md", "search/index.html"]
    kept.folders.add("pagefind/s2")  # (the search stage's unchanged shard, known once it is done)
    second = apply_changes(staging, site, kept, done=done, listed=listing)
    assert second == {"replaced": 2, "unchanged": 2, "deleted": 3}
    assert _tree(site) == {"a.html": b"new a", "b.html": b"new b", "kept/x.md": b"kept",
                           "documents/k/index.html": b"kept page", "pagefind/s1/new.pf": b"new shard",
                           "pagefind/s2/kept.pf": b"kept shard", "search/index.html": b"new search"}
    assert not (site / "documents" / "gone").exists()


def test_serve_publishes_the_pages_before_the_search_index(generated, tmp_path, monkeypatch, capsys):
    """``build_command(early=…)``: once the pages are published, with the search index still the
    last one, the callback is told how many files changed; the build then ends as a clean build.
    A search index that fails after that says that the pages were published."""
    from edition import search_index

    content = tmp_path / "content"
    shutil.copytree(generated, content)
    monkeypatch.setenv("EDITION_CACHE", str(tmp_path / "cache"))
    site = tmp_path / "site"
    clear_cache()
    assert build_command(content, site, quiet=True) == 0
    before = _tree(site)
    source = sorted((content / "sources").glob("*.txt"))[5]
    _edit_text(source)
    seen = []

    def early(changed: int) -> None:
        now = _tree(site)
        seen.append((changed, _changed(before, now), {n for n in now if n.startswith(SEARCH + "/")
                                                      and now[n] != before.get(n)}))

    assert build_command(content, site, quiet=True, early=early) == 0
    [(changed, pages, search)] = seen
    assert changed > 0 and any(n.startswith("documents/") for n in pages) and search == set()
    clean = tmp_path / "clean"
    assert build_command(content, clean, quiet=True, use_cache=False) == 0
    a, b = _tree(site), _tree(clean)
    assert [n for n in set(a) | set(b) if a.get(n) != b.get(n)] == []
    assert any(a[n] != before.get(n) for n in a if n.startswith(SEARCH + "/"))

    def broken(*args, started=None, **kwargs):  # (fails once the pages are published, as a slow Pagefind would)
        import time
        started.set()  # (Pagefind has started: the pages are published meanwhile)
        for _ in range(200):
            if seen:
                break
            time.sleep(0.05)
        raise search_index.SearchIndexError("Pagefind failed (exit status 3): no")

    real_index_shard = search_index._index_shard
    monkeypatch.setattr(search_index, "_index_shard", broken)
    _edit_text(source)
    seen.clear()
    capsys.readouterr()
    assert build_command(content, site, quiet=True, early=early) == 1
    assert len(seen) == 1 and seen[0][0] > 0
    err = capsys.readouterr().err
    assert "error[E013]: Pagefind failed" in err and "the pages were published" in err and "Traceback" not in err
    # Pagefind back: the edit undone (the pages as two builds ago, the search index as one build
    # ago) builds the clean build's site — nothing published by the failed build is trusted wrongly.
    monkeypatch.setattr(search_index, "_index_shard", real_index_shard)
    _edit_text(source)
    assert build_command(content, site, quiet=True, early=early) == 0
    clear_cache()
    shutil.rmtree(clean)
    assert build_command(content, clean, quiet=True, use_cache=False) == 0
    a, b = _tree(site), _tree(clean)
    assert [n for n in set(a) | set(b) if a.get(n) != b.get(n)] == []


def test_a_page_linking_to_a_kept_page_still_gets_its_address(tmp_path, monkeypatch):
    """The generated pages an incremental build keeps are excluded from MkDocs' files, not removed:
    an editors' page that links to one (``persons/…/index.md``) still gets the page's address."""
    from edition import timing

    content = _seed_copy(tmp_path / "content")
    (content / "pages" / "guide.md").write_text(
        "# Guide\n\nSee [George W. Ball](persons/ball-george-w/index.md).\n", encoding="utf-8")
    monkeypatch.setenv("EDITION_CACHE", str(tmp_path / "cache"))
    # (the edition's date fixed: else, with the sources' copies older than today, the edit would
    # date the edition today and change every page's "built" line — no page kept)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    site = tmp_path / "site"
    clear_cache()
    assert build_command(content, site, quiet=True) == 0
    assert (site / "persons" / "ball-george-w" / "index.html").is_file()
    _edit_text(sorted((content / "sources").glob("*.txt"))[0])
    timing.RECORDS.clear()
    assert build_command(content, site, quiet=True) == 0
    documents = next(r for r in timing.RECORDS if r["stage"] == "documents")
    assert documents["pages_kept"] > 0  # (the person's page among them)
    guide = (site / "guide" / "index.html").read_text(encoding="utf-8")
    assert 'href="../persons/ball-george-w/"' in guide and "index.md" not in guide


def test_kept_pages_are_dated_by_the_edition_not_by_the_day_of_the_build(tmp_path, monkeypatch):
    """The sitemap's dates of the pages an incremental build keeps are the edition's build date (the
    newest source's, here 2001), as in a clean build — not the day the build ran."""
    import os

    content = _seed_copy(tmp_path / "content")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("EDITION_CACHE", str(tmp_path / "cache"))
    sources = sorted((content / "sources").glob("*.txt"))
    for n, path in enumerate(sources):
        os.utime(path, (1_000_000_000 + n, 1_000_000_000 + n))
    site, clean = tmp_path / "site", tmp_path / "clean"
    clear_cache()
    assert build_command(content, site, quiet=True) == 0
    _edit_text(sources[0])
    os.utime(sources[0], (999_000_000, 999_000_000))  # (edited, and still not the newest)
    assert build_command(content, site, quiet=True) == 0
    clear_cache()
    assert build_command(content, clean, quiet=True, use_cache=False) == 0
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2001-" in sitemap and sitemap == (clean / "sitemap.xml").read_text(encoding="utf-8")


def test_the_caches_bookkeeping_runs_after_the_block_and_never_fails_it(capsys):
    """``files.later`` inside ``files.deferred``: queued, run in order when the block ends (after an
    error too); a job that fails is one line on stderr, not an exception over the build's."""
    from edition.files import deferred, later

    ran: list[str] = []
    later(lambda: ran.append("outside: now"))
    assert ran == ["outside: now"]
    with pytest.raises(ValueError):
        with deferred():
            later(lambda: ran.append("first"))
            later(lambda: 1 / 0)
            later(lambda: ran.append("third"))
            assert ran == ["outside: now"]
            raise ValueError("the build's own error")
    assert ran == ["outside: now", "first", "third"]
    assert "edition: warning: the build cache was not updated: ZeroDivisionError" in capsys.readouterr().err


def test_a_document_no_entry_names_has_the_empty_document_key():
    """``Apparatus.document_key`` (part of each source's annotation key): a document that no
    correction, link, note or limited register form names gets the empty key at once; one that is
    named gets its entries. Both are hashable (the warm build remembers keys made of them)."""
    from edition.apparatus import Apparatus, _NO_ENTRIES
    from edition.diagnostics import Reporter
    content = Path(__file__).resolve().parent.parent / "content"
    app = Apparatus(content, Reporter(), None)
    named = sorted(app._entered)
    assert named and app.document_key("no-such-document") == _NO_ENTRIES == ((), (), (), ())
    for doc_id in named:
        key = app.document_key(doc_id)
        hash(key)
        assert key != _NO_ENTRIES and len(key) == 4
        corrections = app.corrections_by_doc.get(doc_id, ())
        assert len(key[1]) == len(corrections)
