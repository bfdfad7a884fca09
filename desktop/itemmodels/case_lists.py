"""The sources and claims lists of the main window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.itemmodels.id_models import IdTableModel
from desktop.storage import lists
from desktop.storage.lists import ClaimRow, SourceRow


class SourcesModel(IdTableModel[SourceRow]):
    columns = ("Title", "Publisher", "Published", "Grade")

    def __init__(self, db, parent=None):
        self._db = db
        super().__init__(lambda: lists.source_ids(db), lambda ids: lists.source_rows(db, ids),
                         parent)

    def set_filter(self, text: str) -> None:
        self.set_loader(lambda: lists.source_ids(self._db, text))

    def display(self, row: SourceRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.title, row.publisher or "", row.published or "",
                    row.reliability or "")[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return row.title
        return None


class ClaimsModel(IdTableModel[ClaimRow]):
    columns = ("Claim", "Subject", "Status", "For", "Against")

    def __init__(self, db, parent=None):
        self._db = db
        super().__init__(lambda: lists.claim_ids(db), lambda ids: lists.claim_rows(db, ids),
                         parent)

    def set_filter(self, text: str) -> None:
        self.set_loader(lambda: lists.claim_ids(self._db, text))

    def display(self, row: ClaimRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.text, row.subject, row.status, row.supports, row.contradicts)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return row.text
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
