"""What the inspector and reading header show of one source, entity or event."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from desktop.storage.claim_views import CitationView, citations_of


@dataclass(frozen=True)
class Lineage:
    """One link from a source to the work it reworks, cites, reposts or translates."""

    relation: str
    other_id: int | None  # the other source, when it is in the case
    label: str  # its title, or the label recorded for a work outside the case


@dataclass(frozen=True)
class SourceDetail:
    id: int
    uid: str
    title: str
    publisher: str | None
    author: str | None
    url: str | None
    published: str | None
    published_lower: str | None
    published_upper: str | None
    published_note: str | None
    reliability: str | None
    reliability_note: str | None
    derives_from: tuple[Lineage, ...]  # "reworks: The New York Times report"
    derived_by: tuple[Lineage, ...]  # sources in the case that rework this one
    versions: int = 1  # texts imported for it; excerpts anchor to the newest
    needs_review: int = 0  # its excerpts a newer text moved out of reach (fuzzy or orphan)


@dataclass(frozen=True)
class EntityDetail:
    id: int
    uid: str
    kind: str
    name: str
    description: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class EventDetail:
    id: int
    uid: str
    title: str
    description: str | None
    date_edtf: str | None
    date_phrase: str | None
    date_lower: str | None
    date_upper: str | None
    status: str
    entities: tuple[tuple[int, str, str], ...]  # (entity id, name, role)
    citations: tuple[CitationView, ...]


def source_detail(db: Database, source_id: int) -> SourceDetail | None:
    row = db.execute(
        "SELECT id, uid, title, publisher, author, url, published, published_lower,"
        " published_upper, published_note, reliability, reliability_note"
        " FROM sources WHERE id = ?",
        [source_id],
    ).fetchone()
    if row is None:
        return None
    derives = db.execute(
        "SELECT l.relation, l.parent_id, COALESCE(p.title, l.parent_label) FROM source_lineage l"
        " LEFT JOIN sources p ON p.id = l.parent_id WHERE l.source_id = ? ORDER BY l.id",
        [source_id],
    ).fetchall()
    derived = db.execute(
        "SELECT l.relation, l.source_id, s.title FROM source_lineage l"
        " JOIN sources s ON s.id = l.source_id WHERE l.parent_id = ? ORDER BY s.title",
        [source_id],
    ).fetchall()
    versions, doubtful = db.execute(
        "SELECT (SELECT COUNT(*) FROM source_texts WHERE source_id = ?1),"
        " (SELECT COUNT(*) FROM excerpts WHERE source_id = ?1"
        "  AND anchor_status IN ('fuzzy', 'orphan'))",
        [source_id],
    ).fetchone()
    return SourceDetail(
        *row, tuple(Lineage(*r) for r in derives), tuple(Lineage(*r) for r in derived),
        versions, doubtful,
    )


def entity_detail(db: Database, entity_id: int) -> EntityDetail | None:
    row = db.execute(
        "SELECT id, uid, kind, name, description FROM entities WHERE id = ?", [entity_id]
    ).fetchone()
    if row is None:
        return None
    aliases = db.execute(
        "SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY alias COLLATE NOCASE",
        [entity_id],
    ).fetchall()
    return EntityDetail(*row, tuple(a[0] for a in aliases))


def sources_mentioning(db: Database, entity_id: int) -> list[int]:
    """Sources naming the entity, those naming it most first."""
    return [row[0] for row in db.execute(
        "SELECT source_id FROM mentions WHERE entity_id = ? GROUP BY source_id"
        " ORDER BY count(*) DESC, source_id",
        [entity_id],
    )]


def event_detail(db: Database, event_id: int) -> EventDetail | None:
    row = db.execute(
        "SELECT id, uid, title, description, date_edtf, date_phrase, date_lower, date_upper,"
        " status FROM events WHERE id = ?",
        [event_id],
    ).fetchone()
    if row is None:
        return None
    entities = db.execute(
        "SELECT e.id, e.name, l.role FROM event_entities l JOIN entities e ON e.id = l.entity_id"
        " WHERE l.event_id = ? ORDER BY e.name",
        [event_id],
    ).fetchall()
    cites = citations_of(db, "event_citations", "event_id", [event_id]).get(event_id, [])
    return EventDetail(*row, tuple(tuple(e) for e in entities), tuple(cites))

