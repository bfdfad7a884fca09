"""A claim's or event's citations for the inspector, supporting and contradicting apart."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain.vocab import STANCES
from desktop.itemmodels.id_models import ID_ROLE, UID_ROLE
from desktop.itemmodels.tooltips import plain_tooltip
from desktop.storage.claim_views import CitationView

CITATION_ROLE = Qt.ItemDataRole.UserRole + 4  # the CitationView behind a row, for jumping
STANCE_ROLE = Qt.ItemDataRole.UserRole + 5

HEADINGS = {"supports": "Supporting", "contradicts": "Contradicting", "context": "Context"}
STANCE_COLOURS = {"supports": "#2e7d32", "contradicts": "#b3261e", "context": "#5f6b7a"}


class CitationsModel(QAbstractListModel):
    """Rows: a heading per stance present, then that stance's citations in the order made."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[str, CitationView | None]] = []  # (stance, None for a heading)

    def set_citations(self, citations: list[CitationView] | tuple[CitationView, ...]) -> None:
        self.beginResetModel()
        self._rows = []
        for stance in STANCES:
            mine = [c for c in citations if c.stance == stance]
            if mine:
                self._rows.append((stance, None))
                self._rows.extend((stance, c) for c in mine)
        self.endResetModel()

    def citation_at(self, row: int) -> CitationView | None:
        return self._rows[row][1] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()][1] is None:
            return Qt.ItemFlag.ItemIsEnabled  # a heading: not selectable, nothing to jump to
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        stance, cite = self._rows[index.row()]
        if cite is None:
            return self._heading(stance, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return citation_text(cite)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{cite.source_title}\nClick to open the source at these words.")
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(STANCE_COLOURS[stance])
        if role == ID_ROLE:
            return cite.excerpt_id
        if role == UID_ROLE:
            return cite.source_uid
        if role == CITATION_ROLE:
            return cite
        if role == STANCE_ROLE:
            return stance
        return None

    def _heading(self, stance: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            count = sum(1 for s, c in self._rows if s == stance and c is not None)
            return f"{HEADINGS[stance]} ({count})"
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(STANCE_COLOURS[stance]))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == STANCE_ROLE:
            return stance
        return None


# Said under a citation whose words a newer text of its source no longer holds exactly.
ANCHOR_DOUBTS = {
    "fuzzy": "\n⚠ The source has changed: similar words found, awaiting review",
    "orphan": "\n⚠ The source has changed: these words are no longer in it",
}


def citation_text(cite: CitationView) -> str:
    """The quoted words, then where they come from: '“…”\\n— Title · Publisher · 2026-06~ · B2'."""
    page = f"p. {cite.page}" if cite.page else None
    where = " · ".join(
        part for part in (cite.source_title, cite.publisher, cite.published, page, cite.grade)
        if part
    )
    dated = f"\nGives the date {cite.date}" if cite.date else ""
    doubt = ANCHOR_DOUBTS.get(cite.anchor, "")
    return f"“{cite.exact}”\n— {where}{dated}{doubt}"
