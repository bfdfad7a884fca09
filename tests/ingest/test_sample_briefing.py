"""The sample case's briefing, built from seeds/case.toml: one default, every reference real;
and a description's briefing whose keys name nothing is refused, naming the key."""

from __future__ import annotations

import pytest

from desktop.domain.vocab import CONFIDENCES
from desktop.ingest.case_toml import CaseDescriptionError, stable_uid
from desktop.ingest.sample import build_sample
from desktop.storage import briefings as b
from desktop.storage.export import export_case
from tests.ingest.test_case_description import CLAIM, _folder

TITLE = "Meta and pre-release review of AI models: key judgments"
QUOTE = "Meta is the only major U.S. AI company that has not yet reached an agreement"


def test_the_sample_case_has_one_default_briefing_whose_references_all_resolve(sample_case):
    db = sample_case.db
    (only,) = b.briefings(db)
    assert only.is_default and b.default_briefing(db) == only
    assert b.briefing_by_title(db, TITLE.lower()) == only
    assert only.uid == stable_uid("briefing", "key-judgments")
    assert (only.author, only.date, only.page_size) == ("Casefile sample", "2026-06~", "A4")
    assert only.caveat.startswith("UNCLASSIFIED // FOR TRAINING")
    assert only.sections == tuple(k for k in b.SECTIONS if k != "annotations")
    found = b.references(only.body)
    assert len({uid for kind, uid in found if kind == "claim"}) >= 10
    assert b.dangling_references(db, only.body) == []
    assert "[[claim:meta" not in only.body  # every key became a uid
    # Three to five judgments, each in ICD 203 words with a stated confidence.
    judgments = [p for p in only.body.split("\n\n") if p.strip()]
    assert 3 <= len(judgments) <= 5
    for judgment in judgments:
        assert b.REFERENCE.search(judgment)
        assert any(f"{level} confidence" in judgment.lower() for level in CONFIDENCES)
        assert any(word in judgment for word in ("likely", "almost certainly", "even chance"))
    holdout = db.execute("SELECT uid FROM claims WHERE text LIKE 'Meta is the only major%'"
                         ).fetchone()[0]
    assert f"[[claim:{holdout}]]" in judgments[0]


def test_the_export_carries_the_briefing_with_its_date(sample_case):
    (exported,) = export_case(sample_case.db, "test")["briefings"]
    assert exported["title"] == TITLE and exported["date"] == "2026-06~"
    assert exported["sections"][0] == "key_judgments" and exported["is_default"] == 1


BRIEFING = """
[[briefings]]
key = "kj"
title = "Small briefing"
body = "Meta had not agreed {ref}."
"""


def test_a_description_briefing_gets_uids_for_its_keys(tmp_path):
    seeds = _folder(tmp_path, CLAIM.format(quote=QUOTE, extra="")
                    + BRIEFING.format(ref="[[claim:not-agreed]]"))
    with build_sample(tmp_path / "ok.casefile", seeds) as case:
        (only,) = b.briefings(case.db)
        assert only.is_default and only.body == (
            f"Meta had not agreed [[claim:{stable_uid('claim', 'not-agreed')}]].")


@pytest.mark.parametrize("ref,problem", [
    ("[[claim:nobody]]", "briefing 'kj': refers to unknown claim 'nobody'"),
    ("[[event:not-agreed]]", "refers to unknown event 'not-agreed'"),
    ("[[claim:00000000-0000-4000-8000-000000000000]]", "refers to no claim in the case"),
])
def test_a_briefing_reference_that_names_nothing_is_refused(tmp_path, ref, problem):
    seeds = _folder(tmp_path, CLAIM.format(quote=QUOTE, extra="") + BRIEFING.format(ref=ref))
    with pytest.raises(CaseDescriptionError, match=problem):
        build_sample(tmp_path / "bad.casefile", seeds)
    assert not (tmp_path / "bad.casefile").exists()


def test_a_bad_briefing_field_is_named_with_the_briefing(tmp_path):
    body = BRIEFING.format(ref="") + 'page_size = "A5"\n'
    seeds = _folder(tmp_path, body)
    with pytest.raises(CaseDescriptionError, match="briefing 'kj': unknown page size 'A5'"):
        build_sample(tmp_path / "bad.casefile", seeds)
