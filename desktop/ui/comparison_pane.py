"""The comparison pane: which entities and properties, the legend, the grid, and keeping it in
step with edits (only the rows an edit touched are computed again)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop.domain.comparison import ColumnStats, column_stats
from desktop.domain.vocab import ENTITY_KINDS, KIND_LABELS
from desktop.itemmodels.badges import BADGES, COUNT_TIP, NO_DATA_TIP, badges_pixmap
from desktop.itemmodels.comparison_model import ComparisonModel
from desktop.storage import comparison
from desktop.storage.casefile import Case
from desktop.storage.changes import Change
from desktop.ui.background_load import BackgroundLoad
from desktop.ui.comparison_table import ComparisonTable
from desktop.ui.comparison_tips import cell_tooltip

BACKGROUND_FROM = 20_000  # claims: from here on the table is computed in a worker thread
PARTIAL_UP_TO = 500  # entities an edit touched: more than this and the whole table reloads
SHOW = (("All rows", None), ("Conflicts", "conflict"), ("Single origin", "single_origin"),
        ("Contradicted", "contradicted"), ("Gaps (no data)", "no_data"))
# Changes that alter which rows, columns or origins there are. Claims and citations name the
# entities they touched (Change.subjects), so only those rows are computed again.
_FULL_RELOAD = ("entities", "properties", "source_lineage")


def _load(db: Database, kind: str, cancelled) -> comparison.Grid:
    """The table, computed without pausing the window for Python's cycle collector.

    A large table is hundreds of thousands of small acyclic objects. Made in a worker, each
    full collection they trigger stops every thread, the window's too, for a third of a
    second: collection waits while they are made (it is process-wide, so it waits in the
    window's thread too, for those few seconds).
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return comparison.load_grid(db, kind, cancelled)
    finally:
        if paused:
            gc.enable()


class ComparisonPane(QWidget):
    cell_chosen = Signal(object)  # (entity id, property id) or None
    open_words = Signal(object)  # (entity id, property id)
    export_requested = Signal()

    def __init__(self, db: Database, case: Case | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("comparison-pane")
        self._db = db
        self.model = ComparisonModel(self)
        self.table = ComparisonTable(self.model, lambda key: cell_tooltip(self._db, key))
        self.table.cell_chosen.connect(self.cell_chosen)
        self.table.open_words.connect(self.open_words)
        self.table.horizontalHeader().sectionMoved.connect(self._section_moved)
        self._columns: dict[str, list[int]] = {}  # columns chosen per kind
        self._stale = True
        self._pending_subjects: set[int] = set()
        self._full = False
        self._refresh = QTimer(self, singleShot=True, interval=150)
        self._refresh.timeout.connect(self._catch_up)
        self.loader = BackgroundLoad(db, case, _load, comparison.claim_count, BACKGROUND_FROM,
                                     "the comparison table", (comparison.LoadCancelled,), self)
        self.loader.setObjectName("comparison")
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(self._failed)
        self.message = QLabel("")
        self.message.setObjectName("comparison-message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._toolbar())
        layout.addLayout(self._legend())
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

    # -- building ------------------------------------------------------------------------------

    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.setObjectName("comparison-kind")
        for kind in ("company", "model", "agency", *(k for k in ENTITY_KINDS
                                                      if k not in ("company", "model", "agency"))):
            self.kind.addItem(KIND_LABELS[kind], kind)
        self.kind.setToolTip("Which entities are the rows")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.transpose = QCheckBox("&Transpose")
        self.transpose.setToolTip("Swap rows and columns: properties down, entities across")
        self.transpose.toggled.connect(self.model.set_transposed)
        self.filter = QLineEdit()
        self.filter.setObjectName("comparison-filter")
        self.filter.setPlaceholderText("Filter rows by name or value…")
        self.filter.setClearButtonEnabled(True)
        self.show_only = QComboBox()
        self.show_only.setObjectName("comparison-show")
        for text, badge in SHOW:
            self.show_only.addItem(text, badge)
        self.with_data = QCheckBox("Only rows with &data")
        self.with_data.setChecked(True)
        # Typing waits for a pause: each pass looks at every cell of a large table.
        self._typing = QTimer(self, singleShot=True, interval=200)
        self._typing.timeout.connect(self._refilter)
        self.filter.textChanged.connect(self._typing.start)
        for signal in (self.show_only.currentIndexChanged, self.with_data.toggled):
            signal.connect(self._refilter)
        self.columns_button = QToolButton()
        self.columns_button.setText("Columns")
        self.columns_button.setObjectName("comparison-columns")
        self.columns_button.setToolTip("Choose which properties are columns; drag a column's"
                                       " heading to reorder")
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.columns_menu = QMenu(self)
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        self.columns_button.setMenu(self.columns_menu)
        export = QToolButton()
        export.setText("Export CSV…")
        export.setToolTip("Save the table with footnotes to each quoted source")
        export.clicked.connect(self.export_requested)
        for widget in (QLabel("Rows:"), self.kind, self.transpose, self.filter, self.show_only,
                       self.with_data, self.columns_button, export):
            row.addWidget(widget)
        row.setStretchFactor(self.filter, 1)
        return row

    def _legend(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(4)
        entries = [("count", badges_pixmap(3, ()), "citations", COUNT_TIP)]
        entries += [(name, badges_pixmap(None, (name,)), BADGES[name][2].split(":")[0],
                     BADGES[name][2]) for name in BADGES]
        for name, pixmap, words, tip in entries:
            icon = QLabel()
            icon.setPixmap(pixmap)
            text = QLabel(words)
            text.setObjectName(f"legend-{name}")
            for widget in (icon, text):
                widget.setToolTip(tip)
                row.addWidget(widget)
            row.addSpacing(10)
        empty = QLabel("—  no data")
        empty.setToolTip(NO_DATA_TIP)
        row.addWidget(empty)
        row.addStretch(1)
        return row

    # -- loading -------------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            try:
                self.reload()
            except Exception as exc:  # a Qt override must never raise (PySide 6.11 aborts)
                self._failed(str(exc))

    def reload(self) -> None:
        """Read the whole table again (at once, or in the background for a large case)."""
        self._stale, self._full, self._pending_subjects = False, False, set()
        self._refresh.stop()
        if not self.loader.request(self.current_kind()):
            self.message.setText("Computing the table…")

    def current_kind(self) -> str:
        return self.kind.currentData() or "company"

    def _kind_changed(self) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True  # a hidden pane computes nothing until it is shown

    def _loaded(self, grid: comparison.Grid) -> None:
        if grid.kind != self.current_kind():
            return  # a load for a kind no longer chosen
        self.model.set_grid(grid, self._columns.get(grid.kind))
        self._show_summary()

    def _failed(self, why: str) -> None:
        self.message.setText(f"The table could not be shown: {why}")

    def _show_summary(self) -> None:
        """Badge totals over the rows and columns shown: from the columns' running totals when
        no words or badge narrow the rows (every value shown is then counted), else from the
        cells of the rows left."""
        grid = self.model.grid
        if grid is None:
            return
        columns = self.model.columns()
        if self.filter.text().strip() or self.show_only.currentData():
            stats = column_stats({(e, p): c for e in self.model.entities() for p in columns
                                  if (c := grid.cells.get((e, p))) is not None})
        else:
            stats = grid.stats
        shown = [stats[p] for p in columns if p in stats]
        total = ColumnStats()
        for column in shown:
            total.conflict += column.conflict
            total.single_origin += column.single_origin
            total.contradicted += column.contradicted
            total.origins.update(column.origins)
        values = sum(len(column.filled) for column in shown)
        rows = len(self.model.entities())
        text = (f"{rows:,} of {len(grid.entities):,} {KIND_LABELS[grid.kind].lower()} · "
                f"{len(columns)} properties · {total.conflict} in conflict · "
                f"{total.single_origin} single-origin · {total.contradicted} contradicted")
        if not rows and grid.entities and self.with_data.isChecked() and not grid.cells:
            text += (" · no claim gives a value for any of them yet: untick “Only rows with"
                     " data” to see them all, or cite words with Cite as Value for…")
        self.message.setText(text + self._main_origin(total, values))

    def _main_origin(self, total: ColumnStats, values: int) -> str:
        """When most values shown rest on one report alone, the table says which and how
        many: however many sources repeat it, the comparison then rests on it."""
        if not total.origins:
            return ""
        origin, count = total.origins.most_common(1)[0]
        if count < 2 or count * 2 < values:
            return ""
        labels = comparison.origin_labels(self._db, [origin])
        return f" · {count} of {values} values rest on one report alone: {labels[0]}" \
            if labels else ""

    def _refilter(self) -> None:
        self._typing.stop()  # the words are applied now; no second pass when the timer ends
        self.model.set_filter(self.filter.text(), self.show_only.currentData(),
                              self.with_data.isChecked())
        self._show_summary()

    # -- columns -------------------------------------------------------------------------------

    def _fill_columns_menu(self) -> None:
        self.columns_menu.clear()
        grid = self.model.grid
        if grid is None:
            return
        shown = self.model.columns()
        for prop in grid.properties:
            action = QAction(prop.label, self.columns_menu, checkable=True)
            action.setChecked(prop.id in shown)
            action.toggled.connect(lambda on, pid=prop.id: self.set_column(pid, on))
            self.columns_menu.addAction(action)
        self.columns_menu.addSeparator()
        self.columns_menu.addAction("Show all", lambda: self.set_columns(
            [p.id for p in grid.properties]))
        self.columns_menu.addAction("Only those with data", lambda: self.set_columns(
            grid.used_properties()))

    def set_column(self, property_id: int, shown: bool) -> None:
        columns = [p for p in self.model.columns() if p != property_id]
        if shown:  # back where the case orders it, among the columns as they are now
            order = [p.id for p in self.model.grid.properties]
            rank = order.index(property_id)
            at = next((n for n, p in enumerate(columns) if order.index(p) > rank), len(columns))
            columns.insert(at, property_id)
        self.set_columns(columns)

    def set_columns(self, property_ids: list[int]) -> None:
        self._columns[self.current_kind()] = list(property_ids)
        self.model.set_columns(property_ids)
        self._show_summary()

    def _section_moved(self, _logical: int, _old: int, _new: int) -> None:
        # Dragged headings become the model's own order (so exports and copies follow it);
        # the frozen first column stays first.
        QTimer.singleShot(0, self._adopt_visual_order)

    def _adopt_visual_order(self) -> None:
        header = self.table.horizontalHeader()
        logical = [header.logicalIndex(v) for v in range(header.count())]
        with QSignalBlocker(header):
            for visual, section in enumerate(sorted(logical)):
                header.moveSection(header.visualIndex(section), visual)
        if self.model.transposed:
            return  # columns are entities there: their order is the sort's
        order = [self.model.columns()[s - 1] for s in logical if s > 0]
        self.set_columns(order)

    def show_key(self, key: tuple[int, int]) -> None:
        """Make a cell current (after citing words for it), applying pending edits first."""
        self.catch_up_now()
        index = self.model.index_of(key)
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    # -- remembering the arrangement -----------------------------------------------------------

    def arrangement(self) -> dict:
        """Rows' kind, transposition and each kind's columns (by property key, so the choice
        carries to other cases with the same properties): saved with the window's layout."""
        keys = {p.id: p.key for p in self.model.grid.properties} if self.model.grid else {}
        if self.model.grid is not None:
            self._columns[self.current_kind()] = self.model.columns()
        return {"kind": self.current_kind(), "transposed": self.transpose.isChecked(),
                "columns": {kind: [keys[p] for p in ids if p in keys]
                            for kind, ids in self._columns.items()}}

    def restore_arrangement(self, saved: object) -> None:
        """Bring back what arrangement() gave; anything damaged or unknown is skipped."""
        if not isinstance(saved, dict):
            return
        ids = {p.key: p.id for p in comparison.properties(self._db)}
        columns = saved.get("columns")
        if isinstance(columns, dict):
            for kind, chosen in columns.items():
                known = [ids[k] for k in chosen if isinstance(k, str) and k in ids] \
                    if isinstance(chosen, list) else []
                if kind in ENTITY_KINDS and known:  # none known here: this case's default
                    self._columns[kind] = known
        kind = saved.get("kind")
        if kind in ENTITY_KINDS:
            self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.transpose.setChecked(saved.get("transposed") is True)
        self._stale = True

    # -- keeping up with edits -----------------------------------------------------------------

    def on_change(self, change: Change) -> None:
        if change.touches(*_FULL_RELOAD):
            self._full = True
        elif change.subjects:
            self._pending_subjects |= set(change.subjects)
        else:
            return
        if self.isVisible():
            self._refresh.start()
        else:
            self._stale = True

    def _catch_up(self) -> None:
        subjects, self._pending_subjects = self._pending_subjects, set()
        full, self._full = self._full, False
        # While a full load runs, its result predates this edit: patching the old table now
        # would be overwritten by it, so load again once it is done.
        if full or len(subjects) > PARTIAL_UP_TO or self.model.grid is None or self.loader.busy:
            self.reload()
            return
        grid = self.model.grid
        cells = comparison.cells_for(self._db, grid.kind, sorted(subjects), grid.properties)
        self.model.update_cells(subjects, cells)
        self._show_summary()
        self.table.cell_chosen.emit(self.model.key_at(self.table.currentIndex()))

    def catch_up_now(self) -> None:
        """Apply pending edits and filter words at once (tests, and before an export)."""
        if self._typing.isActive():
            self._typing.stop()
            self._refilter()
        if self._refresh.isActive():
            self._refresh.stop()
            self._catch_up()

    def ready(self) -> bool:
        """Whether the table shown is complete and of the kind chosen (not still loading)."""
        grid = self.model.grid
        return grid is not None and not self.loader.busy and grid.kind == self.current_kind()

    def shutdown(self) -> None:
        self._refresh.stop()
        self._typing.stop()
        self.loader.shutdown()
        self.model.release()

