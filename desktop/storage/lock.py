"""One process per case: an OS lock on a sidecar file, released by the kernel if we die.

SQLite's own locking_mode=EXCLUSIVE would also shut out a second connection in this process
(a worker thread's reader), so the cross-process claim is held beside the database instead.
Because the kernel drops the lock with the process, a crashed Casefile never leaves a stale lock.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path

from desktop.storage.errors import CaseError, CaseInUse

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def lock_path(case_path: Path) -> Path:
    return case_path.with_name(f".{case_path.name}.lock")


class CaseLock:
    """Held while a case is open; acquire() fails at once, naming the holder, if another has it."""

    def __init__(self, case_path: Path):
        self.case_path = Path(case_path)
        # Resolved, so a symlink or a relative path to the case finds the same lock. (A hard
        # link to the case is a different name for the same file and is not caught.)
        self.path = lock_path(self.case_path.resolve())
        self._fd: int | None = None

    def acquire(self) -> None:
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise CaseError(
                    self.case_path, f"cannot create its lock file ({exc.strerror})"
                ) from exc
            if not _try_lock(fd):
                holder = _read_holder(fd)
                os.close(fd)
                raise CaseInUse(self.case_path, f"the case is in use{holder}")
            # A holder that released and removed the file between our open and our lock leaves
            # us holding an orphaned inode; lock the file that is really at the path instead.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        info = {"pid": os.getpid(), "host": socket.gethostname()}
        os.write(fd, json.dumps(info).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.unlink(self.path)
        except OSError:
            pass  # already gone, or a read-only folder: the lock still dies with the fd
        os.close(self._fd)
        self._fd = None


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        info = json.loads(os.read(fd, 4096) or b"{}")
        return f" by process {int(info['pid'])} on {info['host']}"
    except (ValueError, KeyError, TypeError, OSError):
        return " by another Casefile"
