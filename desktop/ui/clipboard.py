"""Putting a table on the clipboard as text and HTML, and leaving it safely when Qt shuts down.

Mime data made in Python and handed to the clipboard is deleted by Qt's platform clipboard as
the application is torn down, after PySide has begun dismantling its wrappers: the process
then ends with a segmentation fault. Before quitting, the clipboard's text is kept in a copy
that Qt made itself (only the HTML flavour is dropped).
"""

from __future__ import annotations

import atexit

from PySide6.QtCore import QByteArray, QMimeData
from PySide6.QtGui import QGuiApplication

# Marks mime data we made, so that only ours is ever swapped: what another program or widget
# copied since is left alone.
MARK = "application/x-casefile-table"
_hooked = {"done": False}


def put(text: str, html: str) -> None:
    app = QGuiApplication.instance()
    if app is None:
        return
    mime = QMimeData()
    mime.setText(text)
    mime.setHtml(html)
    mime.setData(MARK, QByteArray(b"1"))
    app.clipboard().setMimeData(mime)
    if not _hooked["done"]:
        app.aboutToQuit.connect(release)
        atexit.register(release)  # an exit that never returns from exec() too
        _hooked["done"] = True


def release() -> None:
    """Swap our mime data, if the clipboard still holds it, for a plain-text copy Qt owns."""
    app = QGuiApplication.instance()
    if app is None:
        return
    clipboard = app.clipboard()
    held = clipboard.mimeData()
    if held is None or not held.hasFormat(MARK):
        return
    text = held.text()
    clipboard.clear()
    if text:
        clipboard.setText(text)
