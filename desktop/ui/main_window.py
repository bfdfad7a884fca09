"""The main window: navigator and inspector docks around the reading pane, and its actions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QToolBar,
    QWidget,
)

from desktop.itemmodels.session import CaseSession
from desktop.storage import lists
from desktop.ui import drops, preferences, window_state
from desktop.ui.actions import ActionRegistry, ActionSpec
from desktop.ui.annotating import Annotating
from desktop.ui.briefing_controller import BriefingController
from desktop.ui.comparison_controller import ComparisonController
from desktop.ui.comparison_pane import ComparisonPane
from desktop.ui.edit_controller import EditController
from desktop.ui.exchange_controller import ExchangeController
from desktop.ui.import_panel import ImportController, ImportProgress
from desktop.ui.inspector import Inspector
from desktop.ui.inspector_pages import words_of
from desktop.ui.navigator import Navigator
from desktop.ui.reading_pane import ReadingPane
from desktop.ui.review_controller import ReviewController
from desktop.ui.review_dialog import ReviewDialog
from desktop.ui.timeline_pane import TimelinePane
from desktop.ui.undo import Edits, show_undo_history

SELECTABLE = ("source", "entity", "claim", "event")
HISTORY = 100  # selections kept for Back


class MainWindow(QMainWindow):
    """Selection flows one way: navigator or inspector -> select() -> reading view + inspector."""

    open_requested = Signal(str)  # a case file chosen with File > Open, for the app to open

    def __init__(self, session: CaseSession, settings: QSettings | None = None):
        super().__init__()
        self.session = session
        self.settings = settings  # None: start from the default layout and save nothing
        self.setWindowTitle(f"{session.case.title} — Casefile")
        self.resize(1380, 860)
        db = session.db
        self.navigator = Navigator(db)
        self.reading_pane = ReadingPane(db)
        self.reading = self.reading_pane.view
        self.inspector = Inspector(db)
        self.setCentralWidget(self.reading_pane)
        area = Qt.DockWidgetArea
        self.navigator_dock = self._dock("Navigator", self.navigator, area.LeftDockWidgetArea)
        self.inspector_dock = self._dock("Inspector", self.inspector, area.RightDockWidgetArea)
        self.resizeDocks([self.navigator_dock, self.inspector_dock], [430, 400],
                         Qt.Orientation.Horizontal)
        self.timeline = TimelinePane(db, session.case)
        self.timeline_dock = self._dock("Timeline", self.timeline, area.BottomDockWidgetArea)
        # Hidden until asked for (Ctrl+3, toolbar): a large case's events load on first show.
        self.timeline_dock.hide()
        self.timeline.mark_clicked.connect(self.select)
        self.comparison = ComparisonPane(db, session.case)
        self.comparison_dock = self._dock("Comparison", self.comparison,
                                          area.BottomDockWidgetArea)
        self.tabifyDockWidget(self.timeline_dock, self.comparison_dock)
        self.comparison_dock.hide()  # computed on first show, like the timeline
        self.edits = Edits(session, self)  # says in a message box when an undo cannot be made
        self.comparing = ComparisonController(self, self.comparison, self.inspector,
                                              self.reading, self.edits)
        self.reviewing = ReviewController(self, self.inspector, self.edits)
        self.editing = EditController(self, self.inspector, self.edits)
        self.exchange = ExchangeController(self, self.edits)
        self.annotating = Annotating(self, self.reading, self.edits, self.comparison_dock)
        self.briefing = BriefingController(self, self.edits, self.comparison_dock)
        self.selection: tuple[str, int] | None = None
        self._back: list[tuple[str, int]] = []  # earlier selections, for Back (Alt+Left)
        self._forward: list[tuple[str, int]] = []
        self.import_progress = ImportProgress(self)
        self.statusBar().addPermanentWidget(self.import_progress)
        self.importer = ImportController(session, self.import_progress, self)
        self.importer.review_requested.connect(self.show_review)
        self.importer.imported.connect(self._imported)
        self.review: ReviewDialog | None = None
        self.setAcceptDrops(True)  # files dropped anywhere on the window are imported
        self._build_actions()

        self.navigator.selected.connect(self._show)  # choosing it again re-opens its words
        self.inspector.open_item.connect(self.select)
        self.inspector.jump.connect(self.reading.show_words)
        self.reading.excerpts_clicked.connect(self._words_clicked)
        session.changed.connect(self._on_change)
        self._show_counts()

    # -- selecting -----------------------------------------------------------------------------

    def select(self, kind: str, item_id: int) -> bool:
        """Show an item everywhere: its list row, its details, and its words in the reading view."""
        if not self._show(kind, item_id):
            return False
        self.navigator.select(kind, item_id)
        return True

    def select_uid(self, kind: str, uid: str) -> bool:
        if kind not in SELECTABLE:
            raise ValueError(f"cannot select a {kind!r}; choose one of {', '.join(SELECTABLE)}")
        item_id = lists.id_for_uid(self.session.db, kind, uid)
        return item_id is not None and self.select(kind, item_id)

    def go(self, steps: int) -> None:
        """Back (-1) or forward (+1) through what was selected, as in a browser."""
        source, target = (self._back, self._forward) if steps < 0 else (self._forward, self._back)
        while source:
            kind, item_id = source.pop()
            current = self.selection
            if self._show(kind, item_id, remember=False):
                if current is not None:
                    target.append(current)
                self.navigator.select(kind, item_id)
                return

    def _show(self, kind: str, item_id: int, remember: bool = True) -> bool:
        found = self.inspector.show_item(kind, item_id)
        if found is None:
            self.statusBar().showMessage(f"That {kind} is no longer in the case.", 5000)
            return False
        if self.selection is not None and self.selection != (kind, item_id) and remember:
            self._back = [*self._back[-(HISTORY - 1):], self.selection]
            self._forward = []
        self.selection = (kind, item_id)
        self.timeline.select(kind, item_id)
        if kind == "source":
            self.reading.show_source(item_id)
        elif kind == "entity":
            # Read about it where it is named most; the underlines show each mention.
            mentioning = self.inspector.pages["entity"].most_mentioning()
            if mentioning is not None:
                self.reading.show_source(mentioning)
            else:  # leaving another source open would read as if it named the entity
                self.reading.clear()
                self.statusBar().showMessage("No source names this entity.", 5000)
        elif kind in ("claim", "event") and found.citations:
            placed = [c for c in found.citations if c.anchor != "orphan"] or found.citations
            if kind == "event":  # the words that give the event's own date come first
                dating = [c for c in placed if c.date and c.date == found.date_edtf]
                placed = dating or placed
            self.reading.show_words(*words_of(placed[0]))
            many = len(found.citations)
            if many > 1:
                self.statusBar().showMessage(
                    f"Showing the first of {many} citations; pick another in the inspector.", 8000)
        elif kind in ("claim", "event"):
            self.statusBar().showMessage(f"This {kind} cites no words yet.", 5000)
        return True

    def _words_clicked(self, excerpt_ids) -> None:
        self.inspector.show_words(excerpt_ids)

    # -- actions -------------------------------------------------------------------------------

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{widget.objectName()}-dock")  # saveState() keys docks by name
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_actions(self) -> None:
        self.actions_registry = registry = ActionRegistry(self)
        std = QKeySequence.StandardKey
        menus = {name: self.menuBar().addMenu(title) for name, title in
                 (("file", "&File"), ("edit", "&Edit"), ("view", "&View"))}
        for spec, made in (
            (ActionSpec("edit.undo", "&Undo", std.Undo, fallback="Ctrl+Z"),
             self.edits.step_action(self, False, "&Undo")),
            (ActionSpec("edit.redo", "&Redo", std.Redo, fallback="Ctrl+Shift+Z"),
             self.edits.step_action(self, True, "&Redo")),
        ):
            # Qt's own actions, which name what they undo ("Undo Deprecate claim").
            menus["edit"].addAction(registry.adopt(spec, made, keep_text=True))
        menus["edit"].addAction(registry.add(
            ActionSpec("edit.undo_history", "Undo &History…", "Ctrl+Alt+Z",
                       "Every edit of this session; click one to go back to it"),
            lambda: show_undo_history(self.edits, self)))
        menus["edit"].addAction(registry.add(
            ActionSpec("edit.preferences", "&Preferences…", std.Preferences,
                       "Your name as a reviewer", fallback="Ctrl+,"),
            lambda: preferences.ask_reviewer(self, self.settings, self.session)))
        menus["edit"].addSeparator()
        for spec, handler in (
            (ActionSpec("file.open", "&Open case…", std.Open, "Open another case file",
                        fallback="Ctrl+O"), self._choose_case),
            (ActionSpec("file.import", "&Import…", "Ctrl+I",
                        "Add articles (text, Markdown, HTML, PDF) as sources"),
             lambda: self.importer.choose_files()),
            (ActionSpec("file.import_version", "Import New &Version of Source…",
                        "Ctrl+Shift+I", "Replace the selected source's text with a newer "
                        "copy, keeping its excerpts on their words"),
             lambda: self.importer.choose_version(
                 self.selection[1] if self.selection and self.selection[0] == "source"
                 else None)),
            (ActionSpec("file.export_comparison", "Export &Comparison…", None,
                        "Save the comparison table as CSV, with footnotes to the quoted words"),
             self._export_comparison),
            (ActionSpec("file.export_annotations", "Export &Annotations…", None,
                        "Save reviewers' notes as W3C Web Annotation JSON-LD"),
             lambda: self.exchange.choose_export()),
            (ActionSpec("file.import_annotations", "Import A&nnotations…", None,
                        "Merge notes exported from another copy of the case, or Hypothesis"),
             lambda: self.exchange.choose_import()),
            (ActionSpec("file.quit", "&Quit", std.Quit, fallback="Ctrl+Q"), self.close),
            (ActionSpec("edit.annotate", "&Annotate…", "Ctrl+Shift+A",
                        "Add a note on the selected words (or on the source shown)"),
             lambda: self.annotating.annotate()),
            (ActionSpec("edit.item", "&Edit Item…", "F2",
                        "Edit the claim, event or entity the inspector shows"),
             lambda: self.editing.edit_shown()),
            (ActionSpec("edit.cite_value", "&Cite as Value for…", "Ctrl+Shift+C",
                        "Cite the selected words as evidence for a comparison value"),
             lambda: self.comparing.cite_selection()),
            (ActionSpec("edit.find", "&Filter lists…", std.Find, "Narrow every list by words",
                        fallback="Ctrl+F"), self._focus_filter),
            (ActionSpec("view.back", "&Back", std.Back, "The item shown before",
                        fallback="Alt+Left"), lambda: self.go(-1)),
            (ActionSpec("view.forward", "&Forward", std.Forward, fallback="Alt+Right"),
             lambda: self.go(1)),
            (ActionSpec("view.previous", "&Previous highlight", "Shift+F8"),
             lambda: self.reading.step(-1)),
            (ActionSpec("view.next", "&Next highlight", "F8"), lambda: self.reading.step(1)),
            (ActionSpec("view.mentions", "Underline &mentions", "Ctrl+Shift+M",
                        "Underline the names of known entities", checkable=True),
             self._toggle_mentions),
            (ActionSpec("view.review", "Needs &Review…", "Ctrl+Shift+R",
                        "Excerpts whose words a new version of their source changed"),
             self.show_review),
        ):
            menus[spec.id.split(".")[0]].addAction(registry.add(spec, handler))
        registry["view.mentions"].setChecked(True)
        self.reading.word_actions = [registry["edit.annotate"], registry["edit.cite_value"]]
        menus["view"].addSeparator()
        for dock, key in ((self.navigator_dock, "Ctrl+1"), (self.inspector_dock, "Ctrl+2"),
                          (self.timeline_dock, "Ctrl+3"), (self.comparison_dock, "Ctrl+4"),
                          (self.annotating.dock, "Ctrl+5"), (self.briefing.dock, "Ctrl+6")):
            menus["view"].addAction(registry.adopt(
                ActionSpec(f"view.{dock.widget().objectName()}", dock.windowTitle(), key),
                dock.toggleViewAction()))
        toolbar = QToolBar("Main toolbar", self)
        toolbar.setObjectName("main-toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action_id in ("file.open", "file.import", "view.back", "view.forward", "edit.find",
                          "view.previous", "view.next", "view.mentions", "view.timeline-pane",
                          "view.comparison-pane", "view.annotations-pane",
                          "view.briefing-pane"):
            toolbar.addAction(registry[action_id])
        self.addToolBar(toolbar)

    def _choose_case(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Open case", str(self.session.case.path.parent),
            "Casefile cases (*.casefile);;All files (*)")
        if path:
            self.open_requested.emit(path)

    # -- importing -----------------------------------------------------------------------------

    def import_paths(self, paths: list[Path], update_source: int | None = None) -> bool:
        """Import files in the background; the summary opens when they are done."""
        return self.importer.start(paths, update_source)

    def _imported(self, results) -> None:
        stored = [r for r in results if r.outcome in ("added", "updated")]
        if len(stored) == 1 and stored[0].source_id is not None:
            self.select("source", stored[0].source_id)

    def show_review(self) -> ReviewDialog:
        if self.review is None:
            self.review = ReviewDialog(self.session, self, self.edits)
            self.review.open_source.connect(lambda source_id: self.select("source", source_id))
        self.review.show()
        self.review.raise_()
        return self.review

    def dragEnterEvent(self, event) -> None:
        if drops.local_files(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        if drops.local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = drops.local_files(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def _export_comparison(self) -> None:
        self.comparison_dock.show()
        self.comparison_dock.raise_()
        self.comparing.choose_export()

    def _focus_filter(self) -> None:
        self.navigator_dock.show()
        self.navigator.filter.setFocus()
        self.navigator.filter.selectAll()

    def _toggle_mentions(self) -> None:
        self.reading.set_mentions_visible(self.actions_registry["view.mentions"].isChecked())

    # -- changes and state ---------------------------------------------------------------------

    def _on_change(self, change) -> None:
        stale = [tab for tab, tables in (
            ("sources", ("sources",)),
            ("entities", ("entities", "entity_aliases")),
            ("claims", ("claims", "citations", "entities")),  # the list shows subject names
            ("events", ("events", "event_citations")),
        ) if change.touches(*tables)]
        if stale:
            self.navigator.mark_stale(*stale)
        if change.touches("sources", "source_lineage", "source_texts", "excerpts"):
            self.reading_pane.forget()
        # Citations change how the shown highlights read; texts, excerpts and mentions matter
        # only if they are the shown source's (an import rewrites every new source's mentions).
        if (change.touches("citations", "event_citations", "entities", "annotations")
                or change.touches_reading_of(self.reading.source_id)):
            self.reading.reload()
        elif change.touches("sources"):  # a title edit must not reload a long text
            self.reading.drop_if_gone()
        if change.touches("events", "event_citations", "event_entities", "sources", "entities"):
            self.timeline.mark_stale()
        self.comparison.on_change(change)
        self.inspector.redraw()
        if self.inspector.shown is None:
            self.selection = None  # it was deleted
        self._show_counts()

    def _show_counts(self) -> None:
        n = lists.counts(self.session.db)
        self.statusBar().showMessage(
            f"{n['source']:,} sources · {n['entity']:,} entities · {n['claim']:,} claims"
            f" · {n['event']:,} events")

    def restore_state(self) -> None:
        """Bring back the last layout, list tab, mentions toggle and selection for this case."""
        if self.settings is None:
            return
        window_state.restore_layout(self, self.settings)
        preferences.apply_saved(self.settings, self.session)
        if str(self.settings.value("view/mentions", "true")).lower() == "false":
            self.actions_registry["view.mentions"].setChecked(False)
            self._toggle_mentions()
        saved = window_state.saved_selection(self.settings, self.session.case.path)
        if saved and saved[0] in SELECTABLE:
            self.select_uid(*saved)
        self.comparison.restore_arrangement(window_state.saved_json(self.settings, "comparison"))
        tab = self.settings.value("navigator/tab")  # after selecting, which shows its own tab
        if isinstance(tab, str) and tab in ("sources", "entities", "claims", "events"):
            self.navigator.show_tab(tab)

    def save_state(self) -> None:
        if self.settings is None:
            return
        window_state.save_layout(self, self.settings)
        self.settings.setValue("navigator/tab", self.navigator.current_tab())
        self.settings.setValue("view/mentions",
                               self.actions_registry["view.mentions"].isChecked())
        window_state.save_json(self.settings, "comparison", self.comparison.arrangement())
        selection = None
        if self.selection is not None:
            uid = lists.uid_for_id(self.session.db, *self.selection)
            selection = f"{self.selection[0]}:{uid}" if uid else None
        window_state.save_selection(self.settings, self.session.case.path, selection)
        self.settings.sync()

    def closeEvent(self, event) -> None:
        self.save_state()
        super().closeEvent(event)
        if event.isAccepted():
            self.importer.shutdown()
            self.timeline.shutdown()
            self.comparison.shutdown()
            self.annotating.shutdown()
            self.exchange.shutdown()
            self.briefing.shutdown()
            self.edits.clear()  # its commands would replay against a closed case
            # Views ask their models for rows while they hide and on later layout passes:
            # empty every model first, so none reads from a closed case.
            self.navigator.release()
            self.inspector.release()
            if self.review is not None:
                self.review.model.release()
            self.session.close()
