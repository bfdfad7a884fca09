"""The claims and events that cite the words the user clicked, for the inspector."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.itemmodels.id_models import ID_ROLE, UID_ROLE
from desktop.itemmodels.tooltips import plain_tooltip
from desktop.storage.reading import Citing

KIND_ROLE = Qt.ItemDataRole.UserRole + 3
_CONTRADICTS = QColor("#b3261e")


class CitingModel(QAbstractListModel):
    """Rows are (kind, id) pairs handed in by the view; nothing is queried per paint."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Citing] = []

    def set_rows(self, rows: list[Citing]) -> None:
        self.beginResetModel()
        # One row per claim or event even when it cites several of the clicked excerpts.
        self._rows = list({(r.kind, r.id): r for r in rows}.values())
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            label = "Event" if row.kind == "event" else "Claim"
            against = " (contradicted here)" if row.stance == "contradicts" else ""
            return f"{label}: {row.text}{against}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(row.text)
        if role == Qt.ItemDataRole.ForegroundRole and row.stance == "contradicts":
            return QBrush(_CONTRADICTS)
        if role == ID_ROLE:
            return row.id
        if role == UID_ROLE:
            return row.uid
        if role == KIND_ROLE:
            return row.kind
        return None

    def kinds_and_ids(self) -> list[tuple[str, int]]:
        return [(r.kind, r.id) for r in self._rows]
