import sqlite3

from desktop.storage.integrity import check
from tests.conftest import run_cli


def test_sample_case_is_sound(sample_case):
    assert check(sample_case.db) == []


def test_cli_check_exit_codes(sample_path, tmp_path):
    sound = run_cli("check", sample_path)
    assert sound.returncode == 0 and "sound" in sound.stdout

    conn = sqlite3.connect(sample_path)
    conn.execute("DROP TRIGGER source_texts_fts_update")  # an outside edit, not through us
    conn.execute("UPDATE source_texts SET text = 'rewritten by hand' WHERE id = 1")
    conn.execute(
        "CREATE TRIGGER source_texts_fts_update AFTER UPDATE OF text ON source_texts BEGIN "
        "INSERT INTO source_texts_fts (source_texts_fts, rowid, text) VALUES "
        "('delete', old.id, old.text); INSERT INTO source_texts_fts (rowid, text) VALUES "
        "(new.id, new.text); END"
    )
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM entities WHERE id = (SELECT subject_id FROM claims LIMIT 1)")
    conn.commit()
    conn.close()
    damaged = run_cli("check", sample_path)
    assert damaged.returncode == 1, damaged.stderr
    assert "no longer reads" in damaged.stdout
    assert "foreign key: claims row" in damaged.stdout
    assert "problem(s) found" in damaged.stderr

    junk = tmp_path / "junk.casefile"
    junk.write_bytes(b"not sqlite")
    refused = run_cli("check", junk)
    assert refused.returncode == 2
    assert refused.stderr.startswith("casefile: error:") and str(junk) in refused.stderr


def test_damage_found_while_reading_is_reported_not_a_traceback(sample_path):
    data = bytearray(sample_path.read_bytes())
    page = 4096
    for n in range(20, 50):  # zero pages past the schema: opening works, reading does not
        data[n * page : (n + 1) * page] = bytes(page)
    sample_path.write_bytes(bytes(data))
    for command in (("stats",), ("stats", "--json"), ("check",)):
        result = run_cli(*command, sample_path)
        assert result.returncode in (1, 2), command
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    stats = run_cli("stats", sample_path)
    assert "damaged" in stats.stderr


def test_user_version_reset_by_another_tool_is_repaired(sample_path):
    from desktop.storage import schema
    from desktop.storage.casefile import open_case

    conn = sqlite3.connect(sample_path)
    conn.execute("PRAGMA user_version = 0")
    conn.close()
    with open_case(sample_path) as case:
        assert case.db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
