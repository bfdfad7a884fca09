"""The reading pane: a header naming the shown source, its grade and lineage, over its text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget
from sqlite_utils import Database

from desktop.domain.dates import describe_range
from desktop.storage import details
from desktop.storage.details import SourceDetail
from desktop.ui.inspector_pages import grade_words, label
from desktop.ui.reading_view import ReadingView


class ReadingPane(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reading-pane")
        self._db = db
        self.view = ReadingView(db)
        self.title = label(bold=True, name="reading-title")
        self.position = label(name="reading-position")
        self.position.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.position.setWordWrap(False)
        self.meta = label(name="reading-meta")
        # Long headlines and addresses wrap or clip; they must never widen the window.
        for widget in (self.title, self.meta):
            widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.position)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 2)
        column.addLayout(top)
        column.addWidget(self.meta)
        column.addWidget(self.view, 1)
        self._detail: SourceDetail | None = None
        self.view.position_changed.connect(self._position_changed)
        self.forget()

    def _position_changed(self, text: str) -> None:
        if self._detail is None or self._detail.id != self.view.source_id:
            self.update_header()
        self.position.setText(text)

    def forget(self) -> None:
        """The source's details changed (or none is shown): read them again when next needed."""
        self._detail = None
        self.update_header()

    def update_header(self) -> None:
        source = self.view.source_id
        if source is None:
            self.title.setText("No source selected")
            self.meta.setText("")
            self.position.setText("")
            return
        if self._detail is None or self._detail.id != source:  # once per source, not per step
            self._detail = details.source_detail(self._db, source)
        detail = self._detail
        if detail is None:
            return
        self.title.setText(detail.title)
        self.meta.setText(header_text(detail))
        self.position.setText(self.view.position_text())


def header_text(detail: SourceDetail) -> str:
    """The lines under a source's title: who, when (as written and as resolved), where, grade."""
    who = " · ".join(part for part in (detail.publisher, detail.author and f"by {detail.author}")
                     if part)
    when = "Date not known"
    if detail.published:
        when = (f"Published {detail.published} "
                f"({describe_range(detail.published_lower, detail.published_upper)})")
    grade = grade_words(detail.reliability)
    lines = [" · ".join(part for part in (who, when, grade and f"Grade {grade}") if part)]
    if detail.url:
        lines.append(detail.url)  # as text: the viewer never follows or fetches it
    lines.extend(f"{link.relation}: {link.label}" for link in detail.derives_from)
    revised = []
    if detail.versions > 1:
        revised.append(f"Text version {detail.versions} (earlier versions kept)")
    if detail.needs_review:
        revised.append(f"{detail.needs_review} excerpt(s) need review (Ctrl+Shift+R)")
    if revised:
        lines.append(" · ".join(revised))
    return "\n".join(lines)
