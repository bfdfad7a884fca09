"""Row lookups for id-backed lists: ids in display order, then rows for a page of ids."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True)
class SourceRow:
    id: int
    uid: str
    title: str
    publisher: str | None
    published: str | None
    reliability: str | None


@dataclass(frozen=True)
class ClaimRow:
    id: int
    uid: str
    text: str
    subject: str
    status: str
    rank: str
    supports: int
    contradicts: int


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def source_ids(db: Database, contains: str = "") -> list[int]:
    """Sources by publication date then title; contains narrows on title and publisher."""
    sql = "SELECT id FROM sources"
    params: list[str] = []
    if contains:
        sql += " WHERE title LIKE ? ESCAPE '\\' OR publisher LIKE ? ESCAPE '\\'"
        params = [_like(contains)] * 2
    sql += " ORDER BY published_lower IS NULL, published_lower, title, id"
    return [row[0] for row in db.execute(sql, params)]


def source_rows(db: Database, ids: Sequence[int]) -> dict[int, SourceRow]:
    rows = db.execute(
        "SELECT id, uid, title, publisher, published, reliability FROM sources"
        " WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(list(ids))],
    )
    return {r[0]: SourceRow(*r) for r in rows}


def claim_ids(db: Database, contains: str = "") -> list[int]:
    sql = "SELECT id FROM claims"
    params: list[str] = []
    if contains:
        sql += " WHERE text LIKE ? ESCAPE '\\'"
        params = [_like(contains)]
    sql += " ORDER BY id"
    return [row[0] for row in db.execute(sql, params)]


def claim_rows(db: Database, ids: Sequence[int]) -> dict[int, ClaimRow]:
    rows = db.execute(
        "SELECT c.id, c.uid, c.text, e.name, c.status, c.rank,"
        " (SELECT COUNT(*) FROM citations t WHERE t.claim_id = c.id AND t.stance = 'supports'),"
        " (SELECT COUNT(*) FROM citations t WHERE t.claim_id = c.id AND t.stance = 'contradicts')"
        " FROM claims c JOIN entities e ON e.id = c.subject_id"
        " WHERE c.id IN (SELECT value FROM json_each(?))",
        [json.dumps(list(ids))],
    )
    return {r[0]: ClaimRow(*r) for r in rows}
