"""Keeping excerpts on their words when a source gets a new text; reviewing doubtful ones."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from desktop.domain.anchoring import AnchorError, Selector, occurrences, selector_at
from desktop.domain.pages import page_of
from desktop.domain.reanchor import Anchor, reanchor_all
from desktop.storage.changes import Writer
from desktop.storage.sources import SourceText, current_text

REVIEW_STATUSES = ("fuzzy", "orphan")  # what a person must look at after an update
CONTEXT = 160  # characters of context shown either side in the review


def reanchor_source(
    w: Writer, text: SourceText, cancelled: Callable[[], bool] | None = None
) -> Counter[str]:
    """Re-anchor every excerpt of the source to its new text; returns how many got each status.

    Excerpts already on this text are left alone. The words an excerpt quoted (exact, prefix,
    suffix) are kept for fuzzy and orphaned ones, so the review can show old beside new.
    """
    rows = w.db.execute(
        "SELECT x.id, x.start_pos, x.end_pos, x.exact, x.prefix, x.suffix,"
        " (SELECT length(t.text) FROM source_texts t WHERE t.source_id = x.source_id"
        "  AND t.text_sha256 = x.text_sha256 LIMIT 1)"
        # Orphans too: words lost in one version may come back in the next.
        " FROM excerpts x WHERE x.source_id = ?"
        " AND (x.text_sha256 != ? OR x.anchor_status = 'orphan') ORDER BY x.id",
        [text.source_id, text.text_sha256],
    ).fetchall()
    counts: Counter[str] = Counter()
    # Versions may differ in length; each group is scaled by its own old length.
    by_length: dict[int | None, list[tuple]] = {}
    for row in rows:
        by_length.setdefault(row[6], []).append(row)
    for old_length, group in by_length.items():
        selectors = [Selector(r[1], r[2], r[3], r[4], r[5]) for r in group]
        anchors = reanchor_all(text.text, selectors, old_length=old_length, cancelled=cancelled)
        for row, anchor in zip(group, anchors, strict=True):
            _apply(w, row[0], text, anchor)
            counts[anchor.status] += 1
    return counts


def _apply(w: Writer, excerpt_id: int, text: SourceText, anchor: Anchor) -> None:
    if anchor.status == "orphan" or anchor.start is None or anchor.end is None:
        # Positions and hash stay those of the text the words were last found in.
        w.update("excerpts", excerpt_id, {"anchor_status": "orphan", "anchor_score": 0.0})
        return
    values = {
        "start_pos": anchor.start,
        "end_pos": anchor.end,
        "text_sha256": text.text_sha256,
        "anchor_status": anchor.status,
        "anchor_score": anchor.score,
        "page": page_of(text.pages, anchor.start),
    }
    if anchor.status != "fuzzy":
        # Same words (whitespace aside): the quote and its context follow them.
        found = selector_at(text.text, anchor.start, anchor.end)
        values |= {"exact": found.exact, "prefix": found.prefix, "suffix": found.suffix}
    w.update("excerpts", excerpt_id, values)


@dataclass(frozen=True)
class ReviewItem:
    """A doubtful excerpt: the words as quoted beside where they may now be."""

    excerpt_id: int
    uid: str
    source_id: int
    source_title: str
    status: str  # fuzzy | orphan
    score: float | None
    old_prefix: str
    old_exact: str
    old_suffix: str
    new_before: str  # for an orphan: the current text around where the words used to be
    new_match: str  # empty for an orphan
    new_after: str
    new_start: int | None  # where new_before starts in the current text
    citations: int
    text_sha256: str  # of the current text the new context comes from


def review_ids(db: Database, source_id: int | None = None) -> list[int]:
    """Fuzzy and orphaned excerpts, by source then position."""
    where = "anchor_status IN ('fuzzy', 'orphan')"
    params: list = []
    if source_id is not None:
        where += " AND source_id = ?"
        params.append(source_id)
    # where is built from constants above; the source id is a parameter.
    sql = f"SELECT id FROM excerpts WHERE {where} ORDER BY source_id, start_pos, id"  # noqa: S608
    return [r[0] for r in db.execute(sql, params)]


def review_count(db: Database) -> int:
    return db.execute(
        "SELECT COUNT(*) FROM excerpts WHERE anchor_status IN ('fuzzy', 'orphan')"
    ).fetchone()[0]


def review_item(db: Database, excerpt_id: int) -> ReviewItem | None:
    return review_items(db, [excerpt_id]).get(excerpt_id)


def review_items(db: Database, excerpt_ids: Sequence[int]) -> dict[int, ReviewItem]:
    """Review items by excerpt id; each source's current text is read once for all of them."""
    texts: dict[int, SourceText | None] = {}
    found = {}
    for excerpt_id in excerpt_ids:
        item = _review_item(db, excerpt_id, texts)
        if item is not None:
            found[excerpt_id] = item
    return found


def _review_item(db: Database, excerpt_id: int, texts: dict) -> ReviewItem | None:
    row = db.execute(
        "SELECT x.uid, x.source_id, s.title, x.anchor_status, x.anchor_score, x.prefix, x.exact,"
        " x.suffix, x.start_pos, x.end_pos,"
        " (SELECT COUNT(*) FROM citations c WHERE c.excerpt_id = x.id)"
        " + (SELECT COUNT(*) FROM event_citations e WHERE e.excerpt_id = x.id)"
        " FROM excerpts x JOIN sources s ON s.id = x.source_id WHERE x.id = ?",
        [excerpt_id],
    ).fetchone()
    if row is None:
        return None
    uid, source_id, title, status, score, prefix, exact, suffix, start, end, cited = row
    if source_id not in texts:
        texts[source_id] = current_text(db, source_id)
    text = texts[source_id]
    body = text.text if text else ""
    if status == "orphan":
        start = end = _where_it_was(body, prefix, suffix, start)
    begin = max(0, start - CONTEXT)
    return ReviewItem(
        excerpt_id, uid, source_id, title, status, score, prefix, exact, suffix,
        body[begin:start], body[start:end], body[end : end + CONTEXT], begin, cited,
        text.text_sha256 if text else "",
    )


def _where_it_was(text: str, prefix: str, suffix: str, old_start: int) -> int:
    """Where an orphan's words would have been in the current text: just after its old prefix
    or just before its old suffix if either is still there (nearest the old position), else
    its old position."""
    for context, after in ((prefix, True), (suffix, False)):
        if len(context.strip()) < 8:
            continue  # a few characters could be anywhere
        found = occurrences(text, context)
        if found:
            best = min(found, key=lambda i: abs(i - old_start))
            return best + len(context) if after else best
    return min(old_start, len(text))


def accept_anchor(w: Writer, excerpt_id: int) -> None:
    """The fuzzy match is right: the excerpt now quotes the words found in the current text."""
    row = w.db.execute(
        "SELECT source_id, start_pos, end_pos, anchor_status, text_sha256 FROM excerpts"
        " WHERE id = ?",
        [excerpt_id],
    ).fetchone()
    if row is None or row[3] != "fuzzy":
        raise ValueError("only a fuzzy excerpt can be accepted")
    reselect_anchor(w, excerpt_id, row[1], row[2], row[4])


def reselect_anchor(
    w: Writer, excerpt_id: int, start: int, end: int, text_sha256: str | None = None
) -> None:
    """Anchor the excerpt to these words of its source's current text.

    text_sha256 is the text the words were chosen in: if a newer text arrived meanwhile, the
    positions mean other words, so nothing is changed.
    """
    source_id = w.db.execute(
        "SELECT source_id FROM excerpts WHERE id = ?", [excerpt_id]
    ).fetchone()
    text = current_text(w.db, source_id[0]) if source_id else None
    if text is None:
        raise ValueError("the excerpt's source has no text")
    if text_sha256 is not None and text_sha256 != text.text_sha256:
        raise ValueError("the source has a newer text since these words were shown; look again")
    try:
        chosen = selector_at(text.text, start, end)
    except AnchorError as exc:
        raise ValueError(str(exc)) from exc
    w.update(
        "excerpts",
        excerpt_id,
        {
            "start_pos": chosen.start, "end_pos": chosen.end, "exact": chosen.exact,
            "prefix": chosen.prefix, "suffix": chosen.suffix, "text_sha256": text.text_sha256,
            "anchor_status": "exact", "anchor_score": 1.0,
            "page": page_of(text.pages, chosen.start),
        },
    )


def drop_excerpt(w: Writer, excerpt_id: int) -> None:
    """Remove an excerpt and the citations that lean on it; the claims and events stay."""
    for table in ("citations", "event_citations"):
        # table comes from the tuple above, never from input.
        ids = w.db.execute(
            f"SELECT id FROM {table} WHERE excerpt_id = ?", [excerpt_id]  # noqa: S608
        ).fetchall()
        for (row_id,) in ids:
            w.delete(table, row_id)
    for (row_id,) in w.db.execute(
        "SELECT id FROM annotations WHERE excerpt_id = ?", [excerpt_id]
    ).fetchall():
        w.update("annotations", row_id, {"excerpt_id": None})
    w.delete("excerpts", excerpt_id)
