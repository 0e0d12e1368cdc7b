"""The MkDocs plugin: a content folder → MkDocs files, page context and static downloads.

MkDocs events, in the order they fire for one build:

- ``on_config``: read the corpus once (``pages.load_corpus``, cached per process), print its
  diagnostics, stop the build on any error (before MkDocs touches the site folder), and set the
  site name, site URL and ``config.extra.edition`` from ``edition.yaml``;
- ``on_files``: add the generated pages (home, documents list, about, one page per document, the
  apparatus' pages) as virtual files; document pages stay out of the navigation;
- ``on_pre_page``: date every page by the edition's build date (not today), so the sitemap is
  reproducible; a document page gets its metadata and HTML straight from the model
  (``fast_pages``: the HTML Python-Markdown would make of its Markdown, written ~10× faster);
- ``on_page_context``: give a document page's template its dateline, download URLs and citation
  (``edition_doc``) — the panel itself reads the page's front matter (``page.meta``);
- ``on_env`` (``fast_pages``): every document's page, Markdown and TEI, rendered in worker processes
  with the theme's template (``pipeline.render_documents``; unchanged ones kept or linked from the
  previous site), before MkDocs writes its own pages — then ``after_documents`` (set by ``edition
  build``) starts the search index over them while MkDocs goes on;
- ``on_post_build``: the sitemap (MkDocs' pages and the documents); without ``fast_pages``, write
  ``markdown/<id>.md`` and ``tei/<id>.xml`` here; ``api/documents.json`` is a generated file added
  in ``on_files``, so pages can link it;
- ``on_serve``: watch the content folder (sources, edition.yaml, apparatus) and the theme.

The content folder is the plugin option ``content`` (relative to mkdocs.yml), overridden by the
environment variable ``EDITION_CONTENT`` (``edition serve --content``) or set directly by
``edition build --content`` on the loaded config.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import Any, Callable, Optional

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from . import pages as site
from .api import edition_metadata
from .diagnostics import Diagnostic
from .markdown_page import front_matter_data
from .timing import stage

log = get_plugin_logger(__name__)


class EditionPluginConfig(base.Config):
    """Options of the ``edition`` plugin in mkdocs.yml."""

    content = c.Type(str, default="content")
    """The content folder (``sources/``, ``edition.yaml``, ``pages/``), relative to mkdocs.yml."""

    tei = c.Type(bool, default=True)
    """Write ``tei/<id>.xml`` downloads when the TEI writer (``edition.tei``) is available."""

    fast_pages = c.Type(bool, default=True)
    """Write document pages' HTML directly from the model (``markdown_page.document_html``) instead
    of converting their Markdown with Python-Markdown: the same HTML (tested), ~10× faster. With
    ``false`` MkDocs converts the Markdown like any other page (the reference path)."""


class _TemplateCache(BytecodeCache):
    """Compiled theme templates, in memory (see ``EditionPlugin.on_env``)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = _TemplateCache()


class EditionPlugin(BasePlugin[EditionPluginConfig]):
    """Generates the edition's pages and downloads from a content folder (see module docstring)."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.content_override: Optional[Path] = None  # set by ``edition build --content``
        self.corpus_override: Optional[site.Corpus] = None  # set by ``edition build``: the corpus it read
        self.corpus: Optional[site.Corpus] = None
        self.doc_uris: dict[str, Any] = {}  # src_uri → Document
        self.html_uris: set[str] = set()  # generated pages whose body is HTML already
        self.tei = None
        # Set by ``edition build`` (build.py): the site being replaced and the render keys it was
        # built with (its unchanged document files are linked, not rendered again; see
        # ``pipeline.previous_keys``), and whether to print progress. With
        # ``kept`` a list, unchanged documents are not linked but left in the previous site and their
        # ids appended to ``kept``: the build then publishes in place (publish.apply_changes).
        self.previous_site: Optional[Path] = None
        self.previous_keys: dict[str, str] = {}
        self.kept: Optional[list[str]] = None
        self.after_documents: Optional[Callable[[], None]] = None  # called once the documents are written
        self.renderer: Optional[Callable[..., list]] = None  # document → [(path, bytes)]: the last build's
        self.quiet: bool = True
        self.render_keys: dict[str, str] = {}
        self.render_stats: dict[str, int] = {}
        # what the search index plans its shards by (``search_index.page_facts``), for each document
        # page this build rendered: taken by the render workers from the bytes they wrote
        self.page_facts: dict[str, Any] = {}
        self._nav: Any = None
        self._env: Any = None
        self._files: Optional[Files] = None
        self._api_file: Optional[File] = None  # api/documents.json (filled in ``on_env``)
        self.global_key = ""  # what every page depends on (``_global_key``)
        self.site_pages: list[File] = []  # MkDocs' pages, in its order (the sitemap's)
        self.page_keys: dict[str, str] = {}  # "page:<src_uri>" → key (see _keep_unchanged_pages)
        self.kept_pages: list[str] = []  # their published files kept in place (dest_uri)

    # -- configuration ------------------------------------------------------------------------

    def content_dir(self, config: Any) -> Path:
        """Where the content folder is: ``--content``, ``$EDITION_CONTENT``, or the plugin option."""
        if self.content_override is not None:
            return Path(self.content_override)
        path = Path(os.environ.get("EDITION_CONTENT") or self.config.content)
        if not path.is_absolute() and config.config_file_path:
            path = Path(os.path.dirname(config.config_file_path)) / path
        return path

    def on_config(self, config: Any) -> Any:
        content = self.content_dir(config)
        if not (content / "sources").is_dir():
            raise PluginError(f"{content}: not a content folder (it has no sources/ folder)")
        # ``edition build`` hands over the corpus it has just read and checked (walking the content
        # folder again to see that nothing changed costs ~0.1 s at 10k); ``mkdocs build`` reads it.
        corpus = self.corpus_override or site.load_corpus(content, textless=True)  # (texts via corpus.full)
        if not corpus.reported:
            for d in sorted(set(corpus.diagnostics), key=Diagnostic.order):
                print(d.format(), file=sys.stderr)
            corpus.reported = True
        if corpus.errors:
            n = len(corpus.errors)
            raise PluginError(f"{n} error{'s' if n != 1 else ''} in {content}; the site was not built")
        self.corpus = corpus
        self.tei = site.tei_writer() if self.config.tei else None
        info = corpus.info
        config.site_name = info.title
        if info.base_url and not config.site_url:
            config.site_url = info.base_url if info.base_url.endswith("/") else info.base_url + "/"
        config.extra["edition"] = {**edition_metadata(info, len(corpus.docs)), "tei": self.tei is not None}
        return config

    # -- files ----------------------------------------------------------------------------------

    def on_files(self, files: Files, config: Any) -> Files:
        assert self.corpus is not None
        user_index = files.get_file_from_path("index.md")
        user_about = files.get_file_from_path("about.md")
        with stage("pages"):
            generated = site.site_pages(
                self.corpus,
                home_intro=user_index.content_string if user_index else None,
                about=user_about.content_string if user_about else None,
                documents=not self.config.fast_pages)
        # The API is a file MkDocs knows, so pages may link it ([data](api/documents.json)) and MkDocs
        # makes the link relative to each page. Its content is made in ``on_env``, once the documents
        # are rendered and their search index started (nothing reads it before MkDocs copies it).
        # The other downloads are written after the build.
        existing = files.get_file_from_path(site.urls.API_DOCUMENTS)
        if existing is not None:
            files.remove(existing)
        self._api_file = File.generated(config, site.urls.API_DOCUMENTS, content=b"")
        files.append(self._api_file)
        by_uri = {_document_src_uri(d.id): d for d in self.corpus.docs}
        # Fast pages: the document pages are rendered after MkDocs' own (``on_post_build``), in worker
        # processes, with the theme's template — MkDocs never holds 10,000 File objects.
        self.doc_uris = dict(by_uri) if self.config.fast_pages else {}
        self.html_uris = {p.src_uri for p in generated if p.html_only}
        for page in generated:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                files.remove(existing)
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion))
            if page.src_uri in by_uri:
                self.doc_uris[page.src_uri] = by_uri[page.src_uri]
        return files

    def on_nav(self, nav: Any, config: Any, files: Files) -> Any:
        self._nav = nav
        self.site_pages = list(files.documentation_pages())
        if self.corpus is not None and self.config.fast_pages:
            # (now, before MkDocs reads every page's Markdown: the pages kept are not read at all)
            self.global_key = self._global_key(config)
            self._keep_unchanged_pages(config, files)
        return nav

    def on_env(self, env: Any, config: Any, files: Files) -> Any:
        self._env, self._files = env, files
        # Templates compiled once per process, not once per build (``edition serve``): Jinja checks
        # each template's source against the checksum it was compiled from.
        env.bytecode_cache = TEMPLATE_CACHE
        # The document pages are rendered now, before MkDocs writes its own pages (lists, registers),
        # so that the build's search index can be made from them meanwhile (``after_documents``).
        if self.corpus is not None and self.config.fast_pages:
            self._render_documents(config)
            if self.after_documents is not None:
                self.after_documents()
        if self.corpus is not None and self._api_file is not None:
            self._api_file.content_bytes = next(site.downloads(self.corpus, kinds=("api",), tei=self.tei))[1]
        return env

    def _global_key(self, config: Any) -> str:
        """What every document page depends on besides the document: the code, the theme, the
        edition's metadata and MkDocs' configuration and navigation."""
        from .pipeline import code_version, tree_hash
        assert self.corpus is not None
        theme = config.theme.custom_dir
        extra = {k: v for k, v in config.extra.items() if k != "edition"}
        edition = {k: v for k, v in config.extra.get("edition", {}).items() if k != "documents"}
        # (asked in ``on_nav``, before MkDocs reads the pages: an entry without a title in mkdocs.yml
        # has none yet, and will take its page's heading — so its page's text stands in for it)
        nav = [(getattr(i, "title", None) or _nav_page_text(i), getattr(i, "url", None)) for i in (self._nav or [])]
        return repr((code_version(), tree_hash(Path(theme)) if theme else None, repr(self.corpus.info),
                     self.tei is not None, _entry_pages(self.corpus.extra),
                     config.site_name, config.site_url, config.use_directory_urls, repr(extra),
                     repr(sorted(edition.items())), nav, repr(config.theme.get("locale"))))

    def _keep_unchanged_pages(self, config: Any, files: Files) -> None:
        """The generated HTML pages (lists, registers) whose page the published site already has,
        made from the same HTML with the same theme and settings, are excluded from ``files``: MkDocs
        neither reads nor writes them again, and an in-place build keeps the published file
        (``kept_pages``).
        After a one-source edit that is ~1,250 pages of a 10,000-document edition not rendered.
        Each page's key (``page:<src_uri>``) goes into the manifest with the documents' keys.
        Pages in the navigation are always written (their neighbours' links are theirs to render)."""
        from .pipeline import _sha, sha_kept
        self.page_keys, self.kept_pages = {}, []
        # (the whole of ``config.extra``, document count included: a list page may show it)
        base = _sha(self.global_key, repr(sorted(config.extra.get("edition", {}).items())), "page")
        previous = self.previous_site if self.kept is not None else None
        for f in list(files.documentation_pages()):
            if f.src_uri not in self.html_uris or f.inclusion.is_in_nav():
                continue
            name = "page:" + f.src_uri
            key = self.page_keys[name] = sha_kept(base, f.src_uri, f.dest_uri, f.content_string)
            if previous is not None and self.previous_keys.get(name) == key and \
                    os.path.isfile(os.path.join(previous, f.dest_path)):
                # (excluded, not removed: MkDocs neither reads nor writes it, and a page linking to
                # it still gets its address)
                f.inclusion = InclusionLevel.EXCLUDED
                if f.page is not None:  # (dated as a page MkDocs builds: the sitemap lists it)
                    f.page.update_date = self.corpus.info.build_date
                self.kept_pages.append(f.dest_uri)

    # -- pages ----------------------------------------------------------------------------------

    def on_pre_page(self, page: Any, config: Any, files: Files) -> Any:
        # MkDocs dates pages "today"; the edition dates them by its build date (reproducible builds).
        if self.corpus is not None:
            page.update_date = self.corpus.info.build_date
            doc = self.doc_uris.get(page.file.src_uri)
            if doc is not None and self.config.fast_pages:
                _write_directly(page, doc, self.corpus)
            elif page.file.src_uri in self.html_uris and self.config.fast_pages:
                _publish_html(page)
        return page

    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str:
        # The reference path (fast_pages: false) gives document pages both readings of each
        # correction too, as the fast path does (pages.both_readings).
        if not self.config.fast_pages and page.file.src_uri in self.doc_uris:
            return site.both_readings(html)
        return html

    def on_page_context(self, context: dict, page: Any, config: Any, nav: Any) -> dict:
        if self.corpus is not None and page.file.src_uri in self.doc_uris:
            context["edition_doc"] = site.document_context(page.meta, self.corpus.info, self.tei is not None)
        return context

    def _render_documents(self, config: Any) -> None:
        """Every document's page, Markdown and TEI, in worker processes (or kept from the previous
        site): the ``documents`` stage."""
        assert self.corpus is not None
        root = Path(config.site_dir)
        from .pipeline import render_documents, render_keys
        self.render_keys = {**render_keys(self.corpus, self.global_key), **self.page_keys}
        self.page_facts = {}
        self.renderer = _document_renderer(self, config)
        with stage("documents"):
            self.render_stats = render_documents(
                self.corpus, self.renderer, root, self.render_keys, self.tei is not None,
                self.previous_site, self.previous_keys, quiet=self.quiet, kept=self.kept, facts=self.page_facts)
        self.render_stats.update(pages=len(self.page_keys), pages_kept=len(self.kept_pages))
        from .timing import RECORDS
        if RECORDS and RECORDS[-1]["stage"] == "documents":
            RECORDS[-1].update(self.render_stats)

    def on_post_build(self, config: Any) -> None:
        assert self.corpus is not None
        root = Path(config.site_dir)
        if self.config.fast_pages:
            _write_sitemap(self, config)
        else:
            with stage("markdown"):
                for path, data in site.downloads(self.corpus, kinds=("markdown",)):
                    _write(root / path, data)
            if self.tei is not None:
                with stage("tei"):
                    for path, data in site.downloads(self.corpus, tei=self.tei, kinds=("tei",)):
                        _write(root / path, data)
        for path, data in site.downloads(self.corpus, kinds=("redirects",)):
            _write(root / path, data)

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        # mkdocs serve watches docs_dir (content/pages); sources and edition.yaml live beside it.
        server.watch(str(self.content_dir(config)))
        if config.theme.custom_dir:
            server.watch(config.theme.custom_dir)
        return server


@functools.lru_cache(maxsize=1 << 17)
def _document_src_uri(doc_id: str) -> str:
    """A document page's MkDocs source path (asked for every document at every build)."""
    return site.urls.page_src_uri(site.urls.document_url(doc_id))


def _nav_page_text(item: Any) -> Optional[str]:
    """The Markdown of a navigation entry's page (None for a link or a section)."""
    file = getattr(item, "file", None)
    try:
        return file.content_string if file is not None else None
    except (OSError, UnicodeDecodeError):
        return None


def _entry_pages(extra: Any) -> list[str]:
    """What a document page knows of the register pages: which entries have one (``persons/<id>/``)
    and the registers' lists — not their sub-pages by month, which come and go with the documents
    (keying on them would render every document again when one month of one entry splits)."""
    return sorted(p.src_uri for p in extra if p.src_uri.count("/") <= 2)


def _document_renderer(plugin: EditionPlugin, config: Any):
    """Document → [(path, bytes)]: its page (the theme's template with the context MkDocs gives a
    page, and the plugins' ``on_page_context``/``on_post_page``), its Markdown and its TEI."""
    from mkdocs.commands.build import get_context
    from mkdocs.structure.pages import Page

    from .markdown_page import document_markdown_template, place_markdown

    corpus, tei, env, nav = plugin.corpus, plugin.tei, plugin._env, plugin._nav
    assert corpus is not None and env is not None
    info = corpus.info
    doc_files = plugin._files.documentation_pages() if plugin._files is not None else []

    # Jinja looks ``m.title`` up as an attribute first and only then as a key: for the template's
    # dicts (the front matter, the citation, the edition) that is an AttributeError raised and caught
    # per lookup, a third of the template's time. The same answers, asking a dict for the key first
    # (a plain dict's own attributes, ``m.items``, still win, as in Jinja).
    dict_attributes = frozenset(dir(dict))
    jinja_getattr, undefined = env.getattr, env.undefined

    def getattr_key_first(obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in dict_attributes:
            try:
                return obj[attribute]
            except KeyError:
                return undefined(obj=obj, name=attribute)
        return jinja_getattr(obj, attribute)

    env.getattr = getattr_key_first
    # Templates are loaded once: the theme does not change during a build, and Jinja's reload check
    # would look at each template file's modification time for every page.
    templates: dict[str, Any] = {}
    env.auto_reload = False

    from time import process_time

    from .pipeline import PART_CPU

    def render(doc: Any, page_only: bool = False) -> list[tuple[str, bytes]]:
        t0 = process_time()
        url = site.urls.document_url(doc.id)
        page = Page(None, File.generated(config, site.urls.page_src_uri(url), content=""), config)
        page.update_date = info.build_date
        page.markdown = ""
        page.meta = dict(front_matter_data(doc, info))
        page.content = corpus.document_html(doc)
        page.toc = get_toc([])
        page.active = True
        config._current_page = page
        try:
            context = get_context(nav, doc_files, config, page)
            name = page.meta.get("template", "main.html")
            template = templates.get(name) or templates.setdefault(name, env.get_template(name))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            output = template.render(context)
            output = config.plugins.on_post_page(output, page=page, config=config)
        finally:
            page.active = False
            config._current_page = None
        if page_only:  # (``ahead.py``: the page is all the search index reads)
            return [(url + "index.html", output.encode("utf-8", errors="xmlcharrefreplace"))]
        t1 = process_time()
        md_at = site.urls.markdown_url(doc.id)
        markdown = document_markdown_template(doc, info, corpus.titles, registers=corpus.registers,
                                              cited_by=corpus.cited_by.get(doc.id, ()))
        out = [(url + "index.html", output.encode("utf-8", errors="xmlcharrefreplace")),
               (md_at, place_markdown(markdown, md_at).encode("utf-8"))]
        t2 = process_time()
        if tei is not None:
            out.append((site.urls.tei_url(doc.id), tei(doc, info)))
        t3 = process_time()
        PART_CPU["html"] = PART_CPU.get("html", 0.0) + t1 - t0
        PART_CPU["markdown"] = PART_CPU.get("markdown", 0.0) + t2 - t1
        PART_CPU["tei"] = PART_CPU.get("tei", 0.0) + t3 - t2
        return out

    return render


def _write_sitemap(plugin: EditionPlugin, config: Any) -> None:
    """``sitemap.xml`` (and ``.gz``) as MkDocs writes it, listing the document pages too: MkDocs'
    own lists only the pages it built. Entries: MkDocs' pages in its order, then the documents in
    edition order."""
    import gzip
    from types import SimpleNamespace
    from urllib.parse import urljoin, urlsplit

    from mkdocs import utils
    from mkdocs.commands.build import get_context

    env, files, corpus = plugin._env, plugin._files, plugin.corpus
    assert corpus is not None
    if env is None or files is None or "sitemap.xml" not in config.theme.static_templates:
        return
    entries = list(plugin.site_pages or files.documentation_pages())
    base = config.site_url or None
    urls = [site.urls.document_url(d.id) for d in corpus.docs]
    # The sitemap of an unchanged set of pages is the published one: kept, not written again (at
    # 10,000 documents its 12,000 entries cost more than the edit that triggered the build).
    from .pipeline import _sha
    key = plugin.render_keys["sitemap"] = _sha(
        plugin.global_key, base, corpus.info.build_date,
        [(e.page.is_link, e.page.abs_url, e.page.canonical_url, e.page.update_date)
         for e in entries if e.page is not None], urls)
    previous = plugin.previous_site if plugin.kept is not None else None
    if previous is not None and plugin.previous_keys.get("sitemap") == key and \
            all(os.path.isfile(os.path.join(previous, n)) for n in ("sitemap.xml", "sitemap.xml.gz")):
        plugin.kept_pages += ["sitemap.xml", "sitemap.xml.gz"]
        for name in ("sitemap.xml", "sitemap.xml.gz"):  # (MkDocs' own, without the documents)
            Path(config.site_dir, name).unlink(missing_ok=True)
        return
    simple = bool(base) and base.endswith("/") and "?" not in base and "#" not in base
    for url in urls:
        # (urljoin's answer for a document's relative URL under a base ending in "/": base + url)
        canonical = (base + url if simple and not url.startswith(("/", ".")) else urljoin(base, url)) if base else None
        entries.append(SimpleNamespace(page=SimpleNamespace(
            is_link=False, canonical_url=canonical, abs_url=urlsplit(canonical).path if canonical else None,
            update_date=corpus.info.build_date)))
    template = env.get_template("sitemap.xml")
    context = get_context(plugin._nav, entries, config, base_url=utils.get_relative_url(".", "sitemap.xml"))
    output = template.render(context)
    if not output.strip():
        return
    path = Path(config.site_dir) / "sitemap.xml"
    path.write_bytes(output.encode("utf-8"))
    timestamp = utils.get_build_timestamp(pages=[e.page for e in entries if e.page is not None])
    with open(f"{path}.gz", "wb") as fh, gzip.GzipFile(fileobj=fh, filename=f"{path}.gz", mode="wb",
                                                       mtime=timestamp) as gz:
        gz.write(output.encode("utf-8"))


def _write_directly(page: Any, doc: Any, corpus: site.Corpus) -> None:
    """Give one document page its front matter and HTML straight from the model.

    MkDocs would parse the page's YAML front matter and convert its Markdown with Python-Markdown
    (several milliseconds a page); the metadata is already a dict and ``document_html`` writes the
    HTML Python-Markdown would make. The page's Markdown is still its source (``page.markdown``)."""
    meta = front_matter_data(doc, corpus.info)

    def read_source(config: Any) -> None:
        source = page.file.content_string
        end = source.find("\n---\n")
        page.markdown = source[end + 5:].lstrip("\n") if source.startswith("---\n") and end > 0 else source
        page.meta = dict(meta)

    def render(config: Any, files: Files) -> None:
        page.content = corpus.document_html(doc)
        page.toc = get_toc([])

    # Instance attributes win over the class's methods, for these pages only.
    page.read_source = read_source
    page.render = render


def _publish_html(page: Any) -> None:
    """A generated page whose body is HTML blocks (the documents list) is published as it is:
    Markdown would pass the blocks through unchanged, only much more slowly."""

    def render(config: Any, files: Files) -> None:
        page.content = page.markdown
        page.toc = get_toc([])

    page.render = render


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
