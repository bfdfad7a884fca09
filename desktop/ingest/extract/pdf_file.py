"""PDF files: text page by page (pypdf, within its decompression limits) and document info."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import PurePath

import pypdf
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

from desktop.domain.text import normalise_document_text

from .document import Document, Limits, Refused, clean_field, short_reason, title_from_text
from .published import edtf_from_metadata

# pypdf's own limits on what one stream may decompress to (75 MB) and how much decoding work it
# may cost, set afresh for each file so that no other code in the process can have turned them
# off; and no jbig2dec program is ever run (images are not needed for text).
_CONFIGURATION = pypdf.Configuration(jbig2dec_binary=None)
# Typographic ligatures (U+FB00-FB06) that PDFs keep and NFC does not split: "ﬁndings" would
# never match a search for "findings".
_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)
_NO_TEXT_LAYER = "has no text layer (a scanned PDF? run OCR first)"
_TOO_MUCH_DATA = "holds more data than can be unpacked safely (a damaged or hostile PDF)"


def extract_pdf(name: str, data: bytes, limits: Limits) -> Document:
    """A .pdf file as a Document with page offsets; raises Refused."""
    if b"%PDF-" not in data[:1024]:
        raise Refused("is not a PDF file (it does not start like one)")
    with pypdf.apply_configuration(_CONFIGURATION), _pdf_errors():
        reader = _open(data)
        texts, notes = _page_texts(reader, limits)
        info = _info(reader)
    text, pages = _join_pages(texts)
    if not text:
        raise Refused(_NO_TEXT_LAYER)
    return Document(
        text=text,
        media_type="application/pdf",
        title=info.get("title") or title_from_text(text, PurePath(name).stem),
        author=info.get("author"),
        published=info.get("published"),
        language=info.get("language"),
        pages=pages,
        notes=tuple(notes),
    )


@contextmanager
def _pdf_errors() -> Iterator[None]:
    """Every failure pypdf raises on bad input (it has many types) as a Refused."""
    try:
        yield
    except Refused:
        raise
    except Exception as exc:  # KeyboardInterrupt and SystemExit are not Exceptions: they pass
        raise Refused(_reason(exc)) from exc


def _reason(exc: Exception) -> str:
    if isinstance(exc, FileNotDecryptedError):
        return "is encrypted (password-protected)"
    if isinstance(exc, DependencyError):
        return f"is encrypted in a way this installation cannot read ({short_reason(exc)})"
    if isinstance(exc, LimitReachedError):
        return _TOO_MUCH_DATA
    if isinstance(exc, MemoryError):
        return "is too large to read in the memory available"
    return f"is a damaged PDF ({short_reason(exc)})"


def _open(data: bytes) -> pypdf.PdfReader:
    reader = pypdf.PdfReader(BytesIO(data), strict=False)
    # An owner password alone (printing or copying restrictions) opens with the empty password.
    if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
        raise Refused("is encrypted (password-protected)")
    return reader


def _page_texts(reader: pypdf.PdfReader, limits: Limits) -> tuple[list[str], list[str]]:
    """Each page's normalised text ('' for a page that fails, with a note), within limits."""
    count = len(reader.pages)
    if count > limits.max_pdf_pages:
        raise Refused(f"has {count:,} pages; the limit is {limits.max_pdf_pages:,}")
    texts: list[str] = []
    notes: list[str] = []
    failures: list[Exception] = []
    total = 0
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = normalise_document_text(page.extract_text().translate(_LIGATURES))
        except (MemoryError, FileNotDecryptedError, DependencyError):
            raise  # the whole file is unreadable, not this page
        except Exception as exc:  # one bad page (any pypdf error) should not lose the others
            failures.append(exc)
            notes.append(f"page {number} could not be read: {_reason(exc).removeprefix('is ')}")
            text = ""
        total += len(text) + 2
        if total > limits.max_text_chars:
            raise Refused(
                f"has too much text to import (over {limits.max_text_chars:,} characters)"
            )
        texts.append(text)
    if not count:
        raise Refused("has no pages")
    if len(failures) == count:
        raise Refused(_reason(failures[0])) from failures[0]
    return texts, notes


def _join_pages(texts: list[str]) -> tuple[str, tuple[int, ...]]:
    """The pages' texts separated by blank lines, and where each page starts.

    An empty page starts where the previous one ends, so that page_of() never points into it
    for a character of another page.
    """
    parts: list[str] = []
    offsets: list[int] = []
    position = 0
    for text in texts:
        if text and position:
            parts.append("\n\n")
            position += 2
        offsets.append(position)
        parts.append(text)
        position += len(text)
    return "".join(parts), tuple(offsets)


def _info(reader: pypdf.PdfReader) -> dict[str, str]:
    """Title, author, creation date (as EDTF) and language, when the file gives them."""
    fields: dict[str, str | None] = {}
    try:
        metadata = reader.metadata
        if metadata is not None:
            fields["title"] = clean_field(metadata.title)
            fields["author"] = clean_field(metadata.author)
            fields["published"] = edtf_from_metadata(_as_str(metadata.creation_date_raw))
        fields["language"] = clean_field(_as_str(reader.root_object.get("/Lang")))
    except Exception:  # damaged metadata loses the metadata, not the text
        pass
    return {key: value for key, value in fields.items() if value}


def _as_str(value: object) -> str | None:
    if isinstance(value, pypdf.generic.PdfObject):
        value = value.get_object()  # an indirect reference to the string
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value) if value is not None else None
