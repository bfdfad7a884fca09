"""The comparison badges drawn once as small pixmaps: a cell's citation count and its warnings,
shared by every cell with the same ones and by the legend."""

from __future__ import annotations

import math
from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QPainter, QPixmap

from desktop.domain.comparison import Cell

# badge: (symbol, colour, what the legend says)
BADGES = {
    "conflict": ("≠", "#b26a00", "Conflict: sources give two values that both still stand"),
    "single_origin": ("1", "#6a3fa0", "Single origin: all support traces back to one report"),
    "contradicted": ("✕", "#b3261e", "Contradicted: a cited source argues against the value"),
}
NO_DATA_TIP = "No data: no claim for this pair yet"
COUNT_TIP = "Citations of the value shown: supporting, contradicting and context"
_SIZE = 15  # px: a badge's height and a symbol's width


def _screen_scale() -> int:
    """Drawn at the screen's own density: crisp on a high-density screen, and never scaled
    while painting (a 2x pixmap on a 1x screen is resampled in every cell of every frame)."""
    app = QGuiApplication.instance()
    # The densest screen, rounded up: on a 1.25 or 1.5 screen a 2x badge is shrunk a little
    # (crisp) rather than a 1x one blown up (blurred).
    return max(1, math.ceil(app.devicePixelRatio())) if app is not None else 1


def cell_badges(cell: Cell) -> tuple[str, ...]:
    return tuple(name for name in BADGES if getattr(cell, name))


def cell_pixmap(cell: Cell) -> QPixmap | None:
    """The count and badges at a cell's right-hand end, or None for an empty cell."""
    if cell.no_data:
        return None
    return badges_pixmap(min(cell.citations, 999), cell_badges(cell))


def badges_pixmap(count: int | None, badges: tuple[str, ...]) -> QPixmap:
    """A count pill (None: none) followed by one rounded square per badge."""
    return _drawn(count, badges, _screen_scale())


@lru_cache(maxsize=1024)
def _drawn(count: int | None, badges: tuple[str, ...], scale: int) -> QPixmap:
    font = QFont()
    font.setPixelSize(int(_SIZE * 0.7) * scale)
    metrics = QFontMetricsF(font)
    count_text = "" if count is None else str(count)
    count_w = metrics.horizontalAdvance(count_text) / scale + 8 if count_text else 0
    width = count_w + len(badges) * (_SIZE + 2) + 2
    pixmap = QPixmap(int(width * scale), _SIZE * scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(scale, scale)
    x = 1.0
    if count_text:
        painter.setPen(QColor("#8a8f98"))
        painter.drawRoundedRect(QRectF(x, 1.5, count_w - 2, _SIZE - 3), 5, 5)
        painter.scale(1 / scale, 1 / scale)
        painter.setFont(font)
        painter.setPen(QColor("#5f6b7a"))
        painter.drawText(QRectF(x * scale, 0, (count_w - 2) * scale, _SIZE * scale),
                         Qt.AlignmentFlag.AlignCenter, count_text)
        painter.scale(scale, scale)
        x += count_w
    for name in badges:
        symbol, colour, _ = BADGES[name]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawRoundedRect(QRectF(x, 0.5, _SIZE - 1, _SIZE - 1), 3, 3)
        painter.scale(1 / scale, 1 / scale)
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("white"))
        painter.drawText(QRectF(x * scale, 0, (_SIZE - 1) * scale, _SIZE * scale),
                         Qt.AlignmentFlag.AlignCenter, symbol)
        painter.scale(scale, scale)
        x += _SIZE + 2
    painter.end()
    pixmap.setDevicePixelRatio(scale)
    return pixmap
