"""The built site: seed edition → ``edition build`` → checks on the files a reader gets.

Built once per session into a temporary folder. Checks: every internal link and anchor resolves, no
page loads anything from another host, every document page has its panel, source lines, downloads
and citation, the documents list is in date order, the JSON API has its documented shape, builds
are byte-identical and ``mkdocs build`` gives the same site, bad input stops the build with a
``path:line:col`` message and leaves the previous site alone.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html as lhtml

from edition.build import build_command

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
BIN = Path(sys.executable).parent

API_DOC_KEYS = ["id", "url", "tei", "markdown", "title", "type", "direction", "date", "time", "date_text",
                "date_certainty", "date_not_before", "date_not_after", "place", "from", "to", "info", "number", "precedence", "classification",
                "caveats", "subject", "signers", "drafter", "clearances", "received", "received_date", "control",
                "source", "source_lines", "witnesses", "sections", "references", "persons"]


def build_site(content: Path, site: Path) -> int:
    return build_command(content, site, quiet=True)


@pytest.fixture(scope="session")
def content_copy(tmp_path_factory) -> Path:
    """The seed content, copied (with modification times, which date the build)."""
    dst = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(CONTENT, dst)
    return dst


@pytest.fixture(scope="session")
def site(content_copy, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    assert build_site(content_copy, out) == 0
    return out


@pytest.fixture(scope="session")
def api(site) -> dict:
    return json.loads((site / "api" / "documents.json").read_text(encoding="utf-8"))


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_url(site: Path, path: Path) -> str:
    """The site-root-relative URL of an HTML file (``documents/x/index.html`` → ``documents/x/``)."""
    rel = path.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def resolve(site: Path, base_url: str, href: str, root_path: str = "/") -> tuple[Path, str]:
    """A link on the page at ``base_url`` → (the file it names, its fragment)."""
    parts = urlsplit(href)
    path = unquote(parts.path)
    if path.startswith("/"):
        # Only 404.html uses root-absolute links (it is served at any depth): strip the site's path.
        assert path.startswith(root_path), f"absolute link {href} outside the site path {root_path}"
        target = path[len(root_path):]
    elif not path:
        target = base_url
    else:
        base_dir = base_url if base_url.endswith("/") else posixpath.dirname(base_url)
        joined = posixpath.normpath(posixpath.join(base_dir, path))
        assert not joined.startswith(".."), f"{href} on {base_url} leaves the site"
        target = "" if joined == "." else joined + ("/" if path.endswith("/") else "")
    file = site / target
    if target == "" or target.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file, parts.fragment


_ids_cache: dict[Path, set[str]] = {}


def ids_of(file: Path) -> set[str]:
    if file not in _ids_cache:
        tree = lhtml.fromstring(file.read_bytes())
        _ids_cache[file] = {e.get("id") for e in tree.iter() if e.get("id")} | \
                           {e.get("name") for e in tree.iter("a") if e.get("name")}
    return _ids_cache[file]


def test_every_internal_link_and_anchor_resolves(site, api):
    root_path = urlsplit(api["edition"]["base_url"]).path or "/"
    checked, broken = 0, []
    for file in html_files(site):
        tree = lhtml.fromstring(file.read_bytes())
        url = page_url(site, file)
        for el in tree.iter():
            for attr in ("href", "src"):
                value = el.get(attr)
                if value is None or not isinstance(el.tag, str):
                    continue
                if el.tag == "link" and el.get("rel") == "canonical":
                    continue  # the page's citable address on the published host
                if re.match(r"^[a-z][a-z0-9+.-]*:", value):
                    continue  # absolute (https:, mailto:) — checked in the next test
                target, fragment = resolve(site, url, value, root_path)
                checked += 1
                if not target.is_file():
                    broken.append(f"{file.relative_to(site)}: {attr}={value} → missing {target.relative_to(site)}")
                elif fragment and target.suffix == ".html" and fragment not in ids_of(target):
                    broken.append(f"{file.relative_to(site)}: {attr}={value} → no id {fragment!r}")
    assert checked > 100
    assert not broken, "\n".join(broken[:30])


def test_no_page_loads_anything_from_another_host(site):
    offenders = []
    for file in html_files(site):
        tree = lhtml.fromstring(file.read_bytes())
        scripts = tree.xpath("//script")
        if file.relative_to(site).as_posix() == "search/index.html":
            # Search is the one page that needs JavaScript (Pagefind, served from the site itself).
            assert scripts and all(sc.get("src") and not re.match(r"^(https?:)?//", sc.get("src")) for sc in scripts)
        else:
            assert not scripts, f"{file}: the edition needs no JavaScript outside search"
        for el in tree.xpath("//link | //img | //iframe | //source | //audio | //video | //embed | //object"
                             " | //track | //input | //use | //image | //script"):
            if el.tag == "link" and el.get("rel") in ("canonical", "license"):
                continue
            for attr in ("href", "src", "srcset", "data", "poster"):
                value = el.get(attr) or ""
                if re.search(r"(^|\s|,)(https?:)?//", value):
                    offenders.append(f"{file.relative_to(site)}: <{el.tag} {attr}={value}>")
        for style in tree.xpath("//style/text() | //@style"):
            if re.search(r"url\(\s*['\"]?(https?:)?//|@import", style):
                offenders.append(f"{file.relative_to(site)}: inline style loads {style}")
        # Absolute links are allowed only as plain <a> (the licence, outside editions).
        for el in tree.xpath("//*[@href or @src]"):
            value = el.get("href") or el.get("src")
            if re.match(r"^(https?:)?//", value) and el.tag not in ("a", "link"):
                offenders.append(f"{file.relative_to(site)}: <{el.tag}> points at {value}")
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import|@font-face", text), css
    assert not offenders, "\n".join(offenders)


def test_every_page_states_its_edition_version_and_build_date(site, api):
    ed = api["edition"]
    for file in html_files(site):
        tree = lhtml.fromstring(file.read_bytes())
        assert tree.xpath("string(//*[@class='edition-version'])") == ed["version"], file
        assert tree.xpath("string(//time[@class='build-date']/@datetime)") == ed["build_date"], file


def test_document_pages_have_panel_text_source_downloads_and_citation(site, api):
    docs = api["documents"]
    assert len(docs) >= 5
    for d in docs:
        file = site / d["url"] / "index.html"
        assert file.is_file(), d["url"]
        tree = lhtml.fromstring(file.read_bytes())
        assert tree.xpath("string(//h1)").strip() == d["title"]
        panel = tree.xpath("//aside[contains(@class,'doc-meta')]//dl")
        assert panel, f"{d['id']}: no metadata panel"
        labels = [dt.text_content().strip() for dt in panel[0].iter("dt")]
        assert {"Kind", "Date", "Source"} <= set(labels), labels
        if d["classification"]:
            assert "Classification" in labels and d["classification"] in panel[0].text_content()
        for key, label in (("from", "From"), ("to", "To"), ("number", "Number"), ("precedence", "Precedence"),
                           ("subject", "Subject"), ("received", "Received"), ("control", "Control"),
                           ("drafter", "Drafter")):
            if d[key]:
                assert label in labels, f"{d['id']}: {label} missing from the panel"
        first, last = d["source_lines"]
        assert tree.xpath("string(//*[@class='source-lines'])") == f"lines {first}–{last}"
        assert tree.xpath("string(//*[@class='source-file'])") == d["source"]
        for cls, key in (("download-tei", "tei"), ("download-markdown", "markdown")):
            hrefs = tree.xpath(f"//a[contains(@class,'{cls}')]/@href")
            assert len(hrefs) == 1, f"{d['id']}: {cls}"
            target, _ = resolve(site, d["url"], hrefs[0])
            assert target == site / d[key] and target.is_file()
        cite = tree.xpath("//section[contains(@class,'cite')]")
        assert cite and d["title"] in cite[0].text_content()
        assert api["edition"]["base_url"] + d["url"] in cite[0].text_content()
        assert api["edition"]["version"] in cite[0].text_content()
        text = tree.xpath("//div[@class='doc-text']")
        assert text and len(text[0].text_content().split()) > 5, f"{d['id']}: no text"
        assert len(tree.xpath("//h1")) == 1


def test_document_pages_are_not_in_the_site_navigation(site):
    tree = lhtml.fromstring((site / "index.html").read_bytes())
    nav = [a.text_content().strip() for a in tree.xpath("//nav[@aria-label='Site']//a")]
    assert nav == ["Home", "Documents", "About"]


def test_documents_list_is_in_date_order_with_undated_last(site, api):
    """The documents list: an index of months (documents/), each month a page of its documents (or
    of its days, each a page of documents, see test_listing.py); read in the index's order, the
    pages list every document in edition order, undated last."""
    index = lhtml.fromstring((site / "documents" / "index.html").read_bytes())
    months = index.xpath("//main//table//a/@href")
    assert months
    rows, pages = [], []

    def read(base: str, href: str) -> None:
        # A month too long for one page lists its days (a day its parts): follow them in order.
        file, _ = resolve(site, base, href)
        url = page_url(site, file)
        tree = lhtml.fromstring(file.read_bytes())
        parts = tree.xpath("//main//table[@class='days' or @class='parts']//a/@href")
        for sub in parts:
            read(url, sub)
        if not parts:
            pages.append(url)
            rows.extend((url, row) for row in tree.xpath("//table/tbody/tr"))

    for href in months:
        read("documents/", href)
    assert len(rows) == len(api["documents"])
    keys, seen_undated, linked = [], False, []
    for url, row in rows:
        when = row.xpath("string(.//time/@datetime)")
        if when:
            assert not seen_undated, "a dated document after an undated one"
            keys.append(when)
        else:
            seen_undated = True
            assert row.xpath("string(td[1])").strip() == "undated"
        hrefs = row.xpath(".//a/@href")
        assert len(hrefs) == 1
        linked.append(resolve(site, url, hrefs[0])[0])
    assert keys == sorted(keys)
    assert linked == [site / d["url"] / "index.html" for d in api["documents"]]
    undated = [d for d in api["documents"] if not d["date"]]
    assert undated and api["documents"][-len(undated):] == undated  # the seeds have undated documents
    assert pages[-1] == "documents/undated/"


def test_api_shape_and_values(site, api):
    ed = api["edition"]
    for key in ("title", "subtitle", "editors", "publisher", "version", "build_date", "licence", "licence_url",
                "base_url", "documents"):
        assert key in ed
    assert ed["documents"] == len(api["documents"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", ed["build_date"])
    ids = [d["id"] for d in api["documents"]]
    assert len(ids) == len(set(ids))
    order = [(d["date"] is None, d["date"] or "", d["time"] or "", d["id"]) for d in api["documents"]]
    assert order == sorted(order)
    for d in api["documents"]:
        assert list(d) == API_DOC_KEYS
        assert d["url"] == f"documents/{d['id']}/" and (site / d["url"] / "index.html").is_file()
        assert d["tei"] == f"tei/{d['id']}.xml" and (site / d["tei"]).is_file()
        assert d["markdown"] == f"markdown/{d['id']}.md" and (site / d["markdown"]).is_file()
        assert d["type"] in {"telegram", "memorandum", "letter", "airgram", "cover-sheet", "report", "other"}
        assert d["direction"] in {None, "incoming", "outgoing"}
        assert d["date"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", d["date"])
        assert d["time"] is None or re.fullmatch(r"\d{2}:\d{2}", d["time"])
        first, last = d["source_lines"]
        assert isinstance(first, int) and isinstance(last, int) and 1 <= first <= last
        assert (CONTENT / "sources" / d["source"]).is_file()
        assert isinstance(d["sections"], int) and d["sections"] >= 1
        assert d["witnesses"] and all(list(w) == ["id", "label", "review_date", "reviewer"] for w in d["witnesses"])
        for r in d["references"]:
            assert {"text", "target"} <= set(r)
            assert r["target"] is None or r["target"] in ids or r["target"].startswith(("http://", "https://"))
        for key in ("caveats", "signers", "persons", "info", "clearances"):
            assert isinstance(d[key], list) and all(isinstance(x, str) for x in d[key])
    telegram = next(d for d in api["documents"] if d["id"] == "1962-10-28-polto-circular-12")
    assert (telegram["type"], telegram["direction"], telegram["date"]) == ("telegram", "incoming", "1962-10-28")
    assert telegram["classification"] == "SECRET" and telegram["sections"] == 2 and len(telegram["witnesses"]) == 2


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _same(a: Path, b: Path) -> None:
    ta, tb = _tree(a), _tree(b)
    assert sorted(ta) == sorted(tb)
    differ = [name for name in ta if ta[name] != tb[name]]
    assert not differ, f"files differ: {differ[:10]}"


def test_two_builds_are_byte_identical(site, content_copy, tmp_path):
    again = tmp_path / "again"
    assert build_site(content_copy, again) == 0
    _same(site, again)


def test_mkdocs_build_at_the_root_gives_the_same_site(site, content_copy, tmp_path):
    """``mkdocs build`` with the repository's mkdocs.yml and ``edition build`` make the same files."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", project / "theme")
    shutil.copytree(content_copy, project / "content")
    result = subprocess.run([str(BIN / "mkdocs"), "build", "-q", "-d", str(tmp_path / "m")], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # The search index (Pagefind, which also fills the search page's slots) is a stage of
    # ``edition build`` after MkDocs, not of ``mkdocs build``: those files are left out.
    search = {"pagefind", "search/index.html"}
    ta, tb = ({k: v for k, v in _tree(root).items() if k.split("/")[0] not in search and k not in search}
              for root in (site, tmp_path / "m"))
    assert sorted(ta) == sorted(tb)
    assert [name for name in ta if ta[name] != tb[name]] == []


def test_edition_build_command_line(content_copy, tmp_path):
    result = subprocess.run([str(BIN / "edition"), "build", "--content", str(content_copy), "--site",
                             str(tmp_path / "s")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s" / "index.html").is_file()
    assert re.search(r"^\S+:\d+:\d+: warning\[W\d{3}\]: ", result.stderr, re.M)  # the seeds have warnings
    quiet = subprocess.run([str(BIN / "edition"), "build", "-q", "--content", str(content_copy), "--site",
                            str(tmp_path / "s")], capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stderr == ""
    # (the lock file beside the site, ``.site-<name>.lock``, stays: it is not a temporary folder)
    assert not [p for p in tmp_path.glob(".site-*") if not p.name.startswith(".site-old-") and p.is_dir()], \
        "temporary build folders left behind"
    assert (tmp_path / ".site-s.lock").is_file()
    # The replaced site is deleted by a detached process, soon after the build returns.
    deadline = time.monotonic() + 60
    while list(tmp_path.glob(".site-old-*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not list(tmp_path.glob(".site-old-*")), "the previous site was not deleted"


def test_bad_input_stops_the_build_and_keeps_the_previous_site(content_copy, tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(content_copy, content)
    site = tmp_path / "site"
    assert build_site(content, site) == 0
    before = _tree(site)
    empty = content / "sources" / "empty.txt"
    empty.write_bytes(b"")
    capsys.readouterr()
    assert build_command(content, site, quiet=True) == 1
    err = capsys.readouterr().err
    assert f"{empty}:1:1: error[E002]" in err
    assert "Traceback" not in err
    assert _tree(site) == before
    assert not [p for p in tmp_path.glob(".site-*") if p.is_dir()]
    # The command line says the same, in one line per problem, with exit status 1.
    result = subprocess.run([str(BIN / "edition"), "build", "--content", str(content), "--site", str(site)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert f"{empty}:1:1: error[E002]" in result.stderr and "Traceback" not in result.stderr
    assert _tree(site) == before
    check = subprocess.run([str(BIN / "edition"), "check", "--content", str(content)], capture_output=True,
                           text=True)
    assert check.returncode == 1 and f"{empty}:1:1: error[E002]" in check.stderr


def test_missing_content_folder_is_one_line_and_exit_1(tmp_path):
    result = subprocess.run([str(BIN / "edition"), "build", "--content", str(tmp_path / "nope"), "--site",
                             str(tmp_path / "site")], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "site").exists()


def test_mkdocs_build_on_bad_input_fails_without_touching_the_site(content_copy, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", project / "theme")
    shutil.copytree(content_copy, project / "content")
    (project / "content" / "sources" / "empty.txt").write_bytes(b"")
    (project / "site").mkdir()
    (project / "site" / "keep.html").write_text("previous")
    result = subprocess.run([str(BIN / "mkdocs"), "build", "-q"], cwd=project, capture_output=True, text=True)
    assert result.returncode != 0
    assert "empty.txt:1:1: error[E002]" in result.stderr and "Traceback" not in result.stderr
    assert (project / "site" / "keep.html").read_text() == "previous"


def test_any_folder_with_sources_builds(tmp_path):
    """No edition.yaml, no pages/: defaults, generated home and about pages."""
    content = tmp_path / "bare"
    (content / "sources").mkdir(parents=True)
    shutil.copy2(CONTENT / "sources" / "1962-11-23-deptel-usun-1359.txt", content / "sources")
    site = tmp_path / "site"
    assert build_site(content, site) == 0
    home = lhtml.fromstring((site / "index.html").read_bytes())
    assert home.xpath("string(//h1)") == "Untitled edition"
    assert (site / "about" / "index.html").is_file()
    api = json.loads((site / "api" / "documents.json").read_text())
    assert len(api["documents"]) >= 1
    for d in api["documents"]:
        assert (site / d["url"] / "index.html").is_file()


def test_site_folder_that_holds_the_content_is_refused(content_copy, tmp_path):
    content = tmp_path / "c"
    shutil.copytree(content_copy, content)
    assert build_command(content, tmp_path, quiet=True) == 1
    assert build_command(content, content, quiet=True) == 1
    assert (content / "sources").is_dir() and list((content / "sources").iterdir())


def test_a_build_stopped_by_sigterm_leaves_no_staging_and_a_killed_one_is_cleaned_up(tmp_path):
    """SIGTERM ends a build as Ctrl-C does (its staging folder removed, exit status 130); what a
    build killed outright (SIGKILL) left is deleted by the next build of the site."""
    import signal

    from edition.synth import synth_command

    content = tmp_path / "content"
    assert synth_command(300, 5, content) == 0
    site = tmp_path / "site"
    proc = subprocess.Popen([str(BIN / "edition"), "build", "-q", "--content", str(content), "--site", str(site)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not [p for p in tmp_path.glob(".site-site-*") if p.is_dir()] and time.monotonic() < deadline:
        time.sleep(0.05)  # (until the build has made its staging folder)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err
    assert not [p for p in tmp_path.glob(".site-site-*") if p.is_dir()] and not site.exists()
    stale = tmp_path / ".site-site-k1ll3d_x"
    (stale / "documents").mkdir(parents=True)
    other = tmp_path / ".site-mysite-abcdefgh"  # (another site's: not this build's to delete)
    other.mkdir()
    assert build_command(content, site, quiet=True) == 0
    deadline = time.monotonic() + 30
    while stale.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not stale.exists() and other.is_dir()
