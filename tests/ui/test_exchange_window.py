"""File > Export Annotations and Import Annotations in the window."""

from __future__ import annotations

import json
import shutil
import uuid

from PySide6.QtWidgets import QPushButton

from desktop.itemmodels.session import CaseSession
from desktop.storage import annotations, sources
from desktop.storage.casefile import open_case
from desktop.ui import views
from desktop.ui.main_window import MainWindow
from tests.storage.test_comparison_store import content


def _note(window) -> int:
    db = window.session.db
    source = db.execute("SELECT id FROM sources WHERE publisher = 'The New York Times'"
                        ).fetchone()[0]
    start = sources.current_text(db, source).text.index("Meta")
    return window.session.apply("Annotate", annotations.annotate_words, source, start,
                                start + 4, body="Which Meta?", tags=("scope",))


def test_notes_exported_from_one_window_arrive_in_another_copy(window, qtbot, tmp_path,
                                                               built_sample):
    _note(window)
    out = tmp_path / "notes.jsonld"
    assert window.exchange.export(out)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["items"][0]["type"] == "Annotation"
    other_path = tmp_path / "other.casefile"
    shutil.copyfile(built_sample, other_path)
    other = MainWindow(CaseSession(open_case(other_path)))
    qtbot.addWidget(other)
    heard = []
    other.session.changed.connect(heard.append)
    report = other.exchange.import_file(out)
    assert report.ok and report.added == 1
    assert heard and heard[0].touches("annotations")
    again = other.exchange.import_file(out)
    assert again.added == 0 and again.skipped == 1
    other.close()


def test_an_export_over_the_case_is_refused(window, monkeypatch):
    said = []
    monkeypatch.setattr(views, "warn", lambda *a: said.append(a[2]))
    assert not window.exchange.export(window.session.case.path)
    assert "is the case itself" in said[0]


def test_a_hostile_file_is_refused_and_changes_nothing(window, tmp_path):
    bad = tmp_path / "bad.jsonld"
    bad.write_text('{"@context": "http://www.w3.org/ns/anno.jsonld", "items": [{"type": 5}]}',
                   encoding="utf-8")
    before = window.session.db.execute("SELECT COUNT(*) FROM annotations").fetchone()[0]
    report = window.exchange.import_file(bad)
    assert not report.ok and str(bad) in report.refused
    assert window.session.db.execute("SELECT COUNT(*) FROM annotations").fetchone()[0] == before


def _many_notes(window, path, count: int) -> None:
    uid = window.session.db.execute("SELECT uid FROM sources LIMIT 1").fetchone()[0]
    url = f"urn:uuid:{uid.upper()}"  # a uid as another program may write it
    items = [{"id": f"urn:uuid:{uuid.UUID(int=n + 1)}", "type": "Annotation",
              "created": "2026-07-01T10:00:00+00:00",
              "body": {"type": "TextualBody", "value": f"note {n}", "format": "text/markdown"},
              "target": {"source": url}} for n in range(count)]
    path.write_text(json.dumps({"@context": "http://www.w3.org/ns/anno.jsonld",
                                "type": "AnnotationCollection", "items": items}),
                    encoding="utf-8")


def test_importing_in_the_window_runs_off_its_thread_and_undoes(window, qtbot, tmp_path):
    db = window.session.db
    before = content(db)
    notes = tmp_path / "notes.jsonld"
    _many_notes(window, notes, 120)
    seen = []
    window.exchange.task.progress.connect(lambda done, total: seen.append((done, total)))
    assert window.exchange.progress is None
    with qtbot.waitSignal(window.exchange.task.done, timeout=30_000):
        assert window.exchange.start_import(notes)
    assert window.exchange.last_report.added == 120
    assert max(seen) == (120, 120)
    assert db.execute("SELECT COUNT(*) FROM annotations").fetchone()[0] == 120
    assert window.edits.stack.undoText() == "Import annotations"
    window.actions_registry["edit.undo"].trigger()
    assert content(db) == before
    window.actions_registry["edit.redo"].trigger()
    assert db.execute("SELECT COUNT(*) FROM annotations").fetchone()[0] == 120


def test_cancelling_an_import_imports_nothing(window, qtbot, tmp_path):
    db = window.session.db
    before = content(db)
    notes = tmp_path / "many.jsonld"
    _many_notes(window, notes, 3000)
    def press_cancel(_done: int, _total: int) -> None:
        dialog = window.exchange.progress
        if dialog is not None:
            dialog.findChild(QPushButton).click()  # its only button: Cancel

    window.exchange.task.progress.connect(press_cancel)
    with qtbot.waitSignal(window.exchange.task.done, timeout=60_000):
        assert window.exchange.start_import(notes)
    report = window.exchange.last_report
    assert not report.ok and "cancelled; nothing was imported" in report.refused
    assert content(db) == before and window.edits.stack.count() == 0


def test_the_cases_own_json_export_is_named_for_what_it_is(window, tmp_path):
    from desktop.storage.export import write_export

    out = tmp_path / "case.json"
    write_export(window.session.db, out, "test")
    report = window.exchange.import_file(out)
    assert not report.ok and "casefile export --json" in report.refused


def test_private_notes_leave_the_window_only_when_asked(window, tmp_path):
    db = window.session.db
    source = db.execute("SELECT MIN(id) FROM sources").fetchone()[0]
    window.session.apply("Note", annotations.add_annotation, source, body="mine",
                         private=True)
    shared, mine = tmp_path / "shared.jsonld", tmp_path / "mine.jsonld"
    assert window.exchange.export(shared) and window.exchange.export(mine, include_private=True)
    assert json.loads(shared.read_text(encoding="utf-8")).get("items", []) == []
    assert len(json.loads(mine.read_text(encoding="utf-8"))["items"]) == 1


def test_an_import_ending_as_the_window_closes_reports_nothing_to_it(window, qtbot, tmp_path):
    notes = tmp_path / "notes.jsonld"
    _many_notes(window, notes, 200)
    heard = []
    window.exchange.task.done.connect(heard.append)
    assert window.exchange.start_import(notes)
    window.close()  # waits for the worker; what it reports afterwards goes nowhere
    qtbot.wait(50)
    assert heard == [] and window.edits.stack.count() == 0
