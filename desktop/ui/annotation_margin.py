"""The reading view's left margin: a marker beside each line where a reviewer's note starts;
clicking one opens that note's thread (a line with several notes shows how many, and each
click opens the next)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

from desktop.ui.highlight_layer import ANNOTATION_COLOUR

WIDTH = 16
_ROW = 6  # pixels: marks whose lines start this close together share one marker


class AnnotationMargin(QWidget):
    clicked = Signal(int)  # the annotation id of the marker clicked

    def __init__(self, parent: QWidget, top_of: Callable[[int], int | None],
                 visible: Callable[[], tuple[int, int]]):
        super().__init__(parent)
        self.setObjectName("annotation-margin")
        self._top_of = top_of  # UTF-16 position -> y in the viewport, None if not laid out
        self._visible = visible  # the first and last UTF-16 positions on screen
        self.marks: list[tuple[int, int]] = []  # (annotation id, UTF-16 start), by start
        self._starts: list[int] = []
        self._turn: dict[tuple[int, ...], int] = {}  # a shared marker's notes -> next to open
        self.setToolTip("A reviewer's note starts on this line: click to open it")
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        return QSize(WIDTH, 0)

    def set_marks(self, marks: list[tuple[int, int]]) -> None:
        self.marks = sorted(marks, key=lambda mark: (mark[1], mark[0]))
        self._starts = [start for _note, start in self.marks]
        self._turn.clear()
        self.update()

    def placed(self) -> list[tuple[tuple[int, ...], QRect]]:
        """Each marker on screen: (the ids of the notes starting on its line, its rectangle).
        Only the marks on screen are looked at, so thousands of notes cost nothing here."""
        first, last = self._visible()
        low, high = bisect_left(self._starts, first), bisect_right(self._starts, last)
        rows: dict[int, tuple[list[int], int]] = {}
        height = self.height()
        for annotation, start in self.marks[low:high]:
            top = self._top_of(start)
            if top is None or top < -20 or top > height:
                continue
            notes, _top = rows.setdefault(top // _ROW, ([], top))
            notes.append(annotation)
        return [(tuple(notes), QRect(2, top + 2, WIDTH - 4, 14))
                for notes, top in rows.values()]

    def paintEvent(self, event) -> None:
        try:
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            font = QFont(self.font())
            font.setPixelSize(10)
            font.setBold(True)
            painter.setFont(font)
            for notes, rect in self.placed():
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(ANNOTATION_COLOUR))
                painter.drawRoundedRect(rect, 3, 3)
                if len(notes) > 1:  # several notes start on this line: say how many
                    painter.setPen(QColor("white"))
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter,
                                     str(len(notes)) if len(notes) < 10 else "+")
            painter.end()
        except Exception:  # a Qt override must never raise (PySide 6.11 aborts)
            return

    def mouseReleaseEvent(self, event) -> None:
        try:
            point = event.position().toPoint()
            for notes, rect in self.placed():
                if rect.adjusted(-2, -2, 2, 2).contains(point):
                    turn = self._turn.get(notes, 0)
                    self._turn[notes] = (turn + 1) % len(notes)  # the next click, the next
                    self.clicked.emit(notes[turn])
                    return
        except Exception:  # a Qt override must never raise
            return
