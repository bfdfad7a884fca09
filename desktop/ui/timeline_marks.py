"""How the timeline draws: the axis and grid, one mark (a dot, a diamond, a bar, an approximate
reach), density where events outnumber pixels, the colours, and the guard that keeps its Qt
handlers from raising."""

from __future__ import annotations

import functools
import math
import sys
import traceback
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QLinearGradient, QPainter, QPainterPath, QPen

from desktop.domain.timeline import Mark, Viewport, ticks

INK = QColor("#1f2933")
MUTED = QColor("#7b8794")
GRID = QColor("#e4e7eb")
EVENT = QColor("#2f6fb0")
SOURCE = QColor("#6b4fa3")
DISPUTED = QColor("#c0392b")
SELECTED = QColor("#111111")


def guarded(handler: Callable) -> Callable:
    """An exception escaping a Qt override crashes PySide 6.11: report it and carry on."""

    @functools.wraps(handler)
    def wrapper(self, event) -> None:
        try:
            handler(self, event)
        except Exception:
            traceback.print_exc(file=sys.stderr)

    return wrapper


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


def draw_density(painter: QPainter, counts: list[int], left: float, top: float, bin_px: float,
                 height: float, colour: QColor) -> None:
    """More events than pixels: a histogram per bin (log scale, so one event still shows)."""
    peak = max(counts, default=0) or 1
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(Qt.PenStyle.NoPen)
    fill = QColor(colour)
    fill.setAlpha(170)
    painter.setBrush(fill)
    scale = height / math.log1p(peak)
    painter.drawRects([
        QRectF(left + i * bin_px, top + height - h + 2, bin_px - 0.5, h)
        for i, h in ((i, max(1.5, math.log1p(n) * scale)) for i, n in enumerate(counts) if n)
    ])
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(MUTED)
    painter.drawText(QPointF(left + 4, top + height + 10),
                     f"{peak:,} at most per {bin_px:g} px: zoom in or filter to see each")


def draw_grid(painter: QPainter, rect: QRectF, vp: Viewport, left: float, axis: float) -> None:
    """The axis band with its tick labels, and a line down the lanes at each tick."""
    painter.fillRect(QRectF(0, 0, rect.width(), axis), QColor("#f5f7fa"))
    for tick in ticks(vp.start, vp.end, vp.px_per_day):
        x = left + vp.x(tick.day)
        if x < left:
            continue
        painter.setPen(QPen(MUTED if tick.major else GRID, 1))
        painter.drawLine(QPointF(x, axis - (10 if tick.major else 5)), QPointF(x, rect.bottom()))
        painter.setPen(INK if tick.major else MUTED)
        painter.drawText(QPointF(x + 3, axis - 12), tick.label)
