"""Extraction tests: no network, ever, and a place to write real files."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest


class NetworkUsed(AssertionError):
    """A test (or a library under it) tried to open a network connection."""


def _refuse(*args, **kwargs):
    raise NetworkUsed(f"network access attempted: {args[1:] or kwargs}")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to connect fails the test: extraction must never fetch anything."""
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)


@pytest.fixture
def write(tmp_path: Path):
    """write(name, content) -> path: a real file (str as UTF-8, or bytes as given)."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return _write
