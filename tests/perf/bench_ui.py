"""The window benchmarks: starting on the synthetic case, and a claim opening a long source."""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt loads: no screen needed

from PySide6.QtGui import QStandardItemModel, QTextCursor
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit, QTableView

from desktop.domain.anchoring import selector_at
from desktop.itemmodels.session import CaseSession
from desktop.storage import claims, entities, excerpts, sources
from desktop.storage.casefile import create_case, open_case
from desktop.storage.changes import write
from desktop.ui.main_window import MainWindow
from tests.perf.registry import Context, Figure, benchmark, ms, remove_case_files

START_RUNS = 7
QUOTE_RUNS = 15
LONG_CHARS = 300_000
HIGHLIGHTS = 5_000
SIZE = (1380, 860)
_WORDS = ("review", "model", "agency", "frontier", "release", "security", "voluntary",
          "assessment", "government", "developer", "weights", "access", "standard", "the",
          "of", "and", "to", "a", "in", "that", "🙂", "𝔸", "é")


def _app() -> QApplication:
    return QApplication.instance() or QApplication([])


def _settle(app: QApplication) -> None:
    """Let Qt lay out and paint everything it has queued: the window is then usable."""
    app.processEvents()
    app.processEvents()


@benchmark("window_start")
def bench_window_start(ctx: Context) -> list[Figure]:
    """Open the case and show the window until idle, vs a bare window over the same file."""
    path = ctx.case()
    app = _app()

    def ours() -> MainWindow:
        window = MainWindow(CaseSession(open_case(path)))
        window.resize(*SIZE)
        window.show()
        _settle(app)
        return window

    def bare() -> QMainWindow:
        conn = sqlite3.connect(str(path))
        conn.execute("SELECT count(*) FROM sources").fetchone()
        window = QMainWindow()
        window.setCentralWidget(QTableView())
        window.centralWidget().setModel(QStandardItemModel(0, 4, window))
        window.resize(*SIZE)
        window.show()
        _settle(app)
        conn.close()
        return window

    times: dict[str, list[float]] = {"ours": [], "bare": []}
    tab_times: dict[str, list[float]] = {"ours": [], "bare": []}
    for run in range(START_RUNS):
        pair = (("ours", ours), ("bare", bare)) if run % 2 else (("bare", bare), ("ours", ours))
        for name, func in pair:
            started = time.perf_counter()
            window = func()
            times[name].append(time.perf_counter() - started)
            if name == "ours":
                # The largest list, opened for the first time: every claim's id, then one page.
                started = time.perf_counter()
                window.navigator.show_tab("claims")
                _settle(app)
                tab_times["ours"].append(time.perf_counter() - started)
            window.close()
        conn = sqlite3.connect(str(path))
        started = time.perf_counter()
        conn.execute("SELECT id FROM claims ORDER BY id").fetchall()
        tab_times["bare"].append(time.perf_counter() - started)
        conn.close()
    start, base = statistics.median(ms(times["ours"])), statistics.median(ms(times["bare"]))
    return [
        Figure("window_start", start, base, "ms", "< 1000 ms", start < 1000),
        Figure("claims_tab_first_open", statistics.median(ms(tab_times["ours"])),
               statistics.median(ms(tab_times["bare"])), "ms", "", None,
               {"baseline": "SELECT id FROM claims ORDER BY id"}),
    ]


def long_text(seed: int) -> str:
    """About 300,000 characters of words and paragraphs, with characters outside the BMP."""
    rng = random.Random(f"bench/{seed}/long-source")
    parts, size = [], 0
    while size < LONG_CHARS:
        sentence = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 24))).capitalize()
        parts.append(sentence + (".\n\n" if rng.random() < 0.2 else ". "))
        size += len(parts[-1])
    return "".join(parts)[:LONG_CHARS]


def build_long_case(path: Path, seed: int) -> tuple[int, list[int]]:
    """A case with a short source and a 300,000-character one carrying 5,000 cited excerpts.

    Returns the short source's id and the ids of claims whose first citation is in the long one.
    """
    remove_case_files(path)
    case = create_case(path, "Long source benchmark")
    rng = random.Random(f"bench/{seed}/long-excerpts")
    text = long_text(seed)
    try:
        with write(case, "Build the long-source case") as w:
            short = sources.add_source(w, title="Short source")
            sources.add_text(w, short, "A short text to show first.", None, "text/plain")
            long_id = sources.add_source(w, title="Long source")
            stored = sources.add_text(w, long_id, text, None, "text/plain")
            subject = entities.add_entity(w, "company", "Subject Co")
            step = LONG_CHARS // HIGHLIGHTS
            claim_ids, claim = [], None
            for n in range(HIGHLIGHTS):
                start = n * step + rng.randrange(step // 2)
                end = min(LONG_CHARS, start + rng.randint(12, step * 2))  # some overlap
                excerpt = excerpts.add_excerpt(w, stored, selector_at(text, start, end))
                if n % 5 == 0:
                    claim = claims.add_claim(w, subject, f"Claim {n // 5}.")
                    claim_ids.append(claim)
                stance = "contradicts" if rng.random() < 0.15 else "supports"
                claims.add_citation(w, claim, excerpt, stance)
    finally:
        case.close()
    return short, claim_ids


@benchmark("claim_to_quote")
def bench_claim_to_quote(ctx: Context) -> list[Figure]:
    """Select a claim until its 300,000-character source is painted with the quote in view and
    highlighted; vs a bare QPlainTextEdit laying out and painting the same text there."""
    path = ctx.workdir / "long-source.casefile"
    short, claim_ids = build_long_case(path, ctx.seed)
    app = _app()
    rng = random.Random(f"bench/{ctx.seed}/claim-to-quote")
    targets = rng.sample(claim_ids, QUOTE_RUNS)
    window = MainWindow(CaseSession(open_case(path)))
    window.resize(*SIZE)
    window.show()
    _settle(app)
    db = window.session.db
    text = sources.current_text(db, 2).text
    bare = QPlainTextEdit()
    bare.setReadOnly(True)
    bare.resize(window.reading.size())
    bare.show()
    times: dict[str, list[float]] = {"ours": [], "bare": [], "all": []}
    try:
        for claim in targets:
            window.select("source", short)  # start from another source, as a user would
            _settle(app)
            start, end, exact = db.execute(
                "SELECT x.start_pos, x.end_pos, x.exact FROM citations t JOIN excerpts x"
                " ON x.id = t.excerpt_id WHERE t.claim_id = ? ORDER BY t.id LIMIT 1", [claim]
            ).fetchone()
            started = time.perf_counter()
            window.select("claim", claim)
            window.repaint()  # painted now, not when the event loop gets to it
            times["ours"].append(time.perf_counter() - started)
            assert exact[:12] in window.reading.visible_text(), claim
            # Highlights far from the quote are drawn in a pass after the quote is on screen;
            # let it run (timed, for the record) so it does not spill into the next run.
            _settle(app)
            window.reading.finish_highlighting()
            times["all"].append(time.perf_counter() - started)

            bare.setPlainText("")
            _settle(app)
            started = time.perf_counter()
            bare.setPlainText(text)
            cursor = QTextCursor(bare.document())
            cursor.setPosition(len(text[:start].encode("utf-16-le")) // 2)
            bare.setTextCursor(cursor)
            bare.centerCursor()
            bare.repaint()
            times["bare"].append(time.perf_counter() - started)
            _settle(app)
        segments = len(window.reading._segments)
    finally:
        bare.close()
        window.close()
        remove_case_files(path)
    ours, base = statistics.median(ms(times["ours"])), statistics.median(ms(times["bare"]))
    worst = max(ms(times["ours"]))
    info = {"chars": LONG_CHARS, "excerpts": HIGHLIGHTS, "segments": segments,
            "worst_ms": round(worst, 1), "baseline": "QPlainTextEdit.setPlainText + centre"}
    return [
        Figure("claim_to_quote", ours, base, "ms", "< 150 ms", ours < 150, info),
        Figure("claim_to_quote_worst", worst, max(ms(times["bare"])), "ms", "", None),
        Figure("claim_to_all_highlights", statistics.median(ms(times["all"])), base, "ms", "",
               None, {"note": "until every highlight of the source is drawn"}),
    ]
