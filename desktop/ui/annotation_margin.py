"""The reading view's left margin: a marker beside each line where a reviewer's note starts;
clicking one opens that note's thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from desktop.ui.highlight_layer import ANNOTATION_COLOUR

WIDTH = 16


class AnnotationMargin(QWidget):
    clicked = Signal(int)  # the annotation id of the marker clicked

    def __init__(self, parent: QWidget, top_of: Callable[[int], int | None]):
        super().__init__(parent)
        self.setObjectName("annotation-margin")
        self._top_of = top_of  # UTF-16 position -> y in the viewport, None if not laid out
        self.marks: list[tuple[int, int]] = []  # (annotation id, UTF-16 start)
        self.setToolTip("A reviewer's note starts on this line: click to open it")
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        return QSize(WIDTH, 0)

    def set_marks(self, marks: list[tuple[int, int]]) -> None:
        self.marks = marks
        self.update()

    def placed(self) -> list[tuple[int, QRect]]:
        """Each marker on screen: (annotation id, its rectangle)."""
        found, seen_rows = [], set()
        height = self.height()
        for annotation, start in self.marks:
            top = self._top_of(start)
            if top is None or top < -20 or top > height:
                continue
            row = top // 6  # notes on the same line share one marker
            if row in seen_rows:
                continue
            seen_rows.add(row)
            found.append((annotation, QRect(3, top + 3, WIDTH - 6, 12)))
        return found

    def paintEvent(self, event) -> None:
        try:
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(ANNOTATION_COLOUR))
            for _annotation, rect in self.placed():
                painter.drawRoundedRect(rect, 3, 3)
            painter.end()
        except Exception:  # a Qt override must never raise (PySide 6.11 aborts)
            return

    def mouseReleaseEvent(self, event) -> None:
        try:
            point = event.position().toPoint()
            for annotation, rect in self.placed():
                if rect.adjusted(-3, -3, 3, 3).contains(point):
                    self.clicked.emit(annotation)
                    return
        except Exception:  # a Qt override must never raise
            return
