"""Anchoring quotes to a text: W3C TextQuote + TextPosition selectors, found and verified."""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT_CHARS = 32  # prefix/suffix length, as Hypothesis stores them


class AnchorError(ValueError):
    """A quote that cannot be anchored unambiguously."""


@dataclass(frozen=True)
class Selector:
    """Where an excerpt's words are: positions count code points (Python str indices)."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def occurrences(text: str, quote: str) -> list[int]:
    """Every start position of quote in text, overlapping ones included."""
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def anchor_quote(text: str, quote: str, occurrence: int | None = None) -> Selector:
    """Find quote exactly once (or its given 1-based occurrence) and build its selector."""
    if not quote:
        raise AnchorError("empty quote")
    starts = occurrences(text, quote)
    if not starts:
        raise AnchorError("quote not found")
    if occurrence is None:
        if len(starts) > 1:
            raise AnchorError(
                f"quote found {len(starts)} times; give 'occurrence' to choose one"
            )
        start = starts[0]
    else:
        if not 1 <= occurrence <= len(starts):
            raise AnchorError(f"occurrence {occurrence} asked, quote found {len(starts)} times")
        start = starts[occurrence - 1]
    return selector_at(text, start, start + len(quote))


def selector_at(text: str, start: int, end: int) -> Selector:
    if not 0 <= start < end <= len(text):
        raise AnchorError(f"span {start}-{end} lies outside a text of {len(text)} characters")
    return Selector(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
    )


def matches(text: str, start: int, end: int, exact: str) -> bool:
    """Do the stored positions still hold the stored words?"""
    return 0 <= start <= end <= len(text) and text[start:end] == exact
