"""How the timeline pane draws beyond its marks: the axis and grid, density where events
outnumber pixels, and the guard that keeps its Qt handlers from raising. The marks themselves
are desktop.report.timeline_paint's, shared with the briefing's figure."""

from __future__ import annotations

import functools
import math
import sys
import traceback
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from desktop.domain.timeline import Viewport, ticks
from desktop.report.timeline_paint import GRID, INK, MUTED


def guarded(handler: Callable) -> Callable:
    """An exception escaping a Qt override crashes PySide 6.11: report it and carry on."""

    @functools.wraps(handler)
    def wrapper(self, event) -> None:
        try:
            handler(self, event)
        except Exception:
            traceback.print_exc(file=sys.stderr)

    return wrapper


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
