"""Files that cannot be imported: each refused with a reason a user can act on."""

from __future__ import annotations

import os
import pickle
import random
import re
from pathlib import Path

import pytest

from desktop.ingest.extract import (
    SUPPORTED_SUFFIXES,
    Limits,
    Refused,
    extract,
    read_bytes,
)


def _refusal(call, *args) -> str:
    with pytest.raises(Refused) as caught:
        call(*args)
    assert caught.value.reason == str(caught.value)
    return str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    assert _refusal(read_bytes, tmp_path / "gone.txt") == "does not exist"


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "notes.md"
    folder.mkdir()
    assert _refusal(read_bytes, folder) == "is a folder, not a file"
    assert _refusal(read_bytes, tmp_path) == "is a folder, not a file"


def test_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # reading it would block forever
    assert _refusal(read_bytes, fifo) == "is not a regular file"


def test_unreadable_file(write) -> None:
    path = write("secret.txt", "classified")
    path.chmod(0)
    try:
        if os.geteuid() == 0:
            pytest.skip("root reads files whatever their permissions")
        assert _refusal(read_bytes, path) == "cannot be read (permission denied)"
    finally:
        path.chmod(0o600)


def test_unreadable_folder_entry(tmp_path: Path) -> None:
    # A path through a regular file cannot be opened by anyone, root included.
    (tmp_path / "file.txt").write_text("x")
    reason = _refusal(read_bytes, tmp_path / "file.txt" / "inner.txt")
    assert reason.startswith("cannot be read (")


@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.html", "empty.pdf"])
def test_empty_file(write, name: str) -> None:
    assert _refusal(read_bytes, write(name, b"")) == "is empty"
    assert _refusal(extract, name, b"") == "is empty"


@pytest.mark.parametrize("name", ["blank.txt", "blank.md"])
def test_whitespace_only(write, name: str) -> None:
    data = read_bytes(write(name, " \n\t\u00a0\n\r\n   "))
    assert _refusal(extract, name, data).startswith("has no text")


def test_binary_named_txt(write) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(5000)
    data = read_bytes(write("photo.txt", png))
    assert _refusal(extract, "photo.txt", data) == "looks like a binary file, not text"
    assert _refusal(extract, "photo.md", data) == "looks like a binary file, not text"
    assert _refusal(extract, "photo.html", data) == "looks like a binary file, not text"


def test_over_the_size_limit_is_refused_before_reading(write, monkeypatch) -> None:
    path = write("long.txt", "word " * 1000)
    limits = Limits(max_bytes=1000)

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    reason = _refusal(read_bytes, path, limits)
    assert reason == "is too large (5,000 bytes; the limit is 1,000 bytes)"
    assert _refusal(extract, "long.txt", b"word " * 1000, limits) == reason


def test_size_in_megabytes() -> None:
    limits = Limits(max_bytes=2 * 1024 * 1024)
    reason = _refusal(extract, "big.txt", b"x" * (3 * 1024 * 1024), limits)
    assert reason == "is too large (3.0 MB; the limit is 2.0 MB)"


def test_too_much_text(write) -> None:
    reason = _refusal(extract, "long.txt", b"word " * 1000, Limits(max_text_chars=100))
    assert reason == "has too much text to import (5,000 characters; the limit is 100)"


@pytest.mark.parametrize("name", ["report.docx", "data.csv", "archive.tar.gz", "README"])
def test_unsupported_suffix(write, name: str) -> None:
    expected = re.escape(f"; Casefile imports {', '.join(SUPPORTED_SUFFIXES[:-1])} and .pdf files")
    assert re.search(expected, _refusal(read_bytes, write(name, "content")))
    assert re.search(expected, _refusal(extract, name, b"content"))
    assert _refusal(extract, "report.docx", b"x").startswith("is a .docx file;")
    assert _refusal(extract, "README", b"x").startswith("is a file without a type suffix;")


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
def test_suffixes_are_case_insensitive(suffix: str) -> None:
    name = "NOTE" + suffix.upper()
    if suffix == ".pdf":
        assert _refusal(extract, name, b"plain words").startswith("is not a PDF file")
    else:
        document = extract(name, b"<p>Plain words in a paragraph.</p>")
        assert "Plain words" in document.text


def test_refused_is_an_exception_with_a_reason() -> None:
    refused = Refused("is empty")
    assert isinstance(refused, Exception)
    assert (refused.reason, str(refused), refused.args) == ("is empty", "is empty", ("is empty",))


def test_random_bytes_under_every_suffix_never_crash() -> None:
    for seed in range(30):
        data = random.Random(seed).randbytes(50 + seed * 97)
        for suffix in SUPPORTED_SUFFIXES:
            try:
                extract("random" + suffix, data)
            except Refused:
                pass


def test_results_cross_process_boundaries() -> None:
    # The importer runs extract() in a child process: both outcomes must pickle.
    document = extract("note.txt", b"A title\n\nSome text.")
    assert pickle.loads(pickle.dumps(document)) == document
    refused = pickle.loads(pickle.dumps(Refused("is empty")))
    assert isinstance(refused, Refused) and refused.reason == "is empty"


def test_default_limits() -> None:
    assert Limits() == Limits(
        max_bytes=50 * 1024 * 1024, max_pdf_pages=5000, max_text_chars=20_000_000
    )


def test_the_network_is_really_off() -> None:
    import socket

    with pytest.raises(AssertionError, match="network access attempted"):
        socket.create_connection(("example.org", 80), timeout=1)
    with pytest.raises(AssertionError, match="network access attempted"):
        socket.socket().connect(("93.184.216.34", 80))
