"""What a drag onto the window carries that we can import: local files, never remote URLs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData


def local_files(mime: QMimeData | None) -> list[Path]:
    """The local file paths in a drag, in order; links to the web are ignored, never fetched."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
