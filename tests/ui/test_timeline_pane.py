"""The timeline in the window: clicking an event selects it everywhere, zoom about the cursor,
labels apart at every zoom, stepping, highlighting, tooltips, export."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QWheelEvent
from PySide6.QtWidgets import QApplication

from desktop.ingest.case_toml import stable_uid
from desktop.storage import lists

DEADLINE = "review-process-deadline"


def _open(qtbot, window):
    window.timeline_dock.show()
    window.resizeDocks([window.timeline_dock], [420], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: window.timeline.view.lanes != [])
    view = window.timeline.view
    view.fit_all()
    view.repaint()
    return view


def _event_id(window, key):
    return lists.id_for_uid(window.session.db, "event", stable_uid("event", key))


def _placed(view, event_id):
    return next(((lane, p, label) for lane, p, label in view.last_placed
                 if p.mark.key == ("event", event_id)), None)


def test_clicking_an_event_selects_it_and_opens_its_dating_words(qtbot, window):
    view = _open(qtbot, window)
    event = _event_id(window, "eo-signed")
    view.zoom(40)  # the months around June 2026
    view.show_mark(("event", event))
    view.repaint()
    assert _placed(view, event) is not None
    # Its mark, where it is drawn: the left end of its hit area is the dot itself.
    area = next(r for r, key in view._hits if key == ("event", event))
    point = QPoint(int(area.left() + 5), int(area.center().y()))
    assert view.mark_at(QPointF(point)) == ("event", event)
    with qtbot.waitSignal(view.mark_clicked) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == ["event", event]
    assert window.selection == ("event", event)
    assert window.inspector.shown == ("event", event)
    cursor = window.reading.textCursor()
    assert "June 2" in cursor.block().text()  # the reading view is at the dating words


def test_the_wheel_zooms_about_the_cursor(qtbot, window):
    view = _open(qtbot, window)
    x = 700.0
    before = view.viewport_days.day_at(x - 150)
    scale = view.viewport_days.px_per_day
    event = QWheelEvent(QPointF(x, 100), view.viewport().mapToGlobal(QPointF(x, 100)),
                        QPoint(0, 0), QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)
    assert view.viewport_days.px_per_day > scale
    assert view.viewport_days.day_at(x - 150) == pytest.approx(before)


def test_labels_never_overlap_in_the_sample_case_at_any_zoom(qtbot, window):
    view = _open(qtbot, window)
    for factor in (1, 3, 12, 40, 150):
        view.fit_all()
        view.zoom(factor)
        view.repaint()
        labels = [(lane, label) for lane, _place, label in view.last_placed
                  if not label.isEmpty()]
        assert labels, factor
        for i, (lane_a, a) in enumerate(labels):
            for lane_b, b in labels[i + 1:]:
                assert not a.intersects(b), (factor, lane_a, lane_b, a, b)


def test_left_and_right_step_through_events_in_time(qtbot, window):
    view = _open(qtbot, window)
    order = [m.key for m in view.event_order()]
    with qtbot.waitSignal(view.mark_clicked):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.selected == order[0] and window.selection == order[0]
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.selected == order[1] and window.selection == order[1]


def test_a_disputed_event_shows_every_date_and_its_source(qtbot, window):
    _open(qtbot, window)
    event = _event_id(window, DEADLINE)
    tip = window.timeline.tooltip(("event", event))
    assert "Disputed" in tip and "2026-08-01" in tip and "2026-07-31~" in tip
    assert "New York Times" in tip or "A.I." in tip
    mark = next(m for lane in window.timeline.view.lanes for m in lane.marks
                if m.key == ("event", event))
    assert mark.disputed and len(mark.given) >= 3
    assert "disputed" in window.timeline.message.text()


def test_hover_text_is_escaped_and_says_written_and_resolved(qtbot, window):
    _open(qtbot, window)
    event = _event_id(window, "anthropic-access-cut")
    tip = window.timeline.tooltip(("event", event))
    assert "Written: “last week”" in tip and "Resolved: 2026-06~" in tip
    with_markup = window.timeline.events[event]
    assert "<img" not in tip and with_markup.title in tip


def test_selecting_an_entity_elsewhere_highlights_its_events(qtbot, window):
    view = _open(qtbot, window)
    meta = lists.id_for_uid(window.session.db, "entity", stable_uid("entity", "meta"))
    window.select("entity", meta)
    assert view.highlighted
    release = _event_id(window, "muse-spark-release")
    assert ("event", release) in view.highlighted
    assert ("event", _event_id(window, "aisi-created")) not in view.highlighted


def test_lanes_by_entity_and_filters(qtbot, window):
    pane = window.timeline
    _open(qtbot, window)
    kinds = [lane.title for lane in pane.view.lanes]
    assert kinds[0] == "Published" and "Companies" in kinds
    pane.lanes_by.setCurrentIndex(pane.lanes_by.findData("entity"))
    names = [lane.title for lane in pane.view.lanes]
    assert "Anthropic" in names and "Companies" not in names
    pane.status.setCurrentIndex(pane.status.findData("disputed"))
    assert {e.status for e in pane.events.values()} == {"disputed"}
    pane.status.setCurrentIndex(0)
    pane.start.setText("2026-07")
    pane.start.editingFinished.emit()
    assert all((e.latest or e.upper) >= "2026-07-01" for e in pane.events.values())
    pane.start.setText("July")
    pane.start.editingFinished.emit()
    assert "Not a date" in pane.message.text()


def test_export_png_and_svg(qtbot, window, tmp_path):
    _open(qtbot, window)
    window.timeline.export(tmp_path / "t.png")
    window.timeline.export(tmp_path / "t.svg")
    image = QImage(str(tmp_path / "t.png"))
    assert image.width() > 400 and image.height() > 200
    svg = (tmp_path / "t.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "Muse Spark" in svg  # labels are text, not pixels


def test_a_large_case_loads_in_the_background_and_the_latest_request_wins(qtbot, window):
    pane = window.timeline
    pane.loader.background_from = 0  # load as a 100,000-event case would
    window.timeline_dock.show()
    qtbot.waitUntil(lambda: not pane.loader.busy and pane.events != {}, timeout=10_000)
    assert pane.view.lanes
    pane.status.setCurrentIndex(pane.status.findData("disputed"))
    assert pane.loader.busy and pane.message.text() == "Loading events…"
    pane.status.setCurrentIndex(pane.status.findData("reviewed"))  # asked again while busy
    qtbot.waitUntil(lambda: not pane.loader.busy, timeout=10_000)
    assert {e.status for e in pane.events.values()} == {"reviewed"}
    assert "events" in pane.message.text()


def test_closing_the_window_while_the_timeline_loads(qtbot, window):
    pane = window.timeline
    pane.loader.background_from = 0
    window.timeline_dock.show()
    assert pane.loader.busy
    window.close()  # waits for the load to stop at its next step; the case closes after
    assert not pane.loader.busy


def test_an_entity_chosen_before_the_timeline_opens_is_brought_out_when_it_does(qtbot, window):
    meta = lists.id_for_uid(window.session.db, "entity", stable_uid("entity", "meta"))
    window.select("entity", meta)  # the timeline is hidden: nothing loaded yet
    view = _open(qtbot, window)
    assert view.highlighted and ("event", _event_id(window, "muse-spark-release")) in \
        view.highlighted


def test_new_entities_and_sources_reach_the_filters(qtbot, window):
    from desktop.storage import entities, events
    from desktop.storage.changes import write

    _open(qtbot, window)
    with write(window.session.case, "Add") as w:
        ada = entities.add_entity(w, "person", "Ada Analyst")
        event = events.add_event(w, "Ada joins", "2026-06-05")
        events.link_entity(w, event, ada)
    window.session.announce(w.change)
    qtbot.waitUntil(lambda: window.timeline.entity.findData(ada) >= 0, timeout=3000)
    qtbot.waitUntil(lambda: event in window.timeline.events, timeout=3000)


def test_dates_at_the_calendars_edges_never_break_the_pane(qtbot, window, capsys):
    from desktop.storage import events
    from desktop.storage.changes import write

    with write(window.session.case, "Add") as w:
        events.add_event(w, "Some time in the first century", "00XX")
        events.add_event(w, "About the year 9999", "9999~")
    view = _open(qtbot, window)
    for _ in range(30):
        view.pan(4000)
        view.repaint()
    for _ in range(60):
        view.pan(-4000)
        view.repaint()
    view.zoom(1e-9)
    view.repaint()
    assert "Traceback" not in capsys.readouterr().err


def test_exporting_keeps_the_screens_click_targets(qtbot, window, tmp_path):
    view = _open(qtbot, window)
    hits = list(view._hits)
    window.timeline.export(tmp_path / "t.png")
    assert view._hits == hits


def test_an_event_opens_at_the_words_that_give_its_own_date(qtbot, window):
    from desktop.storage import events
    from desktop.storage.changes import write

    db = window.session.db
    first, second = [r[0] for r in db.execute(
        "SELECT id FROM excerpts ORDER BY id LIMIT 2").fetchall()]
    with write(window.session.case, "Add") as w:
        event = events.add_event(w, "Dated by the second", "2026-06-10")
        events.add_event_citation(w, event, first, "supports", date="2026-06-11")
        events.add_event_citation(w, event, second, "supports", date="2026-06-10")
    window.session.announce(w.change)
    window.select("event", event)
    exact = db.execute("SELECT exact FROM excerpts WHERE id = ?", [second]).fetchone()[0]
    assert window.reading.textCursor().selectedText() == exact or \
        exact[:30] in window.reading.textCursor().block().text()


def test_a_damaged_date_in_the_file_is_reported_not_raised(qtbot, window):
    # Written by another tool: bounds that are no calendar day.
    window.session.db.execute(
        "UPDATE events SET date_lower = '2026-13-45' WHERE id = (SELECT min(id) FROM events)")
    window.session.db.conn.commit()
    window.timeline_dock.show()
    qtbot.waitUntil(lambda: "could not read the events" in window.timeline.message.text())
