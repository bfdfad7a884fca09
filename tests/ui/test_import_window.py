"""Importing from the window: File > Import, drag and drop, progress, Cancel, summary, review."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop.ingest.case_toml import stable_uid
from desktop.storage import lists
from desktop.storage.integrity import check
from desktop.storage.sources import current_text
from desktop.storage.stats import case_stats

IMPORT_TIMEOUT = 60_000  # ms; reader processes start cold in CI


def _article(path, title: str, body: str = "Meta and CAISI talked about review."):
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return path


def _run_import(qtbot, window, paths, **kwargs):
    with qtbot.waitSignal(window.importer.imported, timeout=IMPORT_TIMEOUT) as done:
        assert window.import_paths(paths, **kwargs)
    return done.args[0]


def test_import_shows_progress_then_a_summary_and_selects_the_new_source(qtbot, window,
                                                                          tmp_path):
    path = _article(tmp_path / "memo.txt", "Staff memo on the review")
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    with qtbot.waitSignal(window.importer.imported, timeout=IMPORT_TIMEOUT) as done:
        window.import_paths([path, bad])
        assert window.import_progress.isVisible()
        assert "Importing 1 of 2" in window.import_progress.label.text()
    results = done.args[0]
    assert [r.outcome for r in results] == ["added", "refused"]
    assert not window.import_progress.isVisible()
    summary = window.importer.summary
    assert summary.isVisible() and summary.model.rowCount() == 2
    assert summary.headline.text() == "1 added, 1 refused"
    assert "empty" in summary.model.index(1, 2).data()
    assert window.selection == ("source", results[0].source_id)
    assert window.reading_pane.title.text() == "Staff memo on the review"
    assert "6 sources" in window.statusBar().currentMessage()


def test_files_dropped_on_the_window_are_imported(qtbot, window, tmp_path):
    path = _article(tmp_path / "dropped.txt", "Dropped article")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)), QUrl("https://example.com/remote.html")])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPointF(100, 100).toPoint(), Qt.DropAction.CopyAction, mime,
                            buttons, keys)
    QApplication.sendEvent(window, enter)  # Qt delivers a drop only where the drag entered
    assert enter.isAccepted()
    event = QDropEvent(QPointF(100, 100), Qt.DropAction.CopyAction, mime, buttons, keys)
    with qtbot.waitSignal(window.importer.imported, timeout=IMPORT_TIMEOUT) as done:
        QApplication.sendEvent(window, event)
    (result,) = done.args[0]  # the web link is ignored, never fetched
    assert result.outcome == "added" and result.detail == "Dropped article"


def test_cancel_keeps_what_was_imported_and_nothing_of_the_rest(qtbot, window, tmp_path):
    paths = [_article(tmp_path / f"a{i:02}.txt", f"Article {i}") for i in range(40)]
    before = case_stats(window.session.db)["sources"]
    with qtbot.waitSignal(window.importer.imported, timeout=IMPORT_TIMEOUT) as done:
        window.import_paths(paths)
        window.import_progress.cancel_button.click()
        assert window.import_progress.label.text() == "Cancelling…"
    results = done.args[0]
    assert results[-1].outcome == "cancelled"
    added = [r for r in results if r.outcome == "added"]
    assert len(added) < len(paths)
    assert case_stats(window.session.db)["sources"] == before + len(added)
    assert check(window.session.db) == []


def test_an_update_with_changed_words_goes_to_review(qtbot, window, tmp_path):
    db = window.session.db
    source_id = lists.id_for_uid(db, "source", stable_uid("source", "abab"))
    text = current_text(db, source_id).text
    text = text.replace("engage highlights its lag", "engage underlines its lag")
    text = text.replace("The assessment aims to strengthen national security while "
                        "maintaining a voluntary nature.", "")
    path = tmp_path / "abab-v2.txt"
    path.write_text("Updated.\n\n" + text, encoding="utf-8")
    (result,) = _run_import(qtbot, window, [path], update_source=source_id)
    assert result.outcome == "updated"
    waiting = result.anchors["fuzzy"] + result.anchors["orphan"]
    window.select("source", source_id)
    assert (f"Text version 2 (earlier versions kept) · {waiting} excerpt(s) need review"
            in window.reading_pane.meta.text())
    summary = window.importer.summary
    assert summary.review_button is not None
    summary.review_button.click()
    review = window.review
    assert review.isVisible()
    rows = review.model.rowCount()
    assert rows == result.anchors["fuzzy"] + result.anchors["orphan"] >= 2
    # The first is the fuzzy one (it comes first in the text): old words beside new ones.
    statuses = [review.model.item_at(i).status for i in range(rows)]
    fuzzy_row = statuses.index("fuzzy")
    review.view.selectRow(fuzzy_row)
    assert "highlights" in review.old.toPlainText()
    assert "underlines" in review.new.toPlainText()
    assert review.accept_button.isEnabled()
    review.accept_button.click()
    assert review.model.rowCount() == rows - 1
    orphan = review.current()
    assert orphan.status == "orphan" and not review.accept_button.isEnabled()
    # Re-select: choose other words in the current text and anchor the excerpt to them.
    cursor = review.new.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(12, cursor.MoveMode.KeepAnchor)
    review.new.setTextCursor(cursor)
    span = review.selected_span()
    assert span is not None
    review.reselect_button.click()
    assert review.model.rowCount() == rows - 2
    status = db.execute("SELECT anchor_status, start_pos, end_pos FROM excerpts WHERE id = ?",
                        [orphan.excerpt_id]).fetchone()
    assert status == ("exact", *span)
    assert check(db) == []


def test_dropping_an_orphan_removes_its_citations_but_keeps_the_claims(qtbot, window, tmp_path):
    db = window.session.db
    source_id = lists.id_for_uid(db, "source", stable_uid("source", "abab"))
    path = tmp_path / "abab-short.txt"
    path.write_text("Only a headline survives.\n", encoding="utf-8")
    _run_import(qtbot, window, [path], update_source=source_id)
    review = window.show_review()
    orphan = review.current()
    claims = case_stats(db)["claims"]
    cited = db.execute("SELECT COUNT(*) FROM citations WHERE excerpt_id = ?",
                       [orphan.excerpt_id]).fetchone()[0]
    review.drop(orphan.excerpt_id)
    assert db.execute("SELECT COUNT(*) FROM excerpts WHERE id = ?",
                      [orphan.excerpt_id]).fetchone()[0] == 0
    assert cited == 0 or db.execute("SELECT COUNT(*) FROM citations WHERE excerpt_id = ?",
                                    [orphan.excerpt_id]).fetchone()[0] == 0
    assert case_stats(db)["claims"] == claims
    assert check(db) == []
    # Dropped by mistake? Edit > Undo brings the excerpt and its citations back.
    assert window.actions_registry["edit.undo"].text() == "&Undo Drop excerpt"
    window.actions_registry["edit.undo"].trigger()
    assert db.execute("SELECT COUNT(*) FROM citations WHERE excerpt_id = ?",
                      [orphan.excerpt_id]).fetchone()[0] == cited
    assert check(db) == []


def test_closing_the_window_during_an_import_keeps_the_case_sound(qtbot, window, tmp_path):
    paths = [_article(tmp_path / f"c{i:02}.txt", f"Closing {i}") for i in range(20)]
    case_path = window.session.case.path
    assert window.import_paths(paths)
    window.close()  # cancels, waits for the file in hand, then closes the case
    assert window.importer.runner.wait(0)  # the worker thread has ended
    from desktop.storage.casefile import open_case

    with open_case(case_path) as case:
        assert check(case.db) == []


def test_importing_other_sources_keeps_the_readers_place(qtbot, window, tmp_path):
    shown = lists.source_ids(window.session.db)[0]
    window.select("source", shown)
    cursor = window.reading.textCursor()
    cursor.setPosition(10)
    cursor.setPosition(30, cursor.MoveMode.KeepAnchor)
    window.reading.setTextCursor(cursor)
    paths = [_article(tmp_path / f"other{i}.txt", f"Other article {i}") for i in range(2)]
    results = _run_import(qtbot, window, paths)
    assert [r.outcome for r in results] == ["added", "added"]
    # New sources' texts and mentions are not the shown source's: no reload, selection kept.
    assert window.reading.source_id == shown
    assert window.reading.textCursor().selectedText() == cursor.selectedText() != ""
