"""Reading the timeline's events and laying out its lanes: at once for a small case, in a worker
thread on its own connection for a large one (100,000 events take seconds)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QThread, Signal
from sqlite_utils import Database

from desktop.domain.timeline import Lane
from desktop.domain.timeline_lanes import build_lanes
from desktop.storage import timeline
from desktop.storage.casefile import Case

BACKGROUND_FROM = 5_000  # events: from here on, loading leaves the window's thread
_DETACHED: list[QThread] = []  # threads still finishing after their pane closed


class Cancelled(Exception):
    pass


@dataclass(frozen=True)
class Loaded:
    """Everything the pane shows, computed together so that it is consistent."""

    events: dict[int, timeline.TimelineEvent]
    publications: dict[int, timeline.Publication]
    titles: dict[int, str]
    lanes: list[Lane]


def load(db: Database, flt: timeline.TimelineFilter, by: str,
         cancelled: Callable[[], bool] = lambda: False) -> Loaded:
    """Read and lay out; raises Cancelled between steps when asked to stop."""
    found = timeline.timeline_events(db, flt)
    if cancelled():
        raise Cancelled
    # A publication is no event of an entity nor has a status: those filters hide the lane.
    pubs = [] if flt.entity_id or flt.status else timeline.publications(db, flt)
    lanes = build_lanes(found, pubs, timeline.entity_names(db), by)
    if cancelled():
        raise Cancelled
    for lane in lanes:
        lane.index  # noqa: B018 (built here, not in the first frame)
    return Loaded({e.id: e for e in found}, {p.source_id: p for p in pubs},
                  timeline.source_titles(db), lanes)


class TimelineLoader(QObject):
    """At most one load running; asking again while it runs reloads once it is done."""

    loaded = Signal(object)  # Loaded
    failed = Signal(str)

    def __init__(self, db: Database, case: Case | None, parent: QObject | None = None):
        super().__init__(parent)
        self._db = db
        self._case = case  # for a second connection; None: always load at once
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._cancel = threading.Event()
        self._pending: tuple[timeline.TimelineFilter, str] | None = None
        self.background_from = BACKGROUND_FROM

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def request(self, flt: timeline.TimelineFilter, by: str) -> bool:
        """Load now (True: done, `loaded` was emitted) or in the background (False)."""
        if self._case is None or (not self.busy and self._count() < self.background_from):
            try:
                result = load(self._db, flt, by)
            except (sqlite3.Error, ValueError, OverflowError) as exc:
                # Called from showEvent too: a Qt override must never raise (PySide 6.11).
                self.failed.emit(f"could not read the events ({exc})")
                return True
            self.loaded.emit(result)
            return True
        if self.busy:
            self._pending = (flt, by)  # only the latest request matters
            return False
        self._start(flt, by)
        return False

    def _count(self) -> int:
        return timeline.event_count(self._db)

    def _start(self, flt: timeline.TimelineFilter, by: str) -> None:
        self._cancel.clear()
        thread = QThread(self)
        thread.setObjectName("casefile-timeline")
        worker = _Worker(self._case, flt, by, self._cancel)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.done.connect(self._done)
        worker.failed.connect(self.failed)
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.finished.connect(self._finished)
        thread.finished.connect(worker.deleteLater)
        thread.finished.connect(thread.deleteLater)
        self._thread, self._worker = thread, worker
        thread.start()

    def _done(self, result: Loaded) -> None:
        if self._pending is None:  # a newer request would replace it at once
            self.loaded.emit(result)

    def _finished(self) -> None:
        self._thread, self._worker = None, None
        if self._pending is not None:
            flt, by = self._pending
            self._pending = None
            self._start(flt, by)

    def shutdown(self, wait_ms: int = 5_000) -> None:
        """Stop a running load: it ends at its next step; a thread that will not end in time
        is kept alive here, never deleted while running."""
        self._pending = None
        thread = self._thread
        if thread is None:
            return
        self._cancel.set()
        if not thread.wait(wait_ms):
            thread.setParent(None)
            _DETACHED[:] = [t for t in _DETACHED if t.isRunning()]
            _DETACHED.append(thread)
        self._thread = None


class _Worker(QObject):
    done = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, case: Case, flt: timeline.TimelineFilter, by: str,
                 cancel: threading.Event):
        super().__init__()
        self._case, self._flt, self._by, self._cancel = case, flt, by, cancel

    def run(self) -> None:
        try:
            own = self._case.second_connection()
            try:
                self.done.emit(load(own.db, self._flt, self._by, self._cancel.is_set))
            finally:
                own.db.close()
        except Cancelled:
            pass
        except Exception as exc:  # a worker must report, never die silently
            self.failed.emit(f"could not read the events ({exc})")
        finally:
            self.finished.emit()
