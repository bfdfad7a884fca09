import random
from dataclasses import replace

import pytest

from desktop.domain import vocab
from desktop.domain.anchoring import Selector, anchor_quote, selector_at
from desktop.domain.reanchor import (
    ANCHOR_STATUSES,
    DEFAULT_THRESHOLD,
    Anchor,
    Cancelled,
    reanchor,
    reanchor_all,
)

ARTICLE = """\
LONDON - The government has asked Northwind AI to submit its most capable models for an \
independent safety review before they are released to the public, officials said on Tuesday.

In a letter seen by reporters, the Department for Science gave the company two weeks to \
comply with the request and to hand over documentation describing how its systems were \
trained. The department said the review would be carried out by the national AI Safety \
Institute, which has examined models from other developers under voluntary agreements.

Northwind, which was founded in 2019 and employs about 400 people, said it had received the \
letter and was "studying it carefully". A spokesperson added that the company had always \
cooperated with regulators and expected to do so again. The firm did not say whether it would \
meet the deadline.

The request follows months of pressure from lawmakers, who argued that voluntary commitments \
were not enough. "We cannot rely on promises made in press releases," said one member of the \
science committee. "If a model can help someone plan an attack, the public deserves to know \
before it is on sale, not after."

Industry groups reacted cautiously. The Tech Alliance, which represents several large \
developers, warned that unclear rules could slow research, but said it supported reviews that \
were "proportionate and predictable". Smaller firms worried that the cost of compliance would \
fall hardest on them.

Officials said the review would focus on dangerous capabilities, including help with \
biological weapons and cyber attacks, and on whether the models could be made to ignore their \
own safeguards. The results would be shared with the company before any decision was taken.

A second letter, sent to two other developers, is expected later this month. The department \
declined to name them but said the process would be the same for every company whose systems \
cross a threshold of computing power used in training.
"""

QUOTE = "gave the company two weeks to comply with the request"
TWICE = "said the review would"  # in the second paragraph and again in the sixth


def _old(quote: str = QUOTE, occurrence: int | None = None, text: str = ARTICLE) -> Selector:
    return anchor_quote(text, quote, occurrence)


def _at(text: str, words: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(words, start + 1)
    return start, start + len(words)


def _swap_paragraphs(text: str, first: int, second: int) -> str:
    paragraphs = text.split("\n\n")
    paragraphs[first], paragraphs[second] = paragraphs[second], paragraphs[first]
    return "\n\n".join(paragraphs)


INSERTED = ARTICLE.replace("LONDON - ", "LONDON (Reuters, updated) - In a sharp escalation, ")
MOVED = _swap_paragraphs(ARTICLE, 1, 5)
# the first occurrence lands just short of where the second one was, so position alone would
# choose it; only the context says the excerpt was the second one
SHIFTED = "x" * (_at(ARTICLE, TWICE, 2)[0] - _at(ARTICLE, TWICE)[0] + 3) + ARTICLE
# and with the right one's context edited too, so no occurrence keeps its context unchanged
RETOLD = SHIFTED.replace("the review would focus", "the review would mainly focus")
WHITESPACE = ARTICLE.replace("two weeks to comply", "two  weeks to\ncomply")
ONE_WORD = ARTICLE.replace("two weeks", "three weeks")
TYPOS = ARTICLE.replace("comply with the request", "complie wiht the request")
REWRITTEN = ARTICLE.replace(QUOTE, "set a deadline of a fortnight for the firm's response")
DELETED = ARTICLE.replace(QUOTE + " and ", "")
SPACED_QUOTE = "gave the company two  weeks to\ncomply with the request"
EDITED_QUOTE = "gave the company three weeks to comply with the request"
TYPO_QUOTE = "gave the company two weeks to complie wiht the request"


@pytest.mark.parametrize(
    ("old", "new_text", "status", "span"),
    [
        (_old(), ARTICLE, "exact", _at(ARTICLE, QUOTE)),
        (_old(), INSERTED, "moved", _at(INSERTED, QUOTE)),
        (_old(), MOVED, "moved", _at(MOVED, QUOTE)),
        (_old(TWICE, 2), SHIFTED, "moved", _at(SHIFTED, TWICE, 2)),
        (_old(TWICE, 2), RETOLD, "moved", _at(RETOLD, TWICE, 2)),
        (_old(), WHITESPACE, "moved", _at(WHITESPACE, SPACED_QUOTE)),
        (_old(), ONE_WORD, "fuzzy", _at(ONE_WORD, EDITED_QUOTE)),
        (_old(), TYPOS, "fuzzy", _at(TYPOS, TYPO_QUOTE)),
        (_old(), REWRITTEN, "orphan", None),
        (_old(), DELETED, "orphan", None),
        (_old("AI", 1), ARTICLE.replace("AI", "Al"), "orphan", None),
    ],
    ids=[
        "unchanged", "words inserted before", "moved to another paragraph",
        "context picks one of two", "context picks one of two edited",
        "whitespace inside changed", "one word edited", "typos", "rewritten", "deleted",
        "short quote gone",
    ],
)
def test_reanchoring_in_a_perturbed_article(old, new_text, status, span):
    anchor = reanchor(new_text, old)
    assert anchor.status == status
    if span is None:
        assert anchor == Anchor("orphan", None, None, 0.0)
    else:
        assert (anchor.start, anchor.end) == span
        assert 0 < anchor.score < 1 if status == "fuzzy" else anchor.score == 1.0
    if status in ("exact", "moved"):
        assert " ".join(new_text[anchor.start : anchor.end].split()) == " ".join(old.exact.split())


def test_old_length_scales_the_expected_position_between_equal_contexts():
    old_text, new_text = "The cat sat. " * 40, "A cat sat. " * 80
    old = selector_at(old_text, 20 * 13 + 4, 20 * 13 + 7)
    starts = [start for start, _ in (_at(new_text, "cat", n) for n in range(1, 81))]

    def nearest(position: int) -> int:
        return min(starts, key=lambda start: abs(start - position))

    scaled = reanchor(new_text, old, old_length=len(old_text))
    assert scaled.start == nearest(old.start * len(new_text) // len(old_text))
    assert reanchor(new_text, old).start == nearest(old.start)
    assert scaled.status == "moved" and scaled.start != nearest(old.start)


def test_article_is_realistic_and_its_quotes_as_the_table_assumes():
    assert 1800 < len(ARTICLE) < 2600 and ARTICLE.count("\n\n") == 6
    assert ARTICLE.count(QUOTE) == 1 and ARTICLE.count(TWICE) == 2
    assert _old(TWICE, 2).suffix.startswith(" focus")


def test_a_line_break_in_the_old_quote_becoming_a_space_is_moved():
    wrapped = ARTICLE.replace("two weeks to comply", "two weeks to\ncomply")
    old = _old("gave the company two weeks to\ncomply", text=wrapped)
    anchor = reanchor(ARTICLE, old)
    assert (anchor.status, anchor.score) == ("moved", 1.0)
    assert ARTICLE[anchor.start : anchor.end] == "gave the company two weeks to comply"


def test_fuzzy_span_covers_an_edited_word_at_the_quote_edge():
    anchor = reanchor(ONE_WORD, _old("the Department for Science gave the company two weeks"))
    assert anchor.status == "fuzzy"
    assert ONE_WORD[anchor.start : anchor.end] == (
        "the Department for Science gave the company three weeks"
    )


def test_fuzzy_prefers_the_candidate_whose_context_and_position_fit():
    decoy = "\n\nThe regulator gave the company four weeks to comply with the request."
    new_text = ONE_WORD + decoy
    anchor = reanchor(new_text, _old(), old_length=len(ARTICLE))
    assert anchor.status == "fuzzy"
    assert (anchor.start, anchor.end) == _at(new_text, EDITED_QUOTE)


def test_threshold_decides_between_fuzzy_and_orphan():
    assert reanchor(ONE_WORD, _old(), threshold=0.99).status == "orphan"
    assert reanchor(REWRITTEN, _old(), threshold=0.2).status == "fuzzy"
    assert 0.6 <= DEFAULT_THRESHOLD <= 0.9


def test_short_quote_edited_in_place_is_fuzzy_but_a_lookalike_elsewhere_is_not():
    old = _old("meet the deadline")
    in_place = ARTICLE.replace("meet the deadline", "meet the dedline")
    anchor = reanchor(in_place, old)
    assert anchor.status == "fuzzy"
    assert in_place[anchor.start : anchor.end] == "meet the dedline"
    elsewhere = ARTICLE.replace(" whether it would meet the deadline", "") + "Meet the headline."
    assert reanchor(elsewhere, old).status == "orphan"


def test_tiny_quotes_are_never_fuzzy_even_with_a_low_threshold():
    tiny = _old("AI", 1)
    assert reanchor(ARTICLE.replace("AI", "A1"), tiny, threshold=0.1).status == "orphan"


def test_astral_characters_before_the_quote_keep_code_point_positions():
    lead = "🙂🙂 𝔸𝔹ℂ update 🚀\n\n"
    moved = reanchor(lead + ARTICLE, _old(), old_length=len(ARTICLE))
    assert (moved.status, moved.start) == ("moved", len(lead) + ARTICLE.index(QUOTE))
    edited = lead + ARTICLE.replace("two weeks", "𝔸𝔸 weeks")
    fuzzy = reanchor(edited, _old(), old_length=len(ARTICLE))
    assert fuzzy.status == "fuzzy"
    assert edited[fuzzy.start : fuzzy.end] == "gave the company 𝔸𝔸 weeks to comply with the request"


@pytest.mark.parametrize(
    ("text", "old"),
    [
        ("", selector_at(ARTICLE, 10, 40)),
        ("short", selector_at(ARTICLE, 10, 400)),
        ("🙂" * 50, selector_at(ARTICLE, 0, 30)),
        (ARTICLE, replace(selector_at(ARTICLE, 0, 30), exact="")),
        (ARTICLE, replace(selector_at(ARTICLE, 0, 30), prefix="", suffix="")),
        ("some text", selector_at("x" * 100, 90, 99)),
        ("   \n\t ", replace(selector_at(ARTICLE, 0, 30), exact="  \n")),
    ],
    ids=[
        "empty text", "quote longer than text", "only emoji", "empty quote",
        "no context", "old positions past the end", "whitespace only",
    ],
)
def test_odd_input_never_raises(text, old):
    for old_length, threshold in [(None, DEFAULT_THRESHOLD), (0, 0.0), (-5, -1.0), (10**9, 2.0)]:
        anchor = reanchor(text, old, old_length=old_length, threshold=threshold)
        assert anchor.status in ANCHOR_STATUSES
        if anchor.status != "orphan":
            assert 0 <= anchor.start < anchor.end <= len(text)
    assert len(reanchor_all(text, [old, old], old_length=len(ARTICLE))) == 2


def test_empty_text_orphans_everything():
    olds = [_old(), _old("Northwind AI")]
    assert reanchor_all("", olds) == [Anchor("orphan", None, None, 0.0)] * 2


def test_statuses_match_the_vocabulary():
    assert set(ANCHOR_STATUSES) == set(vocab.ANCHOR_STATUSES)


def test_reanchor_all_keeps_input_order():
    quotes = ["Northwind AI", QUOTE, "voluntary commitments", "Tech Alliance"]
    olds = [_old(quote) for quote in quotes] + [selector_at("-not present here-", 1, 17)]
    new_text = "Breaking: " + ARTICLE
    anchors = reanchor_all(new_text, olds, old_length=len(ARTICLE))
    assert [anchor.status for anchor in anchors] == ["moved"] * 4 + ["orphan"]
    assert [new_text[anchor.start : anchor.end] for anchor in anchors[:4]] == quotes


def test_reanchor_all_stops_when_cancelled():
    asked = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 3

    with pytest.raises(Cancelled):
        reanchor_all(ARTICLE, [_old()] * 10, cancelled=cancelled)
    assert len(asked) == 4


def test_random_edits_outside_the_quote_keep_it_exact_or_moved():
    rng = random.Random(20240611)
    alphabet = "abcdefghijklmnopqrstuvwxyz    \n\n🙂𝔸,.\""
    for _ in range(400):
        quote_start = rng.randrange(0, len(ARTICLE) - 80)
        old = selector_at(ARTICLE, quote_start, quote_start + rng.randrange(1, 80))
        before, after = ARTICLE[:quote_start], ARTICLE[old.end :]
        for _ in range(rng.randrange(1, 8)):
            before = _random_edit(rng, before, alphabet)
            after = _random_edit(rng, after, alphabet)
        new_text = before + old.exact + after
        anchor = reanchor(new_text, old, old_length=len(ARTICLE))
        assert anchor.status in ("exact", "moved")
        assert new_text[anchor.start : anchor.end] == old.exact
        if new_text.count(old.exact) == 1:
            assert anchor.start == len(before)


def _random_edit(rng: random.Random, text: str, alphabet: str) -> str:
    at = rng.randrange(0, len(text) + 1)
    if rng.random() < 0.5:
        return text[:at] + "".join(rng.choices(alphabet, k=rng.randrange(1, 40))) + text[at:]
    return text[:at] + text[at + rng.randrange(1, 40) :]
