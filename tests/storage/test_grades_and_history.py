"""Grading sources, citations and claims, each undoable; and an item's history from the log."""

from __future__ import annotations

import pytest

from desktop.storage import claims, grades, history
from desktop.storage.changes import write
from desktop.storage.cited_values import cite_as_value
from desktop.storage.undo import reapply, revert
from tests.storage.test_comparison_store import amazon_weights_and_words, content


def _one(db, sql: str) -> int:
    return db.execute(sql).fetchone()[0]


def test_grades_are_set_checked_and_undone_exactly(sample_case):
    db = sample_case.db
    source = _one(db, "SELECT id FROM sources WHERE publisher = 'The New York Times'")
    citation = _one(db, "SELECT MIN(id) FROM citations")
    claim = _one(db, "SELECT MIN(id) FROM claims")
    before = content(db)
    with write(sample_case, "Grade") as w:
        grades.set_reliability(w, source, "A", "  long record of corrections  ")
        grades.set_credibility(w, citation, 1)
        grades.set_claim_status(w, claim, "reviewed", "very likely", "moderate")
    assert db.execute("SELECT reliability, reliability_note FROM sources WHERE id = ?",
                      [source]).fetchone() == ("A", "long record of corrections")
    assert db.execute("SELECT status, likelihood, confidence FROM claims WHERE id = ?",
                      [claim]).fetchone() == ("reviewed", "very likely", "moderate")
    with write(sample_case, "Undo") as w:
        revert(w, _batch(db, "Grade"))
    assert content(db) == before
    with write(sample_case, "Redo") as w:
        reapply(w, _batch(db, "Grade"))
    assert db.execute("SELECT credibility FROM citations WHERE id = ?",
                      [citation]).fetchone()[0] == 1


def _batch(db, action: str) -> str:
    return db.execute("SELECT batch FROM change_log WHERE action = ? ORDER BY id DESC LIMIT 1",
                      [action]).fetchone()[0]


@pytest.mark.parametrize(("call", "problem"), [
    (lambda w, s, c, k: grades.set_reliability(w, s, "G"), "reliability must be"),
    (lambda w, s, c, k: grades.set_reliability(w, s, "B", "x" * 2001), "longer than"),
    (lambda w, s, c, k: grades.set_credibility(w, c, 7), "credibility must be 1-6"),
    (lambda w, s, c, k: grades.set_claim_status(w, k, "certain"), "status must be"),
    (lambda w, s, c, k: grades.set_claim_status(w, k, "draft", "maybe"), "ICD 203"),
    (lambda w, s, c, k: grades.set_claim_status(w, k, "draft", None, "total"), "confidence"),
    (lambda w, s, c, k: grades.set_reliability(w, 10**6, "B"), "no longer in the case"),
])
def test_bad_grades_are_refused_and_change_nothing(sample_case, call, problem):
    db = sample_case.db
    before = content(db)
    ids = (_one(db, "SELECT MIN(id) FROM sources"), _one(db, "SELECT MIN(id) FROM citations"),
           _one(db, "SELECT MIN(id) FROM claims"))
    with pytest.raises(ValueError, match=problem), write(sample_case, "Bad") as w:
        call(w, *ids)
    assert content(db) == before


def test_a_claims_history_shows_its_own_changes_and_its_citations_newest_first(sample_case):
    db = sample_case.db
    claim_id, uid = db.execute("SELECT id, uid FROM claims ORDER BY id LIMIT 1").fetchone()
    citation = db.execute("SELECT MIN(id) FROM citations WHERE claim_id = ?",
                          [claim_id]).fetchone()[0]
    with write(sample_case, "Deprecate") as w:
        claims.set_rank(w, claim_id, "deprecated", "misread")
    with write(sample_case, "Drop a citation") as w:
        w.delete("citations", citation)
    entries = history.history(db, "claims", uid)
    assert [e.action for e in entries[:2]] == ["Drop a citation", "Deprecate"]
    assert entries[0].op == "delete" and entries[0].table == "citations"
    assert ("rank_reason", None, "misread") in entries[1].changes
    assert entries[-1].op == "insert"  # its making, from the sample's build
    with pytest.raises(ValueError):
        history.history(db, "change_log", uid)


def test_a_history_never_shows_the_citations_of_an_earlier_item_that_had_its_id(sample_case):
    """An undo frees the highest id; the next claim gets it, but not the old one's history."""
    db = sample_case.db
    amazon, weights, source, start = amazon_weights_and_words(db)
    with write(sample_case, "First") as w:
        first = cite_as_value(w, source, start, start + 4, amazon, weights, "yes")
    with write(sample_case, "Undo") as u:
        revert(u, w.batch)
    with write(sample_case, "Second") as w:
        second = cite_as_value(w, source, start + 5, start + 20, amazon, weights, "no")
    assert second.claim_id == first.claim_id  # SQLite gave the freed id again
    uid = db.execute("SELECT uid FROM claims WHERE id = ?", [second.claim_id]).fetchone()[0]
    entries = history.history(db, "claims", uid)
    assert [(e.action, e.table, e.op) for e in entries] == [
        ("Second", "citations", "insert"), ("Second", "claims", "insert")]
