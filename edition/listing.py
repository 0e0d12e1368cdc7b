"""Long lists split into pages: a date-ordered list of rows → a tree of pages of at most LIMIT rows.

    split(rows, url, date_of, label, limit) → Listing: the list's own page (``url``) and its sub-pages
    pages(root)                             → every sub-page, in reading order
    pager(page)                             → ``<nav class="pager">``: ← previous · up · next →
    parts_table(page, noun)                 → ``<table>`` of a page's sub-pages with their counts

A list of at most ``LIMIT`` rows stays on its own page. A longer one is split by month, a month
longer than ``LIMIT`` by day (or, for register entries, into numbered parts), a day (or the undated
rows) longer than that into numbered parts:

    documents/                    the list's own page: a table of months
    documents/1962-10/            a month: its rows, or a table of its days
    documents/1962-10/27/         a day: its rows, or a table of its parts
    documents/1962-10/27/2/       part 2 of that day
    documents/undated/  documents/undated/2/
    persons/kennedy-john-f/1962-10/     the same under a register entry's page
    persons/kennedy-john-f/1962-10/2/   part 2 of a long month of an entry ("October 12–19")

Every sub-page lies in a folder below the list's own page, and its first segment is ``YYYY-MM``, a
bare year or ``undated`` — never a document id (``YYYY-MM-DD-…``, ``undated-…``) — so no sub-page
address can be a document's or a register entry's (those are one segment below their folder).
The split depends only on the rows, so addresses stay put while the list does not change; a
month that grows past LIMIT gains day pages below its own, which keeps its address.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterator, Optional, Sequence

from . import urls
from .dates import MONTH_NAMES

LIMIT = 400
"""Most rows on one page: at most ~120 KB of documents-list table; at 10,000 documents most register
entries' months stay whole, and only the busiest months go down to one page per day."""



@dataclass
class Listing:
    """One page of a split list: where it is, what it covers, its rows and its sub-pages.

    ``level`` is ``list`` (the list's own page), ``month``, ``day`` or ``part``; ``key`` what the
    page covers (``1962-10``, ``1962-10-27``, ``undated``; a part: its number); ``datetime`` that
    date for ``<time datetime>`` (None when undated or a part). ``label`` names the page in links
    and tables, ``heading`` in its title. A page with ``parts`` shows their table, not its rows."""

    url: str
    level: str
    key: str
    label: str
    heading: str
    rows: list
    datetime: Optional[str] = None
    parts: list["Listing"] = field(default_factory=list)
    parent: Optional["Listing"] = field(default=None, repr=False)

    @property
    def count(self) -> int:
        return len(self.rows)


@lru_cache(maxsize=4096)  # (called for every row of every list; dates repeat)
def month_of(date: Optional[str]) -> tuple[str, str, Optional[str]]:
    """A date's month group: (key, label, datetime) — ``("1962-10", "October 1962", "1962-10")``,
    a bare year ``("1962", "1962", "1962")``, or ``("undated", "Undated", None)``."""
    if not date or len(date) < 4 or not date[:4].isdigit():
        return "undated", "Undated", None
    if len(date) >= 7 and date[4] == "-" and date[5:7].isdigit() and 1 <= int(date[5:7]) <= 12:
        return date[:7], f"{MONTH_NAMES[int(date[5:7]) - 1]} {date[:4]}", date[:7]
    return date[:4], date[:4], date[:4]


@lru_cache(maxsize=4096)
def _day_of(date: Optional[str], month_label: str) -> tuple[str, str, Optional[str]]:
    """A date's day within its month: (segment, label, datetime) — ``("27", "October 27, 1962",
    "1962-10-27")``; a date without a legible day is ``("no-day", "October 1962, day not known")``."""
    if date and len(date) >= 10 and date[7] == "-" and date[8:10].isdigit() and 1 <= int(date[8:10]) <= 31:
        month, year = month_label.rsplit(" ", 1) if " " in month_label else (month_label, "")
        return date[8:10], f"{month} {int(date[8:10])}, {year}".strip(", "), date[:10]
    return "no-day", f"{month_label}, day not known", None


def _groups(rows: Sequence[Any], key: Callable[[Any], tuple[str, str, Optional[str]]]) -> list[tuple[tuple, list]]:
    """Consecutive runs of rows with the same key, in order (the rows are in date order)."""
    out: list[tuple[tuple, list]] = []
    for row in rows:
        k = key(row)
        if not out or out[-1][0][0] != k[0]:
            out.append((k, []))
        out[-1][1].append(row)
    return out


def _numbered(page: Listing, limit: int, date_of: Optional[Callable[[Any], Optional[str]]] = None) -> None:
    """Cut a page's rows into parts of at most ``limit`` rows: ``<page>/1/``, ``<page>/2/``… With
    ``date_of``, each part's label says which days it covers ("Part 2 of 4: October 12–19")."""
    n = (len(page.rows) + limit - 1) // limit
    for i in range(n):
        rows = page.rows[i * limit:(i + 1) * limit]
        label = f"Part {i + 1} of {n}"
        if date_of is not None:
            span = _days_covered(date_of(rows[0]), date_of(rows[-1]))
            label += f": {span}" if span else ""
        page.parts.append(Listing(f"{page.url}{i + 1}/", "part", str(i + 1), label,
                                  f"{page.heading}, {label[0].lower()}{label[1:]}", rows, None, parent=page))


def _days_covered(first: Optional[str], last: Optional[str]) -> str:
    """Two dates of one month → "October 12–19" ("October 12" for one day); "" without days."""
    if not (first and last and len(first) >= 10 and len(last) >= 10 and first[:7] == last[:7]
            and first[8:10].isdigit() and last[8:10].isdigit() and first[5:7].isdigit()):
        return ""
    month = MONTH_NAMES[int(first[5:7]) - 1] if 1 <= int(first[5:7]) <= 12 else ""
    a, b = int(first[8:10]), int(last[8:10])
    return f"{month} {a}" if a == b else f"{month} {a}–{b}"


def split(rows: Sequence[Any], url: str, date_of: Callable[[Any], Optional[str]], label: str,
          limit: int = LIMIT, by_month: bool = False, by_day: bool = True) -> Listing:
    """Date-ordered rows → the list's page at ``url`` (label: how its sub-pages' "up" link names it)
    with its sub-pages (see the module docstring). ``by_month`` splits by month even a short list
    (the documents list is always one page per month). ``by_day=False`` cuts a long month into
    numbered parts of ``limit`` rows (each labelled with the days it covers) instead of a page per
    day: a register entry named in 1,300 documents of October gets 4 pages, not 31."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    root = Listing(url, "list", "", label, label, list(rows))
    if len(root.rows) <= limit and not by_month:
        return root
    for (mkey, mlabel, mdt), mrows in _groups(root.rows, lambda r: month_of(date_of(r))):
        month = Listing(f"{url}{urls._seg(mkey)}/", "month", mkey, mlabel, mlabel, mrows, mdt, parent=root)
        root.parts.append(month)
        if len(mrows) <= limit:
            continue
        if mkey == "undated" or len(mkey) == 4:  # no days to split by
            _numbered(month, limit)
            continue
        if not by_day:
            _numbered(month, limit, date_of)
            continue
        for (dkey, dlabel, ddt), drows in _groups(mrows, lambda r: _day_of(date_of(r), mlabel)):
            day = Listing(f"{month.url}{dkey}/", "day", ddt or dkey, dlabel, dlabel, drows, ddt, parent=month)
            month.parts.append(day)
            if len(drows) > limit:
                _numbered(day, limit)
    return root


def pages(root: Listing) -> Iterator[Listing]:
    """Every sub-page of a split list (not the list's own page), parents before their parts."""
    for part in root.parts:
        yield part
        yield from pages(part)


def _neighbour(page: Listing, step: int) -> Optional[Listing]:
    """The page before (step -1) or after (+1) at the same level; at the end of its parent's parts,
    the parent's neighbour (the last day of October → November)."""
    parent = page.parent
    if parent is None:
        return None
    k = parent.parts.index(page) + step
    if 0 <= k < len(parent.parts):
        return parent.parts[k]
    return _neighbour(parent, step)


_NOUNS = {"month": "Months", "day": "Days", "part": "Parts"}


def pager(page: Listing) -> str:
    """Links from a sub-page to the page before and after it and up to the page that lists it, as
    ``<nav class="pager">`` (``rel="prev"``/``rel="next"``)."""
    here, out = page.url, []
    prev, nxt = _neighbour(page, -1), _neighbour(page, 1)
    if prev is not None:
        out.append(f'<a rel="prev" href="{html.escape(urls.relative(here, prev.url))}">← {html.escape(prev.label)}</a>')
    if page.parent is not None:
        up = page.parent
        text = up.label if up.level == "list" else f"{up.label}: all {_NOUNS[page.level].lower()}"
        out.append(f'<a href="{html.escape(urls.relative(here, up.url))}">{html.escape(text)}</a>')
    if nxt is not None:
        out.append(f'<a rel="next" href="{html.escape(urls.relative(here, nxt.url))}">{html.escape(nxt.label)} →</a>')
    return f'<nav class="pager" aria-label="{_NOUNS.get(page.level, "Pages")}">' + " · ".join(out) + "</nav>"


def parts_table(page: Listing, noun: str = "Documents") -> str:
    """A page's sub-pages as a table: each linked (its date as ``<time datetime>``) with its number
    of rows (column ``noun``)."""
    level = page.parts[0].level if page.parts else "month"
    head = {"month": "Month", "day": "Day", "part": "Part"}[level]
    out = [f'<table class="{"months" if level == "month" else level + "s"}">',
           f'<thead>\n<tr><th scope="col">{head}</th><th scope="col" class="count">{html.escape(noun)}</th></tr>\n</thead>',
           "<tbody>"]
    for part in page.parts:
        text = html.escape(part.label)
        if part.datetime:
            text = f'<time datetime="{html.escape(part.datetime)}">{text}</time>'
        out.append(f'<tr><td><a href="{html.escape(urls.relative(page.url, part.url))}">{text}</a></td>'
                   f'<td class="count">{part.count}</td></tr>')
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def count_text(n: int, one: str = "document", many: str = "documents") -> str:
    """``1 document``, ``12 documents``."""
    return f"{n} {one if n == 1 else many}"
