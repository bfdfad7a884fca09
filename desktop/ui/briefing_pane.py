"""The briefing composer: the briefing's fields and sections, a Markdown editor beside a live
preview of the whole document (built off the window's thread), and the export buttons."""

from __future__ import annotations

import dataclasses
import sys
import traceback

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import vocab
from desktop.itemmodels.case_lists import ITEM_MIME
from desktop.storage.briefings import SECTIONS, Briefing
from desktop.ui.safe_browser import SafeBrowser

# The form's fields by name, as the user reads them (for saying which one was not saved).
FIELD_NAMES = {"title": "Title", "subtitle": "Subtitle", "author": "Author", "date": "Date",
               "caveat": "Caveat", "body": "Text", "sections": "Sections",
               "page_size": "Page size"}
PREVIEW_PAUSE_MS = 400  # typing pauses this long before the preview is built again
SAVE_PAUSE_MS = 1500  # and this long before what was typed is saved (one undo step)


class BodyEditor(QPlainTextEdit):
    """Markdown; a claim or event dropped from a list becomes its [[kind:UID]] reference."""

    left = Signal()  # focus moved away: what was typed is saved before anything else runs

    def focusOutEvent(self, event) -> None:
        try:
            super().focusOutEvent(event)
            self.left.emit()
        except Exception:  # a Qt override must never raise (PySide 6.11)
            traceback.print_exc(file=sys.stderr)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        try:
            return source.hasFormat(ITEM_MIME) or super().canInsertFromMimeData(source)
        except Exception:  # a Qt override must never raise (PySide 6.11)
            return False

    def insertFromMimeData(self, source: QMimeData) -> None:
        try:
            if source.hasFormat(ITEM_MIME):
                refs = bytes(source.data(ITEM_MIME)).decode("utf-8", "replace").split()
                self.insertPlainText(" ".join(f"[[{ref}]]" for ref in refs
                                              if ref.split(":")[0] in ("claim", "event")))
            else:
                super().insertFromMimeData(source)
        except Exception:
            return


class BriefingPane(QWidget):
    """Edits one briefing at a time; says what changed through `changed_fields`, and asks for
    a preview through `preview_requested` (the controller builds and answers)."""

    changed_fields = Signal(int, dict)  # a briefing's id, and the fields typed into it
    preview_requested = Signal(object)  # a Briefing as typed, unsaved
    chosen = Signal(int)  # another briefing picked
    asked = Signal(str)  # new | delete | default | claim | event | pdf | markdown | html

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("briefing-pane")
        self.briefing: Briefing | None = None
        self._loading = False
        # Fields typed since they were last saved: a reload never overwrites them, and only a
        # save that storage took clears them (one it refused keeps the text, and says why).
        self.dirty: set[str] = set()
        self.refused: dict[str, str] = {}  # field -> why storage would not take it
        self._preview_problems: tuple[str, ...] = ()
        self.picker = QComboBox()
        self.picker.setObjectName("briefing-picker")
        self.picker.setMinimumContentsLength(30)
        self.title = self._line("briefing-title", "Title")
        self.subtitle = self._line("briefing-subtitle", "Subtitle")
        self.author = self._line("briefing-author", "Author")
        self.date = self._line("briefing-date", "Date (EDTF: 2026-06, 2026-07~)")
        self.caveat = self._line("briefing-caveat", "Handling caveat, printed on every page")
        self.page_size = QComboBox()
        self.page_size.setObjectName("briefing-page-size")
        self.page_size.addItems(list(vocab.PAGE_SIZES))
        self.sections = {key: QCheckBox(name) for key, name in SECTIONS.items()}
        self.editor = BodyEditor()
        self.editor.setObjectName("briefing-body")
        self.editor.setPlaceholderText(
            "Key judgments in Markdown. Insert Claim… (Ctrl+Shift+K) or drag a claim here: "
            "[[claim:UID]] becomes a footnote to its quoted words.")
        self.preview = SafeBrowser()
        self.preview.setObjectName("briefing-preview")
        self.problems = QLabel("")
        self.problems.setObjectName("briefing-problems")
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b3261e")
        self.buttons = {what: self._button(what, text) for what, text in (
            ("new", "&New"), ("delete", "Delete"), ("default", "Make default"),
            ("claim", "Insert &Claim…"), ("event", "Insert &Event…"),
            ("pdf", "Export &PDF…"), ("markdown", "Export Markdown…"),
            ("html", "Export HTML…"))}
        self._layout()
        self._preview_timer = self._timer(PREVIEW_PAUSE_MS, self._ask_preview)
        self._save_timer = self._timer(SAVE_PAUSE_MS, self.save_now)
        for name, edit in self._lines().items():
            edit.textEdited.connect(lambda _t, name=name: self._typed(name))
            edit.editingFinished.connect(self.save_now)
        self.editor.textChanged.connect(lambda: self._typed("body"))
        self.editor.left.connect(self.save_now)
        self.page_size.activated.connect(lambda _i: self._typed("page_size", at_once=True))
        for box in self.sections.values():
            box.clicked.connect(lambda _c=False: self._typed("sections", at_once=True))
        self.picker.activated.connect(self._picked)

    # -- building ------------------------------------------------------------------------------

    @staticmethod
    def _line(name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    def _lines(self) -> dict[str, QLineEdit]:
        return {"title": self.title, "subtitle": self.subtitle, "author": self.author,
                "date": self.date, "caveat": self.caveat}

    def _button(self, what: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"briefing-{what}")
        button.clicked.connect(lambda _c=False: self.asked.emit(what))
        return button

    def _timer(self, ms: int, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("&Briefing:", buddy=self.picker))
        top.addWidget(self.picker, 1)
        for what in ("new", "delete", "default"):
            top.addWidget(self.buttons[what])
        top.addStretch(1)
        for what in ("pdf", "markdown", "html"):
            top.addWidget(self.buttons[what])
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("&Subtitle:", self.subtitle)
        form.addRow("&Author:", self.author)
        form.addRow("&Date:", self.date)
        form.addRow("Ca&veat:", self.caveat)
        form.addRow("Page si&ze:", self.page_size)
        checks = QGridLayout()
        for n, box in enumerate(self.sections.values()):
            box.setObjectName(f"briefing-section-{list(self.sections)[n]}")
            checks.addWidget(box, n // 2, n % 2)
        form.addRow("Sections:", checks)
        inserts = QHBoxLayout()
        inserts.addWidget(self.buttons["claim"])
        inserts.addWidget(self.buttons["event"])
        inserts.addStretch(1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addLayout(inserts)
        column.addWidget(self.editor, 1)
        column.addWidget(self.problems)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    # -- showing -------------------------------------------------------------------------------

    def set_briefings(self, rows: list[Briefing], shown: int | None) -> None:
        """The picker's list; shows `shown` (or the first) in the form."""
        self.picker.clear()
        for row in rows:
            self.picker.addItem(row.title + ("  (default)" if row.is_default else ""), row.id)
        for button in ("delete", "default", "claim", "event", "pdf", "markdown", "html"):
            self.buttons[button].setEnabled(bool(rows))
        chosen = next((r for r in rows if r.id == shown), rows[0] if rows else None)
        self.picker.setCurrentIndex(max(0, self.picker.findData(chosen.id)) if chosen else -1)
        self.show_briefing(chosen)

    def show_briefing(self, briefing: Briefing | None) -> None:
        """Fill the form from storage; of the same briefing, fields typed and not yet saved
        keep what was typed (storage has older words for them)."""
        same = briefing is not None and self.briefing is not None \
            and briefing.id == self.briefing.id
        if not same:  # whatever was typed into the one left was saved (or said) by the caller
            self._save_timer.stop()
            self.dirty.clear()
            self.refused.clear()
        self.briefing = briefing
        kept = self.dirty
        self._loading = True
        try:
            b = briefing
            for name, edit in self._lines().items():
                value = (getattr(b, name) if b else "") or ""
                if name not in kept and edit.text() != value:
                    edit.setText(value)
            if "body" not in kept and self.editor.toPlainText() != (b.body if b else ""):
                self.editor.setPlainText(b.body if b else "")
            if "page_size" not in kept:
                self.page_size.setCurrentText(b.page_size if b else "A4")
            for key, box in self.sections.items():
                if "sections" not in kept:
                    box.setChecked(b is not None and key in b.sections)
            for widget in (self.title, self.subtitle, self.author, self.date, self.caveat,
                           self.page_size, self.editor, *self.sections.values()):
                widget.setEnabled(b is not None)
        finally:
            self._loading = False
        self._ask_preview()

    def show_preview(self, html: str, problems: tuple[str, ...],
                     images: dict[str, bytes]) -> None:
        bar = self.preview.verticalScrollBar()
        keep = bar.value()  # stay where the reader was as the preview follows the typing
        self.preview.images = images
        self.preview.setHtml(html)
        bar.setValue(keep)
        self._preview_problems = tuple(problems)
        self._show_problems()

    def _show_problems(self) -> None:
        """What was not saved (and why) first, then what the preview found."""
        lines = [f"Not saved: {why}" for why in self.refused_said()]
        shown = self._preview_problems
        lines += list(shown[:5]) + (["…"] if len(shown) > 5 else [])
        self.problems.setText("\n".join(lines))

    def refused_said(self) -> list[str]:
        """Each refused field, with the text it holds and why storage would not take it."""
        typed = self.fields()
        return [f"{FIELD_NAMES.get(name, name)} “{typed.get(name) or ''}”: {why}."
                for name, why in self.refused.items()]

    # -- typing --------------------------------------------------------------------------------

    def typed(self) -> Briefing | None:
        """The shown briefing as the form has it now (unsaved)."""
        if self.briefing is None:
            return None
        return dataclasses.replace(self.briefing, **self.fields())

    def fields(self) -> dict:
        return {
            "title": self.title.text(), "subtitle": self.subtitle.text() or None,
            "author": self.author.text() or None, "date": self.date.text().strip() or None,
            "caveat": self.caveat.text() or None, "body": self.editor.toPlainText(),
            "sections": tuple(k for k, box in self.sections.items() if box.isChecked()),
            "page_size": self.page_size.currentText(),
        }

    def _typed(self, name: str, at_once: bool = False) -> None:
        if self._loading or self.briefing is None:
            return
        self.dirty.add(name)
        self._preview_timer.start()
        if at_once:
            self.save_now()
        else:
            self._save_timer.start()

    def save_now(self) -> None:
        """Hand the fields typed since they were saved to the controller (which saves them as
        one undo step, then says through saved() which it took)."""
        self._save_timer.stop()
        if self._loading or self.briefing is None or not self.dirty:
            return
        typed = self.fields()
        self.changed_fields.emit(self.briefing.id, {k: typed[k] for k in sorted(self.dirty)})

    def saved(self, briefing_id: int, sent: dict, refused: dict[str, str]) -> None:
        """What storage took of `sent` is no longer unsaved; what it refused stays typed."""
        if self.briefing is None or self.briefing.id != briefing_id:
            return
        typed = self.fields()
        for name, value in sent.items():
            if name not in refused and typed.get(name) == value:
                self.dirty.discard(name)
        self.refused = {k: v for k, v in refused.items() if k in self.dirty}
        self._show_problems()

    def _ask_preview(self) -> None:
        self._preview_timer.stop()
        typed = self.typed()
        if typed is None:
            self.preview.setHtml("<p>No briefing yet: choose <b>New</b> to start one.</p>")
            self.problems.setText("")
            return
        self.preview_requested.emit(typed)

    def _picked(self, index: int) -> None:
        """The controller saves what was typed into the one left, then shows the one picked
        (in the picker and the form alike)."""
        briefing_id = self.picker.itemData(index)
        if briefing_id is not None:
            self.chosen.emit(briefing_id)

    def insert_reference(self, kind: str, uid: str) -> None:
        self.editor.insertPlainText(f"[[{kind}:{uid}]]")
        self.editor.setFocus()
