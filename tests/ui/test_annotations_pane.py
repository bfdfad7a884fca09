"""The annotations pane and dialog on the sample case: replying, editing, resolving and deleting
(each undoable), filters, the model, jumping to the words, and a preview that stays safe."""

from __future__ import annotations

import re
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton

from desktop.itemmodels.annotations_model import ANNOTATION_ROLE, AnnotationsModel
from desktop.itemmodels.id_models import ID_ROLE
from desktop.itemmodels.session import CaseSession
from desktop.storage import lists
from desktop.storage.annotations import add_annotation, annotate_words, thread
from desktop.storage.sources import current_text
from desktop.ui.annotation_dialog import AnnotationDialog, BackgroundHtml, parse_tags
from desktop.ui.annotations_pane import AnnotationsPane
from desktop.ui.undo import Edits

HOSTILE = (
    "# Title\n\nSome **bold** words and a [link](https://example.org).\n\n"
    "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
    "[click](javascript:alert(1))\n\n<iframe src=\"file:///etc/passwd\"></iframe>\n\n"
    "<style>p { display: none }</style>\n\n<a href=\"javascript:alert(2)\">two</a>"
)
INERT = ("<script", "onerror", "javascript:", "<img", "<iframe", "<style")


@pytest.fixture
def pane(qtbot, sample_case):
    session = CaseSession(sample_case)
    pane = AnnotationsPane(session.db, Edits(session))
    session.changed.connect(pane.on_change)
    qtbot.addWidget(pane)
    pane.resize(1000, 700)
    pane.show()
    qtbot.waitExposed(pane)
    yield pane
    pane.shutdown()


def _words(db) -> tuple[int, int, int, str]:
    """A source with text, and where its first long word is."""
    for source_id in lists.source_ids(db):
        text = current_text(db, source_id)
        found = re.search(r"\w{6,}", text.text) if text else None
        if found:
            return source_id, found.start(), found.end(), found.group()
    raise AssertionError("the sample has no text")


def _seed(pane, body: str, **values) -> int:
    source_id, start, end, _ = _words(pane._db)
    return pane.edits.perform("Annotate", annotate_words, source_id, start, end, body=body,
                              **values)


def _status(pane, annotation_id: int) -> str:
    return thread(pane._db, annotation_id)[0].status


def test_reply_through_the_dialog_joins_the_thread(pane, qtbot):
    first = _seed(pane, "Is this *dated*?", motivation="questioning", tags=["timeline"])
    assert pane.select(first)
    assert pane.message.text() == "1 thread · 1 open"
    qtbot.waitUntil(lambda: "dated" in pane.thread_view.toPlainText())
    pane.buttons["reply"].click()
    dialog = pane.dialog
    assert dialog.windowTitle() == "Reply" and not dialog.status.isEnabled()
    dialog.save_button.click()  # empty: it says why and stays open
    assert dialog.isVisible() and "Write the note" in dialog.problem.text()
    dialog.editor.setPlainText("Yes: **June** 2026.")
    dialog.tags.setText("timeline, checked , timeline")
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and pane.dialog is None
    notes = thread(pane._db, first)
    assert [n.body for n in notes] == ["Is this *dated*?", "Yes: **June** 2026."]
    assert notes[1].reply_to == first and notes[1].tags == ("timeline", "checked")
    assert [n.id for n in pane.notes] == [n.id for n in notes]
    assert pane.selected_id() == first  # kept through the refresh
    qtbot.waitUntil(lambda: "June 2026" in pane.thread_view.toPlainText())
    assert "**" not in pane.thread_view.toPlainText()  # rendered, not shown as typed
    pane.edits.stack.undo()
    assert len(thread(pane._db, first)) == 1 and len(pane.notes) == 1


def test_editing_a_note_saves_on_ctrl_return(pane, qtbot):
    first = _seed(pane, "draft", tags=["a"])
    pane.select(first)
    pane.buttons["edit"].click()
    dialog = pane.dialog
    assert dialog.editor.toPlainText() == "draft" and dialog.tags.text() == "a"
    dialog.editor.setPlainText("final words")
    dialog.motivation.setCurrentIndex(dialog.motivation.findData("assessing"))
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted
    note = thread(pane._db, first)[0]
    assert (note.body, note.motivation) == ("final words", "assessing")
    assert pane.model.index(0, 0).data().endswith("Assessment")


def test_resolve_and_reopen_from_the_pane_undo(pane):
    first = _seed(pane, "check the date")
    pane.select(first)
    pane.buttons["resolve"].click()
    assert _status(pane, first) == "resolved"
    assert pane.buttons["resolve"].text() == "Reopen"
    assert pane.model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is not None  # greyed
    assert pane.message.text() == "1 thread · 0 open"
    pane.buttons["resolve"].click()
    assert _status(pane, first) == "open" and pane.buttons["resolve"].text() == "Resolve"
    pane.edits.stack.undo()
    assert _status(pane, first) == "resolved"
    pane.edits.stack.undo()
    assert _status(pane, first) == "open"
    assert pane.model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is None


def test_delete_asks_and_undo_brings_the_thread_back(pane, monkeypatch):
    first = _seed(pane, "first")
    pane.edits.perform("Reply", add_annotation, thread(pane._db, first)[0].source_id,
                       body="second", reply_to=first)
    pane.select(first)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]) or
                        QMessageBox.StandardButton.No)
    pane.buttons["delete"].click()
    assert "1 reply" in asked[0] and len(thread(pane._db, first)) == 2
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    pane.buttons["delete"].click()
    assert thread(pane._db, first) == [] and pane.model.rowCount() == 0
    assert pane.heading.text() == "No annotations match."
    pane.edits.stack.undo()
    assert [n.body for n in thread(pane._db, first)] == ["first", "second"]
    assert pane.model.rowCount() == 1


def test_filters_narrow_the_list(pane, qtbot):
    mine = _seed(pane, "alpha words", tags=["timeline"])
    bobs = _seed(pane, "beta words", tags=["money"], status="resolved", reviewer="bob")
    source = thread(pane._db, mine)[0].source_id
    pane.edits.perform("Reply", add_annotation, source, body="gamma", reviewer="carol",
                       reply_to=mine)
    whole = pane.edits.perform("Note", add_annotation, source, body="on it all")
    assert pane.model.ids() == [mine, bobs, whole]
    assert pane.message.text() == "3 threads · 2 open"

    def choose(combo, value):
        combo.setCurrentIndex(combo.findData(value))

    choose(pane.reviewer, "bob")
    assert pane.model.ids() == [bobs]
    choose(pane.reviewer, "carol")  # a reply's reviewer finds its thread
    assert pane.model.ids() == [mine]
    choose(pane.reviewer, None)
    choose(pane.status, "resolved")
    assert pane.model.ids() == [bobs] and pane.message.text() == "1 thread · 0 open"
    choose(pane.status, None)
    choose(pane.tag, "timeline")
    assert pane.model.ids() == [mine]
    choose(pane.tag, None)
    pane.words.setText("gamma")
    qtbot.waitUntil(lambda: pane.model.ids() == [mine])
    pane.words.clear()
    qtbot.waitUntil(lambda: len(pane.model.ids()) == 3)
    other = next(i for i in lists.source_ids(pane._db) if i != source)
    choose(pane.source, other)
    assert pane.model.ids() == [] and pane.message.text() == "0 threads · 0 open"
    choose(pane.source, source)
    assert pane.model.ids() == [mine, bobs, whole]


def test_model_rows_roles_and_tester(pane, qtmodeltester):
    first = _seed(pane, "**Line one**\nline two", tags=["t"])
    _seed(pane, "<b>not bold</b>", status="resolved")
    model = pane.model
    qtmodeltester.check(model)
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    _, _, _, word = _words(pane._db)
    assert row[1] == "**Line one**" and row[3] == "Open" and row[5] == word
    assert model.index(0, 0).data(ID_ROLE) == first
    assert model.index(0, 0).data(ANNOTATION_ROLE).body.startswith("**Line one**")
    tip = model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;not bold&lt;/b&gt;" in tip and "<b>" not in tip
    assert model.index(1, 3).data() == "Resolved"
    fresh = AnnotationsModel(pane._db)
    qtmodeltester.check(fresh)
    fresh.release()
    assert fresh.rowCount() == 0


def test_clicking_a_row_jumps_to_its_words(pane, qtbot):
    source_id, start, end, _ = _words(pane._db)
    _seed(pane, "on words")
    pane.edits.perform("Note", add_annotation, source_id, body="on the whole source")
    for row, expected in ((0, [source_id, start, end]), (1, [source_id, -1, -1])):
        rect = pane.view.visualRect(pane.model.index(row, 1))
        with qtbot.waitSignal(pane.jump) as jumped:
            qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert jumped.args == expected


def test_preview_renders_markdown_and_leaves_hostile_html_inert(qtbot):
    dialog = AnnotationDialog("the <b>quoted</b> words " * 40)
    qtbot.addWidget(dialog)
    dialog.show()
    quote = dialog.findChild(type(dialog.problem), "annotation-quote")
    assert quote.textFormat() == Qt.TextFormat.PlainText and quote.text().endswith("…”")
    assert len(quote.text()) <= 303
    with qtbot.waitSignal(dialog.renderer.ready, timeout=3000,
                          check_params_cb=lambda made: "bold" in made) as made:
        dialog.editor.setPlainText(HOSTILE)
    given, shown = made.args[0], dialog.preview.toHtml()
    assert "<strong>bold</strong>" in given and "<h3>Title</h3>" in given
    assert "bold words" in dialog.preview.toPlainText()
    assert "**" not in dialog.preview.toPlainText()
    for bad in INERT:
        assert bad not in given.lower(), bad
        if bad != "<style":  # Qt writes its own default style block into toHtml()
            assert bad not in shown.lower(), bad
    assert "alert" not in dialog.preview.toPlainText()
    assert dialog.preview.refused == []
    assert parse_tags(" a, b ,, a,  c  d ") == ("a", "b", "c d")


def test_a_stored_hostile_note_is_shown_inert(pane, qtbot):
    pane.select(_seed(pane, HOSTILE, reviewer="<b>bob</b>"))
    qtbot.waitUntil(lambda: "bold words" in pane.thread_view.toPlainText())
    shown = pane.thread_view.toHtml().lower()
    assert all(bad not in shown for bad in INERT if bad != "<style")
    assert "<b>bob</b>" in pane.thread_view.toPlainText() and "<b>bob" not in shown
    assert pane.thread_view.refused == []


def test_a_slow_render_is_shown_as_typed_and_a_newer_one_wins(qtbot):
    # render_markdown is bounded now (tests/report), but a preview must never wait on it.
    def make(text: str) -> str:
        if text == "slow":
            time.sleep(2)
        return f"<p>{text}</p>"

    renderer = BackgroundHtml(make)
    with qtbot.waitSignal(renderer.unformatted, timeout=4000) as slow:
        renderer.request("slow")
    assert slow.args == ["slow"]
    with qtbot.waitSignal(renderer.ready, timeout=4000) as ready:
        renderer.request("fast")
    assert ready.args == ["<p>fast</p>"]


def test_a_failed_render_is_shown_as_typed(qtbot):
    renderer = BackgroundHtml(lambda text: 1 / 0)
    with qtbot.waitSignal(renderer.unformatted) as failed:
        renderer.request("some *words*")
    assert failed.args == ["some *words*"] and not renderer.busy


def test_annotate_in_the_window_then_undo(window, qtbot):
    from desktop.domain.spans import Utf16Index
    from desktop.storage import sources as source_store

    db = window.session.db
    source = db.execute("SELECT id FROM sources WHERE publisher = 'The New York Times'"
                        ).fetchone()[0]
    window.select("source", source)
    text = source_store.current_text(db, source).text
    start = text.index("Meta")
    index = Utf16Index(text)
    cursor = window.reading.textCursor()
    cursor.setPosition(index.to_utf16(start))
    cursor.setPosition(index.to_utf16(start + 4), cursor.MoveMode.KeepAnchor)
    window.reading.setTextCursor(cursor)
    window.actions_registry["edit.annotate"].trigger()
    dialog = window.annotating.pane.dialog
    assert dialog is not None
    dialog.editor.setPlainText("Which **Meta** entity?")
    dialog.tags.setText("scope, entities")
    dialog.findChild(QPushButton, "annotation-save").click()
    qtbot.waitUntil(lambda: window.annotating.pane.model.rowCount() == 1)
    row = db.execute("SELECT body, tags, reviewer FROM annotations").fetchone()
    assert row[0] == "Which **Meta** entity?" and "scope" in row[1]
    assert window.reading.margin.marks  # drawn at once beside its words
    window.edits.stack.undo()
    qtbot.waitUntil(lambda: window.annotating.pane.model.rowCount() == 0)
    assert db.execute("SELECT COUNT(*) FROM annotations").fetchone()[0] == 0
