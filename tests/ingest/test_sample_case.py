"""The sample case built from the seed articles: counts, anchoring, conflicts, grades, lineage."""

import json
from collections import Counter
from pathlib import Path

import pytest

from desktop.domain.dates import parse_edtf
from desktop.ingest.sample import build_sample
from desktop.storage.stats import case_stats
from tests.conftest import ROOT, SEEDS

DEVELOPERS = ("Meta", "OpenAI", "Google", "Anthropic", "xAI", "Microsoft")
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def test_seed_articles_are_byte_for_byte_copies():
    if not SHARED_SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this clone")
    originals = sorted(SHARED_SEEDS.glob("*.txt"))
    assert len(originals) == 5
    for original in originals:
        assert (SEEDS / original.name).read_bytes() == original.read_bytes()


def test_counts_meet_the_brief(sample_case):
    stats = case_stats(sample_case.db)
    kinds = stats["entities"]
    assert stats["sources"] == 5
    assert kinds["company"] >= 7 and kinds["agency"] >= 6 and kinds["person"] >= 6
    assert kinds["model"] >= 5 and kinds["document"] >= 1
    assert stats["claims"] >= 40
    assert stats["events"] >= 12


def test_named_entities_are_present(sample_case):
    names = {r[0] for r in sample_case.db.execute("SELECT name FROM entities")}
    aliases = {r[0] for r in sample_case.db.execute("SELECT alias FROM entity_aliases")}
    everything = names | aliases
    for name in (*DEVELOPERS, "Amazon", "CAISI", "Muse Spark", "Llama", "NSA", "CISA"):
        assert name in everything, name
    assert any("14409" in n for n in everything)
    former = sample_case.db.execute(
        "SELECT alias FROM entity_aliases WHERE note LIKE '%former%'"
    ).fetchall()
    assert former, "CAISI's former name is recorded as an alias"


def test_every_claim_and_event_quotes_words_that_are_there(sample_case):
    db = sample_case.db
    assert db.execute(
        "SELECT COUNT(*) FROM claims c WHERE NOT EXISTS"
        " (SELECT 1 FROM citations t WHERE t.claim_id = c.id)"
    ).fetchone()[0] == 0
    assert db.execute(
        "SELECT COUNT(*) FROM events e WHERE NOT EXISTS"
        " (SELECT 1 FROM event_citations t WHERE t.event_id = e.id)"
    ).fetchone()[0] == 0
    rows = db.execute(
        "SELECT x.start_pos, x.end_pos, x.exact, t.text FROM excerpts x"
        " JOIN source_texts t ON t.source_id = x.source_id AND t.text_sha256 = x.text_sha256"
    ).fetchall()
    assert len(rows) == db.table("excerpts").count > 40
    for start, end, exact, text in rows:
        assert text[start:end] == exact


def test_contradictions_are_recorded(sample_case):
    conflicts = case_stats(sample_case.db)["conflicts"]
    assert conflicts["cells"] + conflicts["contradicted_claims"] >= 4
    assert conflicts["cells"] >= 1 and conflicts["contradicted_claims"] >= 1


def test_comparison_properties_are_filled_for_the_six_developers(sample_case):
    filled = Counter(
        key for key, in sample_case.db.execute(
            "SELECT DISTINCT p.key || '|' || e.name FROM claims c"
            " JOIN properties p ON p.id = c.property_id JOIN entities e ON e.id = c.subject_id"
            " WHERE e.name IN (SELECT value FROM json_each(?))",
            [json.dumps(DEVELOPERS)],
        )
    )
    per_property = Counter(k.split("|")[0] for k in filled)
    assert len(per_property) >= 5
    assert sum(per_property.values()) >= 5 * 3  # most cells backed by a cited claim


def test_sources_are_graded_with_reasons_and_dated_uncertainly(sample_case):
    for grade, note, published in sample_case.db.execute(
        "SELECT reliability, reliability_note, published FROM sources"
    ):
        assert grade in "ABCDEF" and note
        bounds = parse_edtf(published)
        assert bounds.lower != bounds.upper or bounds.uncertain or bounds.approximate
    grades = dict(sample_case.db.execute("SELECT file_name, reliability FROM sources"))
    assert grades["004_4f01c0ae59b3ebaf.txt"] > grades["003_77278259ba860cdd.txt"]  # worse


def test_reworks_of_the_new_york_times_report_point_to_it(sample_case):
    reworked = sample_case.db.execute(
        "SELECT s.file_name FROM source_lineage l JOIN sources s ON s.id = l.source_id"
        " JOIN sources p ON p.id = l.parent_id"
        " WHERE p.file_name = '003_77278259ba860cdd.txt'"
    ).fetchall()
    assert ("001_32a25d48e894e653.txt",) in reworked


def test_events_are_honest_about_uncertain_dates(sample_case):
    dates = [r[0] for r in sample_case.db.execute("SELECT date_edtf FROM events")]
    assert any(d and ("~" in d or "?" in d or "X" in d or "/" in d) for d in dates)
    assert sample_case.db.execute(
        "SELECT COUNT(*) FROM events WHERE date_phrase IS NOT NULL"
    ).fetchone()[0] >= 6


def test_mentions_are_computed(sample_case):
    assert sample_case.db.table("mentions").count > 50


def test_uids_are_stable_across_builds(built_sample, tmp_path: Path):
    with build_sample(tmp_path / "again.casefile") as again:
        second = {r[0] for r in again.db.execute("SELECT uid FROM claims")}
    from desktop.storage.casefile import open_case

    with open_case(built_sample) as first:
        assert {r[0] for r in first.db.execute("SELECT uid FROM claims")} == second
