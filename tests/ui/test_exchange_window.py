"""File > Export Annotations and Import Annotations in the window."""

from __future__ import annotations

import json
import shutil

from desktop.itemmodels.session import CaseSession
from desktop.storage import annotations, sources
from desktop.storage.casefile import open_case
from desktop.ui import views
from desktop.ui.main_window import MainWindow


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
