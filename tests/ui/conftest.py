"""The main window on a private copy of the sample case, shown offscreen."""

import pytest

from desktop.itemmodels.session import CaseSession
from desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, sample_case):
    window = MainWindow(CaseSession(sample_case))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window
