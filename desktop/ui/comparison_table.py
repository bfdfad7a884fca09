"""The comparison grid: row names that stay put while the cells scroll, badges at each cell's
end, evidence on hover, and copying the selection as a table."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QStylePainter,
    QTableView,
    QToolTip,
    QWidget,
)

from desktop.itemmodels.comparison_model import ComparisonModel
from desktop.itemmodels.tooltips import plain_tooltip
from desktop.ui import clipboard

LABEL_WIDTH = 170
CELL_WIDTH = 210


class ComparisonTable(QTableView):
    """Cells select singly or in blocks; double-click or Enter opens the evidence's words.

    The row names are the vertical header, so they stay put while the cells scroll sideways.
    (Qt's frozen-column example lays a second view over the first; a widget over the viewport
    stops Qt from scrolling by copying pixels, and every step then repaints the whole grid.)
    The header's corner names the rows and sorts them by name.
    """

    cell_chosen = Signal(object)  # (entity id, property id) or None
    open_words = Signal(object)  # (entity id, property id): open the first citation's words

    def __init__(self, model: ComparisonModel, tooltip: Callable[[tuple[int, int]], str],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("comparison-table")
        self._tooltip = tooltip
        self._label_width = LABEL_WIDTH
        self.setModel(model)
        self.setWordWrap(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        rows.setFixedWidth(self._label_width)
        rows.setHighlightSections(False)
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
        self._corner = self.findChild(QAbstractButton)  # Qt's corner button, repainted here
        if self._corner is not None:
            self._corner.installEventFilter(self)
        model.modelReset.connect(self._fit)
        model.layoutChanged.connect(self._fit)
        self.selectionModel().currentChanged.connect(self._current_changed)
        self.doubleClicked.connect(self._open)
        self.activated.connect(self._open)
        self._fit()

    def initViewItemOption(self, option: QStyleOptionViewItem) -> None:
        # Once per paint, not per cell: the count and badges sit after the text.
        try:
            super().initViewItemOption(option)
            option.decorationPosition = QStyleOptionViewItem.Position.Right
        except Exception:  # called while painting: an override must never raise
            return

    # -- the row names ---------------------------------------------------------------------------

    def _fit(self) -> None:
        """After a reset or a sort: the label column lives in the vertical header only, and
        the sort arrow follows what the model sorts by (a hidden column's sort has ended)."""
        self.setColumnHidden(0, True)
        header = self.horizontalHeader()
        with QSignalBlocker(header):
            header.setSortIndicator(self.model().sort_section(), header.sortIndicatorOrder())
        if self._corner is not None:
            self._corner.update()

    def _sort_by_label(self) -> None:
        header = self.horizontalHeader()
        ascending = Qt.SortOrder.AscendingOrder
        order = Qt.SortOrder.DescendingOrder if header.sortIndicatorSection() == 0 and \
            header.sortIndicatorOrder() == ascending else ascending
        self.sortByColumn(0, order)

    def eventFilter(self, watched, event: QEvent) -> bool:
        try:
            if watched is self._corner:
                kind = event.type()
                if kind == QEvent.Type.Paint:
                    self._paint_corner()
                    return True
                if kind == QEvent.Type.MouseButtonRelease:
                    # A left click on it sorts by name, instead of Qt's select-all.
                    if event.button() == Qt.MouseButton.LeftButton and \
                            watched.rect().contains(event.position().toPoint()):
                        self._sort_by_label()
                    return True
                if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
                    return True
        except Exception:  # an override Qt calls must never raise
            return False
        return super().eventFilter(watched, event)

    def _paint_corner(self) -> None:
        """The corner as a header section: "Entity" (or "Property"), with the sort arrow."""
        corner, header = self._corner, self.horizontalHeader()
        option = QStyleOptionHeader()
        option.initFrom(corner)
        option.rect = corner.rect()
        option.text = self.model().column_label(0)
        option.textAlignment = Qt.AlignmentFlag.AlignCenter
        option.position = QStyleOptionHeader.SectionPosition.OnlyOneSection
        option.sortIndicator = QStyleOptionHeader.SortIndicator.None_
        if header.sortIndicatorSection() == 0:
            option.sortIndicator = (
                QStyleOptionHeader.SortIndicator.SortDown
                if header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
                else QStyleOptionHeader.SortIndicator.SortUp)
        painter = QStylePainter(corner)
        painter.drawControl(QStyle.ControlElement.CE_Header, option)
        painter.end()

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
        text = "\n".join("\t".join(cell.replace("\t", " ") for cell in row) for row in table)
        body = "".join(
            "<tr>" + "".join(f"<{tag}>{html.escape(cell)}</{tag}>" for cell in row) + "</tr>"
            for tag, row in (("th" if n == 0 else "td", row) for n, row in enumerate(table)))
        clipboard.put(text, f"<table>{body}</table>")
