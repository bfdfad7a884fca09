"""Import in the window: the progress bar and Cancel in the status bar, and the summary after."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ingest.extract import SUPPORTED_SUFFIXES
from desktop.ingest.importer import ImportResult
from desktop.itemmodels.import_results import ImportResultsModel
from desktop.itemmodels.session import CaseSession
from desktop.storage.anchors import review_count
from desktop.ui.import_runner import ImportRunner
from desktop.ui.views import table_view

SHUTDOWN_WAIT_MS = 30_000
FILE_FILTER = (
    "Articles (" + " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES) + ");;All files (*)"
)


class ImportProgress(QWidget):
    """A status-bar strip: which file, how far, and a Cancel button. Hidden when idle."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("import-progress")
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(220)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the import; the file being read is not kept")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.bar, self.cancel_button):
            layout.addWidget(widget)
        self.hide()

    def show_progress(self, done: int, total: int, name: str) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        if self.cancel_button.isEnabled():  # after Cancel, it keeps saying so
            self.label.setText(f"Importing {min(done + 1, total)} of {total}: {name}")
        self.show()

    def start(self, total: int, name: str) -> None:
        self.cancel_button.setEnabled(True)
        self.show_progress(0, total, name)

    def cancelling(self) -> None:
        self.label.setText("Cancelling…")
        self.cancel_button.setEnabled(False)


class ImportSummary(QDialog):
    """Each file as added, duplicate, updated (with re-anchoring results) or refused, and why."""

    review_requested = Signal()

    def __init__(self, results: list[ImportResult], waiting: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("import-summary")
        self.setWindowTitle("Import finished")
        self.model = ImportResultsModel(results, self)
        counts = {o: sum(r.outcome == o for r in results)
                  for o in ("added", "updated", "duplicate", "refused", "cancelled")}
        headline = ", ".join(f"{n} {o}" for o, n in counts.items() if n) or "nothing imported"
        self.headline = QLabel(headline)
        self.view = table_view(self.model, stretch=2, widths={0: 160})
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.review_button = None
        if waiting:
            self.review_button = buttons.addButton(
                f"Review {waiting} excerpt(s)…", QDialogButtonBox.ButtonRole.ActionRole)
            self.review_button.clicked.connect(self._review)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.resize(760, 320)

    def _review(self) -> None:
        self.review_requested.emit()
        self.accept()


class ImportController(QWidget):
    """Starts imports for the window and reports them; the window only hands it paths."""

    imported = Signal(list)  # every ImportResult of a finished import
    review_requested = Signal()

    def __init__(self, session: CaseSession, progress: ImportProgress, parent: QWidget):
        super().__init__(parent)
        self.hide()  # a controller, not a visible widget: a QWidget only to parent its dialogs
        self.session = session
        self.progress = progress
        self.runner = ImportRunner(session.case, self)
        self.summary: ImportSummary | None = None
        self.runner.progress.connect(progress.show_progress)
        self.runner.file_done.connect(self._file_done)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        progress.cancel_button.clicked.connect(self.cancel)
        self._failure: str | None = None

    def choose_files(self) -> None:
        """File > Import…: sources chosen in a dialog."""
        names, _filter = QFileDialog.getOpenFileNames(
            self.window(), "Import sources", str(self.session.case.path.parent), FILE_FILTER)
        if names:
            self.start([Path(n) for n in names])

    def choose_version(self, source_id: int | None) -> None:
        """File > Import New Version of Source…: for the selected source only."""
        if source_id is None:
            self.window().statusBar().showMessage(
                "Select the source that the new version replaces first.", 5000)
            return
        name, _filter = QFileDialog.getOpenFileName(
            self.window(), "Import a new version of the source",
            str(self.session.case.path.parent), FILE_FILTER)
        if name:
            self.start([Path(name)], update_source=source_id)

    def start(self, paths: list[Path], update_source: int | None = None) -> bool:
        if self.runner.running:
            self.window().statusBar().showMessage(
                "An import is already running; wait for it or cancel it.", 5000)
            return False
        self._failure = None
        started = self.runner.start(paths, update_source=update_source)
        if started:
            self.progress.start(len(paths), paths[0].name)
        return started

    def cancel(self) -> None:
        if self.runner.running:
            self.progress.cancelling()
            self.runner.cancel()

    def shutdown(self) -> None:
        """The window is closing: a running import rolls back its file in hand (the files
        before it are committed) and reports nothing more to views about to go."""
        self.runner.blockSignals(True)
        self.runner.cancel()
        if not self.runner.wait(SHUTDOWN_WAIT_MS):
            # Still storing one file (indexing a very long text): let it finish on its own
            # connection rather than destroy a running thread, which aborts the process.
            self.runner.detach()

    def _file_done(self, result: ImportResult) -> None:
        # Each file committed on its own: the lists show it now, not at the end.
        self.session.announce(result.change)

    def _failed(self, message: str) -> None:
        self._failure = message

    def _finished(self, results: list[ImportResult]) -> None:
        self.progress.hide()
        if self._failure:
            box = QMessageBox(QMessageBox.Icon.Warning, "Import stopped",
                              f"The import could not go on: {self._failure}",
                              QMessageBox.StandardButton.Close, self.window())
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.show()
        self.summary = ImportSummary(results, review_count(self.session.db), self)
        self.summary.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.summary.review_requested.connect(self.review_requested)
        self.summary.show()
        self.imported.emit(results)
