"""How our list and table views are set up, so every pane's lists look and behave alike."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QListView,
    QMessageBox,
    QTableView,
    QWidget,
)


def table_view(
    model: QAbstractItemModel,
    stretch: int = 0,
    shown: tuple[int, ...] = (),
    widths: dict[int, int] | None = None,
) -> QTableView:
    """Rows select whole; one column stretches, columns given a width keep it (long titles),
    the others fit their contents."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    # Fit columns to the rows on screen only: the default reads 1,000 rows per column and
    # so fetches pages of a 200,000-row list that the user has not scrolled to.
    header.setResizeContentsPrecision(0)

    def fit_columns() -> None:  # a model reset forgets the header's per-section modes
        for column in range(model.columnCount()):
            view.setColumnHidden(column, bool(shown) and column not in shown)
            if widths and column in widths:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(column, widths[column])
                continue
            mode = QHeaderView.ResizeMode.Stretch if column == stretch \
                else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(column, mode)

    fit_columns()
    model.modelReset.connect(fit_columns)
    return view


def list_view(model: QAbstractItemModel) -> QListView:
    """Rows of several wrapped lines each (quotes with their sources)."""
    view = QListView()
    view.setModel(model)
    view.setWordWrap(True)
    view.setUniformItemSizes(False)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setSpacing(2)
    view.setIconSize(QSize(8, 8))  # the stance colour is a mark beside the words, not a block
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    return view


def warn(parent: QWidget, title: str, text: str) -> None:
    """A warning whose text is shown as text: Qt would take a file name holding a tag for rich
    text and load what an <img> names (a path with <img src=/dev/zero> fills memory)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Yes or No, with the text shown as text (it may quote a source: see warn)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def when(iso: str) -> str:
    """A stored ISO time as the reader's local date and minute, the same in every view."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except (ValueError, OverflowError):
        return iso


def choice_combo(name: str, items: list[tuple[str, Any]], current: Any) -> QComboBox:
    """A list of (text, value) choices with `current` chosen (else the first)."""
    combo = QComboBox()
    combo.setObjectName(name)
    for text, data in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo
