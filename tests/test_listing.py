"""Long lists split into pages (edition/listing.py) and its two users: the documents list
(pages.documents_month_pages) and the register pages (register_pages). A small ``limit`` stands in
for a big corpus: every row appears exactly once across the pages, no page holds more than
``limit`` rows, every pager and table link resolves, no address can be a document's or an entry's,
and an entry's page does not grow with the documents naming it."""

from __future__ import annotations

import posixpath
import re

import lxml.html as lhtml
import pytest

from apparatus_helpers import doc_of
from edition import urls
from edition.listing import Listing, pages, split
from edition.model import EditionInfo, Name, Text
from edition.pages import documents_index_markdown, documents_month_pages
from edition.register_pages import register_pages
from edition.registers import Entry, Registers

# Rows: (date, id). October 27 alone has 7 rows (parts at limit 3), November 3, undated 4.
# A date without a day ("1962-10") sorts before the month's first day.
ROWS = ([("1962-09-30", "a"), ("1962-10", "d")] + [(f"1962-10-{d:02d}", f"b{d}") for d in (1, 2, 3)]
        + [("1962-10-27", f"c{i}") for i in range(7)] + [("1962-10-28", "e")]
        + [("1962-11-01", f"f{i}") for i in range(3)] + [(None, f"u{i}") for i in range(4)])

DOC_ID = re.compile(r"^(\d{4}-\d{2}-\d{2}-|undated-)")


def _leaves(root: Listing) -> list[Listing]:
    return [p for p in pages(root) if not p.parts] or [root]


def _resolve(here: str, href: str) -> str:
    path = posixpath.normpath(posixpath.join(here, href))
    return "" if path == "." else path.rstrip("/") + "/"


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 100])
def test_every_row_once_no_page_over_limit_and_addresses_below_the_list(limit):
    root = split(ROWS, "documents/", lambda r: r[0], "All months", limit)
    leaves = _leaves(root)
    assert [row for p in leaves for row in p.rows] == ROWS  # each row once, in order
    assert all(len(p.rows) <= limit for p in leaves)
    all_pages = list(pages(root))
    assert len({p.url for p in all_pages}) == len(all_pages)
    for p in all_pages:
        assert p.url.startswith("documents/") and p.url.endswith("/")
        first = p.url[len("documents/"):].split("/")[0]
        assert re.fullmatch(r"\d{4}-\d{2}|undated", first), p.url  # never a document id
        assert not DOC_ID.match(first)
        assert sum(c.count for c in p.parts) in (0, p.count)
    if limit >= len(ROWS):
        assert not root.parts


def test_months_then_days_then_parts():
    root = split(ROWS, "documents/", lambda r: r[0], "All months", 3)
    assert [p.url for p in root.parts] == ["documents/1962-09/", "documents/1962-10/", "documents/1962-11/",
                                           "documents/undated/"]
    october = root.parts[1]
    assert [p.url for p in october.parts] == ["documents/1962-10/no-day/", "documents/1962-10/01/",
                                              "documents/1962-10/02/", "documents/1962-10/03/",
                                              "documents/1962-10/27/", "documents/1962-10/28/"]
    assert october.parts[0].label == "October 1962, day not known"
    day = october.parts[4]
    assert (day.label, day.datetime) == ("October 27, 1962", "1962-10-27")
    assert [(p.url, p.count, p.heading) for p in day.parts] == [
        ("documents/1962-10/27/1/", 3, "October 27, 1962, part 1 of 3"),
        ("documents/1962-10/27/2/", 3, "October 27, 1962, part 2 of 3"),
        ("documents/1962-10/27/3/", 1, "October 27, 1962, part 3 of 3")]
    assert [p.url for p in root.parts[3].parts] == ["documents/undated/1/", "documents/undated/2/"]
    assert not root.parts[2].parts  # November: 3 rows, one page


def test_a_long_month_of_a_register_entry_is_cut_into_parts_not_days():
    """by_day=False (register entries): a month over the limit becomes numbered parts of at most
    ``limit`` rows, each labelled with the days it covers — not a page per day."""
    root = split(ROWS, "persons/x/", lambda r: r[0], "X", 3, by_day=False)
    october = root.parts[1]
    assert [(p.url, p.count, p.label) for p in october.parts] == [
        ("persons/x/1962-10/1/", 3, "Part 1 of 4"),  # (begins with the undated-day row "1962-10")
        ("persons/x/1962-10/2/", 3, "Part 2 of 4: October 3–27"),
        ("persons/x/1962-10/3/", 3, "Part 3 of 4: October 27"),
        ("persons/x/1962-10/4/", 3, "Part 4 of 4: October 27–28")]
    assert [row for p in october.parts for row in p.rows] == october.rows


def _pages_by_url(generated: list[tuple[str, str]]) -> dict[str, lhtml.HtmlElement]:
    out = {}
    for uri, text in generated:
        assert uri.endswith("index.md")
        out[uri[: -len("index.md")]] = lhtml.fromstring(text.split("\n---\n", 1)[1])
    return out


def _info() -> EditionInfo:
    import dataclasses
    fields = {f.name: "" for f in dataclasses.fields(EditionInfo)
              if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
    return EditionInfo(**{**fields, "title": "T", "version": "1", "build_date": "2024-01-01"})


def _docs():
    docs = []
    for date, rid in ROWS:
        doc_id = f"{date}-doc-{rid}" if date and len(date) == 10 else f"undated-doc-{rid}"
        docs.append(doc_of("text", id=doc_id, date=date))
    return docs


def test_documents_list_pages_with_a_small_limit():
    docs = _docs()
    generated = documents_month_pages(_info(), docs, limit=3)
    index_text = documents_index_markdown(_info(), docs, limit=3)
    by_url = _pages_by_url(generated + [("documents/index.md", index_text)])
    doc_urls = {urls.document_url(d.id) for d in docs}
    linked: list[str] = []
    for url, tree in by_url.items():
        for href in tree.xpath("//a/@href"):
            target = _resolve(url, href)
            assert target in by_url or target in doc_urls, (url, href)
        rows = tree.xpath("//table/tbody/tr")
        doc_links = [_resolve(url, h) for h in tree.xpath("//table/tbody/tr/td[3]/a/@href")]
        if doc_links:
            assert len(rows) == len(doc_links) <= 3
            linked += doc_links
        if url != "documents/":
            navs = tree.xpath("//nav[@class='pager']")
            assert len(navs) == 2 and navs[0].get("aria-label")
    assert sorted(linked) == sorted(doc_urls) and len(linked) == len(docs)  # each document once
    # The index lists months; read in its order, page by page, the documents come in edition order.
    months = [_resolve("documents/", h) for h in by_url["documents/"].xpath("//table//a/@href")]
    assert months == ["documents/1962-09/", "documents/1962-10/", "documents/1962-11/", "documents/undated/"]
    # Pagers: next of one page is the page whose prev points back (same level).
    day27 = by_url["documents/1962-10/27/"]
    assert day27.xpath("//nav[@class='pager'][1]/a[@rel='prev']/@href") == ["../03/"]
    assert day27.xpath("//nav[@class='pager'][1]/a[@rel='next']/@href") == ["../28/"]
    assert by_url["documents/1962-10/28/"].xpath("//nav[@class='pager'][1]/a[@rel='prev']/@href") == ["../27/"]
    assert by_url["documents/1962-10/27/3/"].xpath("//nav[@class='pager'][1]/a[@rel='next']/@href") == ["../../28/"]
    assert by_url["documents/1962-10/27/2/"].xpath("//nav[@class='pager'][1]/a/text()") == [
        "← Part 1 of 3", "October 27, 1962: all parts", "Part 3 of 3 →"]
    # The first day of a month goes back to the month before.
    assert by_url["documents/1962-10/no-day/"].xpath("//nav[@class='pager'][1]/a[@rel='prev']/@href") == ["../../1962-09/"]
    assert by_url["documents/1962-10/28/"].xpath("//nav[@class='pager'][1]/a[@rel='next']/@href") == ["../../1962-11/"]
    assert by_url["documents/1962-10/"].xpath("//table//time/@datetime")[:2] == ["1962-10-01", "1962-10-02"]
    assert by_url["documents/1962-10/"].xpath("//table//th/text()") == ["Day", "Documents"]
    assert by_url["documents/1962-09/"].xpath("//nav[@class='pager'][1]/a[not(@rel)]/text()") == ["All months"]


def _register(n_docs: int, limit: int, months=("1962-09", "1962-10", "1962-11")):
    entry = Entry("kennedy-john-f", "person", "Kennedy, John F.", role="President",
                  description="President of the *United States*. <script>alert(1)</script>")
    others = [Entry(f"person-{i:02d}", "person", name) for i, name in
              enumerate(["Adams, A.", "Ball, G.", "Bundy, M.", "Castro, F.", "Élysée, É.", "1st Person"])]
    registers = Registers(entries={e.id: e for e in [entry, *others]})
    name = Name((Text("Kennedy"),), "person", "kennedy-john-f")
    docs = [doc_of(inlines=[name], id=f"{months[i % len(months)]}-{1 + i % 28:02d}-doc-{i}",
                   date=f"{months[i % len(months)]}-{1 + i % 28:02d}") for i in range(n_docs)]
    return registers, docs, register_pages(registers, docs, limit=limit)


def test_register_entry_page_does_not_grow_with_its_documents():
    _, small_docs, small = _register(12, limit=5)
    _, big_docs, big = _register(240, limit=5)
    page_small, page_big = small["persons/kennedy-john-f/index.md"], big["persons/kennedy-john-f/index.md"]
    for page in (page_small, page_big):
        assert "documents/" not in page  # no document rows: a table of months
        assert 'href="1962-10/"' in page
    assert len(page_big) - len(page_small) <= 10  # only the counts grow
    # Every document naming the entry is on exactly one of its pages, no page over the limit.
    by_url = _pages_by_url(list(big.items()))
    linked = []
    for url, tree in by_url.items():
        if not url.startswith("persons/kennedy-john-f/"):
            continue
        for href in tree.xpath("//a/@href"):
            target = _resolve(url, href)
            assert target in by_url or target.startswith("documents/"), (url, href)
        rows = [_resolve(url, h) for h in tree.xpath("//table[@class='mentions']/tbody/tr/td[2]/a/@href")]
        assert len(rows) <= 5
        linked += rows
    assert sorted(linked) == sorted(urls.document_url(d.id) for d in big_docs)
    # The month pages are titled by the entry and link up to its page.
    oct_page = big["persons/kennedy-john-f/1962-10/index.md"]
    assert '<h1>Kennedy, John F.: October 1962</h1>' in oct_page
    assert '<a href="../">Kennedy, John F.</a>' in oct_page
    # A short list stays on the entry page.
    _, _, short = _register(4, limit=5)
    assert short["persons/kennedy-john-f/index.md"].count('<tr><td><time datetime="') == 4
    assert not any(k.startswith("persons/kennedy-john-f/1962") for k in short)


def test_register_description_is_markdown_with_html_escaped():
    _, _, out = _register(1, limit=5)
    page = out["persons/kennedy-john-f/index.md"]
    assert "<p>President of the <em>United States</em>. &lt;script&gt;alert(1)&lt;/script&gt;</p>" in page
    assert "<script>" not in page


def test_register_index_by_initial_past_the_limit():
    registers, _, out = _register(3, limit=3)
    index = lhtml.fromstring(out["persons/index.md"].split("\n---\n", 1)[1])
    letters = [_resolve("persons/", h) for h in index.xpath("//table//a/@href")]
    assert letters == ["persons/by-name/a/", "persons/by-name/b/", "persons/by-name/c/", "persons/by-name/e/",
                       "persons/by-name/k/", "persons/by-name/other/"]
    listed = []
    for url in letters:
        tree = lhtml.fromstring(out[url + "index.md"].split("\n---\n", 1)[1])
        assert tree.xpath("//nav[@class='letters']//a[@aria-current='page']/text()")
        for href in tree.xpath("//a/@href"):
            target = _resolve(url, href)
            assert target + "index.md" in out, (url, href)
        listed += [_resolve(url, h) for h in tree.xpath("//table/tbody/tr/td[1]/a/@href")]
    assert sorted(listed) == sorted(urls.register_url("person", e) for e in registers.entries)
    # Letter pages are below by-name/, never where an entry's page is.
    entry_pages = {urls.page_src_uri(urls.register_url("person", e)) for e in registers.entries}
    assert not entry_pages & {u + "index.md" for u in letters}
    # A register within the limit stays one page.
    _, _, small = _register(3, limit=50)
    assert not any("/by-name/" in k for k in small)
