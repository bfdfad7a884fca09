"""Dialogs for editing an entity, an event or a claim. Each asks for the edit through
`requested`; the window makes it and closes the dialog, or the dialog stays open saying why not."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.domain import vocab
from desktop.domain.dates import DateError, describe_edtf, parse_edtf
from desktop.storage.details import EntityDetail, EventDetail
from desktop.storage.edits import ClaimFields
from desktop.storage.lists import EntityRow
from desktop.ui.value_input import ValueInput
from desktop.ui.views import choice_combo


def _line(name: str, text: str | None, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text or "")
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def _box(name: str, text: str | None, placeholder: str = "", lines: int = 4) -> QPlainTextEdit:
    edit = QPlainTextEdit(text or "")
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)  # Tab moves on, as in the line fields
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


class EditDialog(QDialog):
    """A form with a line for what is wrong, Save (Ctrl+Return) and Cancel."""

    requested = Signal(dict)  # keyword arguments for the storage edit

    def __init__(self, name: str, title: str, parent: QWidget | None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.problem = QLabel("")
        self.problem.setObjectName(f"{name}-problem")
        self.problem.setStyleSheet("color: #b3261e")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)

    def finish(self) -> None:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip("Save (Ctrl+Return)")
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # Return alone is a new line in the boxes
            QShortcut(QKeySequence(keys), self, activated=self._accept)
        self.form.addRow(self.problem)
        self.form.addRow(buttons)
        self.resize(560, self.sizeHint().height())

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def _accept(self) -> None:
        try:
            values = self.values()
        except ValueError as exc:
            self.show_problem(str(exc))
            return
        self.requested.emit(values)  # the window makes it, then accepts or says why not


class EntityDialog(EditDialog):
    def __init__(self, entity: EntityDetail, parent: QWidget | None = None):
        super().__init__("edit-entity", "Edit entity", parent)
        self.name = _line("edit-entity-name", entity.name)
        self.kind = choice_combo("edit-entity-kind",
                           [(vocab.KIND_NAMES.get(k, k), k) for k in vocab.ENTITY_KINDS],
                           entity.kind)
        self.aliases = _box("edit-entity-aliases", "\n".join(entity.aliases),
                            "one name per line, e.g. CAISI", lines=3)
        self.description = _box("edit-entity-description", entity.description,
                                "Markdown", lines=5)
        self.form.addRow("&Name:", self.name)
        self.form.addRow("&Kind:", self.kind)
        self.form.addRow("&Also called:", self.aliases)
        self.form.addRow("&Description:", self.description)
        self.finish()

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "kind": self.kind.currentData(),
                "description": self.description.toPlainText(),
                "aliases": self.aliases.toPlainText().splitlines()}


class EventDialog(EditDialog):
    def __init__(self, event: EventDetail, parent: QWidget | None = None):
        super().__init__("edit-event", "Edit event", parent)
        self.title = _line("edit-event-title", event.title)
        self.date = _line("edit-event-date", event.date_edtf,
                          "EDTF: 2026-06-02, 2026-04, 2026-07~, 2026-06-XX, 2026-06-02/2026-07-31")
        self.reading = QLabel()
        self.reading.setObjectName("edit-event-reading")
        self.reading.setTextFormat(Qt.TextFormat.PlainText)
        self.phrase = _line("edit-event-phrase", event.date_phrase,
                            "as the source words it: “less than two weeks ago”")
        self.status = choice_combo("edit-event-status", [(s, s) for s in vocab.STATUSES],
                             event.status)
        self.description = _box("edit-event-description", event.description, "Markdown")
        self.form.addRow("&Title:", self.title)
        self.form.addRow("&Date:", self.date)
        self.form.addRow("", self.reading)
        self.form.addRow("Date as &written:", self.phrase)
        self.form.addRow("&Status:", self.status)
        self.form.addRow("D&escription:", self.description)
        self.date.textChanged.connect(self._read_date)
        self._read_date()
        self.finish()

    def _read_date(self) -> None:
        """Say how the typed date reads, so "2026-07~" is seen to mean "about July 2026"."""
        text = self.date.text().strip()
        try:
            if text:
                parse_edtf(text)  # describe_edtf shows a bad date as written; say why here
            self.reading.setText(describe_edtf(text) if text else "not known")
        except (DateError, ValueError) as exc:
            self.reading.setText(f"not a date yet: {exc}")

    def values(self) -> dict[str, Any]:
        return {"title": self.title.text(), "date": self.date.text(),
                "date_phrase": self.phrase.text(), "status": self.status.currentData(),
                "description": self.description.toPlainText()}


class ClaimDialog(EditDialog):
    def __init__(self, claim: ClaimFields, entities: list[EntityRow],
                 parent: QWidget | None = None):
        super().__init__("edit-claim", "Edit claim", parent)
        self.text = _box("edit-claim-text", claim.text, "the claim as one sentence", lines=3)
        self.when = _line("edit-claim-when", claim.when, "EDTF, when the claim holds")
        self.form.addRow("&Claim:", self.text)
        self.value: ValueInput | None = None
        if claim.datatype is not None:
            self.value = ValueInput(entities, "edit-claim")
            self.value.set_datatype(claim.datatype)
            self.value.set_value(claim.value, claim.value_entity_id)
            # The label is the case's words: plain text, never rich text Qt would render
            # (an <img> in it would be read from disk).
            name = QLabel(f"{claim.property_label}:")
            name.setTextFormat(Qt.TextFormat.PlainText)
            name.setBuddy(self.value.currentWidget())
            self.form.addRow(name, self.value)
        self.form.addRow("&When:", self.when)
        self.finish()

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {"text": self.text.toPlainText(), "when": self.when.text()}
        if self.value is not None and self.value.touched:  # else the stored value stays
            values["value"], values["value_entity_id"] = self.value.read()
        return values
