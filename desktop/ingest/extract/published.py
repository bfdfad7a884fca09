"""Publication dates from file metadata, as EDTF text that keeps the precision given."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from dateparser.date import DateDataParser

from desktop.domain.dates import DateError, parse_edtf

# Longer values are sentences, not dates; dateparser would only guess at them.
_MAX_CHARS = 64
# 2026 | 2026-06 | 2026-06-02, optionally followed by a time (its zone is ignored: the day
# written is the day the publisher meant).
_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ]\d{1,2}:\d{2}\S*)?")
# PDF dates (D:20260602101500+02'00', D:202606) and compact 20260602.
_COMPACT = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(?:\d{2,6})?(?:[Zz+\-].*)?|(\d{4})(\d{2})(\d{2})")
_YMD_SLASHED = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
# 02.06.2026 (day first wherever dots are used) and 02/06/2026 (either order: see _numeric).
_NUMERIC = re.compile(r"(\d{1,2})([./])(\d{1,2})\2(\d{4})")
_EDTF_CHARACTERS = re.compile(r"[0-9X~?%/.\-]+")
# Free text is read only when it has a word ("June", "Juni"): digits dateparser would guess at.
_WORD = re.compile(r"[^\W\d_]{3,}")
# Only absolute dates: no "3 days ago" or "yesterday" resolved against today, no timestamps,
# and a year is required so that "June 2" is never completed with this year.
_DATEPARSER_SETTINGS = {
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}
_PERIOD_LENGTH = {"year": 4, "month": 7, "day": 10, "time": 10}


def edtf_from_metadata(value: str | dt.date | dt.datetime | None) -> str | None:
    """An EDTF date ("2026", "2026-06", "2026-06-02") from a metadata value, None if unreadable.

    Precision is kept, never invented: "June 2026" is "2026-06", not a day in June.
    """
    if isinstance(value, dt.date):  # datetime.datetime is a date too: its day is kept
        return _valid(value.strftime("%Y-%m-%d")) if value.year >= 1000 else None
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text or len(text) > _MAX_CHARS:
        return None
    readers = (_iso, _compact, _numeric, _edtf, _free_text)
    if _WORD.search(text) is None:
        readers = readers[:-1]
    for read in readers:
        found = read(text)
        if found is not None:
            return _valid(found)
    return None


def _valid(text: str) -> str | None:
    try:
        parse_edtf(text)
    except DateError:
        return None
    return text


def _join(year: str, month: str | None = None, day: str | None = None) -> str | None:
    """YYYY[-MM[-DD]] from parts, None when a part is out of range."""
    if int(year) < 1000:  # not a publication date: a misread number
        return None
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return None
    if day is None:
        return f"{year}-{int(month):02d}"
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _iso(text: str) -> str | None:
    match = _ISO.fullmatch(text) or _YMD_SLASHED.fullmatch(text)
    return _join(*match.groups()) if match else None


def _compact(text: str) -> str | None:
    match = _COMPACT.fullmatch(text)
    if match is None:
        return None
    year, month, day, *compact = match.groups()
    if year is None:
        return _join(*compact)
    return _join(year, month, day if month else None)


def _numeric(text: str) -> str | None:
    """02.06.2026 is day first; 02/06/2026 is ambiguous unless one part is over 12."""
    match = _NUMERIC.fullmatch(text)
    if match is None:
        return None
    first, separator, second, year = match.groups()
    if separator == ".":
        return _join(year, second, first)
    if int(first) > 12:
        return _join(year, second, first)
    if int(second) > 12 or first == second:
        return _join(year, first, second)
    return year  # 02/06/2026: June 2 or February 6; only the year is certain


def _edtf(text: str) -> str | None:
    """Values already in EDTF (2026-06~, 2026-21, 2026/2027) are kept as written."""
    return text if _EDTF_CHARACTERS.fullmatch(text) and _valid(text) else None


def _free_text(text: str) -> str | None:
    """ "June 2026", "2 June 2026", "2. Juni 2026": English first, then any language."""
    for parser in _parsers():
        data = parser.get_date_data(text)
        length = _PERIOD_LENGTH.get(data.period or "")
        if data.date_obj is not None and length is not None and data.date_obj.year >= 1000:
            return data.date_obj.strftime("%Y-%m-%d")[:length]
    return None


@lru_cache(maxsize=1)
def _parsers() -> tuple[DateDataParser, DateDataParser]:
    # Built once: every language's data loads on the first call (about a second).
    return (
        DateDataParser(languages=["en"], settings=_DATEPARSER_SETTINGS),
        DateDataParser(settings=_DATEPARSER_SETTINGS),
    )
