"""File bytes to a Document (clean text and metadata) for importing a source; no Qt, no storage.

    data = read_bytes(path)             # Refused: missing, folder, unreadable, empty, too large
    document = extract(path.name, data)  # Refused: binary, encrypted, damaged, no text...

Both raise Refused, whose str() is the reason in a user's words without the file name.
"""

from __future__ import annotations

import errno
import stat
from collections.abc import Callable
from pathlib import Path, PurePath

from desktop.domain.pages import page_of  # re-exported: storage uses the same rule

from .document import Document, Limits, Refused, check_text_size
from .html_page import extract_html
from .markdown_file import extract_markdown
from .pdf_file import extract_pdf
from .plain import extract_plain

__all__ = [
    "DEFAULT_LIMITS",
    "SUPPORTED_SUFFIXES",
    "Document",
    "Limits",
    "Refused",
    "extract",
    "page_of",
    "read_bytes",
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
DEFAULT_LIMITS = Limits()  # frozen: one shared default is safe

_EXTRACTORS: dict[str, Callable[[str, bytes, Limits], Document]] = {
    ".txt": extract_plain,
    ".md": extract_markdown,
    ".markdown": extract_markdown,
    ".html": extract_html,
    ".htm": extract_html,
    ".pdf": extract_pdf,
}


def read_bytes(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a file to import; raises Refused before reading anything it would refuse."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise Refused("does not exist") from None
    except OSError as exc:
        raise Refused(_os_reason(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise Refused("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise Refused("is not a regular file")  # a FIFO or device would block or never end
    _check_suffix(path.name)
    if info.st_size == 0:
        raise Refused("is empty")
    _check_size(info.st_size, limits)
    try:
        with path.open("rb") as file:
            data = file.read(limits.max_bytes + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise Refused(_os_reason(exc)) from None
    _check_size(len(data), limits)
    if not data:
        raise Refused("is empty")
    return data


def extract(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> Document:
    """The Document in a file's bytes, read by the kind its name's suffix says; raises Refused."""
    extractor = _EXTRACTORS[_check_suffix(name)]
    if not data:
        raise Refused("is empty")
    _check_size(len(data), limits)
    document = extractor(name, data, limits)  # each one normalises its text
    if not document.text:
        raise Refused("has no text")
    check_text_size(document.text, limits)
    return document


def _check_suffix(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix not in _EXTRACTORS:
        kind = f"a {suffix} file" if suffix else "a file without a type suffix"
        raise Refused(f"is {kind}; Casefile imports {_suffix_list()} files")
    return suffix


def _suffix_list() -> str:
    *rest, last = SUPPORTED_SUFFIXES
    return f"{', '.join(rest)} and {last}"


def _check_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        limit = _megabytes(limits.max_bytes)
        raise Refused(f"is too large ({_megabytes(size)}; the limit is {limit})")


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    return f"{size / (1024 * 1024):.1f} MB"


def _os_reason(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read (permission denied)"
    if exc.errno == errno.ENOENT:
        return "does not exist"
    if exc.errno == errno.EISDIR:
        return "is a folder, not a file"
    return f"cannot be read ({exc.strerror or exc})"
