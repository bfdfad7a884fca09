"""The briefing composer: the briefing's fields and sections, a Markdown editor beside a live
preview of the whole document (built off the window's thread), and the export buttons."""

from __future__ import annotations

import dataclasses

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

PREVIEW_PAUSE_MS = 400  # typing pauses this long before the preview is built again
SAVE_PAUSE_MS = 1500  # and this long before what was typed is saved (one undo step)


class BodyEditor(QPlainTextEdit):
    """Markdown; a claim or event dropped from a list becomes its [[kind:UID]] reference."""

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

    changed_fields = Signal(dict)  # fields of the shown briefing the user changed
    preview_requested = Signal(object)  # a Briefing as typed, unsaved
    chosen = Signal(int)  # another briefing picked
    asked = Signal(str)  # new | delete | default | claim | event | pdf | markdown | html

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("briefing-pane")
        self.briefing: Briefing | None = None
        self._loading = False
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
        for edit in (self.title, self.subtitle, self.author, self.date, self.caveat):
            edit.textEdited.connect(self._typed)
            edit.editingFinished.connect(self.save_now)
        self.editor.textChanged.connect(self._typed)
        self.page_size.activated.connect(lambda _i: self._typed(save_at_once=True))
        for box in self.sections.values():
            box.clicked.connect(lambda _c=False: self._typed(save_at_once=True))
        self.picker.activated.connect(self._picked)

    # -- building ------------------------------------------------------------------------------

    @staticmethod
    def _line(name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        return edit

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
        """Fill the form from storage, unless it holds unsaved typing for the same briefing."""
        same = briefing is not None and self.briefing is not None \
            and briefing.id == self.briefing.id
        self.briefing = briefing
        if same and self._save_timer.isActive():
            return  # the user is typing: what storage has is older than the form
        self._loading = True
        try:
            b = briefing
            for edit, value in ((self.title, b.title if b else ""),
                                (self.subtitle, b.subtitle if b else ""),
                                (self.author, b.author if b else ""),
                                (self.date, b.date if b else ""),
                                (self.caveat, b.caveat if b else "")):
                if edit.text() != (value or ""):
                    edit.setText(value or "")
            if self.editor.toPlainText() != (b.body if b else ""):
                self.editor.setPlainText(b.body if b else "")
            self.page_size.setCurrentText(b.page_size if b else "A4")
            for key, box in self.sections.items():
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
        self.problems.setText("\n".join(problems[:5]) + (" …" if len(problems) > 5 else ""))

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

    def _typed(self, save_at_once: bool = False) -> None:
        if self._loading or self.briefing is None:
            return
        self._preview_timer.start()
        if save_at_once:
            self.save_now()
        else:
            self._save_timer.start()

    def save_now(self) -> None:
        """Hand the changed fields to the controller (which saves them as one undo step)."""
        self._save_timer.stop()
        if self._loading or self.briefing is None:
            return
        current = dataclasses.asdict(self.briefing)
        changed = {k: v for k, v in self.fields().items() if current.get(k) != v}
        if changed:
            self.changed_fields.emit(changed)

    def _ask_preview(self) -> None:
        self._preview_timer.stop()
        typed = self.typed()
        if typed is None:
            self.preview.setHtml("<p>No briefing yet: choose <b>New</b> to start one.</p>")
            self.problems.setText("")
            return
        self.preview_requested.emit(typed)

    def _picked(self, index: int) -> None:
        self.save_now()  # what was typed into the one being left is kept
        briefing_id = self.picker.itemData(index)
        if briefing_id is not None:
            self.chosen.emit(briefing_id)

    def insert_reference(self, kind: str, uid: str) -> None:
        self.editor.insertPlainText(f"[[{kind}:{uid}]]")
        self.editor.setFocus()
