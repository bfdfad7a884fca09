"""Relative date phrases ("last week", "in April") resolved to EDTF against a publication date."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from desktop.domain.dates import DateBounds, DateError, describe_range, parse_edtf


@dataclass(frozen=True)
class Resolved:
    edtf: str  # the resolved date as EDTF
    rule: str  # one line for people, starting with the rule's id


# (start, end) of a resolved span; a None start is open ("more than a month ago").
_Span = tuple[date | None, date]

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_UNIT_NAMES = {"d": "day", "w": "week", "m": "month", "y": "year"}
_MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH_NAMES["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

# Digits may touch the unit ("4d ago"); number words may not ("an" + "d" is not "and").
_NUMBER = (r"(?P<n>\d+(?=\s*[a-z])|(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|"
           r"eleven|twelve)(?=\s))\s*")
_UNIT = r"(?P<unit>days?|d|weeks?|w|months?|years?)"
_TOKENS = {
    "<QTY>": _NUMBER + _UNIT,
    "<QTY?>": f"(?:{_NUMBER})?{_UNIT}",  # "the past week": one unit when no number is given
    "<MONTH>": "(?P<month>" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")\.?",
    "<WEEKDAY>": "(?P<weekday>" + "|".join(_WEEKDAYS) + ")",
    "<DAY>": r"(?P<day>\d{1,2})(?:st|nd|rd|th)?",
    "<YEAR>": r"(?:,? (?P<year>\d{4}))?",
}


def _compile(pattern: str) -> re.Pattern[str]:
    for token, regex in _TOKENS.items():
        pattern = pattern.replace(token, regex)
    return re.compile(pattern)


def _group(m: re.Match[str], name: str) -> str | None:
    """A named group's text, None when the rule's pattern has no such group or it is unmatched."""
    return m.groupdict().get(name)


def _count(m: re.Match[str]) -> int:
    word = (m["n"] or "1").strip()
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _unit(m: re.Match[str]) -> str:
    return _UNIT_NAMES[m["unit"][0]] + ("s" if _count(m) != 1 else "")


def _qty(m: re.Match[str]) -> str:
    """The quantity for people: the number as written, the unit in full ("4d" -> "4 days")."""
    return f"{(m['n'] or 'a').strip()} {_unit(m)}"


def _shift(day: date, m: re.Match[str], sign: int) -> date:
    """`day` moved by the match's quantity; months clamp to the month's end, as dateparser does."""
    n, unit = _count(m) * sign, m["unit"][0]
    if unit in "dw":
        return day + timedelta(days=n * (7 if unit == "w" else 1))
    months = day.year * 12 + day.month - 1 + n * (12 if unit == "y" else 1)
    year, month = divmod(months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _month_span(year: int, month: int) -> _Span:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _month_of(m: re.Match[str], day: date) -> tuple[int, int]:
    """The named month's occurrence nearest `day`; a six-month tie goes to the past, as sources
    mostly report what has already happened."""
    month = _MONTH_NAMES[m["month"]]
    delta = month - day.month
    return day.year - (delta >= 6) + (delta < -6), month


# --- Rules measured from the anchor day (they inherit the anchor's ~ and ?) ---

def _arithmetic(m: re.Match[str], day: date) -> _Span | None:
    import dateparser  # slow to import; only the plain "N units ago" phrases need it

    # Rebuilt in full words: dateparser misses spaced abbreviations such as "12 w ago".
    phrase = f"{_count(m)} {_unit(m)} ago" if _group(m, "unit") else m[0]
    # RELATIVE_BASE always: without it dateparser counts from today and results drift.
    settings = {"RELATIVE_BASE": datetime(day.year, day.month, day.day),
                "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    found = dateparser.parse(phrase, languages=["en"], settings=settings)
    return None if found is None else (found.date(), found.date())


def _back_to(m: re.Match[str], day: date) -> _Span:
    return _shift(day, m, -1), day


def _before(m: re.Match[str], day: date) -> _Span:
    return None, _shift(day, m, -1)


def _about(m: re.Match[str], day: date) -> _Span:
    return _shift(day, m, -1), _shift(day, m, -1)


def _within(m: re.Match[str], day: date) -> _Span:
    return day, _shift(day, m, 1)


def _week(m: re.Match[str], day: date) -> _Span:
    monday = day - timedelta(days=day.weekday() + (7 if _group(m, "which") == "last" else 0))
    return monday, monday + timedelta(days=6)


def _weekend(m: re.Match[str], day: date) -> _Span:
    # Strictly before the anchor: from a Saturday or Sunday it is the weekend before.
    sunday = day - timedelta(days=(day.weekday() + 1) % 7 or 7)
    return sunday - timedelta(days=1), sunday


def _weekday(m: re.Match[str], day: date) -> _Span:
    back = (day.weekday() - _WEEKDAYS[m["weekday"]]) % 7
    # "last Tuesday" is never the anchor day itself; "on Tuesday" from a Tuesday is that day.
    found = day - timedelta(days=back or (7 if m[0].startswith("last") else 0))
    return found, found


def _month(m: re.Match[str], day: date) -> _Span:
    first = day.replace(day=1)
    if _group(m, "which") == "last":
        first = (first - timedelta(days=1)).replace(day=1)
    return _month_span(first.year, first.month)


def _year(m: re.Match[str], day: date) -> _Span:
    year = day.year - (_group(m, "which") == "last")
    return date(year, 1, 1), date(year, 12, 31)


# --- Rules naming the calendar (they take only the year from the anchor, and stay exact) ---

def _in_month(m: re.Match[str], day: date) -> _Span:
    year = _group(m, "year")
    return _month_span(*((int(year), _MONTH_NAMES[m["month"]]) if year else _month_of(m, day)))


def _month_day(m: re.Match[str], day: date) -> _Span | None:
    month, dom = _MONTH_NAMES[m["month"]], int(m["day"])
    years = [int(m["year"])] if m["year"] else [day.year - 1, day.year, day.year + 1]
    found = [date(y, month, dom) for y in years if 1 <= dom <= calendar.monthrange(y, month)[1]]
    if not found:
        return None
    # The nearest occurrence; on a tie the earlier one, as with month names.
    best = min(found, key=lambda d: (abs((d - day).days), d > day))
    return best, best


def _part_of_month(m: re.Match[str], day: date) -> _Span:
    start, end = _month_span(*_month_of(m, day))
    first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, end.day)}[m["part"]]
    return start.replace(day=first), start.replace(day=last)


def _end_of_month(m: re.Match[str], day: date) -> _Span:
    end = _month_span(*_month_of(m, day))[1]
    return end, end


def _before_early(m: re.Match[str], day: date) -> _Span:
    return None, _month_span(*_month_of(m, day))[0].replace(day=10)


class _Rule(NamedTuple):
    id: str
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], date], _Span | None]
    relative: bool  # measured from the anchor day, so it inherits the anchor's ~ and ?
    approximate: bool  # approximate whatever the anchor
    says: str  # for people; {anchor}, {qty}, {month}, {day}, {year}, {part}, {weekday} filled


# Ordered: the first rule whose pattern matches the whole phrase wins.
_RULES = [
    _Rule("less-than-ago", _compile(r"less than <QTY> ago"), _back_to, True, False,
          "from {qty} before {anchor} to that day"),
    _Rule("past-span", _compile(r"(?:(?:in|over|during|within) )?the (?:past|last) <QTY?>"),
          _back_to, True, False, "from {qty} before {anchor} to that day"),
    _Rule("more-than-ago", _compile(r"(?:more than|over) <QTY> ago"), _before, True, False,
          "up to {qty} before {anchor}, with an open start"),
    _Rule("about-ago", _compile(r"(?:about|around|roughly|approximately|some) <QTY> ago"),
          _about, True, True, "about {qty} before {anchor}"),
    _Rule("ago", _compile(r"<QTY> ago"), _arithmetic, True, False, "{qty} before {anchor}"),
    _Rule("yesterday", _compile(r"yesterday"), _arithmetic, True, False,
          "the day before {anchor}"),
    _Rule("today", _compile(r"today"), _arithmetic, True, False, "{anchor} itself"),
    _Rule("within", _compile(r"within(?: the next)? <QTY>"), _within, True, False,
          "from {anchor} to {qty} after it"),
    _Rule("last-week", _compile(r"(?P<which>last) week"), _week, True, False,
          "the Monday-Sunday week before the week of {anchor}"),
    _Rule("this-week", _compile(r"this week"), _week, True, False,
          "the Monday-Sunday week of {anchor}"),
    _Rule("last-weekend", _compile(r"(?:(?:over|during|at) )?(?:the|last) weekend"), _weekend,
          True, False, "the Saturday and Sunday before {anchor}"),
    _Rule("last-weekday", _compile(r"last <WEEKDAY>"), _weekday, True, False,
          "the {weekday} before {anchor}"),
    _Rule("weekday", _compile(r"(?:on )?<WEEKDAY>"), _weekday, True, False,
          "the {weekday} on or before {anchor}"),
    _Rule("last-month", _compile(r"(?P<which>last) month"), _month, True, False,
          "the calendar month before that of {anchor}"),
    _Rule("this-month", _compile(r"this month"), _month, True, False,
          "the calendar month of {anchor}"),
    _Rule("last-year", _compile(r"(?P<which>last) year"), _year, True, False,
          "the calendar year before that of {anchor}"),
    _Rule("this-year", _compile(r"this year"), _year, True, False,
          "the calendar year of {anchor}"),
    _Rule("in-month-year", _compile(r"(?:in )?<MONTH>,? (?P<year>\d{4})"), _in_month, False,
          False, "{month} {year} as written"),
    _Rule("in-month", _compile(r"in <MONTH>"), _in_month, False, False,
          "the {month} nearest {anchor}"),
    _Rule("month-day", _compile(r"(?:on )?<MONTH> <DAY><YEAR>"), _month_day, False, False,
          "{day} {month} nearest {anchor}"),
    _Rule("month-day", _compile(r"(?:on )?(?:the )?<DAY> (?:of )?<MONTH><YEAR>"), _month_day,
          False, False, "{day} {month} nearest {anchor}"),
    _Rule("part-of-month", _compile(r"(?:in )?(?:the )?(?P<part>early|mid|late)[- ]?<MONTH>"),
          _part_of_month, False, False,
          "{part} of the {month} nearest {anchor}"),
    _Rule("by-end-of-month", _compile(r"by (?:the )?end of <MONTH>"), _end_of_month, False,
          False, "the last day of the {month} nearest {anchor}, as a deadline"),
    _Rule("end-of-month", _compile(r"(?:at )?(?:the )?end of <MONTH>"), _end_of_month, False,
          True, "about the last day of the {month} nearest {anchor}"),
    _Rule("before-early-month", _compile(r"before (?:the )?early <MONTH>"), _before_early,
          False, False, "up to day 10 of the {month} nearest {anchor}, with an open start"),
]


def resolve_phrase(phrase: str, anchor: str) -> Resolved | None:
    """None when the phrase is not one we can resolve ("for several months", "recently") or the
    anchor is unreadable."""
    text = " ".join((phrase or "").lower().split()).rstrip(".").strip()
    try:
        bounds = parse_edtf(anchor)
    except DateError:
        return None
    if not text or bounds.lower is None or bounds.upper is None:
        return None  # an open-ended anchor gives nothing to count from
    for rule in _RULES:
        m = rule.pattern.fullmatch(text)
        if m is not None:
            break
    else:
        return None
    days = {date.fromisoformat(bounds.lower[:10]), date.fromisoformat(bounds.upper[:10])}
    try:
        spans = [rule.resolve(m, day) for day in sorted(days)]
    except (ValueError, OverflowError):  # arithmetic past year 1 or 9999
        return None
    if any(span is None for span in spans):
        return None
    # A span-long anchor (a month, an interval) resolves to every date either end allows.
    starts = [span[0] for span in spans]
    start = None if None in starts else min(starts)
    end = max(span[1] for span in spans)
    approximate = rule.approximate or (rule.relative and bounds.approximate)
    uncertain = rule.relative and bounds.uncertain
    mark = "%" if approximate and uncertain else "~" if approximate else "?" if uncertain else ""
    return Resolved(_edtf(start, end, mark), f"{rule.id}: {_says(rule, m, bounds)}")


_PARTS = {"early": "days 1-10", "mid": "days 11-20", "late": "day 21 to the end"}


def _says(rule: _Rule, m: re.Match[str], bounds: DateBounds) -> str:
    anchor = describe_range(bounds.lower, bounds.upper)
    month = _group(m, "month")
    fields = {
        **{name: value or "" for name, value in m.groupdict().items()},
        "anchor": f"about {anchor}" if bounds.approximate else anchor,
        "qty": _qty(m) if _group(m, "unit") else "",
        "month": calendar.month_name[_MONTH_NAMES[month]] if month else "",
        "weekday": (_group(m, "weekday") or "").capitalize(),
        "part": _PARTS.get(_group(m, "part") or "", ""),
    }
    return rule.says.format_map(fields)


def _edtf(start: date | None, end: date, mark: str) -> str:
    """The span as compact EDTF: a day, a whole month, a whole year, or an interval."""
    if start is None:
        return f"../{end.isoformat()}{mark}"
    if start == end:
        return f"{start.isoformat()}{mark}"
    whole_month = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    if whole_month and (start.year, start.month) == (end.year, end.month):
        return f"{start.year:04d}-{start.month:02d}{mark}"
    if whole_month and start.year == end.year and (start.month, end.month) == (1, 12):
        return f"{start.year:04d}{mark}"
    return f"{start.isoformat()}{mark}/{end.isoformat()}{mark}"
