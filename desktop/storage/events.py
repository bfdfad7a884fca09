"""Dated events, the entities they involve and the excerpts that date them."""

from __future__ import annotations

from sqlite_utils import Database

from desktop.domain import vocab
from desktop.domain.dates import DateBounds, parse_edtf
from desktop.domain.relative_dates import resolve_phrase
from desktop.storage.changes import Writer, new_uid, now_iso

UNRESOLVED = "unresolved: no rule reads this phrase, or its source has no publication date"


def add_event(
    w: Writer,
    title: str,
    date: str | None,
    *,
    description: str | None = None,
    date_phrase: str | None = None,
    date_anchor: str | None = None,
    date_rule: str | None = None,
    date_source: int | None = None,
    status: str = "draft",
    uid: str | None = None,
) -> int:
    """Add an event. With a phrase and a date source but no date, the phrase is resolved
    against that source's publication date, and resolved again whenever that date changes."""
    if status not in vocab.STATUSES:
        raise ValueError(f"unknown status {status!r}")
    auto = date is None and bool(date_phrase) and date_source is not None
    values = {"date_phrase": date_phrase, "date_source_id": date_source, "date_auto": int(auto)}
    if auto:
        values |= resolved_date(w.db, date_phrase or "", date_source)
    else:
        if date_anchor:
            parse_edtf(date_anchor)  # an anchor must be a readable date too
        values |= date_columns(parse_edtf(date) if date else None)
        values |= {"date_anchor": date_anchor, "date_rule": date_rule}
    stamp = now_iso()
    return w.insert(
        "events",
        {
            "uid": uid or new_uid(),
            "title": title,
            "description": description,
            **values,
            "status": status,
            "created_at": stamp,
            "created_by": w.actor,
            "updated_at": stamp,
        },
    )


def reresolve_for_source(w: Writer, source_id: int) -> int:
    """Resolve again every computed event date anchored on this source (its publication date
    changed); returns how many events were looked at."""
    rows = w.db.execute(
        "SELECT id, date_phrase FROM events WHERE date_auto = 1 AND date_source_id = ?",
        [source_id],
    ).fetchall()
    for event_id, phrase in rows:
        w.update("events", event_id, resolved_date(w.db, phrase or "", source_id)
                 | {"updated_at": now_iso()})
    return len(rows)


def resolved_date(db: Database, phrase: str, source_id: int | None) -> dict:
    """Date columns for a phrase resolved against a source's publication date."""
    row = db.execute("SELECT published FROM sources WHERE id = ?", [source_id]).fetchone()
    anchor = row[0] if row else None
    found = resolve_phrase(phrase, anchor) if anchor else None
    if found is None:
        return date_columns(None) | {"date_anchor": anchor, "date_rule": UNRESOLVED}
    return (date_columns(parse_edtf(found.edtf))
            | {"date_anchor": anchor, "date_rule": found.rule})


def date_columns(bounds: DateBounds | None) -> dict:
    """The date columns an event stores for these bounds (None: the date is not known)."""
    if bounds is None:
        return dict.fromkeys(("date_edtf", "date_lower", "date_upper", "date_precision",
                              "date_earliest", "date_latest"))
    return {"date_edtf": bounds.edtf, "date_lower": bounds.lower, "date_upper": bounds.upper,
            "date_precision": bounds.precision, "date_earliest": bounds.earliest,
            "date_latest": bounds.latest}


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
            "date_earliest": bounds.earliest if bounds else None,
            "date_latest": bounds.latest if bounds else None,
            "created_at": now_iso(),
            "created_by": w.actor,
        },
    )
