"""The benchmark case generator: deterministic, scaled as documented, and a sound case."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop.storage.casefile import open_case
from desktop.storage.integrity import check
from tests.perf.synthetic import FULL_SCALE, generate, scaled_counts

SCALE = 0.0004  # 20 sources, 400 excerpts, 80 claims, 40 events, 2 entities
COMPARED = ("sources", "source_texts", "excerpts", "entities", "claims", "citations", "events",
            "event_citations")


def _digest(path: Path, table: str) -> str:
    with open_case(path) as case:
        rows = case.db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()  # noqa: S608
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.fixture(scope="module")
def twins(tmp_path_factory) -> tuple[Path, Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("synthetic")
    first, second = folder / "a.casefile", folder / "b.casefile"
    counts = generate(first, SCALE, seed=7)
    assert generate(second, SCALE, seed=7) == counts
    return first, second, counts


def test_same_seed_gives_same_rows(twins):
    first, second, _ = twins
    for table in COMPARED:
        assert _digest(first, table) == _digest(second, table), table


def test_another_seed_gives_other_rows(twins, tmp_path):
    other = tmp_path / "c.casefile"
    generate(other, SCALE, seed=8)
    assert _digest(other, "excerpts") != _digest(twins[0], "excerpts")


def test_counts_scale_as_documented(twins):
    first, _, counts = twins
    assert scaled_counts(0.001) == {
        "sources": 50, "excerpts": 1000, "claims": 200, "events": 100, "entities": 5,
    }
    assert scaled_counts(1e-9) == dict.fromkeys(FULL_SCALE, 1)
    expected = scaled_counts(SCALE)
    with open_case(first) as case:
        for table, n in expected.items():
            assert counts[table] == n
            assert case.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == n  # noqa: S608
        texts = case.db.execute("SELECT count(*) FROM source_texts").fetchone()[0]
        assert texts == expected["sources"]
        assert counts["citations"] >= expected["claims"]
        assert counts["event_citations"] >= expected["events"]


def test_generated_case_is_sound(twins):
    with open_case(twins[0]) as case:
        assert check(case.db) == []
        # Every table the app reads has rows, and the FTS triggers indexed them.
        for table in ("entity_aliases", "properties", "event_entities"):
            assert case.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0  # noqa: S608
        hits = case.db.execute(
            "SELECT count(*) FROM excerpts_fts WHERE excerpts_fts MATCH 'the'"
        ).fetchone()[0]
        assert hits > 0
