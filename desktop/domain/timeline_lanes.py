"""Sorting events into the timeline's lanes: by entity kind or by entity, plus a lane of the
sources' publication dates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from desktop.domain.timeline import Lane, Mark, make_mark
from desktop.domain.vocab import ENTITY_KINDS, KIND_LABELS

PUBLISHED = "published"
NO_ENTITY = "none"
LANE_MODES = ("kind", "entity")


class DatedEvent(Protocol):
    id: int
    title: str
    lower: str | None
    upper: str | None
    earliest: str | None
    latest: str | None
    entities: tuple[int, ...]
    given: Sequence

    @property
    def approximate(self) -> bool: ...
    @property
    def uncertain(self) -> bool: ...
    @property
    def disputed(self) -> bool: ...


class DatedSource(Protocol):
    source_id: int
    title: str
    edtf: str
    lower: str | None
    upper: str | None


def event_mark(event: DatedEvent) -> Mark | None:
    given = [(g.lower, g.upper) for g in event.given] if event.disputed else []
    return make_mark(("event", event.id), event.title, event.lower, event.upper,
                     event.earliest, event.latest, approximate=event.approximate,
                     uncertain=event.uncertain, disputed=event.disputed, given=given)


def publication_mark(source: DatedSource) -> Mark | None:
    approximate = "~" in source.edtf or "%" in source.edtf
    return make_mark(("source", source.source_id), source.title, source.lower, source.upper,
                     approximate=approximate, uncertain="?" in source.edtf)


def build_lanes(events: Iterable[DatedEvent], publications: Iterable[DatedSource],
                entities: Mapping[int, tuple[str, str]], by: str = "kind") -> list[Lane]:
    """Lanes in a stable order: publications first, then kinds in the vocabulary's order (or
    entities by kind, then name), then events that involve no entity. An event appears once
    in each lane it belongs to."""
    if by not in LANE_MODES:
        raise ValueError(f"lanes by {by!r}? by kind or by entity")
    lanes: dict[str, Lane] = {}
    published = Lane(PUBLISHED, "Published")
    published.marks = [m for m in map(publication_mark, publications) if m is not None]
    for event in events:
        mark = event_mark(event)
        if mark is None:
            continue
        keys = _lane_keys(event, entities, by)
        for key in keys:
            if key not in lanes:
                lanes[key] = Lane(key, _lane_title(key, entities))
            lanes[key].marks.append(mark)
    ordered = sorted(lanes.values(), key=lambda lane: _lane_order(lane.key, entities))
    return ([published] if published.marks else []) + ordered


def _lane_keys(event: DatedEvent, entities: Mapping[int, tuple[str, str]], by: str) -> list[str]:
    known = [e for e in event.entities if e in entities]
    if not known:
        return [NO_ENTITY]
    if by == "entity":
        return [f"entity:{e}" for e in known]
    return list(dict.fromkeys(f"kind:{entities[e][1]}" for e in known))


def _lane_title(key: str, entities: Mapping[int, tuple[str, str]]) -> str:
    if key == NO_ENTITY:
        return "No entity"
    kind, _, value = key.partition(":")
    if kind == "kind":
        return KIND_LABELS.get(value, value)
    return entities[int(value)][0]


def _lane_order(key: str, entities: Mapping[int, tuple[str, str]]) -> tuple:
    if key == NO_ENTITY:
        return (len(ENTITY_KINDS) + 1, "")
    kind, _, value = key.partition(":")
    if kind == "kind":
        return (_kind_rank(value), "")
    name, entity_kind = entities[int(value)]
    return (_kind_rank(entity_kind), name.casefold())


def _kind_rank(kind: str) -> int:
    return ENTITY_KINDS.index(kind) if kind in ENTITY_KINDS else len(ENTITY_KINDS)
