"""A claim with its citations, each carrying the quoted words, source and grade."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from desktop.domain.vocab import grade


@dataclass(frozen=True)
class CitationView:
    stance: str
    exact: str
    source_uid: str
    source_title: str
    publisher: str | None
    published: str | None
    grade: str
    start: int
    end: int


@dataclass(frozen=True)
class ClaimView:
    id: int
    uid: str
    text: str
    property_key: str | None
    value: str | None
    rank: str
    status: str
    citations: tuple[CitationView, ...]


def claims_for_entity(db: Database, entity_id: int) -> list[ClaimView]:
    """Claims about an entity or naming it as their value, with every citation: two queries."""
    claims = db.execute(
        "SELECT c.id, c.uid, c.text, p.key, COALESCE(c.value, v.name), c.rank, c.status"
        " FROM claims c LEFT JOIN properties p ON p.id = c.property_id"
        " LEFT JOIN entities v ON v.id = c.value_entity_id"
        " WHERE c.subject_id = ?1"
        " UNION ALL "
        "SELECT c.id, c.uid, c.text, p.key, v.name, c.rank, c.status"
        " FROM claims c LEFT JOIN properties p ON p.id = c.property_id"
        " JOIN entities v ON v.id = c.value_entity_id"
        " WHERE c.value_entity_id = ?1 AND c.subject_id != ?1"
        " ORDER BY 1",
        [entity_id],
    ).fetchall()
    cites: dict[int, list[CitationView]] = {row[0]: [] for row in claims}
    for row in db.execute(
        "SELECT t.claim_id, t.stance, x.exact, s.uid, s.title, s.publisher, s.published,"
        " s.reliability, t.credibility, x.start_pos, x.end_pos"
        " FROM citations t JOIN excerpts x ON x.id = t.excerpt_id"
        " JOIN sources s ON s.id = x.source_id"
        " WHERE t.claim_id IN (SELECT value FROM json_each(?)) ORDER BY t.claim_id, t.id",
        [json.dumps(list(cites))],
    ):
        cites[row[0]].append(
            CitationView(row[1], row[2], row[3], row[4], row[5], row[6],
                         grade(row[7], row[8]), row[9], row[10])
        )
    return [ClaimView(*row, tuple(cites[row[0]])) for row in claims]
