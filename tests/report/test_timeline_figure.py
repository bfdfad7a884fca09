"""The briefing's timeline figure: a row per event from the sample case's real events, an axis
that spans where most of them crowd (the rest at its edges with their dates), counts per period
when there are too many for rows, and a clear error rather than Qt's abort without an app."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from desktop.domain.timeline import make_mark
from desktop.report.timeline_figure import MAX_ROWS, NAME, SCALE, WIDTH, focus, timeline_figure
from desktop.storage.timeline import timeline_events

pytestmark = pytest.mark.usefixtures("qapp")


def decoded(png: bytes) -> QImage:
    image = QImage.fromData(png, "PNG")
    assert not image.isNull()
    return image


def test_a_row_per_event_at_print_resolution(sample_case):
    events = timeline_events(sample_case.db)
    figure = timeline_figure(events, undated=1)
    assert figure.name == NAME and figure.width == WIDTH
    image = decoded(figure.png)
    assert image.width() == WIDTH * SCALE
    assert image.height() == pytest.approx(figure.height * SCALE, abs=SCALE)
    assert figure.caption == f"{len(events)} dated events, earliest first. 1 undated is in " \
        "the chronology only."


def test_the_axis_spans_the_crowd_and_leaves_a_programme_of_years_at_its_edge():
    def mark(key: int, lower: str, upper: str):
        return make_mark(("event", key), str(key), lower, upper)

    crowd = [mark(n, f"2026-06-{n:02d}", f"2026-06-{n:02d}") for n in range(1, 11)]
    years = mark(99, "2021-01-20", "2025-01-20")
    lo, hi = focus([years, *crowd])
    assert (lo, hi) == (crowd[0].outer_start, crowd[-1].outer_end)
    spread = [mark(1, "2021-01-01", "2021-01-01"), mark(2, "2023-06-01", "2023-06-01"),
              mark(3, "2026-01-01", "2026-01-01")]
    assert focus(spread) == (spread[0].outer_start, spread[-1].outer_end)  # no crowd: all


def test_too_many_for_rows_become_counts(sample_case):
    events = timeline_events(sample_case.db)
    many = [dataclasses.replace(events[n % len(events)], id=10_000 + n)
            for n in range(MAX_ROWS + 1)]
    figure = timeline_figure(many)
    assert figure.caption.startswith(f"{MAX_ROWS + 1} dated events, too many for a row each")
    assert decoded(figure.png).height() < timeline_figure(events).height * SCALE * 2


def test_nothing_dated_draws_nothing(sample_case):
    undated = [dataclasses.replace(e, lower=None, upper=None, earliest=None, latest=None)
               for e in timeline_events(sample_case.db)]
    assert timeline_figure(undated) is None


def test_without_an_application_it_says_so_rather_than_abort():
    script = ("import os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
              "from desktop.domain.timeline_lanes import DatedEvent\n"
              "from desktop.storage.timeline import TimelineEvent\n"
              "from desktop.report.timeline_figure import timeline_figure\n"
              "e = TimelineEvent(1, 'Signed', '2026-06-02', '2026-06-02', '2026-06-02', None,"
              " None, 'day', None, None, 'asserted', (), (), ())\n"
              "try:\n    timeline_figure([e])\nexcept RuntimeError as error:\n"
              "    print('refused:', error)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "refused: the timeline figure is drawn with text" in done.stdout
