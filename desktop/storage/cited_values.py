"""Citing selected words as a comparison value: the excerpt, the claim and the citation at once."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.domain import vocab
from desktop.domain.anchoring import selector_at
from desktop.domain.comparison import display_value
from desktop.domain.dates import parse_edtf
from desktop.storage.changes import Writer
from desktop.storage.claims import add_citation, add_claim
from desktop.storage.excerpts import add_excerpt
from desktop.storage.sources import current_text

MAX_VALUE = 500  # characters: a value is a cell, not a paragraph
_NUMBER = re.compile(r"[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")


@dataclass(frozen=True)
class CitedValue:
    excerpt_id: int
    claim_id: int
    citation_id: int
    new_claim: bool


def normalise_value(datatype: str, value: str) -> str:
    """A typed value as stored, or ValueError saying what is wrong with it."""
    text = " ".join(value.split())
    if not text:
        raise ValueError("the value is empty")
    if len(text) > MAX_VALUE:
        raise ValueError(f"the value is longer than {MAX_VALUE} characters")
    if datatype == "bool":
        words = {"true": "true", "yes": "true", "false": "false", "no": "false"}
        if text.casefold() not in words:
            raise ValueError(f"{text!r} is not Yes or No")
        return words[text.casefold()]
    if datatype == "number":
        # Digits with an optional sign, decimal point and thousands commas (1,200.5); not
        # "1,5" (a decimal comma would silently become 15), nan, inf or 1_000.
        if not _NUMBER.fullmatch(text):
            raise ValueError(f"{text!r} is not a number (write it as 1200 or 1,200.5)")
        return text.replace(",", "")
    if datatype == "date":
        parse_edtf(text)  # raises DateError (a ValueError) naming the problem
    return text


def cite_as_value(
    w: Writer,
    source_id: int,
    start: int,
    end: int,
    entity_id: int,
    property_id: int,
    value: str | None = None,
    *,
    value_entity_id: int | None = None,
    stance: str = "supports",
    credibility: int | None = None,
    text_sha256: str | None = None,
) -> CitedValue:
    """These words of the source's current text, cited for or against entity.property = value.

    An existing claim with that value is cited again rather than repeated; a deprecated one is
    not revived (a new claim is made), since it was set aside for a reason. Words can only
    contradict a value some claim gives: a contradiction never creates the claim it denies.
    text_sha256, when given, is the text the positions were taken from: a newer version
    imported meanwhile is refused rather than cited at the wrong words.
    """
    vocab.check_citation(stance, credibility)
    db = w.db
    prop = db.execute("SELECT label, datatype FROM properties WHERE id = ?",
                      [property_id]).fetchone()
    subject = db.execute("SELECT name FROM entities WHERE id = ?", [entity_id]).fetchone()
    if prop is None or subject is None:
        raise ValueError("that entity or property is no longer in the case")
    label, datatype = prop
    if datatype == "entity":
        named = db.execute("SELECT name FROM entities WHERE id = ?",
                           [value_entity_id]).fetchone() if value_entity_id else None
        if named is None:
            raise ValueError(f"choose the entity that is the value of {label!r}")
        value, shown = None, named[0]
    else:
        value = normalise_value(datatype, value or "")
        shown = display_value(datatype, value)
    text = current_text(db, source_id)
    if text is None:
        raise ValueError("that source has no text to cite")
    if text_sha256 is not None and text.text_sha256 != text_sha256:
        raise ValueError("a newer version of the source arrived meanwhile; select the words "
                         "again in it")
    excerpt_id = add_excerpt(w, text, selector_at(text.text, start, end))
    existing = db.execute(
        "SELECT id FROM claims WHERE subject_id = ? AND property_id = ? AND rank != 'deprecated'"
        " AND value IS ? AND value_entity_id IS ? ORDER BY id LIMIT 1",
        [entity_id, property_id, value, value_entity_id]).fetchone()
    if existing:
        claim_id, new_claim = existing[0], False
        if db.execute("SELECT 1 FROM citations WHERE claim_id = ? AND excerpt_id = ?",
                      [claim_id, excerpt_id]).fetchone():
            raise ValueError("these words already cite that value")
    elif stance == "contradicts":
        raise ValueError(f"no claim gives {shown!r} for {label!r} yet: words can only "
                         "contradict a value some claim gives")
    else:
        joiner = " " if label.endswith("?") else ": "
        claim_id = add_claim(w, entity_id, f"{subject[0]} — {label}{joiner}{shown}",
                             property_id=property_id, value=value,
                             value_entity_id=value_entity_id)
        new_claim = True
    citation_id = add_citation(w, claim_id, excerpt_id, stance, credibility=credibility)
    return CitedValue(excerpt_id, claim_id, citation_id, new_claim)
