"""Golden files: for every seed source, the TEI and Markdown of each of its documents, byte-compared.

Regenerate only on purpose: ``EDITION_UPDATE_GOLDEN=1 python3 manage.py test tests/test_golden.py``,
then read the diff (``git diff tests/golden``) as an editor before committing it.
"""

import os
from dataclasses import replace
from pathlib import Path

import pytest

from edition.diagnostics import Reporter
from edition.reader import read_corpus

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("EDITION_UPDATE_GOLDEN") == "1"


def _outputs():
    from edition.markdown_page import document_markdown
    from edition.tei import document_tei
    info, docs = read_corpus(ROOT / "content", Reporter())
    info = replace(info, build_date="2026-01-01")  # golden files do not change with the build date
    titles = {d.id: d.title for d in docs}
    out = {}
    for d in docs:
        stem = Path(d.source).stem
        out[f"{stem}/{d.id}.xml"] = document_tei(d, info)
        out[f"{stem}/{d.id}.md"] = document_markdown(d, info, titles).encode("utf-8")
    return out


OUTPUTS = _outputs()


def test_golden_set_is_complete():
    if UPDATE:
        for p in GOLDEN.rglob("*"):
            if p.is_file() and str(p.relative_to(GOLDEN)) not in OUTPUTS:
                p.unlink()
    existing = sorted(str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*") if p.is_file()) if GOLDEN.exists() else []
    assert existing == sorted(OUTPUTS) or UPDATE, "golden files differ from the documents the seeds give"


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_golden_file(name):
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(OUTPUTS[name])
    assert path.exists(), f"missing golden file {name}; regenerate with EDITION_UPDATE_GOLDEN=1"
    assert OUTPUTS[name] == path.read_bytes(), f"{name} differs from its golden file"
