"""Entities grouped by kind (companies, government bodies, people…) as a two-level tree."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from sqlite_utils import Database

from desktop.domain.vocab import ENTITY_KINDS, KIND_LABELS
from desktop.itemmodels.id_models import ID_ROLE, UID_ROLE
from desktop.itemmodels.tooltips import plain_tooltip
from desktop.storage import lists
from desktop.storage.lists import EntityRow

AnyIndex = QModelIndex | QPersistentModelIndex
_GROUP = 0  # internal id of a group row; an entity row's internal id is its group's row + 1


class EntityTreeModel(QAbstractItemModel):
    """Top rows are kinds that have entities; their children are the entities, by name."""

    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self._db = db
        self._filter = ""
        self._groups: list[tuple[str, list[EntityRow]]] = []

    def refresh(self) -> None:
        rows = lists.entities(self._db, self._filter)
        by_kind = {kind: list(group) for kind, group in groupby(rows, key=lambda r: r.kind)}
        order = [k for k in ENTITY_KINDS if k in by_kind] + sorted(set(by_kind) - set(ENTITY_KINDS))
        self.beginResetModel()
        self._groups = [(kind, by_kind[kind]) for kind in order]
        self.endResetModel()

    def release(self) -> None:
        """Forget every row, so nothing asks storage again (the case is closing)."""
        self.beginResetModel()
        self._groups = []
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        self._filter = text
        self.refresh()

    def entity_count(self) -> int:
        return sum(len(members) for _, members in self._groups)

    def index_of(self, entity_id: int) -> QModelIndex:
        for g, (_kind, members) in enumerate(self._groups):
            for r, row in enumerate(members):
                if row.id == entity_id:
                    return self.createIndex(r, 0, g + 1)
        return QModelIndex()

    # -- QAbstractItemModel ----------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _GROUP) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != _GROUP or parent.row() >= len(self._groups):
            return QModelIndex()
        if row >= len(self._groups[parent.row()][1]):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid() or index.internalId() == _GROUP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _GROUP)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _GROUP and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if section == 0 and role == Qt.ItemDataRole.DisplayRole:
            return "Entity"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _GROUP:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _GROUP:
            kind, members = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{KIND_LABELS.get(kind, kind.title())} ({len(members)})"
            return None
        row = self._groups[index.internalId() - 1][1][index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(row.name)
        if role == ID_ROLE:
            return row.id
        if role == UID_ROLE:
            return row.uid
        return None
