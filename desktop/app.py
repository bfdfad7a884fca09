"""Starting the application: which case to open, the QApplication and the main window."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import __version__
from desktop.ingest.case_toml import CaseDescriptionError
from desktop.ingest.sample import build_sample
from desktop.itemmodels.session import CaseSession
from desktop.storage.casefile import Case, open_case
from desktop.storage.errors import CaseError
from desktop.ui.main_window import MainWindow

APP_NAME = "Casefile"
LAST_CASE_KEY = "cases/last"


def settings() -> QSettings:
    return QSettings(APP_NAME, APP_NAME)


def sample_case_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "Sample case.casefile"


def case_to_open() -> Path:
    """The last case opened, if it is still there; else the sample case in the data folder."""
    last = settings().value(LAST_CASE_KEY)
    if last and Path(str(last)).is_file():
        return Path(str(last))
    return sample_case_path()


def open_or_build(path: Path) -> Case:
    if path == sample_case_path() and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        return build_sample(path)
    return open_case(path)


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    return app


def run_default() -> int:
    """`casefile` alone, as a desktop launcher runs it: the last case, or the sample case."""
    app = application()
    try:
        case = open_or_build(case_to_open())
    except (CaseError, CaseDescriptionError, FileNotFoundError) as exc:
        print(f"casefile: error: {exc}", file=sys.stderr)
        QMessageBox.critical(None, APP_NAME, f"Cannot open the case.\n\n{exc}")
        return 2
    return run(case, app)


def run(case: Case, app: QApplication | None = None) -> int:
    """Show an open case in the main window until it closes; returns the exit code."""
    app = app or application()
    settings().setValue(LAST_CASE_KEY, str(case.path.resolve()))
    window = MainWindow(CaseSession(case))
    window.show()
    return app.exec()
