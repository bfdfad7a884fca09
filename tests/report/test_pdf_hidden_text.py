"""Text Qt drew outside a page's clip is taken out of the page; visible text never is. Unit
cases on content streams shaped like Qt's, then real PDFs: paragraphs and table cells running
over page breaks read once each, word for word."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from desktop.report.pdf import PdfMeta, write_pdf
from desktop.report.pdf_hidden_text import strip_hidden_text

BASE = b"0.06 0 0 -0.06 0 842 cm\n"
CLIP = (b"945 951 m\n8971 951 l\n8971 13084 l\n945 13084 l\n945 951 l\nh\nW* n\n")


def run(y: float, text: bytes = b"<0001> Tj") -> bytes:
    """A run of text at baseline y (device units, down the page), as Qt writes it."""
    return (b"q\n/CSp cs\nBT\n/F1 167 Tf 1 0 0 -1 0 0 Tm\n0 %s Td " % str(-y).encode()
            + text + b"\n10 0 Td <0002> Tj\nET\nQ\n")


def text_object(run_bytes: bytes) -> bytes:
    return run_bytes[run_bytes.index(b"BT"):run_bytes.index(b"ET") + 2]


def page(*runs: bytes, translate: bytes = b"1 0 0 1 945 -144740 cm\n") -> bytes:
    return BASE + b"q q\nQ\nQ q\n" + CLIP + b"q\n" + translate + b"".join(runs) + b"Q\nQ\n"


def test_a_line_above_the_clip_goes_and_the_lines_inside_stay():
    hidden, first, last = run(145536), run(145843, b"<0003> Tj"), run(157718, b"<0004> Tj")
    stream = page(hidden, first, last)
    out, removed = strip_hidden_text(stream)
    assert removed == 1
    assert out == stream.replace(text_object(hidden), b"", 1)


def test_a_line_below_the_clip_goes():
    below = run(144740 + 13084 + 150, b"<0009> Tj")
    stream = page(run(145843), below)
    out, removed = strip_hidden_text(stream)
    assert removed == 1 and out == stream.replace(text_object(below), b"", 1)


def test_under_a_scale_or_a_shape_nothing_is_touched():
    scaled = page(run(145536), translate=b"2 0 0 2 945 -144740 cm\n")
    assert strip_hidden_text(scaled) == (scaled, 0)
    unclipped = BASE + b"q\n1 0 0 1 945 -144740 cm\n" + run(145536) + b"Q\n"
    assert strip_hidden_text(unclipped) == (unclipped, 0)
    other = BASE + b"q\n0 0 m\n10 10 l\n0 10 l\nh\nW n\n" + run(-5) + b"Q\n"
    assert strip_hidden_text(other) == (other, 0)


def test_after_the_clip_is_restored_text_is_left_alone():
    stream = BASE + b"q\n" + CLIP + b"Q\n" + run(100)  # the header band, drawn unclipped
    assert strip_hidden_text(stream) == (stream, 0)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_paragraphs_and_cells_over_page_breaks_read_once(qapp, tmp_path: Path):
    words = [f"w{n:04d}" for n in range(2400)]
    paragraphs = "".join(f"<p>{' '.join(words[i:i + 120])}</p>" for i in range(0, 1200, 120))
    cells = "".join(f"<tr><td>{' '.join(words[i:i + 60])}</td><td>x</td></tr>"
                    for i in range(1200, 2400, 60))
    html = f'{paragraphs}<table border="1"><thead><tr><th>A</th><th>B</th></tr></thead>' \
        f"<tbody>{cells}</tbody></table>"
    out = tmp_path / "split.pdf"
    pages = write_pdf(html, out, PdfMeta("Split", "", "", None))
    assert pages >= 4  # so several paragraphs and rows run over a page break
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout.split()
    found = [t for t in text if t.startswith("w") and t[1:].isdigit()]
    assert found == words  # each word once, in order: nothing hidden twice, nothing lost
