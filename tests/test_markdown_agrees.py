"""The Markdown agrees with the API, the TEI and itself: model → Markdown → parsed back.

- Site level (seed edition built once): each ``markdown/<id>.md`` parsed with markdown-it-py and
  YAML has the API's metadata as front matter, and links in its body to exactly the documents its
  references target and the register entries its TEI names.
- Writer level (``tests/sample_docs.py``): every node type shows as its mark when rendered by
  Python-Markdown as MkDocs configures it; transcribed text never turns into Markdown syntax
  (property test over the characters Markdown gives meaning to).
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lhtml
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from edition.build import build_command
from edition.markdown_page import document_markdown
from edition.model import Paragraph, Section, Span, Text, Witness
from sample_docs import sample_info, sample_memo, sample_telegram

ROOT = Path(__file__).resolve().parent.parent
TEI = "{http://www.tei-c.org/ns/1.0}"
EXTENSIONS = ["footnotes", "tables", "attr_list", "md_in_html", "toc"]  # as in mkdocs.yml


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    dst = tmp_path_factory.mktemp("c") / "content"
    shutil.copytree(ROOT / "content", dst)
    return dst


@pytest.fixture(scope="module")
def site(content, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("s") / "site"
    assert build_command(content, out, quiet=True) == 0
    return out


def split(text: str) -> tuple[dict, str]:
    m = re.match(r"---\n(.*?\n)---\n", text, re.S)
    assert m, "no front matter"
    return yaml.safe_load(m.group(1)), text[m.end():]


def md_links(body: str) -> list[str]:
    md = MarkdownIt("commonmark").use(footnote_plugin)
    out = []
    for tok in md.parse(body):
        for child in tok.children or ():
            if child.type == "link_open":
                out.append(str(child.attrGet("href")))
    return out


def to_site(at: str, href: str) -> str:
    """A link in the Markdown published at ``at`` → a site-root-relative URL (or the absolute URL)."""
    if "://" in href:
        return href
    return posixpath.normpath(posixpath.join(posixpath.dirname(at), href)) + ("/" if href.endswith("/") else "")


def test_front_matter_equals_the_api(site):
    api = json.loads((site / "api/documents.json").read_text(encoding="utf-8"))
    for record in api["documents"]:
        meta, body = split((site / record["markdown"]).read_text(encoding="utf-8"))
        for key, value in record.items():
            if key in ("url", "tei", "markdown"):
                continue
            assert meta[key] == value, f"{record['id']}: {key}"
        assert meta["edition_version"] == api["edition"]["version"]
        assert meta["build_date"] == api["edition"]["build_date"]
        assert meta["stable_url"] == api["edition"]["base_url"] + record["url"]
        assert body.strip(), record["id"]


def test_the_page_source_is_the_download_up_to_its_links(site):
    """The rendered page and the download come from the same Markdown: same front matter, same text."""
    api = json.loads((site / "api/documents.json").read_text(encoding="utf-8"))
    for record in api["documents"]:
        meta, _ = split((site / record["markdown"]).read_text(encoding="utf-8"))
        page = lhtml.fromstring((site / record["url"] / "index.html").read_bytes())
        assert page.xpath("string(//h1)").strip() == meta["title"]


def test_links_in_the_body_are_the_references_and_the_tei_agrees(site):
    api = json.loads((site / "api/documents.json").read_text(encoding="utf-8"))
    base = api["edition"]["base_url"]
    ids = {d["id"] for d in api["documents"]}
    names_checked = 0
    for record in api["documents"]:
        meta, body = split((site / record["markdown"]).read_text(encoding="utf-8"))
        links = [to_site(record["markdown"], h) for h in md_links(body)]
        # Document links: exactly the targets of the references (outside URLs as they are).
        doc_links = {l for l in links if l.startswith("documents/") or "://" in l}
        cited_by = {l for l in doc_links if not l.startswith("http")} - {
            f"documents/{r['target']}/" for r in meta["references"] if r["target"] in ids}
        expected = {f"documents/{r['target']}/" if r["target"] in ids else r["target"]
                    for r in meta["references"] if r["target"]}
        body_refs = doc_links - (cited_by if "## Referred to by" in body else set())
        assert body_refs == expected, record["id"]
        # Every link resolves to a file of the site.
        for link in links:
            if "://" not in link:
                assert (site / link / "index.html").is_file() or (site / link).is_file(), f"{record['id']}: {link}"
        # The TEI says the same: ref/@target and the register URLs of persName/placeName/orgName/term.
        tei = etree.parse(str(site / record["tei"]))
        text = tei.find(f"{TEI}text")
        tei_targets = {t[len(base):] if t.startswith(base) else t for t in text.xpath(".//t:ref/@target",
                       namespaces={"t": TEI[1:-1]})}
        assert {l for l in doc_links if l in expected} == {t for t in tei_targets if t.startswith("documents/")
                                                         or "://" in t}, record["id"]
        tei_names = {t[len(base):] for t in text.xpath(
            ".//t:persName/@ref | .//t:placeName/@ref | .//t:orgName/@ref | .//t:term/@ref",
            namespaces={"t": TEI[1:-1]}) if t.startswith(base)}
        text_part, _, named_part = body.partition("## Named in this document")
        text_links = [to_site(record["markdown"], h) for h in md_links(text_part)]
        md_names = {l for l in text_links if l.split("/")[0] in ("persons", "places", "organizations", "terms")}
        assert md_names == tei_names, record["id"]
        # The document's index of names lists every register entry the text names, and the persons
        # the heading names (drafter, clearances), each once.
        index = {to_site(record["markdown"], h) for h in md_links(named_part.split("\n## ", 1)[0])}
        assert md_names <= index, record["id"]
        assert {f"persons/{p}/" for p in meta["persons"] if (site / "persons" / p).is_dir()} <= index, record["id"]
        names_checked += len(md_names)
        # Metadata in the TEI header.
        assert tei.xpath("string(//t:title[@type='main'])", namespaces={"t": TEI[1:-1]}) == meta["title"]
        assert tei.xpath("string(//t:idno[@type='stable'])", namespaces={"t": TEI[1:-1]}) == meta["id"]
    assert names_checked > 10  # the seeds name people, places and organizations


# --------------------------------------------------------------------------------------------
# Writer level
# --------------------------------------------------------------------------------------------


def render(text: str) -> lhtml.HtmlElement:
    _, body = split(text)
    return lhtml.fromstring(f"<div>{markdown.markdown(body, extensions=EXTENSIONS)}</div>")


TITLES = {"1962-10-27-deptel-moscow-1015": "Telegram From the Department of State to the Embassy in the Soviet Union",
          "1962-10-28-polto-circular-12": "Telegram From Paris", "1962-10-26-memo-rusk-president": "Memorandum"}


def test_every_node_type_shows_its_mark():
    info = sample_info()
    tel = document_markdown(sample_telegram(), info, TITLES, registers={("person", "khrushchev-nikita")},
                            cited_by=[("1962-10-26-memo-rusk-president", "your telegram")])
    page = render(tel)
    assert [h.get("id") for h in page.xpath("//h2")] == ["w1", "w2", "comparison", "stamps", "cited-by", "named"]
    assert [h.get("id") for h in page.xpath("//h3")] == ["w1-s1", "w1-s2", "comparison-s1", "comparison-s2"]
    link = page.xpath("//a[text()='CIRC 744']")[0]
    assert link.get("href") == "../1962-10-27-deptel-moscow-1015/" and "Soviet Union" in link.get("title")
    assert page.xpath("//span[@class='ref' and text()='POLTO 512']")  # not in this edition: not linked
    assert page.xpath("//a[text()='KHRUSHCHEV']/@href") == ["../../persons/khrushchev-nikita/"]
    assert "EVALUATION" in page.text_content()  # the line-end hyphen joined
    assert page.xpath("//span[@class='gap' and text()='[withheld]']")
    withheld = page.xpath("//span[@class='gap withheld']")
    assert withheld and "(b)(1)" in withheld[0].text_content()
    notes = page.xpath("//div[@class='footnote']//li")
    assert len(notes) == 2 and "Freedom of Information Act" in notes[0].text_content()
    assert page.xpath("//span[@class='pb' and @id='w1-p2' and text()='[p. 2]']")
    assert page.xpath("//span[@class='fw fw-header']") and page.xpath("//span[@class='fw fw-catch']")
    assert page.xpath("//span[contains(@class,'stamp')]")
    debris = page.xpath("//span[@class='debris']")
    assert debris and "OCR debris" in debris[0].text_content()
    items = page.xpath("//ul[li/span[@class='n']]//li")
    assert [li.xpath("string(span[@class='n'])") for li in items] == ["1.", "(a)"]
    assert page.xpath("//ul/li/ul/li")  # (a) nested under 1.
    assert page.xpath("//span[@class='signature' and text()='FINLETTER']")
    assert page.xpath("//span[@class='doc-note']")
    assert page.xpath("//a[@href='../1962-10-26-memo-rusk-president/']")  # referred to by

    memo = render(document_markdown(sample_memo(), info, TITLES))
    assert memo.xpath("//span[@class='corr' and text()='Negotiations']/@title") == ["as read: Megotistions (OCR misreading)"]
    assert memo.xpath("//del[text()='letter']") and memo.xpath("//ins[@class='above' and text()='XXXXXX']")
    assert memo.xpath("//u[text()='great']") and memo.xpath("//strong[text()='00829']")
    assert memo.xpath("//span[@class='hand' and text()='disseminated 11/9/62']")
    assert memo.xpath("//span[@class='gap illegible' and text()='[name illegible]']")
    quote = memo.xpath("//blockquote")
    assert quote and quote[0].xpath(".//span[@class='salute']") and quote[0].xpath(".//span[@class='signature']")
    assert memo.xpath("//span[@class='label' and text()='MEMORANDUM FOR THE PRESIDENT']")
    assert not memo.xpath("//h2")  # one witness, one section: no headings


def test_markdown_is_deterministic_and_links_relative_to_where_it_is_published():
    info, doc = sample_info(), sample_telegram()
    a = document_markdown(doc, info, TITLES)
    assert a == document_markdown(doc, info, TITLES)
    download = document_markdown(doc, info, TITLES, at="markdown/1962-10-28-polto-circular-12.md")
    assert "](../1962-10-27-deptel-moscow-1015/" in a
    assert "](../documents/1962-10-27-deptel-moscow-1015/" in download
    assert split(a)[0] == split(download)[0]


def _one_paragraph_doc(text: str):
    base = sample_memo()
    body = (Paragraph((Text(text),), Span(1, 1, 1, 1)),)
    w = Witness("w1", "Release", (Section(None, None, (), body, Span(1, 1, 1, 1)),), Span(1, 1, 1, 1))
    return base.__class__(**{**base.__dict__, "witnesses": (w,)})


TOKENS = list("abc 19.)#>-+*_=`[]()<>&;!|{}:~^\\\"'/\n") + ["&amp;", "&#42;", "[^1]", "<b>", "</u>", "{: .x}",
                                                          "    ", "1. ", "- ", "***", "<!--", "http://x.y"]
SPECIALS = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(SPECIALS)
def test_transcribed_text_never_becomes_markdown(text):
    """Whatever a transcription says, the page shows exactly that text (whitespace folded)."""
    folded = " ".join(text.split())
    if not folded:
        return
    md = document_markdown(_one_paragraph_doc(text), sample_info(), {})
    page = render(md)
    shown = " ".join(page.text_content().split())
    assert shown == folded
    assert not page.xpath(".//*[not(self::p)]"), lhtml.tostring(page)
    _, body = split(md)
    mdit = MarkdownIt("commonmark")
    assert [t.type for t in mdit.parse(body)] == ["paragraph_open", "inline", "paragraph_close"]
    other = lhtml.fromstring(f"<div>{mdit.render(body)}</div>")
    assert " ".join(other.text_content().split()) == folded


@settings(max_examples=200, deadline=None)
@given(SPECIALS, SPECIALS)
def test_items_and_multiline_stamps_show_their_text(item_text, stamp_text):
    """Numbered items and stamps (whose lines are kept) are as safe as paragraphs."""
    from edition.model import Item, Stamp

    base = sample_memo()
    sp = Span(1, 1, 1, 1)
    body = (Item("1.", (Text(item_text),), sp), Stamp("other", stamp_text, sp))
    w = Witness("w1", "Release", (Section(None, None, (), body, sp),), sp)
    page = render(document_markdown(base.__class__(**{**base.__dict__, "witnesses": (w,)}), sample_info(), {}))
    li = page.xpath("//ul/li")
    assert len(li) == 1 and " ".join(li[0].text_content().split()) == " ".join(f"1. {item_text}".split())
    stamps = page.xpath("//span[contains(@class,'stamp')]")
    if stamp_text.strip():
        assert len(stamps) == 1 and " ".join(stamps[0].text_content().split()) == " ".join(stamp_text.split())
        assert not stamps[0].xpath(".//*[not(self::br)]")
    else:
        assert not stamps


# --------------------------------------------------------------------------------------------
# The site's document pages are written as HTML directly (document_html) for speed: they must be
# what Python-Markdown makes of the Markdown page.
# --------------------------------------------------------------------------------------------


def canonical(fragment: str) -> str:
    """HTML → a canonical string: elements with sorted attributes, whitespace runs as one space."""
    root = lhtml.fragment_fromstring(fragment, create_parent="div")

    def walk(el) -> str:
        attrs = "".join(f' {k}="{" ".join(v.split())}"' for k, v in sorted(el.attrib.items()))
        inner = (el.text or "") + "".join(walk(c) + (c.tail or "") for c in el)
        return f"<{el.tag}{attrs}>{inner}</{el.tag}>"

    text = re.sub(r"\s+", " ", walk(root))
    return re.sub(r"\s*(</?(?:div|p|ul|ol|li|h\d|blockquote|hr)\b[^>]*>)\s*", r"\1", text)


def python_markdown(md_text: str) -> str:
    _, body = split(md_text)
    return markdown.markdown(body, extensions=EXTENSIONS)


def _agree(doc, titles, **kw) -> None:
    from edition.markdown_page import document_html
    expected = canonical(python_markdown(document_markdown(doc, sample_info(), titles, **kw)))
    assert canonical(document_html(doc, titles, **kw)) == expected


def test_the_site_page_marks_the_texts_furniture_as_not_searched():
    """Running heads and feet, catchwords, page-break markers and OCR debris carry Pagefind's
    ``data-pagefind-ignore`` on the site's page (and in the Markdown it is made from); stamps and
    the text do not. The comparison of releases, whose rows quote the releases' passages, is one
    section not searched at all."""
    from edition.markdown_page import document_html
    page = lhtml.fragment_fromstring(document_html(sample_telegram(), TITLES), create_parent="div")
    sections = page.xpath("//section[@data-pagefind-ignore='all']")
    assert [s.xpath("h2/@id") for s in sections] == [["comparison"]]
    assert sections[0].xpath(".//table") and not page.xpath("//table[not(ancestor::section)]")
    ignored = [el for el in page.xpath("//*[@data-pagefind-ignore]") if el.tag != "section"]
    classes = sorted({el.get("class").split()[0] for el in ignored})
    assert classes == ["debris", "fw", "pb"]
    assert {el.get("class") for el in ignored if "fw" in el.get("class")} >= {"fw fw-header", "fw fw-catch"}
    assert page.xpath("//*[contains(@class, 'stamp')]") and not page.xpath("//*[contains(@class, 'stamp')][@data-pagefind-ignore]")
    assert not page.xpath("//p[not(span)][@data-pagefind-ignore]")


def test_html_writer_agrees_with_python_markdown_on_the_samples():
    _agree(sample_telegram(), TITLES, registers={("person", "khrushchev-nikita")},
           cited_by=[("1962-10-26-memo-rusk-president", "your telegram")])
    _agree(sample_memo(), TITLES)


def test_html_writer_agrees_with_python_markdown_on_the_seeds():
    from edition.pages import load_corpus, register_predicate
    corpus = load_corpus(ROOT / "content")
    registers = register_predicate(corpus.extra)
    assert len(corpus.docs) >= 5
    for doc in corpus.docs:
        _agree(doc, corpus.titles, registers=registers, cited_by=corpus.cited_by.get(doc.id, ()))


@settings(max_examples=150, deadline=None)
@given(SPECIALS, SPECIALS)
def test_html_writer_agrees_on_any_text(text, stamp_text):
    from edition.model import Item, Stamp
    base = sample_memo()
    sp = Span(1, 1, 1, 1)
    body = (Paragraph((Text(text),), sp), Item("1.", (Text(text),), sp), Stamp("other", stamp_text, sp))
    w = Witness("w1", "Release", (Section(None, None, (), body, sp),), sp)
    _agree(base.__class__(**{**base.__dict__, "witnesses": (w,)}), {})


def test_document_pages_are_what_python_markdown_makes_of_the_markdown(site, content, tmp_path):
    """The whole seed site built the reference way (``fast_pages: false``: MkDocs converts each
    document's Markdown with Python-Markdown) has the same document text as the built site."""
    import subprocess
    import sys

    project = tmp_path / "project"
    project.mkdir()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      content: content\n" in config
    (project / "mkdocs.yml").write_text(config.replace("      content: content\n",
                                                       "      content: content\n      fast_pages: false\n"))
    shutil.copytree(ROOT / "theme", project / "theme")
    shutil.copytree(content, project / "content")
    import os
    # (this checkout's package, whichever one the environment's mkdocs would import)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-d", str(tmp_path / "ref")],
                            cwd=project, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    api = json.loads((site / "api/documents.json").read_text(encoding="utf-8"))
    assert api["documents"]
    for record in api["documents"]:
        ours = lhtml.fromstring((site / record["url"] / "index.html").read_bytes())
        ref = lhtml.fromstring((tmp_path / "ref" / record["url"] / "index.html").read_bytes())
        a, b = (t.xpath("//div[@class='doc-text']")[0] for t in (ours, ref))
        assert canonical(lhtml.tostring(a, encoding="unicode")) == canonical(lhtml.tostring(b, encoding="unicode"))
        assert ours.xpath("string(//aside)") == ref.xpath("string(//aside)")
    # The documents list is published without a Markdown conversion: the same as with one.
    ours, ref = (lhtml.fromstring((root / "documents" / "index.html").read_bytes()) for root in (site, tmp_path / "ref"))
    a, b = (t.xpath("//main")[0] for t in (ours, ref))
    assert canonical(lhtml.tostring(a, encoding="unicode")) == canonical(lhtml.tostring(b, encoding="unicode"))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.lists(st.text(max_size=8), max_size=3))
def test_front_matter_reads_back_any_value(subject, caveats):
    """Whatever a header says, the front matter (YAML) reads back exactly that string."""
    base = sample_memo()
    doc = base.__class__(**{**base.__dict__, "subject": subject, "caveats": tuple(caveats), "time": "20:00",
                            "number": "NO"})
    meta, _ = split(document_markdown(doc, sample_info(), {}))
    assert (meta["subject"], meta["caveats"], meta["time"], meta["number"]) == (subject, caveats, "20:00", "NO")
