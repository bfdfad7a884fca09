"""Saving and restoring the main window's layout, sizes, list tab and last selection."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow

STATE_VERSION = 1  # bump when docks or toolbars are renamed, so an old layout is ignored


def case_key(path: Path | str) -> str:
    """A settings key for one case file: its resolved path, hashed (keys cannot hold slashes)."""
    return hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:16]


def save_layout(window: QMainWindow, settings: QSettings) -> None:
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState(STATE_VERSION))


def restore_layout(window: QMainWindow, settings: QSettings) -> bool:
    """Apply the saved geometry and dock layout; False when none is saved or it is unusable."""
    geometry, state = settings.value("window/geometry"), settings.value("window/state")
    restored = False
    if geometry is not None:
        restored = window.restoreGeometry(geometry)
    if state is not None:
        restored = window.restoreState(state, STATE_VERSION) and restored
    return restored


def save_selection(settings: QSettings, path: Path | str, selection: str | None) -> None:
    key = f"selection/{case_key(path)}"
    if selection:
        settings.setValue(key, selection)
    else:
        settings.remove(key)


def saved_selection(settings: QSettings, path: Path | str) -> tuple[str, str] | None:
    """The ("claim", uid) selected when this case was last closed, if any."""
    value = settings.value(f"selection/{case_key(path)}")
    if not isinstance(value, str) or ":" not in value:
        return None
    kind, uid = value.split(":", 1)
    return kind, uid


def save_json(settings: QSettings, key: str, value: object) -> None:
    settings.setValue(key, json.dumps(value))


def saved_json(settings: QSettings, key: str) -> object:
    """A value save_json() stored, or None when it is missing or damaged."""
    text = settings.value(key)
    try:
        return json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
