"""normalise_document_text: the whitespace and control-character rules of imported text."""

from __future__ import annotations

import random

import pytest

from desktop.domain.text import normalise_document_text, normalise_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\u00a0b", "a b"),  # no-break space
        ("a\u2009b\u202fc\u3000d", "a b c d"),  # thin, narrow no-break, ideographic
        ("a\t\tb", "a b"),
        ("a   b", "a b"),
        ("line one   \nline two\t\n", "line one\nline two"),
        ("   indented\n\t tabbed", "indented\ntabbed"),
        ("one\n\n\n\n\ntwo", "one\n\ntwo"),
        ("one\n \n\t\n \ntwo", "one\n\ntwo"),  # lines of spaces are blank lines
        ("\n\n\ntitle\n\n", "title"),
        ("a\x00b\x07c\x1bd\x7fe\x85f\x9fg", "abcde\nfg"),  # NEL is a line break, the rest go
        ("page one\fpage two", "page one\npage two"),
        ("a\u2028b\u2029c", "a\nb\nc"),
        ("\ufeffCafe\u0301\r\nx\ry", "Caf\u00e9\nx\ny"),  # what normalise_text does, too
        ("bad byte \ufffd kept", "bad byte \ufffd kept"),
        ("e\x00\u0301", "\u00e9"),  # a dropped control leaves nothing undone
    ],
)
def test_rules(raw: str, expected: str) -> None:
    assert normalise_document_text(raw) == expected


def test_emoji_and_joiners_are_kept() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # joined by zero-width joiners
    text = f"Flag \U0001f1eb\U0001f1f7 and {family} and 👍🏽"
    assert normalise_document_text(text) == text


def test_normalise_text_is_unchanged() -> None:
    assert normalise_text("a\u00a0 b\t\n\n\n") == "a\u00a0 b\t\n\n\n"


def test_idempotent_on_awkward_mixtures() -> None:
    alphabet = "ab \t\n\r\x00\x0b\x0c\x85\u00a0\u2028\u0301\ufeff\ufffd\u200d😀"
    rng = random.Random(7)
    for _ in range(2000):
        once = normalise_document_text("".join(rng.choices(alphabet, k=rng.randint(0, 30))))
        assert normalise_document_text(once) == once
        assert "\n\n\n" not in once and "  " not in once
        assert once == once.strip()
