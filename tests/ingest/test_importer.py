"""Importing files into a real case: added, duplicate, updated and re-anchored, refused."""

from __future__ import annotations

import pytest

from desktop.ingest.case_toml import stable_uid
from desktop.ingest.extract import extract
from desktop.ingest.importer import import_document, import_files
from desktop.ingest.sandbox import Extractor
from desktop.storage import anchors, lists
from desktop.storage.details import sources_mentioning
from desktop.storage.integrity import check
from desktop.storage.sources import current_text
from desktop.storage.stats import case_stats

ARTICLE = """<html><head><title>Commerce widens AI review | Example Wire</title>
<meta property="og:site_name" content="Example Wire">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2026-06-12">
<link rel="canonical" href="https://wire.example/ai-review">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/tech">Tech</a></nav>
<article><h1>Commerce widens AI review</h1>
<p>The Commerce Department said on Thursday that Meta had begun talks about submitting its
models for review by the Center for AI Standards and Innovation before release.</p>
<p>Officials said {detail} and that the review would remain voluntary for every company
that signs the agreement.</p>
</article>
<footer>Copyright Example Wire. All rights reserved.</footer>
<script>trackEverything()</script></body></html>"""


def _write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def _import(case, *paths, **kwargs):
    with Extractor() as extractor:
        return list(import_files(case, list(paths), extractor=extractor, **kwargs))


def _abab(case) -> int:
    return lists.id_for_uid(case.db, "source", stable_uid("source", "abab"))


def test_a_page_is_added_with_its_metadata_and_mentions(sample_case, tmp_path):
    page = _write(tmp_path / "wire.html", ARTICLE.format(detail="the talks went well"))
    before = case_stats(sample_case.db)["sources"]
    (result,) = _import(sample_case, page)
    assert result.outcome == "added", result.detail
    row = sample_case.db.execute(
        "SELECT title, publisher, author, published, canonical_url, file_name, added_by"
        " FROM sources WHERE id = ?", [result.source_id]).fetchone()
    assert row == ("Commerce widens AI review", "Example Wire", "Jane Roe", "2026-06-12",
                   "https://wire.example/ai-review", "wire.html", sample_case.actor)
    text = current_text(sample_case.db, result.source_id)
    assert "begun talks" in text.text and "Copyright" not in text.text
    assert "trackEverything" not in text.text and "World" not in text.text
    stored = sample_case.db.execute(
        "SELECT original, original_sha256, media_type FROM source_texts WHERE source_id = ?",
        [result.source_id]).fetchone()
    assert stored[0] == page.read_bytes() and len(stored[1]) == 64 and stored[2] == "text/html"
    meta = lists.id_for_uid(sample_case.db, "entity", stable_uid("entity", "meta"))
    assert result.source_id in sources_mentioning(sample_case.db, meta)
    assert case_stats(sample_case.db)["sources"] == before + 1
    assert check(sample_case.db) == []


def test_the_same_bytes_again_add_nothing(sample_case, tmp_path):
    page = _write(tmp_path / "wire.html", ARTICLE.format(detail="the talks went well"))
    _import(sample_case, page)
    counts = case_stats(sample_case.db)
    copy = tmp_path / "copy of wire.html"
    copy.write_bytes(page.read_bytes())
    (result,) = _import(sample_case, copy)
    assert result.outcome == "duplicate"
    assert "same file as “Commerce widens AI review”" in result.line()
    assert case_stats(sample_case.db) == counts


def test_the_same_text_in_other_bytes_is_a_duplicate(sample_case, tmp_path):
    first = _write(tmp_path / "note.txt", "A note\n\nMeta has not signed.\n")
    second = tmp_path / "note-crlf.txt"
    second.write_bytes(b"A note  \r\n\r\n\r\nMeta has not signed.\r\n")
    (added,) = _import(sample_case, first)
    (again,) = _import(sample_case, second)
    assert added.outcome == "added" and again.outcome == "duplicate"
    assert again.source_id == added.source_id


def test_a_changed_page_at_the_same_url_becomes_a_new_text(sample_case, tmp_path):
    (added,) = _import(sample_case, _write(tmp_path / "v1.html",
                                           ARTICLE.format(detail="the talks went well")))
    (updated,) = _import(sample_case, _write(tmp_path / "v2.html",
                                             ARTICLE.format(detail="a deal was close")))
    assert updated.outcome == "updated" and updated.source_id == added.source_id
    versions = sample_case.db.execute(
        "SELECT version FROM source_texts WHERE source_id = ? ORDER BY version",
        [added.source_id]).fetchall()
    assert versions == [(1,), (2,)]
    assert "a deal was close" in current_text(sample_case.db, added.source_id).text


def _perturbed(text: str) -> tuple[str, dict[str, str]]:
    """The abab article edited as a newer copy would be: a note above, a word changed, a
    sentence gone."""
    edited = "Editor's note: this article was updated to correct a detail.\n\n" + text
    edited = edited.replace("engage highlights its lag", "engage underlines its lag")
    gone = ("The assessment aims to strengthen national security while maintaining a "
            "voluntary nature.")
    assert gone in edited
    edited = edited.replace(gone, "")
    return edited, {
        "moved": "Meta spokesperson Francis Brennan confirmed",
        "fuzzy": "Being the last major company to engage highlights its lag",
        "orphan": "The assessment aims to strengthen national security",
    }


def _status_of(case, source_id: int, starts_with: str) -> tuple[str, float, str]:
    return case.db.execute(
        "SELECT anchor_status, anchor_score, exact FROM excerpts WHERE source_id = ?"
        " AND exact LIKE ? || '%'", [source_id, starts_with]).fetchone()


def test_a_new_version_chosen_by_the_user_reanchors_the_excerpts(sample_case, tmp_path):
    source_id = _abab(sample_case)
    old = current_text(sample_case.db, source_id)
    edited, expect = _perturbed(old.text)
    (result,) = _import(sample_case, _write(tmp_path / "abab-v2.txt", edited),
                        update_source=source_id)
    assert result.outcome == "updated", result.detail
    assert result.anchors["fuzzy"] >= 1 and result.anchors["orphan"] >= 1
    assert result.anchors["moved"] >= 10
    new = current_text(sample_case.db, source_id)
    for status, quote in expect.items():
        found = _status_of(sample_case, source_id, quote)
        assert found[0] == status, (quote, found)
    moved = sample_case.db.execute(
        "SELECT start_pos, end_pos, exact, text_sha256 FROM excerpts WHERE source_id = ?"
        " AND anchor_status IN ('exact', 'moved')", [source_id]).fetchall()
    for start, end, exact, digest in moved:
        assert new.text[start:end] == exact and digest == new.text_sha256
    fuzzy = _status_of(sample_case, source_id, expect["fuzzy"])
    assert 0 < fuzzy[1] < 1 and "highlights" in fuzzy[2]  # the words as quoted, for review
    waiting = anchors.review_ids(sample_case.db, source_id)
    assert len(waiting) == result.anchors["fuzzy"] + result.anchors["orphan"]
    item = anchors.review_item(sample_case.db, waiting[0])
    assert item.source_title.startswith("Trump Administration Pushes Meta")
    assert check(sample_case.db) == []


def test_cancelling_an_update_leaves_the_case_as_it_was(sample_case, tmp_path):
    source_id = _abab(sample_case)
    old = current_text(sample_case.db, source_id)
    edited, _ = _perturbed(old.text)
    counts = case_stats(sample_case.db)
    excerpts_before = sample_case.db.execute("SELECT * FROM excerpts ORDER BY id").fetchall()
    path = _write(tmp_path / "abab-v2.txt", edited)
    doc = extract(path.name, path.read_bytes())
    calls = iter(range(1000))
    result = import_document(sample_case, path, path.read_bytes(), doc,
                             update_source=source_id, cancelled=lambda: next(calls) > 3)
    assert result.outcome == "cancelled"
    assert case_stats(sample_case.db) == counts
    assert sample_case.db.execute("SELECT * FROM excerpts ORDER BY id").fetchall() \
        == excerpts_before
    assert current_text(sample_case.db, source_id).text_sha256 == old.text_sha256
    assert check(sample_case.db) == []


def test_refused_files_are_reported_and_the_others_imported(sample_case, tmp_path):
    good = _write(tmp_path / "good.txt", "Good\n\nWords about Meta and review.\n")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    folder = tmp_path / "folder.md"
    folder.mkdir()
    other = _write(tmp_path / "other.md", "---\ntitle: Other\n---\n\nMore words on CAISI.\n")
    results = _import(sample_case, good, empty, binary, folder, tmp_path / "missing.txt", other)
    assert [r.outcome for r in results] == ["added", "refused", "refused", "refused",
                                            "refused", "added"]
    for result in results[1:5]:
        assert result.detail and str(result.path) in result.line()
    assert results[5].detail == "Other"
    assert check(sample_case.db) == []


@pytest.mark.parametrize("changes", ["none", "whitespace"])
def test_reimporting_the_current_text_is_a_duplicate_of_that_source(sample_case, tmp_path,
                                                                     changes):
    source_id = _abab(sample_case)
    text = current_text(sample_case.db, source_id).text
    if changes == "whitespace":
        text = text.replace("\n", "  \r\n")
    (result,) = _import(sample_case, _write(tmp_path / "again.txt", text),
                        update_source=source_id)
    assert result.outcome == "duplicate" and result.source_id == source_id


def test_a_quote_on_page_three_of_a_pdf_is_cited_as_page_three(sample_case, tmp_path, qapp):
    from desktop.domain.anchoring import anchor_quote
    from desktop.itemmodels.citations import citation_text
    from desktop.storage import claims, excerpts
    from desktop.storage.changes import write
    from desktop.storage.claim_views import claim_view
    from tests.ingest.extract.pdfs import drawn_pdf

    pdf = tmp_path / "hearing.pdf"
    pdf.write_bytes(drawn_pdf([["Hearing record", "Opening remarks by the chair"],
                               ["Testimony of the agency", "Questions from members"],
                               ["Closing remarks", "Meta agreed to a review in July"]],
                              title="Hearing record"))
    (result,) = _import(sample_case, pdf)
    assert result.outcome == "added", result.detail
    text = current_text(sample_case.db, result.source_id)
    assert len(text.pages) == 3
    meta = lists.id_for_uid(sample_case.db, "entity", stable_uid("entity", "meta"))
    with write(sample_case, "Cite") as w:
        excerpt = excerpts.add_excerpt(w, text, anchor_quote(text.text, "agreed to a review"))
        claim = claims.add_claim(w, meta, "Meta agreed to a review.")
        claims.add_citation(w, claim, excerpt, "supports")
    (cite,) = claim_view(sample_case.db, claim).citations
    assert cite.page == 3
    assert "— Hearing record · " in citation_text(cite) and " · p. 3 · " in citation_text(cite)


def test_words_lost_in_one_version_come_back_with_the_next(sample_case, tmp_path):
    source_id = _abab(sample_case)
    original = current_text(sample_case.db, source_id).text
    v1 = _write(tmp_path / "v1.txt", original)
    v2 = _write(tmp_path / "v2.txt", "Only a headline survives.")
    (gone,) = _import(sample_case, v2, update_source=source_id)
    assert gone.anchors.get("orphan", 0) > 0
    (back,) = _import(sample_case, v1, update_source=source_id)
    assert back.outcome == "updated" and back.anchors.get("orphan", 0) == 0
    assert anchors.review_ids(sample_case.db, source_id) == []
    assert check(sample_case.db) == []
    # And going back to a file imported before is a new version, not a duplicate.
    (again,) = _import(sample_case, v2, update_source=source_id)
    assert again.outcome == "updated"


def test_another_article_at_the_same_canonical_url_is_a_new_source(sample_case, tmp_path):
    (first,) = _import(sample_case, _write(tmp_path / "a.html",
                                           ARTICLE.format(detail="the talks went well")))
    other = (
        "<html><head><title>Harbour dredging resumes</title>"
        '<link rel="canonical" href="https://wire.example/ai-review"></head><body><article>'
        "<h1>Harbour dredging resumes</h1><p>Dredging of the northern harbour channel resumed "
        "this week after a winter pause, the port authority said, with barges working through "
        "the night and pilots warned to keep clear of the eastern moorings.</p><p>The work is "
        "due to finish before the summer ferry timetable begins in May.</p></article>"
        "</body></html>")
    (second,) = _import(sample_case, _write(tmp_path / "b.html", other))
    assert second.outcome == "added" and second.source_id != first.source_id


def test_lone_surrogates_from_a_broken_pdf_become_replacement_characters():
    from desktop.domain.text import normalise_document_text

    assert normalise_document_text("Hello \ud800B") == "Hello \ufffdB"


def test_words_chosen_in_an_older_text_are_not_anchored(sample_case, tmp_path):
    from desktop.storage.changes import write

    source_id = _abab(sample_case)
    text = current_text(sample_case.db, source_id).text
    (result,) = _import(sample_case, _write(tmp_path / "v2.txt", "Headline only."),
                        update_source=source_id)
    orphan = anchors.review_item(sample_case.db, anchors.review_ids(sample_case.db)[0])
    shown_in = orphan.text_sha256
    _import(sample_case, _write(tmp_path / "v3.txt", text), update_source=source_id)
    with pytest.raises(ValueError, match="newer text"), write(sample_case, "Re-select") as w:
        anchors.reselect_anchor(w, orphan.excerpt_id, 0, 8, shown_in)
    assert check(sample_case.db) == []
