"""Stage timings: ``with stage("reading"):`` records wall time, CPU time and peak memory per stage.

When the environment variable ``EDITION_STAGE_TIMES`` names a file, ``write_times()`` (called at the
end of a build) writes the records there as JSON, for ``edition bench``. Figures are never asserted in
tests; they go to BENCHMARKS.md.
"""

from __future__ import annotations

import json
import os
import resource
import time
from contextlib import contextmanager
from typing import Iterator

RECORDS: list[dict] = []


def _peak_mb() -> float:
    """Peak resident memory of this process and its finished children, in MB (Linux: ru_maxrss is KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024.0


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time one build stage (wall, CPU of this process and its children, peak RSS so far)."""
    wall0, cpu0 = time.perf_counter(), _cpu()
    try:
        yield
    finally:
        RECORDS.append({"stage": name, "wall_s": round(time.perf_counter() - wall0, 3),
                        "cpu_s": round(_cpu() - cpu0, 3), "peak_mb": round(_peak_mb(), 1)})


def write_times() -> None:
    """Write the recorded stages to $EDITION_STAGE_TIMES, if set."""
    target = os.environ.get("EDITION_STAGE_TIMES")
    if target:
        with open(target, "w", encoding="utf-8") as fh:
            json.dump(RECORDS, fh, indent=1)
