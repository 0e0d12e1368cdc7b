"""Site search: Pagefind over the built seed edition (edition/search_index.py), and its search page.

The seed edition is built into a temporary folder with ``edition build`` and indexed with
``build_search_index`` (the build's "search index" stage). Checks: the index's shards (one per month)
cover every document page exactly once and nothing else, with the filters, metadata and sort key the
theme sets; chrome (downloads, citation) is not indexed; two runs are byte-identical; after an edit
only the edited page's shard is indexed again, the others are linked from the previous site (the
stage's stats say which); failures are one ``SearchIndexError`` line;
in Debian's chromium (Playwright, local server) typing "Khrushchev" on the search page lists links
to document pages, announced in a live region, and no request leaves 127.0.0.1.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from edition.build import build_command
from edition.search_index import SearchIndexError, build_search_index

ROOT = Path(__file__).resolve().parent.parent


def _build(tmp: Path) -> Path:
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    site = tmp / "site"
    assert build_command(content, site, quiet=True) == 0
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    site = _build(tmp_path_factory.mktemp("search"))
    return site, build_search_index(site)


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built[0]


@pytest.fixture(scope="module")
def api(site) -> dict:
    return json.loads((site / "api/documents.json").read_text(encoding="utf-8"))


def _shards(site: Path) -> list[str]:
    return [s["name"] for s in json.loads((site / "pagefind/shards.json").read_text(encoding="utf-8"))["shards"]]


def _fragments(site: Path) -> list[dict]:
    out = []
    for f in sorted((site / "pagefind").glob("*/fragment/*.pf_fragment")):
        raw = gzip.decompress(f.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        out.append(json.loads(raw[len(b"pagefind_dcd"):]))
    return out


def _citing_titles(page: str) -> list[str]:
    """The link texts of a document page's "Referred to by" list."""
    from lxml import html as lhtml
    tree = lhtml.fromstring(page)
    return [" ".join(a.text_content().split()) for a in tree.xpath("//h2[@id='cited-by']/following-sibling::ul[1]//a")]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_index_files_exist_and_cover_every_document_page(built, api):
    site, stats = built
    bundle = site / "pagefind"
    for name in ("shards.json", "pagefind-ui.js", "pagefind-ui.css"):
        assert (bundle / name).is_file(), name
    manifest = json.loads((bundle / "shards.json").read_text(encoding="utf-8"))
    names = [s["name"] for s in manifest["shards"]]
    assert names == sorted(names) == stats["shards"] == ["1962-10", "1962-11", "undated"]  # months
    assert stats["built"] == names and stats["reused"] == []
    docs = api["documents"]
    total = 0
    for shard in manifest["shards"]:
        folder = bundle / shard["name"]
        for name in ("pagefind-entry.json", "pagefind.js", "pagefind-worker.js", "wasm.en.pagefind"):
            assert (folder / name).is_file(), (shard["name"], name)
        assert list((folder / "index").glob("*.pf_index")) and list((folder / "filter").glob("*.pf_filter"))
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert (folder / f"pagefind.{entry['languages']['en']['hash']}.pf_meta").is_file()
        assert entry["languages"]["en"]["page_count"] == shard["pages"]
        assert stats["pagefind"] == entry["version"] == shard["pagefind"]
        total += shard["pages"]
        # A shard holds the pages of its month only.
    assert stats["pages"] == total == len(docs)
    assert stats["filters"] == 3 and stats["sorts"] == 1 and stats["words"] > 500
    assert stats["files"] > 10 and stats["bytes"] > 100_000 and stats["seconds"] > 0
    assert stats["search_page"] == "search/index.html"
    # Every document page in exactly one shard, the one of its month.
    seen: list[str] = []
    for name in names:
        for f in sorted((bundle / name / "fragment").glob("*.pf_fragment")):
            frag = json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd"):])
            seen.append(frag["url"])
            assert name == (frag["meta"]["date"][:7] if frag["meta"]["date"] != "undated" else "undated")
    assert sorted(seen) == sorted("/" + d["url"] for d in docs) and len(set(seen)) == len(seen)
    # Exactly the document pages: one fragment each, with their metadata and filters.
    fragments = {f["url"]: f for f in _fragments(site)}
    assert sorted(fragments) == sorted("/" + d["url"] for d in docs)
    furniture = cited = named = 0
    for d in docs:
        f = fragments["/" + d["url"]]
        assert f["meta"]["title"] == d["title"]
        assert f["meta"]["date"] == (d["date"] or "undated")
        assert f["filters"] == {"kind": [d["type"]], "year": [d["date"][:4] if d["date"] else "undated"],
                                "classification": [d["classification"] or "none"]}
        # The head and the text are in; the metadata panel (which repeats the head), the
        # downloads, the citation and the text's furniture (page-break markers) are not.
        text = f["content"]
        assert d["title"] in text
        assert d["source"] not in text and "About this document" not in text
        assert "Annotated Markdown" not in text and "Cite this page" not in text and "accessed" not in text
        page = (site / d["url"] / "index.html").read_text(encoding="utf-8")
        if 'class="pb"' in page:
            furniture += 1
            assert "[p. " not in text and "[page break]" not in text, d["url"]
        # What refers to the document is the citing documents' titles and words, searched on their
        # own pages; the names it gives, in the registers' form, are searched here.
        if 'id="cited-by"' in page:
            cited += 1
            assert "Referred to by" not in text, d["url"]
            assert not any(t in text for t in _citing_titles(page) if t not in d["title"]), d["url"]
        if 'id="named"' in page:
            named += 1
            assert "Named in this document" in text, d["url"]
    assert furniture > 0  # (the seeds have page breaks)
    assert cited > 0 and named > 0  # (and documents cited by others, and names)
    assert any("Khrushchev" in f["content"] for f in fragments.values())


def test_search_page_loads_the_ui_only_from_the_site(site):
    page = (site / "search/index.html").read_text(encoding="utf-8")
    assert '<script src="../pagefind/pagefind-ui.js"></script><script src="../js/search.js"></script>' in page
    assert '<link rel="stylesheet" href="../pagefind/pagefind-ui.css">' in page
    assert "built without its search" not in page and "<noscript>" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page.split("<footer")[0].split("</header>")[1])
    assert (site / "js/search.js").is_file()
    # Every page links to the search page from its header; no other page has a script.
    for file in site.rglob("*.html"):
        html = file.read_text(encoding="utf-8")
        assert re.search(r'<p class="site-search"><a href="([^"]*search/|\./)"', html), file
        if file != site / "search/index.html":
            assert "<script" not in html, file


def test_a_site_built_without_the_stage_has_no_script(tmp_path):
    """``mkdocs build`` alone (no search stage): the search page says so and loads nothing."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", project / "theme")
    shutil.copytree(ROOT / "content", project / "content")
    result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-d", str(tmp_path / "m")],
                            cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "m"
    if (site / "pagefind").exists():
        pytest.skip("this MkDocs build runs the search stage itself")
    page = (site / "search/index.html").read_text(encoding="utf-8")
    assert "<script" not in page and "pagefind" not in page.split("<main")[1].split("</main>")[0].replace(
        "data-pagefind-ignore", "")
    assert "built without its search" in page


def test_two_runs_are_byte_identical(site, tmp_path):
    """Same site → same pagefind/ and search page, byte for byte (also from a fresh build)."""
    again = tmp_path / "again"
    shutil.copytree(site, again)
    build_search_index(again)  # re-indexing an indexed site: idempotent
    assert _tree(again) == _tree(site)
    fresh = _build(tmp_path / "fresh")
    build_search_index(fresh)
    a, b = _tree(site / "pagefind"), _tree(fresh / "pagefind")
    assert sorted(a) == sorted(b)
    assert [n for n in a if a[n] != b[n]] == []
    assert (site / "search/index.html").read_bytes() == (fresh / "search/index.html").read_bytes()


@pytest.mark.parametrize("parallel", [False, True])
def test_the_build_plans_its_shards_by_what_its_renderers_wrote(tmp_path, monkeypatch, parallel):
    """The build plans the shards from what its render workers took of each page as they wrote it
    (``page_facts``): the same index as planning from the pages read back from disk."""
    from edition import pipeline, search_index
    if parallel:  # (the seeds are too few for worker processes otherwise)
        monkeypatch.setattr(pipeline, "PARALLEL_MIN", 1)
        monkeypatch.setattr(pipeline, "workers", lambda: 2)
    read_back = []
    plan = search_index._plan

    def spy(*args, **kwargs):
        read_back.append(args[6] if len(args) > 6 else kwargs.get("written"))
        return plan(*args, **kwargs)

    monkeypatch.setattr(search_index, "_plan", spy)
    site = _build(tmp_path)
    # every document page came with its facts: none was read back to plan the shards
    api = json.loads((site / "api/documents.json").read_text(encoding="utf-8"))
    assert len(read_back) == 1 and len(read_back[0]) == len(api["documents"])
    assert all(facts is not None for facts in read_back[0].values())
    monkeypatch.setattr(search_index, "_plan", plan)
    again = tmp_path / "again"
    shutil.copytree(site, again)
    build_search_index(again)
    assert _tree(again / "pagefind") == _tree(site / "pagefind")


def test_a_big_month_is_cut_at_day_boundaries(site, api, monkeypatch):
    """Shards hold ≤ MAX_PAGES pages (unless one day has more): a month is cut between days, every
    document page in exactly one shard."""
    import edition.search_index as search_index

    monkeypatch.setattr(search_index, "MAX_PAGES", 3)
    shards = search_index._plan(site, "salt")
    names = [s["name"] for s in shards]
    assert names == sorted(names) and names[0] == "1962-10.01" and "1962-11" in names
    pages = [p for s in shards for p in s["pages"]]
    assert sorted(pages) == sorted(d["url"] + "index.html" for d in api["documents"])
    days = [{p.split("/")[1][:10] for p in s["pages"]} for s in shards if s["name"].startswith("1962-10.")]
    assert len(days) > 1 and all(not (a & b) for i, a in enumerate(days) for b in days[i + 1:])
    assert len({s["pages_hash"] for s in shards}) == len(shards)


def test_a_month_is_cut_into_parts_of_about_equal_size():
    from edition.search_index import _cut

    def days(*counts):
        return [(f"d{i:02d}", f"p{i}-{k}", b"") for i, n in enumerate(counts) for k in range(n)]

    sizes = lambda parts: [len(p) for p in parts]
    assert sizes(_cut(days(*[1] * 607), 500)) == [304, 303]
    assert sizes(_cut(days(*[1] * 1001), 500)) == [334, 334, 333]
    assert sizes(_cut(days(*[1] * 500), 500)) == [500]
    # Cut between days only; a day larger than the limit is a part of its own.
    assert sizes(_cut(days(5, 5, 5), 8)) == [5, 5, 5]
    assert sizes(_cut(days(2, 12, 2), 8)) == [2, 12, 2]
    parts = _cut(days(3, 1, 4, 1, 5, 9, 2, 6), 10)
    assert [p for part in parts for p in part] == days(3, 1, 4, 1, 5, 9, 2, 6)
    assert all(len(p) <= 10 for p in parts) and len(parts) == 4
    # Never more parts than filling each to the limit (equal shares would make three here).
    assert sizes(_cut(days(12, 15, 1), 20)) == [12, 16]
    import random
    rng = random.Random(7)
    for _ in range(300):
        counts = [rng.randint(1, 30) for _ in range(rng.randint(2, 30))]
        limit = rng.randint(20, 80)
        parts = _cut(days(*counts), limit)
        assert [p for part in parts for p in part] == days(*counts)
        assert all(len(p) <= limit or len({x[0] for x in p}) == 1 for p in parts)
        filled, k, current = 0, 0, 0
        for n in counts:  # (fill-to-limit's part count)
            if current and current + n > limit:
                filled, current = filled + 1, 0
            current += n
        assert len(parts) <= filled + 1


def _edited_copy(site: Path, api: dict, new: Path, month: str) -> Path:
    """A copy of ``site`` at ``new`` without its index, one page of ``month`` edited (as a source edit
    changes its document's page: the word "Zyxwvut" added) → ``new``."""
    shutil.copytree(site, new)
    shutil.rmtree(new / "pagefind")
    doc = next(d for d in api["documents"] if (d["date"] or "").startswith(month))
    page = new / doc["url"] / "index.html"
    html = page.read_text(encoding="utf-8")
    page.unlink()  # the build writes a new file (the old one may be hard-linked elsewhere)
    page.write_text(html.replace("</h1>", "</h1><p>Zyxwvut emendation.</p>", 1), encoding="utf-8")
    return new


@pytest.mark.parametrize("memory", [True, False])
def test_an_edit_reindexes_only_its_shard(site, api, tmp_path, monkeypatch, memory):
    """A page edited (as a source edit changes its document's page): only its month's shard is indexed
    again; the others are linked from the previous site, and the result is what a clean run gives.
    With a folder in memory for Pagefind's output, the shard indexed again is made of links to the
    files of its last version that did not change; without one, Pagefind writes it in place."""
    monkeypatch.setenv("EDITION_MEMORY_DIR", str(tmp_path / "memory") if memory else str(tmp_path / "none"))
    (tmp_path / "memory").mkdir()
    month = "1962-10"  # (the seeds' biggest shard: its other pages' fragments stay the same)
    if not memory:  # (the shards of a site indexed in memory are all indexed again: another scratch)
        base = tmp_path / "base"
        shutil.copytree(site, base)
        build_search_index(base)
        site = base
    new = _edited_copy(site, api, tmp_path / "new", month)
    linked: list[str] = []  # (the scratch site Pagefind reads: symbolic links in memory, hard links beside the site)
    real_symlink = os.symlink
    monkeypatch.setattr(os, "symlink", lambda src, dst, *a, **k: linked.append(str(dst)) or real_symlink(src, dst, *a, **k))
    stats = build_search_index(new, previous=site)
    assert bool(linked) == memory and all(p.startswith(str(tmp_path / "memory")) for p in linked)
    assert stats["built"] == [month] and stats["reused"] == ["1962-11", "undated"]
    for name in stats["reused"]:
        assert _tree(new / "pagefind" / name) == _tree(site / "pagefind" / name)
        a, b = new / "pagefind" / name / "pagefind-entry.json", site / "pagefind" / name / "pagefind-entry.json"
        assert a.stat().st_ino == b.stat().st_ino  # linked, not indexed again
    assert _tree(new / "pagefind" / month) != _tree(site / "pagefind" / month)
    assert any("Zyxwvut" in f["content"] for f in _fragments(new))
    edited, last = new / "pagefind" / month, site / "pagefind" / month
    files = _tree(edited)
    shared = {rel for rel in files if (last / rel).is_file() and os.path.samefile(edited / rel, last / rel)}
    same = {rel for rel, data in files.items() if (last / rel).is_file() and (last / rel).read_bytes() == data}
    assert not list((tmp_path / "memory").iterdir())  # (nothing left in memory)
    if memory:
        assert shared == same and "wasm.en.pagefind" in shared and any(r.startswith("fragment/") for r in shared)
        assert len(shared) < len(files)  # (the edited page's fragment, the index chunks of its words…)
    else:
        assert not shared and same
    # The same as indexing the edited site from scratch.
    clean = tmp_path / "clean"
    shutil.copytree(new, clean)
    assert build_search_index(clean)["reused"] == []
    assert _tree(clean / "pagefind") == _tree(new / "pagefind")
    # Nothing changed: everything reused.
    again = build_search_index(clean, previous=new)
    assert again["built"] == [] and again["reused"] == ["1962-10", "1962-11", "undated"]
    assert _tree(clean / "pagefind") == _tree(new / "pagefind")


def test_an_edit_indexed_in_memory_falls_back_and_leaves_nothing_there(site, api, tmp_path, monkeypatch):
    """Pagefind's output in memory: when making the shard from it fails (memory full…), Pagefind runs
    again writing the shard itself, with the same result; and what a killed build of a site left in
    memory is removed by that site's next build, not another site's."""
    import edition.search_index as search_index
    from edition.build import _clear_memory
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setenv("EDITION_MEMORY_DIR", str(memory))
    new = _edited_copy(site, api, tmp_path / "new", "1962-10")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(search_index, "_materialize", full)
    stats = build_search_index(new, previous=site)
    assert stats["built"] == ["1962-10"] and not list(memory.iterdir())
    clean = tmp_path / "clean"
    shutil.copytree(new, clean)
    build_search_index(clean)
    assert _tree(clean / "pagefind") == _tree(new / "pagefind")
    # A killed build's leftovers: this site's go, another site's stay.
    mine = memory / (search_index._memory_prefix(site) + "abcdefgh")
    theirs = memory / (search_index._memory_prefix(tmp_path / "other") + "abcdefgh")
    for folder in (mine, theirs):
        (folder / "1962-10").mkdir(parents=True)
    _clear_memory(site)
    assert not mine.exists() and theirs.exists()


def test_a_source_edit_rebuilds_one_shard(tmp_path, monkeypatch):
    """End to end: ``edition build`` after editing one source passes the previous site to the stage."""
    import edition.search_index as search_index

    calls: list[dict] = []
    real = search_index.build_search_index
    monkeypatch.setattr(search_index, "build_search_index", lambda *a, **k: calls.append(real(*a, **k)) or calls[-1])
    monkeypatch.setenv("EDITION_CACHE", str(tmp_path / "cache"))
    # (the edition's date fixed: else, with the sources' copies older than today, the edit would
    # date the edition today and change every page's "built" line — every shard indexed again)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    site = _build(tmp_path)
    source = tmp_path / "content/sources/1962-11-23-deptel-usun-1359.txt"
    text = source.read_text(encoding="utf-8")
    assert "fruitless haggles" in text
    source.write_text(text.replace("fruitless haggles", "fruitless haggling", 1), encoding="utf-8")
    assert build_command(tmp_path / "content", site, quiet=True) == 0
    assert [c["reused"] for c in calls] == [[], ["1962-10", "undated"]]
    assert calls[1]["built"] == ["1962-11"]


def test_failures_are_one_line_errors(tmp_path, monkeypatch, site):
    with pytest.raises(SearchIndexError) as err:
        build_search_index(tmp_path / "nowhere")
    assert "\n" not in str(err.value) and err.value.code == "E013"
    copy = tmp_path / "copy"
    shutil.copytree(site, copy)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(SearchIndexError) as err:
        build_search_index(copy)
    assert "Pagefind failed" in str(err.value) and "\n" not in str(err.value)
    assert not (copy / "pagefind").exists()  # no half-written index


def test_a_search_stage_failure_during_the_build_leaves_the_site_as_it_was(tmp_path, monkeypatch, capsys):
    """The index is made while MkDocs writes the other pages; when Pagefind fails, the build says so
    in one line (E013), exits 1 and publishes nothing — in place or not."""
    monkeypatch.setenv("EDITION_CACHE", str(tmp_path / "cache"))
    site = _build(tmp_path)
    before = _tree(site)
    source = tmp_path / "content/sources/1962-11-23-deptel-usun-1359.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("fruitless haggles", "fruitless haggling", 1),
                      encoding="utf-8")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    capsys.readouterr()
    assert build_command(tmp_path / "content", site, quiet=True) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "error[E013]" in err[0] and "unchanged" in err[0]
    assert _tree(site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-") and p.is_dir()]  # no staging left behind


# -- in a browser -----------------------------------------------------------------------------------

def test_typing_a_name_lists_document_pages(context, server, api):
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server)
    page.locator(".site-search a").click()  # from the header of any page
    page.wait_for_url(re.compile(r"/search/$"))
    box = page.get_by_label("Words to find in the documents")  # the visible label names the input
    box.wait_for()
    box.click()
    page.keyboard.type("Khrushchev")
    links = page.locator("a.pagefind-ui__result-link")
    links.first.wait_for(timeout=10_000)
    expected = {d["id"] for d in api["documents"]}
    hrefs = [a.get_attribute("href") for a in links.all()]
    assert hrefs and all(re.fullmatch(r"/documents/[^/]+/(#[^#]+)?", h) and h.split("/")[2] in expected for h in hrefs), hrefs
    # The result count is announced (polite live region) once typing pauses.
    status = page.locator("#search-status")
    assert status.get_attribute("role") == "status"
    page.wait_for_function("document.getElementById('search-status').textContent.includes('Khrushchev')",
                           timeout=5_000)
    assert re.search(r"\d+ results? for Khrushchev", status.inner_text())
    assert "q=Khrushchev" in page.url  # shareable address
    # Keyboard: Tab from the box reaches a result; Enter opens the document.
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('pagefind-ui__result-link')"):
            break
    target = page.evaluate("document.activeElement.getAttribute('href')")
    assert target in hrefs
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(target) + "$"))
    assert page.locator("h1").inner_text() in {d["title"] for d in api["documents"]}
    assert not errors, errors
    assert requests and all(r.startswith(server) for r in requests)


MERGED = """async () => {
        const base = new URL('../pagefind/', location.href);
        const shards = (await (await fetch(new URL('shards.json', base))).json()).shards;
        // A module instance of our own (?merged): the page's UI has merged the shards into its own.
        // Merged once per page (the module stays loaded between calls).
        window.mergedHere = window.mergedHere || (async () => {
            const pf = await import(new URL(shards[0].name + '/pagefind.js?merged', base).href);
            for (const s of shards.slice(1)) await pf.mergeIndex(new URL(s.name + '/', base).pathname);
            return pf;
        })();
        const pf = await window.mergedHere;
        """


def test_filters_and_query_in_the_address_work(context, server, api, site):
    page = context.new_page()
    page.goto(server + "search/?q=Khrushchev")
    page.locator("a.pagefind-ui__result-link").first.wait_for(timeout=10_000)
    assert page.get_by_label("Words to find in the documents").input_value() == "Khrushchev"
    # The page's UI searches every shard (js/search.js merges them before handing the index over):
    # its count equals that of an index merged here, shard by shard.
    assert len(_shards(site)) >= 2
    merged = page.evaluate(MERGED + """return (await pf.search('Khrushchev')).results.length;
    }""")
    page.wait_for_function("/\\d+ results? for Khrushchev/.test("
                           "document.querySelector('.pagefind-ui__message').textContent)", timeout=10_000)
    shown = page.locator(".pagefind-ui__message").inner_text()
    assert re.match(rf"{merged} results? for Khrushchev", shown), (shown, merged)
    # The rewritten (reproducible) filter files load: counts per value match the API.
    filters = page.evaluate(MERGED + """return await pf.filters();
    }""")
    years: dict[str, int] = {}
    for d in api["documents"]:
        y = d["date"][:4] if d["date"] else "undated"
        years[y] = years.get(y, 0) + 1
    assert filters["year"] == years
    assert sum(filters["kind"].values()) == len(api["documents"])
    found = page.evaluate(MERGED + """
        const r = await pf.search(null, {sort: {date: 'asc'}, filters: {classification: 'SECRET'}});
        return Promise.all(r.results.map(async x => (await x.data()).url));
    }""")
    secret = [("/" + d["url"]) for d in api["documents"] if d["classification"] == "SECRET"]
    # Merged shards: every match, from every shard (Pagefind orders merged results by score).
    assert sorted(found) == sorted(secret) and len(found) == len(secret)


def test_a_query_in_the_address_loads_its_results_before_the_filters(context, server):
    """``search/?q=…``: the index files and the first results' texts are requested before the
    filter files (three per shard, which Pagefind's UI asks for first when left to itself): over
    HTTP/1.1 the first result would otherwise wait behind them. Without a query, the filters come
    first, before the reader can type."""
    page = context.new_page()
    order: list[str] = []
    page.on("request", lambda r: order.append(r.url.rsplit(".", 1)[-1]) if "/pagefind/" in r.url else None)
    page.goto(server + "search/?q=Khrushchev")
    links = page.locator("a.pagefind-ui__result-link")
    links.first.wait_for(timeout=10_000)
    page.wait_for_function("document.querySelector('.pagefind-ui__filter-panel, .pagefind-ui__filter-block')",
                           timeout=10_000)  # (the filter panel: its files were loaded)
    assert "pf_filter" in order and "pf_index" in order and "pf_fragment" in order, order
    first_filter = order.index("pf_filter")
    # (the UI's first page of results needed no text that had not been fetched before the filters)
    assert "pf_index" not in order[first_filter:] and "pf_fragment" not in order[first_filter:], order
    # Without ?q=, the filters are loaded before the search box is shown: typed words then do not
    # wait behind them.
    page = context.new_page()
    order.clear()
    page.on("request", lambda r: order.append(r.url.rsplit(".", 1)[-1]) if "/pagefind/" in r.url else None)
    page.goto(server + "search/")
    box = page.get_by_label("Words to find in the documents")
    box.wait_for()
    box.click()
    typed = len(order)
    page.keyboard.type("Khrushchev")
    page.locator("a.pagefind-ui__result-link").first.wait_for(timeout=10_000)
    assert "pf_filter" in order[:typed] and "pf_index" in order[typed:], order
    assert "pf_filter" not in order[typed:], order


def test_a_result_text_that_cannot_be_fetched_ahead_does_not_stop_search(context, server):
    """With ?q=, the page fetches the first results' texts before it starts the UI: one that fails
    (a file replaced meanwhile, a network error) must not make the page say search is unavailable."""
    page = context.new_page()
    aborted: list[str] = []

    def first_fails(route):
        if not aborted:
            aborted.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*.pf_fragment", first_fails)
    page.goto(server + "search/?q=Khrushchev")
    page.locator("a.pagefind-ui__result-link").first.wait_for(timeout=10_000)
    assert aborted
    assert not page.locator("#search-unavailable").is_visible()


@pytest.mark.parametrize("which", ["first", "last", "first, no query"])
def test_a_shard_that_cannot_be_loaded_is_said_not_waited_for(browser, site, tmp_path, which):
    """The first shard (the one the others are merged into) or another one missing: the page says
    search is not available, instead of "Loading the search index…" for ever — with a query in
    the address or without."""
    from browser_support import local_only_context, serve_site

    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    shards = _shards(copy)
    (copy / "pagefind" / shards[-1 if which == "last" else 0] / "pagefind-entry.json").unlink()
    with serve_site(copy) as url, local_only_context(browser, url) as ctx:
        page = ctx.new_page()
        page.goto(url + ("search/" if "no query" in which else "search/?q=Khrushchev"))
        notice = page.locator("#search-unavailable")
        notice.wait_for(state="visible", timeout=15_000)
        assert "could not be loaded" in notice.inner_text()
        assert not page.locator("#search-ui").is_visible()


def test_without_javascript_the_page_points_to_the_lists(browser, server):
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(server + "search/")
        assert "needs JavaScript" in page.locator("main").inner_text()
        assert not page.locator("#search-ui").is_visible()
        for name in ("list of documents", "persons", "places", "organizations", "terms"):
            href = page.get_by_role("link", name=name, exact=True).get_attribute("href")
            assert page.request.get(server + "search/" + href).ok, href
    finally:
        ctx.close()


def test_the_scratch_site_holds_exactly_each_shards_pages_and_reuses_their_folders(tmp_path, monkeypatch):
    """Pagefind reads each shard from a folder of links holding that shard's pages only; the folders
    of one shard are renamed for the next (none made once there are enough), whatever the layout:
    folders with several pages, pages beneath another page's folder, pages at the top; and a fill
    that fails half-way is undone by ``empty``."""
    import os

    from edition.search_index import _Scratch

    site = tmp_path / "site"
    every = ["documents/a/index.html", "documents/b/index.html", "documents/c/index.html",
             "x/index.html", "x/y/index.html", "two/p.html", "two/q.html", "top.html"]
    for rel in every:
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(rel, encoding="utf-8")
    scratch = _Scratch(str(tmp_path))
    made = []
    real_mkdir = os.mkdir
    monkeypatch.setattr(os, "mkdir", lambda path, *a, **k: (made.append(str(path)), real_mkdir(path, *a, **k)))

    def files(root: Path) -> dict[str, str]:
        return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*") if p.is_file()}

    shards = [every[:2] + ["x/index.html", "x/y/index.html", "two/p.html"],  # 6 folders
              ["documents/c/index.html", "two/q.html", "top.html", "x/index.html"],
              ["documents/b/index.html", "documents/c/index.html", "two/p.html"]]
    for k, pages in enumerate(shards):
        root = scratch.fill(pages, lambda rel: site / rel)
        assert files(root) == {rel: rel for rel in pages}
        assert all((root / rel).stat().st_ino == (site / rel).stat().st_ino for rel in pages)  # links
        assert len(made) == 6  # the first shard's folders, renamed for the later ones
        scratch.empty()
        assert not any(root.iterdir()) and files(site) == {rel: rel for rel in every}
    # A fill that fails half-way (a page's file missing) leaves nothing behind after ``empty``.
    with pytest.raises(OSError):
        scratch.fill(["documents/a/index.html", "documents/gone/index.html", "two/p.html"], lambda rel: site / rel)
    scratch.empty()
    assert not any(scratch.site.iterdir())
    assert files(scratch.fill(["documents/b/index.html"], lambda rel: site / rel)) == {"documents/b/index.html": "documents/b/index.html"}
    scratch.empty()
    # A copy that fails half-way (a file left behind) is undone too; a page path that is not plain
    # relative is refused before anything is placed.
    import edition.search_index as search_index

    def half_copy(source, target):
        Path(target).write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(search_index, "link_or_copy", half_copy)
    with pytest.raises(OSError):
        scratch.fill(["documents/c/index.html"], lambda rel: site / rel)
    scratch.empty()
    assert not any(scratch.site.iterdir()) and files(scratch.spare) == {}
    monkeypatch.undo()
    for bad in ("./documents/a/index.html", "documents//a/index.html", "documents/../top.html", "/top.html"):
        with pytest.raises(SearchIndexError, match="not a plain relative path"):
            scratch.fill([bad], lambda rel: site / rel)
        assert not any(scratch.site.iterdir())
    scratch.close()
    assert not scratch.root.exists() and files(site) == {rel: rel for rel in every}


def test_a_shard_indexed_in_a_reused_scratch_is_the_shard_indexed_alone(tmp_path):
    """Some file systems (tmpfs) list a folder's entries in the order they were made, and Pagefind's
    output follows it: a shard indexed after others in the same scratch (a clean build) must be the
    same bytes as that shard indexed alone (an incremental build that re-indexes only it)."""
    import tempfile

    shm = Path("/dev/shm")
    base = Path(tempfile.mkdtemp(dir=shm if shm.is_dir() and os.access(shm, os.W_OK) else tmp_path))
    try:
        def make(site: Path) -> None:
            site.mkdir(parents=True)
            (site / "index.html").write_text("<html><body>home</body></html>", encoding="utf-8")
            pages = [(f"{d}/{m}{x}.html", f"1962-{m}-01") for m in ("10", "11") for d in "zq" for x in "ab"]
            pages += [(f"{d}/index.html", "1962-12-01") for d in "amz"]  # the last shard, one page a folder
            for i, (rel, date) in enumerate(pages):
                (site / rel).parent.mkdir(parents=True, exist_ok=True)
                (site / rel).write_text(
                    f'<html lang="en"><body><article data-pagefind-body data-pagefind-sort="date:{date}">'
                    f'<h1 data-pagefind-meta="title">Doc {i}</h1><p>w{i} missile {"alpha beta " * (i % 4)}</p>'
                    f"</article></body></html>", encoding="utf-8")

        make(base / "clean")
        build_search_index(base / "clean")
        make(base / "again")
        shutil.rmtree(base / "clean" / "pagefind" / "1962-12")
        stats = build_search_index(base / "again", previous=base / "clean")
        assert stats["built"] == ["1962-12"] and stats["reused"] == ["1962-10", "1962-11"]
        make(base / "clean2")
        build_search_index(base / "clean2")
        assert _tree(base / "clean2" / "pagefind" / "1962-12") == _tree(base / "again" / "pagefind" / "1962-12")
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_a_full_memory_folder_falls_back_to_a_scratch_beside_the_site(site, api, tmp_path, monkeypatch):
    """The scratch site Pagefind reads is made of symbolic links in memory. When the memory folder
    is full, the shard is indexed from hard links beside the site instead, and its input says so:
    the index is the one a build without a memory folder makes, byte for byte, and the next build
    with room in memory indexes that shard again rather than reusing it. A relative memory folder
    works too (Pagefind runs in a folder of its own)."""
    import errno
    month = "1962-10"
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("EDITION_MEMORY_DIR", "memory")  # (relative)
    new = _edited_copy(site, api, tmp_path / "new", month)
    real_symlink = os.symlink

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "symlink", full)
    stats = build_search_index(new, previous=site)
    assert stats["built"] == [month] and not list(memory.iterdir())
    monkeypatch.setenv("EDITION_MEMORY_DIR", str(tmp_path / "none"))
    without = tmp_path / "without"
    shutil.copytree(new, without)
    build_search_index(without)
    assert _tree(without / "pagefind" / month) == _tree(new / "pagefind" / month)
    inputs = {s["name"]: s["input"] for s in json.loads((new / "pagefind" / "shards.json").read_text())["shards"]}
    assert inputs[month] == {s["name"]: s["input"] for s in
                             json.loads((without / "pagefind" / "shards.json").read_text())["shards"]}[month]
    # Memory back: the shard made beside the site is indexed again, in memory; the result is a clean
    # build's in memory.
    monkeypatch.setattr(os, "symlink", real_symlink)
    monkeypatch.setenv("EDITION_MEMORY_DIR", "memory")
    again = tmp_path / "again"
    shutil.copytree(new, again)
    stats = build_search_index(again, previous=new)
    assert month in stats["built"]
    clean = tmp_path / "clean"
    shutil.copytree(new, clean)
    build_search_index(clean)
    assert _tree(again / "pagefind") == _tree(clean / "pagefind")
