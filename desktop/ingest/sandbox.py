"""Reading files in child processes: a time cap that really stops a runaway parser, and a crash or
memory blow-up that costs only its own file."""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from desktop.ingest.extract import Document, Limits, Refused, extract, read_bytes

DEFAULT_TIMEOUT = 60.0  # seconds one file may take to read before it is refused
MEMORY_CAP = 4 * 1024**3  # address space of a reader process: a decompression bomb hits this
_POLL = 0.05  # how often a wait looks at the cancel flag
# One file per reader at a time: a reader blocked handing back a long text while we block
# handing it the next file would wait on each other for ever (pipes hold ~64 KB).
MAX_WORKERS = 4


@dataclass(frozen=True)
class Read:
    """One file's outcome: its bytes and document, or the reason it was refused."""

    path: Path
    data: bytes | None
    document: Document | None
    refused: str | None = None


class Extractor:
    """A few reader processes, fed in order and started on first use; use as a context manager.

    Processes rather than threads: Python cannot stop a thread stuck in lxml or pypdf, a parser
    crash would take the app with it, and reading holds the GIL the window needs.
    """

    def __init__(
        self,
        limits: Limits | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        workers: int | None = None,
        function: Callable[[str, bytes, Limits], Document] = extract,
    ):
        self.limits = limits or Limits()
        self.timeout = timeout
        self._function = function
        self._context = multiprocessing.get_context("spawn")  # never fork a process running Qt
        # One more reader than cores: one keeps reading while the importer stores a file.
        count = workers or min(MAX_WORKERS, (os.cpu_count() or 1) + 1)
        self._workers: list[_Worker | None] = [None] * max(1, count)

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for i, worker in enumerate(self._workers):
            if worker is not None:
                worker.stop()
                self._workers[i] = None

    def read_all(
        self, paths: Iterable[Path], cancelled: Callable[[], bool] = lambda: False
    ) -> Iterator[Read]:
        """Each path's Read in the order given, every reader working on the next file."""
        pending: deque[_Job] = deque()
        capacity = len(self._workers)  # one file each, see above
        turn = 0
        for path in paths:
            if cancelled():
                return
            try:
                data = read_bytes(path, self.limits)
            except Refused as exc:
                # Still in order: everything read before this file is handed out first.
                while pending:
                    yield self._collect(pending, cancelled)
                yield Read(path, None, None, exc.reason)
                continue
            if len(pending) >= capacity:
                yield self._collect(pending, cancelled)
            pending.append(self._submit(turn % len(self._workers), path, data))
            turn += 1
        while pending:
            yield self._collect(pending, cancelled)

    def _submit(self, slot: int, path: Path, data: bytes) -> _Job:
        worker = self._workers[slot]
        if worker is None or not worker.alive():
            worker = self._workers[slot] = _Worker(self._context, self._function, slot)
        worker.send((path.name, data, self.limits))
        return _Job(path, data, worker, _now())

    def _collect(self, pending: deque[_Job], cancelled: Callable[[], bool]) -> Read:
        job = pending.popleft()
        worker = job.worker
        deadline = job.submitted + self.timeout  # a reader starts a file as it is sent
        while True:
            if cancelled():
                self._restart(worker)
                return Read(job.path, job.data, None, "cancelled")
            if worker.ready(min(_POLL, max(0.0, deadline - _now()))):
                break
            if _now() >= deadline:
                self._restart(worker)
                return Read(job.path, job.data, None,
                            f"took longer than {self.timeout:g} s to read")
        outcome = worker.receive()
        if outcome is None:
            self._restart(worker)
            return Read(job.path, job.data, None,
                        "made the reader crash (a damaged or hostile file?)")
        kind, value = outcome
        if kind == "ok":
            return Read(job.path, job.data, value)
        return Read(job.path, job.data, None, value)

    def _restart(self, worker: _Worker) -> None:
        """Stop a reader; a fresh one starts when its slot is next given a file."""
        worker.stop()
        self._workers[worker.slot] = None


@dataclass
class _Job:
    path: Path
    data: bytes
    worker: _Worker
    submitted: float


class _Worker:
    """One reader process and its pipe."""

    def __init__(self, context: Any, function: Callable, slot: int):
        self.slot = slot
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child, function), daemon=True, name="casefile-reader"
        )
        self._process.start()
        child.close()

    def alive(self) -> bool:
        return self._process.is_alive()

    def send(self, job: tuple) -> None:
        self._conn.send(job)

    def ready(self, timeout: float) -> bool:
        try:
            return self._conn.poll(timeout)
        except (OSError, EOFError):
            return True  # a dead pipe is "ready": receive() reports the crash

    def receive(self) -> tuple[str, Any] | None:
        try:
            return self._conn.recv()
        except (OSError, EOFError):
            return None

    def stop(self) -> None:
        self._conn.close()
        if self._process.is_alive():
            self._process.kill()
        self._process.join(timeout=5)


def _serve(conn: Connection, function: Callable) -> None:
    """The child's loop: read jobs until the pipe closes, answer each with ok or a reason."""
    _cap_memory()
    while True:
        try:
            name, data, limits = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, Any] = ("ok", function(name, data, limits))
        except Refused as exc:
            answer = ("refused", exc.reason)
        except MemoryError:
            answer = ("refused", "needs more memory to read than a file may use")
        except RecursionError:
            answer = ("refused", "is nested too deeply to read")
        except Exception as exc:  # a bug in a parser on odd input costs this file only
            answer = ("refused", f"could not be read ({type(exc).__name__}: {exc})"[:300])
        try:
            conn.send(answer)
        except (OSError, EOFError):
            return


def _cap_memory() -> None:
    if sys.platform.startswith("linux"):
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = MEMORY_CAP if hard == resource.RLIM_INFINITY else min(MEMORY_CAP, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _now() -> float:
    return time.monotonic()
