"""The main window: the case's sources and claims, and the selected source's text."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.itemmodels.case_lists import ClaimsModel, SourcesModel
from desktop.itemmodels.session import CaseSession
from desktop.storage import sources
from desktop.ui.actions import ActionRegistry, ActionSpec


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
        self.reading = QPlainTextEdit(readOnly=True)
        self.reading.setObjectName("reading")
        self.reading.setPlaceholderText("Select a source to read it.")

        self._build_layout()
        self._build_actions()
        self.filter.textChanged.connect(self._apply_filter)
        self.sources_view.selectionModel().selectionChanged.connect(self._source_selected)
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
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.reading)
        right.addWidget(self.claims_view)
        right.setSizes([500, 300])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([420, 860])
        self.setCentralWidget(split)

    def _build_actions(self) -> None:
        self.actions_registry = ActionRegistry(self)
        std = QKeySequence.StandardKey
        menus = {"file": self.menuBar().addMenu("&File"), "edit": self.menuBar().addMenu("&Edit")}
        for spec, handler in (
            (ActionSpec("file.quit", "&Quit", std.Quit, fallback="Ctrl+Q"), self.close),
            (ActionSpec("edit.find", "&Filter…", std.Find, fallback="Ctrl+F"),
             self.filter.setFocus),
        ):
            menus[spec.id.split(".")[0]].addAction(self.actions_registry.add(spec, handler))

    def _apply_filter(self, text: str) -> None:
        self.sources_model.set_filter(text)
        self.claims_model.set_filter(text)

    def _source_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        source_id = self.sources_model.id_at(indexes[0].row())
        text = sources.current_text(self.session.db, source_id)
        # Plain text only: a source's words are never handed to a rich-text engine.
        self.reading.setPlainText(text.text if text else "")

    def _on_change(self, change) -> None:
        if change.touches("sources"):
            self.sources_model.refresh()
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
