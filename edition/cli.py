"""The ``edition`` command: argv → exit status.

    edition build [--content DIR] [--site DIR]   read, convert and publish the site
    edition check [--content DIR]                read and report problems, build nothing
    edition synth --documents N --seed S --out DIR   write a generated benchmark corpus
    edition bench [...]                          time the build stages (see BENCHMARKS.md)
    edition serve [--content DIR] [--site DIR]   build, serve, rebuild on change (warm; pages reload)
    edition ids [--record]                       list ids; record them in the published-id ledger

Bad input is reported as ``path:line:col: severity[CODE]: message``; the exit status is 1 when any
error was found (the previous site is left as it was), 2 for a usage error, 0 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="edition", description="Build a static scholarly edition from OCR transcriptions.")
    p.add_argument("--version", action="version", version=f"edition {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the edition into a static site")
    b.add_argument("--content", type=Path, default=Path("content"), help="content folder (sources/ inside)")
    b.add_argument("--site", type=Path, default=Path("site"), help="output folder for the site")
    b.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    b.add_argument("--no-cache", action="store_true", help="ignore the incremental build cache")

    c = sub.add_parser("check", help="read the sources and report problems without building")
    c.add_argument("--content", type=Path, default=Path("content"))
    c.add_argument("--quiet", "-q", action="store_true", help="print errors only")

    s = sub.add_parser("synth", help="write a generated benchmark corpus")
    s.add_argument("--documents", type=int, required=True)
    s.add_argument("--seed", type=int, default=1962)
    s.add_argument("--out", type=Path, required=True)

    be = sub.add_parser("bench", help="benchmark the build on generated corpora")
    be.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes")
    be.add_argument("--workdir", type=Path, default=Path("bench"))
    be.add_argument("--record", action="store_true", help="append the figures to BENCHMARKS.md")

    i = sub.add_parser("ids", help="list document ids; --record adds them to content/ids.txt (the published-id ledger)")
    i.add_argument("--content", type=Path, default=Path("content"))
    i.add_argument("--record", action="store_true", help="add the current ids to the ledger")

    sv = sub.add_parser("serve", help="build the edition, serve it, and rebuild it when a file changes")
    sv.add_argument("--content", type=Path, default=Path("content"), help="content folder (sources/ inside)")
    sv.add_argument("--site", type=Path, default=Path("site"),
                    help="the site folder, built as edition build builds it (outside the content folder)")
    sv.add_argument("--dev-addr", default="127.0.0.1:8000", help="HOST:PORT to serve at (default 127.0.0.1:8000)")
    return p


def ids_command(content: Path, record: bool) -> int:
    """Print every document id (and its source); with ``record``, add them to the id ledger."""
    from .diagnostics import Reporter
    from .persistence import record_ids
    from .reader import read_corpus
    reporter = Reporter()
    _info, docs = read_corpus(content, reporter)
    reporter.print(warnings=False)
    if reporter.errors:
        return 1
    for d in docs:
        print(f"{d.id}\t{d.source}:{d.source_lines[0]}")
    if record:
        n = record_ids(docs, content)
        print(f"edition ids: {n} new id(s) recorded in {content / 'ids.txt'}", file=sys.stderr)
    return 0


def _terminate_as_interrupt() -> None:
    """SIGTERM (a service manager stopping ``edition serve``, ``kill``) ends a build as Ctrl-C does:
    its ``finally`` blocks run, so no staging folder is left beside the site and the site is left as
    it was."""
    import signal
    import threading

    def handler(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handler)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command in ("build", "serve") and argv is None:  # (the command itself, not a caller's test)
        _terminate_as_interrupt()
    try:
        if args.command == "build":
            from .build import build_command
            return build_command(args.content, args.site, quiet=args.quiet, use_cache=not args.no_cache)
        if args.command == "check":
            from .build import check_command
            return check_command(args.content, quiet=args.quiet)
        if args.command == "synth":
            from .synth import synth_command
            return synth_command(args.documents, args.seed, args.out)
        if args.command == "bench":
            from .bench import bench_command
            return bench_command([int(n) for n in args.sizes.split(",") if n.strip()], args.workdir, args.record)
        if args.command == "ids":
            return ids_command(args.content, args.record)
        if args.command == "serve":
            from .serve import serve_command
            return serve_command(args.content, args.site, args.dev_addr)
    except KeyboardInterrupt:
        print("edition: interrupted", file=sys.stderr)
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
