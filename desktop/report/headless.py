"""A QGuiApplication for work without a window (the command line's PDF export): fonts and text
layout need one, and the offscreen platform needs no display."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtGui import QGuiApplication


@contextmanager
def gui_application() -> Iterator[QGuiApplication]:
    """The running application, or one made for the block on the offscreen platform."""
    existing = QGuiApplication.instance()
    if existing is not None:
        yield existing  # type: ignore[misc]
        return
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display on a server or in CI
    app = QGuiApplication(["casefile"])
    try:
        yield app
    finally:
        app.processEvents()  # deleteLater()s posted by the export run before Qt goes
