"""Briefings through the write path: checked, written only where they differ, one default per
case, undone and redone exactly; references to claims or events no longer in the case found."""

from __future__ import annotations

import json

import pytest

from desktop.domain.dates import DateError
from desktop.storage import briefings as b
from desktop.storage.casefile import create_case
from desktop.storage.changes import write
from desktop.storage.undo import reapply, revert, undoable
from tests.storage.test_comparison_store import content


def _log_size(db) -> int:
    return db.execute("SELECT COUNT(*) FROM change_log").fetchone()[0]


def _defaults(db) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM briefings WHERE is_default ORDER BY id")]


def _undo_redo_exact(case, action: str, fn, *args, **kwargs):
    """Do, undo, redo: undo restores every row; redo gives back what the action wrote."""
    db = case.db
    before = content(db)
    with write(case, action) as w:
        result = fn(w, *args, **kwargs)
    assert undoable(w.change.tables)
    after = content(db)
    assert after != before
    with write(case, "Undo") as u:
        revert(u, w.batch)
    assert content(db) == before
    with write(case, "Redo") as r:
        reapply(r, w.batch)
    assert content(db) == after
    return result


@pytest.fixture
def empty_case(tmp_path):
    case = create_case(tmp_path / "empty.casefile", "Empty")
    yield case
    case.close()


def test_the_first_briefing_becomes_default_and_later_ones_only_when_asked(empty_case):
    db = empty_case.db
    assert b.default_briefing(db) is None
    with write(empty_case, "Add briefing") as w:
        first = b.add_briefing(w, "First", is_default=False)
        second = b.add_briefing(w, "Second")
    assert _defaults(db) == [first]
    stored = b.briefing(db, second)
    assert stored.sections == b.DEFAULT_SECTIONS and stored.page_size == "A4"
    assert stored.body == "" and stored.date is None and stored.created == stored.modified
    assert b.default_briefing(db).id == first


def test_adding_a_default_briefing_takes_the_mark_and_undoes_exactly(sample_case):
    db = sample_case.db
    (old,) = _defaults(db)
    new = _undo_redo_exact(
        sample_case, "Add briefing", b.add_briefing, "  Weekly\n update  ",
        subtitle="For\tthe desk\x07", author="An analyst", date=" 2026-07~ ",
        caveat="UNCLASSIFIED", body="Meta *holds out*.\n\nSecond paragraph.",
        sections=["sources", "key_judgments", "sources"], page_size="Letter", is_default=True)
    assert _defaults(db) == [new] and new != old
    stored = b.briefing(db, new)
    assert (stored.title, stored.subtitle, stored.date) == ("Weekly update", "For the desk",
                                                            "2026-07~")
    assert stored.body == "Meta *holds out*.\n\nSecond paragraph."  # Markdown kept as written
    assert stored.sections == ("key_judgments", "sources")
    assert json.loads(db.execute("SELECT sections FROM briefings WHERE id = ?",
                                 [new]).fetchone()[0]) == ["key_judgments", "sources"]
    assert b.briefings(db)[0].id == new  # the default lists first


def test_an_update_writes_only_what_differs_stamped_and_undoes_exactly(sample_case):
    db = sample_case.db
    sample = b.default_briefing(db)
    logged = _log_size(db)
    with write(sample_case, "Edit briefing") as w:
        b.update_briefing(w, sample.id, title=f" {sample.title} ", body=sample.body,
                          sections=list(reversed(sample.sections)), page_size="A4")
    assert _log_size(db) == logged  # nothing differed: no write, no undo step
    assert b.briefing(db, sample.id) == sample

    _undo_redo_exact(sample_case, "Edit briefing", b.update_briefing, sample.id,
                     subtitle=None, date="2026-07", sections=["timeline"])
    edited = b.briefing(db, sample.id)
    assert (edited.subtitle, edited.date, edited.sections) == (None, "2026-07", ("timeline",))
    assert (edited.title, edited.body, edited.caveat) == (sample.title, sample.body,
                                                          sample.caveat)
    assert edited.modified >= sample.modified and edited.created == sample.created
    (entry,) = db.execute("SELECT before, after FROM change_log WHERE action = 'Edit briefing'"
                          " AND op = 'update' ORDER BY id LIMIT 1").fetchall()
    before, after = json.loads(entry[0]), json.loads(entry[1])
    assert after["modified"] >= before["modified"] and after["date"] == "2026-07"


def test_set_default_moves_the_mark_each_step_logged_and_undone_exactly(sample_case):
    db = sample_case.db
    (old,) = _defaults(db)
    with write(sample_case, "Add briefing") as w:
        other = b.add_briefing(w, "Other")
    assert _defaults(db) == [old]
    modified = b.briefing(db, old).modified
    _undo_redo_exact(sample_case, "Make default", b.set_default, other)
    assert _defaults(db) == [other]
    assert b.briefing(db, old).modified == modified  # the mark is not an edit of its contents
    ops = db.execute("SELECT COUNT(*) FROM change_log WHERE action = 'Make default'"
                     " AND op = 'update'").fetchone()[0]
    assert ops == 2  # taken from the old, given to the new

    logged = _log_size(db)
    with write(sample_case, "Make default") as w:
        b.set_default(w, other)  # already the default: nothing to do
    assert _log_size(db) == logged
    with write(sample_case, "Edit briefing") as w:
        b.update_briefing(w, old, is_default=True)
    assert _defaults(db) == [old]


def test_deleting_the_default_passes_the_mark_on_and_undoes_exactly(sample_case):
    db = sample_case.db
    (old,) = _defaults(db)
    with write(sample_case, "Add briefing") as w:
        later = b.add_briefing(w, "Later")
        b.add_briefing(w, "Latest")
    _undo_redo_exact(sample_case, "Delete briefing", b.delete_briefing, old)
    assert b.briefing(db, old) is None and _defaults(db) == [later]
    _undo_redo_exact(sample_case, "Delete briefing", b.delete_briefing, later + 1)
    assert _defaults(db) == [later]  # not the default: the mark stays where it is


def _add(w, **given):
    return b.add_briefing(w, given.pop("title", "A briefing"), **given)


@pytest.mark.parametrize("fn,given,problem,error", [
    (_add, {"title": " \n\t "}, "the title is empty", ValueError),
    (_add, {"title": "x" * 501}, "the title is longer than 500", ValueError),
    (_add, {"subtitle": "y" * 501}, "the subtitle is longer than 500", ValueError),
    (_add, {"author": 7}, "the author must be text", ValueError),
    (_add, {"caveat": "z " * 300}, "the caveat is longer than 500", ValueError),
    (_add, {"body": "b" * 1_000_001}, "the body is longer than 1,000,000", ValueError),
    (_add, {"date": "June 2026"}, "the date 'June 2026' is not an EDTF date", DateError),
    (_add, {"sections": ["timeline", "appendix"]}, "unknown section 'appendix'", ValueError),
    (_add, {"sections": "timeline"}, "not one string", ValueError),
    (_add, {"page_size": "A5"}, "unknown page size 'A5'", ValueError),
    (_add, {"is_default": True, "page_size": "Legal"}, "unknown page size", ValueError),
    (b.update_briefing, {"title": "New", "date": "2026-13"}, "the date", DateError),
    (b.update_briefing, {"title": ""}, "the title is empty", ValueError),
    (b.update_briefing, {"colour": "red"}, "no field 'colour'", ValueError),
    (b.update_briefing, {"uid": "x"}, "no field 'uid'", ValueError),
    (b.update_briefing, {"is_default": False}, "stays the default", ValueError),
])
def test_refusals_name_the_field_and_change_nothing(sample_case, fn, given, problem, error):
    db = sample_case.db
    target = b.default_briefing(db).id
    before, logged = content(db), _log_size(db)
    with write(sample_case, "Try") as w:  # caught inside: nothing may have been written first
        with pytest.raises(error, match=problem):
            fn(w, **given) if fn is _add else fn(w, target, **given)
    assert content(db) == before and _log_size(db) == logged


def test_missing_briefings_and_taken_uids_are_refused(sample_case):
    db = sample_case.db
    taken = b.default_briefing(db).uid
    before = content(db)
    with write(sample_case, "Try") as w:
        for call in (lambda: b.update_briefing(w, 999, title="x"),
                     lambda: b.delete_briefing(w, 999), lambda: b.set_default(w, 999)):
            with pytest.raises(ValueError, match="no longer in the case"):
                call()
        with pytest.raises(ValueError, match="already in the case"):
            b.add_briefing(w, "Twin", uid=taken)
    assert content(db) == before


def test_dangling_references_name_claims_and_events_gone_from_the_case(sample_case):
    db = sample_case.db
    claim, event = (db.execute(f"SELECT uid FROM {t} ORDER BY id LIMIT 1").fetchone()[0]  # noqa: S608
                    for t in ("claims", "events"))
    gone_claim, gone_event = (f"00000000-0000-4000-8000-00000000000{n}" for n in (1, 2))
    body = (f"Kept [[claim:{claim.upper()}]] and [[event:{event}]]; gone [[event:{gone_event}]],"
            f" [[claim:{gone_claim}]] and again [[claim:{gone_claim}]]. [[claim:{event}]]")
    assert b.dangling_references(db, body) == [("event", gone_event), ("claim", gone_claim),
                                               ("claim", event)]  # an event's uid is no claim
    assert b.dangling_references(db, "No references at all.") == []
    claim_id = db.execute("SELECT id FROM claims WHERE uid = ?", [claim]).fetchone()[0]
    with write(sample_case, "Delete claim") as w:
        for (citation,) in db.execute("SELECT id FROM citations WHERE claim_id = ?",
                                      [claim_id]).fetchall():
            w.delete("citations", citation)
        w.delete("claims", claim_id)
    assert b.dangling_references(db, body)[0] == ("claim", claim)


def test_a_uid_stored_in_mixed_case_is_found_however_it_is_typed(sample_case):
    db = sample_case.db
    claim_id, uid = db.execute("SELECT id, uid FROM claims ORDER BY id LIMIT 1").fetchone()
    mixed = uid[:8].upper() + uid[8:]
    with write(sample_case, "Mixed-case uid") as w:
        w.update("claims", claim_id, {"uid": mixed})
    for typed in (uid, uid.upper(), mixed):
        assert b.referenced_ids(db, "claim", [typed]) == {uid: claim_id}
        assert b.dangling_references(db, f"[[claim:{typed}]]") == []


def test_briefing_by_title_prefers_the_exact_title(sample_case):
    db = sample_case.db
    sample = b.default_briefing(db)
    with write(sample_case, "Add briefing") as w:
        shout = b.add_briefing(w, sample.title.upper())
    assert b.briefing_by_title(db, sample.title).id == sample.id
    assert b.briefing_by_title(db, sample.title.upper()).id == shout
    assert b.briefing_by_title(db, sample.title.lower()).id == sample.id  # the first made
    assert b.briefing_by_title(db, "No such briefing") is None
