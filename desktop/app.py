"""Starting the application: which case to open, the QApplication and the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs
from PySide6.QtCore import (
    QEventLoop,
    QMessageLogContext,
    QSettings,
    Qt,
    QtMsgType,
    qInstallMessageHandler,
)
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
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, f"Cannot open the case.\n\n{exc}")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()
        return 2
    return run(case, app)


def run(case: Case, app: QApplication | None = None) -> int:
    """Show an open case in the main window until it closes; returns the exit code."""
    app = app or application()
    show_case(case)
    return app.exec()


_windows: list[MainWindow] = []  # the open windows, kept alive while Qt shows them


def show_case(case: Case) -> MainWindow:
    """A window for an open case, laid out as the user left it."""
    settings().setValue(LAST_CASE_KEY, str(case.path.resolve()))
    window = MainWindow(CaseSession(case), settings())
    window.restore_state()
    window.open_requested.connect(lambda path: _open_instead(window, Path(path)))
    window.destroyed.connect(lambda *_: _windows.remove(window) if window in _windows else None)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _windows.append(window)
    window.show()
    return window


def _open_instead(window: MainWindow, path: Path) -> None:
    """File > Open: the chosen case replaces the window's; a case that will not open changes
    nothing and says why."""
    if path.resolve() == window.session.case.path.resolve():
        return
    try:
        case = open_case(path)
    except (CaseError, OSError) as exc:
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, f"Cannot open {path}.\n\n{exc}",
                          parent=window)
        box.setTextFormat(Qt.TextFormat.PlainText)  # a file name may look like HTML to Qt
        box.exec()
        return
    show_case(case)
    window.close()


def _quiet_offscreen(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """The offscreen platform warns that it cannot size windows to hints; nothing else is hid."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


PANES = ("window", "navigator", "reading", "inspector", "timeline", "comparison", "annotations",
         "briefing")


def snapshot(
    path: Path, out: Path, select: tuple[str, str] | None = None, pane: str = "window",
    size: tuple[int, int] = (1380, 860), zoom: float = 1.0,
) -> None:
    """Render the window (or one pane) offscreen after loading and selecting, as a PNG."""
    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never flash a window on the user's screen
        qInstallMessageHandler(_quiet_offscreen)
    if pane not in PANES:
        raise ValueError(f"no pane {pane!r}; choose one of {', '.join(PANES)}")
    app = application()
    case = open_case(path)
    window = MainWindow(CaseSession(case))  # the default layout, whatever the user's settings
    try:
        window.resize(*size)
        docks = {"timeline": window.timeline_dock, "comparison": window.comparison_dock,
                 "annotations": window.annotating.dock, "briefing": window.briefing.dock}
        if pane in docks:
            docks[pane].show()
            docks[pane].raise_()
            window.resizeDocks([docks[pane]], [size[1] // 2], Qt.Orientation.Vertical)
        window.show()
        app.processEvents()
        if select is not None and not window.select_uid(*select):
            raise CaseError(path, f"there is no {select[0]} with uid {select[1]}")
        app.processEvents()
        window.reading.finish_highlighting()
        window.reading.stop_flash()  # the flash hides the highlight colours under it
        if pane == "timeline":
            if not zoom > 0:
                raise ValueError(f"zoom {zoom:g}? it must be above 0")
            # A large case's events load in the background: the picture waits for them.
            loader = window.timeline.loader
            while loader.busy:
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 100)
            view = window.timeline.view
            view.fit_all()
            day = view.busiest_day()
            if zoom != 1.0 and day is not None:
                view.zoom_about_day(zoom, day)
        if pane == "annotations" and window.annotating.pane.model.ids():
            window.annotating.pane.select(window.annotating.pane.model.ids()[0])  # its thread
            while window.annotating.pane.renderer.busy:  # notes are rendered off this thread
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
            app.processEvents()
        while window.briefing.loader.busy:  # the composer's preview is built off this thread
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        app.processEvents()
        while window.comparison.loader.busy:  # a large case's table is computed in the background
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 100)
        widget = {"window": window, "navigator": window.navigator_dock,
                  "reading": window.reading_pane, "inspector": window.inspector_dock,
                  **docks}[pane]
        if not widget.grab().save(str(out), "PNG"):
            raise OSError(f"cannot write {out}")
    finally:
        window.close()
