"""Dated events, the entities they involve and the excerpts that date them."""

from __future__ import annotations

from desktop.domain import vocab
from desktop.domain.dates import parse_edtf
from desktop.storage.changes import Writer, new_uid, now_iso


def add_event(
    w: Writer,
    title: str,
    date: str | None,
    *,
    description: str | None = None,
    date_phrase: str | None = None,
    date_anchor: str | None = None,
    date_rule: str | None = None,
    status: str = "draft",
    uid: str | None = None,
) -> int:
    if status not in vocab.STATUSES:
        raise ValueError(f"unknown status {status!r}")
    bounds = parse_edtf(date) if date else None
    if date_anchor:
        parse_edtf(date_anchor)  # an anchor must be a readable date too
    stamp = now_iso()
    return w.insert(
        "events",
        {
            "uid": uid or new_uid(),
            "title": title,
            "description": description,
            "date_edtf": date,
            "date_lower": bounds.lower if bounds else None,
            "date_upper": bounds.upper if bounds else None,
            "date_precision": bounds.precision if bounds else None,
            "date_phrase": date_phrase,
            "date_anchor": date_anchor,
            "date_rule": date_rule,
            "status": status,
            "created_at": stamp,
            "created_by": w.actor,
            "updated_at": stamp,
        },
    )


def link_entity(w: Writer, event_id: int, entity_id: int, role: str = "") -> None:
    w.insert(
        "event_entities",
        {"uid": new_uid(), "event_id": event_id, "entity_id": entity_id, "role": role},
    )


def add_event_citation(
    w: Writer,
    event_id: int,
    excerpt_id: int,
    stance: str,
    *,
    credibility: int | None = None,
    note: str | None = None,
    date: str | None = None,
) -> int:
    """Cite words for an event; date is the date this citation gives, when sources differ."""
    vocab.check_citation(stance, credibility)
    bounds = parse_edtf(date) if date else None
    return w.insert(
        "event_citations",
        {
            "uid": new_uid(),
            "event_id": event_id,
            "excerpt_id": excerpt_id,
            "stance": stance,
            "credibility": credibility,
            "note": note,
            "date_edtf": date,
            "date_lower": bounds.lower if bounds else None,
            "date_upper": bounds.upper if bounds else None,
            "created_at": now_iso(),
            "created_by": w.actor,
        },
    )
