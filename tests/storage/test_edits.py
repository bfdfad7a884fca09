"""Editing entities, events, claims and citations: checked, written only where they differ, and
undone and redone exactly (mentions found again after a rename)."""

from __future__ import annotations

import pytest

from desktop.storage import edits
from desktop.storage.changes import write
from desktop.storage.events import add_event
from desktop.storage.undo import reapply, revert, undoable
from tests.storage.test_comparison_store import content, ids


def _mentions_of(db, entity_id: int) -> int:
    return db.execute("SELECT COUNT(*) FROM mentions WHERE entity_id = ?",
                      [entity_id]).fetchone()[0]


def _undo_redo_exact(case, action: str, fn, *args, **kwargs):
    """Do, undo, redo: undo restores every row; redo gives back the edited rows."""
    db = case.db
    before = content(db)
    with write(case, action) as w:
        fn(w, *args, **kwargs)
    assert undoable(w.change.tables)
    after = content(db)
    assert after != before
    with write(case, "Undo") as u:
        revert(u, w.batch)
    assert content(db) == before
    with write(case, "Redo") as r:
        reapply(r, w.batch)
    assert content(db) == after
    return w.change


def test_renaming_an_entity_finds_its_mentions_again_and_undoes_exactly(sample_case):
    db = sample_case.db
    meta = ids(db, "entities", "name", "Meta")
    found = _mentions_of(db, meta)
    assert found > 0
    change = _undo_redo_exact(sample_case, "Edit entity", edits.edit_entity, meta,
                              name="Meta Platforms", kind="company",
                              description="Owner of *Facebook*", aliases=["Zuckerberg's firm"])
    assert "mentions" in change.tables
    # "Meta" is no longer a name: only "Meta Platforms" (rarely written) and the alias count
    assert _mentions_of(db, meta) < found
    assert db.execute("SELECT alias FROM entity_aliases WHERE entity_id = ?",
                      [meta]).fetchall() == [("Zuckerberg's firm",)]


def test_an_entity_keeps_the_aliases_it_still_has(sample_case):
    db = sample_case.db
    caisi = ids(db, "entities", "name", "Center for AI Standards and Innovation")
    aliases = [a for (a,) in db.execute(
        "SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY id", [caisi])]
    assert len(aliases) >= 2
    before = db.execute("SELECT id, alias FROM entity_aliases WHERE entity_id = ? ORDER BY id",
                        [caisi]).fetchall()
    with write(sample_case, "Edit entity") as w:
        edits.edit_entity(w, caisi, name="Center for AI Standards and Innovation",
                          kind="agency", description=None, aliases=[*aliases[1:], " "])
    kept = db.execute("SELECT id, alias FROM entity_aliases WHERE entity_id = ? ORDER BY id",
                      [caisi]).fetchall()
    assert kept == before[1:]  # the same rows, not deleted and inserted again


def test_editing_an_event_by_hand_replaces_a_computed_date(sample_case):
    db = sample_case.db
    event = db.execute("SELECT id FROM events WHERE date_auto = 1 LIMIT 1").fetchone()
    event_id = event[0] if event else db.execute("SELECT MIN(id) FROM events").fetchone()[0]
    _undo_redo_exact(sample_case, "Edit event", edits.edit_event, event_id,
                     title="Meta is asked to submit models", date="2026-06~",
                     date_phrase="early June", description="From the *Times*.",
                     status="reviewed")
    row = db.execute("SELECT date_edtf, date_auto, date_rule, date_earliest, date_latest, status"
                     " FROM events WHERE id = ?", [event_id]).fetchone()
    assert row[:3] == ("2026-06~", 0, "set by hand")
    assert row[3] < "2026-06-01" and row[4] > "2026-06-30"  # approximate: wider than June
    assert row[5] == "reviewed"


def test_editing_a_claims_value_is_typed_by_its_property(sample_case):
    db = sample_case.db
    claim = db.execute(
        "SELECT c.id FROM claims c JOIN properties p ON p.id = c.property_id"
        " WHERE p.datatype = 'bool' LIMIT 1").fetchone()[0]
    _undo_redo_exact(sample_case, "Edit claim", edits.edit_claim, claim,
                     text="Meta has not agreed to CAISI review", when="2026-06", value="no")
    assert db.execute("SELECT value, when_edtf, when_lower FROM claims WHERE id = ?",
                      [claim]).fetchone() == ("false", "2026-06", "2026-06-01")
    with pytest.raises(ValueError, match="not Yes or No"), write(sample_case, "Bad") as w:
        edits.edit_claim(w, claim, text="x", when=None, value="perhaps")


def test_a_citation_changes_stance_or_goes_and_comes_back(sample_case):
    db = sample_case.db
    citation = db.execute("SELECT MIN(id) FROM citations WHERE stance = 'supports'"
                          ).fetchone()[0]
    _undo_redo_exact(sample_case, "Change stance", edits.set_stance, citation, "context")
    _undo_redo_exact(sample_case, "Remove citation", edits.remove_citation, citation)
    event_citation = db.execute("SELECT MIN(id) FROM event_citations").fetchone()[0]
    _undo_redo_exact(sample_case, "Remove citation", edits.remove_citation, event_citation,
                     "event_citations")


def test_an_edit_that_changes_nothing_writes_nothing(sample_case):
    db = sample_case.db
    meta = db.execute("SELECT id, name, kind, description FROM entities WHERE name = 'Meta'"
                      ).fetchone()
    aliases = [a for (a,) in db.execute("SELECT alias FROM entity_aliases WHERE entity_id = ?",
                                        [meta[0]])]
    event = db.execute("SELECT id, title, date_edtf, date_phrase, description, status"
                       " FROM events LIMIT 1").fetchone()
    claim = db.execute("SELECT id, text, when_edtf FROM claims WHERE property_id IS NULL"
                       " LIMIT 1").fetchone()
    logged = db.execute("SELECT COUNT(*) FROM change_log").fetchone()[0]
    with write(sample_case, "Nothing") as w:
        edits.edit_entity(w, meta[0], name=meta[1], kind=meta[2], description=meta[3],
                          aliases=aliases)
        edits.edit_event(w, event[0], title=event[1], date=event[2], date_phrase=event[3],
                         description=event[4], status=event[5])
        edits.edit_claim(w, claim[0], text=claim[1], when=claim[2])
    assert not w.change.tables
    assert db.execute("SELECT COUNT(*) FROM change_log").fetchone()[0] == logged


@pytest.mark.parametrize(("call", "problem"), [
    (lambda w, e, v, c: edits.edit_entity(w, e, name=" ", kind="company", description=None,
                                          aliases=()), "name is empty"),
    (lambda w, e, v, c: edits.edit_entity(w, e, name="Meta", kind="planet", description=None,
                                          aliases=()), "unknown kind"),
    (lambda w, e, v, c: edits.edit_entity(w, e, name="OpenAI", kind="company",
                                          description=None, aliases=()), "already called"),
    (lambda w, e, v, c: edits.edit_entity(w, e, name="x" * 501, kind="company",
                                          description=None, aliases=()), "longer than"),
    (lambda w, e, v, c: edits.edit_event(w, v, title="t", date="2026-13-45", date_phrase=None,
                                         description=None, status="draft"), "2026-13-45"),
    (lambda w, e, v, c: edits.edit_event(w, v, title="t", date=None, date_phrase=None,
                                         description=None, status="done"), "status must be"),
    (lambda w, e, v, c: edits.edit_claim(w, c, text="  ", when=None), "claim is empty"),
    (lambda w, e, v, c: edits.edit_claim(w, c, text="t", when="someday"), "someday"),
    (lambda w, e, v, c: edits.set_stance(w, 10**6, "supports"), "no longer in the case"),
    (lambda w, e, v, c: edits.set_stance(w, 1, "agrees"), "unknown stance"),
    (lambda w, e, v, c: edits.remove_citation(w, 1, "claims"), "no citations in"),
])
def test_bad_edits_are_refused_and_change_nothing(sample_case, call, problem):
    db = sample_case.db
    before = content(db)
    args = (ids(db, "entities", "name", "Meta"), db.execute("SELECT MIN(id) FROM events"
                                                            ).fetchone()[0],
            db.execute("SELECT MIN(id) FROM claims").fetchone()[0])
    with pytest.raises(ValueError, match=problem), write(sample_case, "Bad") as w:
        call(w, *args)
    assert content(db) == before


def test_an_alias_another_entity_goes_by_is_refused(sample_case):
    db = sample_case.db
    amazon = ids(db, "entities", "name", "Amazon")
    before = content(db)
    with pytest.raises(ValueError, match="already names OpenAI"), write(sample_case, "E") as w:
        edits.edit_entity(w, amazon, name="Amazon", kind="company", description=None,
                          aliases=["openai"])
    with pytest.raises(ValueError, match="already called"), write(sample_case, "E") as w:
        edits.edit_entity(w, amazon, name="ANTHROPIC", kind="company", description=None,
                          aliases=[])
    assert content(db) == before


def test_new_words_for_a_computed_date_compute_it_again(sample_case):
    db = sample_case.db
    source = db.execute("SELECT id FROM sources WHERE published IS NOT NULL LIMIT 1"
                        ).fetchone()[0]
    with write(sample_case, "Add") as w:
        event_id = add_event(w, "Anthropic told to cut access", None,
                             date_phrase="less than two weeks ago", date_source=source)
    title, description, status, old_date = db.execute(
        "SELECT title, description, status, date_edtf FROM events WHERE id = ?",
        [event_id]).fetchone()
    assert old_date is not None
    with write(sample_case, "Edit") as w:
        edits.edit_event(w, event_id, title=title, date=old_date, date_phrase="last week",
                         description=description, status=status)
    auto, rule, date = db.execute("SELECT date_auto, date_rule, date_edtf FROM events"
                                  " WHERE id = ?", [event_id]).fetchone()
    assert auto == 1 and rule != "set by hand" and date != old_date
    with write(sample_case, "Edit") as w:
        edits.edit_event(w, event_id, title=title, date=date, date_phrase="",
                         description=description, status=status)
    assert db.execute("SELECT date_auto, date_edtf FROM events WHERE id = ?",
                      [event_id]).fetchone() == (0, date)  # kept, and now the analyst's
