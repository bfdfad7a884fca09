"""desktop.report.pdf: real PDFs written and read back with poppler (pdftotext, pdffonts) and
pypdf: text, caveat and page numbers on every page, embedded fonts, metadata, bookmarks, internal
links to the right pages, tables split with their header repeated, cancelling, page sizes."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.report.pdf import Cancelled, PdfMeta, write_pdf

pytestmark = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdffonts")),
                                reason="poppler-utils (pdftotext, pdffonts) not installed")

CAVEAT = "OFFICIAL-SENSITIVE: handle within the team"
META = PdfMeta("Briefing on the harbour matter", "A. Analyst", "The harbour matter", CAVEAT)
SECTIONS = ("Background", "The vessels", "Assessment")
LONG_WORD = "x" * 300
LONG_URL = "https://example.org/" + "segment/" * 40


def briefing_html(table_rows: int = 120) -> str:
    """Shaped like the briefing builder's HTML: title page, contents, sections on new pages,
    footnote markers and notes, a long table with a header row, a remote link."""
    parts = ["<h2>Briefing on the harbour matter</h2>",
             '<p style="page-break-after: always">Prepared for the review board.</p>',
             "<h2>Contents</h2><ul>"]
    parts += [f'<li><a href="#sec-s{i}">{title}</a></li>' for i, title in enumerate(SECTIONS)]
    parts.append('<li><a href="#sec-notes">Notes</a></li></ul>')
    for i, title in enumerate(SECTIONS):
        parts.append(f'<p style="page-break-before: always"></p>'
                     f'<h1><a name="sec-s{i}"></a>{title}</h1>')
        parts.append(f'<p>Paragraph of section {i} with a marker<sup><a href="#fn-{i + 1}">'
                     f'{i + 1}</a></sup> and a remote link <a href="https://example.org/x">'
                     "example.org</a>.</p>")
        if i == 1:
            parts.append('<table border="1" cellspacing="0" cellpadding="3" width="100%">'
                         "<thead><tr><th>Headerclaim</th><th>Headersource</th></tr></thead>"
                         "<tbody>")
            parts += [f"<tr><td>Claim {n}</td><td>Report {n}</td></tr>"
                      for n in range(table_rows)]
            parts.append(f"<tr><td>{LONG_WORD}</td><td>{LONG_URL}</td></tr></tbody></table>")
            parts.append(f"<p>{LONG_WORD}</p>")
    parts.append('<h1><a name="sec-notes"></a>Notes</h1>')
    parts += [f'<p><a name="fn-{n}"></a>{n}. Note number {n}.</p>'
              for n in range(1, len(SECTIONS) + 1)]
    return "".join(parts)


def page_text(path: Path, page: int, *extra: str) -> str:
    return subprocess.run(["pdftotext", *extra, "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def find_page(path: Path, pages: int, text: str) -> int:
    """The first page (1-based) whose text has `text`."""
    hits = [n for n in range(1, pages + 1) if text in page_text(path, n)]
    assert hits, text
    return hits[0]


@pytest.fixture
def briefing(qapp, tmp_path: Path) -> tuple[Path, int]:
    out = tmp_path / "briefing.pdf"
    return out, write_pdf(briefing_html(), out, META)


def test_every_page_has_the_caveat_twice_the_title_and_its_number(briefing):
    out, pages = briefing
    assert pages == len(PdfReader(out).pages) >= 6
    for n in range(1, pages + 1):
        text = page_text(out, n)
        assert text.count(CAVEAT) == 2, (n, text)  # header and footer, title page included
        assert f"Page {n} of {pages}" in text
        assert "Briefing on the harbour matter" in text
    whole = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                           check=True).stdout
    for words in ("Prepared for the review board.", *SECTIONS, "Claim 100", "Note number 3."):
        assert words in whole


def test_fonts_are_embedded_and_text_is_not_ligatured(briefing):
    out, _ = briefing
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert listing
    for line in listing:
        assert re.search(r"\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", line), line  # emb yes
    assert any("DejaVu" in line for line in listing)
    assert "\ufb01" not in page_text(out, 1)  # "fi" copied as two letters, not a ligature


def test_metadata_and_an_outline_entry_per_section(briefing):
    out, pages = briefing
    reader = PdfReader(out)
    info = reader.metadata
    assert (info.title, info.author, info.subject) == (META.title, META.author, META.subject)
    assert info.creator == "Casefile"
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    assert [title for title, _ in outline] == [*SECTIONS, "Notes"]
    for i, (_, page) in enumerate(outline[:-1]):
        assert page + 1 == find_page(out, pages, f"Paragraph of section {i}")
    assert outline[-1][1] + 1 == find_page(out, pages, "Note number 1.")


def _links(reader: PdfReader) -> list[tuple[int, int, list[float]]]:
    """(page, destination page, rect) of every link annotation, 0-based pages; asserts each is
    a GoTo with an explicit destination (no URI, no named destination)."""
    numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    found = []
    for n, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or ():
            annot = annot.get_object()
            assert annot["/Subtype"] == "/Link"
            action = annot["/A"]
            assert action["/S"] == "/GoTo" and "/URI" not in action and "/Dest" not in annot
            found.append((n, numbers[action["/D"][0].idnum], [float(v) for v in annot["/Rect"]]))
    return found


def test_contents_and_footnote_links_go_to_the_right_pages(briefing):
    out, pages = briefing
    reader = PdfReader(out)
    links = _links(reader)
    contents_page = find_page(out, pages, "Contents") - 1
    from_contents = [dest for page, dest, _ in links if page == contents_page]
    expected = [find_page(out, pages, f"Paragraph of section {i}") - 1
                for i in range(len(SECTIONS))]
    notes = find_page(out, pages, "Note number 1.") - 1
    assert from_contents == [*expected, notes]
    # One footnote marker per section, each to the notes page; the remote links are not links.
    markers = [(page, dest) for page, dest, _ in links if page != contents_page]
    assert markers == [(page, notes) for page in expected]
    assert "/Names" not in reader.trailer["/Root"]  # no named destinations left by Qt
    assert b"/URI" not in out.read_bytes()


def test_link_rectangles_cover_their_words(briefing):
    out, pages = briefing
    contents_page = find_page(out, pages, "Contents")
    height = float(PdfReader(out).pages[0].mediabox.height)
    words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                       r"(\w+)<", page_text(out, contents_page, "-bbox"))
    boxes = {word: tuple(map(float, box)) for *box, word in words}
    rects = [rect for page, _, rect in _links(PdfReader(out)) if page == contents_page - 1]
    for title, (x0, y0, x1, y1) in zip((*SECTIONS, "Notes"), rects, strict=True):
        wx0, wy0, wx1, wy1 = boxes[title.split()[-1]]
        centre = ((wx0 + wx1) / 2, height - (wy0 + wy1) / 2)
        assert x0 <= centre[0] <= x1 and y0 <= centre[1] <= y1, title


def test_a_long_table_repeats_its_header_and_nothing_runs_off_the_page(briefing):
    out, pages = briefing
    first = find_page(out, pages, "Claim 0")
    last = find_page(out, pages, "Claim 119")
    assert last > first
    for n in range(first, last + 1):
        text = page_text(out, n)
        assert "Headerclaim" in text and "Headersource" in text, n
    width = float(PdfReader(out).pages[0].mediabox.width)
    margin = 20 / 25.4 * 72
    for n in range(1, pages + 1):
        for x_max in re.findall(r'xMax="([\d.]+)"', page_text(out, n, "-bbox")):
            assert float(x_max) <= width - margin + 1, n
    body = "".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                                  text=True, check=True).stdout.split())
    assert LONG_WORD in body and LONG_URL in body  # broken over lines, every letter there


def test_cancelled_export_leaves_no_file(qapp, tmp_path: Path):
    out = tmp_path / "briefing.pdf"
    seen: list[tuple[int, int]] = []
    with pytest.raises(Cancelled):
        write_pdf(briefing_html(), out, META, progress=lambda done, total: seen.append(
            (done, total)), cancelled=lambda: len(seen) >= 2)
    assert len(seen) == 2
    assert list(tmp_path.iterdir()) == []
    # An existing file is left as it was.
    out.write_bytes(b"earlier")
    with pytest.raises(Cancelled):
        write_pdf(briefing_html(), out, META, cancelled=lambda: True)
    assert out.read_bytes() == b"earlier" and list(tmp_path.iterdir()) == [out]


def test_progress_per_page_and_an_ordinary_file(qapp, tmp_path: Path):
    out = tmp_path / "briefing.pdf"
    out.write_bytes(b"earlier")
    seen: list[tuple[int, int]] = []
    pages = write_pdf(briefing_html(), out, META,
                      progress=lambda done, total: seen.append((done, total)))
    assert seen == [(n, pages) for n in range(1, pages + 1)]
    assert out.read_bytes().startswith(b"%PDF-")
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left beside it
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_empty_html_makes_one_valid_page(qapp, tmp_path: Path):
    out = tmp_path / "empty.pdf"
    assert write_pdf("", out, PdfMeta("Empty", "", "", None)) == 1
    reader = PdfReader(out)
    assert len(reader.pages) == 1 and not reader.outline
    assert "Page 1 of 1" in page_text(out, 1)


@pytest.mark.parametrize(("size", "points"), [("A4", (595.3, 841.9)), ("Letter", (612, 792))])
def test_page_sizes(qapp, tmp_path: Path, size: str, points: tuple[float, float]):
    out = tmp_path / f"{size}.pdf"
    pages = write_pdf(briefing_html(), out, PdfMeta(META.title, "", "", CAVEAT, size))
    for page in PdfReader(out).pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(points, abs=0.5)
    assert f"Page {pages} of {pages}" in page_text(out, pages)


def test_unknown_page_size_is_refused(qapp, tmp_path: Path):
    with pytest.raises(ValueError, match="page size"):
        write_pdf("<p>x</p>", tmp_path / "x.pdf", PdfMeta("t", "", "", None, "A3"))
    assert list(tmp_path.iterdir()) == []


def test_long_caveat_wraps_and_is_on_every_page(qapp, tmp_path: Path):
    caveat = " ".join(["RESTRICTED handling caveat words"] * 12)
    out = tmp_path / "caveat.pdf"
    pages = write_pdf(briefing_html(20), out, PdfMeta("Title", "", "", caveat))
    for n in range(1, pages + 1):
        assert " ".join(page_text(out, n).split()).count(caveat) == 2, n


def test_writes_from_a_worker_thread(qapp, tmp_path: Path):
    from PySide6.QtCore import QThread

    out = tmp_path / "threaded.pdf"
    result: list[object] = []

    class Worker(QThread):
        def run(self) -> None:
            try:
                result.append(write_pdf(briefing_html(), out, META))
            except Exception as error:  # reported to the test below
                result.append(error)

    worker = Worker()
    worker.start()
    assert worker.wait(60_000)
    assert isinstance(result[0], int) and result[0] == len(PdfReader(out).pages)
    assert CAVEAT in page_text(out, 1)


def test_no_file_named_in_the_html_is_read(qapp, tmp_path):
    """An <img> that slipped past the sanitiser is never opened (/dev/zero would hang Qt)."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    out = tmp_path / "img.pdf"
    write_pdf(f'<p>before</p><img src="{secret}"><img src="/dev/zero"><p>after</p>', out,
              PdfMeta(title="t", author="a", subject="s", caveat=None))
    assert out.exists()
