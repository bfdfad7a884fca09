"""What the timeline reads: events with their dates, entities, sources and the dates each citation
gives; the sources' publication dates; the filters."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True)
class GivenDate:
    """The date one citation gives for an event, where sources disagree."""

    edtf: str
    lower: str | None
    upper: str | None
    earliest: str | None
    latest: str | None
    source_id: int
    excerpt_id: int


@dataclass(frozen=True)
class TimelineEvent:
    id: int
    title: str
    edtf: str | None
    lower: str | None
    upper: str | None
    earliest: str | None
    latest: str | None
    precision: str | None
    phrase: str | None
    rule: str | None
    status: str
    entities: tuple[int, ...]
    sources: tuple[int, ...]
    given: tuple[GivenDate, ...]  # the dates citations give, only where they differ

    @property
    def approximate(self) -> bool:
        return bool(self.edtf) and ("~" in self.edtf or "%" in self.edtf)

    @property
    def uncertain(self) -> bool:
        return bool(self.edtf) and ("?" in self.edtf or "%" in self.edtf)

    @property
    def disputed(self) -> bool:
        """Sources give different dates, or a reviewer marked it so."""
        return self.status == "disputed" or len({g.edtf for g in self.given}) > 1


@dataclass(frozen=True)
class TimelineFilter:
    entity_id: int | None = None
    source_id: int | None = None
    start: str | None = None  # ISO day: events that may fall on or after it
    end: str | None = None  # ISO day: events that may fall on or before it
    status: str | None = None


@dataclass(frozen=True)
class Publication:
    source_id: int
    title: str
    edtf: str
    lower: str | None
    upper: str | None


_EVENT_COLUMNS = (
    "SELECT id, title, date_edtf, date_lower, date_upper, date_earliest, date_latest,"
    " date_precision, date_phrase, date_rule, status FROM events"
)


def timeline_events(db: Database, flt: TimelineFilter = TimelineFilter()) -> list[TimelineEvent]:
    """Dated events that pass the filter, earliest first (an undated one has no place on an
    axis; the navigator lists it)."""
    where, params = ["date_lower IS NOT NULL OR date_upper IS NOT NULL"], []
    if flt.entity_id is not None:
        where.append("id IN (SELECT event_id FROM event_entities WHERE entity_id = ?)")
        params.append(flt.entity_id)
    if flt.source_id is not None:
        where.append("id IN (SELECT c.event_id FROM event_citations c"
                     " JOIN excerpts x ON x.id = c.excerpt_id WHERE x.source_id = ?)")
        params.append(flt.source_id)
    if flt.start:  # may fall on or after: its latest possible day is not before the start
        where.append("COALESCE(date_latest, date_upper, '9999') >= ?")
        params.append(flt.start)
    if flt.end:
        where.append("COALESCE(date_earliest, date_lower, '0000') <= ?")
        params.append(flt.end)
    if flt.status:
        where.append("status = ?")
        params.append(flt.status)
    clause = " AND ".join(f"({w})" for w in where)  # fixed fragments; values are parameters
    sql = f"{_EVENT_COLUMNS} WHERE {clause} ORDER BY COALESCE(date_lower, date_upper), id"
    rows = db.execute(sql, params).fetchall()
    if not rows:
        return []
    entities, sources, given = _links(db)
    return [
        TimelineEvent(*row, entities=tuple(entities.get(row[0], ())),
                      sources=tuple(sorted(sources.get(row[0], ()))),
                      given=tuple(given.get(row[0], ())))
        for row in rows
    ]


def _links(db: Database):
    entities: dict[int, list[int]] = defaultdict(list)
    for event_id, entity_id in db.execute(
        "SELECT DISTINCT event_id, entity_id FROM event_entities ORDER BY event_id, id"
    ):
        entities[event_id].append(entity_id)
    sources: dict[int, set[int]] = defaultdict(set)
    for event_id, source_id in db.execute(
        "SELECT c.event_id, x.source_id FROM event_citations c"
        " JOIN excerpts x ON x.id = c.excerpt_id"
    ):
        sources[event_id].add(source_id)
    # The dates citations give, for events where they differ (the rest agree with the event's
    # own date, and a hundred thousand of them would cost seconds to load for nothing).
    given: dict[int, list[GivenDate]] = defaultdict(list)
    for event_id, source_id, excerpt_id, edtf, lower, upper, earliest, latest in db.execute(
        "SELECT c.event_id, x.source_id, c.excerpt_id, c.date_edtf, c.date_lower, c.date_upper,"
        " c.date_earliest, c.date_latest FROM event_citations c"
        " JOIN excerpts x ON x.id = c.excerpt_id"
        " WHERE c.date_edtf IS NOT NULL AND c.event_id IN (SELECT event_id FROM event_citations"
        "   WHERE date_edtf IS NOT NULL GROUP BY event_id HAVING COUNT(DISTINCT date_edtf) > 1)"
        " ORDER BY c.id"
    ):
        given[event_id].append(
            GivenDate(edtf, lower, upper, earliest, latest, source_id, excerpt_id))
    return entities, sources, given


def publications(db: Database, flt: TimelineFilter = TimelineFilter()) -> list[Publication]:
    """The sources' publication dates, for the timeline's own lane, within the filter's source
    and date range."""
    rows = db.execute(
        "SELECT id, title, published, published_lower, published_upper FROM sources"
        " WHERE published IS NOT NULL AND (:source IS NULL OR id = :source)"
        " AND (:start IS NULL OR COALESCE(published_upper, '9999') >= :start)"
        " AND (:end IS NULL OR COALESCE(published_lower, '0000') <= :end)"
        " ORDER BY published_lower, id",
        {"source": flt.source_id, "start": flt.start, "end": flt.end},
    ).fetchall()
    return [Publication(*row) for row in rows]


def event_count(db: Database) -> int:
    return db.execute("SELECT count(*) FROM events").fetchone()[0]


def entity_names(db: Database) -> dict[int, tuple[str, str]]:
    """Entity id -> (name, kind), for lanes."""
    return {row[0]: (row[1], row[2]) for row in db.execute(
        "SELECT id, name, kind FROM entities WHERE merged_into IS NULL")}


def source_titles(db: Database) -> dict[int, str]:
    return dict(db.execute("SELECT id, title FROM sources").fetchall())
