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
