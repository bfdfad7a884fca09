"""Comparison cells: which values an (entity, property) pair shows, and whether they conflict."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RankedValue:
    """One claim's value for a cell, reduced to what the cell rules need."""

    claim_id: int
    value: str
    rank: str


def shown_values(claims: Iterable[RankedValue]) -> list[str]:
    """Preferred values if any remain, else the normal ones; never deprecated; distinct."""
    live = [c for c in claims if c.rank != "deprecated"]
    preferred = [c for c in live if c.rank == "preferred"]
    chosen = preferred or live
    return list(dict.fromkeys(c.value for c in chosen))


def in_conflict(claims: Iterable[RankedValue]) -> bool:
    return len(shown_values(claims)) > 1
