import re
from datetime import date, datetime

import dateparser
import pytest

from desktop.domain.dates import parse_edtf
from desktop.domain.relative_dates import Resolved, resolve_phrase

SAT = "2026-06-20"  # a Saturday
TUE = "2026-06-02"
JAN = "2026-01-15"  # a Thursday
ABOUT_JUNE = "2026-06~"

ROWS = [
    # phrase, anchor, expected EDTF (None: not resolvable)
    # The seed articles' own phrases.
    ("less than two weeks ago", SAT, "2026-06-06/2026-06-20"),
    ("last week", SAT, "2026-06-08/2026-06-14"),
    ("in April", SAT, "2026-04"),
    ("by the end of July", SAT, "2026-07-31"),
    ("within 60 days", SAT, "2026-06-20/2026-08-19"),
    ("within 60 days", TUE, "2026-06-02/2026-08-01"),
    ("4d ago", SAT, "2026-06-16"),
    ("over the weekend", SAT, "2026-06-13/2026-06-14"),
    ("June 2", SAT, "2026-06-02"),
    ("in June 2025", SAT, "2025-06"),
    ("before early August", SAT, "../2026-08-10"),
    ("several months", SAT, None),
    ("recently", SAT, None),
    # Plain arithmetic (dateparser).
    ("yesterday", SAT, "2026-06-19"),
    ("today", SAT, "2026-06-20"),
    ("3 days ago", SAT, "2026-06-17"),
    ("two weeks ago", SAT, "2026-06-06"),
    ("twelve days ago", SAT, "2026-06-08"),
    ("12 w ago", SAT, "2026-03-28"),
    ("a year ago", JAN, "2025-01-15"),
    ("a month ago", "2026-03-31", "2026-02-28"),  # no 31 February: the month's last day
    # Qualified arithmetic.
    ("less than a month ago", "2026-03-31", "2026-02-28/2026-03-31"),
    ("more than a month ago", SAT, "../2026-05-20"),
    ("over a month ago", SAT, "../2026-05-20"),
    ("about two weeks ago", SAT, "2026-06-06~"),
    ("around 3 days ago", SAT, "2026-06-17~"),
    ("in the past week", SAT, "2026-06-13/2026-06-20"),
    ("within 2 weeks", SAT, "2026-06-20/2026-07-04"),
    # Calendar periods around the anchor.
    ("last week", TUE, "2026-05-25/2026-05-31"),
    ("this week", SAT, "2026-06-15/2026-06-21"),
    ("last weekend", TUE, "2026-05-30/2026-05-31"),
    ("on Tuesday", SAT, "2026-06-16"),
    ("last Saturday", SAT, "2026-06-13"),
    ("last month", SAT, "2026-05"),
    ("last month", JAN, "2025-12"),
    ("last year", JAN, "2025"),
    ("this year", SAT, "2026"),
    # Calendar names: the occurrence nearest the anchor.
    ("in November", JAN, "2025-11"),
    ("in March", JAN, "2026-03"),
    ("in December", SAT, "2025-12"),  # six months either way: the past one
    ("December 20", JAN, "2025-12-20"),
    ("on June 2", SAT, "2026-06-02"),
    ("20 December", JAN, "2025-12-20"),
    ("early August", SAT, "2026-08-01/2026-08-10"),
    ("mid-July", SAT, "2026-07-11/2026-07-20"),
    ("late May", SAT, "2026-05-21/2026-05-31"),
    ("late February", JAN, "2026-02-21/2026-02-28"),
    ("the end of July", SAT, "2026-07-31~"),
    ("end of July", SAT, "2026-07-31~"),
    ("In April.", SAT, "2026-04"),  # case and a trailing period do not matter
    ("  LAST   week ", SAT, "2026-06-08/2026-06-14"),
    # A month-precision approximate anchor: the union over the month, approximate arithmetic.
    ("last week", ABOUT_JUNE, "2026-05-25~/2026-06-28~"),
    ("4d ago", ABOUT_JUNE, "2026-05-28~/2026-06-26~"),
    ("more than a month ago", ABOUT_JUNE, "../2026-05-30~"),
    ("last month", ABOUT_JUNE, "2026-05~"),
    ("in April", ABOUT_JUNE, "2026-04"),
    ("June 2", ABOUT_JUNE, "2026-06-02"),
    ("by the end of July", ABOUT_JUNE, "2026-07-31"),
    # A year anchor whose ends pick different Novembers: the interval over both.
    ("in November", "2026", "2025-11-01/2026-11-30"),
    # Not resolvable.
    ("for several months", SAT, None),
    ("a few days ago", SAT, None),
    ("June 31", SAT, None),
    ("", SAT, None),
]

RULE_IDS = {
    "less-than-ago", "past-span", "more-than-ago", "about-ago", "ago", "yesterday", "today",
    "within", "last-week", "this-week", "last-weekend", "last-weekday", "weekday", "last-month",
    "this-month", "last-year", "this-year", "in-month-year", "in-month", "month-day",
    "part-of-month", "by-end-of-month", "end-of-month", "before-early-month",
}


@pytest.mark.parametrize("phrase,anchor,expected", ROWS)
def test_resolves(phrase, anchor, expected):
    resolved = resolve_phrase(phrase, anchor)
    if expected is None:
        assert resolved is None
        return
    assert isinstance(resolved, Resolved)
    assert resolved.edtf == expected
    assert parse_edtf(resolved.edtf).edtf == resolved.edtf  # always storable as a case date


@pytest.mark.parametrize("phrase,anchor", [(p, a) for p, a, e in ROWS if e is not None])
def test_rule_names_its_id_and_only_the_inputs(phrase, anchor):
    rule = resolve_phrase(phrase, anchor).rule
    rule_id, sep, words = rule.partition(": ")
    assert sep and rule_id in RULE_IDS
    assert words and "\n" not in rule and "{" not in rule and "None" not in rule
    assert "0x" not in rule  # no object reprs
    # Only dates from the anchor or the phrase: never today's, never another year.
    assert date.today().isoformat() not in rule
    assert set(re.findall(r"\b\d{4}\b", rule)) <= {"2025", "2026"}
    assert resolve_phrase(phrase, anchor).rule == rule


def test_rule_words():
    assert resolve_phrase("less than two weeks ago", SAT).rule == (
        "less-than-ago: from two weeks before 20 June 2026 to that day"
    )
    assert resolve_phrase("4d ago", SAT).rule == "ago: 4 days before 20 June 2026"
    assert "about June 2026" in resolve_phrase("last week", ABOUT_JUNE).rule


@pytest.mark.parametrize("anchor", ["", "junk", "June 2026", "2026-13-01", "../2026-06"])
def test_unreadable_anchor(anchor):
    assert resolve_phrase("last week", anchor) is None
    assert resolve_phrase("3 days ago", anchor) is None


def test_deterministic_dateparser_always_gets_the_anchor(monkeypatch):
    calls = []
    real = dateparser.parse

    def spy(text, *args, **kwargs):
        calls.append(kwargs.get("settings") or {})
        return real(text, *args, **kwargs)

    monkeypatch.setattr(dateparser, "parse", spy)
    # Far from any plausible today, so a missing RELATIVE_BASE would show in the result.
    assert resolve_phrase("3 days ago", "2001-03-10").edtf == "2001-03-07"
    assert resolve_phrase("yesterday", "2001-03-10").edtf == "2001-03-09"
    assert resolve_phrase("4d ago", "2001-03~").edtf == "2001-02-25~/2001-03-27~"
    assert calls, "plain arithmetic goes through dateparser"
    bases = {settings.get("RELATIVE_BASE") for settings in calls}
    assert bases <= {datetime(2001, 3, 10), datetime(2001, 3, 1), datetime(2001, 3, 31)}
    assert all(s.get("PREFER_DATES_FROM") == "past" for s in calls)
    again = [resolve_phrase(p, a) for p, a, _ in ROWS]
    assert again == [resolve_phrase(p, a) for p, a, _ in ROWS]
