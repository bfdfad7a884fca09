"""Excerpts (the exact words quoted from a source) and computed entity mentions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from desktop.domain.anchoring import Selector
from desktop.domain.mentions import find_mentions
from desktop.domain.pages import page_of
from desktop.storage.changes import Writer, new_uid, now_iso
from desktop.storage.sources import SourceText


def add_excerpt(
    w: Writer,
    text: SourceText,
    selector: Selector,
    *,
    page: int | None = None,
    uid: str | None = None,
) -> int:
    """The excerpt for these words of this text, reusing one that already marks them."""
    existing = w.db.execute(
        "SELECT id FROM excerpts WHERE source_id = ? AND start_pos = ? AND end_pos = ?"
        " AND text_sha256 = ?",
        [text.source_id, selector.start, selector.end, text.text_sha256],
    ).fetchone()
    if existing:
        return existing[0]
    if page is None:
        page = page_of(text.pages, selector.start)
    return w.insert(
        "excerpts",
        {
            "uid": uid or new_uid(),
            "source_id": text.source_id,
            "start_pos": selector.start,
            "end_pos": selector.end,
            "exact": selector.exact,
            "prefix": selector.prefix,
            "suffix": selector.suffix,
            "text_sha256": text.text_sha256,
            "anchor_status": "exact",
            "anchor_score": 1.0,
            "page": page,
            "created_at": now_iso(),
            "created_by": w.actor,
        },
    )


def refresh_mentions(
    w: Writer, text: SourceText, names: Mapping[int, Sequence[str]]
) -> int:
    """Recompute where the case's entity names occur in a source; returns how many were found."""
    found = find_mentions(text.text, names)
    w.replace_derived(
        "mentions",
        {"source_id": text.source_id},
        ({"source_id": text.source_id, "entity_id": m.entity_id, "start_pos": m.start,
          "end_pos": m.end} for m in found),
    )
    return len(found)
