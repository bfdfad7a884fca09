import json

import pytest

from desktop.storage import claims, entities
from desktop.storage.casefile import create_case
from desktop.storage.changes import write


@pytest.fixture
def case(tmp_path):
    with create_case(tmp_path / "w.casefile", "W", actor="reviewer-a") as case:
        yield case


def test_an_action_reports_its_rows_and_logs_them(case):
    with write(case, "Add Meta") as w:
        meta = entities.add_entity(w, "company", "Meta", aliases=[("Meta Platforms", None)])
    change = w.change
    assert change.tables == {"entities", "entity_aliases"}
    assert ("entities", meta) in change.rows
    log = list(case.db.table("change_log").rows_where("action = 'Add Meta'", order_by="id"))
    assert [(r["table_name"], r["op"], r["actor"], r["action"]) for r in log] == [
        ("entities", "insert", "reviewer-a", "Add Meta"),
        ("entity_aliases", "insert", "reviewer-a", "Add Meta"),
    ]
    assert json.loads(log[0]["after"])["name"] == "Meta"
    assert len({r["batch"] for r in log}) == 1


def test_creating_a_case_is_logged_too(case):
    rows = case.db.table("change_log").rows_where("action = 'Create case'")
    logged = {r["row_ref"] for r in rows}
    assert logged == {"case_meta:uid", "case_meta:title", "case_meta:created_at"}


def test_a_misspelt_table_is_refused_not_created(case):
    with pytest.raises(ValueError, match="no table 'claim'"):
        with write(case, "Typo") as w:
            w.insert("claim", {"text": "x"})
    assert "claim" not in case.db.table_names()


def test_a_failing_action_leaves_nothing(case):
    logged_before = case.db.table("change_log").count
    with pytest.raises(ValueError, match="unknown rank"):
        with write(case, "Bad claim") as w:
            meta = entities.add_entity(w, "company", "Meta")
            claims.add_claim(w, meta, "Meta agreed.", rank="certain")
    assert case.db.table("entities").count == 0
    assert case.db.table("change_log").count == logged_before


def test_updates_log_before_and_after(case):
    with write(case, "Add") as w:
        meta = entities.add_entity(w, "company", "Meta")
        claim = claims.add_claim(w, meta, "Meta agreed.")
    with write(case, "Deprecate") as w:
        w.update("claims", claim, {"rank": "deprecated", "rank_reason": "copied report"})
    last = list(case.db.table("change_log").rows_where(order_by="id desc", limit=1))[0]
    assert json.loads(last["before"])["rank"] == "normal"
    assert json.loads(last["after"])["rank"] == "deprecated"
    assert w.change.rows == {("claims", claim)}


def test_vocabularies_are_enforced_by_the_schema_too(case):
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        with case.db.atomic():
            case.db.execute(
                "INSERT INTO entities (uid, kind, name, created_at)"
                " VALUES ('u', 'planet', 'x', 'now')"
            )


def test_a_change_names_the_sources_whose_reading_it_touched(case):
    from desktop.domain.anchoring import anchor_quote
    from desktop.storage import excerpts, sources

    with write(case, "Add sources") as w:
        first = sources.add_source(w, title="First")
        second = sources.add_source(w, title="Second")
        text = sources.add_text(w, first, "Meta agreed to the review.", None, "text/plain")
    assert w.change.sources == {first}  # a source's own row is not its reading
    with write(case, "Quote") as w:
        excerpt = excerpts.add_excerpt(w, text, anchor_quote(text.text, "agreed"))
    assert w.change.sources == {first}
    assert w.change.touches_reading_of(first) and not w.change.touches_reading_of(second)
    with write(case, "Mentions") as w:
        meta = entities.add_entity(w, "company", "Meta")
        excerpts.refresh_mentions(w, text, {meta: ["Meta"]})
    assert w.change.sources == {first}
    with write(case, "Drop") as w:
        w.delete("excerpts", excerpt)
    assert w.change.sources == {first}
    with write(case, "Retitle") as w:
        w.update("sources", second, {"title": "Second, retitled"})
    assert w.change.sources == set() and not w.change.touches_reading_of(None)
