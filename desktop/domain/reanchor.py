"""Re-anchoring excerpts in a new version of their source's text: exact, moved, fuzzy or orphan."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from desktop.domain.anchoring import Selector, matches, occurrences
from desktop.domain.vocab import ANCHOR_STATUSES

__all__ = [
    "ANCHOR_STATUSES",
    "DEFAULT_THRESHOLD",
    "MIN_FUZZY_CHARS",
    "SHORT_QUOTE_CHARS",
    "SHORT_QUOTE_CONTEXT",
    "Anchor",
    "Cancelled",
    "reanchor",
    "reanchor_all",
]

# Quote similarity is Levenshtein similarity, 1 - edits / length of the longer string. 0.75
# tolerates about one edited character in four: a changed word or a fixed typo in a sentence-long
# quote still anchors, while a rewritten sentence does not. Searching unrelated news prose for a
# quote of 40 or more characters finds at best about 0.6, so 0.75 sits well clear of chance.
DEFAULT_THRESHOLD = 0.75
# Below this many characters one edit is a large share of the quote, and such short strings
# recur all over a long text, so an approximate match would mostly be a coincidence.
MIN_FUZZY_CHARS = 8
# Quotes shorter than this still meet the threshold by chance somewhere in a text (an unrelated
# 8-20 character quote did so in about one 2,000-character article in ten), so their fuzzy
# matches must also stand where the old context does: chance matches' context scores at most
# about 0.5, a word edited in place keeps nearly 1.0.
SHORT_QUOTE_CHARS, SHORT_QUOTE_CONTEXT = 32, 0.6

# How a fuzzy candidate is scored: the words themselves dominate; context and position only
# choose between candidates whose words are about equally close.
QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, POSITION_WEIGHT = 0.6, 0.15, 0.15, 0.1

_NEAR_CHARS = 2000  # the fuzzy search looks this far around the expected position first
_MAX_CANDIDATES = 16  # approximate matches examined per search
_EDGE_CHARS = 12  # context next to a fuzzy span's ends that decides where they lie
_MAX_OCCURRENCES = 500  # exact occurrences compared by context, the nearest ones
_WHITESPACE_RUN = re.compile(r"\s{2,}|[^\S ]")  # what collapses to a single space


class Cancelled(Exception):
    """reanchor_all stopped early because its caller asked it to."""


@dataclass(frozen=True)
class Anchor:
    """Where an excerpt's words are in the new text, and how sure that is."""

    status: str  # exact | moved | fuzzy | orphan
    start: int | None  # code-point positions in the new text; None for orphan
    end: int | None
    score: float  # 1.0 for exact and moved; 0 < score < 1 for fuzzy; 0.0 for orphan


ORPHAN = Anchor("orphan", None, None, 0.0)


def reanchor(
    text: str | TextIndex, old: Selector, *, old_length: int | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> Anchor:
    """Where old's words are in text (the new version).

    old_length is the length of the text old was anchored in, used to scale the expected
    position when the text grew or shrank.
    """
    index = text if isinstance(text, TextIndex) else TextIndex(text)
    return _reanchor_one(index, old, old_length, threshold)


def reanchor_all(
    text: str, olds: Sequence[Selector], *, old_length: int | None = None,
    threshold: float = DEFAULT_THRESHOLD, cancelled: Callable[[], bool] | None = None,
) -> list[Anchor]:
    """reanchor for many excerpts of one text, in input order; raises Cancelled if asked to."""
    index = TextIndex(text)  # shared so the whitespace-collapsed copy is built once
    anchors = []
    for old in olds:
        if cancelled is not None and cancelled():
            raise Cancelled
        anchors.append(_reanchor_one(index, old, old_length, threshold))
    return anchors


class TextIndex:
    """One new text and what every excerpt's search of it shares: build it once per text
    when anchoring many selectors one at a time."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def _collapsed(self) -> tuple[str, list[int], list[int]]:
        """The text with whitespace runs as single spaces, and where its pieces come from."""
        pieces, cut_collapsed, cut_original, done, size = [], [0], [0], 0, 0
        for run in _WHITESPACE_RUN.finditer(self.text):
            start, end = run.span()
            pieces += [self.text[done:start], " "]
            size += start - done
            # the space stands for the run; what follows it resumes after the run
            cut_collapsed += [size, size + 1]
            cut_original += [start, end]
            size, done = size + 1, end
        pieces.append(self.text[done:])
        return "".join(pieces), cut_collapsed, cut_original

    def _original(self, position: int) -> int:
        _, cut_collapsed, cut_original = self._collapsed
        at = bisect_right(cut_collapsed, position) - 1
        return cut_original[at] + position - cut_collapsed[at]

    def exact_spans(self, quote: str) -> list[tuple[int, int]]:
        """Where quote is, verbatim or up to whitespace (spans are in the real text)."""
        starts = occurrences(self.text, quote)
        if starts:
            return [(start, start + len(quote)) for start in starts]
        collapsed_quote = _WHITESPACE_RUN.sub(" ", quote)
        collapsed = self._collapsed[0]
        if collapsed == self.text and collapsed_quote == quote:
            return []
        return [
            (self._original(start), self._original(start + len(collapsed_quote) - 1) + 1)
            for start in occurrences(collapsed, collapsed_quote)
        ]


def _reanchor_one(index: TextIndex, old: Selector, old_length: int | None,
                  threshold: float) -> Anchor:
    text, quote = index.text, old.exact
    if not text or not quote:
        return ORPHAN
    if matches(text, old.start, old.end, quote):
        return Anchor("exact", old.start, old.end, 1.0)
    expected = _expected_start(old, len(text), old_length)
    nearby = _nearby_in_context(text, old, expected)
    if nearby is not None:
        return Anchor("moved", nearby, nearby + len(quote), 1.0)
    spans = index.exact_spans(quote)
    if spans:
        start, end = _best_by_context(text, spans, old, expected)
        return Anchor("moved", start, end, 1.0)
    if len(quote.strip()) < MIN_FUZZY_CHARS:
        return ORPHAN
    return _fuzzy(text, old, expected, threshold) or ORPHAN


def _nearby_in_context(text: str, old: Selector, expected: int) -> int | None:
    """The nearest occurrence around the expected position whose context is unchanged.

    No occurrence can beat it (it has the best context, and any closer one lies in the same
    window), so most moved excerpts need no scan of the whole text.
    """
    quote, best = old.exact, None
    high = expected + _NEAR_CHARS + len(quote)
    at = text.find(quote, max(0, expected - _NEAR_CHARS), high)
    while at != -1:
        unchanged = _context(text, at, at + len(quote), old) == (1.0, 1.0)
        if unchanged and (best is None or abs(at - expected) < abs(best - expected)):
            best = at
        at = text.find(quote, at + 1, high)
    return best


def _expected_start(old: Selector, length: int, old_length: int | None) -> int:
    """Where the words would be if the text changed evenly throughout."""
    start = old.start
    if old_length and old_length > 0:
        start = round(start * length / old_length)
    return min(max(start, 0), length)


def _side_similarity(stored: str, found: str) -> float:
    if not stored:
        return 1.0  # no stored context says nothing against any candidate
    return fuzz.ratio(stored, found) / 100


def _context(text: str, start: int, end: int, old: Selector) -> tuple[float, float]:
    """How well the text around a span matches old's prefix and suffix."""
    # context cut short by the text's edge is padded so its missing characters count as
    # mismatches rather than making the comparison shorter and easier
    before = text[max(0, start - len(old.prefix)) : start].rjust(len(old.prefix), "\0")
    after = text[end : end + len(old.suffix)].ljust(len(old.suffix), "\0")
    return _side_similarity(old.prefix, before), _side_similarity(old.suffix, after)


def _best_by_context(
    text: str, spans: list[tuple[int, int]], old: Selector, expected: int
) -> tuple[int, int]:
    if len(spans) == 1:
        return spans[0]
    # a very common quote is only compared where it is likeliest to be
    spans = sorted(spans, key=lambda span: abs(span[0] - expected))[:_MAX_OCCURRENCES]

    def key(span: tuple[int, int]) -> tuple[float, int]:
        return round(sum(_context(text, *span, old)), 9), -abs(span[0] - expected)

    return max(spans, key=key)


def _fuzzy(text: str, old: Selector, expected: int, threshold: float) -> Anchor | None:
    """The best approximate match near the expected position, else anywhere in the text."""
    reach = max(_NEAR_CHARS, 4 * len(old.exact))
    low, high = max(0, expected - reach), min(len(text), expected + len(old.exact) + reach)
    found = _best_fuzzy(text, old, expected, threshold, low, high)
    if found is None and (low > 0 or high < len(text)):
        found = _best_fuzzy(text, old, expected, threshold, 0, len(text))
    return found


def _best_fuzzy(
    text: str, old: Selector, expected: int, threshold: float, low: int, high: int
) -> Anchor | None:
    best, seen = None, set()
    for rough in _rough_matches(text, old.exact, low, high, threshold):
        start, end, similarity = _tighten(text, old, *rough)
        # the epsilon keeps float noise from rejecting a match right at the threshold
        if end <= start or similarity < threshold - 1e-9 or (start, end) in seen:
            continue
        seen.add((start, end))
        prefix, suffix = _context(text, start, end, old)
        if len(old.exact) < SHORT_QUOTE_CHARS and (prefix + suffix) / 2 < SHORT_QUOTE_CONTEXT:
            continue
        nearness = 1.0 - min(1.0, abs(start - expected) / len(text))
        score = (
            QUOTE_WEIGHT * similarity + PREFIX_WEIGHT * prefix
            + SUFFIX_WEIGHT * suffix + POSITION_WEIGHT * nearness
        )
        # a fuzzy match is never as sure as the words themselves, nor worthless
        score = min(max(score, 1e-6), 0.999)
        if best is None or score > best.score:
            best = Anchor("fuzzy", start, end, score)
    return best


def _rough_matches(
    text: str, quote: str, low: int, high: int, threshold: float
) -> Iterator[tuple[int, int]]:
    """Quote-length windows of text[low:high] roughly like quote, best first within each part.

    rapidfuzz's partial_ratio finds only the best window, so the parts either side of each
    window found are searched again, for a bounded number of candidates.
    """
    # partial_ratio compares same-length windows by Indel, a looser measure than the
    # Levenshtein similarity applied later, so a slightly lower bar loses nothing
    cutoff = max(0.0, threshold - 0.15) * 100
    parts, found = [(low, high)], 0
    while parts and found < _MAX_CANDIDATES:
        part_low, part_high = parts.pop()
        if part_high <= part_low or part_high - part_low < len(quote) * threshold:
            continue
        if part_high - part_low <= len(quote):
            found += 1
            yield part_low, part_high
            continue
        hit = fuzz.partial_ratio_alignment(
            quote, text[part_low:part_high], score_cutoff=cutoff
        )
        if hit is None:
            continue
        found += 1
        yield part_low + hit.dest_start, part_low + hit.dest_end
        parts += [(part_low, part_low + hit.dest_start), (part_low + hit.dest_end, part_high)]


def _tighten(text: str, old: Selector, start: int, end: int) -> tuple[int, int, float]:
    """Move a rough window's ends to the nearby cut points that best fit quote and context.

    The window partial_ratio finds is as long as the quote, so it can clip or overrun an
    edited word at either end. Where the old prefix and suffix still match says where the
    quote's ends are, even when its first or last word was replaced outright.
    """
    quote = old.exact
    slack = min(max(16, len(quote) // 3), 400)
    mid_start = bool(old.prefix) and _is_word(old.prefix[-1]) and _is_word(quote[0])
    mid_end = bool(old.suffix) and _is_word(quote[-1]) and _is_word(old.suffix[0])
    starts = _cut_points(text, start - slack, start + slack, anywhere=mid_start)
    ends = _cut_points(text, end - slack, end + slack, anywhere=mid_end)
    before, after = old.prefix[-_EDGE_CHARS:], old.suffix[:_EDGE_CHARS]
    # two rounds of improving one end with the other held still settle in practice; the
    # cuts are tried tightest first so that a tie keeps the span tight
    for _ in range(2):
        start = _best_cut(
            quote, start, [(cut, text[cut:end], text[max(0, cut - len(before)) : cut], before)
                           for cut in reversed(starts) if cut < end],
        )
        end = _best_cut(
            quote, end, [(cut, text[start:cut], text[cut : cut + len(after)], after)
                         for cut in ends if cut > start],
        )
    while start < end and text[start].isspace() and not quote[0].isspace():
        start += 1
    while end > start and text[end - 1].isspace() and not quote[-1].isspace():
        end -= 1
    return start, end, Levenshtein.normalized_similarity(quote, text[start:end])


def _best_cut(quote: str, keep: int, cuts: list[tuple[int, str, str, str]]) -> int:
    """The cut with fewest edits between quote plus context and the text either side of it;
    of equals, the one whose span is relatively closest to quote, then the first."""

    def cost(cut: tuple[int, str, str, str]) -> tuple[int, float]:
        _, span, found_context, old_context = cut
        edits = Levenshtein.distance(quote, span)
        context_edits = Levenshtein.distance(old_context, found_context)
        return edits + context_edits, edits / max(len(quote), len(span))

    return min(cuts, key=cost)[0] if cuts else keep


def _cut_points(text: str, low: int, high: int, *, anywhere: bool) -> list[int]:
    """Positions in [low, high] where a span may start or end: not inside a word, unless the
    quote itself began or ended inside one."""
    low, high = max(0, low), min(len(text), high)
    return [
        cut for cut in range(low, high + 1)
        if anywhere or cut in (0, len(text))
        or not (_is_word(text[cut - 1]) and _is_word(text[cut]))
    ]


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"
