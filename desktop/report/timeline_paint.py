"""How a dated mark is drawn, on screen and on paper alike: a dot for a day, a diamond for a
publication, a bar for a span (pale if approximate, hatched if uncertain, fading towards an open
end), the faint reach of "about", and the colours that say which is which."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QLinearGradient, QPainter, QPainterPath, QPen

from desktop.domain.timeline import Mark

INK = QColor("#1f2933")
MUTED = QColor("#7b8794")
GRID = QColor("#e4e7eb")
EVENT = QColor("#2f6fb0")
SOURCE = QColor("#6b4fa3")
DISPUTED = QColor("#c0392b")
SELECTED = QColor("#111111")


def draw_point(painter: QPainter, mark: Mark, x: float, y: float, r: float, outline: QPen,
               colour: QColor) -> QRectF:
    """A day: a dot for an event, a diamond for a publication."""
    painter.setPen(outline)
    painter.setBrush(colour)
    if mark.key[0] == "source":
        path = QPainterPath()
        path.moveTo(x, y - r - 1)
        path.lineTo(x + r + 1, y)
        path.lineTo(x, y + r + 1)
        path.lineTo(x - r - 1, y)
        path.closeSubpath()
        painter.drawPath(path)
    else:
        painter.drawEllipse(QPointF(x, y), r, r)
    return QRectF(x - r, y - r, 2 * r, 2 * r)


def draw_bar(painter: QPainter, mark: Mark, body: QRectF, outline: QPen,
             colour: QColor) -> None:
    """A span: lighter if approximate, fading out towards an open end, hatched if uncertain."""
    fill = QColor(colour)
    if mark.approximate:
        fill.setAlpha(min(fill.alpha(), 120))
    if mark.open_start or mark.open_end:
        fade = QLinearGradient(body.left(), 0, body.right(), 0)
        clear = QColor(fill)
        clear.setAlpha(0)
        fade.setColorAt(0.0, clear if mark.open_start else fill)
        fade.setColorAt(1.0, clear if mark.open_end else fill)
        painter.setBrush(QBrush(fade))
    else:
        painter.setBrush(fill)
    painter.setPen(outline)
    painter.drawRect(body)
    if mark.uncertain:
        painter.setBrush(QBrush(QColor("white"), Qt.BrushStyle.BDiagPattern))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRect(body)


def draw_reach(painter: QPainter, x0: float, x1: float, y: float, thick: float,
               colour: QColor) -> None:
    """How far "about" may reach around an approximate date: a faint band."""
    faded = QColor(colour)
    faded.setAlpha(45)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(faded)
    painter.drawRect(QRectF(x0, y - thick / 2, x1 - x0, thick))


def draw_mark(painter: QPainter, mark: Mark, x_of: Callable[[float], float], x0: float,
              x1: float, y: float, thick: float, colour: QColor, outline: QPen) -> QRectF:
    """A mark centred on y between x0 and x1 (a point at their middle): the reach of "about"
    around it, its body, and, where sources give different dates, each of those dates as a red
    rule beneath. Returns the body's rectangle."""
    if mark.outer_start < mark.start or mark.outer_end > mark.end:
        draw_reach(painter, x_of(mark.outer_start), x_of(mark.outer_end), y, thick, colour)
    if mark.point:
        body = draw_point(painter, mark, (x0 + x1) / 2, y, thick / 2 + 0.5, outline, colour)
    else:
        body = QRectF(x0, y - thick / 2, max(2.0, x1 - x0), thick)
        draw_bar(painter, mark, body, outline, colour)
    if mark.disputed:
        painter.setPen(QPen(DISPUTED, 2))
        for lo, hi in mark.given:
            left, right = x_of(lo), x_of(hi)
            painter.drawLine(QPointF(left, y + thick / 2 + 2.5),
                             QPointF(max(right, left + 3), y + thick / 2 + 2.5))
    return body
