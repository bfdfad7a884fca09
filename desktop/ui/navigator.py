"""The navigator pane: sources, entities by kind, claims and events, narrowed by one filter box."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop.itemmodels.case_lists import ClaimsModel, EventsModel, SourcesModel
from desktop.itemmodels.entity_tree import EntityTreeModel
from desktop.itemmodels.id_models import ID_ROLE
from desktop.ui.views import table_view

TABS = ("sources", "entities", "claims", "events")
TITLES = {"sources": "Sources", "entities": "Entities", "claims": "Claims", "events": "Events"}
KIND_OF_TAB = {"sources": "source", "entities": "entity", "claims": "claim", "events": "event"}
TAB_OF_KIND = {kind: tab for tab, kind in KIND_OF_TAB.items()}
FILTER_DELAY_MS = 150  # one query per pause in typing, not one per key


class Navigator(QWidget):
    """Lists fill when first shown and refill when shown after the filter or case changed."""

    selected = Signal(str, int)  # kind ("source", "entity", "claim", "event"), id

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("navigator")
        self.filter = QLineEdit(placeholderText="Filter sources, entities, claims and events")
        self.filter.setObjectName("navigator-filter")
        self.filter.setClearButtonEnabled(True)
        self.models = {
            "sources": SourcesModel(db, self),
            "entities": EntityTreeModel(db, self),
            "claims": ClaimsModel(db, self),
            "events": EventsModel(db, self),
        }
        self.views: dict[str, QAbstractItemView] = {
            "sources": table_view(self.models["sources"], stretch=0),
            "entities": _tree(self.models["entities"]),
            # The subject is in each claim's tooltip and in the entities tab; the pane is narrow.
            "claims": table_view(self.models["claims"], stretch=0, shown=(0, 2, 3, 4)),
            "events": table_view(self.models["events"], stretch=1),
        }
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for name in TABS:
            self.views[name].setObjectName(f"navigator-{name}")
            self.tabs.addTab(self.views[name], TITLES[name])
        for name in ("claims", "events"):  # dragged into a briefing, they become references
            self.views[name].setDragEnabled(True)
            self.views[name].setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.tabs)

        self._stale = set(TABS)  # lists to (re)load when next shown
        self._quiet = False  # True while we move the selection ourselves
        self._emitted: tuple[str, int] | None = None  # what currentChanged last announced
        self._timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._timer.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(lambda _text: self._timer.start())
        self.tabs.currentChanged.connect(lambda _i: self._load_current())
        for name, view in self.views.items():
            view.selectionModel().currentChanged.connect(
                lambda current, _previous, tab=name: self._current_changed(tab, current)
            )
            # Clicking (or pressing Enter on) the row already current opens it again: after
            # the reader wandered off through highlights or the inspector, that is the way back.
            view.clicked.connect(lambda index, tab=name: self._chosen(tab, index))
            view.activated.connect(lambda index, tab=name: self._chosen(tab, index))
        self.filter.installEventFilter(self)
        self._load_current()

    def eventFilter(self, watched, event) -> bool:
        """In the filter box: Down or Enter moves to the list, Escape clears the filter."""
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.apply_filter_now()
                view = self.views[self.current_tab()]
                current = view.currentIndex()
                # Before focusing: a focused view with no current row makes its first row
                # current, which in the entities tree is a kind's heading.
                if not current.isValid() or not (current.flags() & Qt.ItemFlag.ItemIsSelectable):
                    first = view.model().index(0, 0)
                    if self.current_tab() == "entities":  # the first entity, not its group
                        first = view.model().index(0, 0, first)
                    if first.isValid():
                        view.setCurrentIndex(first)
                view.setFocus()
                return True
            if event.key() == Qt.Key.Key_Escape and self.filter.text():
                self.filter.clear()
                return True
        return super().eventFilter(watched, event)

    # -- loading -------------------------------------------------------------------------------

    def current_tab(self) -> str:
        return TABS[self.tabs.currentIndex()]

    def show_tab(self, tab: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(tab))

    def mark_stale(self, *tabs: str) -> None:
        """The case changed under these lists: reload the visible one now, the rest when shown."""
        self._stale.update(tabs)
        self._load_current()

    def release(self) -> None:
        """Empty every list before the case closes; views may still ask while they hide."""
        self._timer.stop()
        self._stale.clear()
        for model in self.models.values():
            model.release()

    def apply_filter_now(self) -> None:
        self._timer.stop()
        self._apply_filter()

    def _apply_filter(self) -> None:
        self._stale = set(TABS)
        self._load_current()

    def _load_current(self) -> None:
        tab = self.current_tab()
        if tab not in self._stale:
            return
        self._stale.discard(tab)
        view = self.views[tab]
        kept = view.currentIndex().data(ID_ROLE)
        self.models[tab].set_filter(self.filter.text())
        if kept is not None:
            self._set_current(tab, kept, notify=False)
        self._update_titles()

    def _update_titles(self) -> None:
        for i, name in enumerate(TABS):
            if name in self._stale:
                self.tabs.setTabText(i, TITLES[name])
                continue
            model = self.models[name]
            count = model.entity_count() if name == "entities" else model.rowCount()
            self.tabs.setTabText(i, f"{TITLES[name]} ({count:,})")

    # -- selection -----------------------------------------------------------------------------

    def select(self, kind: str, item_id: int) -> bool:
        """Show the item in its list, as if clicked, without announcing it again."""
        tab = TAB_OF_KIND[kind]
        self.show_tab(tab)
        return self._set_current(tab, item_id, notify=False)

    def _set_current(self, tab: str, item_id: int, notify: bool) -> bool:
        index = self._index_of(tab, item_id)
        view = self.views[tab]
        if not index.isValid():
            # Hidden by the filter: show no row rather than another item's.
            self._quiet = True
            try:
                view.selectionModel().clear()
            finally:
                self._quiet = False
            return False
        self._quiet = not notify
        try:
            view.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        finally:
            self._quiet = False
        view.scrollTo(index)
        return True

    def _index_of(self, tab: str, item_id: int) -> QModelIndex:
        model = self.models[tab]
        if tab == "entities":
            return model.index_of(item_id)
        try:
            return model.index(model.row_of(item_id), 0)
        except ValueError:
            return QModelIndex()

    def _current_changed(self, tab: str, current: QModelIndex) -> None:
        item_id = current.data(ID_ROLE)
        if item_id is not None and not self._quiet:
            self._emitted = (KIND_OF_TAB[tab], item_id)
            self.selected.emit(KIND_OF_TAB[tab], item_id)

    def _chosen(self, tab: str, index: QModelIndex) -> None:
        item_id = index.data(ID_ROLE)
        if item_id is None:
            return
        if self._emitted == (KIND_OF_TAB[tab], item_id):
            # currentChanged just announced this row (a click on a new row sends both);
            # the next click on it is a deliberate "open it again".
            self._emitted = None
            return
        self.selected.emit(KIND_OF_TAB[tab], item_id)


def _tree(model) -> QTreeView:
    view = QTreeView()
    view.setModel(model)
    view.setHeaderHidden(True)
    view.setUniformRowHeights(True)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    model.modelReset.connect(view.expandAll)
    return view
