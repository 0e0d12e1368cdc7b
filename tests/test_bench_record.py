"""``edition bench --record``: the report lands in BENCHMARKS.md without losing what the editors wrote
around it (no timing is asserted anywhere: figures live in BENCHMARKS.md)."""

from __future__ import annotations

from edition.bench import BEGIN, END, record


def test_report_replaces_only_the_marked_block(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(f"# Benchmarks\n\n## Build scale\n\nReading of the figures.\n\n{BEGIN}\nold table\n{END}\n\n"
                    "### Targets\n\nkept\n\n## Other\n\nkept too\n", encoding="utf-8")
    record("## Build scale\n\n| new | table |\n", path)
    text = path.read_text(encoding="utf-8")
    assert "old table" not in text and f"{BEGIN}\n| new | table |\n{END}" in text
    assert "Reading of the figures." in text and "### Targets\n\nkept" in text and "kept too" in text


def test_without_markers_the_section_is_replaced_and_the_others_kept(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# Benchmarks\n\n## Build scale\n\nold\n\n## Other\n\nkept\n", encoding="utf-8")
    record("## Build scale\n\nnew\n", path)
    text = path.read_text(encoding="utf-8")
    assert "old" not in text and "## Build scale\n\nnew\n" in text and "## Other\n\nkept" in text


def test_the_bench_runs_end_to_end_on_a_small_edition(tmp_path, capsys):
    """``edition bench --sizes 40``: full, incremental, clean and ``edition serve`` rebuilds, each site
    compared with a clean build of the same input (the figures themselves are not checked)."""
    import json

    import os
    import time

    from edition.bench import bench_command
    from edition.synth import synth_command

    # Sources written days ago (a pristine copy from an earlier run): the edit must not date the
    # edition anew, which would render every document again — the bench dates all its builds alike.
    content = tmp_path / "bench" / "content-40"
    assert synth_command(40, 1962, content) == 0
    days_ago = time.time() - 3 * 86400
    for source in (content / "sources").glob("*.txt"):
        os.utime(source, (days_ago, days_ago))
    assert bench_command([40], tmp_path / "bench", record_it=False) == 0
    text = capsys.readouterr().out
    result = json.loads((tmp_path / "bench" / "result-40.json").read_text(encoding="utf-8"))
    assert result["incremental_differs"] == [] and result["warm_differs"] == []
    documents = next(s for s in result["incremental"]["stages"] if s["stage"] == "documents")
    assert 1 <= documents["rendered"] <= 3 and documents["reused"] >= result["documents"] - 3
    assert len(result["warm"]) == 2 and all(0 < w["pages_s"] <= w["published_s"] <= w["wall_s"] for w in result["warm"])
    assert {s["stage"] for s in result["warm"][0]["stages"]} >= {"reading", "site", "search index", "publish"}
    row = next(line for line in text.splitlines() if line.startswith(f"| {result['documents']:,} |")
               and line.endswith("| yes |") and line.count("|") == 8)
    assert row.count(",") >= 5  # two times each: pages, search index, whole rebuild, reading, search stage


def test_a_second_run_sets_the_last_runs_folders_aside_and_deletes_them_after(tmp_path, monkeypatch):
    """The last run's sites and caches are moved out of the way before the builds are timed, and
    deleted only once the figures are taken (no deletion right before a timed build)."""
    from edition import bench

    work = tmp_path / "bench"
    for name in ("site-40", "cache-40", "clean-40"):
        (work / name / "x").mkdir(parents=True)
        (work / name / "x" / "f.html").write_text(name, encoding="utf-8")
    (work / "link").symlink_to(work / "site-40")  # (a link is moved, not what it points to)
    seen = []

    def fake(n, workdir):
        bench._set_aside(workdir / f"site-{n}", workdir)
        bench._set_aside(workdir / f"cache-{n}", workdir)
        bench._set_aside(workdir / "absent", workdir)
        bench._set_aside(workdir / f"clean-{n}", workdir)
        bench._set_aside(workdir / "link", workdir)
        moved = sorted(q for p in (workdir / bench.TRASH).iterdir() for q in p.iterdir())
        seen.append([q.name for q in moved])
        # Still there while the figures are taken, moved as they were:
        assert [(q / "x" / "f.html").read_text(encoding="utf-8") for q in moved if q.name != "link"] \
            == ["cache-40", "clean-40", "site-40"]
        assert [q.readlink() for q in moved if q.name == "link"] == [workdir / "site-40"]
        return {"n": n, "incremental_differs": [], "warm_differs": []}

    monkeypatch.setattr(bench, "bench_size", fake)
    monkeypatch.setattr(bench, "report", lambda results: "report")
    assert bench.bench_command([40], work, record_it=False) == 0
    assert sorted(seen[0]) == ["cache-40", "clean-40", "link", "site-40"]
    assert not (work / bench.TRASH).exists() and not (work / "site-40").exists()

