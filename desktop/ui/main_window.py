"""The main window: the case's sources and claims, and the selected source's text."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.itemmodels.case_lists import ClaimsModel, SourcesModel
from desktop.itemmodels.citing import CitingModel
from desktop.itemmodels.session import CaseSession
from desktop.storage import claim_views, lists, reading
from desktop.ui.actions import ActionRegistry, ActionSpec
from desktop.ui.reading_view import ReadingView


class MainWindow(QMainWindow):
    def __init__(self, session: CaseSession):
        super().__init__()
        self.session = session
        self.setWindowTitle(f"{session.case.title} — Casefile")
        self.resize(1280, 800)

        self.sources_model = SourcesModel(session.db, self)
        self.claims_model = ClaimsModel(session.db, self)
        self.filter = QLineEdit(placeholderText="Filter sources and claims")
        self.filter.setClearButtonEnabled(True)
        self.sources_view = _table(self.sources_model, stretch=0)
        self.claims_view = _table(self.claims_model, stretch=0)
        self.reading = ReadingView(session.db)
        self.reading_header = QLabel()
        self.reading_header.setObjectName("reading-header")
        self.reading_header.setTextFormat(Qt.TextFormat.PlainText)  # titles come from sources
        # A long headline must not widen the window: the label may shrink below its text.
        self.reading_header.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._titles: dict[int, str] = {}  # the reading header's titles, by source id
        self.citing_model = CitingModel(self)
        self.inspector = QListView()
        self.inspector.setObjectName("inspector")
        self.inspector.setModel(self.citing_model)
        self.inspector.setWordWrap(True)

        self._build_layout()
        self._build_actions()
        self.filter.textChanged.connect(self._apply_filter)
        self.sources_view.selectionModel().selectionChanged.connect(self._source_selected)
        self.claims_view.selectionModel().selectionChanged.connect(self._claim_selected)
        self.reading.excerpts_clicked.connect(self._words_clicked)
        self.reading.position_changed.connect(self._update_header)
        session.changed.connect(self._on_change)
        self.sources_model.refresh()
        self.claims_model.refresh()
        self.statusBar().showMessage(
            f"{self.sources_model.rowCount()} sources, {self.claims_model.rowCount()} claims"
        )

    def _build_layout(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.filter)
        column.addWidget(self.sources_view)
        reader = QWidget()
        reader_column = QVBoxLayout(reader)
        reader_column.setContentsMargins(4, 4, 4, 4)
        reader_column.addWidget(self.reading_header)
        reader_column.addWidget(self.reading)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.claims_view)
        lower.addWidget(self.inspector)
        lower.setSizes([560, 300])
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(reader)
        right.addWidget(lower)
        right.setSizes([500, 300])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([420, 860])
        self.setCentralWidget(split)

    def _build_actions(self) -> None:
        self.actions_registry = ActionRegistry(self)
        std = QKeySequence.StandardKey
        menus = {name: self.menuBar().addMenu(title)
                 for name, title in (("file", "&File"), ("edit", "&Edit"), ("view", "&View"))}
        for spec, handler in (
            (ActionSpec("file.quit", "&Quit", std.Quit, fallback="Ctrl+Q"), self.close),
            (ActionSpec("edit.find", "&Filter…", std.Find, fallback="Ctrl+F"),
             self.filter.setFocus),
            (ActionSpec("view.next", "&Next highlight", "F8"), lambda: self.reading.step(1)),
            (ActionSpec("view.previous", "&Previous highlight", "Shift+F8"),
             lambda: self.reading.step(-1)),
            (ActionSpec("view.mentions", "Underline &mentions", "Ctrl+Shift+M"),
             lambda: self.reading.set_mentions_visible(
                 self.actions_registry["view.mentions"].isChecked())),
        ):
            menus[spec.id.split(".")[0]].addAction(self.actions_registry.add(spec, handler))
        mentions = self.actions_registry["view.mentions"]
        mentions.setCheckable(True)
        mentions.setChecked(True)

    def _apply_filter(self, text: str) -> None:
        self.sources_model.set_filter(text)
        self.claims_model.set_filter(text)

    def _source_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        self.reading.show_source(self.sources_model.id_at(indexes[0].row()))
        self._update_header(self.reading.position_text())

    def _claim_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        claim = claim_views.claim_view(self.session.db, self.claims_model.id_at(indexes[0].row()))
        if claim is None or not claim.citations:
            return
        first = claim.citations[0]
        self.reading.show_words(first.source_id, first.start, first.end)
        self._words_clicked(frozenset(c.excerpt_id for c in claim.citations))
        self.statusBar().showMessage(f"{len(claim.citations)} citation(s): showing the first")

    def _words_clicked(self, excerpt_ids) -> None:
        self.citing_model.set_rows(reading.citing(self.session.db, sorted(excerpt_ids)))

    def _update_header(self, position: str) -> None:
        source = self.reading.source_id
        if source is not None and source not in self._titles:
            rows = lists.source_rows(self.session.db, [source])  # once per source, not per step
            self._titles[source] = rows[source].title if source in rows else ""
        title = self._titles.get(source, "No source")
        self.reading_header.setText(f"{title}    ·    {position}")

    def _on_change(self, change) -> None:
        if change.touches("sources"):
            self.sources_model.refresh()
            self._titles.clear()
        if change.touches("source_texts", "excerpts", "citations", "event_citations", "mentions"):
            self.reading.reload()
        if change.touches("claims", "citations", "entities"):  # the list shows subject names
            self.claims_model.refresh()

    def closeEvent(self, event) -> None:
        self.session.close()
        super().closeEvent(event)


def _table(model, stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view
