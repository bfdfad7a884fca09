"""The comparison grid: a table whose first column stays put while the rest scrolls, badges at
each cell's end, evidence on hover, and copying the selection as a table."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QModelIndex, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from desktop.itemmodels.comparison_model import ComparisonModel
from desktop.itemmodels.tooltips import plain_tooltip

LABEL_WIDTH = 170
CELL_WIDTH = 210


class BadgesAtEnd(QStyledItemDelegate):
    """The default painting (in C++), with the count and badges placed after the text."""

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:
        try:
            super().initStyleOption(option, index)
            option.decorationPosition = QStyleOptionViewItem.Position.Right
        except Exception:  # called while painting: an override must never raise
            return


class ComparisonTable(QTableView):
    """Cells select singly or in blocks; double-click or Enter opens the evidence's words."""

    cell_chosen = Signal(object)  # (entity id, property id) or None
    open_words = Signal(object)  # (entity id, property id): open the first citation's words

    def __init__(self, model: ComparisonModel, tooltip: Callable[[tuple[int, int]], str],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("comparison-table")
        self._tooltip = tooltip
        self._label_width = LABEL_WIDTH
        self.setModel(model)
        self.setItemDelegate(BadgesAtEnd(self))
        self.setWordWrap(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setDefaultSectionSize(CELL_WIDTH)
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        # Property labels are questions of several words: two lines, wrapped, not elided.
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setFixedHeight(self.fontMetrics().height() * 2 + 12)
        self.setSortingEnabled(True)
        self.frozen = self._frozen_column(model)
        model.modelReset.connect(self._fit)
        model.layoutChanged.connect(self._fit_frozen)
        self.selectionModel().currentChanged.connect(self._current_changed)
        self.doubleClicked.connect(self._open)
        self.activated.connect(self._open)
        self._fit()

    # -- the frozen first column ---------------------------------------------------------------

    def _frozen_column(self, model: ComparisonModel) -> QTableView:
        """A second view over the same model and selection, showing only column 0, laid over
        this one's left edge (as Qt's frozen-column example does)."""
        frozen = QTableView(self)
        frozen.setObjectName("comparison-frozen")
        frozen.setModel(model)
        frozen.setSelectionModel(self.selectionModel())
        frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        frozen.verticalHeader().hide()
        frozen.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        frozen.verticalHeader().setDefaultSectionSize(self.verticalHeader().defaultSectionSize())
        frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        frozen.horizontalHeader().setHighlightSections(False)
        frozen.horizontalHeader().setSortIndicatorShown(True)
        frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        frozen.horizontalHeader().sectionClicked.connect(lambda _s: self._sort_by_label())
        frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        frozen.setWordWrap(False)
        frozen.setStyleSheet("QTableView#comparison-frozen { border: none;"
                             " border-right: 1px solid #c8ccd2; }")
        self.viewport().stackUnder(frozen)
        frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(frozen.verticalScrollBar().setValue)
        frozen.doubleClicked.connect(self._open)
        self.horizontalHeader().sectionResized.connect(self._section_resized)
        frozen.show()
        return frozen

    def _fit(self) -> None:
        """After a reset: widths, and the frozen view showing only its one column."""
        model = self.model()
        self.setColumnWidth(0, self._label_width)  # as the user left it, not reset each time
        self.frozen.setColumnWidth(0, self._label_width)
        for column in range(1, model.columnCount()):
            self.frozen.setColumnHidden(column, True)
        # The arrow follows what the model sorts by (a hidden column's sort has ended).
        header = self.horizontalHeader()
        with QSignalBlocker(header):
            header.setSortIndicator(model.sort_section(), header.sortIndicatorOrder())
        self._fit_frozen()

    def _fit_frozen(self) -> None:
        header = self.horizontalHeader()
        if header.sortIndicatorSection() == 0:
            self.frozen.horizontalHeader().setSortIndicator(0, header.sortIndicatorOrder())
        else:
            self.frozen.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        frame = self.frameWidth()
        self.frozen.setGeometry(frame, frame, self.columnWidth(0),
                                self.viewport().height() + header.height())

    def _section_resized(self, logical: int, _old: int, new: int) -> None:
        if logical == 0 and new > 0:
            self._label_width = new
            self.frozen.setColumnWidth(0, new)
            self._fit_frozen()

    def _sort_by_label(self) -> None:
        header = self.horizontalHeader()
        ascending = Qt.SortOrder.AscendingOrder
        order = Qt.SortOrder.DescendingOrder if header.sortIndicatorSection() == 0 and \
            header.sortIndicatorOrder() == ascending else ascending
        self.sortByColumn(0, order)
        self._fit_frozen()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_frozen()

    def moveCursor(self, action, modifiers) -> QModelIndex:
        # Keep the current cell out from under the frozen column when moving left.
        current = super().moveCursor(action, modifiers)
        if action == QAbstractItemView.CursorAction.MoveLeft and current.column() > 0:
            visual = self.visualRect(current).topLeft().x()
            if visual < self.frozen.columnWidth(0):
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() + visual - self.frozen.columnWidth(0))
        return current

    def scrollTo(self, index, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        if index.column() > 0:
            super().scrollTo(index, hint)

    # -- evidence ------------------------------------------------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            # One indexed query for the cell under the mouse, on hovering: data() stays free
            # of queries, and a tooltip always tells what storage holds now.
            try:
                key = self.model().key_at(self.indexAt(event.pos()))
                text = self._tooltip(key) if key is not None else ""
            except Exception as exc:  # a Qt override must never raise
                text = f"Could not read this cell's evidence ({exc})"
            if text:
                QToolTip.showText(event.globalPos(), plain_tooltip(text), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def _current_changed(self, current, _previous) -> None:
        self.cell_chosen.emit(self.model().key_at(current))

    def _open(self, index) -> None:
        key = self.model().key_at(index)
        if key is not None:
            self.open_words.emit(key)

    # -- copying -------------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        super().keyPressEvent(event)

    def selection_table(self) -> list[list[str]]:
        """The selected block as rows of text, with its column headings and row names."""
        indexes = self.selectionModel().selectedIndexes()
        if not indexes:
            return []
        model = self.model()
        header = self.horizontalHeader()
        rows = sorted({i.row() for i in indexes})
        columns = sorted({i.column() for i in indexes if i.column() > 0},
                         key=header.visualIndex)
        table = [[model.column_label(0), *(model.column_label(c) for c in columns)]]
        for row in rows:
            table.append([model.row_label(row),
                          *(str(model.index(row, c).data() or "") for c in columns)])
        return table

    def copy_selection(self) -> None:
        table = self.selection_table()
        if not table:
            return
        mime = QMimeData()
        mime.setText("\n".join("\t".join(cell.replace("\t", " ") for cell in row)
                               for row in table))
        body = "".join(
            "<tr>" + "".join(f"<{tag}>{html.escape(cell)}</{tag}>" for cell in row) + "</tr>"
            for tag, row in (("th" if n == 0 else "td", row) for n, row in enumerate(table)))
        mime.setHtml(f"<table>{body}</table>")
        QGuiApplication.clipboard().setMimeData(mime)
