"""Opening and creating case files: refusal of foreign, newer or damaged files, pragmas, lock."""

from __future__ import annotations

import getpass
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from desktop.storage import schema
from desktop.storage.errors import CaseError, DamagedCase, NewerCase, NotACase
from desktop.storage.lock import CaseLock

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 2000  # only our own worker connections can hold a lock; never wait long


class Case:
    """An open case: the connection, the lock that keeps other processes out, and who edits."""

    def __init__(self, path: Path, db: Database, lock: CaseLock, actor: str):
        self.path = path
        self.db = db
        self._lock = lock
        self.actor = actor

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            self._lock.release()

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM case_meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    @property
    def title(self) -> str:
        return self.meta("title") or self.path.stem


def default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def open_case(path: Path | str, actor: str | None = None) -> Case:
    """Open an existing case for editing; raises a CaseError subclass with a clear message."""
    path = Path(path)
    _require_sqlite_file(path)
    return _open(path, actor, create=False)


def create_case(path: Path | str, title: str, actor: str | None = None) -> Case:
    """Create a new, empty case file at path (which must not exist yet)."""
    path = Path(path)
    if path.exists():
        raise CaseError(path, "a file already exists there")
    if not path.parent.is_dir():
        raise CaseError(path, f"the folder {path.parent} does not exist")
    case = _open(path, actor, create=True)
    with case.db.atomic():
        case.db["case_meta"].insert_all(
            [
                {"key": "uid", "value": str(uuid.uuid4())},
                {"key": "title", "value": title},
                {"key": "created_at", "value": now_iso()},
            ]
        )
    return case


def _require_sqlite_file(path: Path) -> None:
    if not path.exists():
        raise CaseError(path, "no such file")
    if not path.is_file():
        raise CaseError(path, "not a file")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise CaseError(path, f"cannot be read ({exc.strerror})") from exc
    if head != SQLITE_MAGIC:
        raise NotACase(path, "not a Casefile case (it is not a SQLite database)")


def _open(path: Path, actor: str | None, create: bool) -> Case:
    lock = CaseLock(path)
    lock.acquire()
    conn = None
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        db = Database(conn, execute_plugins=False)
        _check_identity(path, db, create)
        _configure(db)
        if create:
            db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        _migrate(path, db)
        _trust_own_schema(path, db)
        return Case(path, db, lock, actor or default_actor())
    except BaseException as exc:
        if conn is not None:
            conn.close()
        if create:
            _remove_database(path)
        lock.release()
        if isinstance(exc, sqlite3.DatabaseError):
            raise DamagedCase(path, f"the case file is damaged ({exc})") from exc
        raise


def _remove_database(path: Path) -> None:
    """Undo a failed create: a half-made case file must not be left to confuse the next open."""
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)


def _check_identity(path: Path, db: Database, create: bool) -> None:
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if create:
        return
    if app_id != schema.APPLICATION_ID:
        raise NotACase(path, "not a Casefile case (a SQLite database written by another program)")
    if version > schema.SCHEMA_VERSION:
        raise NewerCase(
            path,
            f"written by a newer Casefile (schema {version}; this version reads up to "
            f"{schema.SCHEMA_VERSION}); update Casefile to open it",
        )


def _configure(db: Database) -> None:
    # WAL with synchronous=NORMAL: a crash of the app never loses a committed transaction;
    # only a power cut can drop the last few, and never corrupts the file.
    for pragma in (
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = NORMAL",
        "PRAGMA foreign_keys = ON",
        "PRAGMA trusted_schema = OFF",
        f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    ):
        db.execute(pragma)


def _trust_own_schema(path: Path, db: Database) -> None:
    """Allow our FTS triggers to run only once every trigger and view is proven to be ours.

    The file may come from someone else: with trusted_schema=OFF (set first) SQLite refuses to
    let schema code touch virtual tables, which also stops our own FTS triggers. So compare the
    schema's triggers and views with the ones this build creates, and refuse any stranger.
    """
    expected = schema.expected_triggers()
    strangers = []
    for kind, name, sql in db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'view')"
    ):
        if kind != "trigger" or expected.get(name) != _squash(sql):
            strangers.append(f"{kind} {name}")
    if strangers:
        raise NotACase(
            path,
            "contains code Casefile did not write ("
            + ", ".join(strangers[:5])
            + "); refusing to open it",
        )
    db.execute("PRAGMA trusted_schema = ON")


def _squash(sql: str | None) -> str:
    return " ".join((sql or "").split())


def _migrate(path: Path, db: Database) -> None:
    applied = [m.name for m in schema.migrations.applied(db)]
    unknown = [name for name in applied if name not in schema.MIGRATION_NAMES]
    if unknown:
        raise NewerCase(path, f"written by a newer Casefile (unknown migrations: {unknown})")
    if len(applied) == schema.SCHEMA_VERSION:
        return  # the common case: nothing to do, nothing read beyond one small table
    schema.migrations.apply(db)
    with db.atomic():
        db.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
