"""The reader process (`python -m desktop.ingest.reader`): reads files sent by the sandbox and
answers each with its Document or the reason it was refused. Started by our own command, not
multiprocessing's spawn, so it imports only what reading needs: spawn would first re-import
whatever script started the app (the window, the benchmarks) in every reader."""

from __future__ import annotations

import importlib
import os
import pickle
import struct
import sys
from collections.abc import Callable
from typing import Any, BinaryIO

MEMORY_CAP = 4 * 1024**3  # address space of a reader process: a decompression bomb hits this
_HEADER = struct.Struct("!Q")  # each message: its length, then its pickle


def send(stream: BinaryIO, message: Any) -> None:
    """One message down a pipe."""
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def receive(stream: BinaryIO) -> Any:
    """The next message from a pipe; EOFError when the other end has gone."""
    header = _read_exactly(stream, _HEADER.size)
    return pickle.loads(_read_exactly(stream, _HEADER.unpack(header)[0]))  # our own process


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    chunks = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def function_name(function: Callable) -> str:
    """How the reader finds a function: module:qualified name."""
    return f"{function.__module__}:{function.__qualname__}"


def _resolve(name: str) -> Callable:
    module, _, qualname = name.partition(":")
    target: Any = importlib.import_module(module)
    for part in qualname.split("."):
        target = getattr(target, part)
    return target


STARTED = -1  # the number of the first answer: ready, or why the reader could not start


def serve(inbox: BinaryIO, outbox: BinaryIO) -> None:
    """Read jobs until the pipe closes, answer each with ok or a reason.

    The first message names the reading function; the reader answers that it is ready, or why
    it cannot start (then the sandbox refuses files with that reason instead of blaming them).
    Each job carries a number its answer repeats, so an answer is never taken for another's.
    """
    try:
        from desktop.ingest.extract import Refused

        function = _resolve(receive(inbox))
    except Exception as exc:
        send(outbox, (STARTED, "failed", f"{type(exc).__name__}: {exc}"[:300]))
        return
    send(outbox, (STARTED, "ready", None))
    while True:
        try:
            number, file_name, data, limits = receive(inbox)
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, Any] = ("ok", function(file_name, data, limits))
        except Refused as exc:
            answer = ("refused", exc.reason)
        except MemoryError:
            answer = ("refused", "needs more memory to read than a file may use")
        except RecursionError:
            answer = ("refused", "is nested too deeply to read")
        except Exception as exc:  # a bug in a parser on odd input costs this file only
            answer = ("refused", f"could not be read ({type(exc).__name__}: {exc})"[:300])
        try:
            try:
                send(outbox, (number, *answer))
            except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as exc:
                send(outbox, (number, "refused", f"could not be read ({exc})"[:300]))
        except (OSError, ValueError):
            return


def _cap_memory() -> None:
    if sys.platform.startswith("linux"):
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = MEMORY_CAP if hard == resource.RLIM_INFINITY else min(MEMORY_CAP, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def main() -> None:
    # Answers go out on a private copy of stdout; anything a library prints goes to stderr
    # instead of into the answers.
    outbox = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    _cap_memory()
    serve(sys.stdin.buffer, outbox)


if __name__ == "__main__":
    main()
