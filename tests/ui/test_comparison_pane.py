"""The comparison pane on the sample case: the model, the inspector, ranks, citing words as a
value with undo, sorting, filtering, transposing, copying and exporting."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QDialogButtonBox

from desktop.domain.comparison import column_stats
from desktop.domain.spans import Utf16Index
from desktop.itemmodels.comparison_model import CELL_ROLE, ComparisonModel
from desktop.storage import comparison, sources
from desktop.ui import views
from desktop.ui.comparison_tips import cell_tooltip
from tests.conftest import ROOT
from tests.storage.test_comparison_store import content

DEVELOPERS = ["Anthropic", "Google", "Meta", "Microsoft", "OpenAI", "xAI"]


def _id(db, table: str, column: str, value: str) -> int:
    return db.execute(f"SELECT id FROM {table} WHERE {column} = ?", [value]).fetchone()[0]  # noqa: S608


@pytest.fixture
def pane(window, qtbot):
    window.comparison_dock.show()
    window.comparison_dock.raise_()
    qtbot.waitUntil(lambda: window.comparison.model.rowCount() > 0)
    return window.comparison


def _cell(pane, entity: str, key: str):
    db = pane._db
    return pane.model.index_of((_id(db, "entities", "name", entity),
                                _id(db, "properties", "key", key)))


def _rows(pane) -> list[str]:
    return [pane.model.index(r, 0).data() for r in range(pane.model.rowCount())]


def test_the_model_passes_qtmodeltester_both_ways_round(qtmodeltester, sample_case):
    grid = comparison.load_grid(sample_case.db, "company")
    model = ComparisonModel()
    model.set_grid(grid)
    model.set_transposed(True)
    qtmodeltester.check(model, force_py=True)  # the tester watches the changes that follow
    model.sort(1, Qt.SortOrder.DescendingOrder)
    model.set_transposed(False)
    model.sort(2, Qt.SortOrder.AscendingOrder)
    model.set_filter("o", None, False)
    model.set_columns(grid.used_properties()[:3])


def test_the_sample_table_shows_the_six_developers_with_conflicts(pane):
    assert _rows(pane) == DEVELOPERS
    assert pane.model.columnCount() - 1 >= 5
    cells = [pane.model.index(r, c).data(CELL_ROLE) for r in range(pane.model.rowCount())
             for c in range(1, pane.model.columnCount())]
    assert sum(1 for c in cells if c and c.conflict) >= 2
    assert any(c and c.single_origin for c in cells)
    assert _cell(pane, "Meta", "open_weights").data() == "Yes / No"
    assert "2 in conflict" in pane.message.text()
    # Every article of the sample reworks the Times' report: the table says how much rests on it.
    assert re.search(r"\d+ of \d+ values rest on one report alone: The New York Times",
                     pane.message.text())


def test_selecting_a_cell_fills_the_inspector_with_every_claim_and_citation(window, pane):
    pane.table.setCurrentIndex(_cell(pane, "Meta", "open_weights"))
    page = window.inspector.pages["cell"]
    assert window.inspector.currentWidget() is page
    assert page.title.text() == "Meta · Open weights?"
    claims = [page.model.index(r, 0) for r in range(page.model.rowCount())]
    assert len(claims) == 2
    assert sum(page.model.rowCount(c) for c in claims) == 7  # every citation of both
    assert "Conflict" in page.facts.text() and "Contradicted" in page.facts.text()


def test_deprecating_from_the_inspector_resolves_the_conflict_and_undo_restores_it(
        window, pane, qtbot):
    db = window.session.db
    before = content(db)
    index = _cell(pane, "Meta", "open_weights")
    pane.table.setCurrentIndex(index)
    page = window.inspector.pages["cell"]
    page.tree.setCurrentIndex(page.model.index(1, 0))  # the "No" claim
    page.ask_rank("deprecated", "the aggregator misread the Times")
    qtbot.waitUntil(lambda: not _cell(pane, "Meta", "open_weights").data(CELL_ROLE).conflict)
    assert _cell(pane, "Meta", "open_weights").data() == "Yes"
    assert "deprecated: the aggregator misread" in page.model.index(1, 0).data()
    assert window.actions_registry["edit.undo"].text() == "&Undo Deprecate claim"
    window.actions_registry["edit.undo"].trigger()
    qtbot.waitUntil(lambda: _cell(pane, "Meta", "open_weights").data(CELL_ROLE).conflict)
    assert content(db) == before
    window.actions_registry["edit.redo"].trigger()
    qtbot.waitUntil(lambda: _cell(pane, "Meta", "open_weights").data() == "Yes")
    _assert_totals_in_step(pane)


def _assert_totals_in_step(pane) -> None:
    """The running totals behind the summary equal a count made afresh."""
    def flat(stats):
        return {p: (sorted(s.filled), s.conflict, s.single_origin, s.contradicted,
                    +s.origins) for p, s in stats.items() if s.filled}
    assert flat(pane.model.grid.stats) == flat(column_stats(pane.model.grid.cells))


def test_a_deprecation_without_a_reason_changes_nothing(window, pane):
    pane.table.setCurrentIndex(_cell(pane, "Meta", "open_weights"))
    page = window.inspector.pages["cell"]
    assert not window.comparing.rank(page.selected_claim().id, "deprecated", "")
    assert "Nothing changed" in window.statusBar().currentMessage()
    assert window.edits.stack.count() == 0


def _select_words(window, source_id: int, words: str) -> None:
    window.select("source", source_id)
    text = sources.current_text(window.session.db, source_id).text
    start = text.index(words)
    index = Utf16Index(text)
    cursor = window.reading.textCursor()
    cursor.setPosition(index.to_utf16(start))
    cursor.setPosition(index.to_utf16(start + len(words)), QTextCursor.MoveMode.KeepAnchor)
    window.reading.setTextCursor(cursor)


def test_cite_as_value_updates_the_cell_in_one_step_and_undo_restores_it(window, pane, qtbot):
    db = window.session.db
    before = content(db)
    source = _id(db, "sources", "publisher", "The New York Times")
    _select_words(window, source, "Meta")
    amazon = _id(db, "entities", "name", "Amazon")
    weights = _id(db, "properties", "key", "open_weights")
    assert "Amazon" not in _rows(pane)
    dialog = window.comparing.cite_selection()
    assert dialog is not None and dialog.isVisible()
    dialog.entity.setCurrentIndex(dialog.entity.findData(amazon))
    dialog.property.setCurrentIndex(dialog.property.findData(weights))
    assert dialog.value.currentWidget() is dialog.bool_value  # a yes/no property
    dialog.bool_value.setCurrentIndex(dialog.bool_value.findData("false"))
    dialog.stance.setCurrentIndex(dialog.stance.findData("supports"))
    qtbot.mouseClick(_ok_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Amazon" in _rows(pane))
    assert not dialog.isVisible()
    cell = pane.model.index_of((amazon, weights))
    assert cell.data() == "No" and cell.data(CELL_ROLE).citations == 1
    assert pane.table.currentIndex() == cell  # the new value is brought into view
    assert window.edits.stack.count() == 1  # excerpt, claim and citation: one step
    _assert_totals_in_step(pane)
    window.edits.stack.undo()
    qtbot.waitUntil(lambda: "Amazon" not in _rows(pane))
    assert content(db) == before
    _assert_totals_in_step(pane)


def _ok_button(dialog):
    box = dialog.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Ok)


def test_citing_the_same_words_twice_keeps_the_dialog_open_saying_why(window, pane, qtbot):
    db = window.session.db
    source = _id(db, "sources", "publisher", "The New York Times")
    _select_words(window, source, "Meta")
    amazon = _id(db, "entities", "name", "Amazon")
    weights = _id(db, "properties", "key", "open_weights")
    for _attempt in range(2):
        _select_words(window, source, "Meta")  # citing reloads the text, dropping the selection
        dialog = window.comparing.cite_selection()
        dialog.entity.setCurrentIndex(dialog.entity.findData(amazon))
        dialog.property.setCurrentIndex(dialog.property.findData(weights))
        qtbot.mouseClick(_ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "already cite" in dialog.problem.text()
    dialog.reject()
    assert window.edits.stack.count() == 1


def test_citing_needs_selected_words(window, pane):
    window.reading.clear()
    assert window.comparing.cite_selection() is None
    assert "Select the words" in window.statusBar().currentMessage()


def test_hovering_tells_the_quoted_words_source_and_grade(window, pane):
    db = window.session.db
    key = (_id(db, "entities", "name", "Meta"), _id(db, "properties", "key", "open_weights"))
    tip = cell_tooltip(db, key)
    assert tip.startswith("Meta · Open weights?\nYes / No")
    assert "Conflict" in tip and "“" in tip and "(for “No”)" in tip
    assert re.search(r" · [A-F][1-6]", tip)  # the grade beside each quote
    grid = pane.model.grid
    single = next(k for k, c in grid.cells.items() if c.single_origin and c.citations > 1)
    assert "traces back to: The New York Times" in cell_tooltip(db, single)


def test_double_click_opens_the_reading_view_at_the_quote(window, pane, qtbot):
    index = _cell(pane, "Meta", "model_family")
    pane.table.scrollTo(index)
    rect = pane.table.visualRect(index)
    # A real double-click starts with a press (the view compares the two); mouseDClick alone
    # sends only the second.
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    evidence = comparison.cell_evidence(window.session.db, *pane.model.key_at(index))
    first = evidence.claims[0].citations[0]
    assert window.reading.source_id == first.source_id
    text = sources.current_text(window.session.db, first.source_id).text
    at = window.reading.textCursor().position()
    assert at == Utf16Index(text).to_utf16(first.start)


def test_sort_filter_and_transpose(pane):
    weights = 1 + pane.model.columns().index(_id(pane._db, "properties", "key", "open_weights"))
    pane.table.sortByColumn(weights, Qt.SortOrder.AscendingOrder)
    rows = _rows(pane)
    assert rows[-2:] == ["Microsoft", "xAI"]  # no data stays last
    pane.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert _rows(pane) == DEVELOPERS[::-1]
    pane.filter.setText("meta")
    assert len(_rows(pane)) == 6  # typing waits for a pause before filtering
    pane.catch_up_now()
    assert _rows(pane) == ["Meta"]
    pane.filter.clear()
    pane.catch_up_now()
    pane.show_only.setCurrentIndex(pane.show_only.findData("conflict"))
    assert sorted(_rows(pane)) == ["Anthropic", "Meta"]
    pane.show_only.setCurrentIndex(0)
    pane.with_data.setChecked(False)
    assert len(_rows(pane)) == 10  # every company, gaps and all
    pane.transpose.setChecked(True)
    assert pane.model.column_label(0) == "Property"
    assert "Open weights?" in _rows(pane)
    assert pane.model.columnCount() == 11
    # Sorting the transposed rows leaves the chosen columns' own order alone.
    columns = pane.model.columns()
    pane.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert _rows(pane) == sorted(_rows(pane), key=str.casefold)
    pane.transpose.setChecked(False)
    assert pane.model.columns() == columns


def test_a_sort_follows_its_property_not_its_position(pane):
    columns = pane.model.columns()
    weights = _id(pane._db, "properties", "key", "open_weights")
    pane.table.sortByColumn(1 + columns.index(weights), Qt.SortOrder.AscendingOrder)
    first = _rows(pane)
    pane.set_column(columns[0], False)  # the sorted column moves one place left
    assert _rows(pane) == first
    assert pane.table.horizontalHeader().sortIndicatorSection() == columns.index(weights)
    pane.set_column(weights, False)  # hiding it ends the sort
    assert pane.table.horizontalHeader().sortIndicatorSection() == -1


def test_columns_are_chosen_and_reordered(pane):
    columns = pane.model.columns()
    pane.set_column(columns[0], False)
    assert pane.model.columns() == columns[1:]
    pane.set_column(columns[0], True)
    assert pane.model.columns() == columns
    header = pane.table.horizontalHeader()
    header.moveSection(3, 1)  # drag the third property's heading to the front
    pane._adopt_visual_order()
    assert pane.model.columns() == [columns[2], columns[0], columns[1], *columns[3:]]
    assert [header.logicalIndex(v) for v in range(header.count())] == list(range(header.count()))


def test_copying_a_selection_gives_a_table_with_headings(pane):
    model, table = pane.model, pane.table
    selection = table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select
    for row in range(2):
        for column in (1, 2):
            selection.select(model.index(row, column), flags)
    table.copy_selection()
    text = QGuiApplication.clipboard().text().splitlines()
    assert text[0].split("\t")[:2] == ["Entity", "Agreed to CAISI review?"]
    assert text[1].split("\t")[0] == "Anthropic" and len(text) == 3
    assert "<table>" in QGuiApplication.clipboard().mimeData().html()


def test_export_writes_the_table_as_shown_with_footnotes(window, pane, tmp_path):
    pane.filter.setText("Meta")
    out = tmp_path / "comparison.csv"
    assert window.comparing.export(out)
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[1][0] == "Meta" and len(rows[0]) == pane.model.columnCount()
    assert ["Note", "Source", "Publisher", "Date", "Quote", "Grade", "Page", "URL"] in rows


def test_an_export_that_cannot_be_written_says_so(window, pane, tmp_path, monkeypatch):
    said = []
    monkeypatch.setattr(views, "warn", lambda *a: said.append(a[2]))
    assert not window.comparing.export(tmp_path / "missing" / "c.csv")
    assert said and "missing" in said[0]


def test_a_kind_without_claims_says_how_to_see_its_rows(pane):
    pane.kind.setCurrentIndex(pane.kind.findData("model"))
    assert pane.model.rowCount() == 0
    assert "untick “Only rows with data”" in pane.message.text()
    pane.with_data.setChecked(False)
    assert pane.model.rowCount() == 7 and _cell(pane, "Muse Spark", "open_weights").data() == "—"


def test_typing_an_unknown_entity_is_refused_not_taken_for_the_last_choice(window, pane):
    db = window.session.db
    _select_words(window, _id(db, "sources", "publisher", "The New York Times"), "Meta")
    dialog = window.comparing.cite_selection()
    dialog.entity.setCurrentIndex(dialog.entity.findData(_id(db, "entities", "name", "Meta")))
    dialog.entity.setEditText("Nonexistent Corp")
    _ok_button(dialog).click()
    assert dialog.isVisible() and "No entity is called “Nonexistent Corp”" in dialog.problem.text()
    assert window.edits.stack.count() == 0
    dialog.reject()


def test_a_copied_table_outlives_the_application_safely(tmp_path):
    """Copy, then quit: the process ends cleanly (mime data made in Python used to crash Qt's
    teardown) and the copied text is still what a paste gives."""
    script = (
        "import os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from desktop.ui import clipboard\n"
        "app = QApplication([])\n"
        "clipboard.put('a\\tb', '<table><tr><td>a</td></tr></table>')\n"
        "QTimer.singleShot(0, app.quit)\n"
        "app.exec()\n"
        "print(app.clipboard().text())\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "a\tb"


def test_an_export_over_the_case_itself_is_refused(window, pane, monkeypatch):
    said = []
    monkeypatch.setattr(views, "warn", lambda *a: said.append(a[2]))
    case_file = window.session.case.path
    before = case_file.read_bytes()
    assert not window.comparing.export(case_file)
    assert said and "is the case itself" in said[0]
    assert case_file.read_bytes() == before


def test_what_others_copied_since_is_left_alone_on_quitting(qapp):
    from desktop.ui import clipboard

    clipboard.put("ours", "<table><tr><td>ours</td></tr></table>")
    QGuiApplication.clipboard().setText("copied elsewhere since")
    clipboard.release()
    assert QGuiApplication.clipboard().text() == "copied elsewhere since"


def test_without_a_chosen_cell_the_dialog_offers_the_entity_the_words_name(window, pane):
    db = window.session.db
    pane.table.setCurrentIndex(pane.model.index(-1, -1))
    _select_words(window, _id(db, "sources", "publisher", "The New York Times"),
                  "Meta is the only major U.S. developer")
    dialog = window.comparing.cite_selection()
    assert dialog.entity.currentData() == _id(db, "entities", "name", "Meta")
    dialog.reject()
