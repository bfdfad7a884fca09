"""Timeline geometry without Qt: marks in lanes, the index that finds what is in view, density
when events outnumber pixels, the viewport's zoom and pan, and row packing that keeps labels
apart."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

LAST_DAY = date.max.toordinal()
OPEN_REACH = 60  # days drawn for an open end ("before 31 July"), faded towards the open side
LONG_MARK = 120  # days: longer marks are kept apart so short ones can be found by bisection


@lru_cache(maxsize=65536)  # a case's dates repeat: loading 100,000 events parses few
def day_number(iso: str) -> int:
    return date.fromisoformat(iso[:10]).toordinal()


def iso_day(number: float) -> str:
    return date.fromordinal(max(1, int(number))).isoformat()


@dataclass(frozen=True)
class Mark:
    """One drawable date in a lane: an event, or a source's publication."""

    key: tuple[str, int]  # ("event", id) | ("source", id)
    label: str
    start: float  # the strict span, in day numbers, end exclusive
    end: float
    outer_start: float  # the approximate reach, or the faded open side
    outer_end: float
    approximate: bool = False
    uncertain: bool = False
    disputed: bool = False
    open_start: bool = False
    open_end: bool = False
    given: tuple[tuple[float, float], ...] = ()  # other dates sources give, when disputed

    @property
    def point(self) -> bool:
        """A single day: drawn as a point, not a bar."""
        return self.end - self.start <= 1 and not (self.open_start or self.open_end)


def make_mark(key: tuple[str, int], label: str, lower: str | None, upper: str | None,
              earliest: str | None = None, latest: str | None = None, *,
              approximate: bool = False, uncertain: bool = False, disputed: bool = False,
              given: Iterable[tuple[str | None, str | None]] = ()) -> Mark | None:
    """A mark from stored bounds (ISO days; None for an open side); None if both are open."""
    if lower is None and upper is None:
        return None
    start = day_number(lower) if lower else day_number(upper or "") + 1 - OPEN_REACH
    end = day_number(upper) + 1 if upper else start + OPEN_REACH
    outer_start = day_number(earliest) if earliest else start
    outer_end = day_number(latest) + 1 if latest else end
    spans = tuple(
        (day_number(lo or hi or ""), day_number(hi or lo or "") + 1) for lo, hi in given
        if lo or hi
    )
    return Mark(key, label, start, end, min(start, outer_start), max(end, outer_end),
                approximate, uncertain, disputed, lower is None, upper is None, spans)


@dataclass
class Lane:
    """A row band of the timeline: a kind, an entity, or the sources' publications."""

    key: str
    title: str
    marks: list[Mark] = field(default_factory=list)
    _index: LaneIndex | None = None

    @property
    def index(self) -> LaneIndex:
        if self._index is None:
            self._index = LaneIndex(self.marks)
        return self._index


class LaneIndex:
    """Marks sorted by start for bisection; long marks apart, so a window is found in
    O(log n + what is in it) however long a few of them are."""

    def __init__(self, marks: Sequence[Mark]):
        short = sorted((m for m in marks if m.outer_end - m.outer_start <= LONG_MARK),
                       key=lambda m: m.outer_start)
        self._size = len(marks)
        self._short = short
        self._starts = [m.outer_start for m in short]
        self._middles = sorted((m.start + m.end) / 2 for m in short)
        self._long = sorted((m for m in marks if m.outer_end - m.outer_start > LONG_MARK),
                            key=lambda m: m.outer_start)
        # Where long marks begin and end, each sorted: how many are under way on a day is
        # two bisections.
        self._long_starts = sorted(m.start for m in self._long)
        self._long_ends = sorted(m.end for m in self._long)
        self._long_reach_starts = sorted(m.outer_start for m in self._long)
        self._long_reach_ends = sorted(m.outer_end for m in self._long)
        self._daily = _DailyCounts.build(self._middles, self._long)

    def __len__(self) -> int:
        return self._size

    def visible(self, lo: float, hi: float) -> list[Mark]:
        """Marks that reach into [lo, hi), in order of start."""
        first = bisect_left(self._starts, lo - LONG_MARK)
        last = bisect_left(self._starts, hi)
        found = [m for m in self._short[first:last] if m.outer_end > lo]
        found += [m for m in self._long if m.outer_start < hi and m.outer_end > lo]
        found.sort(key=lambda m: m.outer_start)
        return found

    def crowd(self, lo: float, hi: float) -> int:
        """At least as many as visible(lo, hi) would return, without building the list:
        cheap, for choosing between drawing each mark and drawing density."""
        short = bisect_left(self._starts, hi) - bisect_left(self._starts, lo - LONG_MARK)
        # Long marks that reach past hi's left, less those whose reach ended by lo.
        begun = bisect_left(self._long_reach_starts, hi)
        ended = bisect_right(self._long_reach_ends, lo)
        return short + max(0, begun - ended)

    def density(self, lo: float, hi: float, bins: int) -> list[int]:
        """Marks per equal bin of [lo, hi): a short mark in the bin holding its middle, a long
        one in every bin it is under way at (a four-year term counts in each of its months)."""
        width = (hi - lo) / bins
        if self._daily is not None and width >= 1:  # whole days: look the counts up
            return self._daily.density(lo, width, bins)
        middles, starts, ends = self._middles, self._long_starts, self._long_ends
        edges = [bisect_left(middles, lo + i * width) for i in range(bins + 1)]
        counts = []
        for i in range(bins):
            centre = lo + (i + 0.5) * width
            under_way = bisect_right(starts, centre) - bisect_right(ends, centre)
            counts.append(edges[i + 1] - edges[i] + under_way)
        return counts


@dataclass
class _DailyCounts:
    """Per-day running totals over a lane's span, so a density bin of whole days costs two
    look-ups instead of three bisections: zooming a 100,000-event lane stays within a frame."""

    origin: int  # day number of index 0
    middles: list[int]  # short marks with their middle before day origin + i
    under_way: list[int]  # long marks under way on day origin + i

    MAX_DAYS = 200_000  # about 550 years; wider lanes bisect instead

    @classmethod
    def build(cls, middles: Sequence[float], long: Sequence[Mark]) -> _DailyCounts | None:
        days = [int(m) for m in middles] + [int(m.start) for m in long] + [
            int(m.end) for m in long]
        if not days:
            return None
        origin, last = min(days), max(days) + 2
        if last - origin > cls.MAX_DAYS:
            return None
        size = last - origin + 1
        per_day = [0] * size
        for middle in middles:
            per_day[int(middle) - origin + 1] += 1
        running, total = [0] * size, 0
        for i, n in enumerate(per_day):
            total += n
            running[i] = total
        change = [0] * (size + 1)
        for m in long:
            change[int(m.start) - origin] += 1
            change[int(m.end) - origin] -= 1
        under_way, total = [0] * size, 0
        for i in range(size):
            total += change[i]
            under_way[i] = total
        return cls(origin, running, under_way)

    def _index(self, day: float) -> int:
        return min(len(self.middles) - 1, max(0, int(day) - self.origin))

    def density(self, lo: float, width: float, bins: int) -> list[int]:
        edges = [self._index(lo + i * width) for i in range(bins + 1)]
        middles, under_way, size = self.middles, self.under_way, len(self.under_way)
        centres = [int(lo + (i + 0.5) * width) - self.origin for i in range(bins)]
        return [middles[edges[i + 1]] - middles[edges[i]]
                + (under_way[c] if 0 <= c < size else 0) for i, c in enumerate(centres)]


@dataclass
class Viewport:
    """Which days the view shows: the day at its left edge and its scale."""

    start: float = 0.0
    px_per_day: float = 1.0
    width: float = 800.0
    MIN_PX_PER_DAY = 0.002  # about 500 years across a window
    MAX_PX_PER_DAY = 400.0  # a day wider than most screens' thumbs

    @property
    def end(self) -> float:
        return self.start + self.width / self.px_per_day

    def x(self, day: float) -> float:
        return (day - self.start) * self.px_per_day

    def day_at(self, x: float) -> float:
        return self.start + x / self.px_per_day

    def zoom(self, factor: float, at_x: float) -> None:
        """Scale by factor, keeping the day under at_x where it is."""
        anchor = self.day_at(at_x)
        scale = min(self.MAX_PX_PER_DAY, max(self.MIN_PX_PER_DAY, self.px_per_day * factor))
        self.px_per_day = scale
        self.start = anchor - at_x / scale
        self._keep_on_calendar()

    def pan(self, dx: float) -> None:
        self.start -= dx / self.px_per_day
        self._keep_on_calendar()

    def _keep_on_calendar(self) -> None:
        """At most half a view beyond year 1 or 9999: there are no days to draw there."""
        half = self.width / self.px_per_day / 2
        self.start = min(max(self.start, 1 - half), LAST_DAY - half)

    def fit(self, lo: float, hi: float, margin: float = 0.04, label_room: float = 180.0) -> None:
        """Show [lo, hi) with a margin, and room on the right for the last labels."""
        span = max(hi - lo, 7.0)
        room = max(self.width - label_room, self.width / 2)
        self.px_per_day = min(self.MAX_PX_PER_DAY, max(
            self.MIN_PX_PER_DAY, room / (span * (1 + 2 * margin))))
        self.start = lo - span * margin
        self._keep_on_calendar()


@dataclass(frozen=True)
class Tick:
    day: float
    label: str
    major: bool


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MIN_TICK_PX = 56  # labels of neighbouring ticks must not touch


def tick_unit(px_per_day: float) -> str:
    """The finest of day, week, month, quarter, year, decade whose ticks stay readable."""
    for unit, days in (("day", 1), ("week", 7), ("month", 30.4), ("quarter", 91.3),
                       ("year", 365.25), ("decade", 3652.5), ("century", 36525)):
        if days * px_per_day >= MIN_TICK_PX:
            return unit
    return "century"


def ticks(lo: float, hi: float, px_per_day: float) -> list[Tick]:
    """Axis ticks for [lo, hi): majors where the next coarser unit begins; none outside the
    calendar (years 1 to 9999)."""
    unit = tick_unit(px_per_day)
    lo, hi = max(1.0, lo), min(float(LAST_DAY), hi)
    if lo > hi:
        return []
    first = date.fromordinal(int(lo))
    last = date.fromordinal(min(int(hi) + 1, LAST_DAY))
    found: list[Tick] = []
    if unit in ("day", "week"):
        step = 1 if unit == "day" else 7
        d = first.toordinal()
        if unit == "week":
            d -= first.weekday()  # weeks start on Monday
        while d <= last.toordinal():
            day = date.fromordinal(d)
            major = day.day == 1 if unit == "day" else day.day <= 7
            label = f"{day.day} {_MONTHS[day.month - 1]}" + (f" {day.year}" if major else "")
            found.append(Tick(d, label, major))
            d += step
        return found
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit]
    year, month = first.year, 1
    if unit in ("month", "quarter"):
        month = first.month - (first.month - 1) % months
    else:
        year = max(1, year - year % (months // 12))
    while (year, month) <= (last.year, last.month) and year <= 9999:
        day = date(year, month, 1)
        if unit in ("month", "quarter"):
            major = month == 1
            label = f"{_MONTHS[month - 1]}" + (f" {year}" if major or not found else "")
        else:
            major = year % (10 * months // 12) == 0
            label = str(year)
        found.append(Tick(day.toordinal(), label, major))
        month += months
        while month > 12:
            month -= 12
            year += 1
    return found


@dataclass(frozen=True)
class Placed:
    """Where a mark and its label go: a row of its lane, and the label's x and width
    (width 0: no room; the label shows on hover)."""

    mark: Mark
    row: int
    x0: float
    x1: float
    label_x: float
    label_width: float


def pack(marks: Sequence[Mark], x: Callable[[float], float], text_width: Callable[[str], float],
         rows: int, *, gap: float = 6.0, min_label: float = 48.0, point_radius: float = 4.0,
         left: float = float("-inf")) -> list[Placed]:
    """Rows for marks and room for their labels, so that no two labels overlap.

    Greedy by start: each mark takes the first row free at its left edge, reserving its bar
    and a short label; afterwards each label grows to its full width or up to the next thing
    in its row, elided. A mark with no free row goes to the overflow row (row number `rows`),
    drawn thin and without a label.
    """
    marks = sorted(marks, key=lambda m: (m.start, m.key))
    row_end = [float("-inf")] * rows
    taken: list[tuple[Mark, int, float, float, float]] = []  # mark, row, x0, x1, label_x
    for mark in marks:
        x0, x1 = x(mark.start), x(mark.end)
        if mark.point:  # drawn in the middle of its day
            middle = (x0 + x1) / 2
            x0, x1 = middle - point_radius, middle + point_radius
        # Labels sit above their marks, from the mark's left end; a bar that starts left of
        # the view keeps its label in view, at the left edge.
        label_x = max(x0, left)
        reserve = max(x1, label_x + min(min_label, text_width(mark.label)))
        row = next((r for r in range(rows) if row_end[r] + gap <= x0), None)
        if row is None:
            taken.append((mark, rows, x0, x1, float("nan")))
            continue
        row_end[row] = reserve
        taken.append((mark, row, x0, x1, label_x))
    # Grow each label up to the next mark of its row.
    next_x: list[float] = [float("inf")] * (rows + 1)
    placed: list[Placed] = []
    for mark, row, x0, x1, label_x in reversed(taken):
        if label_x != label_x:  # nan: no room for a label
            placed.append(Placed(mark, row, x0, x1, 0.0, 0.0))
            continue
        room = next_x[row] - gap - label_x
        width = max(0.0, min(text_width(mark.label), room))
        placed.append(Placed(mark, row, x0, x1, label_x, width if width >= min_label / 2 else 0))
        next_x[row] = x0
    placed.reverse()
    return placed
