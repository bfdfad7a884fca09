"""The window's briefing work: the Briefing dock, saving what is typed as undoable steps, the
preview built off the window's thread, inserting references, and exporting PDF, Markdown and
HTML (the PDF in a worker thread, with progress and Cancel)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QProgressDialog
from sqlite_utils import Database

from desktop.report.briefing_doc import build_briefing
from desktop.report.briefing_export import FORMATS, Cancelled, export_briefing
from desktop.storage import briefings
from desktop.storage.briefings import Briefing
from desktop.storage.casefile import export_target
from desktop.storage.changes import Change, Writer
from desktop.storage.errors import CaseError
from desktop.ui import views
from desktop.ui.background_load import BackgroundLoad
from desktop.ui.background_task import BackgroundTask
from desktop.ui.briefing_pane import BriefingPane
from desktop.ui.item_picker import pick_item
from desktop.ui.undo import EDIT_ERRORS, Edits

# What a briefing's preview shows: an edit of any of these may change it.
_SHOWN_TABLES = ("briefings", "claims", "citations", "events", "event_citations", "excerpts",
                 "sources", "source_lineage", "entities", "properties", "annotations")


def _preview(db: Database, briefing: Briefing, _cancelled
             ) -> tuple[str, tuple[str, ...], dict[str, bytes]]:
    doc = build_briefing(db, briefing)
    return doc.html, doc.problems, {f.name: f.png for f in doc.figures}


class BriefingController(QObject):
    def __init__(self, window: QMainWindow, edits: Edits, beside: QDockWidget):
        super().__init__(window)
        self.window, self.edits, self.session = window, edits, edits.session
        self.pane = BriefingPane()
        self.dock = QDockWidget("Briefing", window)
        self.dock.setObjectName("briefing-pane-dock")  # saveState() keys docks by name
        self.dock.setWidget(self.pane)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        window.tabifyDockWidget(beside, self.dock)
        self.dock.hide()  # its preview is built on first show
        self.shown_id: int | None = None
        self.loader = BackgroundLoad(self.session.db, self.session.case, _preview,
                                     lambda _db: 1, 0, "the briefing's preview", parent=self)
        self.loader.setObjectName("briefing-preview")
        self.loader.loaded.connect(lambda found: self.pane.show_preview(*found))
        self.loader.failed.connect(lambda why: self.pane.show_preview("", (why,), {}))
        self.task = BackgroundTask(self.session.case, self)
        self.task.progress.connect(self._progress)
        self.task.done.connect(self._exported)
        self.task.failed.connect(self._export_failed)
        self.progress: QProgressDialog | None = None
        self.last_export: object | None = None  # the last export's result, for tests
        self._closed = False
        self.pane.changed_fields.connect(self._save)
        # Undo takes back what was typed, not the step before it (then redone by the autosave).
        self.edits.about_to_step.connect(self.pane.save_now)
        self.pane.preview_requested.connect(self._ask_preview)
        self.pane.chosen.connect(self._choose)
        self.pane.asked.connect(self.ask)
        self.dock.visibilityChanged.connect(lambda shown: shown and self.reload())
        self.session.changed.connect(self._on_change)

    # -- showing -------------------------------------------------------------------------------

    def reload(self) -> None:
        rows = briefings.briefings(self.session.db)
        if self.shown_id not in {r.id for r in rows}:
            self.shown_id = rows[0].id if rows else None
        self.pane.set_briefings(rows, self.shown_id)

    def _choose(self, briefing_id: int) -> None:
        unsaved = self.flush()  # what was typed into the one left (its save reloads the list)
        self.shown_id = briefing_id
        self.reload()  # picker and form both show the one chosen
        self._tell(unsaved)

    def _on_change(self, change: Change) -> None:
        if not self.dock.isVisible():
            return
        if change.touches("briefings"):
            self.reload()
        elif change.touches(*_SHOWN_TABLES):
            self._ask_preview(self.pane.typed())

    def _ask_preview(self, typed: Briefing | None) -> None:
        if typed is not None:
            self.loader.request(typed)

    # -- editing -------------------------------------------------------------------------------

    def _save(self, briefing_id: int, fields: dict) -> None:
        """What was typed, as one undoable step. Each field storage refuses (a date not in
        EDTF) is left out, and stays typed in the form with the reason; the rest is saved."""
        if self._closed:
            return
        refused: dict[str, str] = {}

        def update(w: Writer) -> None:
            for name, value in fields.items():
                try:  # update_briefing checks a field before writing it
                    briefings.update_briefing(w, briefing_id, **{name: value})
                except ValueError as exc:
                    refused[name] = str(exc)

        try:
            self.edits.perform("Edit briefing", update)
        except EDIT_ERRORS as exc:  # nothing was written
            refused = dict.fromkeys(fields, str(exc))
        self.pane.saved(briefing_id, fields, refused)

    def flush(self) -> str | None:
        """Save what is typed before leaving the shown briefing. If storage refused a field,
        the rest is saved, and what was not (its text too, to copy) is returned to _tell."""
        self.pane.save_now()
        shown, said = self.pane.briefing, self.pane.refused_said()
        if shown is None or not said:
            return None
        return (f"Not saved in the briefing “{shown.title}”:\n" + "\n".join(said)
                + "\nEverything else typed was saved.")

    def _tell(self, unsaved: str | None, closing: bool = False) -> None:
        if unsaved is None:
            return
        if closing:  # the status bar goes with the window
            views.warn(self.window, "Briefing not fully saved", unsaved)
        else:
            self.window.statusBar().showMessage(" ".join(unsaved.split("\n")), 20000)

    def ask(self, what: str) -> None:
        handler = {"new": self.new, "delete": self.delete, "default": self.make_default,
                   "claim": lambda: self.insert("claim"), "event": lambda: self.insert("event"),
                   "pdf": lambda: self.choose_export("pdf"),
                   "markdown": lambda: self.choose_export("markdown"),
                   "html": lambda: self.choose_export("html")}.get(what)
        if handler is not None:
            handler()

    def new(self) -> int | None:
        unsaved = self.flush()
        try:
            self.shown_id = self.edits.perform(
                "New briefing", briefings.add_briefing, "Untitled briefing",
                author=self.session.case.actor)
        except EDIT_ERRORS as exc:
            views.warn(self.window, "New briefing", f"Could not make a briefing: {exc}"
                       + (f"\n\n{unsaved}" if unsaved else ""))
            return None
        self.reload()
        self._tell(unsaved)
        self.pane.title.setFocus()
        self.pane.title.selectAll()
        return self.shown_id

    def delete(self, confirm: bool = True) -> bool:
        self.pane.save_now()  # Undo brings it back with the last typing in it
        shown = self.pane.briefing
        if shown is None:
            return False
        if confirm and not views.confirm(self.window, "Delete briefing",
                                         f"Delete the briefing “{shown.title}”? Undo "
                                         "(Ctrl+Z) brings it back."):
            return False
        try:
            self.edits.perform("Delete briefing", briefings.delete_briefing, shown.id)
        except EDIT_ERRORS as exc:
            views.warn(self.window, "Delete briefing", f"Not deleted: {exc}")
            return False
        self.shown_id = None
        self.reload()
        return True

    def make_default(self) -> None:
        if self.shown_id is not None:
            try:
                self.edits.perform("Make default briefing", briefings.set_default,
                                   self.shown_id)
            except EDIT_ERRORS as exc:
                views.warn(self.window, "Default briefing", f"Not changed: {exc}")

    def insert(self, kind: str) -> None:
        """Insert Claim… / Insert Event…: a searchable list; the choice becomes a reference."""
        uid = pick_item(self.window, self.session.db, kind)
        if uid is not None:
            self.pane.insert_reference(kind, uid)

    # -- exporting -----------------------------------------------------------------------------

    def choose_export(self, fmt: str) -> None:
        self._tell(self.flush())
        briefing = self.pane.briefing
        if briefing is None:
            return
        suffix, label = FORMATS[fmt]
        name, _filter = QFileDialog.getSaveFileName(
            self.window, f"Export briefing as {label}",
            str(self.session.case.path.parent / f"{_file_name(briefing.title)}{suffix}"),
            f"{label} (*{suffix});;All files (*)")
        if name:
            self.export(Path(name), fmt)

    def export(self, out: Path, fmt: str = "pdf") -> bool:
        """Write the shown briefing (as saved) in a worker thread; False if it cannot start."""
        if self.pane.briefing is None or self.task.running:
            return False
        try:
            out = export_target(self.session.case, out)
        except CaseError as exc:
            views.warn(self.window, "Export briefing", str(exc))
            return False
        briefing_id = self.pane.briefing.id
        self.progress = QProgressDialog(f"Exporting {out.name}…", "Cancel", 0, 0, self.window)
        self.progress.setObjectName("briefing-export-progress")
        self.progress.setWindowTitle("Export briefing")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.canceled.connect(self.task.cancel)
        return self.task.start(lambda case, progress, cancelled: export_briefing(
            case.db, briefing_id, out, fmt, progress=progress, cancelled=cancelled),
            "briefing-export")

    def _progress(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.task.cancel)
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None

    def _exported(self, result) -> None:
        self._close_progress()
        self.last_export = result
        said = f"Wrote {result.path}" + (f" ({result.pages} pages)" if result.pages else "")
        if result.problems:
            views.warn(self.window, "Export briefing",
                       said + ", with problems:\n" + "\n".join(result.problems[:10]))
        self.window.statusBar().showMessage(said + ".", 8000)

    def _export_failed(self, why: str) -> None:
        self._close_progress()
        self.last_export = why
        if why.startswith(Cancelled.__name__):
            self.window.statusBar().showMessage("Export cancelled; no file written.", 8000)
            return
        views.warn(self.window, "Export briefing", f"The export failed: {why}")

    def shutdown(self) -> None:
        if not self._closed:
            self._tell(self.flush(), closing=True)
        self._closed = True  # the case is closing: focus leaving the editor saves nothing
        self.loader.shutdown()
        self.task.shutdown()


def _file_name(title: str) -> str:
    """A file name from a title: no separators, no dots leading, bounded."""
    kept = "".join(c if c.isalnum() or c in " -_()" else " " for c in title)
    return " ".join(kept.split())[:80] or "briefing"
