import sqlite3

import pytest

from desktop.storage import schema
from desktop.storage.casefile import create_case, open_case
from desktop.storage.errors import CaseError, DamagedCase, NewerCase, NotACase

EXPECTED_TABLES = {
    "case_meta", "sources", "source_texts", "source_lineage", "entities", "entity_aliases",
    "excerpts", "mentions", "properties", "claims", "citations", "events", "event_entities",
    "event_citations", "annotations", "briefings", "change_log",
}


def test_new_case_has_every_table_identity_and_pragmas(tmp_path):
    with create_case(tmp_path / "new.casefile", "New") as case:
        db = case.db
        assert EXPECTED_TABLES <= set(db.table_names())
        assert {f"{t}_fts" for t, _ in schema.FTS_TABLES} <= set(db.table_names())
        assert db.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
        assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert [m.name for m in schema.migrations.applied(db)] == schema.MIGRATION_NAMES
        assert case.title == "New"


def test_reopening_applies_nothing_and_keeps_content(tmp_path):
    path = tmp_path / "c.casefile"
    create_case(path, "Kept").close()
    with open_case(path) as case:
        assert case.title == "Kept"
        assert schema.migrations.pending(case.db) == []


def test_create_refuses_to_overwrite(tmp_path):
    path = tmp_path / "c.casefile"
    path.write_text("precious")
    with pytest.raises(CaseError, match="already exists"):
        create_case(path, "x")
    assert path.read_text() == "precious"


def test_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(NotACase, match="another program"):
        open_case(path)


@pytest.mark.parametrize("content", [b"", b"hello, not a database", b"\x00" * 4096])
def test_non_sqlite_files_are_refused(tmp_path, content):
    path = tmp_path / "junk.casefile"
    path.write_bytes(content)
    with pytest.raises(NotACase, match="not a SQLite database"):
        open_case(path)
    assert path.read_bytes() == content


def test_directory_and_missing_file_are_refused(tmp_path):
    with pytest.raises(CaseError, match="not a file"):
        open_case(tmp_path)
    with pytest.raises(CaseError, match="no such file"):
        open_case(tmp_path / "missing.casefile")


def _case_altered_outside(tmp_path, *statements: str):
    """A new case file changed by another program, as a colleague's newer Casefile might."""
    path = tmp_path / "altered.casefile"
    create_case(path, "Altered").close()
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


def test_newer_schema_is_refused(tmp_path):
    path = _case_altered_outside(tmp_path, f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    with pytest.raises(NewerCase, match="newer Casefile"):
        open_case(path)


def test_unknown_migration_is_refused(tmp_path):
    path = _case_altered_outside(
        tmp_path,
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('casefile', '0099_from_the_future', 'x')",
    )
    with pytest.raises(NewerCase, match="0099_from_the_future"):
        open_case(path)


def test_corrupt_case_is_reported_as_damaged(tmp_path):
    path = tmp_path / "broken.casefile"
    create_case(path, "Broken").close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page
    path.write_bytes(bytes(data))
    with pytest.raises((DamagedCase, NotACase)):
        open_case(path)


def test_a_stranger_trigger_is_refused(tmp_path):
    path = _case_altered_outside(
        tmp_path, "CREATE TRIGGER sneaky AFTER INSERT ON claims BEGIN DELETE FROM sources; END"
    )
    with pytest.raises(NotACase, match="trigger sneaky"):
        open_case(path)


def test_failed_create_leaves_no_file(tmp_path):
    with pytest.raises(CaseError, match="does not exist"):
        create_case(tmp_path / "no" / "such" / "folder.casefile", "x")


def test_an_older_case_is_migrated_on_open(tmp_path):
    """A file of ours with no migrations applied yet (schema 0) is brought up to date."""
    path = tmp_path / "old.casefile"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.close()
    with open_case(path) as case:
        assert case.db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert schema.migrations.pending(case.db) == []
        assert "claims" in case.db.table_names()
