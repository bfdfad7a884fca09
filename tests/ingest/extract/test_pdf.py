"""PDFs: text by page with offsets, metadata, and encrypted, damaged or hostile files refused."""

from __future__ import annotations

import io
import re
import time
import tracemalloc

import pypdf
import pytest

from desktop.domain.text import normalise_document_text
from desktop.ingest.extract import Limits, Refused, extract, page_of, read_bytes

from .pdfs import drawn_pdf, flate_bomb, handmade_pdf, text_stream

PAGES = [
    ["Port Elsen harbour review", "Prepared for the inspection board"],
    ["Second page: findings", "The tanker Nordlys Star held its position offshore."],
    ["Third page: conclusions", "The zanzibar protocol was applied to both vessels."],
]


@pytest.fixture
def three_pages(qapp) -> bytes:
    return drawn_pdf(PAGES, title="Harbour inspection review 2026")


def test_three_pages_with_offsets(three_pages: bytes, write) -> None:
    document = extract("review.pdf", read_bytes(write("review.pdf", three_pages)))
    assert document.media_type == "application/pdf"
    assert len(document.pages) == 3 and document.pages[0] == 0
    assert page_of(document.pages, document.text.index("zanzibar")) == 3
    assert page_of(document.pages, document.text.index("findings")) == 2  # ligature undone
    assert page_of(document.pages, 0) == 1
    for number, start in enumerate(document.pages, start=1):
        assert document.text[start:].startswith(PAGES[number - 1][0])
    assert normalise_document_text(document.text) == document.text


def test_title_from_the_pdf_metadata(three_pages: bytes) -> None:
    document = extract("review.pdf", three_pages)
    assert document.title == "Harbour inspection review 2026"
    assert document.published is not None  # Qt stamps the creation date
    assert len(document.published) == len("2026-06-02")


def test_without_a_title_the_first_line_is_used(qapp) -> None:
    document = extract("scan-notes.pdf", drawn_pdf([["Minutes of the board", "Item one"]]))
    assert document.title == "Minutes of the board"


def test_metadata_dates_and_language() -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(_handmade("Dated text"))))
    writer.add_metadata({"/Author": "Harbour Board", "/CreationDate": "D:202606"})
    writer._root_object[pypdf.generic.NameObject("/Lang")] = pypdf.generic.TextStringObject("fi")
    document = extract("dated.pdf", _written(writer))
    assert (document.author, document.published, document.language) == (
        "Harbour Board",
        "2026-06",
        "fi",
    )


def test_page_of() -> None:
    assert page_of((), 10) is None
    assert page_of((0, 100, 250), 0) == 1
    assert page_of((0, 100, 250), 99) == 1
    assert page_of((0, 100, 250), 100) == 2
    assert page_of((0, 100, 250), 10_000) == 3
    assert page_of((0, 40, 40, 90), 40) == 3  # page 2 is empty: position 40 is on page 3


def test_empty_pages_keep_their_place() -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(612, 792)
    for text in ("First words", "Later words"):
        writer.append(pypdf.PdfReader(io.BytesIO(_handmade(text))))
        writer.add_blank_page(612, 792)
    document = extract("gaps.pdf", _written(writer))
    assert document.text == "First words\n\nLater words"
    assert len(document.pages) == 5
    assert page_of(document.pages, document.text.index("First")) == 2
    assert page_of(document.pages, document.text.index("Later")) == 4


def test_encrypted_pdf_is_refused(three_pages: bytes) -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(three_pages)))
    writer.encrypt(user_password="secret", owner_password="owner")
    with pytest.raises(Refused, match=r"encrypted \(password-protected\)"):
        extract("locked.pdf", _written(writer))


def test_owner_password_only_pdf_opens(three_pages: bytes) -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(three_pages)))
    writer.encrypt(user_password="", owner_password="owner-only")
    assert "zanzibar" in extract("restricted.pdf", _written(writer)).text


def test_missing_crypto_library_is_a_refusal(three_pages: bytes, monkeypatch) -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(three_pages)))
    writer.encrypt(user_password="", owner_password="owner-only")
    data = _written(writer)

    def needs_cryptography(self, password):
        raise pypdf.errors.DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(pypdf.PdfReader, "decrypt", needs_cryptography)
    with pytest.raises(Refused, match="is encrypted in a way this installation cannot read"):
        extract("aes.pdf", data)


def test_running_out_of_memory_is_a_refusal(three_pages: bytes, monkeypatch) -> None:
    def exhausted(self, *args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(pypdf.PageObject, "extract_text", exhausted)
    with pytest.raises(Refused, match="is too large to read in the memory available"):
        extract("huge.pdf", three_pages)


def test_truncated_pdf_never_crashes(three_pages: bytes) -> None:
    for cut in (len(three_pages) // 2, len(three_pages) // 5, 200, 20):
        try:
            document = extract("truncated.pdf", three_pages[:cut])
        except Refused as refused:
            assert str(refused).startswith(("is a damaged PDF", "has no text layer"))
        else:
            assert document.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n" + b"garbage " * 100, "is a damaged PDF"),
        (b"<html>not a pdf</html>", "is not a PDF file"),
        (handmade_pdf(b"q 1 0 0 1 0 0 cm Q"), "has no text layer (a scanned PDF? run OCR first)"),
    ],
)
def test_bad_pdfs_are_refused(data: bytes, reason: str) -> None:
    with pytest.raises(Refused, match=re.escape(reason)):
        extract("bad.pdf", data)


def test_too_many_pages_are_refused(three_pages: bytes) -> None:
    with pytest.raises(Refused, match="has 3 pages; the limit is 2"):
        extract("review.pdf", three_pages, Limits(max_pdf_pages=2))


def test_decompression_bomb_is_refused_within_bounded_memory() -> None:
    bomb = handmade_pdf(flate_bomb(300), "/Filter /FlateDecode")  # 300 MB of zeros, ~300 KB
    assert len(bomb) < 1_000_000
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(Refused, match="more data than can be unpacked safely"):
            extract("bomb.pdf", bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 200 * 1024 * 1024  # pypdf stops at 75 MB a stream; unbounded would be 300
    assert time.perf_counter() - started < 30


def _handmade(text: str) -> bytes:
    return handmade_pdf(text_stream(text))


def _written(writer: pypdf.PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
