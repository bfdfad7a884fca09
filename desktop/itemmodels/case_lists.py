"""The navigator's flat lists: sources, claims and events, each narrowed by the filter text."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QBrush, QColor
from sqlite_utils import Database

from desktop.domain.dates import describe_edtf
from desktop.domain.vocab import RELIABILITY
from desktop.itemmodels.id_models import UID_ROLE, IdTableModel, Row
from desktop.itemmodels.tooltips import plain_tooltip
from desktop.storage import lists
from desktop.storage.lists import ClaimRow, EventRow, SourceRow

ITEM_MIME = "application/x-casefile-item"  # "claim:UID" or "event:UID" lines, dragged out
# A source's grade as a badge: the more reliable, the greener; ungraded stays grey.
GRADE_COLOURS = {
    "A": "#b9e4c0", "B": "#d3edc4", "C": "#f3ebbc", "D": "#f7d9b5", "E": "#f4c2bd", "F": "#e3e3e3",
}


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
                    row.reliability or "?")[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 3:
                return RELIABILITY.get(row.reliability or "", "Not graded yet")
            return plain_tooltip(row.title)
        if column == 3 and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(GRADE_COLOURS.get(row.reliability or "", "#eeeeee")))
        if column == 3 and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class _Draggable:
    """Rows dragged out as "kind:UID" lines (a briefing's editor makes them references)."""

    kind = ""

    # Qt's overrides: an exception escaping one aborts the app (PySide 6.11), so each says
    # what went wrong on stderr and answers as if nothing could be dragged.

    def flags(self, index):
        try:
            found = super().flags(index)  # type: ignore[misc]
            return found | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else found
        except Exception:
            traceback.print_exc(file=sys.stderr)
            return Qt.ItemFlag.NoItemFlags

    def mimeTypes(self) -> list[str]:
        return [ITEM_MIME]

    def mimeData(self, indexes) -> QMimeData:
        data = QMimeData()
        try:
            rows = sorted({i.row() for i in indexes if i.isValid()})
            uids = [self.data(self.index(r, 0), UID_ROLE)  # type: ignore[attr-defined]
                    for r in rows]
            data.setData(ITEM_MIME, "\n".join(f"{self.kind}:{u}" for u in uids if u).encode())
        except Exception:
            traceback.print_exc(file=sys.stderr)
            return QMimeData()
        return data


class ClaimsModel(_Draggable, _FilteredList[ClaimRow]):
    columns = ("Claim", "Subject", "Status", "For", "Against")
    kind = "claim"

    def __init__(self, db: Database, parent=None):
        super().__init__(db, lists.claim_ids, lists.claim_rows, parent)

    def display(self, row: ClaimRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.text, row.subject, row.status, row.supports, row.contradicts)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return plain_tooltip(f"{row.text}\n\nSubject: {row.subject} · {row.status}")
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class EventsModel(_Draggable, _FilteredList[EventRow]):
    columns = ("Date", "Event")
    kind = "event"

    def __init__(self, db: Database, parent=None):
        super().__init__(db, lists.event_ids, lists.event_rows, parent)

    def display(self, row: EventRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (describe_edtf(row.date_edtf), row.title)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            # The words the date was read from, so "2026-07" is seen to mean "by the end of July".
            said = f"\nDate as written: “{row.date_phrase}”" if row.date_phrase else ""
            edtf = f"\nEDTF: {row.date_edtf}" if row.date_edtf else ""
            return plain_tooltip(f"{row.title}{said}{edtf}")
        return None
