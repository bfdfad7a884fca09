"""The sample case's own briefing exported to PDF and read back with poppler and pypdf: every
note's quoted words are in its text and each note is listed once under its number, the timeline
figure is an image on its page, and a body of hostile Markdown leaves nothing active in the
file."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop.report.briefing_doc import BriefingDoc, build_briefing
from desktop.report.briefing_export import Cancelled, export_briefing
from desktop.storage import briefings
from desktop.storage.casefile import open_case
from tests.report.test_briefing_doc import HOSTILE, add

pytestmark = [
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed"),
    pytest.mark.usefixtures("qapp"),
]

PAGE_LABEL = re.compile(r"^Page \d+ of \d+$")


def flowing_text(path: Path, bands: set[str]) -> str:
    """The PDF's words in reading order with each page's header and footer taken out, so a
    quote that runs over a page break reads on; whitespace made single spaces."""
    pages = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    kept = [line for page in pages for line in page.splitlines()
            if line.strip() not in bands and not PAGE_LABEL.match(line.strip())]
    return " ".join(" ".join(kept).split())


def images(path: Path) -> list[tuple[int, int, str]]:
    """(page, width in pixels, encoding) of each image in the file, by poppler's pdfimages."""
    rows = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    return [(int(cols[0]), int(cols[3]), cols[8]) for cols in map(str.split, rows)
            if cols[2] == "image"]


def words(text: str) -> str:
    return " ".join(text.split())


def printed(quote: str, text: str) -> bool:
    """The quote's words in order in text. pdftotext joins a word broken after its hyphen at a
    line's end ("Transformer-" / "based" reads "Transformerbased"), so a hyphen may be missing;
    nothing else may differ."""
    pattern = "-?".join(re.escape(piece) for piece in words(quote).split("-"))
    return re.search(pattern, text) is not None


@pytest.fixture(scope="module")
def sample_pdf(built_sample, tmp_path_factory, qapp) -> tuple[Path, BriefingDoc, str]:
    folder = tmp_path_factory.mktemp("sample-pdf")
    case_path = folder / "sample.casefile"
    shutil.copyfile(built_sample, case_path)
    out = folder / "briefing.pdf"
    with open_case(case_path) as case:
        default = briefings.default_briefing(case.db)
        result = export_briefing(case.db, default.id, out)
        doc = build_briefing(case.db, default)
    assert result.problems == () and result.pages > 5
    bands = {default.caveat, words(doc.title)}
    return out, doc, flowing_text(out, bands)


def test_every_quote_is_in_the_text(sample_pdf):
    _, doc, text = sample_pdf
    quotes = [q for note in doc.footnotes for q in note.quotes]
    assert len(doc.footnotes) > 20 and len(quotes) >= len(doc.footnotes)
    missing = [q for q in quotes if not printed(q, text)]
    assert not missing


def test_each_note_is_listed_once_under_its_number_in_order(sample_pdf):
    _, doc, text = sample_pdf
    notes = text[text.rindex(" Notes 1. "):]
    places = []
    for note in doc.footnotes:
        opening = re.compile(rf"(?<!\d){note.number}\. {re.escape(words(note.text)[:60])}")
        found = opening.findall(notes)
        assert len(found) == 1, (note.number, found)
        places.append(opening.search(notes).start())
    assert places == sorted(places)
    listed = re.findall(r"(?<!\d)(\d+)\. (?:The|ABAB|Rhythm|Unidentified|No source)", notes)
    assert [int(n) for n in listed] == [note.number for note in doc.footnotes]


def test_the_timeline_figure_is_an_image_with_its_caption(sample_pdf):
    path, doc, text = sample_pdf
    assert len(doc.figures) == 1
    caption = "Figure: 16 dated events, earliest first."
    assert caption in text
    [(page, width, encoding)] = images(path)
    page_text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
                               capture_output=True, text=True, check=True).stdout
    assert "Timeline" in page_text and caption in words(page_text)
    assert width >= 1800  # drawn at about 290 dpi, not blurred up from the screen's
    assert encoding != "jpeg"  # lines and letters stay sharp


def test_hostile_markdown_leaves_nothing_active_in_the_pdf(sample_case, tmp_path):
    found = add(sample_case, body=HOSTILE, sections=["key_judgments"], title="Hostile")
    out = tmp_path / "hostile.pdf"
    export_briefing(sample_case.db, found.id, out)
    raw = out.read_bytes()
    for active in (b"/JavaScript", b"/JS", b"/URI", b"/Launch", b"/AA", b"/EmbeddedFile",
                   b"/OpenAction", b"/SubmitForm"):
        assert active not in raw, active
    assert images(out) == []  # no <img> was loaded, from anywhere
    text = flowing_text(out, {"NOT FOR PUBLICATION", "Hostile"})
    for n in (7, 8, 9):  # code shows the words typed, as words
        assert f"<script>alert({n})</script>" in text
    for gone in ("alert(1)", "alert(2)", "alert(3)", "onerror", "p { display"):
        assert gone not in text
    assert "deep" in text


@pytest.mark.parametrize("fmt", ["pdf", "markdown", "html"])
def test_a_cancel_after_the_last_page_still_writes_nothing(sample_case, tmp_path, fmt):
    default = briefings.default_briefing(sample_case.db)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / f"late.{fmt}"
    pages: list[int] = []

    def cancelled() -> bool:  # pressed once every page is drawn, while the file is finished
        return fmt != "pdf" or (bool(pages) and pages[-1] == 0)

    with pytest.raises(Cancelled):
        export_briefing(sample_case.db, default.id, out, fmt, cancelled=cancelled,
                        progress=lambda done, total: pages.append(total - done))
    assert list(folder.iterdir()) == []
