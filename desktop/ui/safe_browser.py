"""A QTextBrowser for HTML we rendered ourselves: it never follows links or loads resources."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.report.markup import render_markdown


class SafeBrowser(QTextBrowser):
    """Shows allowlisted HTML; clicking a link does nothing but copyable text stays selectable."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.refused: list[str] = []  # names Qt asked for and was denied, for tests and logs
        self.images: dict[str, bytes] = {}  # the only names answered: images we drew ourselves

    def set_markdown(self, text: str) -> None:
        """Render user Markdown through markdown + nh3; never Qt's own Markdown or HTML reader."""
        self.setHtml(render_markdown(text))

    def loadResource(self, kind: int, name: QUrl) -> QByteArray:
        # Qt's rich text engine would read any local file an <img> or stylesheet names
        # (/dev/zero hangs it). Every name but those of our own images is refused. The answer
        # must be an empty value, not None: given nothing, QTextDocument opens the file itself.
        try:
            text = QUrl(name).toString()
            found = self.images.get(text)
            if found is None:
                self.refused.append(text)
        except Exception:  # an override must not raise: PySide 6.11 would abort
            found = None
        return QByteArray(found) if found else QByteArray()
