"""The window's grading and history work: the inspector asks, this opens the dialog and makes
the change through the undoable edits."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMainWindow

from desktop.storage import claim_views, details, grades, history, lists
from desktop.ui.grade_dialogs import (
    CredibilityDialog,
    HistoryDialog,
    ReliabilityDialog,
    StatusDialog,
)
from desktop.ui.inspector import Inspector
from desktop.ui.undo import Edits

_TABLES = {"claim": "claims", "event": "events", "source": "sources", "entity": "entities"}


class ReviewController(QObject):
    def __init__(self, window: QMainWindow, inspector: Inspector, edits: Edits):
        super().__init__(window)
        self.window, self.inspector, self.edits = window, inspector, edits
        self.db = edits.session.db
        self.dialog: QDialog | None = None  # the one open, for tests to drive
        inspector.review.connect(self.ask)

    def ask(self, kind: str, item_id: int, what: str) -> QDialog | None:
        handler = {"grade": self._grade_source, "status": self._claim_status,
                   "credibility": self._credibility, "history": self._history}.get(what)
        return handler(kind, item_id) if handler else None

    def _open(self, dialog: QDialog, on_accept) -> QDialog:
        self.dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _grade_source(self, _kind: str, source_id: int) -> QDialog | None:
        source = details.source_detail(self.db, source_id)
        if source is None:
            return None
        dialog = ReliabilityDialog(source.reliability, source.reliability_note, self.window)
        return self._open(dialog, lambda: self.edits.attempt(
            "Grade source", grades.set_reliability, source_id, *dialog.values()))

    def _claim_status(self, _kind: str, claim_id: int) -> QDialog | None:
        claim = claim_views.claim_view(self.db, claim_id)
        if claim is None:
            return None
        dialog = StatusDialog(claim.status, claim.likelihood, claim.confidence, self.window)
        return self._open(dialog, lambda: self.edits.attempt(
            "Set claim status", grades.set_claim_status, claim_id, *dialog.values()))

    def _credibility(self, kind: str, _item_id: int) -> QDialog | None:
        """A claim's or an event's selected citation."""
        table = {"claim": "citations", "event": "event_citations"}.get(kind)
        cite = self.inspector.pages[kind].selected_citation() if table else None
        if cite is None or cite.citation_id is None:
            self.window.statusBar().showMessage("Select a citation to grade first.", 6000)
            return None
        dialog = CredibilityDialog(cite.credibility, self.window)
        return self._open(dialog, lambda: self.edits.attempt(
            "Grade citation", grades.set_credibility, cite.citation_id, dialog.value(), table))

    def _history(self, kind: str, item_id: int) -> QDialog | None:
        table = _TABLES.get(kind)
        uid = lists.uid_for_id(self.db, kind, item_id) if table else None
        if uid is None:
            return None
        title = self.inspector.currentWidget().title.text()
        dialog = HistoryDialog(title, history.history(self.db, table, uid), self.window)
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog
