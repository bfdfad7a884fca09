"""The "Needs review" list: excerpts whose words a new text did not hold exactly."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from sqlite_utils import Database

from desktop.itemmodels.id_models import IdTableModel
from desktop.itemmodels.tooltips import plain_tooltip
from desktop.storage import anchors
from desktop.storage.anchors import ReviewItem

STATUS_COLOURS = {"fuzzy": "#f3ebbc", "orphan": "#f4c2bd"}


def status_text(item: ReviewItem) -> str:
    if item.status == "fuzzy" and item.score is not None:
        return f"fuzzy {round(item.score * 100)}%"
    return item.status


class ReviewModel(IdTableModel[ReviewItem]):
    columns = ("Source", "Status", "Words as quoted", "Cited by")

    def __init__(self, db: Database, parent=None):
        super().__init__(lambda: anchors.review_ids(db),
                         lambda ids: anchors.review_items(db, ids), parent)

    def display(self, row: ReviewItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            quote = " ".join(row.old_exact.split())
            return (row.source_title, status_text(row), quote, str(row.citations))[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(row.old_exact if column == 2 else row.source_title)
        if role == Qt.ItemDataRole.BackgroundRole and column == 1:
            return QBrush(QColor(STATUS_COLOURS.get(row.status, "#ffffff")))
        return None

    def item_at(self, row: int) -> ReviewItem | None:
        return self._row(row)

