"""Cite as Value for…: the selected words become the evidence for (entity, property) = value,
for or against; the dialog asks which, and the window makes it one undoable step."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)
from sqlite_utils import Database

from desktop.storage import comparison, lists
from desktop.ui.value_input import ValueInput, entity_combo, typed_entity

QUOTE_SHOWN = 300


@dataclass(frozen=True)
class CiteRequest:
    entity_id: int
    property_id: int
    value: str | None
    value_entity_id: int | None
    stance: str


class CiteValueDialog(QDialog):
    requested = Signal(object)  # a CiteRequest
    def __init__(self, db: Database, quote: str, preset: tuple[int, int] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cite-value-dialog")
        self.setWindowTitle("Cite as Value")
        self._db = db
        self._props = {p.id: p for p in comparison.properties(db)}
        everyone = lists.entities(db)
        words = QLabel(f"“{quote[:QUOTE_SHOWN]}{'…' if len(quote) > QUOTE_SHOWN else ''}”")
        words.setTextFormat(Qt.TextFormat.PlainText)
        words.setWordWrap(True)
        self.entity = entity_combo(everyone, "cite-entity")
        self.property = QComboBox()
        self.property.setObjectName("cite-property")
        for prop in self._props.values():
            self.property.addItem(prop.label, prop.id)
        self.value = ValueInput(everyone, "cite")
        self.text_value, self.bool_value = self.value.text, self.value.yes_no
        self.entity_value = self.value.entity
        self.stance = QComboBox()
        self.stance.setObjectName("cite-stance")
        self.stance.addItem("Supports the value", "supports")
        self.stance.addItem("Contradicts the value", "contradicts")
        self.problem = QLabel("")
        self.problem.setObjectName("cite-problem")
        self.problem.setStyleSheet("color: #b3261e")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Cite")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Words:", words)
        form.addRow("&Entity:", self.entity)
        form.addRow("&Property:", self.property)
        form.addRow("&Value:", self.value)
        form.addRow("&Stance:", self.stance)
        form.addRow(self.problem)
        form.addRow(buttons)
        self.property.currentIndexChanged.connect(self._property_changed)
        self.entity.currentIndexChanged.connect(self._suggest)
        if preset is not None:
            self.entity.setCurrentIndex(max(0, self.entity.findData(preset[0])))
            self.property.setCurrentIndex(max(0, self.property.findData(preset[1])))
        else:  # no cell chosen: the entity the words name (the longest name found), if any
            named = sorted((row for row in everyone if row.name in quote),
                           key=lambda row: -len(row.name))
            if named:
                self.entity.setCurrentIndex(max(0, self.entity.findData(named[0].id)))
        self._property_changed()
        self.resize(520, self.sizeHint().height())

    def _property_changed(self) -> None:
        prop = self._props.get(self.property.currentData())
        self.value.set_datatype(prop.datatype if prop else "text")
        self._suggest()

    def _suggest(self) -> None:
        """Offer the values this cell already has, so a second source cites the same claim."""
        key = (self.entity.currentData(), self.property.currentData())
        if None in key:
            return
        found = comparison.cell_evidence(self._db, *key)
        values = sorted({c.value for c in found.claims if c.value}) if found else []
        self.text_value.setCompleter(QCompleter(values, self.text_value))

    def request(self) -> CiteRequest | None:
        """What was asked for, or None after saying what is missing."""
        entity, prop_id = typed_entity(self.entity), self.property.currentData()
        prop = self._props.get(prop_id)
        if entity is None or prop is None:
            self.problem.setText(f"No entity is called “{self.entity.currentText()}”: choose "
                                 "one from the list." if prop else "Choose a property.")
            return None
        try:
            value, value_entity = self.value.read()
        except ValueError as exc:
            self.problem.setText(str(exc))
            return None
        return CiteRequest(entity, prop_id, value, value_entity, self.stance.currentData())

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)

    def _accept(self) -> None:
        request = self.request()
        if request is not None:
            self.requested.emit(request)  # the window makes it, then accepts or says why not
