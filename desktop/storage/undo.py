"""Undo and redo from the change log: a logged action is reverted or re-applied row by row.

Every write is logged with the row before and after it (storage/changes), so one mechanism
undoes any action the same way, restoring the very rows (ids and uids) it touched, and the undo
is itself logged. A row changed since by something else is never overwritten: the undo stops
with UndoConflict and the transaction leaves the case as it was.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from desktop.storage.changes import _UNLOGGED, _UNLOGGED_TABLES, Writer
from desktop.storage.edits import refresh_all_mentions


class UndoConflict(ValueError):
    """The rows an action touched have changed since; undoing it would lose that change."""


# Actions on these tables change entity names: undoing or redoing them finds mentions again.
_NAMING = {"entities", "entity_aliases"}


def undoable(tables: frozenset[str] | set[str]) -> bool:
    """Whether an action that wrote these tables can be undone from the log: texts and the
    case's own settings are not logged row by row. Mentions are not either, but they derive
    from names, which are: an action that renamed an entity can be undone, and its mentions
    are found again."""
    if "mentions" in tables and not tables & _NAMING:
        return False
    return not any(t in _UNLOGGED or t == "case_meta" for t in tables)


def _entries(w: Writer, batch: str) -> list[tuple[str, str, dict | None, dict | None]]:
    rows = w.db.execute(
        "SELECT table_name, op, before, after FROM change_log WHERE batch = ? ORDER BY id",
        [batch]).fetchall()
    if not rows:
        raise UndoConflict("nothing of that action is in the case's log")
    entries = []
    for table, op, before, after in rows:
        if table in _UNLOGGED or table in _UNLOGGED_TABLES or table == "case_meta":
            raise UndoConflict(f"changes to {table} cannot be undone from the log")
        entries.append((table, op, _load(before), _load(after)))
    return entries


def _load(text: str | None) -> dict[str, Any] | None:
    return json.loads(text) if text else None


def revert(w: Writer, batch: str) -> None:
    """Undo one logged action: its writes in reverse, each checked against what it wrote."""
    entries = _entries(w, batch)
    for table, op, before, after in reversed(entries):
        if op == "insert":
            _expect(w, table, after, after)
            _no_dependents(w, table, after["id"])
            _apply(w.delete, table, after["id"])
        elif op == "update":
            _expect(w, table, after, _changed(before, after))
            _apply(w.update, table, after["id"], _changed(after, before))
        else:  # delete
            _expect_absent(w, table, before["id"])
            _apply(w.insert, table, before)
    _renamed(w, entries)


def reapply(w: Writer, batch: str) -> None:
    """Redo one logged action that was undone: its writes in order, checked the same way."""
    entries = _entries(w, batch)
    for table, op, before, after in entries:
        if op == "insert":
            _expect_absent(w, table, after["id"])
            _apply(w.insert, table, after)
        elif op == "update":
            _expect(w, table, before, _changed(after, before))
            _apply(w.update, table, before["id"], _changed(before, after))
        else:
            _expect(w, table, before, before)
            _no_dependents(w, table, before["id"])
            _apply(w.delete, table, before["id"])
    _renamed(w, entries)


def _renamed(w: Writer, entries: list) -> None:
    """Names came back or went again: mentions follow them (they are derived, not logged)."""
    if any(table in _NAMING for table, *_ in entries):
        refresh_all_mentions(w)


def _changed(old: dict, new: dict) -> dict[str, Any]:
    """The columns of `new` whose values differ from `old`, with new's values."""
    return {k: v for k, v in new.items() if old.get(k) != v}


def _expect(w: Writer, table: str, row: dict, columns: dict) -> None:
    """The row as the log says it should be now, on the columns that matter."""
    current = w.db.execute(f"SELECT * FROM [{table}] WHERE id = ?", [row["id"]])  # noqa: S608
    found = current.fetchone()
    if found is None:
        raise UndoConflict(f"a row of {table} it changed has since been deleted")
    names = [d[0] for d in current.description]
    now = dict(zip(names, found, strict=True))
    if any(now.get(k) != row.get(k) for k in columns if k in now):
        raise UndoConflict(f"a row of {table} it changed has been changed again since")


def _expect_absent(w: Writer, table: str, row_id: int) -> None:
    if w.db.execute(f"SELECT 1 FROM [{table}] WHERE id = ?", [row_id]).fetchone():  # noqa: S608
        raise UndoConflict(f"a row of {table} it would bring back is taken by another")


def _no_dependents(w: Writer, table: str, row_id: int) -> None:
    """Refuse to delete a row that rows made since refer to: a cascade would delete them
    unlogged, and SET NULL would quietly cut them loose. Derived rows (mentions) are exempt:
    they are recomputed from texts and names."""
    for other, column in _references(w, table):
        found = w.db.execute(
            f"SELECT 1 FROM [{other}] WHERE [{column}] = ? LIMIT 1", [row_id]).fetchone()  # noqa: S608
        if found:
            raise UndoConflict(f"something added since refers to that row of {table} "
                               f"({other}); undo that first")


def _references(w: Writer, table: str) -> list[tuple[str, str]]:
    """(table, column) pairs whose foreign keys point at `table`, from the schema itself."""
    names = [r[0] for r in w.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    found = []
    for other in names:
        if other in _UNLOGGED_TABLES:
            continue
        for fk in w.db.execute(f"PRAGMA foreign_key_list([{other}])"):
            if fk[2] == table:
                found.append((other, fk[3]))
    return found


def _apply(step, *args) -> None:
    try:
        step(*args)
    except sqlite3.IntegrityError as exc:  # e.g. a later row now depends on one to delete
        raise UndoConflict(f"the case has changed since ({exc})") from exc
