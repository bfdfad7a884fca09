"""The annotations pane's list: one row per thread (its first note), narrowed by storage."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from sqlite_utils import Database

from desktop.itemmodels.id_models import ID_ROLE, IdTableModel
from desktop.itemmodels.tooltips import plain_tooltip
from desktop.storage import annotations
from desktop.storage.annotations import AnnotationView

ANNOTATION_ROLE = Qt.ItemDataRole.UserRole + 3  # the row's AnnotationView
MOTIVATION_WORDS = {
    "commenting": "Comment", "questioning": "Question", "assessing": "Assessment",
    "highlighting": "Highlight",
}
MOTIVATION_SIGNS = {"commenting": "✎", "questioning": "?", "assessing": "⚖", "highlighting": "▍"}
LINE_SHOWN = 200  # characters of a note's first line in its row
_RESOLVED = QColor("#8a8a8a")
_ANSWERED = {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
             Qt.ItemDataRole.ForegroundRole, ID_ROLE, ANNOTATION_ROLE}


def first_line(body: str, limit: int = LINE_SHOWN) -> str:
    """The first non-blank line of a note as plain words (its Markdown left as typed)."""
    for line in body.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""


class AnnotationsModel(IdTableModel[AnnotationView]):
    """Thread roots only, not a tree: storage filters and pages by thread (annotation_ids),
    a thread's replies are read in one query when it is selected (annotations.thread), and the
    pane shows the thread whole, rendered, beside the list. A tree would list every reply of
    every thread up front, or show an expander on each row that may have none."""

    columns = ("Kind", "Note", "Reviewer", "Status", "Source", "Words", "Created")

    def __init__(self, db: Database, parent=None):
        self._db = db
        self._filter: dict[str, Any] = {}
        super().__init__(self._thread_ids, self._views, parent)

    def _thread_ids(self) -> list[int]:
        return annotations.annotation_ids(self._db, **self._filter)

    def _views(self, ids: Sequence[int]) -> dict[int, AnnotationView]:
        return {view.id: view for view in annotations.annotation_views(self._db, ids)}

    def set_filter(self, reviewer: str | None = None, status: str | None = None,
                   tag: str | None = None, source_id: int | None = None,
                   contains: str = "") -> None:
        """Show the threads storage finds for these (None or "": that filter is off)."""
        self._filter = {"reviewer": reviewer or None, "status": status or None,
                        "tag": tag or None, "source_id": source_id, "contains": contains}
        self.set_loader(self._thread_ids)

    def filter(self) -> dict[str, Any]:
        return dict(self._filter)

    def ids(self) -> list[int]:
        return list(self._ids)

    def view_at(self, row: int) -> AnnotationView | None:
        return self._row(row) if 0 <= row < len(self._ids) else None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED:
            return None
        try:
            if role == ANNOTATION_ROLE:
                return self.view_at(index.row()) if index.isValid() else None
            return super().data(index, role)
        except Exception:  # an override Qt calls while painting must never raise
            return None

    def display(self, row: AnnotationView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(_RESOLVED) if row.status == "resolved" else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._tip(row, column))
        return None

    @staticmethod
    def _text(row: AnnotationView, column: int) -> str:
        if column == 0:
            sign = MOTIVATION_SIGNS.get(row.motivation, "•")
            return f"{sign} {MOTIVATION_WORDS.get(row.motivation, row.motivation)}"
        if column == 1:
            return first_line(row.body) or "(no words)"
        if column == 2:
            return row.reviewer or ""
        if column == 3:
            return "Resolved" if row.status == "resolved" else "Open"
        if column == 4:
            return row.source_title
        if column == 5:
            return first_line(row.exact) if row.exact else "(the whole source)"
        return row.created[:10]

    @staticmethod
    def _tip(row: AnnotationView, column: int) -> str:
        if column == 4:
            return row.source_title
        if column == 6:
            edited = f"\nEdited {row.modified}" if row.modified != row.created else ""
            return f"Created {row.created}{edited}"
        if row.exact is None:
            words = "A note on the whole source"
        else:
            lost = ("\n(these words are no longer found in the source's text)"
                    if row.anchor_status == "orphan" else "")
            words = f"“{row.exact[:1000]}{'…' if len(row.exact) > 1000 else ''}”{lost}"
        if column == 5:
            return words
        tags = f"\nTags: {', '.join(row.tags)}" if row.tags else ""
        return f"{words}\n\n{first_line(row.body, 500)}{tags}"
