"""Score the reader against a gold reading: ``python -m edition.gold_score [DIR]``.

``DIR`` (default ``../shared/corpus/real-ocr``) holds ``*.txt`` sources and ``gold.yaml`` (see its
README). For each record the first document the reader finds is compared with the gold ``date_iso``,
``from`` and ``to``; fields the gold marks ``not_in_ocr`` are not scored. Names match when most of the
gold's words (its text before any parenthesis) are in the reader's value, or the reverse: OCR'd names
are compared loosely, never by special cases for particular files.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from .diagnostics import Reporter
from .reader import read_file
from .sources import read_source

FIELDS = [("date", "date_iso"), ("from", "from"), ("to", "to")]


def _words(text: str) -> set[str]:
    text = re.sub(r"\(.*?\)", " ", text)
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in {"the", "of", "mr", "for", "and"}}


def names_match(gold, ours) -> bool:
    if gold is None:
        return not ours
    if not ours:
        return False
    g, o = _words(str(gold)), _words(str(ours))
    if not g:
        return not o
    common = len(g & o)
    return common / len(g) >= 0.5 or (bool(o) and common / len(o) >= 0.66)


def score(directory: Path) -> tuple[list[dict], dict[str, tuple[int, int]]]:
    """Every gold record → rows of (record, field, gold, ours, ok); totals per field (right, scored)."""
    gold = yaml.safe_load((directory / "gold.yaml").read_text(encoding="utf-8"))
    rows, totals = [], {name: [0, 0] for name, _ in FIELDS}
    for rec in gold:
        src = read_source(directory / f"{rec['record']}.txt", Reporter())
        docs = read_file(src, Reporter()) if src else []
        doc = docs[0] if docs else None
        skip = " ".join(rec.get("not_in_ocr") or []).lower()
        for name, key in FIELDS:
            if re.search(rf"\b{key.split('_')[0]}\b", skip):
                continue
            expected = rec["expected"].get(key)
            ours = {"date": doc.date if doc else None, "from": doc.sender if doc else None,
                    "to": doc.addressee if doc else None}[name]
            ok = (str(expected) == ours) if name == "date" else names_match(expected, ours)
            totals[name][0] += ok
            totals[name][1] += 1
            rows.append({"record": rec["record"], "field": name, "gold": expected, "ours": ours, "ok": ok})
    return rows, {k: (v[0], v[1]) for k, v in totals.items()}


def main(argv: list[str]) -> int:
    directory = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "real-ocr"
    rows, totals = score(directory)
    for r in rows:
        print(f"{'ok ' if r['ok'] else 'BAD'} {r['record']:18} {r['field']:5} gold={r['gold']!r:45.45} ours={r['ours']!r:.45}")
    right = sum(v[0] for v in totals.values())
    scored = sum(v[1] for v in totals.values())
    for k, (a, b) in totals.items():
        print(f"{k:5} {a}/{b} = {100 * a / b:.1f}%")
    print(f"all   {right}/{scored} = {100 * right / scored:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
