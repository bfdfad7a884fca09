"""The comparison table read from a real case, rank edits, citing words as a value, and undo."""

from __future__ import annotations

import pytest

from desktop.storage import claims, comparison, sources
from desktop.storage.changes import write
from desktop.storage.cited_values import cite_as_value, normalise_value
from desktop.storage.undo import UndoConflict, reapply, revert

DEVELOPERS = {"Anthropic", "Google", "Meta", "Microsoft", "OpenAI", "xAI"}


def content(db) -> dict[str, list[tuple]]:
    """Every row of every case table but the log: what undo must restore exactly. Mentions
    are derived (found again from names and texts), so their row ids are not compared."""
    names = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'"
        " AND name NOT IN ('change_log', 'sqlite_sequence')")]
    found = {n: sorted(map(tuple, db.execute(f"SELECT * FROM [{n}]"))) for n in names}  # noqa: S608
    found["mentions"] = sorted(row[1:] for row in found["mentions"])
    return found


def ids(db, table: str, column: str, value: str) -> int:
    return db.execute(f"SELECT id FROM {table} WHERE {column} = ?", [value]).fetchone()[0]  # noqa: S608


def amazon_weights_and_words(db) -> tuple[int, int, int, int]:
    """Amazon (no claims yet), the "Open weights?" property, and the first source with the
    position of the word "Meta" in it: the set-up of the citing tests."""
    source = db.execute("SELECT id FROM sources ORDER BY id LIMIT 1").fetchone()[0]
    start = sources.current_text(db, source).text.index("Meta")
    return (ids(db, "entities", "name", "Amazon"), ids(db, "properties", "key", "open_weights"),
            source, start)


def test_the_sample_table_shows_six_developers_with_conflicts_and_a_single_origin(sample_case):
    grid = comparison.load_grid(sample_case.db, "company")
    with_data = {name for eid, name in grid.entities if any(k[0] == eid for k in grid.cells)}
    assert with_data == DEVELOPERS
    assert len(grid.used_properties()) >= 5
    cells = grid.cells.values()
    assert sum(c.conflict for c in cells) >= 2
    assert sum(c.single_origin for c in cells) >= 1
    assert any(c.contradicted for c in cells)
    meta = ids(sample_case.db, "entities", "name", "Meta")
    agreed = ids(sample_case.db, "properties", "key", "agreed_caisi_review")
    assert grid.cell(meta, agreed).values == ("No",)  # the preferred claim's value


def test_cell_evidence_lists_every_claim_shown_first(sample_case):
    db = sample_case.db
    meta = ids(db, "entities", "name", "Meta")
    weights = ids(db, "properties", "key", "open_weights")
    evidence = comparison.cell_evidence(db, meta, weights)
    assert evidence.cell.conflict
    assert [evidence.shown(c) for c in evidence.claims] == [True, True]
    assert all(c.citations for c in evidence.claims)
    assert comparison.cell_evidence(db, 10**6, weights) is None


def test_deprecating_hides_a_value_and_undo_restores_it_exactly(sample_case):
    db = sample_case.db
    meta = ids(db, "entities", "name", "Meta")
    weights = ids(db, "properties", "key", "open_weights")
    before = content(db)
    wrong = comparison.cell_evidence(db, meta, weights).claims[1]
    with write(sample_case, "Deprecate") as w:
        claims.set_rank(w, wrong.id, "deprecated", "an aggregator's misreading")
    batch = w.batch
    cell = comparison.load_grid(db, "company").cell(meta, weights)
    assert not cell.conflict and cell.hidden == 1
    with write(sample_case, "Undo") as w:
        revert(w, batch)
    assert content(db) == before
    with write(sample_case, "Redo") as w:
        reapply(w, batch)
    assert comparison.load_grid(db, "company").cell(meta, weights).hidden == 1


def test_a_deprecation_needs_a_reason(sample_case):
    claim = sample_case.db.execute("SELECT id FROM claims LIMIT 1").fetchone()[0]
    with pytest.raises(ValueError, match="say why"), write(sample_case, "x") as w:
        claims.set_rank(w, claim, "deprecated", "  ")


def test_citing_words_as_a_value_makes_excerpt_claim_and_citation_in_one_undoable_step(
        sample_case):
    db = sample_case.db
    amazon, weights, source, start = amazon_weights_and_words(db)
    before = content(db)
    assert comparison.load_grid(db, "company").cell(amazon, weights) is None
    with write(sample_case, "Cite") as w:
        made = cite_as_value(w, source, start, start + 4, amazon, weights, "no")
    assert made.new_claim
    cell = comparison.load_grid(db, "company").cell(amazon, weights)
    assert cell.values == ("No",) and cell.citations == 1
    # The same words again for the same value: refused, nothing changes.
    with pytest.raises(ValueError, match="already cite"), write(sample_case, "Again") as w:
        cite_as_value(w, source, start, start + 4, amazon, weights, "No")
    # Other words for the same value cite the same claim.
    with write(sample_case, "More") as w:
        more = cite_as_value(w, source, start + 5, start + 9, amazon, weights, "false",
                             stance="contradicts")
    assert more.claim_id == made.claim_id and not more.new_claim
    with write(sample_case, "Undo more") as w:
        revert(w, _batch_of(db, "More"))
    with write(sample_case, "Undo") as w:
        revert(w, _batch_of(db, "Cite"))
    assert content(db) == before


def _batch_of(db, action: str) -> str:
    return db.execute("SELECT batch FROM change_log WHERE action = ? ORDER BY id DESC LIMIT 1",
                      [action]).fetchone()[0]


def test_undo_refuses_to_overwrite_a_later_change(sample_case):
    db = sample_case.db
    claim = db.execute("SELECT id FROM claims WHERE rank = 'normal' LIMIT 1").fetchone()[0]
    with write(sample_case, "Prefer") as w:
        claims.set_rank(w, claim, "preferred")
    with write(sample_case, "Deprecate") as w:
        claims.set_rank(w, claim, "deprecated", "later thought")
    with pytest.raises(UndoConflict, match="changed again"), write(sample_case, "Undo") as w:
        revert(w, _batch_of(db, "Prefer"))
    assert db.execute("SELECT rank FROM claims WHERE id = ?", [claim]).fetchone()[0] == "deprecated"


@pytest.mark.parametrize(("datatype", "given", "stored"), [
    ("bool", "Yes", "true"), ("bool", " no ", "false"), ("number", "1,200", "1200"),
    ("text", "  open   weights ", "open weights"), ("date", "2026-07~", "2026-07~"),
])
def test_values_are_normalised_by_datatype(datatype, given, stored):
    assert normalise_value(datatype, given) == stored


@pytest.mark.parametrize(("datatype", "given", "problem"), [
    ("bool", "perhaps", "not Yes or No"), ("number", "many", "not a number"),
    ("number", "1,5", "not a number"), ("number", "nan", "not a number"),
    ("number", "1_000", "not a number"),
    ("text", "   ", "empty"), ("text", "x" * 501, "longer than"),
    ("date", "July-ish", "not an EDTF date"),
])
def test_bad_values_are_refused(datatype, given, problem):
    with pytest.raises(ValueError, match=problem):
        normalise_value(datatype, given)


def test_undo_never_deletes_what_later_actions_hang_on_it(sample_case):
    db = sample_case.db
    amazon, weights, source, start = amazon_weights_and_words(db)
    with write(sample_case, "Cite") as w:
        made = cite_as_value(w, source, start, start + 4, amazon, weights, "No")
    with write(sample_case, "Another source's words") as w:
        other = db.execute("SELECT id FROM excerpts WHERE id != ? LIMIT 1",
                           [made.excerpt_id]).fetchone()[0]
        claims.add_citation(w, made.claim_id, other, "supports")
    with pytest.raises(UndoConflict, match="refers to"), write(sample_case, "Undo") as w:
        revert(w, _batch_of(db, "Cite"))
    assert db.execute("SELECT COUNT(*) FROM citations WHERE claim_id = ?",
                      [made.claim_id]).fetchone()[0] == 2


def test_undo_sees_a_later_edit_of_a_column_the_action_left_to_its_default(sample_case):
    db = sample_case.db
    amazon, weights, source, start = amazon_weights_and_words(db)
    with write(sample_case, "Cite") as w:
        made = cite_as_value(w, source, start, start + 4, amazon, weights, "No")
    with write(sample_case, "Grade") as w:
        w.update("excerpts", made.excerpt_id, {"credibility": 2})
    with pytest.raises(UndoConflict, match="changed again"), write(sample_case, "Undo") as w:
        revert(w, _batch_of(db, "Cite"))


def test_values_stored_otherwise_than_given_still_undo(sample_case):
    db = sample_case.db
    amazon = ids(db, "entities", "name", "Amazon")
    count = ids(db, "properties", "key", "open_weights")
    before = content(db)
    with write(sample_case, "Typed") as w:
        claims.add_claim(w, amazon, "Amazon has 42.", property_id=count, value=42)  # TEXT column
    with write(sample_case, "Undo") as w:
        revert(w, _batch_of(db, "Typed"))
    assert content(db) == before


def test_contradicting_words_never_create_the_claim_they_deny(sample_case):
    db = sample_case.db
    amazon, weights, source, start = amazon_weights_and_words(db)
    before = content(db)
    with pytest.raises(ValueError, match="only contradict"), write(sample_case, "x") as w:
        cite_as_value(w, source, start, start + 4, amazon, weights, "Yes", stance="contradicts")
    with pytest.raises(ValueError, match="newer version"), write(sample_case, "x") as w:
        cite_as_value(w, source, start, start + 4, amazon, weights, "Yes", text_sha256="0" * 64)
    assert content(db) == before


def test_a_damaged_value_is_read_as_text(sample_case):
    db = sample_case.db
    db.execute("UPDATE claims SET value = X'00ff' WHERE id = (SELECT MIN(id) FROM claims"
               " WHERE property_id IS NOT NULL AND value IS NOT NULL)")
    grid = comparison.load_grid(db, "company")
    assert all(isinstance(v, str) for c in grid.cells.values() for v in c.values)
