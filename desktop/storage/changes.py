"""The single write path: one transaction per user action, logged, reporting what it touched."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database
from sqlite_utils.db import jsonify_if_needed, quote_identifier

from desktop.storage import schema

if TYPE_CHECKING:
    from desktop.storage.casefile import Case

# Columns too large or too derived to copy into the change log; their hashes are logged instead.
_UNLOGGED = {"source_texts": {"text", "original"}}
_UNLOGGED_TABLES = {"mentions"}  # recomputed from texts and names, never edited by hand
# Bookkeeping columns: an update that would change only these changes nothing.
_STAMPS = {"updated_at", "modified"}
# Tables whose rows belong to one source's reading: a change to them names that source.
_READING_TABLES = {"source_texts", "excerpts", "mentions"}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Change:
    """What one committed action touched: views refresh from this, never from each other."""

    tables: frozenset[str] = frozenset()
    rows: frozenset[tuple[str, int]] = frozenset()
    # Sources whose text, excerpts or mentions changed: a view showing another one need not
    # reload (an import rewrites each new source's mentions).
    sources: frozenset[int] = frozenset()
    # Entities whose claims or claim citations changed: the comparison rows to compute again.
    subjects: frozenset[int] = frozenset()

    def touches(self, *tables: str) -> bool:
        return any(t in self.tables for t in tables)

    def touches_reading_of(self, source_id: int | None) -> bool:
        """Whether the text, excerpts or mentions of this source changed."""
        return source_id is not None and source_id in self.sources


@dataclass
class Writer:
    """Handed to storage functions inside write(): every insert, update and delete goes here."""

    db: Database
    actor: str
    action: str
    batch: str = field(default_factory=lambda: str(uuid.uuid4()))
    _tables: set[str] = field(default_factory=set)
    _rows: set[tuple[str, int]] = field(default_factory=set)
    _sources: set[int] = field(default_factory=set)
    _subjects: set[int] = field(default_factory=set)

    @property
    def change(self) -> Change:
        return Change(frozenset(self._tables), frozenset(self._rows), frozenset(self._sources),
                      frozenset(self._subjects))

    def insert(self, table: str, row: dict[str, Any]) -> int:
        _require_table(table)
        row_id = self.db.execute(*_insert_sql(table, row)).lastrowid
        self._touch(table, row_id, row)
        self._log(table, "insert", row_id, row.get("uid"), None, self._stored(table, row_id, row))
        return row_id

    def update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        before = self._row(table, row_id)
        if all(before.get(k) == v for k, v in values.items() if k not in _STAMPS):
            return  # only a timestamp would change: no write, no log entry, no undo step
        self.db.table(table).update(row_id, values)
        self._touch(table, row_id, before, values)
        self._log(table, "update", row_id, before.get("uid"), before,
                  self._stored(table, row_id, {**before, **values}))

    def delete(self, table: str, row_id: int) -> None:
        before = self._row(table, row_id)
        self.db.table(table).delete(row_id)
        self._touch(table, row_id, before)
        self._log(table, "delete", row_id, before.get("uid"), before, None)

    def set_meta(self, key: str, value: str) -> None:
        """Set one of the case's own settings (title, description), logged like any row."""
        old = self.db.execute("SELECT value FROM case_meta WHERE key = ?", [key]).fetchone()
        self.db.table("case_meta").upsert({"key": key, "value": value}, pk="key")
        self._tables.add("case_meta")
        self._log("case_meta", "update" if old else "insert", 0, f"case_meta:{key}",
                  {"value": old[0]} if old else None, {"value": value})

    def replace_derived(self, table: str, where: dict[str, Any], rows: Iterable[dict]) -> None:
        """Recompute derived rows (e.g. mentions): reported, but not row-logged."""
        if table not in _UNLOGGED_TABLES:
            raise ValueError(f"bulk replacement is only for derived tables, not {table!r}")
        clause = " AND ".join(f"{quote_identifier(column)} = ?" for column in where)
        self.db.execute(f"DELETE FROM {quote_identifier(table)} WHERE {clause}",  # noqa: S608
                        list(where.values()))
        rows = list(rows)
        if rows:
            sql, _ = _insert_sql(table, rows[0])
            columns = list(rows[0])  # every row of a derived table has the same columns
            self.db.conn.executemany(
                sql, [[jsonify_if_needed(r[c]) for c in columns] for r in rows])
        self._tables.add(table)
        self._note_source(table, where)

    def _stored(self, table: str, row_id: int, given: dict[str, Any]) -> dict[str, Any]:
        """The row as SQLite stored it (defaults filled, values as their column keeps them),
        id included: what undo checks and restores. One plain SELECT (not sqlite-utils' get,
        which looks the schema up again). Tables with large unlogged columns log what was
        given: undo refuses their actions anyway."""
        if table in _UNLOGGED or table in _UNLOGGED_TABLES:
            return {**given, "id": row_id}
        cursor = self.db.execute(
            f"SELECT * FROM {quote_identifier(table)} WHERE rowid = ?", [row_id])  # noqa: S608
        found = cursor.fetchone()
        if found is None:
            return {**given, "id": row_id}
        return dict(zip([d[0] for d in cursor.description], found, strict=True))

    def _row(self, table: str, row_id: int) -> dict[str, Any]:
        return dict(self.db.table(table).get(row_id))

    def _touch(self, table: str, row_id: int, *rows: dict[str, Any]) -> None:
        self._tables.add(table)
        self._rows.add((table, row_id))
        for row in rows:
            self._note_source(table, row)

    def _note_source(self, table: str, row: dict[str, Any]) -> None:
        if table in _READING_TABLES and row.get("source_id") is not None:
            self._sources.add(row["source_id"])
        elif table == "claims" and row.get("subject_id") is not None:
            self._subjects.add(row["subject_id"])
        elif table == "citations" and row.get("claim_id") is not None:
            # Asked while the claim is still there: an undo deletes citations before claims.
            found = self.db.execute("SELECT subject_id FROM claims WHERE id = ?",
                                    [row["claim_id"]]).fetchone()
            if found:
                self._subjects.add(found[0])

    def _log(self, table, op, row_id, uid, before, after) -> None:
        if table in _UNLOGGED_TABLES:
            return
        self.db.execute(
            "INSERT INTO change_log (at, actor, action, batch, table_name, row_ref, op, before,"
            " after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                now_iso(), self.actor, self.action, self.batch, table,
                uid or f"{table}:{row_id}", op, _json(table, before), _json(table, after),
            ],
        )


def _require_table(table: str) -> None:
    # sqlite-utils would quietly create a misspelt table; the schema is fixed by migrations.
    if table not in schema.TABLES:
        raise ValueError(f"no table {table!r} in the case schema")


def _insert_sql(table: str, row: dict[str, Any]) -> tuple[str, list[Any]]:
    """One plain INSERT. Not sqlite-utils' Table.insert: it looks the schema up again on every
    call (seven queries of sqlite_master), a third of an imported file's storing time. The
    table is checked against the schema's, a misspelt column fails in SQLite itself."""
    columns = ", ".join(quote_identifier(column) for column in row)
    marks = ", ".join("?" for _ in row)
    sql = f"INSERT INTO {quote_identifier(table)} ({columns}) VALUES ({marks})"  # noqa: S608
    return sql, [jsonify_if_needed(value) for value in row.values()]


def _json(table: str, row: dict[str, Any] | None) -> str | None:
    if row is None:
        return None
    hidden = _UNLOGGED.get(table, set())
    return json.dumps({k: v for k, v in row.items() if k not in hidden}, default=str)


@contextmanager
def write(case: Case, action: str) -> Iterator[Writer]:
    """One user action = one transaction; on any error nothing of it remains."""
    writer = Writer(case.db, case.actor, action)
    db = case.db
    if db.conn.in_transaction:  # inside another write: a savepoint of it
        with db.atomic():
            yield writer
        return
    # IMMEDIATE takes the write lock at the start: the window's connection and an import's then
    # wait for each other there (busy timeout), never fail half-way through a transaction.
    db.execute("BEGIN IMMEDIATE")
    try:
        with db.atomic():  # in a transaction already: a savepoint, as sqlite-utils nests
            yield writer
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def new_uid() -> str:
    return str(uuid.uuid4())
