"""Dates as typed on the documents → ISO values, tolerant of OCR.

``find_dates(text, default_year)`` → every date-like expression in a string, each a ``DateMatch``
with the ISO date (or None when the year cannot be known), the local time when one is attached, the
text as written, and whether the year was inferred. Handles the forms of EDITORIAL §2 and the
real OCR: ``October 28, 1962``, ``OCTOBER 28, 8 PM``, ``28 October 1962``, ``Nov 23 9 43 PM '62``,
``10/27/62``, ``1962/10/27``, ``29 August 62``, ``1963 OCT. 9``, DTGs ``091448Z OCT``, and OCR'd
month names (``Novenber``, ``Cctober``, ``Februar``) by edit distance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
MONTH_NAMES = tuple(m.capitalize() for m in MONTHS)  # as the edition writes them ("October 27, 1962")
ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
ABBR.update({"sept": 9})


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (small strings only)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _distance_within(a: str, b: str, limit: int) -> int:
    """``_distance(a, b)`` when it is at most ``limit``, else ``limit + 1`` (stops as soon as every
    entry of a row exceeds the limit: the row minima never decrease)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return min(prev[-1], limit + 1)


@lru_cache(maxsize=4096)
def month_number(word: str) -> Optional[int]:
    """A month name, abbreviation or OCR-damaged month name → 1..12, else None."""
    w = word.lower().rstrip(".")
    w = w.replace("0", "o").replace("1", "l")
    if w in ABBR:
        return ABBR[w]
    if len(w) < 4 or not w.isalpha():
        return None
    for i, m in enumerate(MONTHS):
        if w == m or (len(w) >= 4 and m.startswith(w)):
            return i + 1
    # OCR swaps vowels for vowels ("J0n0" → "jono" for June): same length, same first letter and the
    # same consonants in the same order, only vowels differ.
    if len(w) >= 4:
        skel = re.sub(r"[aeiouy]", "", w)
        hits = [i + 1 for i, m in enumerate(MONTHS)
                if len(m) == len(w) and m[0] == w[0] and re.sub(r"[aeiouy]", "", m) == skel]
        if len(hits) == 1:
            return hits[0]
    best = None
    for i, m in enumerate(MONTHS):
        limit = 1 if len(m) <= 5 else 2
        if abs(len(w) - len(m)) > limit:
            continue  # the distance is at least the difference in length
        d = _distance_within(w, m, limit)
        if d <= limit and (best is None or d < best[0]):
            best = (d, i + 1)
    return best[1] if best else None


@dataclass(frozen=True)
class DateMatch:
    """One date found in a string: ``start``/``end`` offsets, ``iso`` (None if year unknown),
    ``time`` ``HH:MM`` or None, ``text`` as written, ``year_inferred`` when the year came from context."""

    start: int
    end: int
    iso: Optional[str]
    time: Optional[str]
    text: str
    year_inferred: bool = False
    month: int = 0
    day: int = 0


MONTH_WORD = r"[A-Za-z][A-Za-z01]{2,9}\.?"
_NOON = r"NOON|MIDNIGHT|[Nn]oon|[Mm]idnight"
_AMPM = r"[AaPp]\.?\s?[Mm]\.?(?![A-Za-z])|[AP]\.?M\.?(?![A-Za-z])"
# A time after a date: "8 PM", "10:40 a.m.", "11.30 am", "12 NOON", "NOON", "12 MIDNIGHT".
TIME = (r"(?:,?\s*(?:(?P<h>\d{1,2})(?:[:.\s](?P<mi>\d{2}))?\s*(?P<ap>" + _AMPM + r"|(?:" + _NOON + r")(?![A-Za-z]))"
        r"|(?P<noon>(?:" + _NOON + r")(?![A-Za-z]))))")
# Two digits after a date are a year ("October 28, 62") unless a time follows them: then they are its
# hour — "NO: 1015, OCTOBER 27, 10 PM" is 10 p.m. of the 27th, not a day of 1910.
_NOT_AN_HOUR = r"(?![:.]\d{2}|\s\d{2}\s*(?:" + _AMPM + r"))(?!\s*(?:" + _AMPM + r"|(?:" + _NOON + r")(?![A-Za-z])))"
# (only 00-12 can be an hour: "January 2, 63 NOON" is of 1963)
_YY = r"(?:(?:[2-9][0-9Il!]|1[3-9])(?=\D|$)|[0-9Il!]{2}(?=\D|$)" + _NOT_AN_HOUR + r")"
PATTERNS = [
    # Nov 23 9 43 PM '62  (Department of State date-time stamp)
    re.compile(r"(?P<mon>" + MONTH_WORD + r")\s+(?P<d>\d{1,2})\s+(?P<h>\d{1,2})\s+(?P<mi>\d{2})\s*(?P<ap>[AP]M)\s*['’`]?(?P<y>\d{2})\b"),
    # October 28, 1962 [, 10:40 a.m.]  /  OCTOBER 28, 8 PM
    re.compile(r"(?P<mon>" + MONTH_WORD + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s*[,.]\s*|\s+|$)(?P<y>19[0-9Il!]{2}(?=\D|$)|" + _YY + r")?" + TIME + "?"),
    # 28 October 1962 / 8 November 1963 / 29 August 62 / 17 Februar
    re.compile(r"(?<![\d/])(?P<d>\d{1,2})\s*[-.:]?\s*(?P<mon>" + MONTH_WORD + r")[,.]?\s*(?P<y>(?:19|10)\d{2}(?!\d)|" + _YY + r")?"),
    # 1963 OCT. 9 / 1963 MAR 17 (receipt stamps)
    re.compile(r"\b(?P<y>19\d{2})\s+(?P<mon>" + MONTH_WORD + r")\s+(?P<d>\d{1,2})\b"),
    # 1962/10/27
    re.compile(r"\b(?P<y>19\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})\b"),
    # 10/27/62, 11/23/62, 6/10/77
    re.compile(r"(?<![\d/])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19)?\d{2})(?![\d/])"),
]
# Which patterns give the month as a number (group ``m``, always matched) rather than a word (``mon``).
_NUMERIC = tuple("m" in p.groupindex for p in PATTERNS)
DTG = re.compile(r"\b(?P<d>\d{2})/?(?P<h>\d{2})(?P<mi>\d{2})(?:Z\b|[27](?=\s+[A-Z]{3}\b))(?:\s+(?P<mon>[A-Z]{3}))?(?:\s+(?P<y>\d{2}))?")
# A precedence letter and a date-time group ("O 091448Z", "P 262015Z"), as OCR prints them:
# "0 091448Z" (O read as zero), "P. 2620157" (Z read as 7 or 2).
PREC_DTG = re.compile(r"(?<![\w/])(?P<p>[OPRZ0])\.?\s*(?P<d>\d{2})(?P<h>\d{2})(?P<mi>\d{2})(?:Z|[27](?!\d))")


def _year(raw: Optional[str]) -> Optional[int]:
    if not raw:
        return None
    raw = raw.replace("I", "1").replace("l", "1").replace("!", "1")
    if not raw.isdigit():
        return None
    y = int(raw)
    if y < 100:
        return 1900 + y
    if 1000 <= y < 1100:  # OCR "1068" for "1963": keep century, distrust the rest
        return None
    return y if 1900 <= y <= 2030 else None


def _time(h: Optional[str], mi: Optional[str], ap: Optional[str], noon: Optional[str] = None) -> Optional[str]:
    """The ``TIME`` groups → ``HH:MM`` (noon 12:00, midnight 00:00, as 12 a.m.), or None."""
    word = (noon or ap or "").lower()
    word = word if word in ("noon", "midnight") else ""
    if word:
        if h and int(h) != 12 or mi and int(mi):
            return None  # ("11 NOON": not a time to trust)
        return "12:00" if word == "noon" else "00:00"
    if not h:
        return None
    hour, minute = int(h), int(mi or 0)
    if ap:
        pm = ap.strip().lower().startswith("p")
        if hour == 12:
            hour = 0 if not pm else 12
        elif pm:
            hour += 12
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


_CLOCK = re.compile(r"(?i)^\W*(?:(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?\s*(?:(?P<ap>" + _AMPM + r"|" + _NOON + r")(?![a-z])"
                    r"|[-–]\s*(?P<h2>\d{1,2})(?:[:.]\d{2})?\s*(?P<ap2>" + _AMPM + r"))"
                    r"|(?P<word>" + _NOON + r")\b|(?P<hh>[0-2]\d)(?P<mm>[0-5]\d)\s*(?:hours|hrs\b))")
LONE_CLOCK = re.compile(r"(?i)^\W*(?:\d{1,2}(?:[:.]\d{2})?\s*(?:" + _AMPM + r"|" + _NOON + r")|" + _NOON + r")\W*$")
"""A line that is only a time ("10:55 a.m.")."""


def clock(text: str) -> Optional[str]:
    """A time at the start of ``text`` → ``HH:MM``: "4:00 p.m.", "10:55 a.m.", "12 noon", "Noon",
    "1600 hours", and the start of "4:00-5:15 p.m." (the half of the day the end gives, when the end's
    hour is later and not 12); None for a bare "4:00" (morning or afternoon?)."""
    m = _CLOCK.match(text)
    if not m:
        return None
    if m.group("hh"):
        hour, minute = int(m.group("hh")), int(m.group("mm"))
        return f"{hour:02d}:{minute:02d}" if hour <= 23 else None
    if m.group("word"):
        return _time(None, None, None, m.group("word"))
    if m.group("ap2"):
        start, end = int(m.group("h")), int(m.group("h2"))
        return _time(m.group("h"), m.group("mi"), m.group("ap2")) if start < end < 12 else None
    return _time(m.group("h"), m.group("mi"), m.group("ap"))


def _valid(y: int, m: int, d: int) -> bool:
    import calendar
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


def find_dates(text: str, default_year: Optional[int] = None) -> list[DateMatch]:
    """Every date in ``text``, left to right, overlapping matches resolved in favour of the longest."""
    if not _DIGIT.search(text):
        return []  # every form of date has a digit
    return list(_find_dates(text, default_year))


_DIGIT = re.compile(r"\d")
_AMPM = re.compile(r"\d\s*[AP]M")  # PATTERNS[0]: minutes, then AM/PM
_SPACE_DIGIT = re.compile(r"\s\d")  # PATTERNS[1]: a month word, spaces, the day
_SIX_DIGITS = re.compile(r"\d\d/?\d\d\d\d")  # DTG: day, hour and minutes


@lru_cache(maxsize=32768)
def _find_dates(text: str, default_year: Optional[int]) -> tuple[DateMatch, ...]:
    found: list[DateMatch] = []
    # Patterns that cannot match are skipped: each needs a mark the text must hold (exact, not a guess;
    # the marks are found by a scan much cheaper than the pattern's own: a digit before AM/PM, a digit
    # after a space, six digits in a row).
    has = (("AM" in text or "PM" in text) and _AMPM.search(text) is not None, _SPACE_DIGIT.search(text) is not None,
           True, "19" in text, "/" in text, "/" in text)
    for needed, pat, numeric in zip(has, PATTERNS, _NUMERIC):
        if not needed:
            continue
        for m in pat.finditer(text):
            # The month first (most matches of a word and a number name none), then the rest.
            month = int(m.group("m")) if numeric else month_number(m.group("mon"))
            if not month:
                continue
            g = m.groupdict()
            if not g.get("d"):
                continue
            day = int(g["d"])
            year = _year(g.get("y"))
            inferred = False
            if year is None:
                year, inferred = default_year, True
            time = _time(g.get("h"), g.get("mi"), g.get("ap"), g.get("noon"))
            if year is not None and not _valid(year, month, day):
                continue
            if year is None and not (1 <= day <= 31):
                continue
            iso = f"{year:04d}-{month:02d}-{day:02d}" if year else None
            found.append(DateMatch(m.start(), m.end(), iso, time, m.group(0).strip(), inferred, month, day))
    for m in DTG.finditer(text) if _SIX_DIGITS.search(text) else ():
        mon = month_number(m.group("mon") or "")
        if not mon:
            continue
        year = _year(m.group("y")) or default_year
        day = int(m.group("d"))
        if int(m.group("h")) > 23 or int(m.group("mi")) > 59:
            continue
        if year and _valid(year, mon, day):
            found.append(DateMatch(m.start(), m.end(), f"{year:04d}-{mon:02d}-{day:02d}",
                                   f"{m.group('h')}:{m.group('mi')}", m.group(0), m.group("y") is None, mon, day))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    result: list[DateMatch] = []
    for d in found:
        if result and d.start < result[-1].end:
            prev = result[-1]
            better = (d.iso and not prev.iso) or ((d.end - d.start) > (prev.end - prev.start) and bool(d.iso) >= bool(prev.iso))
            if better:
                result[-1] = d
            continue
        result.append(d)
    return tuple(result)


# A year of 1940–1975 as written: its tens digit, then a digit or what the OCR makes of one ("1962",
# "'62", "6l"); ``_year`` reads nothing else as such a year.
_YEAR_1940_1975 = re.compile(r"[4-7][0-9Il!]")


def may_date_1940_1975(text: str) -> bool:
    """Could ``find_dates(text, None)`` give a date of 1940–1975? False when ``text`` holds no such
    year as written: without a default year only a year in the text gives a date its ISO value. (A
    cheap test that spares the date patterns most of a file's text, where only those dates count.)"""
    return _YEAR_1940_1975.search(text) is not None


def first_date(text: str, default_year: Optional[int] = None) -> Optional[DateMatch]:
    """The first date in ``text`` that has a full ISO value, else the first of any kind."""
    dates = find_dates(text, default_year)
    for d in dates:
        if d.iso:
            return d
    return dates[0] if dates else None


def precedence_dtg(text: str) -> Optional[tuple[int, str]]:
    """A precedence letter with a date-time group (``O 091448Z``, OCR'd ``0 091448Z``, ``P. 2620157``)
    → (day, ``HH:MM``), else None. The month and year are not in the group; the caller supplies them."""
    for m in PREC_DTG.finditer(text):
        d, h, mi = int(m.group("d")), int(m.group("h")), int(m.group("mi"))
        if 1 <= d <= 31 and h <= 23 and mi <= 59:
            return d, f"{h:02d}:{mi:02d}"
    return None
