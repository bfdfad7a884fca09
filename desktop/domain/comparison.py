"""Comparison cells: which values an (entity, property) pair shows, and how well they stand.

A cell is the set of claims for one pair. It shows the preferred values if any remain, else the
normal ones (deprecated never), as Wikidata ranks statements. Its badges: a conflict when two
distinct values remain, a single origin when every supporting source traces back to one
independent report once lineage is followed, contradicted when a citation argues against a shown
value, and no data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# Relations that make a source a copy of its parent, not a second witness: an aggregator's
# rewrite, a repost, a translation. A source that merely *cites* another still reports on its
# own (The Times cites Axios for one fact, yet its reporting is its own), so "cites" is not
# followed.
DERIVING = frozenset({"reworks", "reposts", "translates"})

BOOL_WORDS = {"true": "Yes", "false": "No"}


@dataclass(frozen=True)
class RankedValue:
    """One claim's value for a cell, reduced to what the cell rules need."""

    claim_id: int
    value: str
    rank: str
    citations: tuple[tuple[str, int], ...] = ()  # (stance, source id) of each citation


def shown_claims(claims: Iterable[RankedValue]) -> list[RankedValue]:
    """Preferred claims if any remain, else the normal ones; never deprecated."""
    live = [c for c in claims if c.rank != "deprecated"]
    return [c for c in live if c.rank == "preferred"] or live


def shown_values(claims: Iterable[RankedValue]) -> list[str]:
    """The distinct values a cell shows, in the order their claims were made."""
    return list(dict.fromkeys(c.value for c in shown_claims(claims)))


def in_conflict(claims: Iterable[RankedValue]) -> bool:
    return len(shown_values(claims)) > 1


def display_value(datatype: str, value: str) -> str:
    """A stored value as a reader sees it: booleans as Yes and No."""
    if datatype == "bool":
        return BOOL_WORDS.get(value.strip().lower(), value)
    return value


class Lineage:
    """Which independent reports each source traces back to, following copies to their root.

    A parent outside the case (recorded only by a label) is a root of its own, so two sources
    reposting the same outside wire story count once.
    """

    def __init__(self, links: Iterable[tuple[int, int | None, str | None, str]]):
        # links: (source id, parent source id or None, parent label, relation)
        self._parents: dict[int, list[Hashable]] = {}
        for source, parent, label, relation in links:
            if relation not in DERIVING:
                continue
            origin: Hashable = parent if parent is not None else ("label", (label or "").strip())
            self._parents.setdefault(source, []).append(origin)
        self._roots: dict[int, frozenset[Hashable]] = {}
        # Cells cite the same few sources over and over: their origins are worked out once.
        self._support: dict[frozenset[int], tuple[int, tuple[Hashable, ...]]] = {}

    def support(self, sources: frozenset[int]) -> tuple[int, tuple[Hashable, ...]]:
        """For a value's supporting sources: how many independent witnesses, and every origin
        they trace back to."""
        found = self._support.get(sources)
        if found is None:
            root_sets = [self.roots(source) for source in sources]
            found = (len(independent_origins(root_sets)),
                     tuple(sorted(frozenset().union(*root_sets), key=repr)))
            self._support[sources] = found
        return found

    def roots(self, source: int) -> frozenset[Hashable]:
        """The independent origins of a source: itself, unless it copies others.

        A walk over its ancestors (no recursion: recorded lineage may be deep or shared); the
        roots are the ancestors that copy nothing. A loop of sources copying each other with
        nothing outside it stands for one origin, its first member.
        """
        if source not in self._roots:
            seen: set[Hashable] = {source}
            todo: list[Hashable] = [source]
            while todo:
                node = todo.pop()
                for parent in self._parents.get(node, ()) if isinstance(node, int) else ():
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            found = {n for n in seen if not (isinstance(n, int) and self._parents.get(n))}
            self._roots[source] = frozenset(found or {min(seen, key=repr)})
        return self._roots[source]


def independent_origins(root_sets: Iterable[frozenset[Hashable]]) -> list[frozenset[Hashable]]:
    """The origins of supporting sources that share nothing with each other (greedy, smallest
    first): its length is how many independent witnesses a value has.

    A source with two origins (a rewrite of two reports) cannot stand for either on its own,
    so it only counts when neither origin is counted already.
    """
    distinct = set(root_sets)
    if len(distinct) < 2 or all(len(r) == 1 for r in distinct):
        return list(distinct)  # one set, or sources with one origin each: nothing overlaps
    counted: set[Hashable] = set()
    chosen: list[frozenset[Hashable]] = []
    for roots in sorted(distinct, key=lambda r: (len(r), sorted(map(repr, r)))):
        if not roots & counted:
            chosen.append(roots)
            counted |= roots
    return chosen


@dataclass(frozen=True, slots=True)
class Cell:
    """What one (entity, property) cell shows, computed once per load."""

    values: tuple[str, ...]
    claim_ids: tuple[int, ...]  # the shown claims, whose citations back the values
    citations: int  # citations of the shown claims, of any stance
    origins: int  # independent origins among their supporting sources
    contradicted: bool
    hidden: int = 0  # deprecated claims not shown
    # Every origin its support traces back to: source ids, or ("label", name) for outside works.
    origin_names: tuple[Hashable, ...] = field(default=(), compare=False)

    @property
    def conflict(self) -> bool:
        return len(self.values) > 1

    @property
    def single_origin(self) -> bool:
        """All support traces back to one report. A rewrite of two reports has two origins
        (and still counts as one witness in `origins`, which never overstates)."""
        return len(self.origin_names) == 1

    @property
    def no_data(self) -> bool:
        return not self.values

    @property
    def text(self) -> str:
        return " / ".join(self.values)


NO_DATA = Cell((), (), 0, 0, False)


def compute_cell(
    claims: Sequence[RankedValue], lineage: Lineage, datatype: str = "text"
) -> Cell:
    """The cell for one pair's claims, lineage followed for its supporting sources."""
    shown = shown_claims(claims)
    hidden = sum(1 for c in claims if c.rank == "deprecated")
    if not shown:
        return Cell((), (), 0, 0, False, hidden)
    values = tuple(dict.fromkeys(display_value(datatype, c.value) for c in shown))
    supporting = frozenset(
        source for c in shown for stance, source in c.citations if stance == "supports")
    origins, origin_names = lineage.support(supporting)
    return Cell(
        values=values,
        claim_ids=tuple(c.claim_id for c in shown),
        citations=sum(len(c.citations) for c in shown),
        origins=origins,
        contradicted=any(stance == "contradicts" for c in shown for stance, _ in c.citations),
        hidden=hidden,
        origin_names=origin_names,
    )


def sort_key(cell: Cell | None) -> tuple[bool, str]:
    """Cells with data first, then by their text without regard to case."""
    if cell is None or cell.no_data:
        return (True, "")
    return (False, cell.text.casefold())


class ColumnStats:
    """Totals for one property's cells, kept so that the table's summary line never walks
    every cell: which entities have a value, and how many cells carry each badge."""

    __slots__ = ("filled", "conflict", "single_origin", "contradicted", "origins")

    def __init__(self) -> None:
        self.filled: set[int] = set()
        self.conflict = self.single_origin = self.contradicted = 0
        self.origins: Counter[Hashable] = Counter()  # single-origin cells by their origin

    def count(self, entity: int, cell: Cell, sign: int = 1) -> None:
        """Add a cell (sign 1) or take it away again (sign -1)."""
        if cell.no_data:
            return
        if sign > 0:
            self.filled.add(entity)
        else:
            self.filled.discard(entity)
        self.conflict += sign * (len(cell.values) > 1)
        self.contradicted += sign * cell.contradicted
        if len(cell.origin_names) == 1:
            self.single_origin += sign
            self.origins[cell.origin_names[0]] += sign


def column_stats(cells: Mapping[tuple[int, int], Cell]) -> dict[int, ColumnStats]:
    stats: dict[int, ColumnStats] = {}
    for (entity, prop), cell in cells.items():
        column = stats.get(prop)
        if column is None:
            column = stats[prop] = ColumnStats()
        column.count(entity, cell)
    return stats
