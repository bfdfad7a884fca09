"""The briefing PDF benchmark: about 100 pages of briefing-like HTML (a contents list, sections
with footnote markers, a long table with a header row, notes) written by desktop.report.pdf, beside
a bare QTextDocument.print_() of the same HTML to a QPdfWriter in the same run.

The issue's bar: a 100-page briefing exports in under 2 s. Ours does more than the bare print:
a header and footer per page, anchors found in the layout, and pypdf's pass adding links,
bookmarks and metadata; the ratio says what that costs.
"""

from __future__ import annotations

import os
import random
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt loads: no screen needed

from pypdf import PdfReader
from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication

from desktop.report.pdf import PdfMeta, write_pdf
from tests.perf.registry import Context, Figure, benchmark
from tests.perf.synthetic_text import pseudo_word

FULL_SECTIONS = 24  # about 100 A4 pages with the table and notes below
PARAGRAPHS = 9  # per section
TABLE_ROWS = 600  # the long table (in the second section), about 18 pages
# --smoke at --scale 0.001 only proves the benchmark runs: a few pages, the table over two.
SMOKE_SECTIONS, SMOKE_ROWS = 2, 40
RUNS = 3
TARGET_S = 2.0
META = PdfMeta("Briefing: the synthetic matter", "Benchmark", "Synthetic briefing",
               "OFFICIAL-SENSITIVE — benchmark data, not for release")


def _sentence(rng: random.Random) -> str:
    return " ".join(pseudo_word(rng) for _ in range(rng.randint(8, 20))).capitalize()


def briefing_html(sections: int, table_rows: int = TABLE_ROWS, seed: int = 0) -> str:
    """A briefing as desktop.report's HTML builder makes them: title page, contents, <h1>
    sections with named anchors, footnote markers, a long <thead> table, notes."""
    rng = random.Random(f"bench/{seed}/briefing")
    parts = ['<h1><a name="sec-title"></a>Briefing: the synthetic matter</h1>',
             '<p style="page-break-after: always">Prepared by the benchmark.</p>',
             "<h2>Contents</h2><ul>"]
    parts += [f'<li><a href="#sec-s{s}">{s + 1}. Section {s + 1}</a></li>'
              for s in range(sections)]
    parts.append('<li><a href="#sec-notes">Notes</a></li></ul>')
    notes = []
    for s in range(sections):
        parts.append(f'<h1 style="page-break-before: always"><a name="sec-s{s}"></a>'
                     f"{s + 1}. Section {s + 1}</h1>")
        for _ in range(PARAGRAPHS):
            sentences = []
            for _ in range(rng.randint(4, 8)):
                sentence = _sentence(rng)
                if rng.random() < 0.4:
                    notes.append(_sentence(rng))
                    n = len(notes)
                    sentence += f'<sup><a href="#fn-{n}">{n}</a></sup>'
                sentences.append(sentence + ".")
            parts.append(f"<p>{' '.join(sentences)}</p>")
        if s == 1 or sections == 1:
            parts.append('<table border="1" cellspacing="0" cellpadding="3" width="100%">'
                         "<thead><tr><th>Claim</th><th>Source</th><th>Grade</th>"
                         "<th>Stance</th></tr></thead><tbody>")
            parts += [f"<tr><td>{_sentence(rng)}</td><td>Report {i}: {pseudo_word(rng)}</td>"
                      f"<td>B{1 + i % 4}</td><td>supports</td></tr>"
                      for i in range(table_rows)]
            parts.append("</tbody></table>")
    parts.append('<h1 style="page-break-before: always"><a name="sec-notes"></a>Notes</h1>')
    parts += [f'<p><a name="fn-{n}"></a>{n}. {note}.</p>' for n, note in enumerate(notes, 1)]
    return "".join(parts)


def _bare(html: str, path) -> float:
    started = time.perf_counter()
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    doc = QTextDocument()
    doc.setHtml(html)
    doc.print_(writer)
    del writer  # the file is finished when the writer goes
    return time.perf_counter() - started


@benchmark("briefing_pdf")
def bench_briefing_pdf(ctx: Context) -> list[Figure]:
    """Write the briefing PDF RUNS times, alternating with the bare print of the same HTML."""
    QApplication.instance() or QApplication([])  # as the other benchmarks: one app for all
    full = ctx.scale >= 0.01  # the default scale (0.02) and full runs judge 100 pages
    html = (briefing_html(FULL_SECTIONS, TABLE_ROWS, ctx.seed) if full
            else briefing_html(SMOKE_SECTIONS, SMOKE_ROWS, ctx.seed))
    ours_path, bare_path = ctx.workdir / "briefing.pdf", ctx.workdir / "bare.pdf"
    ours, bare, pages = [], [], 0
    for run in range(RUNS):
        for side in (("ours", "bare") if run % 2 == 0 else ("bare", "ours")):
            if side == "ours":
                started = time.perf_counter()
                pages = write_pdf(html, ours_path, META)
                ours.append(time.perf_counter() - started)
            else:
                bare.append(_bare(html, bare_path))
    reader = PdfReader(ours_path)
    links = sum(len(page.get("/Annots") or ()) for page in reader.pages)
    judged = pages >= 95
    med = statistics.median(ours)
    return [Figure(f"briefing PDF ({pages} pages)", med, statistics.median(bare), "s",
                   f"< {TARGET_S:g} s" if judged else "", med < TARGET_S if judged else None,
                   {"pages": pages, "bare_pages": len(PdfReader(bare_path).pages),
                    "links": links, "outline": len(reader.outline), "html_chars": len(html),
                    "runs_s": [round(t, 3) for t in ours],
                    "bare_runs_s": [round(t, 3) for t in bare],
                    "baseline": "QTextDocument.setHtml + print_() to a QPdfWriter"})]
