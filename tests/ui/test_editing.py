"""Editing entities, events, claims and citations from the inspector, and undo and redo of every
kind of edit the window makes, each leaving the case's content exactly as it was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QPushButton

from desktop.itemmodels.citations import CITATION_ROLE
from desktop.storage import annotations, claims, edits, grades
from desktop.storage.cited_values import cite_as_value
from tests.storage.test_comparison_store import content


def _one(db, sql: str, *args):
    return db.execute(sql, args).fetchone()[0]


def _click(window, name: str) -> None:
    window.inspector.findChild(QPushButton, name).click()


def _undo_redo(window, after: dict, before: dict) -> None:
    db = window.session.db
    window.actions_registry["edit.undo"].trigger()
    assert content(db) == before
    window.actions_registry["edit.redo"].trigger()
    assert content(db) == after


def test_renaming_an_entity_from_the_inspector(window, qtbot):
    db = window.session.db
    before = content(db)
    meta = _one(db, "SELECT id FROM entities WHERE name = 'Meta'")
    window.select("entity", meta)
    _click(window, "inspector-entity-edit")
    dialog = window.editing.dialog
    assert dialog.name.text() == "Meta" and dialog.isVisible()
    dialog.name.setText("Meta Platforms")
    dialog.aliases.setPlainText("Meta\nFacebook's parent")
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.aliases, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible(), dialog.problem.text()
    assert window.inspector.pages["entity"].title.text() == "Meta Platforms"
    assert "Also called: Facebook's parent, Meta" in window.inspector.pages["entity"].facts.text()
    assert window.edits.stack.undoText() == "Edit entity"
    after = content(db)
    _undo_redo(window, after, before)
    window.actions_registry["edit.undo"].trigger()
    assert window.inspector.pages["entity"].title.text() == "Meta"


def test_an_event_date_that_is_not_edtf_keeps_the_dialog_open(window):
    db = window.session.db
    event = _one(db, "SELECT MIN(id) FROM events")
    window.select("event", event)
    window.actions_registry["edit.item"].trigger()  # F2
    dialog = window.editing.dialog
    dialog.date.setText("sometime in June")
    assert dialog.reading.text().startswith("not a date yet")
    before = content(db)
    dialog._accept()
    assert dialog.isVisible() and "sometime in June" in dialog.problem.text()
    assert content(db) == before and window.edits.stack.count() == 0
    dialog.date.setText("2026-06~")
    assert dialog.reading.text() == "about June 2026"
    dialog._accept()
    assert not dialog.isVisible()
    assert _one(db, "SELECT date_edtf FROM events WHERE id = ?", event) == "2026-06~"
    assert "2026-06~" in window.inspector.pages["event"].facts.text()


def test_editing_a_claims_value_updates_the_comparison(window):
    db = window.session.db
    claim = _one(db, "SELECT c.id FROM claims c JOIN properties p ON p.id = c.property_id"
                     " WHERE p.datatype = 'bool' AND c.value = 'true' ORDER BY c.id")
    window.select("claim", claim)
    _click(window, "inspector-claim-edit")
    dialog = window.editing.dialog
    assert dialog.value is not None and dialog.value.currentWidget() is dialog.value.yes_no
    no = dialog.value.yes_no.findData("false")
    dialog.value.yes_no.setCurrentIndex(no)
    dialog.value.yes_no.activated.emit(no)  # as the user's choice does
    dialog._accept()
    assert _one(db, "SELECT value FROM claims WHERE id = ?", claim) == "false"
    assert window.edits.stack.undoText() == "Edit claim"


def test_editing_only_the_sentence_keeps_the_value_as_stored(window):
    """A value the dialog cannot show as stored (an entity sharing its name with another, a
    text on an entity property) must survive an edit of the words alone."""
    db = window.session.db
    claim, entity = db.execute(
        "SELECT c.id, c.value_entity_id FROM claims c JOIN properties p"
        " ON p.id = c.property_id WHERE p.datatype = 'entity' AND c.value_entity_id IS NOT NULL"
        " LIMIT 1").fetchone()
    name, kind = db.execute("SELECT name, kind FROM entities WHERE id = ?", [entity]).fetchone()
    window.session.apply("Twin", lambda w: w.insert("entities", {
        "uid": "00000000-0000-4000-8000-000000000001", "kind": kind, "name": name,
        "created_at": "2026-06-01T00:00:00+00:00"}))
    window.select("claim", claim)
    dialog = window.editing.edit("claim", claim)
    dialog.text.setPlainText("Reworded, same value.")
    dialog._accept()
    assert db.execute("SELECT text, value_entity_id FROM claims WHERE id = ?",
                      [claim]).fetchone() == ("Reworded, same value.", entity)


def test_a_citations_stance_and_removal_from_its_menu(window, qtbot):
    db = window.session.db
    before = content(db)
    claim = _one(db, "SELECT MIN(claim_id) FROM citations")
    window.select("claim", claim)
    page = window.inspector.pages["claim"]
    page.citations_view.setCurrentIndex(page.citations.index(1, 0))  # row 0 is a heading
    cite = page.selected_citation()
    menu = page.citation_menu("claim")
    assert isinstance(menu, QMenu)
    words = [a.text() for a in menu.actions()]
    assert "Grade &citation…" in words and "&Remove citation…" in words
    stances = menu.actions()[1].menu().actions()
    contradict = next(a for a in stances if a.text() == "Contradicts")
    contradict.trigger()
    assert _one(db, "SELECT stance FROM citations WHERE id = ?", cite.citation_id) \
        == "contradicts"
    _select_citation(page, cite.citation_id)  # it moved to the contradicting group
    assert page.selected_citation().stance == "contradicts"
    assert window.editing.remove_citation("claim", confirm=False)
    assert _one(db, "SELECT COUNT(*) FROM citations WHERE id = ?", cite.citation_id) == 0
    assert window.edits.stack.count() == 2
    window.actions_registry["edit.undo"].trigger()
    window.actions_registry["edit.undo"].trigger()
    assert content(db) == before


def _select_citation(page, citation_id: int) -> None:
    model = page.citations
    row = next(r for r in range(model.rowCount())
               if getattr(model.index(r, 0).data(CITATION_ROLE), "citation_id", None)
               == citation_id)
    page.citations_view.setCurrentIndex(model.index(row, 0))


def test_f2_with_nothing_to_edit_says_so(window):
    window.inspector.clear()
    assert window.editing.edit_shown() is None
    assert "Select a claim, event or entity" in window.statusBar().currentMessage()


def _ids(db) -> dict[str, int]:
    return {
        "source": _one(db, "SELECT id FROM sources WHERE publisher = 'The New York Times'"),
        "claim": _one(db, "SELECT MIN(claim_id) FROM citations"),
        "citation": _one(db, "SELECT MIN(id) FROM citations"),
        "event_citation": _one(db, "SELECT MIN(id) FROM event_citations"),
        "entity": _one(db, "SELECT id FROM entities WHERE name = 'Meta'"),
        "amazon": _one(db, "SELECT id FROM entities WHERE name = 'Amazon'"),
        "event": _one(db, "SELECT MIN(id) FROM events"),
        "open_weights": _one(db, "SELECT id FROM properties WHERE key = 'open_weights'"),
        "note": _one(db, "SELECT MIN(id) FROM annotations WHERE reply_to IS NULL"),
    }


# Every kind of edit the window makes, as the window makes it: Edits.perform().
COMMANDS = {
    "annotate": lambda i: (annotations.annotate_words, i["source"], 0, 40,
                           {"body": "Who said *this*?", "motivation": "questioning"}),
    "reply": lambda i: (annotations.add_annotation, i["source"],
                        {"body": "The Times", "reply_to": i["note"]}),
    "edit note": lambda i: (annotations.update_annotation, i["note"],
                            {"body": "changed", "tags": ["caisi"]}),
    "resolve": lambda i: (annotations.set_status, i["note"], "resolved", {}),
    "delete note": lambda i: (annotations.delete_annotation, i["note"], {}),
    "grade source": lambda i: (grades.set_reliability, i["source"], "E", "tabloid", {}),
    "grade citation": lambda i: (grades.set_credibility, i["citation"], 6, {}),
    "claim status": lambda i: (grades.set_claim_status, i["claim"], "disputed",
                               "unlikely", "low", {}),
    "rank": lambda i: (claims.set_rank, i["claim"], "deprecated", "misread", {}),
    "cite as value": lambda i: (cite_as_value, i["source"], 0, 20, i["amazon"],
                                i["open_weights"], "yes", {}),
    "edit entity": lambda i: (edits.edit_entity, i["entity"],
                              {"name": "Meta Platforms", "kind": "company",
                               "description": "x", "aliases": ["Facebook"]}),
    "edit event": lambda i: (edits.edit_event, i["event"],
                             {"title": "t", "date": "2026-07~", "date_phrase": "by July",
                              "description": None, "status": "reviewed"}),
    "edit claim": lambda i: (edits.edit_claim, i["claim"],
                             {"text": "Meta said so", "when": "2026-06-02"}),
    "stance": lambda i: (edits.set_stance, i["citation"], "context", {}),
    "remove citation": lambda i: (edits.remove_citation, i["citation"], {}),
    "remove event citation": lambda i: (edits.remove_citation, i["event_citation"],
                                        "event_citations", {}),
}


@pytest.mark.parametrize("name", COMMANDS)
def test_undo_and_redo_of_every_kind_of_edit_restore_the_content_exactly(window, name):
    db = window.session.db
    if name in ("reply", "edit note", "resolve", "delete note"):
        window.edits.perform("Set up", annotations.annotate_words, _ids(db)["source"], 5, 30,
                             body="first note", tags=["setup"])
        window.edits.clear()
    *call, kwargs = COMMANDS[name](_ids(db))
    before = content(db)
    window.edits.perform(name, *call, **kwargs)
    after = content(db)
    assert after != before
    assert window.edits.stack.count() == 1 and window.edits.stack.undoText() == name
    for _ in range(2):  # undo, redo, and again: the stack keeps working from the log
        _undo_redo(window, after, before)
