"""The "Needs review" window: old words beside the new text, to accept, re-select or drop."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.spans import Utf16Index
from desktop.itemmodels.review import ReviewModel
from desktop.itemmodels.session import CaseSession
from desktop.storage import anchors
from desktop.storage.anchors import ReviewItem
from desktop.ui.undo import Edits
from desktop.ui.views import table_view

MARK = QColor("#fbe38e")


class ReviewDialog(QDialog):
    """Works through fuzzy and orphaned excerpts; every decision is one logged transaction."""

    open_source = Signal(int)  # a source id, to read it in the main window

    def __init__(self, session: CaseSession, parent: QWidget | None = None,
                 edits: Edits | None = None):
        super().__init__(parent)
        self.setObjectName("needs-review")
        self.setWindowTitle("Needs review")
        self.session = session
        self.edits = edits  # the window's: each decision can be undone from Edit > Undo
        self.model = ReviewModel(session.db, self)
        self.model.refresh()
        self.view = table_view(self.model, stretch=2, widths={0: 260})
        self.count = QLabel()
        self.old = _context_box("The words as quoted (with their context)")
        self.new = _context_box("Where they may be now: select other words to re-anchor")
        self.new.setReadOnly(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.accept_button = self._button(buttons, "&Accept match", self._accept_match)
        self.reselect_button = self._button(buttons, "&Use selected words", self._reselect)
        self.drop_button = self._button(buttons, "&Drop excerpt…", self._drop)
        self.open_button = self._button(buttons, "&Open source", self._open)
        self.accept_button.setToolTip("The words found are the quoted words; quote them now")
        self.drop_button.setToolTip("Remove the excerpt and the citations that lean on it")
        sides = QSplitter(Qt.Orientation.Horizontal)
        for title, box in (("As quoted", self.old), ("In the current text", self.new)):
            holder = QWidget()
            grid = QGridLayout(holder)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, 0)
            grid.addWidget(box, 1, 0)
            sides.addWidget(holder)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addWidget(self.view, 2)
        layout.addWidget(sides, 3)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(980, 640)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.new.selectionChanged.connect(self._update_buttons)
        session.changed.connect(self._on_change)
        self._on_change(None)

    def current(self) -> ReviewItem | None:
        index = self.view.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def _button(self, box: QDialogButtonBox, text: str, handler) -> QPushButton:
        button = box.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.clicked.connect(handler)
        return button

    def _on_change(self, change) -> None:
        if change is not None and not change.touches("excerpts", "source_texts", "sources"):
            return
        row = max(0, self.view.currentIndex().row())
        self.model.refresh()
        n = self.model.rowCount()
        self.count.setText(f"{n} excerpt(s) need review" if n else
                           "Every excerpt is anchored to its source's words.")
        if n:
            self.view.selectRow(min(row, n - 1))
        self._show_current()

    def _show_current(self) -> None:
        item = self.current()
        if item is None:
            self.old.setPlainText("")
            self.new.setPlainText("")
            self.status.setText("")
        else:
            _fill(self.old, item.old_prefix, item.old_exact, item.old_suffix)
            _fill(self.new, item.new_before, item.new_match, item.new_after)
            self.status.setText(_explain(item))
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self.current()
        self.accept_button.setEnabled(item is not None and item.status == "fuzzy")
        self.reselect_button.setEnabled(item is not None and self.new.textCursor().hasSelection())
        self.drop_button.setEnabled(item is not None)
        self.open_button.setEnabled(item is not None)

    def _accept_match(self) -> None:
        item = self.current()
        if item is not None and item.status == "fuzzy":
            self._apply("Accept re-anchored excerpt", anchors.accept_anchor, item.excerpt_id)

    def _apply(self, action: str, fn, *args) -> None:
        """One decision, one transaction; a refusal is said here, never raised into Qt."""
        try:
            if self.edits is not None:
                self.edits.perform(action, fn, *args)
            else:
                self.session.apply(action, fn, *args)
        except ValueError as exc:
            self.status.setText(f"Nothing changed: {exc}")
        except sqlite3.OperationalError as exc:  # an import is writing: it holds the case
            self.status.setText(f"Nothing changed: the case is busy ({exc}); try again when "
                                "the import has finished.")

    def selected_span(self) -> tuple[int, int] | None:
        """The words selected in the new text, as code points of the source's current text."""
        item, cursor = self.current(), self.new.textCursor()
        if item is None or item.new_start is None or not cursor.hasSelection():
            return None
        index = Utf16Index(self.new.toPlainText())
        start = index.to_code_point(cursor.selectionStart())
        end = index.to_code_point(cursor.selectionEnd())
        return item.new_start + start, item.new_start + end

    def _reselect(self) -> None:
        item, span = self.current(), self.selected_span()
        if item is None or span is None:
            return
        self._apply("Re-anchor excerpt to chosen words", anchors.reselect_anchor,
                    item.excerpt_id, *span, item.text_sha256)

    def _drop(self) -> None:
        item = self.current()
        if item is None:
            return
        answer = QMessageBox.question(
            self, "Drop excerpt",
            f"Remove this excerpt and the {item.citations} citation(s) that lean on it? "
            "The claims and events stay.")
        if answer == QMessageBox.StandardButton.Yes:
            self.drop(item.excerpt_id)

    def drop(self, excerpt_id: int) -> None:
        self._apply("Drop excerpt", anchors.drop_excerpt, excerpt_id)

    def _open(self) -> None:
        item = self.current()
        if item is not None:
            self.open_source.emit(item.source_id)


def _context_box(tip: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setReadOnly(True)
    box.setToolTip(tip)
    box.setUndoRedoEnabled(False)
    return box


def _fill(box: QPlainTextEdit, before: str, match: str, after: str) -> None:
    """Show before + match + after as plain text with the match marked."""
    box.setPlainText(before + match + after)
    if not match:
        return
    index = Utf16Index(box.toPlainText())
    cursor = QTextCursor(box.document())
    cursor.setPosition(index.to_utf16(len(before)))
    cursor.setPosition(index.to_utf16(len(before) + len(match)), QTextCursor.MoveMode.KeepAnchor)
    mark = QTextCharFormat()
    mark.setBackground(MARK)
    cursor.mergeCharFormat(mark)
    box.setTextCursor(QTextCursor(box.document()))


def _explain(item: ReviewItem) -> str:
    cited = f"cited {item.citations} time(s)"
    if item.status == "fuzzy":
        score = round((item.score or 0) * 100)
        return (f"Similar words were found ({score}% match); {cited}. Accept them, select the "
                "right words on the right, or drop the excerpt.")
    return (f"These words are no longer in the source; {cited}. Select the words that replace "
            "them on the right (shown around where they were), or drop the excerpt.")
