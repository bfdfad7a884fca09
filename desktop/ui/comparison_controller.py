"""The window's comparison work: showing a cell's evidence, opening its words, ranking claims,
citing selected words as a value, and exporting the table; every edit is undoable."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMainWindow

from desktop.domain.vocab import KIND_LABELS
from desktop.storage import claims, comparison, lists
from desktop.storage.casefile import export_target
from desktop.storage.cited_values import cite_as_value
from desktop.storage.comparison_csv import write_comparison_csv
from desktop.storage.errors import CaseError
from desktop.storage.sources import SourceText, current_text
from desktop.ui import views
from desktop.ui.cite_value_dialog import CiteRequest, CiteValueDialog
from desktop.ui.comparison_pane import ComparisonPane
from desktop.ui.inspector import Inspector
from desktop.ui.inspector_pages import words_of
from desktop.ui.reading_view import ReadingView
from desktop.ui.undo import EDIT_ERRORS, Edits

RANK_WORDS = {"preferred": "Make claim preferred", "normal": "Make claim normal",
              "deprecated": "Deprecate claim"}


class ComparisonController(QObject):
    def __init__(self, window: QMainWindow, pane: ComparisonPane, inspector: Inspector,
                 reading: ReadingView, edits: Edits):
        super().__init__(window)
        self.window, self.pane, self.inspector = window, pane, inspector
        self.reading, self.edits = reading, edits
        self.db = edits.session.db
        pane.cell_chosen.connect(self.show_cell)
        pane.open_words.connect(self.open_words)
        pane.export_requested.connect(self.choose_export)
        inspector.rank_requested.connect(self.rank)

    def _say(self, text: str, ms: int = 6000) -> None:
        self.window.statusBar().showMessage(text, ms)

    def show_cell(self, key: tuple[int, int] | None) -> None:
        if key is not None:
            self.inspector.show_cell(*key)

    def open_words(self, key: tuple[int, int]) -> None:
        """The reading view at the first placed words behind the cell's shown value."""
        evidence = comparison.cell_evidence(self.db, *key)
        if evidence is None:
            return
        self.inspector.show_cell(*key)
        cites = [c for claim in evidence.claims if evidence.shown(claim) for c in claim.citations]
        placed = [c for c in cites if c.anchor != "orphan"] or cites
        if not placed:
            self._say("No words are cited for this cell yet.")
            return
        self.reading.show_words(*words_of(placed[0]))
        if len(cites) > 1:
            self._say(f"Showing the first of {len(cites)} citations; pick another in the "
                      "inspector.", 8000)

    def rank(self, claim_id: int, rank: str, reason: str) -> bool:
        try:
            self.edits.perform(RANK_WORDS[rank], claims.set_rank, claim_id, rank, reason or None)
        except EDIT_ERRORS as exc:
            self._say(f"Nothing changed: {exc}.", 8000)
            return False
        self._say(f"{RANK_WORDS[rank]}: done (Undo with Ctrl+Z).")
        return True

    def cite_selection(self) -> CiteValueDialog | None:
        """Ask for (entity, property, value, stance) for the selected words; the dialog stays
        open, saying why, until the citation is made or the user cancels."""
        span = self.reading.selected_span()
        source_id = self.reading.source_id
        text = current_text(self.db, source_id) if source_id is not None else None
        if span is None or text is None:
            self._say("Select the words to cite in the reading view first.")
            return None
        preset = self.pane.model.key_at(self.pane.table.currentIndex())
        dialog = CiteValueDialog(self.db, text.text[span[0]:span[1]], preset, self.window)
        dialog.requested.connect(
            lambda request: self._cite(dialog, source_id, span, request, text))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _cite(self, dialog: CiteValueDialog, source_id: int, span: tuple[int, int],
              request: CiteRequest, text: SourceText) -> None:
        try:
            self.edits.perform(
                "Cite as value", cite_as_value, source_id, *span, request.entity_id,
                request.property_id, request.value, value_entity_id=request.value_entity_id,
                stance=request.stance, text_sha256=text.text_sha256)
        except EDIT_ERRORS as exc:
            dialog.show_problem(f"Nothing was cited: {exc}.")
            return
        dialog.accept()
        kind = lists.entity_kind(self.db, request.entity_id)
        if kind != self.pane.current_kind():
            self._say(f"Cited (Undo with Ctrl+Z); choose Rows: {KIND_LABELS.get(kind, kind)} "
                      "in the comparison table to see it.", 10000)
            return
        self.pane.show_key((request.entity_id, request.property_id))
        self._say("Cited (Undo with Ctrl+Z).")

    def choose_export(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self.window, "Export comparison", str(Path.home() / "comparison.csv"),
            "CSV files (*.csv)")
        if name:
            self.export(Path(name))

    def export(self, path: Path) -> bool:
        """The table as shown (rows, columns, their order) with its footnotes."""
        self.pane.catch_up_now()
        if not self.pane.ready():
            views.warn(self.window, "Export comparison",
                                    "The table is still being computed; export it once it is "
                                    "shown.")
            return False
        model = self.pane.model
        try:
            target = export_target(self.edits.session.case, path)
            rows = write_comparison_csv(
                self.db, target, kind=self.pane.current_kind(), entity_ids=model.entities(),
                property_ids=model.columns(), with_data_only=False)
        except CaseError as exc:
            views.warn(self.window, "Export comparison", str(exc))
            return False
        except (OSError, ValueError, sqlite3.Error) as exc:
            views.warn(self.window, "Export comparison",
                                f"Could not write {path}: {exc}")
            return False
        self._say(f"Wrote {rows:,} rows to {path}.")
        return True
