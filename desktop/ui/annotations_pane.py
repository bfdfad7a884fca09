"""The annotations pane: threads filtered by reviewer, status, tag, source and words, one shown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop.itemmodels.annotations_model import ANNOTATION_ROLE, AnnotationsModel
from desktop.storage import annotations, lists
from desktop.storage.annotations import AnnotationView
from desktop.storage.changes import Change
from desktop.ui import annotation_dialog as notes_ui
from desktop.ui.annotation_dialog import AnnotationDialog
from desktop.ui.safe_browser import SafeBrowser
from desktop.ui.undo import Edits
from desktop.ui.views import when

_WIDTHS = (110, 260, 100, 70, 160, 200, 90)
TITLE_SHOWN = 80


class AnnotationsPane(QWidget):
    """Self-contained: reply, edit, resolve, reopen and delete are made here, each one undoable
    step through `edits`; the window forwards the session's changes to on_change()."""

    jump = Signal(int, int, int)  # source id, start, end (-1, -1: no words to show)
    reply_requested = Signal(int)  # the note answered (the pane opens the dialog itself)
    edit_requested = Signal(int)  # the note edited (likewise)

    def __init__(self, db: Database, edits: Edits, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("annotations-pane")
        self._db, self.edits = db, edits
        self._closed = False
        self.notes: list[AnnotationView] = []  # the thread shown, first note first
        self.dialog: AnnotationDialog | None = None  # the one open, for tests to drive
        self.model = AnnotationsModel(db, self)
        self.reviewer = self._filter_combo("annotations-reviewer")
        self.status = self._filter_combo("annotations-status")
        for text, value in (("Any status", None), ("Open", "open"), ("Resolved", "resolved")):
            self.status.addItem(text, value)
        self.tag = self._filter_combo("annotations-tag")
        self.source = self._filter_combo("annotations-source")
        self.words = QLineEdit(objectName="annotations-words", placeholderText="Words…")
        self.words.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.apply_filter)
        self.words.textChanged.connect(self._debounce.start)
        self.view = QTreeView(objectName="annotations-list", rootIsDecorated=False,
                              uniformRowHeights=True, allColumnsShowFocus=True,
                              selectionMode=QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setModel(self.model)
        for column, width in enumerate(_WIDTHS):
            self.view.setColumnWidth(column, width)
        self.view.selectionModel().currentRowChanged.connect(self._show_thread)
        self.view.clicked.connect(self._jump)
        self.view.activated.connect(self._jump)
        self.heading = QLabel(objectName="annotations-heading", wordWrap=True,
                              textFormat=Qt.TextFormat.PlainText)  # case text: never rich
        self.thread_view = SafeBrowser()
        self.thread_view.setObjectName("annotations-thread")
        self.renderer = notes_ui.BackgroundHtml(notes_ui.thread_html, self)
        self.renderer.ready.connect(self.thread_view.setHtml)
        self.renderer.unformatted.connect(lambda notes: self.thread_view.setHtml(
            notes_ui.thread_html(notes, plain=True)))
        self.note = QComboBox(objectName="annotations-note",
                              toolTip="The note that Reply…, Edit… and Delete… act on")
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (("reply", "Reply…", self.reply), ("edit", "Edit…", self.edit),
                                 ("resolve", "Resolve", self.toggle_status),
                                 ("delete", "Delete…", self.delete)):
            self.buttons[name] = QPushButton(text, objectName=f"annotations-{name}")
            self.buttons[name].clicked.connect(slot)
        self.message = QLabel(objectName="annotations-message", textFormat=Qt.TextFormat.PlainText)
        self._layout()
        for combo in (self.reviewer, self.status, self.tag, self.source):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.refresh()

    def _filter_combo(self, name: str) -> QComboBox:
        return QComboBox(objectName=name, minimumContentsLength=10, sizeAdjustPolicy=(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon))

    def _layout(self) -> None:
        def box(kind: type, widgets: Sequence[QWidget], parent: QWidget | None = None) -> Any:
            layout = kind(parent) if parent is not None else kind()
            for widget in widgets:
                layout.addWidget(widget, 1 if widget in (self.thread_view, self.note) else 0)
            return layout

        detail = QWidget()
        column = box(QVBoxLayout, [self.heading, self.thread_view], detail)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(box(QHBoxLayout, [QLabel("Note:"), self.note, *self.buttons.values()]))
        split = QSplitter(Qt.Orientation.Vertical, childrenCollapsible=False)
        split.addWidget(self.view)
        split.addWidget(detail)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(box(QHBoxLayout, [self.reviewer, self.status, self.tag, self.source,
                                           self.words]))
        layout.addWidget(split, 1)
        layout.addWidget(self.message)

    def on_change(self, change: Change) -> None:
        if not self._closed and change.touches("annotations", "excerpts", "sources"):
            self.refresh()

    def refresh(self) -> None:
        """Read the filter choices and the threads again, keeping what was chosen."""
        if self._closed:
            return
        try:
            sources = lists.source_rows(self._db, lists.source_ids(self._db))
            self._fill(self.reviewer, "All reviewers",
                       [(r, r) for r in annotations.reviewers(self._db)])
            self._fill(self.tag, "All tags", [(t, t) for t in annotations.tags(self._db)])
            self._fill(self.source, "All sources",
                       [(s.title[:TITLE_SHOWN], i) for i, s in sources.items()])
        except notes_ui.EDIT_ERRORS as exc:
            self.message.setText(f"Could not read the annotations: {exc}")
            return
        self.apply_filter()

    @staticmethod
    def _fill(combo: QComboBox, everything: str, items: list[tuple[str, Any]]) -> None:
        current = combo.currentData()
        with QSignalBlocker(combo):
            combo.clear()
            combo.addItem(everything, None)
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)

    def filters(self) -> dict[str, Any]:
        return {"reviewer": self.reviewer.currentData(), "status": self.status.currentData(),
                "tag": self.tag.currentData(), "source_id": self.source.currentData(),
                "contains": self.words.text().strip()}

    def apply_filter(self) -> None:
        if self._closed:
            return
        kept, flt = self.selected_id(), self.filters()
        try:
            self.model.set_filter(**flt)
            count = self.model.rowCount()
            opened = {"open": count, "resolved": 0}.get(flt["status"]) if flt["status"] else \
                len(annotations.annotation_ids(self._db, **{**flt, "status": "open"}))
        except notes_ui.EDIT_ERRORS as exc:
            self.message.setText(f"Could not read the annotations: {exc}")
            return
        self.message.setText(f"{count} thread{'s' if count != 1 else ''} · {opened} open")
        if kept is None or not self.select(kept):
            self._show_thread()

    def selected_id(self) -> int | None:
        """The first note of the thread selected."""
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def select(self, annotation_id: int) -> bool:
        """Select the thread whose first note this is (False: not in the list as filtered)."""
        try:
            row = self.model.row_of(annotation_id)
        except ValueError:
            return False
        if self.view.currentIndex().row() == row:
            self._show_thread()  # the same row after a refresh: its thread may have changed
        else:
            self.view.setCurrentIndex(self.model.index(row, 1))  # shows it
        return True

    def _jump(self, index: QModelIndex) -> None:
        view = index.data(ANNOTATION_ROLE)
        if view is None:
            return
        found = (view.exact is not None and view.start is not None and view.end is not None
                 and view.anchor_status != "orphan")
        self.jump.emit(view.source_id, view.start if found else -1, view.end if found else -1)


    def _show_thread(self, *_: Any) -> None:
        root, chosen = self.selected_id(), self.note.currentData()
        try:
            self.notes = annotations.thread(self._db, root) if root is not None else []
        except notes_ui.EDIT_ERRORS as exc:
            self.notes = []
            self.message.setText(f"Could not read the thread: {exc}")
        with QSignalBlocker(self.note):
            self.note.clear()
            for n, note in enumerate(self.notes):
                what = "First note" if n == 0 else f"Reply {n}"
                self.note.addItem(f"{what} — {note.reviewer or 'someone'}, "
                                  f"{when(note.created)}", note.id)
            self.note.setCurrentIndex(max(0, self.note.findData(chosen)))
        for button in self.buttons.values():
            button.setEnabled(bool(self.notes))
        if not self.notes:
            self.renderer.stop()
            self.heading.setText("Select a thread to read it." if self.model.rowCount()
                                 else "No annotations match.")
            self.thread_view.clear()
            self.buttons["resolve"].setText("Resolve")
            return
        first = self.notes[0]
        resolved = first.status == "resolved"
        self.buttons["resolve"].setText("Reopen" if resolved else "Resolve")
        words = "on the whole source" if first.exact is None else \
            f"“{first.exact[:300]}{'…' if len(first.exact) > 300 else ''}”"
        lost = " (no longer found in its text)" if first.anchor_status == "orphan" else ""
        self.heading.setText(f"{first.source_title} — {words}{lost}"
                             f"{' · resolved' if resolved else ''}")
        self.renderer.request(list(self.notes))

    def chosen(self) -> AnnotationView | None:
        """The note of the thread that Reply…, Edit… and Delete… act on."""
        found = [n for n in self.notes if n.id == self.note.currentData()]
        return found[0] if found else (self.notes[0] if self.notes else None)

    def _perform(self, text: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        try:
            self.edits.perform(text, fn, *args, **kwargs)
        except notes_ui.EDIT_ERRORS as exc:
            self.message.setText(f"Nothing changed: {exc}")
            return False
        return True

    def toggle_status(self) -> None:
        if self.notes:
            first = self.notes[0]
            opened = first.status == "resolved"
            self._perform("Reopen thread" if opened else "Resolve thread",
                          annotations.set_status, first.id, "open" if opened else "resolved")

    def delete(self) -> None:
        note = self.chosen()
        if note is None:
            return
        replies = len(self.notes) - 1 if note.id == self.notes[0].id else 0
        what = (f"this thread: its first note and {replies} repl{'y' if replies == 1 else 'ies'}"
                if replies else "this note and any replies to it")
        if QMessageBox.question(self, "Delete note", f"Delete {what}? (Undo brings it back.)") \
                == QMessageBox.StandardButton.Yes:
            self._perform("Delete note", annotations.delete_annotation, note.id)


    def reply(self) -> AnnotationDialog | None:
        note = self.chosen()
        if note is None:
            return None
        self.reply_requested.emit(note.id)
        dialog = AnnotationDialog(self.notes[0].exact, title="Reply", mode="reply", parent=self)
        return self._open(dialog, "Reply", annotations.add_annotation, note.source_id,
                          reply_to=note.id)

    def edit(self) -> AnnotationDialog | None:
        note = self.chosen()
        if note is None:
            return None
        self.edit_requested.emit(note.id)
        dialog = AnnotationDialog(self.notes[0].exact, title="Edit note", body=note.body,
                                  tags=note.tags, motivation=note.motivation,
                                  status=note.status, private=note.private, mode="edit",
                                  parent=self)
        dialog.status.setEnabled(note.reply_to is None)  # a thread's status is its first's
        return self._open(dialog, "Edit note", annotations.update_annotation, note.id)

    def new_annotation(self, source_id: int, start: int | None = None, end: int | None = None,
                       quote: str | None = None,
                       text_sha256: str | None = None) -> AnnotationDialog:
        """Annotate the words start:end of a source (or, without them, the whole source);
        text_sha256 names the text they were selected in."""
        dialog = AnnotationDialog(quote, title="Annotate", parent=self.window())
        if start is None or end is None:
            return self._open(dialog, "Annotate source", annotations.add_annotation, source_id)
        return self._open(dialog, "Annotate", annotations.annotate_words, source_id, start, end,
                          text_sha256=text_sha256)

    def _open(self, dialog: AnnotationDialog, text: str, fn: Callable[..., Any],
              *args: Any, **kwargs: Any) -> AnnotationDialog:
        if self.dialog is not None:
            self.dialog.reject()
        self.dialog = dialog
        notes_ui.save_through(dialog, self.edits, text, fn, *args, **kwargs)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _forget(self, dialog: AnnotationDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def shutdown(self) -> None:
        """Before the case closes: nothing here reads it again."""
        self._closed = True
        self._debounce.stop()
        self.renderer.stop()
        if self.dialog is not None:
            self.dialog.reject()
        self.notes = []
        self.model.release()
