"""One comparison cell's evidence as a tree: each claim (shown ones first, ranks and reasons
said), and under it every citation with its quoted words, source and grade."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain.comparison import display_value
from desktop.itemmodels.citations import CITATION_ROLE, STANCE_COLOURS, citation_text
from desktop.storage.claim_views import ClaimView
from desktop.storage.comparison import CellEvidence

CLAIM_ROLE = Qt.ItemDataRole.UserRole + 30  # the ClaimView of a claim row or a citation's claim
_TOP = 0  # internalId of a claim row; a citation row holds its claim's row + 1


class CellEvidenceModel(QAbstractItemModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._evidence: CellEvidence | None = None
        self._claims: tuple[ClaimView, ...] = ()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_evidence(self, evidence: CellEvidence | None) -> None:
        self.beginResetModel()
        self._evidence = evidence
        self._claims = evidence.claims if evidence else ()
        self.endResetModel()

    def claim_at(self, index: QModelIndex) -> ClaimView | None:
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == _TOP else index.internalId() - 1
        return self._claims[row] if 0 <= row < len(self._claims) else None

    def index(self, row: int, column: int,
              parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _TOP) if row < len(self._claims) else QModelIndex()
        if parent.internalId() != _TOP:
            return QModelIndex()
        claim = parent.row()
        if claim < len(self._claims) and row < len(self._claims[claim].citations):
            return self.createIndex(row, 0, claim + 1)
        return QModelIndex()

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._claims)
        if parent.column() != 0 or parent.internalId() != _TOP or parent.row() >= len(self._claims):
            return 0
        return len(self._claims[parent.row()].citations)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._evidence is None:
            return None
        claim = self.claim_at(index)
        if claim is None:
            return None
        if index.internalId() == _TOP:
            return self._claim_data(claim, role)
        if index.row() >= len(claim.citations):
            return None
        cite = claim.citations[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            stance = "" if cite.stance == "supports" else f"[{cite.stance}] "
            return stance + citation_text(cite)
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(STANCE_COLOURS.get(cite.stance, "#5f6b7a"))
        if role == CITATION_ROLE:
            return cite
        if role == CLAIM_ROLE:
            return claim
        return None

    def _claim_data(self, claim: ClaimView, role: int) -> Any:
        shown = self._evidence.shown(claim)
        if role == Qt.ItemDataRole.DisplayRole:
            state = "shown" if shown else "not shown"
            rank = claim.rank + (f": {claim.rank_reason}" if claim.rank_reason else "")
            value = display_value(self._evidence.property.datatype, claim.value or "—")
            return (f"{value}   ({rank}; {state}; "
                    f"{len(claim.citations)} citation(s))\n{claim.text}")
        if role == Qt.ItemDataRole.FontRole and shown:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and claim.rank == "deprecated":
            return QBrush(QColor("#8a8f98"))
        if role == CLAIM_ROLE:
            return claim
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
