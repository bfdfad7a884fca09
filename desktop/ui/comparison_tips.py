"""What hovering over a comparison cell says: its values, how well they stand, and the quoted
words behind them with source and grade (as plain text; the table escapes it)."""

from __future__ import annotations

from itertools import zip_longest

from sqlite_utils import Database

from desktop.domain.comparison import display_value
from desktop.itemmodels.badges import BADGES, NO_DATA_TIP
from desktop.storage.comparison import CellEvidence, cell_evidence

QUOTES_SHOWN = 3
QUOTE_CHARS = 220


def cell_tooltip(db: Database, key: tuple[int, int]) -> str:
    evidence = cell_evidence(db, *key)
    return describe(evidence) if evidence is not None else ""


def describe(evidence: CellEvidence) -> str:
    title = f"{evidence.entity} · {evidence.property.label}"
    cell = evidence.cell
    if cell is None or cell.no_data:
        hidden = f"\n{cell.hidden} deprecated claim(s) hidden." if cell and cell.hidden else ""
        return f"{title}\n{NO_DATA_TIP}.{hidden}\nSelect words in a source and choose " \
               "Cite as Value for… to add one."
    lines = [title, " / ".join(cell.values)]
    lines += [f"• {BADGES[name][2]}" for name in BADGES if getattr(cell, name)]
    if cell.single_origin and evidence.origin_labels:
        lines.append(f"  traces back to: {'; '.join(evidence.origin_labels)}")
    lines.append(f"{cell.citations} citation(s) · {cell.origins} independent origin(s)")
    shown = [c for c in evidence.claims if evidence.shown(c)]
    # A conflict's values take turns, so the first quotes show both sides.
    quotes = [pair for turn in zip_longest(*([(claim, cite) for cite in claim.citations]
                                             for claim in shown))
              for pair in turn if pair is not None]
    for claim, cite in quotes[:QUOTES_SHOWN]:
        words = cite.exact if len(cite.exact) <= QUOTE_CHARS else cite.exact[:QUOTE_CHARS] + "…"
        stance = "" if cite.stance == "supports" else f"[{cite.stance}] "
        where = " · ".join(p for p in (cite.source_title, cite.publisher, cite.grade) if p)
        value = display_value(evidence.property.datatype, claim.value or "")
        which = f"  (for “{value}”)" if cell.conflict else ""
        lines.append(f"\n{stance}“{words}”\n— {where}{which}")
    if len(quotes) > QUOTES_SHOWN:
        lines.append(f"\n…and {len(quotes) - QUOTES_SHOWN} more: select the cell to see all.")
    return "\n".join(lines)
