"""Reading the comparison table: its entities, properties and cells in a few batch queries, and
the evidence behind one cell."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlite_utils import Database

from desktop.domain.comparison import (
    Cell,
    ColumnStats,
    Lineage,
    RankedValue,
    column_stats,
    compute_cell,
)
from desktop.storage.claim_views import ClaimView, claim_views


@dataclass(frozen=True)
class Property:
    id: int
    key: str
    label: str
    datatype: str
    description: str | None


@dataclass(frozen=True)
class Grid:
    """Everything the table shows, read together so that it is consistent."""

    kind: str
    entities: list[tuple[int, str]]  # (id, name), by name
    properties: list[Property]  # by their order in the case
    cells: dict[tuple[int, int], Cell]  # (entity id, property id); a missing pair has no data
    # Per property: entities with a value and badge totals (computed with the cells, off the
    # window's thread for a large case; kept up to date by replace_cells).
    stats: dict[int, ColumnStats] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.cells and not self.stats:  # a grid made without load_grid: count it now
            self.stats.update(column_stats(self.cells))

    def cell(self, entity_id: int, property_id: int) -> Cell | None:
        return self.cells.get((entity_id, property_id))

    def replace_cells(self, entity_ids: set[int], cells: dict[tuple[int, int], Cell]) -> None:
        """New cells for some entities (after an edit), the totals moved with them."""
        for entity in entity_ids:
            for prop in self.stats.keys() | {p.id for p in self.properties}:
                old = self.cells.pop((entity, prop), None)
                if old is not None and prop in self.stats:
                    self.stats[prop].count(entity, old, -1)
        for (entity, prop), cell in cells.items():
            self.cells[(entity, prop)] = cell
            self.stats.setdefault(prop, ColumnStats()).count(entity, cell)

    def used_properties(self) -> list[int]:
        """Properties some entity of this kind has a claim for: the columns shown at first."""
        used = {pid for _, pid in self.cells}
        return [p.id for p in self.properties if p.id in used]


def properties(db: Database) -> list[Property]:
    return [Property(*row) for row in db.execute(
        "SELECT id, key, label, datatype, description FROM properties ORDER BY ord, label, id")]


def entities_of_kind(db: Database, kind: str) -> list[tuple[int, str]]:
    """Entities of a kind, by name; merged duplicates are left out (their survivor stands)."""
    return [tuple(row) for row in db.execute(
        "SELECT id, name FROM entities WHERE kind = ? AND merged_into IS NULL"
        " ORDER BY name COLLATE NOCASE, id", [kind])]


def claim_count(db: Database) -> int:
    """How big the table's work is: it decides whether it is computed in the background."""
    return db.execute("SELECT COUNT(*) FROM claims").fetchone()[0]


def lineage(db: Database) -> Lineage:
    return Lineage(db.execute(
        "SELECT source_id, parent_id, parent_label, relation FROM source_lineage"))


def load_grid(db: Database, kind: str, cancelled: Callable[[], bool] = lambda: False) -> Grid:
    """The whole table for one kind of entity: three queries and one pass over the claims."""
    props = properties(db)
    cells = cells_for(db, kind, None, props, cancelled)
    return Grid(kind, entities_of_kind(db, kind), props, cells, column_stats(cells))


def cells_for(
    db: Database, kind: str, entity_ids: Sequence[int] | None, props: Sequence[Property],
    cancelled: Callable[[], bool] = lambda: False,
) -> dict[tuple[int, int], Cell]:
    """Cells of the given entities (None: every entity of the kind) that have any claim."""
    datatypes = {p.id: p.datatype for p in props}
    where, params = "e.kind = ?", [kind]
    if entity_ids is not None:
        where += " AND c.subject_id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(entity_ids)))
    # One row per citation (or one for an uncited claim), in claim order per cell. `where` is
    # one of two fixed clauses; values are parameters.
    sql = (
        "SELECT c.subject_id, c.property_id, c.id,"  # noqa: S608
        # A value some other tool stored as bytes reads as a mark, never as bytes in a cell.
        " CASE typeof(c.value) WHEN 'blob' THEN '(unreadable value)'"
        " ELSE CAST(COALESCE(c.value, v.name, '') AS TEXT) END, c.rank,"
        " t.stance, x.source_id"
        " FROM claims c JOIN entities e ON e.id = c.subject_id"
        " LEFT JOIN entities v ON v.id = c.value_entity_id"
        " LEFT JOIN citations t ON t.claim_id = c.id"
        " LEFT JOIN excerpts x ON x.id = t.excerpt_id"
        " WHERE c.property_id IS NOT NULL AND e.merged_into IS NULL AND " + where +
        # Citations come in their index's order within a claim; sorting them too would cost a
        # temporary B-tree (a third of the query at 500,000 citations) and change nothing.
        " ORDER BY c.subject_id, c.property_id, c.id"
    )
    rows = db.execute(sql, params)
    links = lineage(db)
    cells: dict[tuple[int, int], Cell] = {}
    key: tuple[int, int] | None = None
    claims: list[RankedValue] = []
    claim: list = []  # [id, value, rank, citations] of the claim being read

    def close_cell() -> None:
        if key is not None:
            claims.append(RankedValue(claim[0], claim[1], claim[2], tuple(claim[3])))
            cells[key] = compute_cell(claims, links, datatypes.get(key[1], "text"))

    for n, (subject, prop, claim_id, value, rank, stance, source) in enumerate(rows):
        if n % 4096 == 0 and cancelled():
            raise LoadCancelled
        if (subject, prop) != key:
            close_cell()
            key, claims, claim = (subject, prop), [], [claim_id, value, rank, []]
        elif claim_id != claim[0]:
            claims.append(RankedValue(claim[0], claim[1], claim[2], tuple(claim[3])))
            claim = [claim_id, value, rank, []]
        if stance is not None:
            claim[3].append((stance, source))
    close_cell()
    return cells


class LoadCancelled(Exception):
    """Raised between batches when a newer load made this one pointless."""


@dataclass(frozen=True)
class CellEvidence:
    """Every claim for one cell, deprecated ones too, each with all of its citations."""

    entity_id: int
    entity: str
    property: Property
    cell: Cell | None
    claims: tuple[ClaimView, ...]  # shown first, then the rest by rank
    origin_labels: tuple[str, ...]  # what a single-origin value traces back to

    def shown(self, claim: ClaimView) -> bool:
        return self.cell is not None and claim.id in self.cell.claim_ids


_RANK_ORDER = {"preferred": 0, "normal": 1, "deprecated": 2}


def cell_evidence(db: Database, entity_id: int, property_id: int) -> CellEvidence | None:
    """The inspector's and the tooltip's view of one cell: a handful of indexed queries."""
    entity = db.execute("SELECT name, kind FROM entities WHERE id = ?", [entity_id]).fetchone()
    prop = next((p for p in properties(db) if p.id == property_id), None)
    if entity is None or prop is None:
        return None
    ids = [row[0] for row in db.execute(
        "SELECT id FROM claims WHERE subject_id = ? AND property_id = ? ORDER BY id",
        [entity_id, property_id])]
    cell = cells_for(db, entity[1], [entity_id], [prop]).get((entity_id, property_id))
    views = claim_views(db, ids)
    shown = set(cell.claim_ids) if cell else set()
    views.sort(key=lambda c: (c.id not in shown, _RANK_ORDER.get(c.rank, 3), c.id))
    return CellEvidence(entity_id, entity[0], prop, cell, tuple(views),
                        origin_labels(db, cell.origin_names if cell else ()))


def origin_labels(db: Database, origins: Sequence[object]) -> tuple[str, ...]:
    """Source titles (with publisher) for source ids; outside works by their recorded label."""
    labels = []
    for origin in origins:
        if isinstance(origin, int):
            row = db.execute("SELECT title, publisher FROM sources WHERE id = ?",
                             [origin]).fetchone()
            if row:
                labels.append(f"{row[1]}: {row[0]}" if row[1] else row[0])
        elif isinstance(origin, tuple) and len(origin) == 2:
            labels.append(str(origin[1]))
    return tuple(labels)
