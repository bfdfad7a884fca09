"""Which page of a paged text (a PDF's) a position falls on, so a citation can say "p. 3"."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence


def page_of(pages: Sequence[int], position: int) -> int | None:
    """The 1-based page holding a code-point position; None for a text without pages."""
    if not pages or position < 0:
        return None
    return max(1, bisect_right(pages, position))
