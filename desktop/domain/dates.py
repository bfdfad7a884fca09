"""EDTF date text: validation, sort/filter bounds and precision, through the `edtf` library."""

from __future__ import annotations

import calendar
import re
import time
from dataclasses import dataclass
from datetime import date as _date
from datetime import timedelta
from functools import lru_cache

import edtf

_QUALIFIERS = re.compile(r"[~?%]")
# Plain calendar dates (the bulk of any case) skip the edtf grammar, which costs ~15 ms a call.
_PLAIN = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2])(?:-(\d{2}))?)?")


_FIRST_DAY = "0001-01-01"


class DateError(ValueError):
    """An EDTF text that cannot be read."""


@dataclass(frozen=True)
class DateBounds:
    """What a case stores beside an EDTF text so that it can sort and filter by it."""

    edtf: str
    lower: str | None  # ISO date, None for an open or unknown start
    upper: str | None  # ISO date, None for an open or unknown end
    precision: str  # day | month | season | year | decade | century | interval
    approximate: bool
    uncertain: bool
    # Filter bounds: the strict ones widened where a side is approximate ("about July" may be
    # late June), by our own rule; the library's fuzzy bounds add a whole year to "2026-07~".
    earliest: str | None = None
    latest: str | None = None


@lru_cache(maxsize=8192)
def parse_edtf(text: str) -> DateBounds:
    """Validate an EDTF text and compute its strict bounds; raises DateError."""
    try:
        return _parse(text)
    except DateError:
        raise
    except (ValueError, OverflowError, TypeError) as exc:  # the calendar's edges, year 0
        raise DateError(f"{text!r} is outside the dates Casefile can place ({exc})") from exc


def _parse(text: str) -> DateBounds:
    text = (text or "").strip()
    if not text:
        raise DateError("empty date")
    if text[0] in "[{-" or "/-" in text:
        # Sets and years before 1 sort by no single span; not in a case's vocabulary yet.
        raise DateError(f"{text!r}: sets of dates and years before 1 are not supported")
    plain = _plain_bounds(text)
    if plain is not None:
        return DateBounds(text, *plain, _precision(text), approximate=False, uncertain=False,
                          earliest=plain[0], latest=plain[1])
    try:
        edtf.parse_edtf(text)
    except Exception as exc:  # the library raises several types for malformed input
        raise DateError(f"{text!r} is not an EDTF date") from exc
    if "/" in text:
        start, _, end = text.partition("/")
        lower = _side_bounds(start)[0]
        upper = _side_bounds(end)[1]
        if lower and upper and lower > upper:
            raise DateError(f"{text!r}: the interval ends before it starts")
        precision = "interval"
    else:
        lower, upper = _side_bounds(text)
        precision = _precision(text)
    # Year 0 ("00XX" reaches it) has no place on a calendar: the span starts at year 1.
    lower = _FIRST_DAY if lower is not None and lower < _FIRST_DAY else lower
    if upper is not None and upper < _FIRST_DAY:
        raise DateError(f"{text!r} ends before year 1")
    earliest, latest = filter_bounds(text, lower, upper)
    return DateBounds(
        edtf=text,
        lower=lower,
        upper=upper,
        precision=precision,
        approximate="~" in text or "%" in text,
        uncertain="?" in text or "%" in text,
        earliest=earliest,
        latest=latest,
    )


# How far "about" reaches beyond a date, by the precision of the approximate side: about a
# day is within a few days, about a month within half a month, about a year within half a year.
APPROXIMATE_REACH = {"day": 3, "month": 15, "season": 30, "year": 182, "decade": 730,
                     "century": 3652}


def filter_bounds(text: str, lower: str | None, upper: str | None) -> tuple[str | None, ...]:
    """The strict bounds of an EDTF text widened where a side is approximate (earliest,
    latest); cheap, for callers that already hold the strict bounds."""
    start, _, end = text.partition("/") if "/" in text else (text, "", text)
    return _widened(lower, start, -1), _widened(upper, end, +1)


def _widened(bound: str | None, side: str, direction: int) -> str | None:
    """A strict bound moved outwards if its side is approximate (~ or %); uncertainty (?)
    says the value may be wrong, not that it is loose, so it widens nothing."""
    if bound is None or ("~" not in side and "%" not in side):
        return bound
    precision = _precision(side)
    if precision == "day" and "X" in side.split("-")[-1]:
        precision = "month"  # about "some day in June" reaches as far as about June
    reach = APPROXIMATE_REACH[precision]
    try:
        moved = _date.fromisoformat(bound) + timedelta(days=direction * reach)
    except OverflowError:  # about year 1, about 9999: the calendar's own edge
        moved = _date.min if direction < 0 else _date.max
    return moved.isoformat()


def _side_bounds(text: str) -> tuple[str | None, str | None]:
    """Bounds of one side of an interval or of a single date; '..' and '' are open/unknown."""
    if text in ("", ".."):
        return None, None
    plain = _plain_bounds(text)
    if plain is not None:
        return plain
    try:
        parsed = edtf.parse_edtf(text)
        return _iso(parsed.lower_strict()), _iso(parsed.upper_strict())
    except (ValueError, TypeError):
        # edtf 5.0 fails on a partly unspecified day such as 2026-06-1X; read the digits ourselves.
        return _unspecified_bounds(text)


def _plain_bounds(text: str) -> tuple[str, str] | None:
    """Bounds of YYYY, YYYY-MM or YYYY-MM-DD without the grammar; None for anything else."""
    match = _PLAIN.fullmatch(text)
    if match is None:
        return None
    year, month, day = match.groups()
    y = int(year)
    m_lo, m_hi = (int(month), int(month)) if month else (1, 12)
    last = calendar.monthrange(y, m_hi)[1]
    if day is None:
        return f"{y:04d}-{m_lo:02d}-01", f"{y:04d}-{m_hi:02d}-{last:02d}"
    if not 1 <= int(day) <= last:
        raise DateError(f"{text!r} is not an EDTF date (no such day)")
    return text, text


def _unspecified_bounds(text: str) -> tuple[str, str]:
    bare = _QUALIFIERS.sub("", text)
    parts = bare.split("-")
    low = [p.replace("X", "0") for p in parts]
    high = [p.replace("X", "9") for p in parts]
    year_lo, year_hi = int(low[0]), int(high[0])
    month_lo = max(1, int(low[1])) if len(parts) > 1 else 1
    month_hi = min(12, int(high[1])) if len(parts) > 1 else 12
    last_day = calendar.monthrange(year_hi, month_hi)[1]
    day_lo = max(1, int(low[2])) if len(parts) > 2 else 1
    day_hi = min(last_day, int(high[2])) if len(parts) > 2 else last_day
    if day_lo > calendar.monthrange(year_lo, month_lo)[1]:
        raise DateError(f"{text!r} names no possible day")
    lower = f"{year_lo:04d}-{month_lo:02d}-{day_lo:02d}"
    return lower, f"{year_hi:04d}-{month_hi:02d}-{day_hi:02d}"


def _iso(value: time.struct_time | float) -> str | None:
    if isinstance(value, float):  # the library's +/- infinity for open ends
        return None
    return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"


def _precision(text: str) -> str:
    parts = _QUALIFIERS.sub("", text).split("-")
    if len(parts) >= 3:
        return "day"
    if len(parts) == 2:
        return "season" if parts[1].isdigit() and int(parts[1]) > 12 else "month"
    year = parts[0]
    if year.endswith("XX"):
        return "century"
    if year.endswith("X"):
        return "decade"
    return "year"


def describe_range(lower: str | None, upper: str | None) -> str:
    """A resolved date range in words: '2 June 2026', 'June 2026', '3 June – 31 July 2026'."""
    if not lower and not upper:
        return "undated"
    if not lower or not upper:
        return f"after {_day(lower)}" if lower else f"before {_day(upper)}"
    try:
        lo, hi = _date.fromisoformat(lower[:10]), _date.fromisoformat(upper[:10])
    except ValueError:  # bounds written by another tool: show them as they are
        return f"{lower} – {upper}"
    if lo == hi:
        return _day(lower)
    if (lo.month, lo.day, hi.month, hi.day) == (1, 1, 12, 31):
        return str(lo.year) if lo.year == hi.year else f"{lo.year}–{hi.year}"
    whole_months = lo.day == 1 and hi.day == calendar.monthrange(hi.year, hi.month)[1]
    if whole_months and (lo.year, lo.month) == (hi.year, hi.month):
        return f"{_MONTHS[lo.month - 1]} {lo.year}"
    if whole_months and lo.year == hi.year:
        return f"{_MONTHS[lo.month - 1]} – {_MONTHS[hi.month - 1]} {lo.year}"
    if lo.year == hi.year:
        return f"{lo.day} {_MONTHS[lo.month - 1]} – {_day(upper)}"
    return f"{_day(lower)} – {_day(upper)}"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _day(iso: str | None) -> str:
    try:
        day = _date.fromisoformat((iso or "")[:10])
    except ValueError:
        return iso or "?"
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def describe_edtf(text: str | None) -> str:
    """An EDTF date for people, honest about its doubt: 'about June 2026', 'June 2026 (day
    unknown)', '2026 (uncertain)', '2 June – 31 July 2026', 'before 31 July 2026'."""
    if not text:
        return "undated"
    try:
        bounds = parse_edtf(text)
    except DateError:
        return text  # shown as written rather than hidden
    words = describe_range(bounds.lower, bounds.upper)
    if "X" in text and bounds.precision == "day":  # "2020–2029" says a decade by itself
        words += " (day unknown)"
    if bounds.approximate:
        words = f"about {words}"
    if bounds.uncertain:
        words += " (uncertain)"
    return words
