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
        " WHERE table_name = ? AND row_ref = ? ORDER BY id", [table, uid]).fetchall()
    rows = list(own)
    # Rows that hang on it (a claim's citations), deleted ones too: found by the row id they
    # pointed at, as logged, while the item had that id. An undo can free an id for another
    # item, whose children must not show here. The log has no index on these columns; a
    # history is asked for rarely.
    for child, column in _OWNED[table]:
        for row_id, first, last in _lifetimes(own):
            rows += db.execute(
                "SELECT id, at, actor, action, table_name, op, before, after FROM change_log"
                " WHERE table_name = ? AND id BETWEEN ? AND ? AND (json_extract(after, ?) = ?"
                " OR json_extract(before, ?) = ?)",
                [child, first, last, f"$.{column}", row_id, f"$.{column}", row_id]).fetchall()
    rows.sort(key=lambda r: r[0], reverse=True)
    found = [r[1:] for r in rows[:limit]]
    return [HistoryEntry(at, actor, action, name, op, _diff(before, after))
            for at, actor, action, name, op, before, after in found]


def _lifetimes(own: list[tuple]) -> list[tuple[int, int, int]]:
    """(row id, first log id, last log id): each stretch of the log in which the item was in
    the case under that id, from its insert to its delete (an undo, perhaps)."""
    spans, alive = [], {}
    for log_id, *_, op, before, after in own:
        row_id = json.loads(after or before or "{}").get("id")
        if row_id is None:
            continue
        if op == "insert":
            alive[row_id] = log_id
        elif op == "delete":
            spans.append((row_id, alive.pop(row_id, 0), log_id))
        else:
            alive.setdefault(row_id, 0)  # made before the log began
    return spans + [(row_id, first, 2**62) for row_id, first in alive.items()]


def _diff(before: str | None, after: str | None) -> tuple[tuple[str, object, object], ...]:
    old = json.loads(before) if before else {}
    new = json.loads(after) if after else {}
    columns = [c for c in dict.fromkeys([*old, *new]) if c not in _HIDDEN]
    return tuple((c, old.get(c), new.get(c)) for c in columns if old.get(c) != new.get(c))
