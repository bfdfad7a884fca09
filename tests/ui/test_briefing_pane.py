"""The briefing composer: typing is saved as undoable steps, the preview follows off the
window's thread, references are inserted, and the PDF is exported in a worker thread."""

from __future__ import annotations

import subprocess

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QPixmap, QTextDocument
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.itemmodels.case_lists import ITEM_MIME, ClaimsModel
from desktop.report.timeline_figure import NAME, SCALE, WIDTH
from desktop.storage import briefings
from desktop.storage.casefile import open_case
from desktop.ui.briefing_pane import SAVE_PAUSE_MS
from tests.storage.test_comparison_store import content


def _open(window, qtbot):
    window.briefing.dock.show()
    qtbot.waitUntil(lambda: window.briefing.pane.briefing is not None)
    qtbot.waitUntil(lambda: not window.briefing.loader.busy)
    return window.briefing.pane


def test_typing_is_saved_as_one_undoable_step_and_previewed(window, qtbot):
    db = window.session.db
    pane = _open(window, qtbot)
    assert "key judgments" in pane.title.text()
    before = content(db)
    pane.editor.moveCursor(pane.editor.textCursor().MoveOperation.End)
    pane.editor.insertPlainText("\n\nA new judgment about *Meta*.")
    pane.save_now()
    assert "A new judgment" in briefings.default_briefing(db).body
    assert window.edits.stack.undoText() == "Edit briefing"
    qtbot.waitUntil(lambda: "A new judgment" in pane.preview.toPlainText(), timeout=10_000)
    window.actions_registry["edit.undo"].trigger()
    assert content(db) == before


def test_a_reference_to_a_claim_no_longer_in_the_case_is_said(window, qtbot):
    pane = _open(window, qtbot)
    pane.insert_reference("claim", "00000000-0000-4000-8000-00000000dead")
    pane.save_now()
    qtbot.waitUntil(lambda: "no longer in the case" in pane.problems.text(), timeout=10_000)


def test_export_pdf_runs_off_the_window_thread(window, qtbot, tmp_path):
    _open(window, qtbot)
    out = tmp_path / "briefing.pdf"
    with qtbot.waitSignal(window.briefing.task.done, timeout=60_000):
        assert window.briefing.export(out)
    result = window.briefing.last_export
    assert result.pages > 3 and out.exists()
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Meta is very likely the only major US AI developer" in text


def test_new_and_delete_are_undoable(window, qtbot):
    db = window.session.db
    _open(window, qtbot)
    count = len(briefings.briefings(db))
    new_id = window.briefing.new()
    assert new_id is not None and len(briefings.briefings(db)) == count + 1
    assert window.briefing.delete(confirm=False)
    assert len(briefings.briefings(db)) == count
    window.actions_registry["edit.undo"].trigger()
    assert len(briefings.briefings(db)) == count + 1


def test_the_preview_shows_the_timeline_figure_and_loads_nothing_else(window, qtbot):
    pane = _open(window, qtbot)
    qtbot.waitUntil(lambda: NAME in pane.preview.images, timeout=10_000)
    image = pane.preview.document().resource(QTextDocument.ResourceType.ImageResource,
                                             QUrl(NAME))
    assert isinstance(image, QPixmap) and image.width() == WIDTH * SCALE
    assert NAME not in pane.preview.refused


def _type_at_end(pane, qtbot, text):
    pane.editor.moveCursor(pane.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(pane.editor, text)


def _type_date(pane, qtbot, text):
    pane.date.clear()
    qtbot.keyClicks(pane.date, text)


def test_a_refused_field_keeps_its_text_and_the_rest_is_saved(window, qtbot):
    db = window.session.db
    pane = _open(window, qtbot)
    _type_date(pane, qtbot, "June")  # not EDTF
    _type_at_end(pane, qtbot, " IMPORTANT")
    pane.save_now()
    stored = briefings.default_briefing(db)
    assert "IMPORTANT" in stored.body and stored.date != "June"
    assert "Date “June”" in pane.problems.text() and "EDTF" in pane.problems.text()
    # Another tab in the same dock area, and back: the form is read from storage again.
    window.comparison_dock.show()
    window.comparison_dock.raise_()
    qtbot.wait(50)
    window.briefing.dock.show()
    window.briefing.dock.raise_()
    qtbot.waitUntil(lambda: not window.briefing.loader.busy)
    assert "IMPORTANT" in pane.editor.toPlainText() and pane.date.text() == "June"
    qtbot.waitUntil(lambda: "Date “June”" in pane.problems.text(), timeout=10_000)
    _type_date(pane, qtbot, "2026-06")  # put right: saved, and no longer said
    pane.save_now()
    assert briefings.default_briefing(db).date == "2026-06"
    assert "Not saved" not in pane.problems.text()


def test_leaving_a_briefing_with_a_refused_field_saves_the_rest_and_says_so(window, qtbot):
    db, ctl = window.session.db, window.briefing
    pane = _open(window, qtbot)
    first = pane.briefing.id
    _type_date(pane, qtbot, "June")
    _type_at_end(pane, qtbot, " KEPT")
    assert ctl.new() is not None
    assert "KEPT" in briefings.briefing(db, first).body
    assert "June" in window.statusBar().currentMessage()


def test_undo_while_typing_takes_back_the_typing_and_keeps_redo(window, qtbot):
    db = window.session.db
    pane = _open(window, qtbot)
    _type_at_end(pane, qtbot, " FIRST")
    pane.save_now()
    _type_at_end(pane, qtbot, " SECOND")  # the save's pause has not passed
    window.actions_registry["edit.undo"].trigger()
    qtbot.wait(2 * SAVE_PAUSE_MS)  # no save pending fires
    body = briefings.default_briefing(db).body
    assert body == pane.editor.toPlainText()
    assert "FIRST" in body and "SECOND" not in body
    assert window.edits.stack.canRedo()
    window.actions_registry["edit.redo"].trigger()
    assert "FIRST SECOND" in briefings.default_briefing(db).body
    assert "FIRST SECOND" in pane.editor.toPlainText()


def test_picking_another_briefing_shows_it_in_picker_and_form(window, qtbot):
    ctl = window.briefing
    pane = _open(window, qtbot)
    second = ctl.new()
    qtbot.keyClicks(pane.title, "Second")
    pane.save_now()
    first = next(b.id for b in briefings.briefings(window.session.db) if b.id != second)
    _type_at_end(pane, qtbot, "typing")  # unsaved when the other one is picked
    index = pane.picker.findData(first)
    pane.picker.setCurrentIndex(index)
    pane.picker.activated.emit(index)  # as a user's choice in the list
    assert pane.briefing.id == first == pane.picker.currentData()
    assert "typing" in briefings.briefing(window.session.db, second).body


def test_delete_keeps_the_last_typing_for_undo(window, qtbot):
    db = window.session.db
    pane = _open(window, qtbot)
    shown = pane.briefing.id
    _type_at_end(pane, qtbot, " LAST WORDS")
    assert window.briefing.delete(confirm=False)
    window.actions_registry["edit.undo"].trigger()
    assert "LAST WORDS" in briefings.briefing(db, shown).body


def test_closing_with_a_refused_field_saves_the_rest_and_says_so(window, qtbot, sample_path):
    pane = _open(window, qtbot)
    _type_date(pane, qtbot, "mid-June")
    _type_at_end(pane, qtbot, " TWO HOURS OF WORK")
    told: list[str] = []

    def answer():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            told.append(box.text())
            box.done(0)
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)
    window.close()
    assert told and "mid-June" in told[0]
    with open_case(sample_path) as case:
        assert "TWO HOURS OF WORK" in briefings.default_briefing(case.db).body


def test_dragged_rows_never_raise_out_of_qt(sample_case, capsys):
    model = ClaimsModel(sample_case.db)
    model.refresh()
    row = model.index(0, 0)
    assert model.flags(row) & Qt.ItemFlag.ItemIsDragEnabled
    assert bytes(model.mimeData([row]).data(ITEM_MIME)).startswith(b"claim:")
    # What Qt could hand an override and it cannot use: said on stderr, never raised.
    assert model.flags(object()) == Qt.ItemFlag.NoItemFlags
    assert model.mimeData([object()]).formats() == []
    assert "Traceback" in capsys.readouterr().err
