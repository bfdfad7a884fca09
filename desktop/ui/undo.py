"""Undoable edits: each user action runs once through the session, and its logged rows are what
Undo reverts and Redo re-applies (storage/undo), so every command undoes the same way."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QDialog, QMessageBox, QUndoView, QVBoxLayout, QWidget

from desktop.itemmodels.session import CaseSession
from desktop.storage import undo
from desktop.storage.changes import Change
from desktop.storage.errors import CaseError

# What a refused edit raises: storage's checks, a case that cannot be written, SQLite itself.
EDIT_ERRORS = (ValueError, CaseError, sqlite3.Error)


class LoggedCommand(QUndoCommand):
    """One logged action on the undo stack; it was done before it was pushed."""

    def __init__(self, edits: Edits, text: str, batch: str):
        super().__init__(text)
        self._edits, self._batch = edits, batch
        self._done = True  # push() calls redo(): the action has already run

    def redo(self) -> None:
        if self._done:
            return
        self._done = self._edits.replay(f"Redo: {self.text()}", undo.reapply, self._batch, self)

    def undo(self) -> None:
        self._done = not self._edits.replay(f"Undo: {self.text()}", undo.revert, self._batch,
                                            self)


class Edits(QObject):
    """The window's undo stack and the one way edits are made: perform()."""

    failed = Signal(str)  # an undo or redo that could not be made, said in words
    # Before Edit > Undo or Redo steps the stack: an editor saving as the user pauses saves
    # now, so the undo takes back that typing instead of the autosave repeating it after.
    about_to_step = Signal()

    def __init__(self, session: CaseSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(500)
        if parent is not None:
            self.failed.connect(lambda why: tell(parent, why))

    def perform(self, text: str, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        """Run a storage function as one undoable action; its errors reach the caller and
        leave the case and the stack as they were."""
        result, change, batch = self.session.apply_logged(text, fn, *args, **kwargs)
        self.push_done(text, change, batch)
        return result

    def attempt(self, text: str, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> bool:
        """perform(), saying in the window's status bar that it was done (and how to undo
        it) or why nothing changed."""
        status = getattr(self.parent(), "statusBar", None)
        try:
            self.perform(text, fn, *args, **kwargs)
        except EDIT_ERRORS as exc:
            if callable(status):
                status().showMessage(f"Nothing changed: {exc}.", 8000)
            return False
        if callable(status):
            status().showMessage(f"{text}: done (Undo with Ctrl+Z).", 6000)
        return True

    def push_done(self, text: str, change: Change, batch: str) -> None:
        """Put an action already made elsewhere (an import's worker thread) on the stack."""
        if change.tables and undo.undoable(change.tables):
            self.stack.push(LoggedCommand(self, text, batch))

    def replay(self, action: str, fn: Callable[..., Any], batch: str,
               command: QUndoCommand) -> bool:
        """Undo or redo; on failure the command leaves the stack and the reason is told.
        Called from Qt's undo and redo overrides, which must never raise."""
        try:
            self.session.apply(action, fn, batch)
        except Exception as exc:  # a Qt override must report, never raise
            # UndoConflict (its rows have moved on), a busy case, a closed one: the stack
            # drops the command and the case is as it was (the transaction rolled back).
            command.setObsolete(True)
            verb = action.split(":")[0].lower()
            self.failed.emit(f"Could not {verb} “{command.text()}”: {exc}")
            return False
        return True

    def clear(self) -> None:
        self.stack.clear()

    def step_action(self, parent: QObject, redo: bool, text: str) -> QAction:
        """Qt's own Undo or Redo action (it names what it undoes and follows the stack), its
        trigger routed through about_to_step."""
        action = (self.stack.createRedoAction if redo else self.stack.createUndoAction)(
            parent, text)
        action.triggered.disconnect()  # Qt's one connection: straight to the stack
        step = self.stack.redo if redo else self.stack.undo
        action.triggered.connect(lambda _checked=False: self._step(step))
        return action

    def _step(self, step: Callable[[], None]) -> None:
        self.about_to_step.emit()
        step()


def tell(window: QWidget, why: str) -> None:
    """An undo that could not be made, said where the user looks: status bar and a message."""
    status = getattr(window, "statusBar", None)
    if callable(status):
        status().showMessage(why, 10000)
    box = QMessageBox(QMessageBox.Icon.Warning, "Undo", why, parent=window)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()  # not exec(): an undo pressed from a shortcut must not block the window


def show_undo_history(edits: Edits, parent: QWidget) -> QDialog:
    """Edit > Undo History: every action of this session; clicking one goes back to it."""
    dialog = QDialog(parent)
    dialog.setObjectName("undo-history")
    dialog.setWindowTitle("Undo History")
    view = QUndoView(edits.stack)
    view.setEmptyLabel("(the case as opened)")
    layout = QVBoxLayout(dialog)
    layout.addWidget(view)
    dialog.resize(420, 360)
    dialog.finished.connect(dialog.deleteLater)
    dialog.show()
    return dialog
