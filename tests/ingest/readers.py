"""Stand-in readers for the sandbox tests: they run in the child process, so they live in an
importable module (the child imports them by name)."""

from __future__ import annotations

import os
import time


def slow(name: str, data: bytes, limits) -> None:
    time.sleep(30)


def crash(name: str, data: bytes, limits) -> None:
    os._exit(3)  # a parser dying in C looks like this to the parent


def hungry(name: str, data: bytes, limits) -> None:
    # Far past the reader's memory cap: must come back as a refusal, not take the machine.
    blocks = [bytearray(512 * 1024**2) for _ in range(16)]
    return len(blocks)  # type: ignore[return-value]


def noisy(name: str, data: bytes, limits) -> str:
    # A library that prints while parsing must not garble the answers.
    print("parsing", name, "\n" * 3, flush=True)
    os.write(1, b"\x00\x00\x00\x00\x00\x00\x00\x05junk")
    return f"read {name}"


class Unpicklable:
    def __reduce__(self):
        raise TypeError("cannot be sent")


def unpicklable(name: str, data: bytes, limits) -> object:
    return Unpicklable()


def echo(name: str, data: bytes, limits) -> str:
    return f"doc of {name}"
