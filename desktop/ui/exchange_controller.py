"""File > Export Annotations and Import Annotations: reviewers' work to and from other copies
of the case (W3C Web Annotation JSON-LD; Hypothesis exports too)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QProgressDialog

from desktop.ingest.annotations_import import ACTION, ImportReport, import_annotations
from desktop.storage.annotations_export import write_annotations_jsonld
from desktop.storage.casefile import export_target
from desktop.storage.errors import CaseError
from desktop.ui import views
from desktop.ui.background_task import BackgroundTask
from desktop.ui.undo import Edits

FILTER = "Web annotations (*.jsonld *.json);;All files (*)"


class ExchangeController(QObject):
    def __init__(self, window: QMainWindow, edits: Edits):
        super().__init__(window)
        self.window, self.edits, self.session = window, edits, edits.session
        self.task = BackgroundTask(self.session.case, self)
        self.task.progress.connect(self._progress)
        self.task.done.connect(self._task_done)
        self.task.failed.connect(self._task_failed)
        self.progress: QProgressDialog | None = None
        self.last_report: ImportReport | None = None

    def choose_export(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self.window, "Export annotations",
            str(self.session.case.path.with_suffix(".annotations.jsonld")), FILTER)
        if not name:
            return
        private = self.session.db.execute(
            "SELECT COUNT(*) FROM annotations WHERE private = 1").fetchone()[0]
        include = private > 0 and views.confirm(
            self.window, "Export annotations",
            f"Include the {private:,} private note{'s' if private != 1 else ''}? They are "
            "left out unless you say so (a private note's replies go with it).")
        self.export(Path(name), include_private=include)

    def export(self, path: Path, include_private: bool = False) -> bool:
        """Every shared note (private ones only when asked) as W3C Web Annotation JSON-LD."""
        try:
            count = write_annotations_jsonld(self.session.db,
                                             export_target(self.session.case, path),
                                             include_private=include_private)
        except CaseError as exc:  # the case's own file, a folder, a missing folder
            views.warn(self.window, "Export annotations", str(exc))
            return False
        except (OSError, sqlite3.Error) as exc:
            views.warn(self.window, "Export annotations",
                                f"Could not write {path}: {exc}")
            return False
        self.window.statusBar().showMessage(f"Wrote {count:,} annotations to {path}.", 8000)
        return True

    def choose_import(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self.window, "Import annotations", str(self.session.case.path.parent), FILTER)
        if name:
            self.start_import(Path(name))

    def import_file(self, path: Path) -> ImportReport:
        """All of the file or nothing, here and now; the views hear of what it added, and
        Undo takes it back."""
        return self._imported(import_annotations(self.session.case, path))

    def start_import(self, path: Path) -> bool:
        """The same in a worker thread, with progress and Cancel; the report when it ends."""
        if self.task.running:
            self.window.statusBar().showMessage("An annotation import is running already.",
                                                6000)
            return False
        self.progress = QProgressDialog(f"Importing annotations from {path.name}…", "Cancel",
                                        0, 0, self.window)
        self.progress.setObjectName("annotation-import-progress")
        self.progress.setWindowTitle("Import annotations")
        # Application-modal and shown at once: the import holds the case's write lock, so an
        # undo (from the window or the Undo History) would wait on it and then fail.
        self.progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.progress.setMinimumDuration(0)
        self.progress.canceled.connect(self.task.cancel)
        return self.task.start(lambda case, progress, cancelled: import_annotations(
            case, path, progress=progress, cancelled=cancelled), "annotation-import")

    def _progress(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)

    def _task_done(self, report: ImportReport) -> None:
        self._close_progress()
        self.show_report(self._imported(report))

    def _task_failed(self, why: str) -> None:
        self._close_progress()
        views.warn(self.window, "Import annotations", f"The import stopped: {why}. "
                   "Nothing was imported.")

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.task.cancel)  # reset() would emit it
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None

    def _imported(self, report: ImportReport) -> ImportReport:
        if report.ok:
            self.session.announce(report.change)
            if report.batch is not None:
                self.edits.push_done(ACTION, report.change, report.batch)
        self.last_report = report
        return report

    def show_report(self, report: ImportReport) -> None:
        box = QMessageBox(QMessageBox.Icon.Information if report.ok
                          else QMessageBox.Icon.Warning, "Import annotations", report.line(),
                          parent=self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def shutdown(self) -> None:
        """The window closes: a running import is cancelled (it rolls back)."""
        self.task.shutdown()
