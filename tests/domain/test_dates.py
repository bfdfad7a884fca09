import pytest

from desktop.domain.dates import DateError, parse_edtf

BOUNDS = [
    # edtf text, lower, upper, precision, approximate, uncertain
    ("2026-06-02", "2026-06-02", "2026-06-02", "day", False, False),
    ("2026-04", "2026-04-01", "2026-04-30", "month", False, False),
    ("2026-02", "2026-02-01", "2026-02-28", "month", False, False),
    ("2026", "2026-01-01", "2026-12-31", "year", False, False),
    ("2026-07~", "2026-07-01", "2026-07-31", "month", True, False),
    ("2026?", "2026-01-01", "2026-12-31", "year", False, True),
    ("2026-06-XX", "2026-06-01", "2026-06-30", "day", False, False),
    ("2026-06-1X", "2026-06-10", "2026-06-19", "day", False, False),  # edtf 5.0 fails on this
    ("2026-06-3X", "2026-06-30", "2026-06-30", "day", False, False),
    ("202X", "2020-01-01", "2029-12-31", "decade", False, False),
    ("2026-06-02/2026-07-31", "2026-06-02", "2026-07-31", "interval", False, False),
    ("2026-06~/2026-07-31", "2026-06-01", "2026-07-31", "interval", True, False),
    ("2026-06-02/..", "2026-06-02", None, "interval", False, False),
    ("../2026-07-31", None, "2026-07-31", "interval", False, False),
    ("2026-06-02/", "2026-06-02", None, "interval", False, False),
    ("2026-21", "2026-03-01", "2026-05-31", "season", False, False),
]


@pytest.mark.parametrize("text,lower,upper,precision,approximate,uncertain", BOUNDS)
def test_bounds(text, lower, upper, precision, approximate, uncertain):
    bounds = parse_edtf(text)
    assert (bounds.lower, bounds.upper, bounds.precision) == (lower, upper, precision)
    assert (bounds.approximate, bounds.uncertain) == (approximate, uncertain)


UNREADABLE = [
    "", "June 2", "2026-13-01", "2026-06-31x", "junk", "2026-06-02/junk",
    "2026-02-3X",  # no February day in 30-39
    "2026-07/2026-06",  # ends before it starts
    "-0100", "[2026-06, 2026-07]",  # BCE years and sets: refused, not mis-sorted
]


@pytest.mark.parametrize("text", UNREADABLE)
def test_unreadable_dates_raise_date_error(text):
    with pytest.raises(DateError):
        parse_edtf(text)


@pytest.mark.parametrize("text", ["2026-02-29", "2026-04-31", "2026-00", "2026-06-00"])
def test_impossible_calendar_dates_are_refused(text):
    with pytest.raises(DateError):
        parse_edtf(text)


def test_leap_day_is_a_date():
    assert parse_edtf("2028-02-29").upper == "2028-02-29"


def test_ranges_in_words_reach_the_last_year_without_overflow():
    from desktop.domain.dates import describe_range, parse_edtf

    bounds = parse_edtf("2026-06/9999")
    assert describe_range(bounds.lower, bounds.upper) == "June 2026 – December 9999" or \
        describe_range(bounds.lower, bounds.upper).endswith("9999")
    assert describe_range("2026-06-01", "2026-06-30") == "June 2026"
    assert describe_range("2026-02-01", "2026-02-28") == "February 2026"
    assert describe_range("2026-06-03", "2026-07-31") == "3 June – 31 July 2026"
    assert describe_range(None, None) == "undated"


FILTER_BOUNDS = [
    # edtf text, earliest, latest: strict bounds widened only where a side is approximate
    ("2026-06-02", "2026-06-02", "2026-06-02"),
    ("2026-06-02~", "2026-05-30", "2026-06-05"),
    ("2026-07~", "2026-06-16", "2026-08-15"),
    ("2026~", "2025-07-03", "2027-07-01"),
    ("2026?", "2026-01-01", "2026-12-31"),  # uncertain, not loose
    ("2026-07%", "2026-06-16", "2026-08-15"),
    ("2026-06-XX", "2026-06-01", "2026-06-30"),
    ("2026-03~/2026-06~", "2026-02-14", "2026-07-15"),
    ("2026-06-02/2026-07-31~", "2026-06-02", "2026-08-03"),
    ("../2026-07-31~", None, "2026-08-03"),
    ("2026-06~/..", "2026-05-17", None),
]


@pytest.mark.parametrize("text,earliest,latest", FILTER_BOUNDS)
def test_filter_bounds_widen_approximate_sides_by_our_rule(text, earliest, latest):
    bounds = parse_edtf(text)
    assert (bounds.earliest, bounds.latest) == (earliest, latest)
    # Never narrower than the strict bounds, and far narrower than the library's fuzzy ones.
    assert (bounds.earliest or "") <= (bounds.lower or "")
    assert (bounds.latest or "9999") >= (bounds.upper or "9999")


@pytest.mark.parametrize("text,words", [
    ("2026-06-02", "2 June 2026"),
    ("2026-07~", "about July 2026"),
    ("2026-06-XX", "June 2026 (day unknown)"),
    ("2026?", "2026 (uncertain)"),
    ("2026-06-02/2026-07-31", "2 June – 31 July 2026"),
    ("../2026-07-31", "before 31 July 2026"),
    ("2026-03~/2026-06~", "about March – June 2026"),
    (None, "undated"),
    ("not a date", "not a date"),
])
def test_dates_in_words_say_their_doubt(text, words):
    from desktop.domain.dates import describe_edtf

    assert describe_edtf(text) == words


@pytest.mark.parametrize("text", ["00XX", "0XXX", "000X", "0001~", "0001-01-01~", "9999~",
                                  "9999-12~", "2020/9999~", "00XX~", "XXXX-06-02"])
def test_the_calendars_edges_give_bounds_or_a_date_error_never_another_error(text):
    try:
        bounds = parse_edtf(text)
    except DateError:
        return
    for value in (bounds.lower, bounds.upper, bounds.earliest, bounds.latest):
        assert value is None or "0001-01-01" <= value <= "9999-12-31"
