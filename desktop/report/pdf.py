"""A briefing's HTML to a PDF with Qt's own writer: real text, embedded fonts, a header and footer
on every page (running title, handling caveat, "Page N of M"), working internal links, bookmarks.

QtGui only (no widgets): the CLI exports headless on the offscreen platform, the window from a
worker thread. The document is laid out on the PDF writer itself (1200 dpi device units) with its
page size set to the content area, and each page is painted here: header and footer, then that
page's slice of the document through a translated painter (QTextDocument.print_ draws no header).
Links, bookmarks and metadata come from pdf_links (anchors placed from the document's layout,
then added with pypdf).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSizeF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
    QTextOption,
)

from desktop.report import pdf_links
from desktop.report.fonts import BAND_FAMILIES, BODY_FAMILIES, font
from desktop.storage.atomic import replace_bytes

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
CREATOR = "Casefile"
RESOLUTION = 1200  # device units per inch: the layout's own units, fine enough for any rounding

MARGIN_MM = 20.0  # the text block's margins, unless a long caveat needs a taller band
EDGE_MM = 9.0  # header text starts this far below the top edge; footer text ends this far up
RULE_GAP_MM = 1.5  # between the band's text and its rule
BODY_GAP_MM = 3.0  # at least this between a rule and the text block

BODY_POINTS = 10.0
BAND_POINTS = 8.0
INK = QColor("#1d1d1d")
MUTED = QColor("#5a5a5a")
RULE = QColor("#a8a8a8")

# Under whatever the briefing's HTML says itself: quiet headings, shaded header rows, no double
# borders. Lengths in pt, so they do not depend on the screen's dpi.
STYLESHEET = """
h1 { font-size: 16pt; font-weight: 600; color: #1b2a3a; margin-top: 14pt; margin-bottom: 6pt; }
h2 { font-size: 13pt; font-weight: 600; color: #1b2a3a; margin-top: 10pt; margin-bottom: 4pt; }
h3 { font-size: 11pt; font-weight: 600; margin-top: 8pt; margin-bottom: 3pt; }
table { border-collapse: collapse; }
th { background-color: #e6eaef; font-weight: 600; }
"""


@dataclass(frozen=True)
class PdfMeta:
    title: str
    author: str
    subject: str
    caveat: str | None  # the handling line, printed in the header AND footer of every page
    page_size: str = "A4"  # "A4" | "Letter"


class Cancelled(Exception):
    """The export was cancelled: nothing was written."""


def write_pdf(html: str, out: Path, meta: PdfMeta, *,
              figures: dict[str, bytes] | None = None,
              progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None) -> int:
    """Write html as a paginated PDF to out (whole or not at all); returns the pages written.
    figures: images by the name the HTML's <img src> gives (PNG bytes); nothing else is read.

    progress(done, total) is called after each page; cancelled() is asked before each page and
    before the file is written, and if it says so Cancelled is raised and no file is left."""
    if meta.page_size not in PAGE_SIZES:
        raise ValueError(f"page size must be one of {', '.join(PAGE_SIZES)}: {meta.page_size!r}")
    out = Path(out)
    buffer = QBuffer()  # its own byte array: QBuffer(QByteArray()) would point at a freed one
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(PAGE_SIZES[meta.page_size]),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(meta.title)
    writer.setAuthor(meta.author)
    writer.setCreator(CREATOR)

    bands = _Bands(writer, meta)
    doc, marks = _document(html, writer, bands.content.size(), figures or {})
    total = doc.pageCount()
    anchors = pdf_links.place(doc, marks, bands.content.height())

    painter = QPainter(writer)
    # Figures are line drawings with words: stored losslessly, not as Qt's default JPEG.
    painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering, True)
    try:
        for index in range(total):
            if cancelled is not None and cancelled():
                raise Cancelled()
            if index and not writer.newPage():
                raise OSError("the PDF writer could not start a new page")
            bands.paint(painter, index + 1, total)
            _paint_slice(painter, doc, bands.content, index)
            if progress is not None:
                progress(index + 1, total)
    finally:
        painter.end()
    buffer.close()

    geometry = pdf_links.Geometry(
        scale=72.0 / RESOLUTION, left=bands.content.left(), top=bands.content.top(),
        page_height_pt=writer.pageLayout().fullRect(QPageLayout.Unit.Point).height())
    info = {"/Title": meta.title, "/Author": meta.author, "/Subject": meta.subject,
            "/Creator": CREATOR}
    finished = pdf_links.finish(bytes(buffer.data()), anchors, geometry,
                                {key: value for key, value in info.items() if value})
    if cancelled is not None and cancelled():  # the last moment a Cancel can still count
        raise Cancelled()
    replace_bytes(out, finished)
    return total


# -- the document -----------------------------------------------------------------------------


class _ClosedDocument(QTextDocument):
    """A document that reads nothing from disk: Qt would open any file an <img> or a
    stylesheet names (/dev/zero hangs it). The HTML is built and sanitised by us; this is the
    second lock on the door. The only names it answers are the figures it was given."""

    def __init__(self, figures: dict[str, bytes]):
        super().__init__()
        self._figures = figures

    def loadResource(self, kind: int, name) -> QByteArray:
        try:
            found = self._figures.get(QUrl(name).toString())
        except Exception:  # an override must not raise: PySide 6.11 would abort
            found = None
        # Empty, not None, when not ours: given nothing, Qt opens the file itself.
        return QByteArray(found) if found else QByteArray()


def _document(html: str, writer: QPdfWriter, page: QSizeF, figures: dict[str, bytes]
              ) -> tuple[QTextDocument, pdf_links.Marks]:
    doc = _ClosedDocument(figures)
    doc.documentLayout().setPaintDevice(writer)  # lay out in the writer's own units
    doc.setDefaultFont(font(BODY_FAMILIES, BODY_POINTS))
    doc.setDocumentMargin(0)  # the margins are the bands'
    doc.setDefaultStyleSheet(STYLESHEET)
    option = QTextOption()
    # A URL or hash longer than the line breaks where it must rather than run off the page.
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    doc.setHtml(html)
    marks = pdf_links.take(doc)
    doc.setPageSize(page)
    return doc, marks


def _paint_slice(painter: QPainter, doc: QTextDocument, content: QRectF, index: int) -> None:
    top = index * content.height()
    painter.save()
    painter.translate(content.left(), content.top() - top)
    doc.drawContents(painter, QRectF(0, top, content.width(), content.height()))
    painter.restore()


class _Bands:
    """The header and footer, measured once: the caveat (wrapped if long, never cut) above the
    running title in the header; the caveat beside "Page N of M" in the footer."""

    def __init__(self, writer: QPdfWriter, meta: PdfMeta):
        mm = writer.resolution() / 25.4
        self.width, self.height = float(writer.width()), float(writer.height())
        margin, edge = MARGIN_MM * mm, EDGE_MM * mm
        self.rule_gap, body_gap = RULE_GAP_MM * mm, BODY_GAP_MM * mm
        self.left, self.right = margin, self.width - margin
        span = self.right - self.left
        self.caveat = (meta.caveat or "").strip() or None
        self.font = font(BAND_FAMILIES, BAND_POINTS)
        self.bold = font(BAND_FAMILIES, BAND_POINTS, bold=True)
        metrics, bold_metrics = QFontMetricsF(self.font, writer), QFontMetricsF(self.bold, writer)
        line = metrics.height()
        wrap = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap

        # Header: caveat, then the running title, then a rule.
        y = edge
        self.header_caveat = None
        if self.caveat:
            height = bold_metrics.boundingRect(QRectF(0, 0, span, 1e6), wrap, self.caveat).height()
            self.header_caveat = QRectF(self.left, y, span, height)
            y += height
        self.title = metrics.elidedText(" ".join(meta.title.split()), Qt.TextElideMode.ElideRight,
                                        span)
        self.title_rect = QRectF(self.left, y, span, line)
        self.header_rule = y + line + self.rule_gap

        # Footer: "Page N of M" at the right, the caveat centred between equal side columns.
        widest = metrics.horizontalAdvance(self._page_label(9999, 9999))
        self.footer_caveat = None
        height = line
        if self.caveat:
            middle = max(span - 2 * (widest + 2 * mm), span / 3)
            height = max(line, bold_metrics.boundingRect(
                QRectF(0, 0, middle, 1e6), wrap, self.caveat).height())
            self.footer_caveat = QRectF(self.left + (span - middle) / 2,
                                        self.height - edge - height, middle, height)
        self.number_rect = QRectF(self.left, self.height - edge - height, span, line)
        self.footer_rule = self.height - edge - height - self.rule_gap

        top = max(margin, self.header_rule + body_gap)
        bottom = min(self.height - margin, self.footer_rule - body_gap)
        if bottom - top < 0.25 * self.height:
            raise ValueError("the caveat is too long to leave room for the page's text")
        self.content = QRectF(self.left, top, span, bottom - top)

    @staticmethod
    def _page_label(number: int, total: int) -> str:
        return f"Page {number} of {total}"

    def paint(self, painter: QPainter, number: int, total: int) -> None:
        wrap = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
        painter.save()
        if self.caveat:
            painter.setPen(INK)
            painter.setFont(self.bold)
            painter.drawText(self.header_caveat, wrap, self.caveat)
            painter.drawText(self.footer_caveat, wrap, self.caveat)
        painter.setFont(self.font)
        painter.setPen(MUTED)
        painter.drawText(self.title_rect, Qt.AlignmentFlag.AlignLeft, self.title)
        painter.drawText(self.number_rect, Qt.AlignmentFlag.AlignRight,
                         self._page_label(number, total))
        pen = QPen(RULE)
        pen.setWidthF(0.5 / 72 * RESOLUTION)  # half a point
        painter.setPen(pen)
        for y in (self.header_rule, self.footer_rule):
            painter.drawLine(QPointF(self.left, y), QPointF(self.right, y))
        painter.restore()
