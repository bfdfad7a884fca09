"""Putting a table on the clipboard as text and HTML, and leaving it safely when Qt shuts down.

Mime data made in Python and handed to the clipboard is deleted by Qt's platform clipboard as
the application is torn down, after PySide has begun dismantling its wrappers: the process
then ends with a segmentation fault. Before quitting, the clipboard's text is kept in a copy
that Qt made itself (only the HTML flavour is dropped).
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

_state = {"ours": False, "hooked": False}


def put(text: str, html: str) -> None:
    mime = QMimeData()
    mime.setText(text)
    mime.setHtml(html)
    app = QGuiApplication.instance()
    if app is None:
        return
    app.clipboard().setMimeData(mime)
    _state["ours"] = True
    if not _state["hooked"]:
        app.aboutToQuit.connect(release)
        _state["hooked"] = True


def release() -> None:
    """Swap our mime data for a plain-text copy Qt owns; call before the application ends."""
    app = QGuiApplication.instance()
    if app is None or not _state["ours"]:
        return
    clipboard = app.clipboard()
    text = clipboard.text()
    clipboard.clear()
    if text:
        clipboard.setText(text)
    _state["ours"] = False
