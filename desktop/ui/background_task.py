"""One long write off the window's thread: a worker thread with its own connection to the case,
telling its progress and stopping when cancelled (the write then rolls back)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal

from desktop.storage.casefile import Case
from desktop.ui.background_load import stop_thread

# task(case, progress(done, total), cancelled()) -> result, run on the worker's connection.
TaskFn = Callable[[Case, Callable[[int, int], None], Callable[[], bool]], Any]


class BackgroundTask(QObject):
    """At most one task at a time; `done` or `failed` comes once it ends, on the window's
    thread."""

    progress = Signal(int, int)  # done, total
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, case: Case, parent: QObject | None = None):
        super().__init__(parent)
        self._case = case
        self._cancel = threading.Event()
        self._thread: QThread | None = None
        self._worker: _Worker | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, task: TaskFn, name: str = "task") -> bool:
        """Begin; False when a task is running already."""
        if self.running:
            return False
        self._cancel.clear()
        thread = QThread(self)
        thread.setObjectName(f"casefile-{name}")
        worker = _Worker(self._case, task, self._cancel)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self.progress)
        worker.done.connect(self.done)
        worker.failed.connect(self.failed)
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.finished.connect(self._finished)
        thread.finished.connect(worker.deleteLater)
        self._thread, self._worker = thread, worker  # held: Python would collect the worker
        thread.start()
        return True

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, ms: int = 30_000) -> bool:
        return self._thread is None or self._thread.wait(ms)

    def shutdown(self, wait_ms: int = 5_000) -> None:
        """Cancel and wait; a thread that will not end in time is kept, never deleted running."""
        # Nothing it reports may arrive after this: the window is closing its case.
        self.blockSignals(True)
        if self._thread is not None:
            stop_thread(self._thread, self._cancel, wait_ms)
        self._thread = self._worker = None

    def _finished(self) -> None:
        thread, self._thread, self._worker = self._thread, None, None
        if thread is not None:
            thread.deleteLater()


class _Worker(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, case: Case, task: TaskFn, cancel: threading.Event):
        super().__init__()
        self._case, self._task, self._cancel = case, task, cancel

    def run(self) -> None:
        try:
            own = self._case.second_connection()  # a connection belongs to its thread
            try:
                self.done.emit(self._task(own, self.progress.emit, self._cancel.is_set))
            finally:
                own.close()
        except Exception as exc:  # a worker must report, never die silently
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        finally:
            self.finished.emit()
