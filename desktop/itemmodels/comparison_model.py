"""The comparison table as a Qt model: entity and property ids on its axes, cells read from a
cache computed in batches (storage/comparison); data() never queries."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain.comparison import Cell, sort_key
from desktop.itemmodels.badges import cell_pixmap
from desktop.storage.comparison import Grid, Property

CELL_ROLE = Qt.ItemDataRole.UserRole + 20  # the Cell, or None for no data
KEY_ROLE = Qt.ItemDataRole.UserRole + 21  # (entity id, property id); None in the label column

NO_DATA_TEXT = "—"
_GREY = QBrush(QColor("#8a8f98"))
_CONFLICT_TINT = QBrush(QColor("#fff3d6"))
_Display, _Tip, _Fore, _Back, _Font, _Deco = (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.DecorationRole,
)


_ANSWERED = frozenset({_Display, _Tip, _Fore, _Back, _Deco, CELL_ROLE, KEY_ROLE})


def _number_key(cell: Cell | None) -> tuple[int, float, str]:
    """Numbers by value (100 after 9); a value that is no number after every number."""
    text = cell.values[0] if cell is not None and cell.values else ""
    try:
        return (0, float(text.replace(",", "")), "")
    except ValueError:
        return (1, 0.0, text.casefold())


def has_badge(cell: Cell | None, badge: str) -> bool:
    if badge == "no_data":
        return cell is None or cell.no_data
    return cell is not None and bool(getattr(cell, badge))


class ComparisonModel(QAbstractTableModel):
    """Rows are entities and columns properties (or the other way round when transposed); the
    first column names the row. Sorting and filtering reorder ids held here."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._grid: Grid | None = None
        self._names: dict[int, str] = {}
        self._props: dict[int, Property] = {}
        self._entities: list[int] = []  # shown, in shown order
        self._columns: list[int] = []  # property ids shown, in order
        self.transposed = False
        self._filter = ("", None, True)  # words, badge, rows with data only
        self._sort: tuple[str, int | None, Qt.SortOrder] | None = None  # label or a column's id
        self._prop_rows: list[int] = []  # transposed: the rows, the chosen columns sorted
        self._bold = QFont()
        self._bold.setBold(True)

    # -- what is shown -------------------------------------------------------------------------

    @property
    def grid(self) -> Grid | None:
        return self._grid

    def set_grid(self, grid: Grid, columns: list[int] | None = None) -> None:
        """A newly loaded table; columns kept where they still exist (default: those used)."""
        self.beginResetModel()
        self._grid = grid
        self._names = dict(grid.entities)
        self._props = {p.id: p for p in grid.properties}
        wanted = columns if columns is not None else grid.used_properties() or list(self._props)
        self._columns = [pid for pid in wanted if pid in self._props]
        self._entities = self._filtered()
        self._apply_sort()
        self.endResetModel()

    def update_cells(self, entity_ids: set[int], cells: dict[tuple[int, int], Cell]) -> None:
        """Recomputed cells for some entities (after an edit); other rows are left alone."""
        if self._grid is None:
            return
        self._grid.replace_cells(entity_ids, cells)
        shown = set(self._entities)
        filtered = self._filtered()
        if set(filtered) != shown:
            self.refilter(filtered)  # the edit moved an entity in or out of the filter
            return
        if self._sort is not None:
            self.sort(self.sort_section(), self._sort[2])  # a changed value may move its row
        if not self.rowCount():
            return
        for entity in entity_ids & shown:
            pos = self._entities.index(entity)
            if self.transposed:
                self.dataChanged.emit(self.index(0, pos + 1),
                                      self.index(self.rowCount() - 1, pos + 1))
            else:
                self.dataChanged.emit(self.index(pos, 0), self.index(pos, self.columnCount() - 1))

    def columns(self) -> list[int]:
        return list(self._columns)

    def entities(self) -> list[int]:
        return list(self._entities)

    def set_columns(self, property_ids: list[int]) -> None:
        self.beginResetModel()
        self._columns = [pid for pid in property_ids if pid in self._props]
        self._entities = self._filtered()
        self._apply_sort()
        self.endResetModel()

    def set_transposed(self, transposed: bool) -> None:
        if transposed == self.transposed:
            return
        self.beginResetModel()
        self.transposed = transposed
        self._sort = None  # a sort by a column means something else on the other axis
        self._entities = self._filtered()
        self._apply_sort()
        self.endResetModel()

    def set_filter(self, words: str = "", badge: str | None = None,
                   with_data_only: bool = True) -> None:
        self._filter = (words.strip().casefold(), badge, with_data_only)
        self.refilter()

    def refilter(self, filtered: list[int] | None = None) -> None:
        self.beginResetModel()
        self._entities = filtered if filtered is not None else self._filtered()
        self._apply_sort()
        self.endResetModel()

    def _filtered(self) -> list[int]:
        if self._grid is None:
            return []
        words, badge, with_data = self._filter
        cells, columns = self._grid.cells, self._columns
        if not words and not badge:  # the usual case, from the columns' totals
            if not with_data:
                return [entity for entity, _ in self._grid.entities]
            stats = self._grid.stats
            filled = set().union(*(stats[p].filled for p in columns if p in stats))
            return [entity for entity, _ in self._grid.entities if entity in filled]
        shown = []
        for entity, name in self._grid.entities:
            row = [cells.get((entity, pid)) for pid in columns]
            if with_data and not any(c is not None and not c.no_data for c in row):
                continue
            if badge and not any(has_badge(c, badge) for c in row):
                continue
            if words and words not in name.casefold() and not any(
                    c is not None and words in c.text.casefold() for c in row):
                continue
            shown.append(entity)
        return shown

    # -- sorting -------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """By the label column or by one column's cells; the sort follows that entity or
        property, not the position, when columns or filters change. column < 0: unsorted."""
        try:
            self.layoutAboutToBeChanged.emit()
            before = self.persistentIndexList()
            rows = self._row_ids()
            held = [(rows[i.row()] if 0 <= i.row() < len(rows) else None, i.column())
                    for i in before]
            cols = self._col_ids()
            if column < 0:
                self._sort = None
            elif column == 0:
                self._sort = ("label", None, order)
            elif column <= len(cols):
                self._sort = ("cell", cols[column - 1], order)
            self._apply_sort()
            where = {row_id: n for n, row_id in enumerate(self._row_ids())}
            after = [self.index(where[row_id], col) if row_id in where else QModelIndex()
                     for row_id, col in held]
            self.changePersistentIndexList(before, after)
            self.layoutChanged.emit()
        except Exception:  # called by Qt from a header click: an override must never raise
            self.layoutChanged.emit()

    def sort_section(self) -> int:
        """The column the table is sorted by now (-1: none), for the header's arrow."""
        if self._sort is None:
            return -1
        kind, other, _order = self._sort
        if kind == "label":
            return 0
        cols = self._col_ids()
        return cols.index(other) + 1 if other in cols else -1

    def _row_ids(self) -> list[int]:
        return self._prop_rows if self.transposed else self._entities

    def _col_ids(self) -> list[int]:
        return self._entities if self.transposed else self._columns

    def _apply_sort(self) -> None:
        # Transposed rows are the chosen columns in a sorted copy: sorting them never
        # reorders the user's own choice of columns.
        self._prop_rows = list(self._columns)
        if self._sort is None or self._grid is None:
            return
        kind, other, order = self._sort
        reverse = order == Qt.SortOrder.DescendingOrder
        rows = self._row_ids()
        if kind == "label":
            label = (lambda p: self._props[p].label) if self.transposed else self._names.get
            rows.sort(key=lambda r: (label(r) or "").casefold(), reverse=reverse)
            return
        if other not in self._col_ids():
            self._sort = None  # its column was hidden or filtered away
            return
        cells = self._grid.cells

        def cell(row: int) -> Cell | None:
            return cells.get((other, row) if self.transposed else (row, other))

        number = not self.transposed and self._props[other].datatype == "number"
        # Empty cells stay last whichever way the rest is sorted, as spreadsheets do.
        full = [r for r in rows if not sort_key(cell(r))[0]]
        empty = [r for r in rows if sort_key(cell(r))[0]]
        full.sort(key=lambda r: _number_key(cell(r)) if number else sort_key(cell(r))[1],
                  reverse=reverse)
        rows[:] = full + empty

    def index_of(self, key: tuple[int, int]) -> QModelIndex:
        """Where a cell is shown now; invalid when filtered out or its column is hidden."""
        entity, prop = key
        try:
            if self.transposed:
                return self.index(self._prop_rows.index(prop), self._entities.index(entity) + 1)
            return self.index(self._entities.index(entity), self._columns.index(prop) + 1)
        except ValueError:
            return QModelIndex()

    # -- the Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._columns) if self.transposed else len(self._entities)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._grid is None:
            return 0
        return 1 + (len(self._entities) if self.transposed else len(self._columns))

    def key_at(self, index: QModelIndex | QPersistentModelIndex) -> tuple[int, int] | None:
        """(entity id, property id) of a cell; None for the label column or an invalid index."""
        if not index.isValid() or index.column() == 0:
            return None
        row, col = index.row(), index.column() - 1
        try:
            if self.transposed:
                return self._entities[col], self._prop_rows[row]
            return self._entities[row], self._columns[col]
        except IndexError:
            return None

    def row_label(self, row: int) -> str:
        if self.transposed:
            return self._props[self._prop_rows[row]].label
        return self._names[self._entities[row]]

    def column_label(self, column: int) -> str:
        if column == 0:
            return "Property" if self.transposed else "Entity"
        if self.transposed:
            return self._names[self._entities[column - 1]]
        return self._props[self._columns[column - 1]].label

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every cell painted: roles we never answer leave first.
        if role not in _ANSWERED:
            return None
        try:
            return self._data(index, role)
        except Exception:  # an override Qt calls while painting must never raise
            return None

    def _data(self, index: QModelIndex | QPersistentModelIndex, role: int) -> Any:
        grid = self._grid
        if grid is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if column == 0:
            return self.row_label(row) if role in (_Display, _Tip) else None
        if self.transposed:
            key = (self._entities[column - 1], self._prop_rows[row])
        else:
            key = (self._entities[row], self._columns[column - 1])
        cell = grid.cells.get(key)
        if role == _Display:
            return cell.text if cell is not None and not cell.no_data else NO_DATA_TEXT
        if role == _Deco:
            return cell_pixmap(cell) if cell is not None else None
        if role == _Fore:
            return _GREY if cell is None or cell.no_data else None
        if role == _Back:
            return _CONFLICT_TINT if cell is not None and cell.conflict else None
        if role == CELL_ROLE:
            return cell
        if role == KEY_ROLE:
            return key
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < self.columnCount():
            if role == _Display:
                return self.column_label(section)
            if role == _Tip and section > 0 and not self.transposed:
                prop = self._props[self._columns[section - 1]]
                return prop.description or prop.label
        if orientation == Qt.Orientation.Vertical and 0 <= section < self.rowCount():
            # The row names: the table shows them as its vertical header, which stays put.
            if role == _Display or role == _Tip:
                return self.row_label(section)
            if role == _Font:
                return self._bold
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def release(self) -> None:
        """Forget the table before the case closes."""
        self.beginResetModel()
        self._grid, self._entities, self._columns, self._prop_rows = None, [], [], []
        self.endResetModel()
