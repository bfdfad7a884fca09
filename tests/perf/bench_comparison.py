"""The comparison-table benchmarks: a 5,000-entity x 50-property table (at scale 1) loaded, first
painted and scrolled, beside a bare QTableView over the same values read by one raw query.

The issue's bar: the table scrolls smoothly because data() never queries on the GUI thread (the
cells are computed in batches and cached). So the scroll is timed frame by frame, and every SQL
statement the window's connection runs while scrolling is counted: the count must be 0.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import statistics
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt loads: no screen needed

from PySide6.QtCore import (
    QAbstractTableModel,
    QElapsedTimer,
    QEvent,
    QEventLoop,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableView, QWidget

from desktop.domain.text import sha256_text
from desktop.itemmodels.comparison_model import ComparisonModel
from desktop.storage import comparison, schema
from desktop.storage.casefile import Case, create_case, open_case
from desktop.storage.changes import Change
from desktop.ui.comparison_pane import ComparisonPane
from desktop.ui.comparison_table import CELL_WIDTH, LABEL_WIDTH, ComparisonTable
from desktop.ui.comparison_tips import cell_tooltip
from tests.perf.registry import Context, Figure, benchmark, ms, percentile, remove_case_files
from tests.perf.synthetic_text import entity_name, pseudo_word

KIND = "company"
FULL_ENTITIES = 5_000  # rows of the table at scale 1
N_PROPERTIES = 50
N_SOURCES = 200
EXCERPTS_PER_SOURCE = 100  # at scale 1; at least 5 at any scale
EMPTY_CELLS = 0.15  # no claim for the pair
CONFLICTS = 0.05  # of cells with data: two distinct values
CLAIMS_PER_CELL = ((1, 2, 3), (60, 30, 10))  # agreeing claims in a cell without a conflict
CITATIONS_PER_CLAIM = ((1, 2, 3), (50, 35, 15))
STANCES = (("supports", "contradicts", "context"), (88, 7, 5))
REWORKS = 0.15  # sources that rework an earlier one: their support is not a second witness
ACTOR = "synthetic"
STAMP = "2024-01-01T00:00:00+00:00"

SIZE = (1400, 560)  # the table, as the window's comparison pane shows it
FRAME_TARGET_MS = 16.0  # one frame at 60 Hz: a "smooth" frame
FIRST_PAINT_RUNS = 3
V_STEPS = 40  # vertical scroll positions, top to bottom
H_STEPS = 20  # horizontal, left to right
PARTIAL_RUNS = 7
CATCH_UP_RUNS = 3
HEARTBEAT_MS = 5
IDLE_MS = 500  # the stall baseline: the same timer with nothing else to do
STALL_TARGET_MS = 100  # as the import's: the window never freezes for longer
PANE_TIMEOUT_MS = 600_000


# -- the synthetic comparison case ---------------------------------------------------------


def comparison_counts(scale: float) -> dict[str, int]:
    return {"entities": max(20, round(FULL_ENTITIES * scale)), "properties": N_PROPERTIES,
            "sources": N_SOURCES,
            "excerpts": max(5 * N_SOURCES, round(EXCERPTS_PER_SOURCE * N_SOURCES * scale))}


def _uid(table: int, n: int) -> str:
    # Deterministic and increasing, so the UNIQUE index on uid is appended to, not shuffled.
    return str(uuid.UUID(int=(table << 96) | n, version=4))


def build_comparison_case(path: Path, scale: float, seed: int) -> dict[str, int]:
    """Companies x properties with claims, citations, excerpts, sources and lineage, inserted
    straight into the tables with executemany in one transaction (FTS triggers and foreign
    keys still apply); returns rows written per table."""
    rng = random.Random(f"bench/{seed}/comparison")
    counts = comparison_counts(scale)
    n_companies, n_excerpts = counts["entities"], counts["excerpts"]
    n_people = max(10, n_companies // 10)  # what entity-valued properties point at, with firms
    rows: dict[str, list[tuple]] = {}

    rows["entities"] = [
        (i, _uid(1, i), KIND if i <= n_companies else "person",
         entity_name(rng, KIND if i <= n_companies else "person")[0], None, STAMP, ACTOR)
        for i in range(1, n_companies + n_people + 1)
    ]
    kinds = ("text", "bool", "text", "entity")  # 25 text, 13 bool, 12 entity
    props, pools = [], {}
    for i in range(1, N_PROPERTIES + 1):
        datatype = kinds[(i - 1) % len(kinds)]
        word = pseudo_word(rng).title()
        label = {"text": f"{word} jurisdiction or venue", "bool": f"Publishes a {word} policy?",
                 "entity": f"{word} lead or owner"}[datatype]
        props.append((i, _uid(2, i), f"p{i:02d}_{datatype}", label, datatype,
                      f"Synthetic comparison property {i}.", i))
        if datatype == "text":
            pools[i] = [" ".join(pseudo_word(rng).title() for _ in range(rng.randint(1, 4)))
                        for _ in range(30)]
        elif datatype == "bool":
            pools[i] = ["true", "false"]
        else:
            pools[i] = list(range(1, n_companies + n_people + 1))
    rows["properties"] = props

    # Sources whose text is their excerpts one after another, so every excerpt anchors exactly.
    per_source = [n_excerpts // N_SOURCES + (s < n_excerpts % N_SOURCES)
                  for s in range(N_SOURCES)]
    sources, texts, lineage, excerpts = [], [], [], []
    for s in range(1, N_SOURCES + 1):
        sources.append((s, _uid(3, s), f"Report {s}: {pseudo_word(rng).title()}",
                        f"{pseudo_word(rng).title()} Wire", "en", STAMP, ACTOR))
        quotes = [" ".join(pseudo_word(rng) for _ in range(rng.randint(6, 18))).capitalize()
                  + "." for _ in range(per_source[s - 1])]
        text = " ".join(quotes)
        sha = sha256_text(text)
        texts.append((s, s, 1, "text/plain", text, sha, sha, STAMP, ACTOR))
        at = 0
        for quote in quotes:
            prefix, suffix = text[max(0, at - 32):at], text[at + len(quote):at + len(quote) + 32]
            excerpts.append((len(excerpts) + 1, _uid(4, len(excerpts) + 1), s, at,
                             at + len(quote), quote, prefix, suffix, sha, STAMP, ACTOR))
            at += len(quote) + 1
        if s > 10 and rng.random() < REWORKS + 0.05:
            relation = "reworks" if rng.random() < REWORKS / (REWORKS + 0.05) else "cites"
            lineage.append((len(lineage) + 1, _uid(5, len(lineage) + 1), s,
                            rng.randrange(1, s), relation))
    rows |= {"sources": sources, "source_texts": texts, "source_lineage": lineage,
             "excerpts": excerpts}

    claims, citations = [], []
    stances, stance_weights = STANCES
    for entity in range(1, n_companies + 1):
        name = rows["entities"][entity - 1][3]
        for prop, _, _, label, datatype, _, _ in props:
            if rng.random() < EMPTY_CELLS:
                continue
            pool = pools[prop]
            first = rng.choice(pool)
            if rng.random() < CONFLICTS:
                second = rng.choice(pool)
                while second == first:
                    second = rng.choice(pool)
                values = [first, second] + [first] * (rng.random() < 0.3)
            else:
                values = [first] * rng.choices(*CLAIMS_PER_CELL)[0]
            for value in values:
                claim = len(claims) + 1
                roll = rng.random()
                rank = "preferred" if roll < 0.03 else "deprecated" if roll < 0.06 else "normal"
                shown = rows["entities"][value - 1][3] if datatype == "entity" else value
                claims.append((
                    claim, _uid(6, claim), entity, prop,
                    None if datatype == "entity" else value,
                    value if datatype == "entity" else None,
                    f"{name}: {label} {shown}.", rank, "reviewed", STAMP, ACTOR,
                ))
                cited: set[int] = set()
                for _ in range(rng.choices(*CITATIONS_PER_CLAIM)[0]):
                    excerpt = rng.randint(1, n_excerpts)
                    if excerpt in cited:
                        continue
                    cited.add(excerpt)
                    citations.append((len(citations) + 1, _uid(7, len(citations) + 1), claim,
                                      excerpt, rng.choices(stances, stance_weights)[0], STAMP,
                                      ACTOR))
    rows |= {"claims": claims, "citations": citations}

    columns = {
        "entities": ("id", "uid", "kind", "name", "description", "created_at", "created_by"),
        "properties": ("id", "uid", "key", "label", "datatype", "description", "ord"),
        "sources": ("id", "uid", "title", "publisher", "language", "added_at", "added_by"),
        "source_texts": ("id", "source_id", "version", "media_type", "text", "text_sha256",
                         "original_sha256", "added_at", "added_by"),
        "source_lineage": ("id", "uid", "source_id", "parent_id", "relation"),
        "excerpts": ("id", "uid", "source_id", "start_pos", "end_pos", "exact", "prefix",
                     "suffix", "text_sha256", "created_at", "created_by"),
        "claims": ("id", "uid", "subject_id", "property_id", "value", "value_entity_id", "text",
                   "rank", "status", "created_at", "created_by"),
        "citations": ("id", "uid", "claim_id", "excerpt_id", "stance", "created_at",
                      "created_by"),
    }
    # Full-text indexes are filled once at the end ('rebuild'), not row by row by their insert
    # triggers: 20 s less at scale 1. The triggers are put back exactly as the schema writes
    # them, so the file opens as any case does and later edits index as usual.
    fts = {table: [sql for sql in schema.fts_statements(table, cols)
                   if sql.startswith(f"CREATE TRIGGER {table}_fts_insert ")]
           for table, cols in schema.FTS_TABLES if table in columns}
    case = create_case(path, f"Comparison benchmark (scale {scale:g}, seed {seed})", ACTOR)
    try:
        conn = case.db.conn
        conn.execute("PRAGMA synchronous = OFF")  # a benchmark fixture: rebuilt if it is lost
        conn.execute("PRAGMA cache_size = -262144")  # 256 MB: index pages stay in memory
        conn.execute("BEGIN")  # one transaction, parents before children
        try:
            for table in fts:
                conn.execute(f"DROP TRIGGER {table}_fts_insert")
            for table, names in columns.items():
                marks = ", ".join("?" * len(names))
                # Table and column names are this module's constants, never input.
                conn.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})",  # noqa: S608
                                 rows[table])
            for table, triggers in fts.items():
                conn.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('rebuild')")  # noqa: S608
                for trigger in triggers:
                    conn.execute(trigger)
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("ANALYZE")  # as a case that has been used for a while would have
    finally:
        case.close()
    return {table: len(rows[table]) for table in columns}


def comparison_case(ctx: Context) -> tuple[Path, dict]:
    """The comparison case beside the run's synthetic case: reused from --keep when complete."""
    path = ctx.case_path.with_name(f"comparison-s{ctx.scale:g}-seed{ctx.seed}.casefile")
    sidecar = path.with_name(path.name + ".json")
    if path.exists() and sidecar.exists():
        return path, json.loads(sidecar.read_text()) | {"reused": True}
    remove_case_files(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    counts = build_comparison_case(path, ctx.scale, ctx.seed)
    info = {"counts": counts, "build_s": round(time.perf_counter() - started, 3),
            "bytes": path.stat().st_size}
    sidecar.write_text(json.dumps(info, indent=2))  # written last: marks the file complete
    return path, info | {"reused": False}


# -- the bare baseline ---------------------------------------------------------------------

BARE_VALUES = (
    "SELECT c.subject_id, c.property_id, COALESCE(c.value, v.name, '')"
    " FROM claims c JOIN entities e ON e.id = c.subject_id"
    " LEFT JOIN entities v ON v.id = c.value_entity_id"
    " WHERE c.property_id IS NOT NULL AND e.kind = ?"
)


class BareModel(QAbstractTableModel):
    """Strings from a list of lists, and nothing else."""

    def __init__(self, rows: list[list[str]], headers: list[str]):
        super().__init__()
        self._rows, self._headers = rows, headers

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None


def bare_values(conn: sqlite3.Connection) -> tuple[list[list[str]], list[str]]:
    """The same entities, properties and values by raw queries, pivoted into rows of strings
    (no ranks, citations or lineage: the last claim's value stands)."""
    names = conn.execute("SELECT id, name FROM entities WHERE kind = ? AND merged_into IS NULL"
                         " ORDER BY name COLLATE NOCASE, id", [KIND]).fetchall()
    props = conn.execute("SELECT id, label FROM properties ORDER BY ord, label, id").fetchall()
    row_of = {entity: n for n, (entity, _) in enumerate(names)}
    column_of = {prop: n for n, (prop, _) in enumerate(props, start=1)}
    rows = [[name] + [""] * len(props) for _, name in names]
    for subject, prop, value in conn.execute(BARE_VALUES, [KIND]):
        rows[row_of[subject]][column_of[prop]] = value
    return rows, ["Entity", *(label for _, label in props)]


def bare_view(model: BareModel, row_height: int) -> QTableView:
    """A plain QTableView laid out as ours is (same column widths, row height, per-pixel
    scrolling), so both show the same cells at each scroll position."""
    view = QTableView()
    view.setModel(model)
    view.setWordWrap(False)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(row_height)
    view.horizontalHeader().setDefaultSectionSize(CELL_WIDTH)
    view.setColumnWidth(0, LABEL_WIDTH)
    return view


# -- timing ----------------------------------------------------------------------------------


def _app() -> QApplication:
    return QApplication.instance() or QApplication([])


class Paints(QObject):
    """Counts paint events of a viewport: proof that a timed frame painted cells."""

    def __init__(self, viewport: QWidget):
        super().__init__()
        self.count = 0
        viewport.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _show_and_paint(app: QApplication, widget: QWidget) -> None:
    """Show a window and let Qt lay it out and paint it: the first frame a user sees.

    (repaint() on a view after this would paint only its frame: its viewport and children
    are repainted only where dirty.)"""
    widget.resize(*SIZE)
    widget.show()
    app.processEvents()  # polish, layout, expose and paint, as the event loop does at once


def _dispose(app: QApplication, *widgets: QWidget) -> None:
    for widget in widgets:
        widget.close()
        widget.deleteLater()
    app.processEvents()


def _frame(view: QTableView, bar_of: Callable, fraction: float) -> float:
    """One scroll step: move the bar, then paint at once what scrolling made dirty (the
    viewport, the headers and, for ours, the frozen column laid over it)."""
    bar = bar_of(view)
    value = round(bar.maximum() * fraction)
    started = time.perf_counter()
    bar.setValue(value)
    view.repaint()
    return time.perf_counter() - started


def _longest_gap(app: QApplication, begin: Callable[[Callable[[], None]], None]) -> float:
    """The longest gap between 5 ms timer ticks on the GUI thread, in ms, from begin(finish)
    until finish() is called and what it left queued has run."""
    loop = QEventLoop()
    finished: list[bool] = []

    def finish() -> None:
        finished.append(True)
        loop.quit()

    clock, gaps, last = QElapsedTimer(), [], [0.0]

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer(interval=HEARTBEAT_MS)
    timer.timeout.connect(tick)
    clock.start()
    timer.start()
    begin(finish)
    if not finished:
        QTimer.singleShot(PANE_TIMEOUT_MS, loop.quit)
        loop.exec()
    app.processEvents()  # e.g. the reset model's table laid out and painted
    timer.stop()
    tick()
    return max(gaps)


def _show_pane(pane: ComparisonPane, outcome: list[bool]) -> Callable:
    """Show the pane (its showEvent loads at once for a small case, else starts the worker);
    finish when its table has data, or the load failed."""

    def begin(finish: Callable[[], None]) -> None:
        pane.loader.loaded.connect(lambda _grid: (outcome.append(True), finish()))
        pane.loader.failed.connect(lambda _why: (outcome.append(False), finish()))
        pane.resize(SIZE[0], SIZE[1] + 80)
        pane.show()

    return begin


def _trace(conn: sqlite3.Connection) -> list[str]:
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    return statements


# -- the benchmark ---------------------------------------------------------------------------


@benchmark("comparison")
def bench_comparison(ctx: Context) -> list[Figure]:
    """Load, first paint and scroll the comparison table of the comparison case, each beside a
    bare QTableView over the same values from one raw query; and count SQL while scrolling."""
    path, case_info = comparison_case(ctx)
    app = _app()
    case = open_case(path)
    bare_conn = sqlite3.connect(str(path))
    try:
        return _measure(app, case, bare_conn, case_info)
    finally:
        bare_conn.close()
        case.close()


def _measure(app: QApplication, case: Case, bare_conn: sqlite3.Connection,
             case_info: dict) -> list[Figure]:
    db = case.db
    times: dict[str, list[float]] = {k: [] for k in (
        "load", "model", "table", "first", "bare_load", "bare_first", "pane", "catch_up")}
    first_paint_sql: list[int] = []
    unpainted: list[str] = []  # a first frame that painted no cells would time nothing
    stalls: list[float] = []
    table: ComparisonTable | None = None
    bare: QTableView | None = None
    model: ComparisonModel | None = None
    row_height = 30  # ours sets its own from the font; the bare view copies it
    background = 0
    for run in range(FIRST_PAINT_RUNS):
        if table is not None and bare is not None:
            _dispose(app, table, bare)
            table = bare = None
        # Alternate who goes first, so drift on a noisy machine falls on both alike (ours
        # first in run 0: the bare view takes its row height).
        for side in (("ours", "bare") if run % 2 == 0 else ("bare", "ours")):
            if side == "ours":
                started = time.perf_counter()
                grid = comparison.load_grid(db, KIND)
                loaded = time.perf_counter()
                model = ComparisonModel()
                model.set_grid(grid)
                modelled = time.perf_counter()
                statements = _trace(db.conn)
                table = ComparisonTable(model, lambda key: cell_tooltip(db, key))
                paints = Paints(table.viewport())
                _show_and_paint(app, table)
                painted = time.perf_counter()
                db.conn.set_trace_callback(None)
                first_paint_sql.append(len(statements))
                if not paints.count:
                    unpainted.append("ours")
                row_height = table.rowHeight(0)
                times["load"].append(loaded - started)
                times["model"].append(modelled - loaded)
                times["table"].append(painted - modelled)
                times["first"].append(painted - started)
            else:
                started = time.perf_counter()
                rows, headers = bare_values(bare_conn)
                loaded = time.perf_counter()
                bare = bare_view(BareModel(rows, headers), row_height)
                paints = Paints(bare.viewport())
                _show_and_paint(app, bare)
                if not paints.count:
                    unpainted.append("bare")
                times["bare_load"].append(loaded - started)
                times["bare_first"].append(time.perf_counter() - started)
        # The pane as the window shows it: the table computed in a worker thread from 20,000
        # claims on, then handed to the GUI thread (set_grid, summary) and painted.
        started = time.perf_counter()
        pane = ComparisonPane(db, case)
        paints = Paints(pane.table.viewport())
        outcome: list[bool] = []
        stalls.append(_longest_gap(app, _show_pane(pane, outcome)))
        times["pane"].append(time.perf_counter() - started)
        if not outcome or not outcome[0]:
            raise RuntimeError("the comparison pane did not load its table")
        if not pane.model.rowCount() or not paints.count:
            unpainted.append("pane")
        background = pane.loader.background_from
        if run == FIRST_PAINT_RUNS - 1:
            # An edit to one entity's claims, as the pane hears of it and catches up (the
            # debounce timer skipped): its row computed again, the model and summary updated.
            entity = pane.model.entities()[len(pane.model.entities()) // 2]
            assert pane.isVisible()  # else on_change only marks the pane stale
            for _ in range(CATCH_UP_RUNS):
                pane.on_change(Change(frozenset({"claims"}), subjects=frozenset({entity})))
                started = time.perf_counter()
                pane.catch_up_now()
                times["catch_up"].append(time.perf_counter() - started)
        pane.shutdown()
        _dispose(app, pane)
    idle = _longest_gap(app, lambda finish: QTimer.singleShot(IDLE_MS, finish))
    assert bare is not None and table is not None and model is not None
    grid = model.grid
    assert grid is not None
    n_claims = db.execute("SELECT count(*) FROM claims").fetchone()[0]
    shape = {"rows": model.rowCount(), "columns": model.columnCount(), "cells": len(grid.cells),
             "claims": n_claims, "bare_rows": bare.model().rowCount(),
             "bare_columns": bare.model().columnCount(), "row_height": row_height}

    # Scrolling: ours and the bare view step to the same fractions of their scroll range.
    frames: dict[str, list[float]] = {"v": [], "h": [], "bare_v": [], "bare_h": []}
    counters = {"v": Paints(table.viewport()), "bare_v": Paints(bare.viewport())}
    counters |= {"h": counters["v"], "bare_h": counters["bare_v"]}
    painted = {name: 0 for name in frames}
    gui_sql, bare_sql = _trace(db.conn), _trace(bare_conn)
    try:
        for axis, steps, bar_of in (("v", V_STEPS, QTableView.verticalScrollBar),
                                    ("h", H_STEPS, QTableView.horizontalScrollBar)):
            for step in range(1, steps + 1):
                pair = ((axis, table), (f"bare_{axis}", bare))
                for name, view in (pair if step % 2 else pair[::-1]):
                    before = counters[name].count
                    frames[name].append(_frame(view, bar_of, step / steps))
                    painted[name] += counters[name].count > before
                    app.processEvents()  # anything deferred runs here, never inside a frame
            for view in (table, bare):
                bar_of(view).setValue(0)
            app.processEvents()
    finally:
        db.conn.set_trace_callback(None)
        bare_conn.set_trace_callback(None)
    # Frames where the bar could not move (a small case fits the window) paint nothing.
    moved = {"v": table.verticalScrollBar().maximum() > 0,
             "h": table.horizontalScrollBar().maximum() > 0}

    # An edit to one entity: its row computed again, vs computing the whole table.
    entity = grid.entities[len(grid.entities) // 2][0]
    partial, partial_query = [], []
    for _ in range(PARTIAL_RUNS):
        started = time.perf_counter()
        cells = comparison.cells_for(db, KIND, [entity], grid.properties)
        queried = time.perf_counter()
        model.update_cells({entity}, cells)
        partial.append(time.perf_counter() - started)
        partial_query.append(queried - started)
    _dispose(app, table, bare)
    model.release()

    med = statistics.median
    frame_ms = {name: ms(values) for name, values in frames.items()}
    first_parts = {f"{k}_ms": round(med(ms(times[k])), 1) for k in ("load", "model", "table")}
    target = f"< {FRAME_TARGET_MS:g} ms"
    worst = max(frame_ms["v"] + frame_ms["h"])
    scroll_info = {axis: {"steps": len(frames[axis]), "bar_moved": moved[axis],
                          "frames_painted": painted[axis],
                          "bare_frames_painted": painted[f"bare_{axis}"]} for axis in moved}
    return [
        Figure("comparison load_grid", med(ms(times["load"])), med(ms(times["bare_load"])),
               "ms", "", None, {"case": case_info, **shape,
                                "baseline": "raw query of the values, pivoted into lists"}),
        Figure("comparison first paint (model + table)", med(ms(times["first"])),
               med(ms(times["bare_first"])), "ms", "", None,
               {**first_parts, "sql_while_showing": first_paint_sql, "unpainted": unpainted,
                "baseline": "raw query + bare QTableView shown and painted"}),
        Figure("comparison pane first paint (as the window loads it)", med(ms(times["pane"])),
               med(ms(times["bare_first"])), "ms", "", None,
               {"worker_thread": n_claims >= background}),
        Figure("comparison GUI-thread longest stall while the pane loads", max(stalls), idle,
               "ms", f"< {STALL_TARGET_MS:g} ms", max(stalls) < STALL_TARGET_MS,
               {"runs_ms": [round(s, 1) for s in stalls], "baseline": "the same timer, idle"}),
        Figure("comparison scroll frame median (vertical)", med(frame_ms["v"]),
               med(frame_ms["bare_v"]), "ms", "", None, {"size": SIZE, **scroll_info}),
        Figure("comparison scroll frame p95 (vertical)", percentile(frame_ms["v"], 95),
               percentile(frame_ms["bare_v"], 95), "ms", target,
               percentile(frame_ms["v"], 95) < FRAME_TARGET_MS),
        Figure("comparison scroll frame median (horizontal)", med(frame_ms["h"]),
               med(frame_ms["bare_h"]), "ms"),
        Figure("comparison scroll frame p95 (horizontal)", percentile(frame_ms["h"], 95),
               percentile(frame_ms["bare_h"], 95), "ms", target,
               percentile(frame_ms["h"], 95) < FRAME_TARGET_MS),
        Figure("comparison scroll frame worst", worst,
               max(frame_ms["bare_v"] + frame_ms["bare_h"]), "ms"),
        # Assertion-like: any statement on the window's connection while scrolling means
        # data() (or something it calls) queries. Counted, and shown as FAIL when not 0.
        Figure("comparison SQL statements while scrolling", len(gui_sql), len(bare_sql),
               "statements", "= 0", not gui_sql, {"first": gui_sql[:5]}),
        Figure("comparison refresh after one edit (cells_for + update_cells)", med(ms(partial)),
               med(ms(times["load"])), "ms", "", None,
               {"query_ms": round(med(ms(partial_query)), 2),
                "baseline": "load_grid of the whole table"}),
        Figure("comparison pane catch-up after one edit", med(ms(times["catch_up"])),
               med(ms(times["load"])), "ms", "", None,
               {"runs_ms": [round(t, 1) for t in ms(times["catch_up"])],
                "includes": "cells_for, update_cells, the summary line",
                "baseline": "load_grid of the whole table"}),
    ]
