"""Events on the timeline: stored bounds, phrases resolved against a publication date and
resolved again when it is corrected, the timeline's filters, disputed dates."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from desktop.ingest.case_toml import stable_uid
from desktop.storage import events, lists, schema, sources, timeline
from desktop.storage.casefile import create_case, open_case
from desktop.storage.changes import write


@pytest.fixture
def case(tmp_path):
    with create_case(tmp_path / "t.casefile", "T") as case:
        yield case


def test_an_event_keeps_strict_and_filter_bounds(case):
    with write(case, "Add") as w:
        event = events.add_event(w, "Deadline", "2026-07~")
    row = case.db.table("events").get(event)
    assert (row["date_lower"], row["date_upper"]) == ("2026-07-01", "2026-07-31")
    assert (row["date_earliest"], row["date_latest"]) == ("2026-06-16", "2026-08-15")
    assert row["date_auto"] == 0


def test_a_phrase_is_resolved_against_its_source_and_again_when_the_date_is_corrected(case):
    with write(case, "Add") as w:
        nyt = sources.add_source(w, title="Report", published="2026-06-20")
        cut = events.add_event(w, "Access cut", None, date_phrase="less than two weeks ago",
                               date_source=nyt)
        vague = events.add_event(w, "Talks", None, date_phrase="for several months",
                                 date_source=nyt)
    row = case.db.table("events").get(cut)
    assert (row["date_edtf"], row["date_anchor"], row["date_auto"]) == (
        "2026-06-06/2026-06-20", "2026-06-20", 1)
    assert row["date_rule"].startswith("less-than-ago")
    unresolved = case.db.table("events").get(vague)
    assert unresolved["date_edtf"] is None and unresolved["date_rule"] == events.UNRESOLVED
    with write(case, "Correct the date") as w:
        assert sources.set_published(w, nyt, "2026-06-27", "corrected from the print edition") == 2
    row = case.db.table("events").get(cut)
    assert (row["date_edtf"], row["date_anchor"]) == ("2026-06-13/2026-06-27", "2026-06-27")
    assert "events" in w.change.tables  # the timeline hears of it


def test_a_hand_set_date_is_not_resolved_again(case):
    with write(case, "Add") as w:
        nyt = sources.add_source(w, title="Report", published="2026-06-20")
        fixed = events.add_event(w, "Signed", "2026-06-02", date_phrase="June 2",
                                 date_source=nyt)
    with write(case, "Correct") as w:
        sources.set_published(w, nyt, "2027-06-20")
    assert case.db.table("events").get(fixed)["date_edtf"] == "2026-06-02"


def test_the_sample_cases_deadline_is_disputed_with_each_date_and_its_source(sample_case):
    db = sample_case.db
    found = {e.title: e for e in timeline.timeline_events(db)}
    deadline = found["Deadline for the government's model-review process under EO 14409"]
    assert deadline.disputed
    assert {g.edtf for g in deadline.given} == {"2026-07-31~", "2026-08-01", "2026-08~"}
    titles = timeline.source_titles(db)
    given_by = {titles[g.source_id][:20] for g in deadline.given if g.edtf == "2026-08-01"}
    assert len(given_by) == 1
    assert not found["Trump signs Executive Order 14409"].disputed


def test_filters_by_entity_source_range_and_status(sample_case):
    db = sample_case.db
    everything = timeline.timeline_events(db)
    anthropic = lists.id_for_uid(db, "entity", stable_uid("entity", "anthropic"))
    about = timeline.timeline_events(db, timeline.TimelineFilter(entity_id=anthropic))
    assert about and all(anthropic in e.entities for e in about)
    assert len(about) < len(everything)
    nyt = lists.id_for_uid(db, "source", stable_uid("source", "nyt"))
    cited = timeline.timeline_events(db, timeline.TimelineFilter(source_id=nyt))
    assert cited and all(nyt in e.sources for e in cited)
    june = timeline.timeline_events(db, timeline.TimelineFilter(start="2026-06-01",
                                                                end="2026-06-30"))
    titles = {e.title for e in june}
    assert "Trump signs Executive Order 14409" in titles
    assert "AI Safety Institute reorganised as CAISI" not in titles  # June 2025
    # "about July" may reach into late June: the filter bounds include it.
    assert any(e.edtf == "2026-07-31~" for e in timeline.timeline_events(
        db, timeline.TimelineFilter(start="2026-08-02", end="2026-08-03")))
    disputed = timeline.timeline_events(db, timeline.TimelineFilter(status="disputed"))
    assert [e.status for e in disputed] == ["disputed"] * len(disputed) and disputed


def test_opening_an_older_case_fills_the_new_bounds(tmp_path):
    # A file written before migration 0003, with an event in it.
    path = tmp_path / "old.casefile"
    db = Database(path)
    db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    schema.migrations.apply(db, stop_before="0003_event_dates")
    db.execute("PRAGMA user_version = 2")
    db.execute("INSERT INTO events (uid, title, date_edtf, date_lower, date_upper, status,"
               " created_at) VALUES ('e1', 'Release', '2026-04~', '2026-04-01', '2026-04-30',"
               " 'draft', '2026-06-01')")
    db.conn.commit()
    db.close()
    with open_case(path) as case:
        row = case.db.execute(
            "SELECT date_earliest, date_latest FROM events WHERE uid = 'e1'").fetchone()
        assert row == ("2026-03-17", "2026-05-15")
