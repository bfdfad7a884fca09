"""Annotations in storage: adding, threading, filtering, editing and deleting, all logged."""

from __future__ import annotations

import json

import pytest

from desktop.ingest.case_toml import stable_uid
from desktop.storage import annotations as ann
from desktop.storage.changes import write
from desktop.storage.sources import current_text


def _source(case, key: str) -> int:
    return case.db.execute("SELECT id FROM sources WHERE uid = ?",
                           [stable_uid("source", key)]).fetchone()[0]


def _words(case, source_id: int, quote: str) -> tuple[int, int]:
    text = current_text(case.db, source_id).text
    start = text.index(quote)
    return start, start + len(quote)


@pytest.fixture
def nyt(sample_case):
    return _source(sample_case, "nyt")


def test_annotating_words_makes_or_reuses_their_excerpt(sample_case, nyt):
    start, end = _words(sample_case, nyt, "four people familiar with the confidential request")
    with write(sample_case, "Annotate") as w:
        first = ann.annotate_words(w, nyt, start, end, body="Who *are* they?",
                                   motivation="questioning", tags=[" sourcing ", "sourcing", "nyt"])
        second = ann.annotate_words(w, nyt, start, end, body="Anonymous.")
    one, two = ann.annotation_views(sample_case.db, [first, second])
    assert one.excerpt_id == two.excerpt_id and one.exact.startswith("four people")
    assert (one.start, one.end) == (start, end) and one.anchor_status == "exact"
    assert one.tags == ("sourcing", "nyt") and one.motivation == "questioning"
    assert one.reviewer == sample_case.actor and one.status == "open" and not one.private
    assert one.created == one.modified and one.source_title.startswith("U.S. Presses Meta")
    logged = sample_case.db.execute(
        "SELECT table_name, op FROM change_log WHERE action = 'Annotate' ORDER BY id").fetchall()
    assert logged == [("excerpts", "insert"), ("annotations", "insert"), ("annotations", "insert")]
    text = current_text(sample_case.db, nyt)
    spans = ann.spans_for_source(sample_case.db, nyt, text.text_sha256)
    assert spans == [(first, start, end), (second, start, end)]
    assert ann.spans_for_source(sample_case.db, nyt, "0" * 64) == []


@pytest.mark.parametrize(("given", "message"), [
    ({"motivation": "liking"}, "unknown motivation"),
    ({"status": "closed"}, "unknown status"),
    ({"body": "x" * 100_001}, "at most 100,000"),
    ({"tags": ["t"] * 1 + [f"t{i}" for i in range(50)]}, "at most 50"),
    ({"tags": ["x" * 101]}, "longer than 100"),
    ({"tags": "one string"}, "not one string"),
    ({"created": "yesterday"}, "ISO 8601"),
])
def test_values_outside_the_rules_are_refused(sample_case, nyt, given, message):
    before = sample_case.db.table("annotations").count
    with pytest.raises(ValueError, match=message):
        with write(sample_case, "Bad") as w:
            ann.add_annotation(w, nyt, **given)
    assert sample_case.db.table("annotations").count == before


def test_a_reply_answers_a_note_on_the_same_source_and_inherits_nothing(sample_case, nyt):
    other = _source(sample_case, "tnw")
    start, end = _words(sample_case, nyt, "Ben Kass")
    with write(sample_case, "Thread") as w:
        root = ann.annotate_words(w, nyt, start, end, body="Spokesman.", tags=["people"],
                                  motivation="assessing", private=True,
                                  created="2026-06-10T09:00:00+00:00")
        reply = ann.add_annotation(w, nyt, reply_to=root, body="Confirmed.",
                                   created="2026-06-10T10:00:00+00:00")
        deeper = ann.add_annotation(w, nyt, reply_to=reply, body="Thanks.",
                                    created="2026-06-10T11:00:00+00:00")
        with pytest.raises(ValueError, match="same source"):
            ann.add_annotation(w, other, reply_to=root)
        excerpt = ann.annotation_views(w.db, [root])[0].excerpt_id
        with pytest.raises(ValueError, match="quotes no words"):
            ann.add_annotation(w, nyt, reply_to=root, excerpt_id=excerpt)
    views = ann.thread(sample_case.db, deeper)
    assert [v.id for v in views] == [root, reply, deeper]
    answer = views[1]
    assert answer.reply_to == root and answer.excerpt_id is None and answer.tags == ()
    assert answer.motivation == "commenting" and not answer.private


def test_threads_are_listed_by_their_first_note_and_filtered_by_any_note(sample_case, nyt):
    tnw = _source(sample_case, "tnw")
    with write(sample_case, "Notes") as w:
        a = ann.add_annotation(w, nyt, body="Whole article: 50% speculation",
                               created="2026-06-01T00:00:00+00:00", reviewer="ana")
        b = ann.add_annotation(w, tnw, body="Aggregator copy", tags=["copy"],
                               created="2026-05-01T00:00:00+00:00", reviewer="ben")
        ann.add_annotation(w, nyt, reply_to=a, body="Agreed", tags=["agreed"], reviewer="cy",
                           created="2026-06-02T00:00:00+00:00")
        ann.set_status(w, b, "resolved")
    db = sample_case.db
    assert ann.annotation_ids(db) == [b, a]
    assert ann.annotation_ids(db, reviewer="cy") == [a]
    assert ann.annotation_ids(db, tag="agreed") == [a] and ann.annotation_ids(db, tag="agr") == []
    assert ann.annotation_ids(db, status="resolved") == [b]
    assert ann.annotation_ids(db, source_id=tnw) == [b]
    assert ann.annotation_ids(db, contains="50%") == [a]
    assert ann.annotation_ids(db, contains="0% s") == [a]
    assert ann.annotation_ids(db, contains="_") == []
    assert ann.annotation_ids(db, contains="agg") == [b]
    assert ann.reviewers(db) == ["ana", "ben", "cy"]
    assert ann.tags(db) == ["agreed", "copy"]


def test_updating_changes_what_is_given_and_bumps_modified(sample_case, nyt):
    with write(sample_case, "Add") as w:
        note = ann.add_annotation(w, nyt, body="Draft", tags=["a"],
                                  created="2020-01-01T00:00:00+00:00")
    with write(sample_case, "Edit") as w:
        ann.update_annotation(w, note, body="Final", tags=["b", "c"], motivation="assessing")
    view = ann.annotation_views(sample_case.db, [note])[0]
    assert (view.body, view.tags, view.motivation, view.status) == (
        "Final", ("b", "c"), "assessing", "open")
    assert view.created == "2020-01-01T00:00:00+00:00" and view.modified > view.created
    row = sample_case.db.execute(
        "SELECT before, after FROM change_log WHERE action = 'Edit'").fetchone()
    assert json.loads(row[0])["body"] == "Draft" and json.loads(row[1])["body"] == "Final"
    with pytest.raises(ValueError, match="no annotation"):
        with write(sample_case, "Edit") as w:
            ann.update_annotation(w, 10**9, body="x")


def test_deleting_takes_the_replies_too_each_logged(sample_case, nyt):
    with write(sample_case, "Add") as w:
        root = ann.add_annotation(w, nyt, body="root")
        reply = ann.add_annotation(w, nyt, reply_to=root, body="reply")
        ann.add_annotation(w, nyt, reply_to=reply, body="reply to reply")
        keep = ann.add_annotation(w, nyt, body="another")
    with write(sample_case, "Delete note") as w:
        ann.delete_annotation(w, root)
    assert [r[0] for r in sample_case.db.execute("SELECT id FROM annotations")] == [keep]
    deleted = sample_case.db.execute(
        "SELECT after IS NULL, json_extract(before, '$.body') FROM change_log"
        " WHERE action = 'Delete note' ORDER BY id").fetchall()
    assert deleted == [(1, "reply to reply"), (1, "reply"), (1, "root")]
    assert ann.thread(sample_case.db, root) == []


def test_words_selected_in_an_older_text_are_not_annotated(sample_case):
    db = sample_case.db
    source = db.execute("SELECT MIN(id) FROM sources").fetchone()[0]
    text = current_text(db, source)
    with write(sample_case, "Note") as w:
        ann.annotate_words(w, source, 0, 10, body="ok", text_sha256=text.text_sha256)
    count = db.execute("SELECT COUNT(*) FROM annotations").fetchone()[0]
    with pytest.raises(ValueError, match="newer version"), write(sample_case, "Note") as w:
        ann.annotate_words(w, source, 0, 10, body="late", text_sha256="0" * 64)
    assert db.execute("SELECT COUNT(*) FROM annotations").fetchone()[0] == count
