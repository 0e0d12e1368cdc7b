"""Published addresses keep working: the id ledger and redirects (Endings rules)."""

from dataclasses import replace
from pathlib import Path

from edition.diagnostics import Reporter
from edition.persistence import check_ids, read_ledger, record_ids, redirect_page
from sample_docs import sample_memo, sample_telegram


def docs():
    return [sample_telegram(), sample_memo()]


def test_record_then_check_is_clean(tmp_path):
    assert record_ids(docs(), tmp_path) == 2
    assert record_ids(docs(), tmp_path) == 0
    assert [i for i, _ in read_ledger(tmp_path)] == sorted(d.id for d in docs())
    r = Reporter()
    assert check_ids(docs(), tmp_path, r) == {}
    assert r.diagnostics == []


def test_retired_id_without_redirect_is_an_error(tmp_path):
    record_ids(docs(), tmp_path)
    renamed = [replace(docs()[0], id="1962-10-28-polto-circ-12"), docs()[1]]
    r = Reporter()
    check_ids(renamed, tmp_path, r)
    errors = [d for d in r.errors if d.code == "E012"]
    assert len(errors) == 1
    assert errors[0].path == str(tmp_path / "ids.txt") and errors[0].line == 4
    assert "1962-10-28-polto-circular-12" in errors[0].message
    assert any(d.code == "W114" for d in r.warnings)


def test_redirect_keeps_the_old_address(tmp_path):
    record_ids(docs(), tmp_path)
    (tmp_path / "redirects.yaml").write_text("redirects:\n  1962-10-28-polto-circular-12: 1962-10-28-polto-circ-12\n")
    renamed = [replace(docs()[0], id="1962-10-28-polto-circ-12"), docs()[1]]
    r = Reporter()
    assert check_ids(renamed, tmp_path, r) == {"1962-10-28-polto-circular-12": "1962-10-28-polto-circ-12"}
    assert not r.errors


def test_redirect_to_unknown_document_is_an_error(tmp_path):
    (tmp_path / "redirects.yaml").write_text("redirects:\n  old-id: no-such-id\n")
    r = Reporter()
    assert check_ids(docs(), tmp_path, r) == {}
    assert [(d.code, d.line) for d in r.errors] == [("E006", 2)]


def test_bad_redirects_yaml_reports_position(tmp_path):
    (tmp_path / "redirects.yaml").write_text("redirects:\n  a: [unclosed\n")
    r = Reporter()
    check_ids(docs(), tmp_path, r)
    assert r.errors and r.errors[0].code == "E006" and r.errors[0].line >= 2


def test_redirect_page_sends_reader_on_without_javascript():
    html = redirect_page("../1962-10-28-polto-circ-12/", "POLTO 12")
    assert 'http-equiv="refresh"' in html and 'href="../1962-10-28-polto-circ-12/"' in html
    assert "<script" not in html and 'lang="en"' in html


def test_site_keeps_retired_address(tmp_path):
    """End to end: a retired id in the ledger with a redirect gets a page that links to the document."""
    import shutil
    from edition.cli import main
    root = Path(__file__).resolve().parents[1]
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    shutil.copy(root / "content" / "sources" / "1962-11-23-deptel-usun-1359.txt", content / "sources")
    (content / "ids.txt").write_text("1962-11-23-deptel-usun-1359\n1962-11-23-telegram-usun-1359\n")
    site = tmp_path / "site"
    # Without a redirect, the retired id is an error and nothing is built.
    assert main(["build", "--content", str(content), "--site", str(site), "--quiet"]) == 1
    assert not site.exists()
    (content / "redirects.yaml").write_text("redirects:\n  1962-11-23-telegram-usun-1359: 1962-11-23-deptel-usun-1359\n")
    assert main(["build", "--content", str(content), "--site", str(site), "--quiet"]) == 0
    page = site / "documents" / "1962-11-23-telegram-usun-1359" / "index.html"
    html = page.read_text()
    assert 'href="../1962-11-23-deptel-usun-1359/"' in html
    assert (page.parent / "../1962-11-23-deptel-usun-1359/index.html").resolve().exists()


def test_unreadable_ledger_or_redirects_are_errors_not_tracebacks(tmp_path):
    (tmp_path / "ids.txt").write_bytes(b"1962-10-28-polto\xff\n")
    (tmp_path / "redirects.yaml").write_bytes(b"redirects:\n  a: \xfe\n")
    r = Reporter()
    assert check_ids(docs(), tmp_path, r) == {}
    assert sorted((d.path.rsplit("/", 1)[-1], d.code) for d in r.errors) == [("ids.txt", "E006"), ("redirects.yaml", "E006")]
    assert all("not UTF-8" in d.message for d in r.errors)


def test_a_redirect_cannot_take_a_month_page(tmp_path):
    (tmp_path / "redirects.yaml").write_text("redirects:\n  1962-10: 1962-10-28-polto-circular-12\n")
    r = Reporter()
    assert check_ids(docs(), tmp_path, r) == {}
    assert [(d.code, d.line) for d in r.errors] == [("E006", 2)]
