"""The timeline benchmarks: loading the synthetic case's events, and frame times while zooming and
panning, beside a bare QPainter that draws every event in view as a rectangle."""

from __future__ import annotations

import os
import sqlite3
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt loads: no screen needed

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from desktop.storage.casefile import open_case
from desktop.ui.timeline_pane import TimelinePane
from desktop.ui.timeline_view import GUTTER, LANE_H, ROW_H
from tests.perf.registry import Context, Figure, benchmark

SIZE = (1400, 560)


def ms(seconds: float) -> float:
    return seconds * 1000

FRAME_TARGET_MS = 16.0
ZOOM_STEPS = 36  # wheel notches from "Fit all" in to about a month across
PAN_STEPS = 40


def _frame(view, image: QImage) -> float:
    """One frame of ours: paint the view into an image the size of the window's pane."""
    painter = QPainter(image)
    started = time.perf_counter()
    view.paint(painter, QRectF(0, 0, image.width(), image.height()))
    elapsed = time.perf_counter() - started
    painter.end()
    return elapsed


def _bare_frame(view, image: QImage) -> float:
    """The same view drawn naively: every event in view as a rectangle, no level of detail,
    no labels (the index still finds them, so this measures drawing, not searching)."""
    vp = view.viewport_days
    painter = QPainter(image)
    started = time.perf_counter()
    painter.fillRect(image.rect(), QColor("white"))
    painter.setBrush(QColor("#2f6fb0"))
    for row, lane in enumerate(view.lanes):
        top = 30 + row * LANE_H
        for mark in lane.index.visible(vp.start, vp.end):
            x0 = GUTTER + vp.x(mark.start)
            painter.drawRect(QRectF(x0, top + ROW_H / 2, max(2.0, vp.x(mark.end) - vp.x(
                mark.start)), 8))
    elapsed = time.perf_counter() - started
    painter.end()
    return elapsed


@benchmark("timeline")
def bench_timeline(ctx: Context) -> list[Figure]:
    """Load every event of the synthetic case into the pane; then zoom in notch by notch at a
    point and pan across, timing each frame, ours vs the bare painter."""
    path = ctx.case()
    QApplication.instance() or QApplication([])
    case = open_case(path)
    pane = TimelinePane(case.db)
    pane.resize(*SIZE)
    started = time.perf_counter()
    pane.reload()
    load = time.perf_counter() - started
    conn = sqlite3.connect(str(path))
    started = time.perf_counter()
    conn.execute("SELECT id, title, date_edtf, date_lower, date_upper FROM events"
                 " ORDER BY date_lower").fetchall()
    conn.execute("SELECT event_id, entity_id FROM event_entities").fetchall()
    bare_load = time.perf_counter() - started
    conn.close()
    events = len(pane.events)

    view = pane.view
    view.resize(*SIZE)
    view.viewport().resize(*SIZE)
    view.fit_all()
    image = QImage(SIZE[0], SIZE[1], QImage.Format.Format_ARGB32_Premultiplied)
    ours_zoom, bare_zoom = [], []
    at = GUTTER + (SIZE[0] - GUTTER) * 0.6
    for _ in range(ZOOM_STEPS):
        view.zoom(1.25, at)
        ours_zoom.append(_frame(view, image))
        bare_zoom.append(_bare_frame(view, image))
    ours_pan, bare_pan = [], []
    for _ in range(PAN_STEPS):
        view.pan(-25)
        ours_pan.append(_frame(view, image))
        bare_pan.append(_bare_frame(view, image))
    view.fit_all()
    fit = _frame(view, image)
    bare_fit = _bare_frame(view, image)
    case.close()
    frames = ours_zoom + ours_pan
    worst = max(frames)
    p95 = statistics.quantiles(frames, n=20)[-1]
    bare_frames = bare_zoom + bare_pan
    return [
        Figure("timeline load (events into lanes)", ms(load), ms(bare_load), "ms", "", None,
               {"events": events}),
        Figure("timeline frame, all events in view", ms(fit), ms(bare_fit), "ms",
               f"< {FRAME_TARGET_MS:g} ms", ms(fit) < FRAME_TARGET_MS),
        Figure("timeline frame while zooming, median", ms(statistics.median(ours_zoom)),
               ms(statistics.median(bare_zoom)), "ms"),
        Figure("timeline frame while panning, median", ms(statistics.median(ours_pan)),
               ms(statistics.median(bare_pan)), "ms"),
        Figure("timeline frame p95 (zoom and pan)", ms(p95),
               ms(statistics.quantiles(bare_frames, n=20)[-1]), "ms",
               f"< {FRAME_TARGET_MS:g} ms", ms(p95) < FRAME_TARGET_MS),
        Figure("timeline frame worst", ms(worst), ms(max(bare_frames)), "ms"),
    ]
