"""The inspector's page for a comparison cell: every claim and citation behind it, and the rank
controls (make preferred, make normal, deprecate with a reason)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLineEdit, QPushButton, QTreeView

from desktop.itemmodels.badges import BADGES
from desktop.itemmodels.cell_evidence import CLAIM_ROLE, CellEvidenceModel
from desktop.itemmodels.citations import CITATION_ROLE
from desktop.storage.claim_views import ClaimView
from desktop.storage.comparison import CellEvidence
from desktop.ui.inspector_pages import Page, label, words_of


class CellPage(Page):
    rank_requested = Signal(int, str, str)  # claim id, rank, reason

    def __init__(self):
        super().__init__("inspector-cell")
        self.model = CellEvidenceModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("inspector-cell-evidence")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.clicked.connect(self._clicked)
        self.tree.activated.connect(self._clicked)
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._enable())
        self.status = label(name="inspector-cell-status")
        buttons = QHBoxLayout()
        self.prefer = QPushButton("Make &preferred")
        self.normal = QPushButton("Make &normal")
        self.deprecate = QPushButton("&Deprecate…")
        self.prefer.setToolTip("Show this claim's value instead of the normal ones")
        self.deprecate.setToolTip("Hide this claim's value, saying why (it stays in the case)")
        for button, rank in ((self.prefer, "preferred"), (self.normal, "normal"),
                             (self.deprecate, "deprecated")):
            button.setObjectName(f"rank-{rank}")
            button.clicked.connect(lambda _c=False, r=rank: self.ask_rank(r))
            buttons.addWidget(button)
        self.column.addWidget(self.tree, 1)
        self.column.addLayout(buttons)
        self.column.addWidget(self.status)
        self.evidence: CellEvidence | None = None

    def present(self, evidence: CellEvidence) -> None:
        self.evidence = evidence
        self.title.setText(f"{evidence.entity} · {evidence.property.label}")
        cell = evidence.cell
        if cell is None or cell.no_data:
            summary = "No data: no claim gives a value here yet."
            if cell is not None and cell.hidden:
                summary += f" ({cell.hidden} deprecated claim(s) below.)"
        else:
            summary = f"Shows: {' / '.join(cell.values)}\n" + "\n".join(
                BADGES[name][2] for name in BADGES if getattr(cell, name))
            summary += f"\n{cell.citations} citation(s), {cell.origins} independent origin(s)"
            if cell.single_origin and evidence.origin_labels:
                summary += f": {'; '.join(evidence.origin_labels)}"
        self.facts.setText(summary)
        self.model.set_evidence(evidence)
        self.tree.expandAll()
        if self.model.rowCount():
            self.tree.setCurrentIndex(self.model.index(0, 0))
        self.status.setText("")
        self._enable()

    def selected_claim(self) -> ClaimView | None:
        index = self.tree.currentIndex()
        return index.data(CLAIM_ROLE) if index.isValid() else None

    def select_claim(self, claim_id: int) -> None:
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if index.data(CLAIM_ROLE).id == claim_id:
                self.tree.setCurrentIndex(index)
                return

    def _enable(self) -> None:
        claim = self.selected_claim()
        self.prefer.setEnabled(claim is not None and claim.rank != "preferred")
        self.normal.setEnabled(claim is not None and claim.rank != "normal")
        self.deprecate.setEnabled(claim is not None and claim.rank != "deprecated")

    def ask_rank(self, rank: str, reason: str | None = None) -> None:
        """Rank the selected claim; deprecating asks why unless a reason is given."""
        claim = self.selected_claim()
        if claim is None:
            return
        if rank == "deprecated" and reason is None:
            reason, ok = QInputDialog.getText(
                self, "Deprecate claim",
                f"Why should “{claim.value}” no longer be shown?\n"
                "(e.g. “misreads the source”, “superseded by the company's statement”)",
                QLineEdit.EchoMode.Normal, "")
            if not ok:
                return
            if not reason.strip():
                self.status.setText("Not deprecated: a reason is needed.")
                return
        self.rank_requested.emit(claim.id, rank, reason or "")

    def _clicked(self, index) -> None:
        cite = index.data(CITATION_ROLE)
        if cite is not None:
            self.jump.emit(*words_of(cite))
