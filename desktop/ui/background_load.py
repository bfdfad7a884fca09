"""Reading for a pane at once when the case is small, or in a worker thread on its own
connection when it is large; the latest request wins and closing the pane stops the work."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from sqlite_utils import Database

from desktop.storage.casefile import Case

_DETACHED: list[QThread] = []  # threads still finishing after their owner closed


def stop_thread(thread: QThread, cancel: threading.Event, wait_ms: int) -> None:
    """Ask a worker to stop and wait for it; one that will not end in time is kept alive
    here, never deleted while running (deleting a running QThread aborts the process)."""
    cancel.set()
    if not thread.wait(wait_ms):
        thread.setParent(None)
        _DETACHED[:] = [t for t in _DETACHED if t.isRunning()]
        _DETACHED.append(thread)

# load(db, request, cancelled) -> result; it raises one of `quiet` to stop when cancelled.
LoadFn = Callable[[Database, Any, Callable[[], bool]], Any]


class BackgroundLoad(QObject):
    """At most one load running; asking again while it runs loads once more when it is done."""

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(self, db: Database, case: Case | None, load: LoadFn,
                 size: Callable[[Database], int], background_from: int, what: str,
                 quiet: tuple[type[BaseException], ...] = (), parent: QObject | None = None):
        super().__init__(parent)
        self._db = db
        self._case = case  # for a second connection; None: always load at once
        self._load, self._size, self._what, self._quiet = load, size, what, quiet
        self.background_from = background_from
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._cancel = threading.Event()
        self._pending: tuple[Any] | None = None

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def request(self, request: Any) -> bool:
        """Load now (True: done, `loaded` or `failed` was emitted) or in the background."""
        try:
            small = self._case is None or (not self.busy
                                           and self._size(self._db) < self.background_from)
        except (sqlite3.Error, ValueError) as exc:
            self.failed.emit(f"could not read {self._what} ({exc})")
            return True
        if small:
            try:
                result = self._load(self._db, request, lambda: False)
            except (sqlite3.Error, ValueError, OverflowError, RecursionError) as exc:
                # Called from showEvent too: a Qt override must never raise (PySide 6.11).
                self.failed.emit(f"could not read {self._what} ({exc})")
                return True
            self.loaded.emit(result)
            return True
        if self.busy:
            self._pending = (request,)  # only the latest request matters
            return False
        self._start(request)
        return False

    def _start(self, request: Any) -> None:
        self._cancel.clear()
        thread = QThread(self)
        thread.setObjectName(f"casefile-{self.objectName() or 'load'}")
        worker = _Worker(self._case, self._load, request, self._cancel, self._what, self._quiet)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.done.connect(self._done)
        worker.failed.connect(self.failed)
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.finished.connect(self._finished)
        thread.finished.connect(worker.deleteLater)
        thread.finished.connect(thread.deleteLater)
        self._thread, self._worker = thread, worker  # held: Python would collect the worker
        thread.start()

    def _done(self, result: Any) -> None:
        if self._pending is None:  # a newer request would replace it at once
            self.loaded.emit(result)

    def _finished(self) -> None:
        self._thread, self._worker = None, None
        if self._pending is not None:
            (request,) = self._pending
            self._pending = None
            self._start(request)

    def shutdown(self, wait_ms: int = 5_000) -> None:
        """Stop a running load: it ends at its next step (see stop_thread)."""
        self._pending = None
        if self._thread is not None:
            stop_thread(self._thread, self._cancel, wait_ms)
        self._thread = None


class _Worker(QObject):
    done = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, case: Case, load: LoadFn, request: Any, cancel: threading.Event,
                 what: str, quiet: tuple[type[BaseException], ...]):
        super().__init__()
        self._case, self._load, self._request, self._cancel = case, load, request, cancel
        self._what, self._quiet = what, quiet

    def run(self) -> None:
        try:
            own = self._case.second_connection()
            try:
                self.done.emit(self._load(own.db, self._request, self._cancel.is_set))
            finally:
                own.db.close()
        except self._quiet:
            pass
        except Exception as exc:  # a worker must report, never die silently
            self.failed.emit(f"could not read {self._what} ({exc})")
        finally:
            self.finished.emit()
