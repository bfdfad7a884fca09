"""Opening and creating case files: refusal of foreign, newer or damaged files, pragmas, lock."""

from __future__ import annotations

import getpass
import os
import sqlite3
import uuid
from pathlib import Path

from sqlite_utils import Database

from desktop.storage import schema
from desktop.storage.changes import now_iso, write
from desktop.storage.errors import CaseError, CaseInUse, DamagedCase, NewerCase, NotACase
from desktop.storage.lock import CaseLock, lock_path

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 2000  # only our own worker connections can hold a lock; never wait long


class Case:
    """An open case: the connection, the lock that keeps other processes out, and who edits."""

    def __init__(self, path: Path, db: Database, lock: CaseLock | None, actor: str):
        self.path = path
        self.db = db
        self._lock = lock  # None for a second connection, which borrows its opener's lock
        self.actor = actor

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            if self._lock is not None:
                self._lock.release()

    def second_connection(self) -> Case:
        """Another connection to this case for a worker thread, made in that thread.

        The file was identified, migrated and its schema vetted when this case was opened, and
        this process still holds the lock, so only the pragmas are set again. WAL lets the
        window keep reading while the worker writes.
        """
        conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            db = Database(conn, execute_plugins=False)
            _configure(db)
            db.execute("PRAGMA trusted_schema = ON")
        except BaseException as exc:
            conn.close()
            raise as_case_error(self.path, exc) from exc
        return Case(self.path, db, None, self.actor)

    def discard(self) -> None:
        """Close and delete the file, still under the lock: for a create that failed."""
        try:
            self.db.close()
            remove_case_files(self.path)
        finally:
            if self._lock is not None:
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


def open_case(path: Path | str, actor: str | None = None) -> Case:
    """Open an existing case for editing; raises a CaseError subclass with a clear message."""
    path = Path(path)
    _require_sqlite_file(path)
    lock = CaseLock(path)
    lock.acquire()
    return _connect(path, lock, actor, create=False)


def create_case(path: Path | str, title: str, actor: str | None = None) -> Case:
    """Create a new, empty case file at path, which must not exist yet."""
    path = Path(path)
    if not path.parent.is_dir():
        raise CaseError(path, f"the folder {path.parent} does not exist")
    lock = CaseLock(path)
    lock.acquire()
    try:
        # O_EXCL under the lock: never adopt a file that appeared since the caller looked.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except FileExistsError:
        lock.release()
        raise CaseError(path, "a file already exists there") from None
    except OSError as exc:
        lock.release()
        raise CaseError(path, f"cannot be created ({exc.strerror})") from exc
    try:
        case = _connect(path, lock, actor, create=True)
    except BaseException:
        remove_case_files(path)
        lock.release()
        raise
    try:
        with write(case, "Create case") as w:
            w.set_meta("uid", str(uuid.uuid4()))
            w.set_meta("title", title)
            w.set_meta("created_at", now_iso())
    except BaseException:
        case.discard()
        raise
    return case


def remove_case_files(path: Path) -> None:
    """A case file with its WAL and shared-memory companions."""
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)


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


def _connect(path: Path, lock: CaseLock, actor: str | None, create: bool) -> Case:
    """Connect under a held lock; on any failure the lock is released and nothing leaks."""
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
        if not create:
            lock.release()  # create_case removes its file first, then releases
        raise as_case_error(path, exc) from exc


def as_case_error(path: Path, exc: BaseException) -> BaseException:
    """SQLite's errors in a user's words: locked means in use, anything else means damaged."""
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return CaseInUse(path, "the case is in use by another program")
    if isinstance(exc, sqlite3.DatabaseError):
        return DamagedCase(path, f"the case file is damaged ({exc})")
    return exc


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
    if len(applied) < schema.SCHEMA_VERSION:
        schema.migrations.apply(db)
    # Also repairs a user_version that another tool reset: it must say what the file holds.
    if db.execute("PRAGMA user_version").fetchone()[0] != schema.SCHEMA_VERSION:
        with db.atomic():
            db.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")


def export_target(case: Case, out: Path) -> Path:
    """Where an export may be written: never over the case itself or its WAL, shared-memory
    or lock files (the rename at the end of an export would replace the case), never a
    folder, and only into a folder that exists."""
    target = Path(out).resolve()
    case_file = case.path.resolve()
    own_files = {case_file, case_file.with_name(case_file.name + "-wal"),
                 case_file.with_name(case_file.name + "-shm"), lock_path(case_file)}
    if target in own_files:
        raise CaseError(out, "is the case itself (or one of its files); choose another name")
    if target.is_dir():
        raise CaseError(out, "is a folder; give a file name")
    if not target.parent.is_dir():
        raise CaseError(out, f"the folder {Path(out).parent} does not exist")
    return target
