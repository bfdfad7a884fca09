"""The comparison table as CSV: each cell's values with numbered notes quoting their sources."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sqlite_utils import Database

from desktop.domain.comparison import Cell, display_value
from desktop.domain.dates import describe_edtf
from desktop.domain.vocab import ENTITY_KINDS, KIND_NAMES
from desktop.storage.atomic import replacing
from desktop.storage.claim_views import CitationView, ClaimView, claim_views
from desktop.storage.comparison import load_grid

NO_DATA = "—"  # an em dash: not "-", so it is never taken for a formula
NOTES_HEADER = ["Note", "Source", "Publisher", "Date", "Quote", "Grade", "Page", "URL"]
# What a spreadsheet takes for the start of a formula (OWASP, "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Footnote:
    """One quoted passage of a source, cited somewhere in the table as [number]."""

    number: int
    source: str  # the source's title
    publisher: str
    date: str  # the source's publication date for people; "" if it has none
    quote: str  # the exact words
    grade: str  # Admiralty grade, e.g. "B2"; several citations' distinct grades as "B2, B3"
    url: str = ""
    page: int | None = None  # in a PDF source


class _Notes:
    """Footnote numbers in order of first use, one per distinct passage (source, words, page)."""

    def __init__(self) -> None:
        self._numbers: dict[tuple[int, str, int | None], int] = {}
        self._cites: list[CitationView] = []  # the first citation of each footnote
        self._grades: list[list[str]] = []

    def number(self, cite: CitationView) -> int:
        key = (cite.source_id, cite.exact, cite.page)
        if key not in self._numbers:
            self._numbers[key] = len(self._cites) + 1
            self._cites.append(cite)
            self._grades.append([])
        n = self._numbers[key]
        if cite.grade not in self._grades[n - 1]:
            self._grades[n - 1].append(cite.grade)
        return n

    def footnotes(self, db: Database) -> list[Footnote]:
        ids = sorted({c.source_id for c in self._cites})
        urls = dict(db.execute(
            "SELECT id, url FROM sources WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(ids)]).fetchall())
        return [
            Footnote(n, c.source_title or "", c.publisher or "",
                     describe_edtf(c.published) if c.published else "", c.exact,
                     ", ".join(grades), urls.get(c.source_id) or "", c.page)
            for n, (c, grades) in enumerate(zip(self._cites, self._grades, strict=True), 1)
        ]


def _has_data(cell: Cell | None) -> bool:
    return cell is not None and not cell.no_data


def _marks(numbers: Sequence[int]) -> str:
    return "".join(f"[{n}]" for n in dict.fromkeys(numbers))


def _cell_text(cell: Cell | None, datatype: str, views: dict[int, ClaimView],
               notes: _Notes) -> str:
    """`No [1][2]`; `Yes [3]; No [4] — contradicted by [5] (conflict)`; `—` for no data.

    Each value is followed by the notes of the citations supporting its claims, then by those
    contradicting them: in a conflict, which value the contradiction is against.
    """
    if cell is None or not _has_data(cell):
        return NO_DATA
    shown = [views[i] for i in cell.claim_ids if i in views]
    by_value: dict[str, list[ClaimView]] = {value: [] for value in cell.values}
    for view in shown:
        by_value.setdefault(display_value(datatype, view.value or ""), []).append(view)
    parts = []
    for value, claims in by_value.items():
        cites = [c for view in claims for c in view.citations]
        marks = _marks([notes.number(c) for c in cites if c.stance == "supports"])
        part = f"{value} {marks}" if marks else value
        against = _marks([notes.number(c) for c in cites if c.stance == "contradicts"])
        parts.append(f"{part} — contradicted by {against}" if against else part)
    text = "; ".join(parts)
    if cell.conflict:
        text += " (conflict)"
    if cell.single_origin:
        text += " (single origin)"
    return text


def comparison_rows(
    db: Database,
    kind: str = "company",
    entity_ids: Sequence[int] | None = None,
    property_ids: Sequence[int] | None = None,
    with_data_only: bool = True,
) -> tuple[list[list[str]], list[Footnote]]:
    """The table as strings, a header row first, and the footnotes its cells number.

    Columns: the given properties in that order, else those some entity of the kind has a claim
    for (all of them if none has). Rows: the given entities in that order, else all of the kind
    by name; with_data_only leaves out those with no data in any column. Ids that are not in
    the table (another kind, merged, deleted) are left out.
    """
    if kind not in ENTITY_KINDS:
        raise ValueError(f"unknown entity kind {kind!r}; expected one of {', '.join(ENTITY_KINDS)}")
    grid = load_grid(db, kind)
    known = {p.id: p for p in grid.properties}
    wanted = property_ids if property_ids is not None else (grid.used_properties() or list(known))
    columns = [known[i] for i in dict.fromkeys(wanted) if i in known]
    names = dict(grid.entities)
    order = entity_ids if entity_ids is not None else list(names)
    entities = [(e, names[e]) for e in dict.fromkeys(order) if e in names]
    if with_data_only:
        entities = [(e, name) for e, name in entities
                    if any(_has_data(grid.cell(e, p.id)) for p in columns)]
    cells = [grid.cell(e, p.id) for e, _ in entities for p in columns]
    shown = [i for cell in cells if cell is not None for i in cell.claim_ids]
    views = {view.id: view for view in claim_views(db, shown)}
    notes = _Notes()
    rows = [[KIND_NAMES.get(kind, "Entity"), *(p.label for p in columns)]]
    for entity_id, name in entities:
        rows.append([name, *(_cell_text(grid.cell(entity_id, p.id), p.datatype, views, notes)
                             for p in columns)])
    return rows, notes.footnotes(db)


def safe_cell(text: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe where it would run a formula."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def write_comparison_csv(
    db: Database,
    out: Path | str | TextIO,
    *,
    kind: str = "company",
    entity_ids: Sequence[int] | None = None,
    property_ids: Sequence[int] | None = None,
    with_data_only: bool = True,
) -> int:
    """Write the table, a blank row, then the footnotes; return how many entity rows.

    A path is written as UTF-8 with a byte-order mark (so Excel reads accents) to a temporary
    file beside it, then renamed: a failed export leaves nothing. An open text stream should
    have been opened with newline="".
    """
    rows, notes = comparison_rows(db, kind, entity_ids, property_ids, with_data_only)
    table = [*rows, [], NOTES_HEADER]
    table += [[f"[{n.number}]", n.source, n.publisher, n.date, n.quote, n.grade,
               str(n.page) if n.page is not None else "", n.url] for n in notes]
    if isinstance(out, str | os.PathLike):
        with replacing(Path(out), encoding="utf-8-sig", newline="") as handle:
            _write(handle, table)
    else:
        _write(out, table)
    return len(rows) - 1


def _write(handle: TextIO, table: list[list[str]]) -> None:
    writer = csv.writer(handle)
    writer.writerows([safe_cell(text) for text in row] for row in table)
