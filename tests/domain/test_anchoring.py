import pytest

from desktop.domain.anchoring import CONTEXT_CHARS, AnchorError, anchor_quote, matches, occurrences

TEXT = "Meta said yes. Later, Meta said no. Meta's 🙂 reply: \"maybe\"."


def test_unique_quote_gets_positions_and_context():
    selector = anchor_quote(TEXT, "Later, Meta said no")
    assert TEXT[selector.start : selector.end] == "Later, Meta said no"
    assert selector.prefix == TEXT[: selector.start][-CONTEXT_CHARS:]
    assert selector.suffix == TEXT[selector.end :][:CONTEXT_CHARS]


def test_ambiguous_quote_is_refused_unless_an_occurrence_is_given():
    with pytest.raises(AnchorError, match="3 times"):
        anchor_quote(TEXT, "Meta")
    assert anchor_quote(TEXT, "Meta", occurrence=2).start == TEXT.index("Later, Meta") + 7
    with pytest.raises(AnchorError, match="occurrence 4"):
        anchor_quote(TEXT, "Meta", occurrence=4)


def test_missing_and_empty_quotes_are_refused():
    with pytest.raises(AnchorError, match="not found"):
        anchor_quote(TEXT, "Meta said maybe")
    with pytest.raises(AnchorError):
        anchor_quote(TEXT, "")


def test_positions_count_code_points_past_emoji():
    selector = anchor_quote(TEXT, "reply")
    assert selector.start == TEXT.index("reply")  # Python indices are code points
    assert matches(TEXT, selector.start, selector.end, "reply")
    assert not matches(TEXT, selector.start + 1, selector.end + 1, "reply")


def test_overlapping_occurrences_are_all_found():
    assert occurrences("aaaa", "aa") == [0, 1, 2]
