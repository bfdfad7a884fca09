"""One registry of actions (id, text, shortcut, handler) from which menus and toolbars are built."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    shortcut: QKeySequence.StandardKey | str | None = None
    tip: str = ""
    fallback: str = ""  # used where the platform defines no binding for a standard key
    checkable: bool = False


class ActionRegistry:
    def __init__(self, owner: QWidget):
        self._owner = owner
        self._actions: dict[str, QAction] = {}

    def add(self, spec: ActionSpec, handler: Callable[[], object]) -> QAction:
        action = self.adopt(spec, QAction(spec.text, self._owner))
        action.triggered.connect(handler)
        return action

    def adopt(self, spec: ActionSpec, action: QAction, keep_text: bool = False) -> QAction:
        """Register an action Qt made (a dock's show/hide toggle, Undo) under our id and
        shortcut; keep_text leaves the text Qt keeps up to date ("Undo Deprecate claim")."""
        if spec.id in self._actions:
            raise ValueError(f"action {spec.id!r} registered twice")
        if not keep_text:
            action.setText(spec.text)
        action.setObjectName(spec.id)
        keys = _bindings(spec)
        if keys:
            action.setShortcuts(keys)
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip)
        if spec.checkable:
            action.setCheckable(True)
        self._owner.addAction(action)
        self._actions[spec.id] = action
        return action

    def ids(self) -> list[str]:
        return list(self._actions)

    def __getitem__(self, action_id: str) -> QAction:
        return self._actions[action_id]


def _bindings(spec: ActionSpec) -> list[QKeySequence]:
    if isinstance(spec.shortcut, QKeySequence.StandardKey):
        keys = QKeySequence.keyBindings(spec.shortcut)
        if keys:
            return keys
    elif spec.shortcut:
        return [QKeySequence(spec.shortcut)]
    return [QKeySequence(spec.fallback)] if spec.fallback else []
