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


@dataclass(frozen=True)
class EntityRow:
    id: int
    uid: str
    kind: str
    name: str


@dataclass(frozen=True)
class EventRow:
    id: int
    uid: str
    title: str
    date_edtf: str | None
    date_phrase: str | None
    status: str


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
    """Claims in the order they were made; contains narrows on the sentence and subject name."""
    sql = "SELECT c.id FROM claims c"
    params: list[str] = []
    if contains:
        sql += (" JOIN entities e ON e.id = c.subject_id"
                " WHERE c.text LIKE ?1 ESCAPE '\\' OR e.name LIKE ?1 ESCAPE '\\'")
        params = [_like(contains)]
    sql += " ORDER BY c.id"
    return [row[0] for row in db.execute(sql, params)]


def claim_ids_about(db: Database, entity_id: int) -> list[int]:
    """Claims whose subject is the entity or whose value names it."""
    return [row[0] for row in db.execute(
        "SELECT id FROM claims WHERE subject_id = ?1"
        " UNION SELECT id FROM claims WHERE value_entity_id = ?1 ORDER BY 1",
        [entity_id],
    )]


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


def entities(db: Database, contains: str = "") -> list[EntityRow]:
    """Entities not merged away, by kind then name; contains narrows on names and aliases.

    Whole rows rather than ids: a case has thousands of entities, not millions, and the
    navigator groups them by kind, which needs every row's kind up front.
    """
    sql = "SELECT e.id, e.uid, e.kind, e.name FROM entities e WHERE e.merged_into IS NULL"
    params: list[str] = []
    if contains:
        sql += (" AND (e.name LIKE ?1 ESCAPE '\\' OR EXISTS (SELECT 1 FROM entity_aliases a"
                " WHERE a.entity_id = e.id AND a.alias LIKE ?1 ESCAPE '\\'))")
        params = [_like(contains)]
    sql += " ORDER BY e.kind, e.name COLLATE NOCASE, e.id"
    return [EntityRow(*row) for row in db.execute(sql, params)]


def event_ids(db: Database, contains: str = "") -> list[int]:
    """Events by earliest possible date, undated last; contains narrows on title and date."""
    sql = "SELECT id FROM events"
    params: list[str] = []
    if contains:
        sql += (" WHERE title LIKE ?1 ESCAPE '\\' OR date_phrase LIKE ?1 ESCAPE '\\'"
                " OR date_edtf LIKE ?1 ESCAPE '\\'")
        params = [_like(contains)]
    sql += " ORDER BY date_lower IS NULL, date_lower, date_upper, id"
    return [row[0] for row in db.execute(sql, params)]


def event_rows(db: Database, ids: Sequence[int]) -> dict[int, EventRow]:
    rows = db.execute(
        "SELECT id, uid, title, date_edtf, date_phrase, status FROM events"
        " WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(list(ids))],
    )
    return {r[0]: EventRow(*r) for r in rows}


# The table behind each kind of selectable item; names come from here, never from input.
_TABLES = {"source": "sources", "entity": "entities", "claim": "claims", "event": "events"}


def id_for_uid(db: Database, kind: str, uid: str) -> int | None:
    """The row id of a source, entity, claim or event named by its stable uid."""
    if kind not in _TABLES:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(_TABLES)}")
    row = db.execute(f"SELECT id FROM {_TABLES[kind]} WHERE uid = ?", [uid]).fetchone()  # noqa: S608
    return row[0] if row else None


def uid_for_id(db: Database, kind: str, item_id: int) -> str | None:
    if kind not in _TABLES:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(_TABLES)}")
    row = db.execute(f"SELECT uid FROM {_TABLES[kind]} WHERE id = ?", [item_id]).fetchone()  # noqa: S608
    return row[0] if row else None


def entity_kind(db: Database, entity_id: int) -> str | None:
    row = db.execute("SELECT kind FROM entities WHERE id = ?", [entity_id]).fetchone()
    return row[0] if row else None


def counts(db: Database) -> dict[str, int]:
    """How many of each kind the case holds, for the status bar."""
    found = {kind: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
             for kind, table in _TABLES.items()}
    # As the navigator counts them: an entity merged into another is listed under that one.
    found["entity"] = db.execute(
        "SELECT count(*) FROM entities WHERE merged_into IS NULL").fetchone()[0]
    return found
