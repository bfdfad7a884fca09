"""PDFs for the tests: drawn with Qt's QPdfWriter, or written out by hand object by object."""

from __future__ import annotations

import zlib

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF
from PySide6.QtGui import QFont, QPageSize, QPainter, QPdfWriter


def drawn_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A PDF with one page per list of lines, drawn as real text (needs a QGuiApplication)."""
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    if title:
        writer.setTitle(title)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    inch = writer.resolution()
    painter = QPainter(writer)
    painter.setFont(QFont("DejaVu Sans", 11))
    for number, lines in enumerate(pages):
        if number:
            writer.newPage()
        for row, line in enumerate(lines):
            painter.drawText(QPointF(inch, inch * (1.5 + 0.25 * row)), line)
    painter.end()
    buffer.close()
    return bytes(array.data())


def handmade_pdf(content: bytes, filters: str = "") -> bytes:
    """A one-page PDF whose page content stream is `content`, already encoded by `filters`."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d %s >>\nstream\n" % (len(content), filters.encode())
        + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def text_stream(text: str) -> bytes:
    """A content stream that shows one line of (ASCII) text."""
    return b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text.encode("ascii")


def flate_bomb(megabytes: int) -> bytes:
    """A FlateDecode stream of zeros that inflates to `megabytes` MB (built without holding it)."""
    compressor = zlib.compressobj(9)
    chunk = bytes(1024 * 1024)
    parts = [compressor.compress(chunk) for _ in range(megabytes)]
    return b"".join(parts) + compressor.flush()
