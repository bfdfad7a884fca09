"""Reading the timeline's events and laying out its lanes: at once for a small case, in a worker
thread on its own connection for a large one (100,000 events take seconds)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject
from sqlite_utils import Database

from desktop.domain.timeline import Lane
from desktop.domain.timeline_lanes import build_lanes
from desktop.storage import timeline
from desktop.storage.casefile import Case
from desktop.ui.background_load import BackgroundLoad

BACKGROUND_FROM = 5_000  # events: from here on, loading leaves the window's thread


class Cancelled(Exception):
    pass


@dataclass(frozen=True)
class Loaded:
    """Everything the pane shows, computed together so that it is consistent."""

    events: dict[int, timeline.TimelineEvent]
    publications: dict[int, timeline.Publication]
    titles: dict[int, str]
    lanes: list[Lane]


def load(db: Database, flt: timeline.TimelineFilter, by: str,
         cancelled: Callable[[], bool] = lambda: False) -> Loaded:
    """Read and lay out; raises Cancelled between steps when asked to stop."""
    found = timeline.timeline_events(db, flt)
    if cancelled():
        raise Cancelled
    # A publication is no event of an entity nor has a status: those filters hide the lane.
    pubs = [] if flt.entity_id or flt.status else timeline.publications(db, flt)
    lanes = build_lanes(found, pubs, timeline.entity_names(db), by)
    if cancelled():
        raise Cancelled
    for lane in lanes:
        lane.index  # noqa: B018 (built here, not in the first frame)
    return Loaded({e.id: e for e in found}, {p.source_id: p for p in pubs},
                  timeline.source_titles(db), lanes)


class TimelineLoader(BackgroundLoad):
    """The timeline's loads: a request is a filter and how lanes are made."""

    def __init__(self, db: Database, case: Case | None, parent: QObject | None = None):
        super().__init__(db, case, _load_request, timeline.event_count, BACKGROUND_FROM,
                         "the events", (Cancelled,), parent)
        self.setObjectName("timeline")

    def request(self, flt: timeline.TimelineFilter, by: str) -> bool:  # type: ignore[override]
        return super().request((flt, by))


def _load_request(db: Database, request: tuple[timeline.TimelineFilter, str],
                  cancelled: Callable[[], bool]) -> Loaded:
    return load(db, *request, cancelled)
