"""The briefing's timeline figure: each dated event on a row of its own against one axis, drawn
with the timeline pane's marks and a key to what they mean (a day, a span, "about", uncertain,
open-ended, sources disagree). More events than rows fit on a page become a count per period.
A PNG the document shows at the text's width (QtGui only: it is drawn off the window's thread)."""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QGuiApplication, QImage, QPainter, QPen

from desktop.domain.dates import describe_edtf
from desktop.domain.timeline import Mark, Viewport, ticks
from desktop.domain.timeline_lanes import DatedEvent, event_mark
from desktop.report.fonts import BAND_FAMILIES, font
from desktop.report.timeline_paint import DISPUTED, EVENT, GRID, INK, MUTED, draw_mark

NAME = "casefile-figure:timeline"  # what the HTML names; only the briefing's own map answers
WIDTH = 640  # logical pixels (1/96 inch): a little under an A4 page's text width
SCALE = 3  # image pixels per logical pixel: about 290 dpi on paper
MAX_ROWS = 40  # a row each fits one page; more are counted per period instead
LABEL_W = 230.0
PAD = 6.0
AXIS_H = 20.0
ROW_H = 14.0
THICK = 6.0
KEY_H = 24.0
COUNTS_H = 110.0
POINTS = 7.0
ZEBRA = QColor("#f5f7fa")


@dataclass(frozen=True)
class Figure:
    name: str
    png: bytes
    width: int  # logical pixels, for <img width height>
    height: int
    caption: str


def focus(marks: Sequence[Mark]) -> tuple[float, float]:
    """The days the axis spans: every mark, unless most of them crowd into a stretch far
    shorter than the whole (a month of news after a programme years long). Then the axis spans
    that crowd, each of its marks whole, and the marks outside are drawn at its edges with their
    dates in words. Crowds are runs of marks whose middles lie within a tenth of the whole span
    of each other."""
    lo, hi = min(m.outer_start for m in marks), max(m.outer_end for m in marks)
    middles = sorted((((m.start + m.end) / 2, m) for m in marks), key=lambda pair: pair[0])
    gap = (middles[-1][0] - middles[0][0]) / 10
    best: list[Mark] = []
    run: list[Mark] = []
    last = None
    for middle, mark in middles:
        if last is not None and middle - last > gap:
            run = []
        run.append(mark)
        last = middle
        if len(run) > len(best):
            best = list(run)
    if len(best) * 2 < len(marks) or len(best) == len(marks):
        return lo, hi
    return min(m.outer_start for m in best), max(m.outer_end for m in best)


def timeline_figure(events: Sequence[DatedEvent], undated: int = 0) -> Figure | None:
    """The figure for these events (None when none is dated); undated ones are only counted in
    the caption, as the chronology lists them. The composer's preview asks again at every pause
    in the typing, mostly for the same events: the last few figures are kept."""
    try:
        return _figure(tuple(events), undated)
    except TypeError:  # events that cannot be hashed: drawn afresh
        return _draw(events, undated)


@functools.lru_cache(maxsize=4)  # thread-safe; the preview builds off the window's thread
def _figure(events: tuple, undated: int) -> Figure | None:
    return _draw(events, undated)


def _draw(events: Sequence[DatedEvent], undated: int) -> Figure | None:
    dates = {("event", e.id): getattr(e, "edtf", None) for e in events}
    marks = sorted((m for m in map(event_mark, events) if m is not None),
                   key=lambda m: (m.start, m.end, m.label.casefold(), m.key))
    if not marks:
        return None
    if QGuiApplication.instance() is None:  # Qt would abort the process on the first glyph
        raise RuntimeError("the timeline figure is drawn with text, which needs a "
                           "QGuiApplication: see desktop.report.headless.gui_application")
    rows = len(marks) <= MAX_ROWS
    height = AXIS_H + (len(marks) * ROW_H + KEY_H if rows else COUNTS_H) + PAD
    image = QImage(WIDTH * SCALE, int(height * SCALE), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDotsPerMeterX(3780)  # 96 dpi: the font's points mean the same as in the document
    image.setDotsPerMeterY(3780)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.scale(SCALE, SCALE)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setFont(font(BAND_FAMILIES, POINTS))
        left = LABEL_W + PAD if rows else PAD
        view = Viewport(width=WIDTH - left - PAD)
        view.fit(*(focus(marks) if rows else (min(m.outer_start for m in marks),
                                               max(m.outer_end for m in marks))),
                 margin=0.02, label_room=0)
        bottom = height - PAD - (KEY_H if rows else 0)
        x_of = lambda day: left + view.x(day)  # noqa: E731 - the axis, as draw_mark takes it
        _axis(painter, view, x_of, left, bottom)
        if rows:
            _rows(painter, marks, x_of, QRectF(left, AXIS_H, view.width, bottom - AXIS_H),
                  dates)
            _key(painter, bottom)
        else:
            _counts(painter, marks, view, x_of, bottom)
    finally:
        painter.end()
    dated = f"{len(marks):,} dated event" + ("" if len(marks) == 1 else "s")
    if rows:
        caption = f"{dated}, earliest first."
    else:
        caption = (f"{dated}, too many for a row each: how many fall in each period between "
                   "the axis's marks, by the middle of their dates. The chronology lists each.")
    if undated:
        caption += f" {undated:,} undated " + ("is" if undated == 1 else "are") + \
            " in the chronology only."
    return Figure(NAME, _png(image), WIDTH, int(height), caption)


def _png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def _axis(painter: QPainter, view: Viewport, x_of: Callable[[float], float], left: float,
          bottom: float) -> None:
    """The band of tick labels along the top, and a rule down the figure at each tick."""
    painter.fillRect(QRectF(left, 0, WIDTH - PAD - left, AXIS_H), ZEBRA)
    dated = False  # the first label drawn names its year, so a reader knows which
    for tick in ticks(view.start, view.end, view.px_per_day):
        x = x_of(tick.day)
        if x < left or x > WIDTH - PAD:
            continue
        label = tick.label
        if not dated and not re.search(r"\d{3,4}", label):
            label += f" {date.fromordinal(int(tick.day)).year}"
        dated = True
        painter.setPen(QPen(MUTED if tick.major else GRID, 0.6))
        painter.drawLine(QPointF(x, AXIS_H - (7 if tick.major else 4)), QPointF(x, bottom))
        painter.setPen(INK if tick.major else MUTED)
        painter.drawText(QPointF(x + 2, AXIS_H - 7), label)


def _rows(painter: QPainter, marks: Sequence[Mark], x_of: Callable[[float], float],
          plot: QRectF, dates: dict[tuple[str, int], str | None]) -> None:
    metrics = QFontMetricsF(painter.font())
    for index, mark in enumerate(marks):
        top = AXIS_H + index * ROW_H
        if index % 2:
            painter.fillRect(QRectF(0, top, WIDTH, ROW_H), ZEBRA)
        text = ("≠ " if mark.disputed else "") + " ".join(mark.label.split())
        painter.setPen(DISPUTED if mark.disputed else INK)
        painter.drawText(QRectF(PAD, top, LABEL_W - PAD, ROW_H),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(text, Qt.TextElideMode.ElideRight, LABEL_W - PAD))
        y = top + ROW_H / 2 - (1.5 if mark.disputed else 0)
        outline = QPen(DISPUTED if mark.disputed else EVENT, 1.0)
        painter.save()
        painter.setClipRect(plot)
        draw_mark(painter, mark, x_of, x_of(mark.start), x_of(mark.end), y, THICK,
                  QColor(EVENT), outline)
        painter.restore()
        if x_of(mark.outer_start) < plot.left() or x_of(mark.outer_end) > plot.right():
            _beyond(painter, metrics, plot, y, mark, x_of, dates.get(mark.key))


def _beyond(painter: QPainter, metrics: QFontMetricsF, plot: QRectF, y: float, mark: Mark,
            x_of: Callable[[float], float], edtf: str | None) -> None:
    """A mark reaching past the axis: an arrow at each edge it crosses, and its date in words
    beside the part in view (or inside the edge, when none is)."""
    start, end = x_of(mark.outer_start), x_of(mark.outer_end)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(MUTED)
    for edge, sign, beyond in ((plot.left(), 1, start < plot.left()),
                               (plot.right(), -1, end > plot.right())):
        if beyond:
            painter.drawPolygon([QPointF(edge, y), QPointF(edge + sign * 5, y - 3.5),
                                 QPointF(edge + sign * 5, y + 3.5)])
    words = describe_edtf(edtf) if edtf else ""
    if not words:
        return
    width = metrics.horizontalAdvance(words)
    x = start - 4 - width if start > plot.left() else end + 4
    x = max(plot.left() + 8, min(x, plot.right() - 8 - width))
    box = QRectF(x - 2, y - metrics.ascent() / 2 - 2, width + 4, metrics.ascent() + 3)
    painter.fillRect(box, QColor(255, 255, 255, 220))  # legible over a bar running beneath
    painter.setPen(MUTED)
    painter.drawText(QPointF(x, y + metrics.ascent() / 2 - 1), words)


# What the key shows: a label and a made-up mark of 0..span days drawn the way a real one is.
_KEY = (
    ("a day", Mark(("event", 0), "", 2, 3, 2, 3)),
    ("a span", Mark(("event", 0), "", 0, 6, 0, 6)),
    ("about (and its reach)", Mark(("event", 0), "", 1.5, 4.5, 0, 6, approximate=True)),
    ("uncertain", Mark(("event", 0), "", 0, 6, 0, 6, uncertain=True)),
    ("open-ended", Mark(("event", 0), "", 0, 6, 0, 6, open_end=True)),
    ("sources differ", Mark(("event", 0), "", 1, 5, 1, 5, disputed=True,
                            given=((0, 2), (4, 6)))),
)


def _key(painter: QPainter, top: float) -> None:
    metrics = QFontMetricsF(painter.font())
    x = PAD
    y = top + KEY_H / 2
    for label, mark in _KEY:
        base = x
        x_of = lambda day, base=base: base + day * 4  # noqa: E731 - 4 px a made-up day
        colour = QColor(EVENT)
        outline = QPen(DISPUTED if mark.disputed else colour, 1.0)
        draw_mark(painter, mark, x_of, x_of(mark.start), x_of(mark.end), y - 1.5, THICK, colour,
                  outline)
        painter.setPen(MUTED)
        painter.drawText(QPointF(base + 28, y + metrics.ascent() / 2 - 1), label)
        x = base + 28 + metrics.horizontalAdvance(label) + 14


def _counts(painter: QPainter, marks: Sequence[Mark], view: Viewport,
            x_of: Callable[[float], float], bottom: float) -> None:
    """A bar per period between ticks: how many events have their middle there."""
    edges = [view.start] + [t.day for t in ticks(view.start, view.end, view.px_per_day)
                            if view.start < t.day < view.end] + [view.end]
    counts = [0] * (len(edges) - 1)
    for mark in marks:
        middle = (mark.start + mark.end) / 2
        counts[min(len(counts) - 1, max(0, bisect_right(edges, middle) - 1))] += 1
    peak = max(counts) or 1
    room = bottom - AXIS_H - 14  # the tallest bar's count above it
    painter.setPen(Qt.PenStyle.NoPen)
    fill = QColor(EVENT)
    fill.setAlpha(200)
    for (lo, hi), count in zip(zip(edges, edges[1:], strict=False), counts, strict=True):
        if not count:
            continue
        x0, x1 = x_of(lo) + 1, x_of(hi) - 1
        h = max(1.5, room * count / peak)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRect(QRectF(x0, bottom - h, max(1.0, x1 - x0), h))
        painter.setPen(INK)
        painter.drawText(QRectF(x0 - 20, bottom - h - 12, x1 - x0 + 40, 11),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                         f"{count:,}")
