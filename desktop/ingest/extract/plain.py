"""Plain-text files: the text as written, the first short line as its title."""

from __future__ import annotations

from pathlib import PurePath

from desktop.domain.text import normalise_document_text

from .decode import decode_text
from .document import Document, Limits, check_text_size, title_from_text


def extract_plain(name: str, data: bytes, limits: Limits) -> Document:
    """A .txt file as a Document; raises Refused."""
    text, notes = decode_text(data)
    check_text_size(text, limits)
    text = normalise_document_text(text)
    return Document(
        text=text,
        media_type="text/plain",
        title=title_from_text(text, PurePath(name).stem),
        notes=tuple(notes),
    )
