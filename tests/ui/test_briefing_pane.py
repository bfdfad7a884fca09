"""The briefing composer: typing is saved as undoable steps, the preview follows off the
window's thread, references are inserted, and the PDF is exported in a worker thread."""

from __future__ import annotations

import subprocess

from PySide6.QtCore import QUrl
from PySide6.QtGui import QPixmap, QTextDocument

from desktop.report.timeline_figure import NAME, SCALE, WIDTH
from desktop.storage import briefings
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
