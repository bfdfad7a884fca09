import random
import time

import pytest

from desktop.domain.spans import (
    Segment,
    Span,
    Utf16Index,
    dominant_kind,
    flatten,
    segment_at,
    utf16_span,
)

# ASCII, é (BMP), 中文 (BMP CJK), 🙂 U+1F642 and 𝔸 U+1D538 (astral: 2 UTF-16 units each).
TEXT = "Aé中文🙂x𝔸𝔸z🙂"


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def span(start, end, kind="supports", *ids):
    return Span(start, end, kind, frozenset(ids or (start,)))


# --- Utf16Index ---------------------------------------------------------------------------


def test_every_code_point_offset_matches_the_encoded_prefix():
    index = Utf16Index(TEXT)
    assert not index.identity
    assert index.utf16_length == utf16_len(TEXT) == len(TEXT) + 4
    for cp in range(len(TEXT) + 1):
        assert index.to_utf16(cp) == utf16_len(TEXT[:cp])
        assert index.to_code_point(index.to_utf16(cp)) == cp


@pytest.mark.parametrize(
    ("cp", "u16"),
    [(0, 0), (1, 1), (2, 2), (4, 4), (5, 6), (6, 7), (7, 9), (8, 11), (9, 12), (10, 14)],
)
def test_known_offsets(cp, u16):
    index = Utf16Index(TEXT)
    assert index.to_utf16(cp) == u16
    assert index.to_code_point(u16) == cp


@pytest.mark.parametrize(("inside_pair", "cp"), [(5, 4), (8, 6), (10, 7), (13, 9)])
def test_offset_inside_a_surrogate_pair_rounds_down_to_its_character(inside_pair, cp):
    index = Utf16Index(TEXT)
    assert index.to_code_point(inside_pair) == cp
    assert TEXT[cp] in "🙂𝔸"


def test_every_utf16_offset_maps_to_the_character_containing_it():
    index = Utf16Index(TEXT)
    for u16 in range(index.utf16_length + 1):
        cp = index.to_code_point(u16)
        assert index.to_utf16(cp) <= u16 < index.to_utf16(cp) + 2 or u16 == index.utf16_length


@pytest.mark.parametrize("text", ["", "plain ascii", "café 中文 — “quotes”", "\ufffd\uffff"])
def test_bmp_only_text_is_the_identity(text):
    index = Utf16Index(text)
    assert index.identity
    assert index.utf16_length == len(text)
    for i in range(len(text) + 1):
        assert index.to_utf16(i) == i == index.to_code_point(i)


@pytest.mark.parametrize("text", ["", "abc", TEXT])
def test_offsets_outside_the_text_are_refused(text):
    index = Utf16Index(text)
    for bad in (-1, len(text) + 1):
        with pytest.raises(ValueError):
            index.to_utf16(bad)
    for bad in (-1, utf16_len(text) + 1):
        with pytest.raises(ValueError):
            index.to_code_point(bad)


def test_utf16_span():
    index = Utf16Index(TEXT)
    assert utf16_span(index, 4, 7) == (4, 9)
    assert utf16_span(index, 0, len(TEXT)) == (0, utf16_len(TEXT))
    with pytest.raises(ValueError):
        utf16_span(index, 5, 4)
    with pytest.raises(ValueError):
        utf16_span(index, 0, len(TEXT) + 1)


# --- Span / dominant_kind -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "kind"), [(0, 1, "quote"), (3, 2, "event"), (-1, 2, "event")]
)
def test_bad_spans_are_refused(start, end, kind):
    with pytest.raises(ValueError):
        Span(start, end, kind, frozenset({1}))


@pytest.mark.parametrize(
    ("kinds", "priority", "expected"),
    [
        ({"supports", "contradicts"}, ("contradicts", "supports", "event"), "contradicts"),
        ({"supports", "event"}, ("contradicts", "supports", "event"), "supports"),
        ({"mention", "event"}, ("contradicts", "supports", "event"), "event"),
        ({"mention"}, ("contradicts", "supports", "event"), "mention"),
        ({"supports", "contradicts"}, ("supports",), "supports"),
        ({"supports", "contradicts"}, (), "contradicts"),
    ],
)
def test_dominant_kind(kinds, priority, expected):
    assert dominant_kind(kinds, priority) == expected


def test_dominant_kind_of_nothing_is_refused():
    with pytest.raises(ValueError):
        dominant_kind(set())


# --- flatten ------------------------------------------------------------------------------


def coverage(segments):
    return [(s.start, s.end, set(s.kinds), set(s.ids), s.depth) for s in segments]


S, C, E, M = "supports", "contradicts", "event", "mention"

FLATTEN_CASES = {
    "nothing": ([], []),
    "single": ([span(2, 5, S, 1)], [(2, 5, {S}, {1}, 1)]),
    "nested": (
        [span(0, 10, S, 1), span(3, 6, C, 2)],
        [(0, 3, {S}, {1}, 1), (3, 6, {S, C}, {1, 2}, 2), (6, 10, {S}, {1}, 1)],
    ),
    "overlapping": (
        [span(0, 5, S, 1), span(3, 8, E, 2)],
        [(0, 3, {S}, {1}, 1), (3, 5, {S, E}, {1, 2}, 2), (5, 8, {E}, {2}, 1)],
    ),
    "adjacent, different": (
        [span(0, 4, S, 1), span(4, 8, S, 2)],
        [(0, 4, {S}, {1}, 1), (4, 8, {S}, {2}, 1)],
    ),
    "adjacent, same coverage merged": (
        [span(0, 4, M, 7), span(4, 8, M, 7)],
        [(0, 8, {M}, {7}, 1)],
    ),
    "identical": (
        [span(1, 4, S, 1), span(1, 4, C, 2), span(1, 4, S, 1)],
        [(1, 4, {S, C}, {1, 2}, 3)],
    ),
    "zero-length ignored": (
        [span(3, 3, C, 9), span(0, 6, S, 1), span(6, 6, E, 8)],
        [(0, 6, {S}, {1}, 1)],
    ),
    "gap omitted": (
        [span(0, 2, S, 1), span(5, 7, S, 1)],
        [(0, 2, {S}, {1}, 1), (5, 7, {S}, {1}, 1)],
    ),
    "triple depth": (
        [span(0, 9, S, 1), span(2, 7, E, 2), span(4, 5, C, 3)],
        [
            (0, 2, {S}, {1}, 1),
            (2, 4, {S, E}, {1, 2}, 2),
            (4, 5, {S, E, C}, {1, 2, 3}, 3),
            (5, 7, {S, E}, {1, 2}, 2),
            (7, 9, {S}, {1}, 1),
        ],
    ),
    "multi-id span": (
        [Span(0, 4, S, frozenset({1, 2})), span(2, 4, S, 2)],
        [(0, 2, {S}, {1, 2}, 1), (2, 4, {S}, {1, 2}, 2)],
    ),
}


@pytest.mark.parametrize(("spans", "expected"), FLATTEN_CASES.values(), ids=FLATTEN_CASES)
def test_flatten(spans, expected):
    assert coverage(flatten(spans)) == expected
    # Input order must not matter.
    assert coverage(flatten(reversed(spans))) == expected


def test_segments_carry_the_dominant_kind_under_the_given_priority():
    spans = [span(0, 4, S, 1), span(2, 6, C, 2)]
    assert [s.kind for s in flatten(spans)] == [S, C, C]
    assert [s.kind for s in flatten(spans, priority=(S, C))] == [S, S, C]


def test_flatten_agrees_with_counting_every_position():
    rng = random.Random(7)
    kinds = [S, C, E, M]
    for _ in range(200):
        spans = []
        for excerpt_id in range(rng.randint(0, 8)):
            start = rng.randint(0, 30)
            spans.append(span(start, start + rng.randint(0, 10), rng.choice(kinds), excerpt_id))
        segments = flatten(spans)
        for a, b in zip(segments, segments[1:], strict=False):
            assert a.end <= b.start
            assert a.end < b.start or (a.kinds, a.ids, a.depth) != (b.kinds, b.ids, b.depth)
        for pos in range(45):
            covering = [s for s in spans if s.start <= pos < s.end]
            found = segment_at(segments, pos)
            if not covering:
                assert found is None
                continue
            assert found is not None and found.depth == len(covering)
            assert found.kinds == {s.kind for s in covering}
            assert found.ids == frozenset().union(*(s.ids for s in covering))


# --- segment_at ---------------------------------------------------------------------------


SEGMENTS = [
    Segment(2, 5, frozenset({S}), frozenset({1}), 1, S),
    Segment(5, 8, frozenset({S, C}), frozenset({1, 2}), 2, C),
    Segment(10, 12, frozenset({E}), frozenset({3}), 1, E),
]


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        (-1, None),
        (0, None),
        (1, None),
        (2, 0),
        (4, 0),
        (5, 1),
        (7, 1),
        (8, None),
        (9, None),
        (10, 2),
        (11, 2),
        (12, None),
        (100, None),
    ],
)
def test_segment_at_boundaries(position, expected):
    found = segment_at(SEGMENTS, position)
    assert found is (None if expected is None else SEGMENTS[expected])


def test_segment_at_with_no_segments():
    assert segment_at([], 0) is None


# --- scale --------------------------------------------------------------------------------


def test_large_text_with_many_spans_flattens_quickly():
    rng = random.Random(42)
    words = ["case", "file", "said", "é", "中文", "🙂", "𝔸", "witness", "report"]
    text = " ".join(rng.choice(words) for _ in range(90_000))[:300_000]
    assert len(text) == 300_000
    kinds = [S, C, E, M]
    spans = []
    for excerpt_id in range(5_000):
        start = rng.randrange(len(text) - 2_000)
        spans.append(span(start, start + rng.randint(1, 2_000), rng.choice(kinds), excerpt_id))

    began = time.perf_counter()
    index = Utf16Index(text)
    segments = flatten(spans)
    for s in segments:
        utf16_span(index, s.start, s.end)
    elapsed = time.perf_counter() - began

    assert elapsed < 1.0, f"flatten + conversion took {elapsed:.2f}s"
    assert len(segments) > 5_000
    assert index.utf16_length == utf16_len(text)


def test_sorted_offsets_convert_as_one_by_one():
    text = "a🙂b𝔸c🙂🙂d" * 50
    index = Utf16Index(text)
    edges = [0, 1, 2, 2, 3, 5, 6, 7, 8, 9, len(text) - 1, len(text)]
    points = sorted(edges + list(range(0, 400, 7)))
    assert index.to_utf16_sorted(points) == [index.to_utf16(p) for p in points]
    assert Utf16Index("plain").to_utf16_sorted([0, 3, 5]) == [0, 3, 5]
