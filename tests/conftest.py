"""Shared fixtures: the TEI P5 schema (tei_all 4.12.0, RELAX NG), compiled once per test session.

The schema is carried by the repository (``tests/data/tei_all.rng``, see ``tests/data/README.md``), so
a clone anywhere can validate. A missing schema is a failure, never a skip: every TEI file the edition
publishes must validate against it.
"""

from pathlib import Path

import pytest
from lxml import etree

TEI_SCHEMA = Path(__file__).parent / "data" / "tei_all.rng"


@pytest.fixture(scope="session")
def tei_schema() -> etree.RelaxNG:
    """The compiled tei_all schema (lxml takes 11-17 s to compile it, so once per session)."""
    if not TEI_SCHEMA.is_file():
        pytest.fail(f"TEI schema not found at {TEI_SCHEMA.resolve()} (tests/data/tei_all.rng, TEI P5 4.12.0)",
                    pytrace=False)
    return etree.RelaxNG(etree.parse(str(TEI_SCHEMA)))


# Browser tests (test_browser.py, test_search.py): each module provides its own ``site`` fixture (the
# built site to serve); the server, chromium and the local-only context come from here.


@pytest.fixture(scope="module")
def server(site):
    from browser_support import serve_site
    with serve_site(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from browser_support import chromium
    with chromium() as b:
        yield b


@pytest.fixture
def context(browser, server):
    """A browser context in which every request to another host is refused and recorded."""
    from browser_support import local_only_context
    with local_only_context(browser, server) as ctx:
        yield ctx
