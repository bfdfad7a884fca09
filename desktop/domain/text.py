"""The normal form of a source's text (what is shown and anchored against) and its hash."""

from __future__ import annotations

import hashlib
import re
import unicodedata


def normalise_text(text: str) -> str:
    """NFC, one kind of line break, no byte-order mark: the text excerpts count positions in."""
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Line separators other than "\n" that files use (vertical tab, form feed between printed pages,
# NEL, Unicode line and paragraph separators) become line breaks, not glued-up words; a
# byte-order mark inside the text is a stray from joined files and goes.
_LINE_BREAKS_AND_BOMS = str.maketrans(
    {**dict.fromkeys("\v\f\x85\u2028\u2029", "\n"), "\ufeff": None}
)
# Tabs and Unicode's horizontal spaces (category Zs: NBSP, thin, en/em, ideographic...): runs
# of them, except a lone plain space, which is already what a run becomes (most of a text's
# spaces; matching each of them made this the slowest step of an import).
_NOT_PLAIN = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_HORIZONTAL_SPACES = re.compile(f"[{_NOT_PLAIN}][ {_NOT_PLAIN}]*| [ {_NOT_PLAIN}]+")
# C0 and C1 controls except "\n" and tab (a space: see below; the other breaks are gone by then).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]+")
_SPACE_AROUND_BREAK = re.compile(r" \n ?|\n ")  # only where there is a space to drop
_BLANK_LINES = re.compile(r"\n{3,}")


_LONE_SURROGATES = re.compile("[\ud800-\udfff]")  # never valid in a str meant as text


def normalise_document_text(text: str) -> str:
    """normalise_text, then tidy whitespace: the text of an imported document.

    Horizontal spaces become one plain space, lines lose spaces at both ends, at most one blank
    line separates paragraphs, none lead or trail, and control characters other than "\\n" go,
    as do byte-order marks anywhere.
    Applying it twice changes nothing, so offsets into its result stay valid.
    """
    text = normalise_text(text).translate(_LINE_BREAKS_AND_BOMS)
    text = _LONE_SURROGATES.sub("\ufffd", text)  # a PDF's broken character map can make them
    text = _CONTROLS.sub("", text)
    text = _HORIZONTAL_SPACES.sub(" ", text)
    text = _SPACE_AROUND_BREAK.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text).strip("\n ")
    # Dropping a control character can leave a combining mark after a new base letter.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text
