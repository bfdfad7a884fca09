"""`casefile` alone: the sample case on first run, the last case afterwards."""

from desktop import app


def test_first_run_builds_the_sample_case_in_the_data_folder(qapp):
    app.settings().remove(app.LAST_CASE_KEY)
    target = app.case_to_open()
    assert target == app.sample_case_path()
    target.unlink(missing_ok=True)
    case = app.open_or_build(target)
    try:
        assert case.db.table("claims").count >= 40
        assert str(target).startswith(str(app.sample_case_path().parent))
    finally:
        case.close()
    again = app.open_or_build(target)  # the second time it is opened, not rebuilt
    again.close()


def test_the_last_case_is_remembered(qapp, sample_path):
    app.settings().setValue(app.LAST_CASE_KEY, str(sample_path))
    assert app.case_to_open() == sample_path
    sample_path.unlink()
    assert app.case_to_open() == app.sample_case_path()  # gone: fall back to the sample


def test_file_open_replaces_the_window_and_a_bad_file_changes_nothing(qtbot, sample_path, tmp_path):
    import shutil

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.storage.casefile import open_case

    other = tmp_path / "other.casefile"
    shutil.copyfile(sample_path, other)
    first = app.show_case(open_case(sample_path))
    qtbot.waitExposed(first)

    seen: list[str] = []

    def dismiss() -> None:  # the warning is modal: read it, then close it as a user would
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.close()
        else:
            QTimer.singleShot(20, dismiss)

    bad = tmp_path / "notes.txt"
    bad.write_text("not a case")
    QTimer.singleShot(20, dismiss)
    first.open_requested.emit(str(bad))
    assert seen and "notes.txt" in seen[0]
    assert first.isVisible()
    assert first.session.db.execute("SELECT count(*) FROM claims").fetchone()[0] > 0  # still open

    first.open_requested.emit(str(other))
    second = next(w for w in app._windows if w is not first and w.isVisible())
    assert second.session.case.path == other
    qtbot.waitUntil(lambda: first not in app._windows)  # closed and deleted
    assert app.settings().value(app.LAST_CASE_KEY) == str(other.resolve())
    second.close()
