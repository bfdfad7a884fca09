"""The comparison table as CSV: cells with their notes, the notes quoting the case's words."""

import csv
import io
import re

import pytest

from desktop.storage.comparison import load_grid
from desktop.storage.comparison_csv import (
    NO_DATA,
    NOTES_HEADER,
    comparison_rows,
    write_comparison_csv,
)

MARK = re.compile(r"\[(\d+)\]")


def _read(text: str) -> tuple[list[list[str]], list[list[str]]]:
    """The table and the notes of a written CSV, split at the blank row."""
    rows = list(csv.reader(io.StringIO(text)))
    blank = rows.index([])
    assert rows[blank + 1] == NOTES_HEADER
    return rows[:blank], rows[blank + 2:]


def test_header_and_meta_row(sample_case):
    rows, _ = comparison_rows(sample_case.db)
    grid = load_grid(sample_case.db, "company")
    labels = [p.label for p in grid.properties if p.id in grid.used_properties()]
    assert rows[0] == ["Company", *labels]
    meta = next(row for row in rows if row[0] == "Meta")
    open_weights = meta[rows[0].index("Open weights?")]
    assert "Yes [" in open_weights and "; No [" in open_weights
    assert "(conflict)" in open_weights and "contradicted by [" in open_weights
    assert NO_DATA in next(row for row in rows if row[0] == "xAI")  # no stance reported


def test_every_note_quotes_the_exact_words_once(sample_case):
    db = sample_case.db
    rows, notes = comparison_rows(db)
    used = [int(n) for row in rows[1:] for text in row[1:] for n in MARK.findall(text)]
    numbers = [note.number for note in notes]
    assert numbers == list(range(1, len(notes) + 1))  # unique, consecutive
    assert set(used) == set(numbers)
    first_use = list(dict.fromkeys(used))
    assert first_use == sorted(first_use)  # numbered in order of first use
    exact = {row[0] for row in db.execute("SELECT exact FROM excerpts")}
    assert all(note.quote in exact for note in notes)
    assert len({(n.source, n.quote, n.page) for n in notes}) == len(notes)
    # The NYT sentence backs "Agreed to CAISI review?" for five companies: one number for all.
    shared = next(n for n in notes if n.quote.startswith("OpenAI, Anthropic, Google, xAI and"))
    assert sum(f"[{shared.number}]" in row[1] for row in rows[1:]) == 5
    assert all(n.date == "about June 2026" and re.fullmatch(r"[A-F][1-6](, [A-F][1-6])*",
                                                             n.grade) for n in notes)
    assert any(", " in n.grade for n in notes)  # one passage, cited with two credibilities


def test_urls_are_read_from_the_sources(sample_case):
    from desktop.storage.changes import write

    nyt_id = sample_case.db.execute(
        "SELECT id FROM sources WHERE publisher = 'The New York Times'").fetchone()[0]
    with write(sample_case, "test: url") as w:
        w.update("sources", nyt_id, {"url": "https://example.com/nyt"})
    _, notes = comparison_rows(sample_case.db)
    nyt = [n for n in notes if n.publisher == "The New York Times"]
    assert nyt and all(n.url == "https://example.com/nyt" for n in nyt)
    assert all(n.url == "" for n in notes if n not in nyt)


def test_chosen_entities_and_properties_in_their_order(sample_case):
    db = sample_case.db
    ids = {name: id_ for id_, name in load_grid(db, "company").entities}
    props = {p.label: p.id for p in load_grid(db, "company").properties}
    rows, notes = comparison_rows(
        db, entity_ids=[ids["xAI"], ids["Meta"]],
        property_ids=[props["Open weights?"], props["Model family"]])
    assert rows[0] == ["Company", "Open weights?", "Model family"]
    assert [row[0] for row in rows[1:]] == ["Meta"]  # xAI has no data in these columns
    assert rows[1][2].startswith("Llama [") and notes
    rows, _ = comparison_rows(db, entity_ids=[ids["xAI"]], property_ids=[props["Model family"]],
                              with_data_only=False)
    assert rows[1] == ["xAI", NO_DATA]


def test_a_kind_without_data_gives_the_header_only(sample_case):
    rows, notes = comparison_rows(sample_case.db, kind="model")
    assert rows[0][0] == "AI model" and len(rows) == 1 and notes == []
    everyone, _ = comparison_rows(sample_case.db, kind="model", with_data_only=False)
    assert len(everyone) > 1 and all(set(row[1:]) == {NO_DATA} for row in everyone[1:])
    out = io.StringIO(newline="")
    assert write_comparison_csv(sample_case.db, out, kind="model") == 0
    table, footnotes = _read(out.getvalue())
    assert table == rows and footnotes == []
    with pytest.raises(ValueError, match="unknown entity kind"):
        comparison_rows(sample_case.db, kind="planet")


def test_written_file_is_utf8_with_bom_and_matches_the_rows(sample_case, tmp_path):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "table.csv"
    assert write_comparison_csv(sample_case.db, out) == 6
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "’".encode() in data
    table, footnotes = _read(data.decode("utf-8-sig"))
    rows, notes = comparison_rows(sample_case.db)
    assert table == rows
    assert [row[0] for row in footnotes] == [f"[{n.number}]" for n in notes]
    assert [row[4] for row in footnotes] == [n.quote for n in notes]
    assert [p.name for p in out.parent.iterdir()] == ["table.csv"]  # no temporary file left


def test_formulas_are_neutralised(sample_case):
    from desktop.storage.changes import write
    from desktop.storage.claims import add_citation, add_claim
    from desktop.storage.entities import add_entity

    db = sample_case.db
    prop = db.execute("SELECT id FROM properties WHERE key = 'review_arrangement'").fetchone()[0]
    excerpt = db.execute("SELECT id, source_id FROM excerpts ORDER BY id").fetchone()
    with write(sample_case, "test: formulas") as w:
        evil = add_entity(w, "company", '=HYPERLINK("http://evil.example","x")')
        claim = add_claim(w, evil, "t", property_id=prop, value="+cmd|' /C calc'!A0")
        add_citation(w, claim, excerpt[0], "supports", credibility=2)
        w.update("sources", excerpt[1], {"title": "@SUM(1+1)", "publisher": "-2+3"})
    out = io.StringIO(newline="")
    write_comparison_csv(db, out)
    table, footnotes = _read(out.getvalue())
    row = next(r for r in table if "HYPERLINK" in r[0])
    assert row[0] == '\'=HYPERLINK("http://evil.example","x")'
    assert row[table[0].index("Review arrangement (as reported)")].startswith("'+cmd|")
    assert NO_DATA in row  # the em dash is no formula: left alone
    note = next(r for r in footnotes if r[1].endswith("@SUM(1+1)"))
    assert note[1] == "'@SUM(1+1)" and note[2] == "'-2+3"
    cells = [text for r in table + footnotes for text in r]
    assert not any(text.startswith(("=", "+", "-", "@", "\t", "\r")) for text in cells)
    rows, _ = comparison_rows(db)  # the rows themselves keep the words as written
    assert any(r[0].startswith("=HYPERLINK") for r in rows)
