"""The window's editing of entities, events, claims and citations: the inspector (or Edit >
Edit Item, F2) asks, this opens the dialog and makes the change as one undoable edit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow

from desktop.storage import details, edits, lists
from desktop.ui import views
from desktop.ui.edit_dialogs import ClaimDialog, EditDialog, EntityDialog, EventDialog
from desktop.ui.inspector import Inspector
from desktop.ui.undo import EDIT_ERRORS, Edits

_CITATION_TABLE = {"claim": "citations", "event": "event_citations"}


class EditController(QObject):
    def __init__(self, window: QMainWindow, inspector: Inspector, edits_: Edits):
        super().__init__(window)
        self.window, self.inspector, self.edits = window, inspector, edits_
        self.db = edits_.session.db
        self.dialog: EditDialog | None = None  # the one open, for tests to drive
        inspector.review.connect(self.ask)

    def ask(self, kind: str, item_id: int, what: str) -> EditDialog | None:
        if what == "edit":
            return self.edit(kind, item_id)
        if what == "uncite":
            self.remove_citation(kind)
        elif what.startswith("stance:"):
            self.set_stance(kind, what.partition(":")[2])
        return None

    def edit_shown(self) -> EditDialog | None:
        """Edit > Edit Item (F2): the claim, event or entity the inspector shows."""
        shown = self.inspector.shown
        if shown is None or shown[0] not in ("claim", "event", "entity"):
            self.window.statusBar().showMessage(
                "Select a claim, event or entity to edit first.", 6000)
            return None
        return self.edit(*shown)  # type: ignore[arg-type]

    def edit(self, kind: str, item_id: int) -> EditDialog | None:
        opener = {"entity": self._entity, "event": self._event, "claim": self._claim}.get(kind)
        return opener(item_id) if opener else None

    def _entity(self, entity_id: int) -> EditDialog | None:
        found = details.entity_detail(self.db, entity_id)
        return found and self._open(EntityDialog(found, self.window), "Edit entity",
                                    edits.edit_entity, entity_id)

    def _event(self, event_id: int) -> EditDialog | None:
        found = details.event_detail(self.db, event_id)
        return found and self._open(EventDialog(found, self.window), "Edit event",
                                    edits.edit_event, event_id)

    def _claim(self, claim_id: int) -> EditDialog | None:
        found = edits.claim_fields(self.db, claim_id)
        return found and self._open(ClaimDialog(found, lists.entities(self.db), self.window),
                                    "Edit claim", edits.edit_claim, claim_id)

    def _open(self, dialog: EditDialog, text: str, fn, item_id: int) -> EditDialog:
        self.dialog = dialog
        dialog.requested.connect(lambda values: self._save(dialog, text, fn, item_id, values))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _save(self, dialog: EditDialog, text: str, fn, item_id: int,
              values: dict[str, Any]) -> None:
        """Make the edit; on refusal the dialog stays open with what was typed, saying why."""
        try:
            self.edits.perform(text, fn, item_id, **values)
        except EDIT_ERRORS as exc:
            dialog.show_problem(f"Not saved: {exc}.")
            return
        self.window.statusBar().showMessage(f"{text}: saved (Undo with Ctrl+Z).", 6000)
        dialog.accept()

    def set_stance(self, kind: str, stance: str) -> bool:
        cite = self._selected_citation(kind)
        return cite is not None and self.edits.attempt(
            "Change stance", edits.set_stance, cite.citation_id, stance, _CITATION_TABLE[kind])

    def remove_citation(self, kind: str, confirm: bool = True) -> bool:
        """Take the selected citation away, after asking (Undo brings it back)."""
        cite = self._selected_citation(kind)
        if cite is None:
            return False
        if confirm:
            words = cite.exact if len(cite.exact) <= 200 else cite.exact[:199] + "…"
            if not views.confirm(self.window, "Remove citation",
                                 f"Stop citing “{words}” ({cite.source_title})?\n\nThe words "
                                 "stay, with any note or other citation on them. Undo "
                                 "(Ctrl+Z) brings the citation back."):
                return False
        return self.edits.attempt("Remove citation", edits.remove_citation, cite.citation_id,
                             _CITATION_TABLE[kind])

    def _selected_citation(self, kind: str):
        page = self.inspector.pages.get(kind)
        cite = page.selected_citation() if page is not None and kind in _CITATION_TABLE \
            else None
        if cite is None or cite.citation_id is None:
            self.window.statusBar().showMessage("Select a citation first.", 6000)
            return None
        return cite
