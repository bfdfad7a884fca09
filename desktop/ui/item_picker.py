"""Insert Claim… and Insert Event…: a list of the case's claims or events, narrowed by typing,
from which one is chosen (Enter or double-click) by its uid."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop.domain.dates import describe_edtf
from desktop.storage import lists

SHOWN = 500  # rows listed at once: typing narrows a large case's list


class ItemPicker(QDialog):
    def __init__(self, db: Database, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"pick-{kind}")
        self.setWindowTitle(f"Insert {kind.title()}")
        self._db, self._kind = db, kind
        self.filter = QLineEdit()
        self.filter.setObjectName("pick-filter")
        self.filter.setPlaceholderText(f"Words in the {kind}")
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("pick-list")
        self.list.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Insert")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self.fill)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.filter.returnPressed.connect(self.accept)
        self.resize(640, 480)
        self.fill("")

    def fill(self, words: str) -> None:
        self.list.clear()
        if self._kind == "claim":
            ids = lists.claim_ids(self._db, words)[:SHOWN]
            rows = lists.claim_rows(self._db, ids)
            entries = [(rows[i].uid, f"{rows[i].text}  — {rows[i].subject}") for i in ids
                       if i in rows]
        else:
            ids = lists.event_ids(self._db, words)[:SHOWN]
            rows = lists.event_rows(self._db, ids)
            entries = [(rows[i].uid, f"{describe_edtf(rows[i].date_edtf)}: {rows[i].title}")
                       for i in ids if i in rows]
        for uid, text in entries:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, uid)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def chosen_uid(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def pick_item(parent: QWidget, db: Database, kind: str) -> str | None:
    """The uid of the claim or event chosen, or None."""
    dialog = ItemPicker(db, kind, parent)
    try:
        return dialog.chosen_uid() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
