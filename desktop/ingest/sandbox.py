"""Reading files in child processes: a time cap that really stops a runaway parser, and a crash or
memory blow-up that costs only its own file."""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.ingest import reader
from desktop.ingest.extract import Document, Limits, Refused, extract, read_bytes

_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])  # the folder holding `desktop`
DEFAULT_TIMEOUT = 60.0  # seconds one file may take to read before it is refused
_POLL = 0.05  # how often a wait looks at the cancel flag
# One file per reader at a time: the time cap counts from sending, and we must never block
# handing a file to a reader stuck on the one before.
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
        # One more reader than cores: one keeps reading while the importer stores a file.
        count = workers or min(MAX_WORKERS, (os.cpu_count() or 1) + 1)
        self._workers: list[_Worker | None] = [None] * max(1, count)
        self._jobs = 0  # numbers jobs; answers repeat them
        self._broken: str | None = None  # why readers cannot start, once one has said so

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
            worker = self._workers[slot] = _Worker(self._function, slot)
        self._jobs += 1
        worker.send((self._jobs, path.name, data, self.limits))
        return _Job(path, data, worker, _now(), self._jobs)

    def _collect(self, pending: deque[_Job], cancelled: Callable[[], bool]) -> Read:
        job = pending.popleft()
        worker = job.worker
        deadline = job.submitted + self.timeout  # a reader starts a file as it is sent
        if self._broken is not None:
            return Read(job.path, job.data, None, self._broken)
        while True:
            if cancelled():
                self._restart(worker)
                return Read(job.path, job.data, None, "cancelled")
            outcome = worker.answer(min(_POLL, max(0.0, deadline - _now())))
            if outcome is None:  # the reader died
                break
            if outcome is not False:
                number, kind, value = outcome
                if number == job.number:
                    break
                if number == reader.STARTED and kind == "failed":
                    # Every reader would fail alike: refuse with the reason, start no more.
                    self._broken = f"could not be read: the reader could not start ({value})"
                    self._restart(worker)
                    return Read(job.path, job.data, None, self._broken)
                continue  # "ready", or the answer to a file given up on earlier
            if _now() >= deadline:
                self._restart(worker)
                return Read(job.path, job.data, None,
                            f"took longer than {self.timeout:g} s to read")
        if outcome is None:
            self._restart(worker)
            return Read(job.path, job.data, None,
                        "made the reader crash (a damaged or hostile file?)")
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
    number: int


class _Worker:
    """One reader process, its pipes, and a thread that takes its answers as they come.

    The thread keeps the reader's answer pipe empty, so a reader never waits on us while we
    store the previous file, and a long text never fills the pipe.
    """

    def __init__(self, function: Callable, slot: int):
        self.slot = slot
        self._answers: queue.SimpleQueue[tuple[int, str, Any] | None] = queue.SimpleQueue()
        # Our package first, then the parent's path; -P keeps the working directory off the
        # path, so a folder of untrusted files imported from cannot shadow a module.
        path = [_PACKAGE_ROOT, *(p for p in sys.path if p and p != _PACKAGE_ROOT)]
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
        self._process = subprocess.Popen(
            [sys.executable, "-P", "-m", "desktop.ingest.reader"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=environment, cwd=_PACKAGE_ROOT,
        )
        self._inbox = self._process.stdin
        self.send(reader.function_name(function))
        threading.Thread(target=self._collect_answers, args=(self._process.stdout,),
                         daemon=True, name="casefile-reader-answers").start()

    def _collect_answers(self, stream) -> None:
        while True:
            try:
                self._answers.put(reader.receive(stream))
            except (EOFError, OSError, ValueError, pickle.UnpicklingError):
                self._answers.put(None)  # the reader has gone
                return

    def alive(self) -> bool:
        return self._process.poll() is None

    def send(self, job: object) -> None:
        try:
            reader.send(self._inbox, job)
        except (OSError, ValueError):
            pass  # a dead reader: its answer thread reports it

    def answer(self, timeout: float) -> tuple[int, str, Any] | None | bool:
        """The reader's answer, None if it died, False if none came within the timeout."""
        try:
            return self._answers.get(timeout=timeout)
        except queue.Empty:
            return False

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._inbox.close()
        if self._process.poll() is None:
            self._process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(timeout=5)
        with contextlib.suppress(OSError, ValueError):
            self._process.stdout.close()


def _now() -> float:
    return time.monotonic()
