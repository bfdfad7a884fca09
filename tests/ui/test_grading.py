"""Grading from the inspector (source, claim, citation), each undoable, and the histories."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QUndoView

from tests.storage.test_comparison_store import content


def _one(db, sql: str, *args) -> int:
    return db.execute(sql, args).fetchone()[0]


def _click(window, name: str) -> None:
    window.inspector.findChild(QPushButton, name).click()


def test_grading_a_source_shows_everywhere_and_undoes(window, qtbot):
    db = window.session.db
    before = content(db)
    source = _one(db, "SELECT id FROM sources WHERE publisher = 'The New York Times'")
    window.select("source", source)
    _click(window, "inspector-source-grade")
    dialog = window.reviewing.dialog
    dialog.grade.setCurrentIndex(dialog.grade.findData("A"))
    dialog.note.setText("corrects in print")
    dialog.accept()
    assert db.execute("SELECT reliability, reliability_note FROM sources WHERE id = ?",
                      [source]).fetchone() == ("A", "corrects in print")
    assert "A — Completely reliable" in window.inspector.pages["source"].facts.text()
    window.actions_registry["edit.undo"].trigger()
    assert content(db) == before


def test_claim_status_and_citation_credibility(window):
    db = window.session.db
    claim = _one(db, "SELECT MIN(claim_id) FROM citations")
    window.select("claim", claim)
    _click(window, "inspector-claim-status")
    dialog = window.reviewing.dialog
    dialog.status.setCurrentIndex(dialog.status.findData("disputed"))
    dialog.likelihood.setCurrentIndex(dialog.likelihood.findData("roughly even chance"))
    dialog.confidence.setCurrentIndex(dialog.confidence.findData("low"))
    dialog.accept()
    assert db.execute("SELECT status, likelihood, confidence FROM claims WHERE id = ?",
                      [claim]).fetchone() == ("disputed", "roughly even chance", "low")
    facts = window.inspector.pages["claim"].facts.text()
    assert "Likelihood: roughly even chance" in facts and "Confidence: low" in facts
    page = window.inspector.pages["claim"]
    page.citations_view.setCurrentIndex(page.citations.index(1, 0))  # row 0 is a heading
    cite = page.selected_citation()
    _click(window, "inspector-claim-credibility")
    dialog = window.reviewing.dialog
    grade = 5 if cite.credibility == 2 else 2
    dialog.grade.setCurrentIndex(dialog.grade.findData(grade))
    dialog.accept()
    assert _one(db, "SELECT credibility FROM citations WHERE id = ?", cite.citation_id) == grade
    assert window.edits.stack.count() == 2
    # the same grade again changes nothing, so it is no step to undo
    _click(window, "inspector-claim-credibility")
    window.reviewing.dialog.accept()
    assert window.edits.stack.count() == 2


def test_grading_a_citation_needs_one_selected(window):
    db = window.session.db
    window.select("claim", _one(db, "SELECT MIN(claim_id) FROM citations"))
    window.inspector.pages["claim"].citations_view.clearSelection()
    window.inspector.pages["claim"].citations_view.setCurrentIndex(
        window.inspector.pages["claim"].citations.index(-1, 0))
    assert window.reviewing.ask("claim", 1, "credibility") is None
    assert "Select a citation" in window.statusBar().currentMessage()


def test_history_lists_an_items_changes_and_the_undo_history_the_session(window):
    db = window.session.db
    source = _one(db, "SELECT MIN(id) FROM sources")
    window.select("source", source)
    _click(window, "inspector-source-grade")
    window.reviewing.dialog.grade.setCurrentIndex(1)
    window.reviewing.dialog.accept()
    _click(window, "inspector-source-history")
    model = window.reviewing.dialog.model
    rows = [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]
    assert rows[0][2] == "Grade source" and "reliability:" in rows[0][3]
    assert rows[-1][3] == "sources: added"
    window.reviewing.dialog.reject()
    window.actions_registry["edit.undo_history"].trigger()
    view = window.findChild(QUndoView)
    assert view is not None and view.stack().count() == 1
