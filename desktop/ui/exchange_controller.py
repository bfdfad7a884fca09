"""File > Export Annotations and Import Annotations: reviewers' work to and from other copies
of the case (W3C Web Annotation JSON-LD; Hypothesis exports too)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from desktop.ingest.annotations_import import ImportReport, import_annotations
from desktop.itemmodels.session import CaseSession
from desktop.storage.annotations_export import write_annotations_jsonld
from desktop.storage.casefile import export_target
from desktop.storage.errors import CaseError
from desktop.ui import views

FILTER = "Web annotations (*.jsonld *.json);;All files (*)"


class ExchangeController(QObject):
    def __init__(self, window: QMainWindow, session: CaseSession):
        super().__init__(window)
        self.window, self.session = window, session

    def choose_export(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self.window, "Export annotations",
            str(self.session.case.path.with_suffix(".annotations.jsonld")), FILTER)
        if name:
            self.export(Path(name))

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
            self.show_report(self.import_file(Path(name)))

    def import_file(self, path: Path) -> ImportReport:
        """All of the file or nothing; the views hear of what it added."""
        report = import_annotations(self.session.case, path)
        if report.ok:
            self.session.announce(report.change)
        return report

    def show_report(self, report: ImportReport) -> None:
        box = QMessageBox(QMessageBox.Icon.Information if report.ok
                          else QMessageBox.Icon.Warning, "Import annotations", report.line(),
                          parent=self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
