"""The window comes back as it was left: layout, sizes, list tab, toggles and selection."""

from PySide6.QtCore import QSettings, Qt

from desktop.itemmodels.session import CaseSession
from desktop.storage.casefile import open_case
from desktop.ui.main_window import MainWindow


def _window(qtbot, path, settings):
    window = MainWindow(CaseSession(open_case(path)), settings)
    qtbot.addWidget(window)
    window.restore_state()
    window.show()
    qtbot.waitExposed(window)
    return window


def test_window_state_round_trips(qtbot, sample_path, tmp_path):
    settings = QSettings(str(tmp_path / "casefile.ini"), QSettings.Format.IniFormat)
    first = _window(qtbot, sample_path, settings)
    # restoreGeometry() keeps a window on its screen, so pick a size the screen can hold.
    screen = first.screen().availableGeometry()
    size = (min(1111, screen.width() - 40), min(777, screen.height() - 60))
    first.resize(*size)
    first.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, first.inspector_dock)
    first.resizeDocks([first.navigator_dock], [333], Qt.Orientation.Horizontal)
    claim = first.session.db.execute("SELECT id, uid FROM claims ORDER BY id LIMIT 1 OFFSET 7")
    claim_id, claim_uid = claim.fetchone()
    first.select("claim", claim_id)
    first.navigator.show_tab("events")  # looked at events last
    first.actions_registry["view.mentions"].trigger()  # underlines off
    navigator_width = first.navigator_dock.width()
    first.close()  # saves, and releases the case for the next window

    second = _window(qtbot, sample_path, settings)
    assert (second.width(), second.height()) == size
    assert second.dockWidgetArea(second.inspector_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert abs(second.navigator_dock.width() - navigator_width) <= 2
    assert second.navigator.current_tab() == "events"
    assert second.selection == ("claim", claim_id)
    assert second.inspector.shown == ("claim", claim_id)
    assert second.reading.source_id is not None  # the claim's words are open again
    assert not second.actions_registry["view.mentions"].isChecked()
    second.close()
    assert settings.value(f"selection/{_key(sample_path)}") == f"claim:{claim_uid}"


def test_a_selection_that_is_gone_is_skipped(qtbot, sample_path, tmp_path):
    settings = QSettings(str(tmp_path / "casefile.ini"), QSettings.Format.IniFormat)
    settings.setValue(f"selection/{_key(sample_path)}", "claim:no-longer-there")
    settings.setValue("window/state", b"not a state")  # damaged settings must not stop a start
    window = _window(qtbot, sample_path, settings)
    assert window.selection is None
    assert window.inspector.shown is None


def test_each_case_remembers_its_own_selection(qtbot, sample_path, tmp_path):
    from desktop.ui import window_state

    other = tmp_path / "other.casefile"
    assert window_state.case_key(sample_path) != window_state.case_key(other)
    settings = QSettings(str(tmp_path / "casefile.ini"), QSettings.Format.IniFormat)
    window_state.save_selection(settings, other, "source:abc")
    assert window_state.saved_selection(settings, sample_path) is None
    assert window_state.saved_selection(settings, other) == ("source", "abc")


def _key(path):
    from desktop.ui.window_state import case_key

    return case_key(path)


def test_the_comparison_arrangement_comes_back(qtbot, sample_path, tmp_path):
    settings = QSettings(str(tmp_path / "casefile.ini"), QSettings.Format.IniFormat)
    first = _window(qtbot, sample_path, settings)
    first.comparison_dock.show()
    pane = first.comparison
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0)
    chosen = pane.model.columns()[::-1][:3]
    pane.set_columns(chosen)
    pane.transpose.setChecked(True)
    first.close()

    second = _window(qtbot, sample_path, settings)
    second.comparison_dock.show()
    qtbot.waitUntil(lambda: second.comparison.model.rowCount() > 0)
    assert second.comparison.model.columns() == chosen
    assert second.comparison.model.transposed
    second.close()
    settings.setValue("comparison", "{not json")  # damaged: the default arrangement
    third = _window(qtbot, sample_path, settings)
    third.comparison_dock.show()
    qtbot.waitUntil(lambda: third.comparison.model.rowCount() > 0)
    assert not third.comparison.model.transposed


def test_the_reviewers_name_is_stamped_on_changes_and_remembered(qtbot, sample_path, tmp_path):
    from desktop.storage import grades
    from desktop.ui import preferences

    settings = QSettings(str(tmp_path / "casefile.ini"), QSettings.Format.IniFormat)
    first = _window(qtbot, sample_path, settings)
    preferences.set_reviewer(settings, first.session, "  Dana   Reviewer ")
    first.edits.perform("Grade source", grades.set_reliability, 1, "B", "")
    actor = first.session.db.execute(
        "SELECT actor FROM change_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert actor == "Dana Reviewer"
    first.close()
    second = _window(qtbot, sample_path, settings)
    assert second.session.case.actor == "Dana Reviewer"
    # a name that would forge a line of the log or turn History's text around is cleaned
    assert preferences.set_reviewer(settings, second.session,
                                    "Eve\n2026-01-01 admin\u202e\x00") == "Eve 2026-01-01 admin"
