"""A claim with its citations, each carrying the quoted words, source and grade."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from desktop.domain.vocab import grade


@dataclass(frozen=True)
class CitationView:
    excerpt_id: int
    source_id: int
    stance: str
    exact: str
    source_uid: str
    source_title: str
    publisher: str | None
    published: str | None
    grade: str
    start: int
    end: int
    date: str | None = None  # for an event: the date this source gives, as EDTF
    page: int | None = None  # in a PDF source
    anchor: str = "exact"  # exact | moved | fuzzy | orphan: how sure we are of where they are
    citation_id: int | None = None  # the row in citations or event_citations, for grading it
    credibility: int | None = None


@dataclass(frozen=True)
class ClaimView:
    id: int
    uid: str
    text: str
    property_key: str | None
    value: str | None
    rank: str
    status: str
    subject_id: int
    subject: str
    property_label: str | None
    citations: tuple[CitationView, ...]
    rank_reason: str | None = None
    likelihood: str | None = None  # ICD 203 words, when the analyst said them
    confidence: str | None = None


# A claim row as ClaimView wants it: the value is the text, or the value entity's name.
_CLAIM_ROW = (
    "SELECT c.id, c.uid, c.text, p.key, COALESCE(c.value, v.name), c.rank, c.status,"
    " c.subject_id, s.name, p.label, c.rank_reason, c.likelihood, c.confidence"
    " FROM claims c JOIN entities s ON s.id = c.subject_id"
    " LEFT JOIN properties p ON p.id = c.property_id"
    " LEFT JOIN entities v ON v.id = c.value_entity_id"
)


def claims_for_entity(db: Database, entity_id: int) -> list[ClaimView]:
    """Claims about an entity or naming it as their value, with every citation: two queries."""
    claims = db.execute(
        f"{_CLAIM_ROW} WHERE c.subject_id = ?1"
        f" UNION ALL {_CLAIM_ROW} WHERE c.value_entity_id = ?1 AND c.subject_id != ?1"
        " ORDER BY 1",
        [entity_id],
    ).fetchall()
    return _views(db, claims)


def claim_view(db: Database, claim_id: int) -> ClaimView | None:
    found = claim_views(db, [claim_id])
    return found[0] if found else None


def claim_views(db: Database, claim_ids: list[int]) -> list[ClaimView]:
    """These claims with their citations, in id order; ids no longer present are skipped."""
    rows = db.execute(
        f"{_CLAIM_ROW} WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY c.id",  # noqa: S608
        [json.dumps(list(claim_ids))],
    ).fetchall()
    return _views(db, rows)


def _views(db: Database, rows: list) -> list[ClaimView]:
    cites = citations_of(db, "citations", "claim_id", [row[0] for row in rows])
    return [ClaimView(*row[:10], citations=tuple(cites.get(row[0], ())), rank_reason=row[10],
                      likelihood=row[11], confidence=row[12])
            for row in rows]


# Each table that cites excerpts, the column naming what cites, and the date a citation gives.
_CITATION_TABLES = {
    "citations": ("claim_id", "NULL"),
    "event_citations": ("event_id", "t.date_edtf"),
}


def citations_of(
    db: Database, table: str, owner: str, owner_ids: list[int]
) -> dict[int, list[CitationView]]:
    """Citations of claims or events, by owner id, each with its words, source and grade."""
    if table not in _CITATION_TABLES or _CITATION_TABLES[table][0] != owner:
        raise ValueError(f"no citations in {table}.{owner}")
    date = _CITATION_TABLES[table][1]
    cites: dict[int, list[CitationView]] = {}
    rows = db.execute(
        f"SELECT t.{owner}, x.id, s.id, t.stance, x.exact, s.uid, s.title, s.publisher,"  # noqa: S608 - names checked above
        " s.published, s.reliability, t.credibility, x.start_pos, x.end_pos,"
        f" {date}, x.page, x.anchor_status, t.id FROM {table} t"
        " JOIN excerpts x ON x.id = t.excerpt_id"
        " JOIN sources s ON s.id = x.source_id"
        f" WHERE t.{owner} IN (SELECT value FROM json_each(?)) ORDER BY t.{owner}, t.id",
        [json.dumps(owner_ids)],
    )
    for row in rows:
        cites.setdefault(row[0], []).append(
            CitationView(*row[1:9], grade(row[9], row[10]), *row[11:17], credibility=row[10])
        )
    return cites
