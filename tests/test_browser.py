"""The built site in a real browser: Debian's chromium driven by Playwright over a local server.

A reader can go home → documents list → a document by clicking; no request leaves 127.0.0.1; pages
read the same with JavaScript off; basic accessibility holds (one h1, ``lang``, a working skip link,
visible focus, alt text, labelled controls, text contrast ≥ 4.5:1 from the computed CSS, no
sideways scrolling on a phone, the site's chrome left out in print).

Chromium must be ``/usr/bin/chromium`` (``python3 manage.py test`` installs Debian's package);
Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from edition.build import build_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("c") / "content"
    shutil.copytree(ROOT / "content", content)
    out = tmp_path_factory.mktemp("s") / "site"
    assert build_command(content, out, quiet=True) == 0
    return out


@pytest.fixture(scope="module")
def api(site) -> dict:
    return json.loads((site / "api/documents.json").read_text(encoding="utf-8"))


def test_home_to_documents_to_a_document_by_clicking(context, server, api):
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server)
    assert page.locator("h1").inner_text() == api["edition"]["title"]
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Documents").click()
    page.wait_for_url(re.compile(r"/documents/$"))
    assert page.locator("h1").inner_text() == "Documents"
    # The list is one page per month: open the first month, then its first document.
    page.locator("main table a").first.click()
    page.wait_for_url(re.compile(r"/documents/[^/]+/$"))
    first = api["documents"][0]
    page.get_by_role("link", name=first["title"], exact=True).first.click()
    page.wait_for_url(re.compile(re.escape(first["url"]) + "$"))
    assert page.locator("h1").inner_text() == first["title"]
    assert page.locator(".doc-meta").is_visible()
    # The download links work.
    for cls in ("download-tei", "download-markdown"):
        href = page.locator(f"a.{cls}").get_attribute("href")
        response = page.request.get(page.url + href)
        assert response.ok, href
    # Back home through the site title.
    page.locator(".site-title a").click()
    page.wait_for_url(server)
    assert requests and all(r.startswith(server) for r in requests)


def test_no_request_leaves_localhost_on_any_kind_of_page(context, server, api):
    page = context.new_page()
    for url in ["", "documents/", "about/", api["documents"][0]["url"], api["documents"][-1]["url"], "404.html"]:
        page.goto(server + url)
        page.wait_for_load_state("networkidle")
    assert context.outside == []  # type: ignore[attr-defined]


def test_pages_read_the_same_without_javascript(browser, server, api):
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        doc = next(d for d in api["documents"] if len(d["witnesses"]) > 1)
        page.goto(server + doc["url"])
        assert page.locator("h1").inner_text() == doc["title"]
        assert page.locator(".doc-text").is_visible()
        assert len(page.locator(".doc-text").inner_text().split()) > 100
        assert page.locator(".doc-meta dl").is_visible()
        # In-page links to each release work without scripts.
        page.locator(".doc-meta a[href='#w2']").click()
        assert page.url.endswith("#w2")
        assert page.locator("#w2").is_visible()
        assert page.locator("script").count() == 0
    finally:
        ctx.close()


def _contrast(fg: tuple[float, ...], bg: tuple[float, ...]) -> float:
    def lum(rgb):
        def ch(c):
            c = c / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = (ch(x) for x in rgb[:3])
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    a, b = lum(fg), lum(bg)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


# For every element that draws text in the edition's own styles: its colour and the background it
# actually stands on (the nearest ancestor with an opaque background colour; stripes of a gradient
# are read from the gradient).
_COLOURS_JS = """
(selectors) => {
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const out = [];
  for (const sel of selectors) {
    for (const el of Array.from(document.querySelectorAll(sel)).slice(0, 5)) {
      if (!el.textContent.trim() || !el.getClientRects().length) continue;
      const st = getComputedStyle(el);
      const bgs = [];
      for (let n = el; n; n = n.parentElement) {
        const s = getComputedStyle(n);
        const img = s.backgroundImage;
        if (img && img !== 'none') (img.match(/rgba?\\([^)]*\\)/g) || []).forEach(c => bgs.push(rgb(c)));
        const c = rgb(s.backgroundColor);
        if (c.length >= 3 && (c.length === 3 || c[3] > 0.99)) { bgs.push(c); break; }
      }
      if (!bgs.length) bgs.push([255, 255, 255]);
      out.push({sel, fg: rgb(st.color), bgs, text: el.textContent.trim().slice(0, 30)});
    }
  }
  return out;
}
"""
TEXT_SELECTORS = ["body", "main p", "a", ".site-title a", ".site-nav a", ".site-footer p", ".site-footer a",
                  ".doc-kind", ".dateline", ".class-mark", ".meta-panel dt", ".meta-panel dd", ".note",
                  ".as-written", ".doc-meta h2", ".downloads a", ".doc-text p", ".doc-text h2", ".doc-text h3",
                  ".gap", ".gap.withheld", ".fw", ".stamp", ".fields", ".debris", ".pb", ".review", ".signature",
                  ".footnote", ".footnote-ref", ".citation", ".placeholder", "th", "td", "td .num", "ins", "del",
                  ".corr", ".ref", ".lead", ".skip-link"]


def test_accessibility_basics(context, server, api):
    page = context.new_page()
    doc = next(d for d in api["documents"] if len(d["witnesses"]) > 1)
    pages = ["", "documents/", "about/", doc["url"], api["documents"][-1]["url"]]
    checked = 0
    for url in pages:
        page.goto(server + url)
        assert page.locator("h1").count() == 1, url
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.title(), url
        assert page.locator("header").count() >= 1 and page.locator("main#main").count() == 1
        assert page.locator("footer").count() >= 1 and page.locator("nav[aria-label]").count() >= 1
        for img in page.locator("img").all():
            assert img.get_attribute("alt") is not None, url
        for control in page.locator("input:not([type=hidden]), select, textarea, button").all():
            labelled = control.evaluate("""e => !!(e.labels && e.labels.length) || !!e.getAttribute('aria-label')
                                              || !!e.getAttribute('aria-labelledby') || !!e.textContent.trim()""")
            assert labelled, url
        # Text contrast, from the styles the browser computed.
        for item in page.evaluate(_COLOURS_JS, TEXT_SELECTORS):
            worst = min(_contrast(item["fg"], bg) for bg in item["bgs"])
            assert worst >= 4.5, f"{url} {item['sel']} {item['text']!r}: contrast {worst:.2f}"
            checked += 1
    assert checked > 60


def test_skip_link_and_visible_focus(context, server, api):
    page = context.new_page()
    page.goto(server + api["documents"][0]["url"])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className + '|' + document.activeElement.textContent")
    assert focused == "skip-link|Skip to main content"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 10  # shown when focused
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert page.evaluate("document.activeElement.id") == "main"
    # Focus on a link changes how it looks (not only the default outline, which the theme removes).
    link = page.locator(".doc-meta a.download-markdown")
    before = link.evaluate("e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).boxShadow].join()")
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    after = link.evaluate("e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).boxShadow].join()")
    assert before != after


def test_small_screens_do_not_scroll_sideways_and_print_drops_the_chrome(browser, server, api):
    ctx = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        page = ctx.new_page()
        for url in ["", "documents/", api["documents"][0]["url"]]:
            page.goto(server + url)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{url}: {overflow}px sideways"
        page.goto(server + api["documents"][0]["url"])
        page.emulate_media(media="print")
        assert not page.locator(".site-nav").is_visible()
        assert page.locator(".doc-text").is_visible() and page.locator(".cite").is_visible()
    finally:
        ctx.close()


def test_reading_and_diplomatic_text_switch_without_javascript(browser, server):
    """A corrected OCR misreading shows the editors' reading by default and the text as read in the
    source when the reader chooses the diplomatic view — with JavaScript off, as CSS does it."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + "documents/1962-10-27-deptel-moscow-1015/")
        choice = page.locator(".doc-text .choice").filter(has_text="RUSSK").first
        assert choice.locator(".corr").is_visible() and choice.locator(".corr").inner_text() == "RUSK"
        assert not choice.locator(".sic").is_visible()
        page.get_by_label("as read in the source (diplomatic)").check()
        assert choice.locator(".sic").is_visible() and choice.locator(".sic").inner_text() == "RUSSK"
        assert not choice.locator(".corr").is_visible()
        page.get_by_label("as corrected by the editors (reading text)").check()
        assert choice.locator(".corr").is_visible()
    finally:
        context.close()
