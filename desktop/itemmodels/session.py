"""The open case as Qt sees it: every edit goes through apply(), which announces the change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.storage.casefile import Case
from desktop.storage.changes import Change, Writer, write


class CaseSession(QObject):
    """Owns the Case for the window's lifetime; views refresh from `changed`, never each other."""

    changed = Signal(object)  # a storage.changes.Change

    def __init__(self, case: Case, parent: QObject | None = None):
        super().__init__(parent)
        self.case = case

    @property
    def db(self):
        return self.case.db

    def apply(self, action: str, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        """Run one storage function as one transaction named action; emit what it changed."""
        return self.apply_logged(action, fn, *args, **kwargs)[0]

    def apply_logged(self, action: str, fn: Callable[..., Any], /, *args: Any,
                     **kwargs: Any) -> tuple[Any, Change, str]:
        """apply(), also returning what changed and the change log's batch id."""
        with write(self.case, action) as writer:
            result = fn(writer, *args, **kwargs)
        self._announce(writer)
        return result, writer.change, writer.batch

    def _announce(self, writer: Writer) -> None:
        self.announce(writer.change)

    def announce(self, change: Change) -> None:
        """Tell the views about a change another connection committed (an import worker's)."""
        if change.tables:
            self.changed.emit(change)

    def close(self) -> None:
        self.case.close()
