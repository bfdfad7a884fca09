"""Internal links, bookmarks and metadata for the PDF that desktop.report.pdf paints.

take() records the document's anchors (char formats' anchorHref / anchorNames) and strips them
before layout, so Qt's PDF engine writes no link annotations of its own (URI actions for remote
links, named destinations for "#..." ones); place() finds where they were laid out (the block's
bounding rect and its QTextLayout lines, mapped to a page); after Qt has written the PDF, finish()
has pypdf add a GoTo link for each "#name" whose <a name="name"> exists, one outline entry per
<h1>, and the document information. Remote links stay text: the app is offline.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    Fit,
    FloatObject,
    NameObject,
    NullObject,
    NumberObject,
    StreamObject,
)
from PySide6.QtGui import QTextBlock, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat

from desktop.report.pdf_hidden_text import strip_hidden_text

DEST_ABOVE = 6.0  # points of room above a destination's line, so it is not flush with the top
LINK_PAD = 1.0  # points each side of a link's text: a footnote number is a small target


@dataclass(frozen=True)
class Spot:
    """A point in the document: its page (0-based) and where on it, in document units from the
    top-left of that page's text block."""

    page: int
    x: float
    y: float


@dataclass(frozen=True)
class LinkBox:
    name: str  # the target's anchor name, without "#"
    page: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Anchors:
    links: list[LinkBox] = field(default_factory=list)
    targets: dict[str, Spot] = field(default_factory=dict)
    headings: list[tuple[str, Spot]] = field(default_factory=list)  # (title, spot) per <h1>


@dataclass(frozen=True)
class Geometry:
    """Document units to PDF points (origin bottom-left)."""

    scale: float  # points per document unit
    left: float  # the text block's top-left on the page, in document units
    top: float
    page_height_pt: float  # the whole page, in points

    def point(self, spot: Spot) -> tuple[float, float]:
        return ((self.left + spot.x) * self.scale,
                self.page_height_pt - (self.top + spot.y) * self.scale)


@dataclass
class Marks:
    """The anchors taken out of the document before it is laid out: positions in its text."""

    hrefs: list[tuple[str, int, int]] = field(default_factory=list)  # (name, position, length)
    names: dict[str, int] = field(default_factory=dict)  # name -> position


def take(doc: QTextDocument) -> Marks:
    """Record every "#name" link and named anchor, then strip all anchors from the char formats
    (remote links too): Qt's PDF engine would write its own link annotations and named
    destinations for them, which finish() would only have to remove again. How links look
    (colour, underline) are other properties, and stay. Call before the document is laid out."""
    marks = Marks()
    stripped: list[tuple[int, int, QTextCharFormat]] = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            it += 1
            fmt = fragment.charFormat()
            if not fmt.isAnchor() and not fmt.anchorNames():
                continue
            position = fragment.position()
            for name in fmt.anchorNames():
                marks.names.setdefault(name, position)
            href = fmt.anchorHref()
            if href.startswith("#") and len(href) > 1:
                marks.hrefs.append((href[1:], position, fragment.length()))
            for prop in (QTextFormat.Property.AnchorHref, QTextFormat.Property.AnchorName,
                         QTextFormat.Property.IsAnchor):
                fmt.clearProperty(prop)
            stripped.append((position, fragment.length(), fmt))
        block = block.next()
    if stripped:
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        for position, length, fmt in stripped:
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(fmt)
        cursor.endEditBlock()
    return marks


def _lines(block: QTextBlock, start: int, end: int, page_height: float):
    """(page, x0, top, x1, bottom) of each line piece of block's text [start, end), in page
    coordinates; start and end are relative to the block."""
    layout = block.layout()
    origin = block.document().documentLayout().blockBoundingRect(block).topLeft()
    first = layout.lineForTextPosition(start)
    if not first.isValid():
        return
    for number in range(first.lineNumber(), layout.lineCount()):
        line = layout.lineAt(number)
        line_start = line.textStart()
        if line_start >= end:
            break
        line_end = line_start + line.textLength()
        x0 = line.cursorToX(max(start, line_start))[0]
        x1 = line.cursorToX(min(end, line_end))[0]
        top = origin.y() + line.y()
        page = int((top + line.height() / 2) // page_height)
        yield (page, origin.x() + min(x0, x1), top - page * page_height,
               origin.x() + max(x0, x1), top + line.height() - page * page_height)


def _spot(doc: QTextDocument, position: int, page_height: float) -> Spot | None:
    block = doc.findBlock(position)
    start = position - block.position()
    for page, x0, top, _, _ in _lines(block, start, start + 1, page_height):
        return Spot(page, x0, top)
    return None


def place(doc: QTextDocument, marks: Marks, page_height: float) -> Anchors:
    """Where the marks and the <h1> headings are laid out; doc must be paginated with
    page_height. A link whose target does not exist stays text."""
    found = Anchors()
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() == 1:
            title = " ".join(block.text().replace("\ufffc", " ").split())
            spot = _spot(doc, block.position(), page_height) if title else None
            if spot is not None:
                found.headings.append((title, spot))
        block = block.next()
    for name, position in marks.names.items():
        spot = _spot(doc, position, page_height)
        if spot is not None:
            found.targets[name] = spot
    for name, position, length in marks.hrefs:
        if name not in found.targets:
            continue
        block = doc.findBlock(position)
        start = position - block.position()
        for page, x0, top, x1, bottom in _lines(block, start, start + length, page_height):
            last = found.links[-1] if found.links else None
            if (last is not None and last.name == name and last.page == page
                    and last.y0 == top and abs(last.x1 - x0) < 1e-6 * (1 + abs(x0))):
                found.links[-1] = LinkBox(name, page, last.x0, top, x1, bottom)  # one run
            else:
                found.links.append(LinkBox(name, page, x0, top, x1, bottom))
    return found


def _strip_hidden_text(page) -> None:
    """Text Qt drew outside a page's clip out of its content (see pdf_hidden_text)."""
    contents = page.get("/Contents")
    stream = contents.get_object() if contents is not None else None
    if not isinstance(stream, StreamObject):  # an array of streams: Qt writes one per page
        return
    data, removed = strip_hidden_text(stream.get_data())
    if removed:
        stream.set_data(data)


def finish(pdf: bytes, anchors: Anchors, geometry: Geometry, info: dict[str, str]) -> bytes:
    """Qt's PDF with GoTo links, an outline of the <h1> sections and the document information;
    any link annotation or named destination Qt wrote regardless is removed first."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    pages = writer.pages
    for page in pages:
        _strip_hidden_text(page)
        annots = page.get("/Annots")
        if annots is None:
            continue
        kept = ArrayObject(a for a in annots.get_object()
                           if a.get_object().get("/Subtype") != "/Link")
        if kept:
            page[NameObject("/Annots")] = kept
        else:
            del page[NameObject("/Annots")]
    names = writer.root_object.get("/Names")
    if names is not None:
        names = names.get_object()
        names.pop(NameObject("/Dests"), None)
        if not names:
            del writer.root_object[NameObject("/Names")]

    count = len(pages)

    def dest(spot: Spot) -> tuple[int, float, float]:
        page = min(max(spot.page, 0), count - 1)
        x, y = geometry.point(spot)
        return page, max(0.0, x), min(geometry.page_height_pt, y + DEST_ABOVE)

    for box in anchors.links:
        if not 0 <= box.page < count:
            continue
        target, left, top = dest(anchors.targets[box.name])
        x0, y0 = geometry.point(Spot(box.page, box.x0, box.y1))
        x1, y1 = geometry.point(Spot(box.page, box.x1, box.y0))
        writer.add_annotation(box.page, DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject(FloatObject(round(v, 2)) for v in (
                x0 - LINK_PAD, y0, x1 + LINK_PAD, y1)),
            NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
            NameObject("/A"): DictionaryObject({
                NameObject("/S"): NameObject("/GoTo"),
                NameObject("/D"): ArrayObject([
                    pages[target].indirect_reference, NameObject("/XYZ"),
                    FloatObject(round(left, 2)), FloatObject(round(top, 2)), NullObject()]),
            }),
        }))
    for title, spot in anchors.headings:
        target, left, top = dest(spot)
        writer.add_outline_item(title=title, page_number=target,
                                fit=Fit.xyz(round(left, 2), round(top, 2)))
    if anchors.headings:
        writer.page_mode = "/UseOutlines"
    writer.add_metadata(info)
    result = io.BytesIO()
    writer.write(result)
    return result.getvalue()
