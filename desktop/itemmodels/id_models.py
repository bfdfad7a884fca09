"""Id-backed list and table models: ids in order up front, rows fetched a page at a time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Row = TypeVar("Row")
PAGE = 200  # rows fetched per cache miss: one query fills a screenful and more

ID_ROLE = Qt.ItemDataRole.UserRole + 1
UID_ROLE = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex


class IdTableModel(QAbstractTableModel, Generic[Row]):
    """Subclasses name their columns and say how a row displays; storage gives ids and rows."""

    columns: tuple[str, ...] = ()

    def __init__(
        self,
        load_ids: Callable[[], list[int]],
        load_rows: Callable[[Sequence[int]], dict[int, Row]],
        parent=None,
    ):
        super().__init__(parent)
        self._load_ids, self._load_rows = load_ids, load_rows
        self._ids: list[int] = []
        self._cache: dict[int, Row | None] = {}

    def refresh(self) -> None:
        self.beginResetModel()
        self._ids, self._cache = self._load_ids(), {}
        self.endResetModel()

    def release(self) -> None:
        """Forget every row, so nothing asks storage again (the case is closing)."""
        self.set_loader(list)

    def set_loader(self, load_ids: Callable[[], list[int]]) -> None:
        self._load_ids = load_ids
        self.refresh()

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, row_id: int) -> int:
        """The row showing this id; ValueError when the list does not hold it."""
        return self._ids.index(row_id)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's idiom
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        row_id = self._ids[index.row()]
        if role == ID_ROLE:
            return row_id
        row = self._row(index.row())
        if row is None:
            return None
        if role == UID_ROLE:
            return row.uid  # type: ignore[attr-defined]
        return self.display(row, index.column(), role)

    def display(self, row: Row, column: int, role: int) -> Any:
        raise NotImplementedError

    def _row(self, position: int) -> Row | None:
        row_id = self._ids[position]
        if row_id not in self._cache:
            start = (position // PAGE) * PAGE
            page = self._ids[start : start + PAGE]
            loaded = self._load_rows(page)
            # A row deleted since the ids were listed is remembered as missing until the next
            # refresh, so painting it does not query again on every frame.
            self._cache.update({i: loaded.get(i) for i in page})
        return self._cache[row_id]
