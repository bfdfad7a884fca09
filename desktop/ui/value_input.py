"""Typing a comparison value by its property's datatype: Yes/No, an entity chosen by name, or
text checked as a number, an EDTF date or words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QStackedWidget, QWidget

from desktop.domain.vocab import KIND_NAMES
from desktop.storage.cited_values import normalise_value
from desktop.storage.lists import EntityRow

_HINTS = {"number": "a number, e.g. 1200", "date": "an EDTF date, e.g. 2026-07~",
          "text": "the value as the source gives it"}


def entity_combo(rows: list[EntityRow], name: str, parent: QWidget | None = None) -> QComboBox:
    """An editable list of entities: type to find one among hundreds."""
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for row in rows:
        combo.addItem(f"{row.name} ({KIND_NAMES.get(row.kind, row.kind)})", row.id)
    combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
    combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return combo


def typed_entity(combo: QComboBox) -> int | None:
    """The entity whose entry is the combo's text: typing over the choice must not leave the
    previous one chosen behind the new words. The chosen entry wins when its text is what is
    shown (two entities may share a name and kind)."""
    text = combo.currentText().strip()
    if combo.currentIndex() >= 0 and combo.itemText(combo.currentIndex()) == text:
        return combo.currentData()
    found = combo.findText(text, Qt.MatchFlag.MatchFixedString)
    return combo.itemData(found) if found >= 0 else None


class ValueInput(QStackedWidget):
    """One page per kind of value; read() gives (value, value entity id) or says what's wrong."""

    def __init__(self, entities: list[EntityRow], prefix: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.datatype = "text"
        self.text = QLineEdit()
        self.text.setObjectName(f"{prefix}-value")
        self.yes_no = QComboBox()
        self.yes_no.setObjectName(f"{prefix}-bool")
        self.yes_no.addItem("Yes", "true")
        self.yes_no.addItem("No", "false")
        self.entity = entity_combo(entities, f"{prefix}-value-entity")
        for widget in (self.text, self.yes_no, self.entity):
            self.addWidget(widget)
        # Whether the user changed the value: an edit of a claim's sentence alone must not
        # rewrite a value the widgets could not show as it is stored.
        self.touched = False
        self.text.textEdited.connect(self._touch)
        self.yes_no.activated.connect(self._touch)
        self.entity.activated.connect(self._touch)
        self.entity.lineEdit().textEdited.connect(self._touch)

    def set_datatype(self, datatype: str) -> None:
        self.datatype = datatype
        self.setCurrentWidget({"bool": self.yes_no, "entity": self.entity}.get(datatype,
                                                                                self.text))
        self.text.setPlaceholderText(_HINTS.get(datatype, ""))

    def _touch(self, *_args) -> None:
        self.touched = True

    def set_value(self, value: str | None, value_entity_id: int | None) -> None:
        if self.datatype == "entity":
            self.entity.setCurrentIndex(max(0, self.entity.findData(value_entity_id)))
        elif self.datatype == "bool":
            self.yes_no.setCurrentIndex(max(0, self.yes_no.findData(value)))
        else:
            self.text.setText(value or "")

    def read(self) -> tuple[str | None, int | None]:
        """The value as stored, or ValueError in words for the dialog to show."""
        if self.datatype == "entity":
            found = typed_entity(self.entity)
            if found is None:
                raise ValueError(f"No entity is called “{self.entity.currentText()}”: choose "
                                 "the value from the list.")
            return None, found
        if self.datatype == "bool":
            return self.yes_no.currentData(), None
        try:
            return normalise_value(self.datatype, self.text.text()), None
        except ValueError as exc:
            raise ValueError(f"The value: {exc}.") from exc
