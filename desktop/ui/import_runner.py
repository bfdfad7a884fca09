"""Importing off the GUI thread: a worker thread with its own connection, reporting file by file."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal

from desktop.ingest.extract import Limits
from desktop.ingest.importer import ImportResult, import_files
from desktop.ingest.sandbox import Extractor
from desktop.storage.casefile import Case

# Threads that outlived their window: held, never deleted, since deleting a running QThread
# aborts the process (rare: closing during a very long file; the app is usually exiting).
_DETACHED: list = []


class _ImportWorker(QObject):
    """Lives in the worker thread; every signal it emits is queued to the window's thread."""

    started_file = Signal(int, str)  # files done so far, name of the one being read
    file_done = Signal(object)  # ImportResult
    failed = Signal(str)  # the import as a whole could not run (the case could not be opened)
    finished = Signal()

    def __init__(self, case: Case, paths: list[Path], limits: Limits,
                 update_source: int | None, cancel: threading.Event):
        super().__init__()
        self._case, self._paths, self._limits = case, paths, limits
        self._update, self._cancel = update_source, cancel

    def run(self) -> None:
        try:
            self._import()
        except Exception as exc:  # never let an error escape into Qt's event loop
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        finally:
            self.finished.emit()

    def _import(self) -> None:
        # A connection belongs to the thread that made it: make it here, close it here.
        case = self._case.second_connection()
        try:
            with Extractor(self._limits) as extractor:
                if self._paths:
                    self.started_file.emit(0, self._paths[0].name)
                results = import_files(
                    case, self._paths, update_source=self._update,
                    cancelled=self._cancel.is_set, extractor=extractor,
                )
                for done, result in enumerate(results, start=1):
                    self.file_done.emit(result)
                    if done < len(self._paths):
                        self.started_file.emit(done, self._paths[done].name)
        finally:
            case.close()


class ImportRunner(QObject):
    """One import at a time: start it, follow it through signals, cancel it."""

    progress = Signal(int, int, str)  # done, total, file being read
    file_done = Signal(object)  # ImportResult, after its transaction committed or rolled back
    finished = Signal(list)  # every ImportResult, in order
    failed = Signal(str)

    def __init__(self, case: Case, parent: QObject | None = None):
        super().__init__(parent)
        self._case = case
        self._thread: QThread | None = None
        self._worker: _ImportWorker | None = None
        self._cancel = threading.Event()
        self._results: list[ImportResult] = []
        self._total = 0

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, paths: list[Path], *, limits: Limits | None = None,
              update_source: int | None = None) -> bool:
        """Begin importing; False when an import is already running."""
        if self.running or not paths:
            return False
        self._cancel.clear()
        self._results, self._total = [], len(paths)
        thread = QThread(self)
        thread.setObjectName("casefile-import")
        worker = _ImportWorker(self._case, list(paths), limits or Limits(), update_source,
                               self._cancel)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        # Bound methods of this object, not lambdas: they run queued in the window's thread.
        worker.started_file.connect(self._started_file)
        worker.file_done.connect(self._file_done)
        worker.failed.connect(self.failed)
        # Direct: quit() is thread-safe, and queued it would wait for the window's event loop,
        # which is blocked in wait() when the window closes mid-import.
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.finished.connect(self._finished)
        self._thread, self._worker = thread, worker
        thread.start()
        return True

    def cancel(self) -> None:
        """Stop after rolling back the file in hand; files already imported stay."""
        self._cancel.set()

    def wait(self, ms: int = 30000) -> bool:
        """Block until the worker ends (for closing the window, and tests)."""
        return self._thread is None or self._thread.wait(ms)

    def detach(self) -> None:
        """Keep a still-running import thread alive past this object (the window closes)."""
        if self._thread is not None:
            self._thread.setParent(None)
            _DETACHED.append((self._thread, self._worker))

    def _started_file(self, done: int, name: str) -> None:
        self.progress.emit(done, self._total, name)

    def _file_done(self, result: ImportResult) -> None:
        self._results.append(result)
        self.file_done.emit(result)

    def _finished(self) -> None:
        thread, self._thread, self._worker = self._thread, None, None
        if thread is not None:
            thread.deleteLater()
        self.finished.emit(list(self._results))
