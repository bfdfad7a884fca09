"""Editing what the case says: an entity's name, kind, description and aliases; an event's
title, date and status; a claim's sentence, value and date; a citation's stance, or taking a
citation away. Each writes only what differs, so an edit that changes nothing leaves no trace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from desktop.domain import vocab
from desktop.domain.comparison import display_value
from desktop.domain.dates import parse_edtf
from desktop.storage.changes import Writer, now_iso
from desktop.storage.cited_values import normalise_value
from desktop.storage.entities import names_by_entity
from desktop.storage.events import date_columns, resolved_date
from desktop.storage.excerpts import refresh_mentions
from desktop.storage.sources import current_text

MAX_LINE = 500  # a name, a title, an alias
MAX_TEXT = 100_000  # a description or a claim's sentence (Markdown)
CITATION_TABLES = ("citations", "event_citations")


def edit_entity(w: Writer, entity_id: int, *, name: str, kind: str,
                description: str | None, aliases: Sequence[str]) -> None:
    """New name, kind, description and aliases. A change of names finds the mentions again in
    every source, so the reading view highlights what the entity is now called."""
    row = _row(w, "entities", entity_id, "entity")
    name = _line(name, "name")
    if kind not in vocab.ENTITY_KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(vocab.ENTITY_KINDS)}")
    others = _other_names(w, entity_id)
    renamed = (name.casefold(), kind) != (row["name"].casefold(), row["kind"])
    if renamed and (name.casefold(), kind) in {(n, k) for n, k, _ in others}:
        raise ValueError(f"another {vocab.KIND_NAMES.get(kind, kind).lower()} is already "
                         f"called {name!r}")
    wanted = list(dict.fromkeys(_line(a, "alias") for a in aliases if a.strip()))
    wanted = [a for a in wanted if a != name]
    taken = {n: owner for n, _k, owner in others}
    kept = w.db.execute("SELECT id, alias FROM entity_aliases WHERE entity_id = ? ORDER BY id",
                        [entity_id]).fetchall()
    have = {alias for _, alias in kept}
    for alias in wanted:
        if alias not in have and alias.casefold() in taken:
            # Mentions of a shared name go to one entity: the alias would silently do nothing.
            raise ValueError(f"{alias!r} already names {taken[alias.casefold()]}; an alias "
                             "must name this entity alone")
    _update(w, "entities", row, {"name": name, "kind": kind,
                                 "description": _text(description, "description")})
    for alias_id, alias in kept:
        if alias not in wanted:
            w.delete("entity_aliases", alias_id)
    for alias in wanted:
        if alias not in have:
            w.insert("entity_aliases", {"entity_id": entity_id, "alias": alias, "note": None})
    if name != row["name"] or set(wanted) != have:
        refresh_all_mentions(w)


def _other_names(w: Writer, entity_id: int) -> list[tuple[str, str, str]]:
    """(casefolded name or alias, kind, whose) for every other live entity: compared in
    Python, since SQLite's NOCASE folds only ASCII ("Ärzte AG" and "ärzte ag" are one)."""
    rows = w.db.execute(
        "SELECT e.name, e.kind, e.name FROM entities e WHERE e.id != ? AND e.merged_into IS NULL"
        " UNION ALL SELECT a.alias, e.kind, e.name FROM entity_aliases a"
        " JOIN entities e ON e.id = a.entity_id WHERE e.id != ? AND e.merged_into IS NULL",
        [entity_id, entity_id]).fetchall()
    return [(text.casefold(), kind, owner) for text, kind, owner in rows]


def refresh_all_mentions(w: Writer) -> None:
    """Find every entity's names again in every source's current text (names changed)."""
    names = names_by_entity(w.db)
    for (source_id,) in w.db.execute("SELECT id FROM sources ORDER BY id").fetchall():
        text = current_text(w.db, source_id)
        if text is not None:
            refresh_mentions(w, text, names)


def edit_event(w: Writer, event_id: int, *, title: str, date: str | None,
               date_phrase: str | None, description: str | None, status: str) -> None:
    """New title, date (EDTF; empty: not known), words the source dated it with, description
    and status. A date typed by hand replaces one computed from the phrase, for good."""
    row = _row(w, "events", event_id, "event")
    if status not in vocab.STATUSES:
        raise ValueError(f"status must be one of {', '.join(vocab.STATUSES)}, not {status!r}")
    date = (date or "").strip() or None
    values: dict[str, Any] = {"title": _line(title, "title"), "status": status,
                              "description": _text(description, "description"),
                              "date_phrase": _text(date_phrase, "date as written")}
    if date != row["date_edtf"]:
        if date is not None and len(date) > MAX_LINE:
            raise ValueError(f"the date is longer than {MAX_LINE} characters")
        values |= date_columns(parse_edtf(date) if date else None)  # DateError says why
        values |= {"date_auto": 0, "date_rule": "set by hand", "date_anchor": None}
    elif row["date_auto"] and values["date_phrase"] != row["date_phrase"]:
        # The date was computed from the words: new words, a new date (from the same
        # source's publication date); no words, and the date stays as it is, now by hand.
        values |= (resolved_date(w.db, values["date_phrase"], row["date_source_id"])
                   if values["date_phrase"] else {"date_auto": 0, "date_rule": "set by hand"})
    _update(w, "events", row, values, stamp="updated_at")


@dataclass(frozen=True)
class ClaimFields:
    """A claim as its edit dialog shows it: the stored values, and the property's type."""

    id: int
    text: str
    when: str | None
    property_label: str | None
    datatype: str | None  # None: a free-text claim, with no value to edit
    value: str | None
    value_entity_id: int | None


def claim_fields(db: Database, claim_id: int) -> ClaimFields | None:
    row = db.execute(
        "SELECT c.id, c.text, c.when_edtf, p.label, p.datatype, c.value, c.value_entity_id"
        " FROM claims c LEFT JOIN properties p ON p.id = c.property_id WHERE c.id = ?",
        [claim_id]).fetchone()
    return ClaimFields(*row) if row else None


def edit_claim(w: Writer, claim_id: int, *, text: str, when: str | None,
               value: str | None = None, value_entity_id: int | None = None) -> None:
    """New sentence, date (EDTF) and, for a claim on a property, value (typed by the
    property's datatype; an entity for entity properties; neither given: kept)."""
    row = _row(w, "claims", claim_id, "claim")
    values: dict[str, Any] = {"text": _text(text, "claim") or _empty("claim")}
    when = (when or "").strip() or None
    if when != row["when_edtf"]:
        bounds = parse_edtf(when) if when else None
        values |= {"when_edtf": when, "when_lower": bounds.lower if bounds else None,
                   "when_upper": bounds.upper if bounds else None}
    if row["property_id"] is not None and (value, value_entity_id) != (None, None):
        values |= _claim_value(w, row["property_id"], value, value_entity_id)
    _update(w, "claims", row, values, stamp="updated_at")


def _claim_value(w: Writer, property_id: int, value: str | None,
                 value_entity_id: int | None) -> dict[str, Any]:
    label, datatype = w.db.execute("SELECT label, datatype FROM properties WHERE id = ?",
                                   [property_id]).fetchone()
    if datatype == "entity":
        if value_entity_id is None or w.db.execute(
                "SELECT 1 FROM entities WHERE id = ?", [value_entity_id]).fetchone() is None:
            raise ValueError(f"choose the entity that is the value of {label!r}")
        return {"value": None, "value_entity_id": value_entity_id}
    stored = normalise_value(datatype, value or "")
    display_value(datatype, stored)  # what the table will show must be showable
    return {"value": stored, "value_entity_id": None}


def set_stance(w: Writer, citation_id: int, stance: str,
               table: str = "citations") -> None:
    """Whether the cited words support, contradict or only give context to what they cite."""
    vocab.check_citation(stance, None)
    row = _row(w, _citation_table(table), citation_id, "citation")
    _update(w, table, row, {"stance": stance})


def remove_citation(w: Writer, citation_id: int, table: str = "citations") -> None:
    """Take a citation away; the excerpt stays (other citations and notes may use its words)."""
    _row(w, _citation_table(table), citation_id, "citation")
    w.delete(table, citation_id)


def _citation_table(table: str) -> str:
    if table not in CITATION_TABLES:
        raise ValueError(f"no citations in {table!r}")
    return table


def _update(w: Writer, table: str, row: dict[str, Any], values: dict[str, Any],
            stamp: str | None = None) -> None:
    """Write the columns whose values differ, with the time in `stamp` when any do."""
    changed = {k: v for k, v in values.items() if row.get(k) != v}
    if changed:
        w.update(table, row["id"], changed | ({stamp: now_iso()} if stamp else {}))


def _row(w: Writer, table: str, row_id: int, what: str) -> dict[str, Any]:
    cursor = w.db.execute(f"SELECT * FROM [{table}] WHERE id = ?", [row_id])  # noqa: S608 - fixed names
    found = cursor.fetchone()
    if found is None:
        raise ValueError(f"that {what} is no longer in the case")
    return dict(zip([d[0] for d in cursor.description], found, strict=True))


def _line(text: str | None, what: str) -> str:
    line = " ".join((text or "").split())
    if not line:
        _empty(what)
    if len(line) > MAX_LINE:
        raise ValueError(f"the {what} is longer than {MAX_LINE} characters")
    return line


def _text(text: str | None, what: str) -> str | None:
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise ValueError(f"the {what} is longer than {MAX_TEXT:,} characters")
    return text or None


def _empty(what: str) -> str:
    raise ValueError(f"the {what} is empty")
