"""An item's history from the change log: who changed what, when, with the values before and
after, for the History view."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

# What a row of each kind is called in the log: its uid (row_ref), plus rows that hang on it.
_OWNED = {
    "claims": (("citations", "claim_id"),),
    "events": (("event_citations", "event_id"), ("event_entities", "event_id")),
    "sources": (("source_lineage", "source_id"),),
    "entities": (("entity_aliases", "entity_id"),),
    "annotations": (),
}
_HIDDEN = {"id", "uid", "created_at", "created_by", "updated_at", "modified"}


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    actor: str | None
    action: str
    table: str
    op: str  # insert | update | delete
    changes: tuple[tuple[str, object, object], ...]  # (column, before, after), changed only


def history(db: Database, table: str, uid: str, limit: int = 500) -> list[HistoryEntry]:
    """Newest first: the item's own rows, and the rows that belong to it (a claim's citations),
    as they were logged."""
    if table not in _OWNED:
        raise ValueError(f"no history for {table!r}")
    own = db.execute(
        "SELECT id, at, actor, action, table_name, op, before, after FROM change_log"
        " WHERE table_name = ? AND row_ref = ?", [table, uid]).fetchall()
    row_ids = {json.loads(r[7] or r[6] or "{}").get("id") for r in own} - {None}
    rows = list(own)
    # Rows that hang on it (a claim's citations), deleted ones too: found by what they
    # pointed at, as logged. The log has no index on that; a history is asked for rarely.
    for child, column in _OWNED[table]:
        for row_id in row_ids:
            rows += db.execute(
                "SELECT id, at, actor, action, table_name, op, before, after FROM change_log"
                " WHERE table_name = ? AND (json_extract(after, ?) = ?"
                " OR json_extract(before, ?) = ?)",
                [child, f"$.{column}", row_id, f"$.{column}", row_id]).fetchall()
    rows.sort(key=lambda r: r[0], reverse=True)
    found = [r[1:] for r in rows[:limit]]
    return [HistoryEntry(at, actor, action, name, op, _diff(before, after))
            for at, actor, action, name, op, before, after in found]


def _diff(before: str | None, after: str | None) -> tuple[tuple[str, object, object], ...]:
    old = json.loads(before) if before else {}
    new = json.loads(after) if after else {}
    columns = [c for c in dict.fromkeys([*old, *new]) if c not in _HIDDEN]
    return tuple((c, old.get(c), new.get(c)) for c in columns if old.get(c) != new.get(c))
