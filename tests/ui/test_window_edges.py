"""The window when the case changes under it, and the keyboard and mouse paths back to an item."""

from PySide6.QtCore import Qt

from desktop.storage import sources


def _row_rect(view, model, item_id):
    row = model.row_of(item_id)
    return view.visualRect(model.index(row, 0)).center()


def test_a_shorter_new_text_with_old_mentions_still_shows(window, sample_case):
    # Mentions are found per text; until they are found again in the new one, those past its
    # end are skipped rather than stopping the source from showing.
    source = sample_case.db.execute("SELECT source_id FROM mentions LIMIT 1").fetchone()[0]
    window.select("source", source)
    window.session.apply("New text", sources.add_text, source, "Short.", None, "text/plain")
    assert window.reading.toPlainText() == "Short."
    assert window.reading_pane.position.text() == "no highlights"


def test_a_deleted_source_leaves_the_view(window):
    source = window.session.apply("Add", sources.add_source, title="Soon gone")
    window.session.apply("Text", sources.add_text, source, "Words.", None, "text/plain")
    window.select("source", source)
    assert window.reading.toPlainText() == "Words."
    window.session.apply("Delete", lambda w: w.delete("sources", source))
    assert window.reading.source_id is None and window.reading.toPlainText() == ""
    assert window.reading_pane.title.text() == "No source selected"
    assert window.selection is None and window.inspector.shown is None


def test_the_inspector_redraws_the_shown_item_after_an_edit(window, sample_case):
    meta = sample_case.db.execute("SELECT id FROM entities WHERE name = 'Meta'").fetchone()[0]
    window.select("entity", meta)
    window.session.apply(
        "Alias", lambda w: w.insert("entity_aliases", {"entity_id": meta, "alias": "Meta AI"}))
    assert "Meta AI" in window.inspector.pages["entity"].facts.text()


def test_an_entity_no_source_names_shows_no_source(window):
    from desktop.storage import entities

    window.select("source", 1)
    lonely = window.session.apply("Add", entities.add_entity, "person", "Nobody Named")
    window.select("entity", lonely)
    assert window.reading.source_id is None
    assert "No source names this entity" in window.statusBar().currentMessage()


def test_clicking_the_current_row_again_opens_it_again(window, qtbot):
    nav = window.navigator
    nav.show_tab("claims")
    view, model = nav.views["claims"], nav.models["claims"]
    claim = model.id_at(2)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_row_rect(view, model, claim))
    assert window.inspector.shown == ("claim", claim)
    window.reading.step(1)  # wander off through the highlights: the inspector follows the words
    assert window.inspector.shown[0] == "words"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_row_rect(view, model, claim))
    assert window.inspector.shown == ("claim", claim)
    window.reading.step(1)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Enter on the current row does the same
    assert window.inspector.shown == ("claim", claim)


def test_an_item_hidden_by_the_filter_leaves_no_other_row_selected(window):
    nav = window.navigator
    nav.show_tab("claims")
    nav.filter.setText("Anthropic")
    nav.apply_filter_now()
    shown = nav.models["claims"].id_at(0)
    window.select("claim", shown)
    hidden = window.session.db.execute(
        "SELECT id FROM claims WHERE text NOT LIKE '%Anthropic%' LIMIT 1").fetchone()[0]
    window.select("claim", hidden)
    assert window.inspector.shown == ("claim", hidden)
    assert not nav.views["claims"].selectionModel().hasSelection()


def test_keys_in_the_filter_box(window, qtbot):
    nav = window.navigator
    nav.show_tab("entities")
    nav.filter.setFocus()
    qtbot.keyClicks(nav.filter, "Meta")
    qtbot.keyClick(nav.filter, Qt.Key.Key_Down)
    view = nav.views["entities"]
    assert view.hasFocus() or window.focusWidget() is view
    assert view.currentIndex().parent().isValid()  # an entity, not its kind's heading
    assert window.inspector.shown[0] == "entity"
    nav.filter.setFocus()
    qtbot.keyClick(nav.filter, Qt.Key.Key_Escape)
    assert nav.filter.text() == ""


def test_back_and_forward_walk_the_selections(window, sample_case):
    meta = sample_case.db.execute("SELECT id FROM entities WHERE name = 'Meta'").fetchone()[0]
    window.select("source", 1)
    window.select("entity", meta)
    window.select("claim", 3)
    back, forward = window.actions_registry["view.back"], window.actions_registry["view.forward"]
    assert back.shortcut().toString() == "Alt+Left"
    back.trigger()
    assert window.selection == ("entity", meta) and window.inspector.shown == ("entity", meta)
    back.trigger()
    assert window.selection == ("source", 1)
    back.trigger()  # nothing further back: stays
    assert window.selection == ("source", 1)
    forward.trigger()
    forward.trigger()
    assert window.selection == ("claim", 3)
    window.select("claim", 3)  # the same again: no new step
    back.trigger()
    assert window.selection == ("entity", meta)
