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
