"""Timeline geometry: ticks that follow the zoom, zoom about a point, the index, density, and
label packing that never overlaps."""

from __future__ import annotations

import random
from datetime import date

import pytest

from desktop.domain.timeline import (
    LONG_MARK,
    LaneIndex,
    Viewport,
    day_number,
    make_mark,
    pack,
    tick_unit,
    ticks,
)


@pytest.mark.parametrize("px_per_day,unit", [
    (100, "day"), (10, "week"), (2, "month"), (0.8, "quarter"), (0.2, "year"),
    (0.02, "decade"), (0.001, "century"),
])
def test_tick_unit_follows_the_zoom(px_per_day, unit):
    assert tick_unit(px_per_day) == unit


def test_ticks_fall_on_unit_starts_and_mark_the_coarser_one():
    lo, hi = day_number("2025-11-10"), day_number("2026-03-10")
    found = ticks(lo, hi, 2.0)  # months
    assert [t.label for t in found] == ["Nov 2025", "Dec", "Jan 2026", "Feb", "Mar"]
    assert [t.major for t in found] == [False, False, True, False, False]
    weeks = ticks(day_number("2026-06-03"), day_number("2026-06-20"), 10.0)
    assert all(date.fromordinal(int(t.day)).weekday() == 0
               for t in weeks)


def test_zoom_keeps_the_day_under_the_cursor_where_it_is():
    view = Viewport(start=day_number("2026-01-01"), px_per_day=2.0, width=1000)
    before = view.day_at(337.0)
    for factor in (1.25, 1.25, 0.3, 7.0):
        view.zoom(factor, 337.0)
        assert view.day_at(337.0) == pytest.approx(before)


def test_zoom_is_bounded_and_fit_shows_the_span():
    view = Viewport(width=800)
    view.fit(day_number("2026-01-01"), day_number("2026-12-31"))
    assert view.start < day_number("2026-01-01") and view.end > day_number("2026-12-31")
    view.zoom(1e9, 0)
    assert view.px_per_day == Viewport.MAX_PX_PER_DAY


def _marks(rng, n, spread=2000):
    base = day_number("2020-01-01")
    found = []
    for i in range(n):
        start = base + rng.randrange(spread)
        length = rng.choice([0, 0, 0, 30, 90, 400])
        lower = date.fromordinal(start).isoformat()
        upper = date.fromordinal(start + length).isoformat()
        reach = rng.choice([0, 0, 15, 182])  # approximate ones reach beyond their span
        earliest = date.fromordinal(start - reach).isoformat()
        latest = date.fromordinal(start + length + reach).isoformat()
        found.append(make_mark(("event", i), f"Event number {i}", lower, upper, earliest,
                               latest, approximate=bool(reach)))
    return found


def test_the_index_finds_exactly_what_reaches_into_a_window():
    rng = random.Random(4)
    marks = _marks(rng, 3000)
    index = LaneIndex(marks)
    for _ in range(50):
        lo = day_number("2020-01-01") + rng.randrange(-100, 2100)
        hi = lo + rng.choice([1, 10, 200, 1500])
        expected = {m.key for m in marks if m.outer_start < hi and m.outer_end > lo}
        assert {m.key for m in index.visible(lo, hi)} == expected
    assert any(m.outer_end - m.outer_start > LONG_MARK for m in marks)


@pytest.mark.parametrize("far_away", [False, True])
def test_density_counts_short_marks_by_their_middle_and_long_ones_where_under_way(far_away):
    marks = _marks(random.Random(5), 3000)
    if far_away:  # a lane spanning centuries is counted by bisection, not day by day
        marks.append(make_mark(("event", -1), "Long ago", "1200-01-01", "1200-01-01"))
    index = LaneIndex(marks)
    lo, hi, bins = day_number("2019-01-01"), day_number("2027-01-01"), 97
    width = (hi - lo) / bins
    found = index.density(lo, hi, bins)
    # Day by day, bins start on the day their edge falls in; by bisection, at the edge itself.
    edge = (lambda d: d) if far_away else int
    for i in (0, 13, 40, 41, 70, 96):
        a, b, centre = lo + i * width, lo + (i + 1) * width, lo + (i + 0.5) * width
        short = sum(1 for m in marks if m.outer_end - m.outer_start <= LONG_MARK
                    and edge(a) <= edge((m.start + m.end) / 2) < edge(b))
        long = sum(1 for m in marks if m.outer_end - m.outer_start > LONG_MARK
                   and m.start <= edge(centre) < m.end)
        assert found[i] == short + long, i
    assert sum(found) >= len(marks) - 5  # every short mark once; long ones in each bin


def test_crowd_is_never_below_what_is_visible():
    rng = random.Random(6)
    marks = _marks(rng, 2000)
    index = LaneIndex(marks)
    for _ in range(40):
        lo = day_number("2020-01-01") + rng.randrange(-100, 2100)
        hi = lo + rng.choice([1, 10, 200, 1500])
        assert index.crowd(lo, hi) >= len(index.visible(lo, hi))


def _overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] == b[1]


@pytest.mark.parametrize("seed,zoom", [(1, 0.5), (2, 3.0), (3, 20.0)])
def test_labels_never_overlap(seed, zoom):
    marks = _marks(random.Random(seed), 400)
    view = Viewport(start=day_number("2020-01-01"), px_per_day=zoom, width=1400)
    visible = LaneIndex(marks).visible(view.start, view.end)
    placed = pack(visible, view.x, lambda text: 7.0 * len(text), rows=3)
    labels = [(p.label_x, p.row, p.label_width) for p in placed if p.label_width > 0]
    assert labels  # some room at every zoom
    for i, a in enumerate(labels):
        assert a[1] < 3
        for b in labels[i + 1:]:
            assert not _overlap(a, b), (a, b)
    # A label never runs into the next mark of its row either.
    by_row = {}
    for p in sorted(placed, key=lambda p: p.x0):
        by_row.setdefault(p.row, []).append(p)
    for row in by_row.values():
        for a, b in zip(row, row[1:], strict=False):
            if a.label_width:
                assert a.label_x + a.label_width <= b.x0


def test_open_ends_and_points():
    before = make_mark(("event", 1), "Before", None, "2026-07-31")
    assert before.open_start and not before.point and before.end == day_number("2026-07-31") + 1
    day = make_mark(("event", 2), "Day", "2026-06-02", "2026-06-02")
    assert day.point
    assert make_mark(("event", 3), "Nothing", None, None) is None


@pytest.mark.parametrize("px_per_day", [0.002, 0.01, 0.3, 5, 400])
def test_ticks_and_views_at_the_calendars_edges(px_per_day):
    for start in (-1e7, -500, 0.5, 30, day_number("9999-12-01"), 1e9):
        view = Viewport(start=start, px_per_day=px_per_day, width=1200)
        view.pan(0)  # brings a view that wandered off the calendar back to its edge
        for tick in ticks(view.start, view.end, px_per_day):
            assert 1 <= tick.day <= date.max.toordinal()
    view = Viewport(width=1200)
    view.fit(1, 40)  # events in year 1
    assert ticks(view.start, view.end, view.px_per_day)
    for _ in range(60):
        view.pan(5000)
    assert view.end > 1 and view.start < 1
