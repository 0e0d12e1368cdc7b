"""edition: a static digital-edition generator for declassified diplomatic records.

The flow, in order (``build.build_edition`` runs it):

1. ``sources.read_source``     file bytes → checked text (UTF-8, not empty, not binary)
2. ``segment.split_documents`` text → the documents, witnesses and sections a file holds
3. ``header.read_header``      header lines → typed metadata (kind, date, from, to, number…)
4. ``body.read_body``          body lines → blocks and inline marks (EDITORIAL §3)
5. ``reader.read_corpus``      all of the above for every file → ``model.Document`` list
6. ``tei.document_tei``        Document → TEI P5 XML
7. ``markdown_page.document_markdown``  Document → annotated Markdown with front matter
8. ``api.documents_json``      Documents → ``api/documents.json``
9. ``plugin.EditionPlugin``    MkDocs builds the site from the generated pages and ``theme/``
"""

__version__ = "0.1.0"
