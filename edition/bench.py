"""``edition bench``: time the build on generated editions (``edition synth``) of given sizes.

For each size N (default 1,000 and 10,000):

1. ``edition synth --documents N --seed 1962`` into ``<workdir>/content-N`` (kept between runs);
2. a clean build (empty cache, no previous site) in a child process, with ``$EDITION_STAGE_TIMES``:
   per stage (reading, pages, documents = page HTML + Markdown + TEI, site = the whole MkDocs build,
   search index, publish) wall time, CPU time (the process and its workers) and peak memory, plus the
   whole build's wall time, CPU time and peak RSS (the largest process);
3. an incremental build after editing one source (one word of its text), and a clean build of the
   same edited content; the two sites must be byte-identical;
4. ``edition serve``'s rebuilds (``warm_rebuilds``, in one child process): the edited source edited
   again, then restored, each built in the process that built the last; the site must again be the
   clean build's.

The last run's folders are not deleted before the builds are timed but moved aside (into
``<workdir>/.trash``) and deleted once every figure is taken: on a file system that keeps recently
freed inodes out of use for a while — ext4 without a journal, as on the machine of BENCHMARKS.md —
creating files just after 100,000 were deleted costs up to four times as much, which would be the
harness's cost counted as the build's.

Figures are printed as a Markdown table; ``--record`` writes them into BENCHMARKS.md (between the
``BEGIN``/``END`` markers of the "Build scale" section, or as that section). Nothing here asserts a
time.
"""

from __future__ import annotations

import datetime as _dt
import filecmp
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Build scale"
TRASH = ".trash"  # the last run's folders, deleted after this run's figures
# Every build of one run dates the edition alike (``SOURCE_DATE_EPOCH``: the run's start). Dated by
# its newest source instead, an edition whose sources were copied from an older day is dated again
# by the edit, and every page's "built" line changes: the incremental build rendered all 10,006
# documents on 2026-11-23, against pristine sources of the day before.
_EPOCH = {"SOURCE_DATE_EPOCH": str(int(time.time()))}


def _run_build(content: Path, site: Path, cache: Path, no_cache: bool = False) -> dict[str, Any]:
    """One ``edition build`` in a child process → {wall, cpu, peak_mb, stages}."""
    fd, times = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    env = {**os.environ, **_EPOCH, "EDITION_STAGE_TIMES": times, "EDITION_CACHE": str(cache)}
    cmd = [sys.executable, "-m", "edition", "build", "-q", "--content", str(content), "--site", str(site)]
    if no_cache:
        cmd.append("--no-cache")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"build failed ({proc.returncode}): {err.strip()[-500:]}")
    try:
        stages = json.loads(Path(times).read_text(encoding="utf-8"))
    finally:
        os.unlink(times)
    return {"wall_s": round(wall, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_mb": round(usage.ru_maxrss / 1024, 1), "stages": stages}


def _middle_source(content: Path) -> Path:
    """The source the bench edits: the middle one of ``sources/*.txt`` in name order."""
    sources = sorted((content / "sources").glob("*.txt"))
    return sources[len(sources) // 2]


def _edit_one_source(content: Path) -> Path:
    """Change one word of the text of the middle source (a typical editorial fix)."""
    path = _middle_source(content)
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    for k in range(len(lines) // 2, len(lines)):
        m = re.search(r"\b[a-z]{5,}\b", lines[k])
        if m:
            lines[k] = lines[k][:m.start()] + m.group(0)[::-1] + lines[k][m.end():]
            break
    else:
        lines.append("An added line of text.")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _same_tree(a: Path, b: Path) -> list[str]:
    """Relative paths that differ (or exist on one side only) between two sites."""
    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    fa, fb = files(a), files(b)
    differ = sorted(fa ^ fb)
    differ += [n for n in sorted(fa & fb) if not filecmp.cmp(a / n, b / n, shallow=False)]
    return differ


def bench_size(n: int, workdir: Path) -> dict[str, Any]:
    from .synth import synth_command

    content = workdir / f"content-{n}"
    if not (content / "sources").is_dir():
        synth_command(n, 1962, content)
    pristine = workdir / f"content-{n}.pristine"
    if not pristine.is_dir():
        shutil.copytree(content, pristine)
    else:  # undo the last run's edit
        _set_aside(content, workdir)
        shutil.copytree(pristine, content)
    cache, site = workdir / f"cache-{n}", workdir / f"site-{n}"
    for folder in (cache, site, workdir / f"clean-{n}", workdir / f"cache-{n}-clean"):
        _set_aside(folder, workdir)
    full = _run_build(content, site, cache)
    edited = _edit_one_source(content)
    incr = _run_build(content, site, cache)
    clean = _run_build(content, workdir / f"clean-{n}", workdir / f"cache-{n}-clean", no_cache=True)
    differ = _same_tree(site, workdir / f"clean-{n}")
    docs = json.loads((site / "api" / "documents.json").read_text(encoding="utf-8"))["edition"]["documents"]
    try:
        warm = _run_warm(content, site, cache)
        warm_differ = _same_tree(site, workdir / f"clean-{n}")  # (two edits: the text is back as it was)
    except RuntimeError as exc:  # (the figures measured so far are kept)
        warm, warm_differ = [], [f"failed: {exc}"]
    return {"n": n, "documents": docs, "full": full, "incremental": incr, "clean_after_edit": clean,
            "edited": edited.name, "incremental_differs": differ[:20], "warm": warm,
            "warm_differs": warm_differ[:20]}


def _set_aside(folder: Path, workdir: Path) -> None:
    """Move ``folder`` (if any) into ``workdir/.trash``, deleted by ``bench_command`` once the figures
    are taken (see the module's docstring)."""
    if folder.is_symlink() or folder.exists():
        trash = workdir / TRASH
        trash.mkdir(exist_ok=True)
        try:
            os.rename(folder, Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=trash)) / folder.name)
        except OSError:  # (a mount point, another file system: deleted now, as before)
            if folder.is_dir() and not folder.is_symlink():
                shutil.rmtree(folder, ignore_errors=True)
            else:
                folder.unlink(missing_ok=True)


def _run_warm(content: Path, site: Path, cache: Path) -> list[dict[str, Any]]:
    """``edition serve``'s rebuilds, in a child process: one build of the unchanged content (the
    server's first), then the edited source edited once more (its word reversed back) and then
    restored byte for byte, each built in the same process → [{wall_s, stages}, …] for the two."""
    env = {**os.environ, **_EPOCH, "EDITION_CACHE": str(cache)}
    code = ("import json, sys; from pathlib import Path; from edition.bench import warm_rebuilds; "
            "print(json.dumps(warm_rebuilds(Path(sys.argv[1]), Path(sys.argv[2]))))")
    proc = subprocess.run([sys.executable, "-c", code, str(content), str(site)], env=env,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"warm rebuilds failed: {proc.stderr.strip()[-500:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def warm_rebuilds(content: Path, site: Path, edits: int = 2) -> list[dict[str, Any]]:
    """In this process, as ``edition serve`` does: build, then edit one source and build again,
    ``edits`` times → the edited builds' wall times and stages."""
    import io
    from contextlib import redirect_stderr

    from . import timing
    from .serve import Preview

    preview = Preview(content, site)
    out = []
    with redirect_stderr(io.StringIO()):
        if preview.build() != 0:
            raise RuntimeError("the first build failed")
        path = _middle_source(content)
        as_given = path.read_bytes()
        for k in range(edits):
            time.sleep(2)  # (the last build's deferred deletions are done)
            if k % 2:
                path.write_bytes(as_given)  # (undone exactly: the site must equal the clean build)
            else:
                _edit_one_source(content)
            t0 = time.monotonic()
            if preview.build(frozenset({str(path)})) != 0:  # (told what changed, as by serve's watcher)
                raise RuntimeError("a warm rebuild failed")
            done = time.monotonic()
            if preview.unseen_changes():
                raise RuntimeError("the warm rebuild did not see every change")
            stages = {"stages": timing.RECORDS}
            published = _stage(stages, "publish").get("at")
            pages = _stage(stages, "publish pages").get("at") or published  # (before the search index)
            out.append({"wall_s": round(done - t0, 2), "stages": list(timing.RECORDS),
                        "pages_s": round(pages - t0, 2) if pages else None,
                        "published_s": round(published - t0, 2) if published else None})
    return out


def _stage(result: dict, name: str) -> dict:
    return next((s for s in result["stages"] if s["stage"] == name), {})


def report(results: list[dict]) -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, AttributeError):
        pass
    cpu = platform.processor() or platform.machine()
    try:
        model = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = model.group(1).strip() if model else cpu
    except OSError:
        pass
    out = [f"{SECTION}", "",
           f"`edition bench` on {_dt.date.today().isoformat()}: {cpu}, {cores} cores{mem}, "
           f"Python {platform.python_version()}, {platform.system()} {platform.release()}. Editions generated "
           "by `edition synth --seed 1962`; each build in a fresh process, cold cache (no previous site) unless "
           "marked incremental. Peak = largest resident set of one process (the parent; each worker is a fork "
           "sharing its pages). Stage peak = the parent's peak so far.", ""]
    out += ["| documents | stage | wall s | CPU s | peak MB |", "| ---: | --- | ---: | ---: | ---: |"]
    for r in results:
        for s in r["full"]["stages"]:
            out.append(f"| {r['documents']:,} | {s['stage']} | {s['wall_s']:.2f} | {s['cpu_s']:.2f} | {s['peak_mb']:.0f} |")
        f = r["full"]
        out.append(f"| {r['documents']:,} | **whole build** | **{f['wall_s']:.2f}** | {f['cpu_s']:.2f} | {f['peak_mb']:.0f} |")
    out += ["", "| documents | full build s | docs/s | conversion docs/s/core | reading docs/s/core | "
                "incremental build s (1 source edited) | documents re-rendered | incremental = clean |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in results:
        n, f, inc = r["documents"], r["full"], r["incremental"]
        conv = _stage(f, "documents").get("cpu_s") or 0
        read = _stage(f, "reading").get("cpu_s") or 0
        rendered = _stage(inc, "documents").get("rendered", "?")
        out.append(f"| {n:,} | {f['wall_s']:.2f} | {n / f['wall_s']:.0f} | "
                   f"{(n / conv) if conv else 0:.0f} | {(n / read) if read else 0:.0f} | {inc['wall_s']:.2f} "
                   f"(reading {_stage(inc, 'reading').get('wall_s', 0):.2f}, documents "
                   f"{_stage(inc, 'documents').get('wall_s', 0):.2f}) | {rendered} | "
                   f"{'yes' if not r['incremental_differs'] else 'NO: ' + ', '.join(r['incremental_differs'][:3])} |")
    out += ["", "`edition serve` (the same build, again in one process, the unchanged documents kept in "
                "memory, told by the watcher which file changed), one source edited. From the build's start: "
                "the pages published (documents, lists, Markdown, TEI, API; the open pages reload), then the "
                "search index published, then the whole rebuild (the cache's records written too):", "",
            "| documents | edit → pages published s (two edits) | → search index published s | whole rebuild s | "
            "reading s | search index s | warm = clean |",
            "| ---: | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        warm = r.get("warm") or []

        def each(figure) -> str:
            return ", ".join(f"{figure(w):.2f}" for w in warm)

        same = "yes" if not r.get("warm_differs") else "NO: " + ", ".join(r["warm_differs"][:3])
        out.append(f"| {r['documents']:,} | {each(lambda w: w.get('pages_s') or 0)} | "
                   f"{each(lambda w: w.get('published_s') or 0)} | {each(lambda w: w['wall_s'])} | "
                   f"{each(lambda w: _stage(w, 'reading').get('wall_s', 0))} | "
                   f"{each(lambda w: _stage(w, 'search index').get('wall_s', 0))} | {same} |")
    if len(results) >= 2:
        a, b = results[0], results[-1]
        out += ["", f"time({b['documents']:,}) / time({a['documents']:,}) = "
                    f"{b['full']['wall_s'] / a['full']['wall_s']:.1f} (whole build, wall)."]
    return "\n".join(out) + "\n"


BEGIN, END = "<!-- edition bench --record: begin -->", "<!-- edition bench --record: end -->"


def record(text: str, path: Path = ROOT / "BENCHMARKS.md") -> None:
    """Put the report into BENCHMARKS.md: between the ``BEGIN``/``END`` markers when the file has
    them (the editors' reading of the figures around them is kept), else as the "Build scale"
    section (replaced, or added), keeping the other sections."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    a, b = old.find(BEGIN), old.find(END)
    if 0 <= a < b:
        body = text.split("\n", 1)[1].lstrip("\n") if text.startswith(SECTION) else text
        path.write_text(old[:a + len(BEGIN)] + "\n" + body.rstrip("\n") + "\n" + old[b:], encoding="utf-8")
        return
    start = old.find(SECTION)
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        end = old.find("\n## ", start + len(SECTION))
        new = old[:start] + text + (old[end:] if end >= 0 else "")
    path.write_text(new, encoding="utf-8")


def bench_command(sizes: list[int], workdir: Path, record_it: bool) -> int:
    workdir = Path(workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for n in sizes:
            print(f"edition bench: {n:,} documents…", file=sys.stderr)
            r = bench_size(n, workdir)
            results.append(r)
            (workdir / f"result-{n}.json").write_text(json.dumps(r, indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(workdir / TRASH, ignore_errors=True)
    text = report(results)
    print(text)
    if record_it:
        record(text)
    return 0 if all(not r["incremental_differs"] and not r.get("warm_differs") for r in results) else 1
