"""The TOML case builder on small hand-written descriptions: errors name the file and quote."""

import shutil
from pathlib import Path

import pytest

from desktop.ingest.case_toml import CaseDescriptionError
from desktop.ingest.sample import build_sample
from tests.conftest import SEEDS

ARTICLE = "000_510b11d69cf56b7e.txt"

BASE = f"""
[case]
title = "Small"

[[sources]]
key = "abab"
file = "{ARTICLE}"
title = "Flash"
published = "2026-06-1X"
reliability = "C"

[[entities]]
key = "meta"
kind = "company"
name = "Meta"

[[properties]]
key = "agreed"
label = "Agreed?"
datatype = "bool"
"""

CLAIM = """
[[claims]]
key = "not-agreed"
subject = "meta"
property = "agreed"
value = false
text = "Meta had not agreed."
[[claims.cite]]
source = "abab"
quote = {quote!r}
{extra}
"""


def _folder(tmp_path: Path, body: str) -> Path:
    shutil.copyfile(SEEDS / ARTICLE, tmp_path / ARTICLE)
    (tmp_path / "case.toml").write_text(BASE + body, encoding="utf-8")
    return tmp_path


def test_a_valid_description_builds(tmp_path):
    quote = "Meta is the only major U.S. AI company that has not yet reached an agreement"
    seeds = _folder(tmp_path, CLAIM.format(quote=quote, extra=""))
    with build_sample(tmp_path / "ok.casefile", seeds) as case:
        assert case.db.table("claims").count == 1
        assert case.db.execute("SELECT value FROM claims").fetchone()[0] == "false"


@pytest.mark.parametrize(
    "quote,extra,problem",
    [
        ("Meta said nothing of the sort", "", "not found"),
        ("Meta", "", "found 6 times"),
        ("Meta", "occurrence = 9", "occurrence 9 asked"),
    ],
)
def test_a_bad_quote_names_file_claim_and_quote_and_leaves_no_case(
    tmp_path, quote, extra, problem
):
    seeds = _folder(tmp_path, CLAIM.format(quote=quote, extra=extra))
    target = tmp_path / "bad.casefile"
    with pytest.raises(CaseDescriptionError) as raised:
        build_sample(target, seeds)
    message = str(raised.value)
    assert str(seeds / "case.toml") in message
    assert "claim 'not-agreed'" in message and repr(quote) in message and ARTICLE in message
    assert problem in message
    assert not target.exists()


@pytest.mark.parametrize(
    "body,problem",
    [
        ('[[claims]]\nkey = "x"\nsubject = "nobody"\ntext = "t"\n', "unknown entity 'nobody'"),
        ('[[claims]]\nkey = "x"\nsubject = "meta"\ntext = "t"\n', "cites no excerpt"),
        ('[[events]]\nkey = "e"\ntitle = "t"\ndate = "June 2"\n', "not an EDTF date"),
        ('[[entities]]\nkey = "m"\nkind = "planet"\nname = "Mars"\n', "unknown entity kind"),
        ("this is = = not toml", "not valid TOML"),
    ],
)
def test_other_description_errors_are_named(tmp_path, body, problem):
    seeds = _folder(tmp_path, body)
    with pytest.raises(CaseDescriptionError, match=problem):
        build_sample(tmp_path / "bad.casefile", seeds)
    assert not (tmp_path / "bad.casefile").exists()


def test_a_decomposed_accent_in_a_quote_still_anchors(tmp_path):
    import unicodedata

    seeds = _folder(tmp_path, "")
    article = seeds / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nThe café opened.\n", "utf-8")
    quote = unicodedata.normalize("NFD", "The café opened.")
    (seeds / "case.toml").write_text(BASE + CLAIM.format(quote=quote, extra=""), "utf-8")
    with build_sample(tmp_path / "nfc.casefile", seeds) as case:
        assert case.db.execute("SELECT exact FROM excerpts").fetchone()[0] == "The café opened."


def test_a_key_used_twice_is_named(tmp_path):
    twice = '[[entities]]\nkey = "meta"\nkind = "company"\nname = "Meta again"\n'
    seeds = _folder(tmp_path, twice)
    with pytest.raises(CaseDescriptionError, match="entity 'meta': the key is used twice"):
        build_sample(tmp_path / "bad.casefile", seeds)
