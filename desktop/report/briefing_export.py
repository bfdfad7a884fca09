"""Exporting a stored briefing as PDF, Markdown or HTML: the one path the window and the command
line share (headless: QtGui only)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from desktop.report.briefing_doc import build_briefing
from desktop.report.pdf import Cancelled, PdfMeta, write_pdf
from desktop.storage import briefings
from desktop.storage.atomic import replacing

__all__ = ["FORMATS", "Cancelled", "ExportResult", "export_briefing"]

FORMATS = {"pdf": (".pdf", "PDF"), "markdown": (".md", "Markdown"), "html": (".html", "HTML")}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    fmt: str
    pages: int  # 0 for Markdown and HTML
    problems: tuple[str, ...]  # references to claims or events no longer in the case, …


def export_briefing(db: Database, briefing_id: int, out: Path, fmt: str = "pdf", *,
                    progress: Callable[[int, int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None,
                    include_private: bool = False) -> ExportResult:
    """Write the briefing whole or not at all; ValueError when it is gone or fmt unknown."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    found = briefings.briefing(db, briefing_id)
    if found is None:
        raise ValueError("that briefing is no longer in the case")
    doc = build_briefing(db, found, include_private=include_private)
    pages = 0
    if fmt == "pdf":
        meta = PdfMeta(title=doc.title, author=doc.author, subject=doc.subject,
                       caveat=found.caveat, page_size=found.page_size)
        pages = write_pdf(doc.html, out, meta, figures={f.name: f.png for f in doc.figures},
                          progress=progress, cancelled=cancelled)
    else:
        if cancelled is not None and cancelled():  # built, not yet written: nothing is
            raise Cancelled()
        with replacing(out) as handle:
            handle.write(doc.markdown if fmt == "markdown" else doc.standalone_html)
    return ExportResult(out, fmt, pages, doc.problems)
