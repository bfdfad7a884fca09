"""The main window on the real sample case: docks, navigator, inspector, header and actions."""

import re

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QUrl
from PySide6.QtWidgets import QDockWidget, QTableWidget, QTreeWidget

from desktop.itemmodels.case_lists import ClaimsModel, EventsModel, SourcesModel
from desktop.itemmodels.citations import CITATION_ROLE, CitationsModel
from desktop.itemmodels.entity_tree import EntityTreeModel
from desktop.itemmodels.id_models import ID_ROLE, UID_ROLE
from desktop.storage import claim_views, entities, lists

SELECT = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows


def _claim_with_both_stances(db) -> int:
    return db.execute(
        "SELECT claim_id FROM citations GROUP BY claim_id"
        " HAVING sum(stance = 'supports') > 0 AND sum(stance = 'contradicts') > 0 LIMIT 1"
    ).fetchone()[0]


def _entity(db, name: str) -> int:
    return db.execute("SELECT id FROM entities WHERE name = ?", [name]).fetchone()[0]


# -- models ----------------------------------------------------------------------------------


def test_every_navigator_and_inspector_model_passes_qtmodeltester(qtmodeltester, sample_case):
    db = sample_case.db
    for model in (SourcesModel(db), ClaimsModel(db), EventsModel(db), EntityTreeModel(db)):
        model.refresh()
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)
    citations = CitationsModel()
    citations.set_citations(claim_views.claim_view(db, _claim_with_both_stances(db)).citations)
    qtmodeltester.check(citations, force_py=True)


def test_rows_come_from_ids(sample_case):
    model = ClaimsModel(sample_case.db)
    model.refresh()
    assert model.rowCount() == sample_case.db.table("claims").count
    first = model.index(0, 0)
    row_id = model.data(first, ID_ROLE)
    uid = sample_case.db.execute("SELECT uid FROM claims WHERE id = ?", [row_id]).fetchone()[0]
    assert model.data(first, UID_ROLE) == uid


def test_entities_are_grouped_by_kind(sample_case):
    model = EntityTreeModel(sample_case.db)
    model.refresh()
    groups = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert [g.split(" (")[0] for g in groups[:5]] == [
        "Companies", "Government bodies", "People", "AI models", "Documents"]
    companies = model.index(0, 0)
    names = [model.index(r, 0, companies).data() for r in range(model.rowCount(companies))]
    assert "Meta" in names and "OpenAI" in names
    assert model.entity_count() == sample_case.db.table("entities").count


def test_no_widget_holds_data_outside_a_model(window):
    assert not window.findChildren(QTableWidget) and not window.findChildren(QTreeWidget)


# -- navigator -------------------------------------------------------------------------------


def test_the_filter_narrows_every_list(window, qtbot):
    nav = window.navigator
    before = {}
    for tab in ("sources", "entities", "claims", "events"):
        nav.show_tab(tab)
        model = nav.models[tab]
        before[tab] = model.entity_count() if tab == "entities" else model.rowCount()
    qtbot.keyClicks(nav.filter, "Anthropic")
    nav.apply_filter_now()  # the typing pause, without waiting for it
    for tab in ("sources", "entities", "claims", "events"):
        nav.show_tab(tab)
        model = nav.models[tab]
        after = model.entity_count() if tab == "entities" else model.rowCount()
        assert after < before[tab], tab
        assert "(" in nav.tabs.tabText(nav.tabs.currentIndex())  # the count is shown
    nav.show_tab("claims")
    model = nav.models["claims"]
    assert all("Anthropic" in model.index(r, 0).data() or
               "Anthropic" in model.index(r, 1).data() for r in range(model.rowCount()))
    nav.show_tab("entities")
    tree = nav.models["entities"]
    names = [tree.index(r, 0, tree.index(g, 0)).data()
             for g in range(tree.rowCount()) for r in range(tree.rowCount(tree.index(g, 0)))]
    assert "Anthropic" in names and all("Anthropic" in name for name in names)
    nav.filter.clear()
    nav.apply_filter_now()
    assert nav.models["entities"].entity_count() == before["entities"]


def test_the_filter_waits_for_a_pause_in_typing(window, qtbot):
    nav = window.navigator
    nav.show_tab("claims")
    total = nav.models["claims"].rowCount()
    qtbot.keyClicks(nav.filter, "Meta")
    assert nav.models["claims"].rowCount() == total  # not yet: one query per pause
    qtbot.waitUntil(lambda: nav.models["claims"].rowCount() < total, timeout=2000)


def test_an_alias_finds_its_entity(window):
    nav = window.navigator
    nav.filter.setText("AISI")
    nav.apply_filter_now()
    nav.show_tab("entities")
    model = nav.models["entities"]
    names = [model.index(r, 0, model.index(g, 0)).data()
             for g in range(model.rowCount()) for r in range(model.rowCount(model.index(g, 0)))]
    assert "Center for AI Standards and Innovation" in names


def test_clicking_an_entity_row_fills_the_inspector(window, qtbot, sample_case):
    nav = window.navigator
    nav.show_tab("entities")
    index = nav.models["entities"].index_of(_entity(sample_case.db, "Meta"))
    rect = nav.views["entities"].visualRect(index)
    qtbot.mouseClick(nav.views["entities"].viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center())
    page = window.inspector.pages["entity"]
    assert window.inspector.currentWidget() is page
    assert page.title.text() == "Meta"


def test_lists_fill_when_first_shown(window):
    nav = window.navigator
    assert nav.current_tab() == "sources"
    assert nav.models["claims"].rowCount() == 0  # not loaded until its tab is opened
    nav.show_tab("claims")
    assert nav.models["claims"].rowCount() == 81


# -- inspector -------------------------------------------------------------------------------


def test_a_claim_shows_its_facts_and_citations_apart_by_stance(window, sample_case):
    claim_id = _claim_with_both_stances(sample_case.db)
    assert window.select("claim", claim_id)
    page = window.inspector.pages["claim"]
    view = claim_views.claim_view(sample_case.db, claim_id)
    assert page.title.text() == view.text
    assert f"Subject: {view.subject}" in page.facts.text()
    assert f"Status: {view.status}" in page.facts.text() and "Rank: " in page.facts.text()
    model = page.citations
    rows = [model.index(r, 0).data() for r in range(model.rowCount())]
    supporting = rows.index(next(r for r in rows if r.startswith("Supporting")))
    contradicting = rows.index(next(r for r in rows if r.startswith("Contradicting")))
    assert supporting < contradicting
    cites = [model.index(r, 0).data(CITATION_ROLE) for r in range(model.rowCount())]
    cites = [c for c in cites if c is not None]
    assert len(cites) == len(view.citations)
    for row, cite in enumerate(model.index(r, 0).data(CITATION_ROLE) for r in range(len(rows))):
        if cite is None:
            continue
        text = rows[row]
        assert cite.exact in text and cite.source_title in text
        assert re.search(r"· [A-F?][1-6?]$", text.splitlines()[1])  # Admiralty grade, e.g. B2
        wanted = "Supporting" if cite.stance == "supports" else "Contradicting"
        heading = max(i for i in range(row) if model.index(i, 0).data(CITATION_ROLE) is None)
        if cite.stance != "context":
            assert rows[heading].startswith(wanted)


def test_each_citation_jumps_to_its_words(window, qtbot, sample_case):
    claim_id = _claim_with_both_stances(sample_case.db)
    window.resize(1380, 860)
    window.select("claim", claim_id)
    page = window.inspector.pages["claim"]
    view = page.citations_view
    for row in range(page.citations.rowCount()):
        cite = page.citations.index(row, 0).data(CITATION_ROLE)
        if cite is None:
            continue
        view.scrollTo(page.citations.index(row, 0))
        rect = view.visualRect(page.citations.index(row, 0))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.reading.source_id == cite.source_id
        qtbot.waitUntil(lambda c=cite: c.exact[:40] in window.reading.visible_text())


def test_an_entity_shows_aliases_claims_and_mentioning_sources(window, sample_case):
    caisi = _entity(sample_case.db, "Center for AI Standards and Innovation")
    window.select("entity", caisi)
    page = window.inspector.pages["entity"]
    assert "Also called: " in page.facts.text() and "AISI" in page.facts.text()
    about = lists.claim_ids_about(sample_case.db, caisi)
    assert page.claims.rowCount() == len(about) > 0
    assert 0 < page.sources.rowCount() <= 5
    assert window.reading.source_id == page.sources.id_at(0)  # the source naming it most


def test_an_entity_description_is_markdown_made_safe(window, qtbot, sample_case):
    session = window.session
    entity_id = session.apply(
        "Add entity", entities.add_entity, "company", "Hostile Co",
        description='**Bold** <img src="/dev/zero"> <script>x()</script> [site](file:///etc/passwd)',
    )
    window.select("entity", entity_id)
    browser = window.inspector.pages["entity"].description
    html = browser.toHtml()
    assert "Bold" in browser.toPlainText() and "x()" not in browser.toPlainText()
    assert "/dev/zero" not in html and "file:///etc/passwd" not in html
    assert browser.refused == []  # nothing was even asked for
    assert not browser.openLinks() and not browser.openExternalLinks()


def test_the_safe_browser_refuses_every_resource(qtbot):
    from desktop.ui.safe_browser import SafeBrowser

    browser = SafeBrowser()
    qtbot.addWidget(browser)
    browser.setHtml('<p>x</p><img src="file:///dev/zero"><img src="/etc/passwd">')
    browser.show()
    assert browser.refused  # Qt asked, and was given nothing (it would hang on /dev/zero)
    assert browser.loadResource(2, QUrl("file:///dev/zero")).isEmpty()


def test_an_event_shows_its_date_as_written_and_resolved(window, sample_case):
    event_id = sample_case.db.execute(
        "SELECT id FROM events WHERE date_phrase IS NOT NULL AND date_edtf LIKE '____-__'"
        " LIMIT 1").fetchone()[0]
    window.select("event", event_id)
    facts = window.inspector.pages["event"].facts.text()
    assert "Date as written: “" in facts
    assert re.search(r"Date: \d{4}-\d\d — [A-Z][a-z]+ \d{4}", facts)


# -- reading header --------------------------------------------------------------------------


def test_the_header_names_source_date_grade_and_lineage(window, sample_case):
    blockbeats = sample_case.db.execute(
        "SELECT id FROM sources WHERE publisher LIKE 'Rhythm%'").fetchone()[0]
    window.select("source", blockbeats)
    pane = window.reading_pane
    assert pane.title.text().startswith("The United States promotes")
    meta = pane.meta.text()
    assert "Rhythm BlockBeats" in meta
    assert "Published 2026-06~ (June 2026)" in meta  # as written, and as resolved
    assert "Grade C — Fairly reliable" in meta
    assert "reworks: U.S. Presses Meta to Agree to A.I. Reviews" in meta
    assert re.fullmatch(r"\d+ highlights", pane.position.text())
    window.actions_registry["view.next"].trigger()
    assert re.fullmatch(r"1 of \d+", pane.position.text())


# -- actions and changes ---------------------------------------------------------------------


def test_standard_shortcuts_exist_even_where_the_platform_defines_none(window):
    # The offscreen platform has no standard Quit binding; the registry falls back to Ctrl+Q.
    shortcut = {i: window.actions_registry[i].shortcut().toString()
                for i in window.actions_registry.ids()}
    assert shortcut["file.quit"] == "Ctrl+Q" and shortcut["file.open"] == "Ctrl+O"
    assert shortcut["edit.find"] == "Ctrl+F"
    assert shortcut["view.next"] == "F8" and shortcut["view.previous"] == "Shift+F8"


def test_toolbar_and_menus_use_the_registry(window):
    registered = {window.actions_registry[i] for i in window.actions_registry.ids()}
    toolbar = window.findChild(type(window.addToolBar("probe")), "main-toolbar")
    assert toolbar is not None and set(toolbar.actions()) <= registered
    for menu in window.menuBar().actions():
        shown = {a for a in menu.menu().actions() if not a.isSeparator()}
        assert shown <= registered


def test_panes_are_docks_that_can_be_hidden_and_shown(window):
    docks = {d.objectName() for d in window.findChildren(QDockWidget)}
    assert {"navigator-dock", "inspector-dock"} <= docks
    window.actions_registry["view.inspector"].trigger()
    assert window.inspector_dock.isHidden()
    window.actions_registry["view.inspector"].trigger()
    assert not window.inspector_dock.isHidden()


def test_ctrl_f_focuses_the_filter(window, qtbot):
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.navigator.filter.hasFocus)


def test_a_change_through_the_session_refreshes_the_lists(window, sample_case):
    window.navigator.show_tab("entities")
    before = window.navigator.models["entities"].entity_count()
    new_id = window.session.apply("Add entity", entities.add_entity, "company", "Mistral")
    assert window.navigator.models["entities"].entity_count() == before + 1
    window.select("entity", new_id)
    assert window.inspector.pages["entity"].title.text() == "Mistral"


def test_selecting_something_gone_says_so(window):
    assert not window.select("claim", 999_999)
    assert "no longer in the case" in window.statusBar().currentMessage()
    with pytest.raises(ValueError):
        window.select_uid("briefing", "x")
    assert not window.select_uid("claim", "no-such-uid")
