"""The reading view on real cases: claims open at their words, highlights open their claims."""

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QTextCursor

from desktop.domain.anchoring import anchor_quote
from desktop.domain.spans import Utf16Index
from desktop.ingest.sample import build_sample
from desktop.itemmodels.id_models import ID_ROLE
from desktop.itemmodels.session import CaseSession
from desktop.storage import claim_views, claims, events, excerpts, reading, sources
from desktop.storage.changes import write
from desktop.ui.main_window import MainWindow
from desktop.ui.reading_view import COLOURS

SELECT = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows


def _select_claim(window, claim_id: int) -> None:
    """As a user does: open the claims tab and click the claim's row."""
    window.navigator.show_tab("claims")
    model, view = window.navigator.models["claims"], window.navigator.views["claims"]
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(ID_ROLE) == claim_id)
    view.selectionModel().setCurrentIndex(model.index(row, 0), SELECT)


def test_selecting_a_claim_opens_its_source_at_the_quote(window, sample_case, qtbot):
    # The claim whose first citation lies deepest in its article: the view must scroll to it.
    ids = [row[0] for row in sample_case.db.execute("SELECT id FROM claims")]
    views = [claim_views.claim_view(sample_case.db, i) for i in ids]
    claim = max((v for v in views if v and v.citations), key=lambda v: v.citations[0].start)
    exact = claim.citations[0].exact
    _select_claim(window, claim.id)
    qtbot.waitUntil(lambda: exact in window.reading.visible_text())
    cursor = window.reading.textCursor()
    block = cursor.block().text()
    assert exact[:20] in block
    assert " of " in window.reading_pane.position.text()


def test_clicking_highlighted_words_lists_exactly_the_claims_citing_them(
    window, sample_case, qtbot
):
    excerpt_id, source_id, start, end = sample_case.db.execute(
        "SELECT x.id, x.source_id, x.start_pos, x.end_pos FROM excerpts x"
        " JOIN citations t ON t.excerpt_id = x.id GROUP BY x.id ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()
    window.reading.show_words(source_id, start, end)
    segment = next(s for s in window.reading._segments if excerpt_id in s.ids)
    index = Utf16Index(window.reading.toPlainText())
    middle = index.to_utf16((segment.start + segment.end) // 2)
    cursor = QTextCursor(window.reading.document())
    cursor.setPosition(middle)
    point = window.reading.cursorRect(cursor).center()
    qtbot.mouseClick(window.reading.viewport(), Qt.MouseButton.LeftButton, pos=point)
    expected = {(c.kind, c.id) for c in reading.citing(sample_case.db, sorted(segment.ids))}
    qtbot.waitUntil(lambda: set(window.inspector.pages["words"].citing.kinds_and_ids()) == expected)
    assert len(expected) >= 2


def test_next_and_previous_highlight_walk_the_source(window, qtbot):
    window.reading.show_source(1)
    total = len(window.reading._segments)
    window.actions_registry["view.next"].trigger()
    assert window.reading.position_text() == f"1 of {total}"
    window.actions_registry["view.previous"].trigger()
    assert window.reading.position_text() == f"{total} of {total}"
    assert window.inspector.pages["words"].citing.rowCount() >= 1


HOSTILE = 'Intro 🙂🙂 <img src="/dev/zero"> <table><tr><td>cell</td></tr></table> 𝔸 quoted words.\n'


def _tiny_case(tmp_path: Path, text: str):
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "case.toml").write_text(
        '[[sources]]\nkey = "a"\nfile = "a.txt"\ntitle = "A"\n'
        '[[entities]]\nkey = "x"\nkind = "company"\nname = "X"\n'
        '[[claims]]\nkey = "c"\nsubject = "x"\ntext = "It says so."\n'
        '[[claims.cite]]\nsource = "a"\nquote = "quoted words"\n',
        encoding="utf-8",
    )
    return build_sample(tmp_path / "tiny.casefile", tmp_path)


def test_positions_past_astral_characters_land_on_the_right_words(qtbot, tmp_path):
    case = _tiny_case(tmp_path, HOSTILE)
    window = MainWindow(CaseSession(case))
    qtbot.addWidget(window)
    window.reading.show_words(1, HOSTILE.index("quoted"), HOSTILE.index("quoted") + 12)
    cursor = window.reading.textCursor()
    cursor.setPosition(cursor.position() + 12, QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "quoted words"  # UTF-16 positions, not code points
    drawn = window.reading.format_at_utf16(cursor.selectionStart() + 1)
    assert drawn.background().color().name() == COLOURS["supports"]
    assert window.reading.format_at_utf16(cursor.selectionStart() - 2).background().style() \
        == Qt.BrushStyle.NoBrush  # the highlight starts at the quote, not before it


def test_markup_in_a_source_is_shown_as_text_and_never_loaded(qtbot, tmp_path):
    case = _tiny_case(tmp_path, HOSTILE)
    window = MainWindow(CaseSession(case))
    qtbot.addWidget(window)
    window.show()
    window.reading.show_source(1)
    shown = window.reading.toPlainText()
    assert '<img src="/dev/zero">' in shown and "<table>" in shown  # literally, not rendered
    assert window.reading.document().allFormats()  # our formats only


def test_words_no_longer_in_the_text_do_not_move_the_view(qtbot, tmp_path):
    case = _tiny_case(tmp_path, HOSTILE)
    window = MainWindow(CaseSession(case))
    qtbot.addWidget(window)
    window.reading.show_words(1, len(HOSTILE) + 5, len(HOSTILE) + 40)  # an older text's positions
    assert "not in this version" in window.reading_pane.position.text()


def test_citing_model_passes_qtmodeltester(qtmodeltester, sample_case):
    from desktop.itemmodels.citing import CitingModel

    model = CitingModel()
    ids = [r[0] for r in sample_case.db.execute("SELECT id FROM excerpts LIMIT 20")]
    model.set_rows(reading.citing(sample_case.db, ids))
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)


def test_a_new_citation_appears_in_the_open_source_at_once(window, sample_case):
    from desktop.domain.anchoring import selector_at
    from desktop.storage import claims, excerpts, sources

    window.reading.show_source(1)
    before = len(window.reading._segments)
    text = sources.current_text(sample_case.db, 1)
    start = next(
        i for i in range(0, len(text.text) - 12, 7)
        if window.reading.segment_at_utf16(i) is None and "\n" not in text.text[i : i + 12]
    )

    def cite(w):
        excerpt = excerpts.add_excerpt(w, text, selector_at(text.text, start, start + 12))
        claims.add_citation(w, 1, excerpt, "contradicts")

    window.session.apply("Cite words", cite)
    assert len(window.reading._segments) > before


def test_a_quote_deep_in_a_long_source_with_emoji_is_in_view_and_highlighted(qtbot, tmp_path):
    # Long enough that highlights far from the quote are drawn later, and with astral
    # characters before the quote so UTF-16 and code point offsets differ by hundreds.
    filler = "".join(f"Paragraph {n} 🙂 says little of note 𝔸.\n\n" for n in range(3000))
    text = filler + "Here are the quoted words at last.\n" + filler
    case = _tiny_case(tmp_path, text)
    with write(case, "Add a short source and far words") as w:
        short = sources.add_source(w, title="Short")
        sources.add_text(w, short, "Nothing much.", None, "text/plain")
        long_text = sources.current_text(w.db, 1)
        far = excerpts.add_excerpt(w, long_text, anchor_quote(text, "Paragraph 2990 ", 2))
        claims.add_citation(w, 1, far, "supports")
    window = MainWindow(CaseSession(case))
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    window.select("source", short)
    window.select("claim", 1)
    assert "quoted words" in window.reading.visible_text()
    at = Utf16Index(text).to_utf16(text.index("quoted words")) + 1
    assert window.reading.format_at_utf16(at).background().color().name() == COLOURS["supports"]
    # Words far from the quote are drawn after it, once the event loop gets there.
    far_words = text.index("Paragraph 2990 ", text.index("quoted words"))  # 120,000 on
    far = Utf16Index(text).to_utf16(far_words) + 2
    window.reading.finish_highlighting()
    assert window.reading.format_at_utf16(far).background().color().name() == COLOURS["supports"]
    assert window.reading.position_text() == "1 of 2"


def test_tooltips_show_markup_from_a_case_as_text(qtbot, tmp_path):
    # Qt renders any tooltip that looks like HTML, and would read the file an <img> names.
    from desktop.itemmodels.case_lists import ClaimsModel, EventsModel, SourcesModel
    from desktop.itemmodels.entity_tree import EntityTreeModel

    case = _tiny_case(tmp_path, HOSTILE)
    hostile = '<img src="/dev/zero"><b>bold</b>'
    with write(case, "Hostile names") as w:
        w.update("sources", 1, {"title": hostile})
        w.update("entities", 1, {"name": hostile})
        w.update("claims", 1, {"text": hostile})
        event = events.add_event(w, hostile, "2026-06", date_phrase=hostile)
        events.add_event_citation(w, event, 1, "supports")
    window = MainWindow(CaseSession(case))
    qtbot.addWidget(window)
    db = case.db
    tips = []
    for model in (SourcesModel(db), ClaimsModel(db), EventsModel(db)):
        model.refresh()
        tips += [model.index(r, c).data(Qt.ItemDataRole.ToolTipRole)
                 for r in range(model.rowCount()) for c in range(model.columnCount())]
    tree = EntityTreeModel(db)
    tree.refresh()
    tips.append(tree.index(0, 0, tree.index(0, 0)).data(Qt.ItemDataRole.ToolTipRole))
    window.reading.show_source(1)
    tips.append(window.reading._tooltip(window.reading._segments[0]))
    window.select("claim", 1)
    cites = window.inspector.pages["claim"].citations
    tips += [cites.index(r, 0).data(Qt.ItemDataRole.ToolTipRole) for r in range(cites.rowCount())]
    window.inspector.show_words([1])  # the claim and the event citing the excerpt
    citing = window.inspector.pages["words"].citing
    assert citing.rowCount() == 2
    tips += [citing.index(r, 0).data(Qt.ItemDataRole.ToolTipRole) for r in range(2)]
    tips = [t for t in tips if t]
    assert any("&lt;img" in t for t in tips)
    assert not any("<img" in t or "<b>" in t for t in tips)


def test_a_long_source_shows_its_quote_first_and_every_highlight_soon(qtbot, tmp_path):
    from desktop.itemmodels.session import CaseSession
    from desktop.storage.casefile import open_case
    from desktop.ui.main_window import MainWindow
    from tests.perf.bench_ui import build_long_case

    path = tmp_path / "long.casefile"
    _short, claim_ids = build_long_case(path, 0)
    window = MainWindow(CaseSession(open_case(path)))
    qtbot.addWidget(window)
    window.show()
    view = window.reading
    window.select("claim", claim_ids[len(claim_ids) // 2])
    near = len(view._segments)
    assert view.segment_at_utf16(view.textCursor().selectionStart()) is not None  # the quote
    qtbot.waitUntil(lambda: len(view._segments) > near, timeout=5000)
    total = len(view._segments)
    assert total > 1000 and view.position_text().endswith(f"of {total}")
    window.close()


def test_annotated_words_are_drawn_in_their_own_style_with_a_margin_marker(window, qtbot):
    from PySide6.QtGui import QTextCharFormat

    from desktop.domain.spans import Utf16Index
    from desktop.storage import annotations, sources

    db = window.session.db
    source = db.execute("SELECT id FROM sources WHERE publisher = 'The New York Times'"
                        ).fetchone()[0]
    text = sources.current_text(db, source).text
    start = text.index("Meta")
    note = window.session.apply("Annotate", annotations.annotate_words, source, start,
                                start + 4, body="Which Meta entity?", motivation="questioning")
    window.select("source", source)
    window.reading.finish_highlighting()
    at = Utf16Index(text).to_utf16(start + 1)
    style = window.reading.format_at_utf16(at).underlineStyle()
    assert style == QTextCharFormat.UnderlineStyle.WaveUnderline
    placed = window.reading.margin.placed()
    assert [notes for notes, _rect in placed] == [(note,)]
    with qtbot.waitSignal(window.reading.annotation_clicked) as clicked:
        qtbot.mouseClick(window.reading.margin, Qt.MouseButton.LeftButton,
                         pos=placed[0][1].center())
    assert clicked.args == [note]
    # a second note starting on the same line shares the marker, which counts them; each
    # click opens the next
    other = window.session.apply("Annotate", annotations.annotate_words, source, start + 5,
                                 start + 9, body="And this?")
    window.reading.finish_highlighting()
    placed = window.reading.margin.placed()
    assert [notes for notes, _rect in placed] == [(note, other)]
    opened = []
    window.reading.annotation_clicked.connect(opened.append)
    for _ in range(3):
        qtbot.mouseClick(window.reading.margin, Qt.MouseButton.LeftButton,
                         pos=placed[0][1].center())
    assert opened == [note, other, note]


def test_a_deleted_note_leaves_the_text_and_undo_brings_it_back(window):
    from PySide6.QtGui import QTextCharFormat

    from desktop.domain.spans import Utf16Index
    from desktop.storage import annotations, sources

    db = window.session.db
    source = db.execute("SELECT source_id FROM excerpts x JOIN citations c"
                        " ON c.excerpt_id = x.id LIMIT 1").fetchone()[0]
    start, end = db.execute("SELECT x.start_pos, x.end_pos FROM excerpts x JOIN citations c"
                            " ON c.excerpt_id = x.id WHERE x.source_id = ? LIMIT 1",
                            [source]).fetchone()
    window.select("source", source)
    note = window.edits.perform("Annotate", annotations.annotate_words, source, start, end,
                                body="cited words, annotated too")  # the excerpt is reused
    window.reading.finish_highlighting()
    at = Utf16Index(sources.current_text(db, source).text).to_utf16(start + 1)
    wave = QTextCharFormat.UnderlineStyle.WaveUnderline
    assert window.reading.format_at_utf16(at).underlineStyle() == wave
    window.edits.perform("Delete note", annotations.delete_annotation, note)
    window.reading.finish_highlighting()
    assert window.reading.format_at_utf16(at).underlineStyle() != wave
    assert not window.reading.margin.marks
    window.edits.stack.undo()
    window.reading.finish_highlighting()
    assert window.reading.format_at_utf16(at).underlineStyle() == wave
