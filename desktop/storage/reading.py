"""What the reading view needs of one source: its excerpts, what cites them, its mentions."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlite_utils import Database


class Highlight(NamedTuple):
    """One excerpt of the shown text and the kinds of citation that lean on it.

    A named tuple: a long source has thousands, built on every open.
    """

    excerpt_id: int
    start: int
    end: int
    supports: int  # claim citations with stance supports (context counts here too)
    contradicts: int
    events: int


@dataclass(frozen=True)
class Citing:
    """A claim or event that cites some excerpt."""

    kind: str  # claim | event
    id: int
    uid: str
    text: str
    stance: str
    excerpt_id: int


def highlights(db: Database, source_id: int, text_sha256: str) -> list[Highlight]:
    """Every excerpt anchored to this text of the source, with its citation counts."""
    # One grouped join for the claim citations (a correlated count per excerpt and stance
    # reads each excerpt's citations twice); events are rarer and keep their own count.
    rows = db.execute(
        "SELECT x.id, x.start_pos, x.end_pos,"
        " coalesce(sum(t.stance != 'contradicts'), 0), coalesce(sum(t.stance = 'contradicts'), 0),"
        " (SELECT COUNT(*) FROM event_citations e WHERE e.excerpt_id = x.id)"
        " FROM excerpts x LEFT JOIN citations t ON t.excerpt_id = x.id"
        " WHERE x.source_id = ? AND x.text_sha256 = ? AND x.anchor_status != 'orphan'"
        " GROUP BY x.id ORDER BY x.start_pos, x.end_pos",
        [source_id, text_sha256],
    )
    return [Highlight._make(row) for row in rows]


def citing(db: Database, excerpt_ids: Sequence[int]) -> list[Citing]:
    """Every claim and event that cites any of these excerpts, claims first."""
    ids = json.dumps(list(excerpt_ids))
    rows = db.execute(
        "SELECT 'claim', c.id, c.uid, c.text, t.stance, t.excerpt_id FROM citations t"
        " JOIN claims c ON c.id = t.claim_id"
        " WHERE t.excerpt_id IN (SELECT value FROM json_each(?1))"
        " UNION ALL "
        "SELECT 'event', e.id, e.uid, e.title, t.stance, t.excerpt_id FROM event_citations t"
        " JOIN events e ON e.id = t.event_id"
        " WHERE t.excerpt_id IN (SELECT value FROM json_each(?1))"
        " ORDER BY 1, 2",
        [ids],
    )
    return [Citing(*row) for row in rows]


def mention_spans(db: Database, source_id: int) -> list[tuple[int, int, int]]:
    """(start, end, entity id) of every known name in the source, in text order."""
    return db.execute(
        "SELECT start_pos, end_pos, entity_id FROM mentions WHERE source_id = ?"
        " ORDER BY start_pos",
        [source_id],
    ).fetchall()
