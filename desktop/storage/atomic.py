"""Writing an export whole or not at all: a temporary file beside the target, then a rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


def _process_umask() -> int:
    """The umask, read without changing it where the system tells it (Linux); elsewhere read
    once at import, before the app starts threads (setting it, even briefly, is process-wide:
    a file another thread made at that moment would be world-writable)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _process_umask()


@contextmanager
def replacing(out: Path, *, encoding: str = "utf-8", newline: str | None = None
              ) -> Iterator[TextIO]:
    """A text stream whose contents replace out only if the block ends without an error."""
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    os.fchmod(fd, 0o666 & ~_UMASK)  # mkstemp makes 0600; an export is an ordinary file
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
            yield handle
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_bytes(out: Path, data: bytes) -> None:
    """Bytes that replace out whole, or leave it as it was (a PDF made in memory)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
