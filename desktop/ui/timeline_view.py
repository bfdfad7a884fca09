"""The timeline canvas: lanes of dated marks on a zoomable axis, painted directly (no item per
event), with density bars where events outnumber pixels."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QImage,
    QPainter,
    QPen,
    QStaticText,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from desktop.domain.timeline import Lane, Mark, Placed, Viewport, pack
from desktop.report.timeline_paint import (
    DISPUTED,
    EVENT,
    GRID,
    INK,
    MUTED,
    SELECTED,
    SOURCE,
    draw_mark,
)
from desktop.ui.timeline_marks import draw_density, draw_grid, guarded

GUTTER = 150.0  # lane titles
AXIS = 30.0
ROWS = 3  # rows with labels per lane; one thin overflow row below them
ROW_H = 26.0  # a label above, its mark below
TEXT_H = 15.0
OVERFLOW_H = 8.0
LANE_PAD = 8.0
LANE_H = ROWS * ROW_H + OVERFLOW_H + LANE_PAD
# Fewer marks than one per this many pixels: draw each with its label; more could not be
# labelled anyway (three rows of labels), and drawing them all would cost more than a frame.
DETAIL_PX = 20.0
BIN_PX = 4.0
ZOOM_STEP = 1.25
EXPORT_MAX_HEIGHT = 20_000  # px



class TimelineView(QAbstractScrollArea):
    """Marks in lanes. Wheel zooms at the cursor, drag pans, Shift+wheel scrolls lanes,
    Left/Right step between events, Home fits all."""

    mark_clicked = Signal(str, int)  # ("event" | "source", id)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setMouseTracking(True)
        self.viewport().setBackgroundRole(self.viewport().backgroundRole())
        self.lanes: list[Lane] = []
        self.viewport_days = Viewport()
        self.selected: tuple[str, int] | None = None
        self.highlighted: frozenset[tuple[str, int]] | None = None  # None: nothing dimmed
        self.tooltip_for: Callable[[tuple[str, int]], str] = lambda key: ""
        self.last_placed: list[tuple[str, Placed, QRectF]] = []  # lane key, placement, label
        self._hits: list[tuple[QRectF, tuple[str, int]]] = []
        self._widths: dict[str, float] = {}
        self._statics: dict[str, QStaticText] = {}
        self._static_text = True  # off while exporting SVG
        self._press: QPointF | None = None
        self._dragged = False
        self._fitted = False
        self._order: list[Mark] | None = None

    # -- data ----------------------------------------------------------------------------------

    def set_lanes(self, lanes: list[Lane]) -> None:
        for lane in lanes:
            lane.index  # noqa: B018 (built now, with the data, not in the first frame)
        self.lanes = lanes
        self._order: list[Mark] | None = None
        self._update_scroll_range()
        if not self._fitted:
            self.fit_all()
        self.viewport().update()

    def content_height(self) -> float:
        return AXIS + LANE_H * len(self.lanes)

    def event_order(self) -> list[Mark]:
        """Every event mark once, by start: the order Left and Right step through (kept
        until the lanes change: sorting 100,000 events per key press is felt)."""
        if self._order is None:
            seen: dict[tuple[str, int], Mark] = {}
            for lane in self.lanes:
                for mark in lane.marks:
                    if mark.key[0] == "event":
                        seen.setdefault(mark.key, mark)
            self._order = sorted(seen.values(), key=lambda m: (m.start, m.key))
        return self._order

    # -- viewport ------------------------------------------------------------------------------

    def fit_all(self) -> None:
        marks = [m for lane in self.lanes for m in lane.marks]
        self._sync_width()
        if marks:
            self.viewport_days.fit(min(m.outer_start for m in marks),
                                   max(m.outer_end for m in marks))
            self._fitted = True
        self.viewport().update()

    def zoom(self, factor: float, at_x: float | None = None) -> None:
        """Zoom by factor around a viewport x (the centre if None)."""
        self._sync_width()
        x = (self.viewport_days.width / 2) if at_x is None else at_x - GUTTER
        self.viewport_days.zoom(factor, x)
        self._fitted = True
        self.viewport().update()

    def zoom_about_day(self, factor: float, day: float) -> None:
        """Bring a day to the middle and zoom by factor around it."""
        self._sync_width()
        vp = self.viewport_days
        vp.start = day - vp.width / vp.px_per_day / 2
        self.zoom(factor, GUTTER + vp.x(day))

    def busiest_day(self) -> float | None:
        """The middle event's day: where zooming in finds the most to read."""
        order = self.event_order()
        return order[len(order) // 2].start if order else None

    def pan(self, dx: float) -> None:
        self.viewport_days.pan(dx)
        self.viewport().update()

    def show_mark(self, key: tuple[str, int]) -> None:
        """Select a mark and bring it into view if it is outside."""
        self.selected = key
        found = next(((i, m) for i, lane in enumerate(self.lanes) for m in lane.marks
                      if m.key == key), None)
        if found is not None:
            lane, mark = found
            vp = self.viewport_days
            if mark.end < vp.start or mark.start > vp.end:
                vp.start = (mark.start + mark.end) / 2 - vp.width / vp.px_per_day / 2
            bar = self.verticalScrollBar()  # and its first lane into view
            top = lane * LANE_H
            if not bar.value() <= top <= bar.value() + self.viewport().height() - AXIS - LANE_H:
                bar.setValue(int(top))
        self.viewport().update()

    def _sync_width(self) -> None:
        self.viewport_days.width = max(50.0, self.viewport().width() - GUTTER)

    def _update_scroll_range(self) -> None:
        bar = self.verticalScrollBar()
        bar.setRange(0, max(0, int(self.content_height() - self.viewport().height())))
        bar.setPageStep(max(1, self.viewport().height()))

    # -- painting ------------------------------------------------------------------------------

    @guarded
    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        try:
            self._sync_width()
            self.paint(painter, QRectF(self.viewport().rect()),
                       self.verticalScrollBar().value())
        finally:
            painter.end()

    def paint(self, painter: QPainter, rect: QRectF, scroll_y: float = 0.0) -> None:
        """Draw the axis and every lane that reaches into rect; used for screen and export."""
        painter.fillRect(rect, QColor("white"))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self._hits = []
        self.last_placed = []
        metrics = QFontMetricsF(painter.font())
        draw_grid(painter, rect, self.viewport_days, GUTTER, AXIS)
        y = AXIS - scroll_y
        for lane in self.lanes:
            if y + LANE_H >= AXIS and y <= rect.bottom():
                self._draw_lane(painter, lane, y, rect, metrics)
            y += LANE_H
        painter.setPen(GRID)
        painter.drawLine(QPointF(GUTTER, 0), QPointF(GUTTER, rect.bottom()))

    def _draw_lane(self, painter: QPainter, lane: Lane, top: float, rect: QRectF,
                   metrics: QFontMetricsF) -> None:
        vp = self.viewport_days
        painter.setPen(GRID)
        painter.drawLine(QPointF(0, top + LANE_H), QPointF(rect.right(), top + LANE_H))
        painter.setPen(INK)
        title = metrics.elidedText(lane.title, Qt.TextElideMode.ElideRight, GUTTER - 12)
        painter.drawText(QRectF(6, top, GUTTER - 12, ROW_H),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title)
        painter.setPen(MUTED)
        painter.drawText(QRectF(6, top + ROW_H, GUTTER - 12, ROW_H),
                         Qt.AlignmentFlag.AlignVCenter, f"{len(lane.index):,}")
        painter.save()
        painter.setClipRect(QRectF(GUTTER, top, rect.width() - GUTTER, LANE_H))
        if lane.index.crowd(vp.start, vp.end) * DETAIL_PX > vp.width:
            bins = max(1, int(vp.width / BIN_PX))
            counts = lane.index.density(vp.start, vp.end, bins)
            draw_density(painter, counts, GUTTER, top, BIN_PX, ROWS * ROW_H,
                         SOURCE if lane.key == "published" else EVENT)
        else:
            marks = lane.index.visible(vp.start, vp.end)
            placed = pack(marks, lambda d: GUTTER + vp.x(d), self._width_of(metrics), ROWS,
                          left=GUTTER)
            for place in placed:
                self._draw_mark(painter, place, top, metrics, lane.key)
        painter.restore()

    def _static(self, text: str) -> QStaticText:
        found = self._statics.get(text)
        if found is None:
            if len(self._statics) > 20_000:  # zooming makes ever new elisions
                self._statics.clear()
            found = self._statics[text] = QStaticText(text)
            found.setTextFormat(Qt.TextFormat.PlainText)  # case text is never markup
        return found

    def _width_of(self, metrics: QFontMetricsF) -> Callable[[str], float]:
        def width(text: str) -> float:
            found = self._widths.get(text)
            if found is None:
                found = self._widths[text] = metrics.horizontalAdvance(text)
            return found
        return width

    def _draw_mark(self, painter: QPainter, place: Placed, top: float, metrics: QFontMetricsF,
                   lane_key: str) -> None:
        mark = place.mark
        overflow = place.row >= ROWS
        row_top = top + place.row * ROW_H
        # The mark below its label; overflow marks are thin and unlabelled.
        y = row_top + (OVERFLOW_H / 2 if overflow else TEXT_H + (ROW_H - TEXT_H) / 2)
        colour = QColor(SOURCE if mark.key[0] == "source" else EVENT)
        dimmed = self.highlighted is not None and mark.key not in self.highlighted
        if dimmed:
            colour.setAlpha(60)
        selected = mark.key == self.selected
        vp = self.viewport_days
        thick = 4.0 if overflow else 8.0
        outline = QPen(SELECTED if selected else (DISPUTED if mark.disputed else colour),
                       2.0 if selected or mark.disputed else 1.0)
        body = draw_mark(painter, mark, lambda day: GUTTER + vp.x(day), place.x0, place.x1, y,
                         thick, colour, outline)
        label = QRectF()
        if place.label_width > 0:
            text = ("≠ " if mark.disputed else "") + mark.label
            fits = self._width_of(metrics)(text) <= place.label_width
            shown = text if fits else metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                                         place.label_width)
            painter.setPen(DISPUTED if mark.disputed and not dimmed else
                           (INK if not dimmed else MUTED))
            label = QRectF(place.label_x, row_top, place.label_width, TEXT_H)
            if self._static_text:  # laid out once per label: most of a frame was text layout
                painter.drawStaticText(QPointF(place.label_x, row_top + TEXT_H - metrics.height()),
                                       self._static(shown))
            else:  # SVG: text stays text
                painter.drawText(label, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft,
                                 shown)
        self.last_placed.append((lane_key, place, label))
        self._hits.append((body.adjusted(-3, -4, 3, 4).united(label), mark.key))

    # -- export --------------------------------------------------------------------------------

    def export_size(self) -> QSize:
        """The current view with every lane, up to EXPORT_MAX_HEIGHT (lanes by entity in a
        large case would make an image of gigabytes)."""
        height = min(int(self.content_height()) + 4, EXPORT_MAX_HEIGHT)
        return QSize(max(400, self.viewport().width()), height)

    def render_to(self, device) -> bool:
        """Paint the export onto an image or SVG generator; False if it cannot be painted.
        The screen's hit areas stay those of the screen."""
        size = self.export_size()
        saved = self._hits, self.last_placed
        self._static_text = isinstance(device, QImage)
        painter = QPainter(device)
        try:
            if not painter.isActive():
                return False
            self.paint(painter, QRectF(0, 0, size.width(), size.height()))
            return True
        finally:
            painter.end()
            self._hits, self.last_placed = saved
            self._static_text = True

    def render_image(self) -> QImage:
        image = QImage(self.export_size(), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("white"))
        self.render_to(image)
        return image

    # -- input ---------------------------------------------------------------------------------

    def mark_at(self, pos: QPointF) -> tuple[str, int] | None:
        for rect, key in reversed(self._hits):
            if rect.contains(pos):
                return key
        return None

    @guarded
    def wheelEvent(self, event) -> None:
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() - (delta.y() or delta.x()) // 2)
        elif delta.x() and not delta.y():
            self.pan(delta.x() / 2)
        elif delta.y():
            self.zoom(ZOOM_STEP ** (delta.y() / 120), event.position().x())
        event.accept()

    @guarded
    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press, self._dragged = event.position(), False
        self.setFocus()

    @guarded
    def mouseMoveEvent(self, event) -> None:
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            dx = event.position().x() - self._press.x()
            if self._dragged or abs(dx) > 3:
                self._dragged = True
                self.pan(dx)
                self._press = event.position()
            return
        key = self.mark_at(event.position())
        if key is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_for(key), self)

    @guarded
    def mouseReleaseEvent(self, event) -> None:
        if self._press is not None and not self._dragged:
            key = self.mark_at(event.position())
            if key is not None:
                self.selected = key
                self.viewport().update()
                self.mark_clicked.emit(*key)
        self._press, self._dragged = None, False

    @guarded
    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.step(-1 if key == Qt.Key.Key_Left else 1)
        elif key == Qt.Key.Key_Home:
            self.fit_all()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom(1 / ZOOM_STEP)
        else:
            super().keyPressEvent(event)

    def step(self, direction: int) -> None:
        """Select the previous or next event in time, and say so."""
        order = self.event_order()
        if not order:
            return
        keys = [m.key for m in order]
        if self.selected in keys:
            i = max(0, min(len(keys) - 1, keys.index(self.selected) + direction))
        else:
            i = 0 if direction > 0 else len(keys) - 1
        self.show_mark(keys[i])
        self.mark_clicked.emit(*keys[i])

    @guarded
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._sync_width()
        self._update_scroll_range()
