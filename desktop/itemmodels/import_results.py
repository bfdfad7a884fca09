"""The import summary as a table: one row per file, its outcome and why."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.ingest.importer import ImportResult
from desktop.itemmodels.tooltips import plain_tooltip

OUTCOME_COLOURS = {
    "added": "#d3edc4", "updated": "#cfe3f7", "duplicate": "#eeeeee",
    "refused": "#f4c2bd", "cancelled": "#f7d9b5",
}
RESULT_ROLE = Qt.ItemDataRole.UserRole + 1


def detail_text(result: ImportResult) -> str:
    parts = [result.detail]
    if result.outcome == "updated":
        parts.append(f"excerpts: {result.anchor_summary()}")
    parts.extend(result.notes)
    return " · ".join(p for p in parts if p)


class ImportResultsModel(QAbstractTableModel):
    """A finished import's results; the rows are a report, not case data, so a list suffices."""

    columns = ("File", "Result", "Details")

    def __init__(self, results: list[ImportResult] | None = None, parent=None):
        super().__init__(parent)
        self._results: list[ImportResult] = list(results or [])

    def append(self, result: ImportResult) -> None:
        row = len(self._results)
        self.beginInsertRows(QModelIndex(), row, row)
        self._results.append(result)
        self.endInsertRows()

    def results(self) -> list[ImportResult]:
        return list(self._results)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._results)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.columns)):
            return self.columns[section]
        return None

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._results):
            return None
        result = self._results[index.row()]
        column = index.column()
        if role == RESULT_ROLE:
            return result
        if role == Qt.ItemDataRole.DisplayRole:
            return (result.path.name, result.outcome, detail_text(result))[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(str(result.path) if column == 0 else detail_text(result))
        if role == Qt.ItemDataRole.BackgroundRole and column == 1:
            return QBrush(QColor(OUTCOME_COLOURS.get(result.outcome, "#ffffff")))
        return None
