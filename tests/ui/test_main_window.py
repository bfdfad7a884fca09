"""The plain main window and its id-backed models, driven with qtbot on the real sample case."""

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from desktop.itemmodels.case_lists import ClaimsModel, SourcesModel
from desktop.itemmodels.id_models import ID_ROLE, UID_ROLE
from desktop.itemmodels.session import CaseSession
from desktop.storage import entities
from desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, sample_case):
    window = MainWindow(CaseSession(sample_case))
    qtbot.addWidget(window)
    window.show()
    return window


def test_models_pass_qtmodeltester(qtmodeltester, sample_case):
    for model in (SourcesModel(sample_case.db), ClaimsModel(sample_case.db)):
        model.refresh()
        qtmodeltester.check(model, force_py=True)


def test_rows_come_from_ids(sample_case):
    model = ClaimsModel(sample_case.db)
    model.refresh()
    assert model.rowCount() == sample_case.db.table("claims").count
    first = model.index(0, 0)
    row_id = model.data(first, ID_ROLE)
    uid = sample_case.db.execute("SELECT uid FROM claims WHERE id = ?", [row_id]).fetchone()[0]
    assert model.data(first, UID_ROLE) == uid


def test_window_lists_the_case(window, sample_case):
    assert window.sources_model.rowCount() == 5
    assert window.claims_model.rowCount() == sample_case.db.table("claims").count
    assert sample_case.title in window.windowTitle()


def test_selecting_a_source_shows_its_text_as_plain_text(window, qtbot):
    row = next(
        r for r in range(window.sources_model.rowCount())
        if "New York Times" in str(window.sources_model.index(r, 1).data())
    )
    window.sources_view.selectionModel().select(
        window.sources_model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    qtbot.waitUntil(lambda: "Muse Spark" in window.reading.toPlainText())


def test_filter_narrows_both_lists(window, qtbot):
    claims_before = window.claims_model.rowCount()
    qtbot.keyClicks(window.filter, "Anthropic")
    assert 0 < window.claims_model.rowCount() < claims_before
    assert window.sources_model.rowCount() <= 5
    window.filter.clear()
    assert window.claims_model.rowCount() == claims_before


def test_a_change_through_the_session_refreshes_the_lists(window, sample_case):
    before = window.sources_model.rowCount()
    session = window.session
    seen = []
    session.changed.connect(seen.append)
    session.apply("Add entity", entities.add_entity, "company", "Mistral")
    assert seen and seen[0].touches("entities")
    assert window.sources_model.rowCount() == before


def test_standard_shortcuts_exist_even_where_the_platform_defines_none(window):
    # The offscreen platform has no standard Quit binding; the registry falls back to Ctrl+Q.
    assert window.actions_registry["file.quit"].shortcut().toString() == "Ctrl+Q"
    assert window.actions_registry["edit.find"].shortcut().toString() == "Ctrl+F"


def test_ctrl_f_focuses_the_filter(window, qtbot):
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.filter.hasFocus)
