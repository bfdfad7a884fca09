"""Highlight spans: code point ↔ UTF-16 offsets, and overlapping excerpts flattened to segments."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import NamedTuple

KINDS = frozenset({"supports", "contradicts", "event", "mention"})
DEFAULT_PRIORITY: tuple[str, ...] = ("contradicts", "supports", "event")

# Characters outside the BMP: one code point in Python, a surrogate pair (2 units) in Qt.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Index:
    """Converts offsets in one text between code points (storage) and UTF-16 units (Qt).

    Only astral characters make the two differ, so the index stores just their positions:
    set-up is one regex scan, each conversion one bisect, and a BMP-only text is the identity.
    """

    __slots__ = ("_astral_cp", "_astral_u16", "length", "utf16_length")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # isascii() is a C-speed shortcut for the common case; the regex covers the rest.
        cps = [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_cp: list[int] = cps
        # The k-th astral character starts k units later in UTF-16 than in code points.
        self._astral_u16: list[int] = [cp + k for k, cp in enumerate(cps)]
        self.utf16_length = self.length + len(cps)

    @property
    def identity(self) -> bool:
        """True when both offset systems agree everywhere (no astral characters)."""
        return not self._astral_cp

    def to_utf16(self, cp: int) -> int:
        """UTF-16 offset of code point offset `cp` (0..len inclusive)."""
        if not 0 <= cp <= self.length:
            raise ValueError(f"code point offset {cp} outside 0..{self.length}")
        if not self._astral_cp:
            return cp
        # Every astral character strictly before cp adds one extra unit.
        return cp + bisect_left(self._astral_cp, cp)

    def to_utf16_sorted(self, cps: Sequence[int]) -> list[int]:
        """to_utf16 for ascending offsets in one walk: a long source's thousands of spans."""
        if not self._astral_cp:
            return list(cps)
        out, k, astral, n = [], 0, self._astral_cp, len(self._astral_cp)
        for cp in cps:
            if not 0 <= cp <= self.length:
                raise ValueError(f"code point offset {cp} outside 0..{self.length}")
            while k < n and astral[k] < cp:
                k += 1
            while k > 0 and astral[k - 1] >= cp:  # tolerate a step back (equal starts)
                k -= 1
            out.append(cp + k)
        return out

    def to_code_point(self, u16: int) -> int:
        """Code point offset of UTF-16 offset `u16`; inside a surrogate pair, rounds down."""
        if not 0 <= u16 <= self.utf16_length:
            raise ValueError(f"UTF-16 offset {u16} outside 0..{self.utf16_length}")
        if not self._astral_u16:
            return u16
        # Subtracting the pairs that start strictly before u16 also rounds a mid-pair offset
        # down: the pair's own extra unit is counted, landing on the pair's code point.
        return u16 - bisect_left(self._astral_u16, u16)


def utf16_span(index: Utf16Index, start: int, end: int) -> tuple[int, int]:
    """A code point span [start, end) as UTF-16 offsets, for QTextCursor selections."""
    if end < start:
        raise ValueError(f"span end {end} before start {start}")
    return index.to_utf16(start), index.to_utf16(end)


@dataclass(frozen=True)
class Span:
    """One highlight over [start, end) in code points, from the excerpts in `ids`."""

    start: int
    end: int
    kind: str
    ids: frozenset[int]

    def __post_init__(self) -> None:
        # Fail where a bad span is made, not later as a mysterious gap in the view.
        if self.kind not in KINDS:
            raise ValueError(f"unknown span kind {self.kind!r}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")


class Segment(NamedTuple):
    """A maximal stretch covered by the same spans: what they are and how many overlap.

    `kind` is the dominant kind under flatten's priority, so the view need not recompute it;
    `depth` lets deeper overlaps draw darker while single highlights stay light. A named
    tuple, not a dataclass: a long source makes thousands, and tuples are made ten times faster.
    """

    start: int
    end: int
    kinds: frozenset[str]
    ids: frozenset[int]
    depth: int
    kind: str


def dominant_kind(kinds: Iterable[str], priority: Sequence[str] = DEFAULT_PRIORITY) -> str:
    """The first kind of `priority` present, else the alphabetically first; one colour wins."""
    present = set(kinds)
    if not present:
        raise ValueError("no kinds to choose from")
    for kind in priority:
        if kind in present:
            return kind
    return min(present)


def flatten(spans: Iterable[Span], priority: Sequence[str] = DEFAULT_PRIORITY) -> list[Segment]:
    """Overlapping spans as sorted, non-overlapping segments with the union of their coverage.

    A sweep over sorted boundaries: O(n log n) plus the size of the output's id sets.
    Uncovered stretches are omitted, zero-length spans ignored, and neighbours with the
    same coverage merged (so a span split only by another's start/end comes back whole).
    """
    events: list[tuple[int, int, str, frozenset[int]]] = []
    for span in spans:
        if span.end > span.start:
            events.append((span.start, 1, span.kind, span.ids))
            events.append((span.end, -1, span.kind, span.ids))
    events.sort(key=itemgetter(0))

    # Multisets (key -> count), since identical kinds/ids can come from several spans at once.
    kinds: dict[str, int] = {}
    ids: dict[int, int] = {}
    depth = 0
    segments: list[Segment] = []
    dominant: dict[frozenset[str], str] = {}  # few distinct kind sets: decide each once
    i, n = 0, len(events)
    while i < n:
        pos = events[i][0]
        # Apply every event at this boundary before emitting, so order among them is moot.
        while i < n and events[i][0] == pos:
            _, delta, kind, span_ids = events[i]
            depth += delta
            _bump(kinds, kind, delta)
            for excerpt_id in span_ids:  # _bump inlined: this loop runs once per excerpt edge
                count = ids.get(excerpt_id, 0) + delta
                if count:
                    ids[excerpt_id] = count
                else:
                    del ids[excerpt_id]
            i += 1
        if depth == 0 or i == n:
            continue
        end = events[i][0]
        covered_kinds, covered_ids = frozenset(kinds), frozenset(ids)
        last = segments[-1] if segments else None
        if (
            last is not None
            and last.end == pos
            and last.depth == depth
            and last.kinds == covered_kinds
            and last.ids == covered_ids
        ):
            segments[-1] = last._replace(end=end)
        else:
            if covered_kinds not in dominant:
                dominant[covered_kinds] = dominant_kind(covered_kinds, priority)
            segments.append(
                Segment(pos, end, covered_kinds, covered_ids, depth, dominant[covered_kinds])
            )
    return segments


def _bump(counts: dict, key: object, delta: int) -> None:
    """Add delta to a multiset count, dropping keys at zero so the keys are the coverage."""
    count = counts.get(key, 0) + delta
    if count:
        counts[key] = count
    else:
        del counts[key]


def segment_index(segments: Sequence[Segment], position: int) -> int:
    """The index of the segment containing `position` ([start, end)), else -1; one bisect."""
    i = bisect_right(segments, position, key=attrgetter("start")) - 1
    if i >= 0 and position < segments[i].end:
        return i
    return -1


def segment_at(segments: Sequence[Segment], position: int) -> Segment | None:
    """The segment containing `position` ([start, end)) in flatten's output, else None."""
    i = segment_index(segments, position)
    return segments[i] if i >= 0 else None
