"""The sources and claims lists of the main window."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from sqlite_utils import Database

from desktop.itemmodels.id_models import IdTableModel, Row
from desktop.storage import lists
from desktop.storage.lists import ClaimRow, SourceRow


class _FilteredList(IdTableModel[Row]):
    """A list whose ids storage narrows by a filter text typed by the user."""

    def __init__(
        self,
        db: Database,
        ids: Callable[[Database, str], list[int]],
        rows: Callable[[Database, Sequence[int]], dict[int, Row]],
        parent=None,
    ):
        self._db, self._ids_for = db, ids
        super().__init__(lambda: ids(db, ""), lambda page: rows(db, page), parent)

    def set_filter(self, text: str) -> None:
        self.set_loader(lambda: self._ids_for(self._db, text))


class SourcesModel(_FilteredList[SourceRow]):
    columns = ("Title", "Publisher", "Published", "Grade")

    def __init__(self, db: Database, parent=None):
        super().__init__(db, lists.source_ids, lists.source_rows, parent)

    def display(self, row: SourceRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.title, row.publisher or "", row.published or "",
                    row.reliability or "")[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return row.title
        return None


class ClaimsModel(_FilteredList[ClaimRow]):
    columns = ("Claim", "Subject", "Status", "For", "Against")

    def __init__(self, db: Database, parent=None):
        super().__init__(db, lists.claim_ids, lists.claim_rows, parent)

    def display(self, row: ClaimRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.text, row.subject, row.status, row.supports, row.contradicts)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return row.text
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
