"""The comparison badges drawn once as small pixmaps: a cell's citation count and its warnings,
shared by every cell with the same ones and by the legend."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPixmap

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
_SCALE = 2  # drawn at twice the size so they stay crisp on high-density screens


def cell_badges(cell: Cell) -> tuple[str, ...]:
    return tuple(name for name in BADGES if getattr(cell, name))


def cell_pixmap(cell: Cell) -> QPixmap | None:
    """The count and badges at a cell's right-hand end, or None for an empty cell."""
    if cell.no_data:
        return None
    return badges_pixmap(min(cell.citations, 999), cell_badges(cell))


@lru_cache(maxsize=512)
def badges_pixmap(count: int | None, badges: tuple[str, ...]) -> QPixmap:
    """A count pill (None: none) followed by one rounded square per badge."""
    font = QFont()
    font.setPixelSize(int(_SIZE * 0.7) * _SCALE)
    metrics = QFontMetricsF(font)
    count_text = "" if count is None else str(count)
    count_w = metrics.horizontalAdvance(count_text) / _SCALE + 8 if count_text else 0
    width = count_w + len(badges) * (_SIZE + 2) + 2
    pixmap = QPixmap(int(width * _SCALE), _SIZE * _SCALE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(_SCALE, _SCALE)
    x = 1.0
    if count_text:
        painter.setPen(QColor("#8a8f98"))
        painter.drawRoundedRect(QRectF(x, 1.5, count_w - 2, _SIZE - 3), 5, 5)
        painter.scale(1 / _SCALE, 1 / _SCALE)
        painter.setFont(font)
        painter.setPen(QColor("#5f6b7a"))
        painter.drawText(QRectF(x * _SCALE, 0, (count_w - 2) * _SCALE, _SIZE * _SCALE),
                         Qt.AlignmentFlag.AlignCenter, count_text)
        painter.scale(_SCALE, _SCALE)
        x += count_w
    for name in badges:
        symbol, colour, _ = BADGES[name]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawRoundedRect(QRectF(x, 0.5, _SIZE - 1, _SIZE - 1), 3, 3)
        painter.scale(1 / _SCALE, 1 / _SCALE)
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("white"))
        painter.drawText(QRectF(x * _SCALE, 0, (_SIZE - 1) * _SCALE, _SIZE * _SCALE),
                         Qt.AlignmentFlag.AlignCenter, symbol)
        painter.scale(_SCALE, _SCALE)
        x += _SIZE + 2
    painter.end()
    pixmap.setDevicePixelRatio(_SCALE)
    return pixmap
