"""What extraction returns (Document), what it refuses (Refused) and its size limits (Limits)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# Longest metadata value kept: a "title" longer than this is a paragraph, not a title.
_MAX_FIELD_CHARS = 1000
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Limits:
    """Bounds on what one import may cost; files beyond them are refused, not truncated."""

    max_bytes: int = 50 * 1024 * 1024
    max_pdf_pages: int = 5000
    max_text_chars: int = 20_000_000


class Refused(Exception):
    """A file that cannot be imported; str(exc) is the reason, without the file name."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True)
class Document:
    """A file's text, normalised by normalise_document_text, and what the file says about itself."""

    text: str
    media_type: str  # text/plain | text/markdown | text/html | application/pdf
    title: str | None = None
    author: str | None = None
    publisher: str | None = None  # site name or publisher
    published: str | None = None  # EDTF, as precise as the file: 2026, 2026-06, 2026-06-02
    url: str | None = None  # canonical URL, when the file names one
    language: str | None = None
    pages: tuple[int, ...] = ()  # PDFs: offset in text where each page starts; () otherwise
    notes: tuple[str, ...] = ()  # non-fatal things the user should know


def clean_field(value: object) -> str | None:
    """A metadata value as one trimmed line, or None when there is nothing in it."""
    if value is None:
        return None
    text = _WHITESPACE.sub(" ", str(value)).strip()
    if not text:
        return None
    if len(text) > _MAX_FIELD_CHARS:
        text = text[: _MAX_FIELD_CHARS - 1].rstrip() + "…"
    return text


def clean_url(value: object) -> str | None:
    """An absolute http(s) URL, or None: relative or other-scheme links name no source."""
    url = clean_field(value)
    if url is None or " " in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def check_text_size(text: str, limits: Limits) -> None:
    """Refuse text longer than the limit (checked as soon as a length is known, to stop early)."""
    if len(text) > limits.max_text_chars:
        raise Refused(
            f"has too much text to import ({len(text):,} characters; "
            f"the limit is {limits.max_text_chars:,})"
        )


def short_reason(exc: BaseException, limit: int = 120) -> str:
    """An exception's message as one short line, for a reason or a note."""
    message = _WHITESPACE.sub(" ", str(exc)).strip() or type(exc).__name__
    return message if len(message) <= limit else message[: limit - 1].rstrip() + "…"


def title_from_text(text: str, fallback: str, max_chars: int = 200) -> str:
    """The first non-empty line when it is short enough to be a title, else the fallback."""
    for line in text.split("\n", 50):
        line = line.strip()
        if line:
            return line if len(line) <= max_chars else fallback
    return fallback
