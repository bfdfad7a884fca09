"""Importing files as sources: one transaction per file, duplicates recognised, new versions of a
source added as new texts with their excerpts re-anchored, mentions found."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from desktop.domain.reanchor import Cancelled
from desktop.domain.text import sha256_bytes, sha256_text
from desktop.ingest.extract import Document, Limits
from desktop.ingest.sandbox import Extractor, Read
from desktop.storage import anchors, entities, excerpts, sources
from desktop.storage.casefile import Case
from desktop.storage.changes import Change, Writer, write

SIMILAR_CHARS = 4000  # how much of two texts is compared to call them versions of one article
SAME_ARTICLE = 60  # rapidfuzz ratio (0-100) above which they are
ANCHOR_ORDER = ("exact", "moved", "fuzzy", "orphan")


@dataclass(frozen=True)
class ImportResult:
    """What became of one file."""

    path: Path
    outcome: str  # added | duplicate | updated | refused | cancelled
    detail: str  # the source's title, or the reason for a refusal
    source_id: int | None = None
    anchors: dict[str, int] = field(default_factory=dict)  # re-anchoring results of an update
    notes: tuple[str, ...] = ()
    change: Change = field(default_factory=Change)

    @property
    def ok(self) -> bool:
        return self.outcome in ("added", "duplicate", "updated")

    def anchor_summary(self) -> str:
        """ "12 exact, 3 moved, 1 fuzzy, 1 orphan" (statuses with none left out)."""
        parts = [f"{self.anchors[s]} {s}" for s in ANCHOR_ORDER if self.anchors.get(s)]
        return ", ".join(parts) if parts else "no excerpts to re-anchor"

    def line(self) -> str:
        """The one line the command line prints for this file."""
        if self.outcome == "refused":
            return f"refused: {self.path}: {self.detail}"
        if self.outcome == "updated":
            return f"updated: {self.path}: {self.detail} ({self.anchor_summary()})"
        return f"{self.outcome}: {self.path}: {self.detail}"


def import_files(
    case: Case,
    paths: Iterable[Path],
    *,
    limits: Limits | None = None,
    update_source: int | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    extractor: Extractor | None = None,
) -> Iterator[ImportResult]:
    """Import each path in order, yielding its result as soon as its transaction is over.

    After a cancel, the file in hand is rolled back, and it and every file not reached are
    reported as cancelled, so the summary still lists every file asked for.
    """
    paths = list(paths)
    reported = 0
    own = extractor is None
    extractor = extractor or Extractor(limits)
    try:
        for read in extractor.read_all(paths, cancelled):
            if read.refused == "cancelled" or cancelled():
                break
            if read.document is None or read.data is None:
                result = ImportResult(read.path, "refused", read.refused or "could not be read")
            else:
                result = _import_one(case, read, update_source, cancelled)
            reported += 1
            yield result
            if result.outcome == "cancelled":
                break
    finally:
        if own:
            extractor.close()
    for path in paths[reported:]:
        yield ImportResult(path, "cancelled", "not imported: the import was cancelled")


def _import_one(case: Case, read: Read, update_source: int | None, cancelled) -> ImportResult:
    """One read file into the case; a failure to store it costs this file only."""
    try:
        return import_document(case, read.path, read.data, read.document,
                               update_source=update_source, cancelled=cancelled)
    except (sqlite3.DatabaseError, ValueError, UnicodeError) as exc:
        # Locked, disk full, read-only, a value storage refuses: the transaction rolled back,
        # the case is as it was.
        return ImportResult(read.path, "refused", f"could not be stored ({exc})")


def import_document(
    case: Case,
    path: Path,
    data: bytes,
    doc: Document,
    *,
    update_source: int | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> ImportResult:
    """Store one read file as a new source or a new text of an existing one, atomically."""
    try:
        with write(case, f"Import {path.name}") as w:
            result = _store(w, path, data, doc, update_source, cancelled)
            if cancelled():
                raise Cancelled
    except Cancelled:
        return ImportResult(path, "cancelled", "cancelled; nothing of it was kept")
    return ImportResult(
        path, result.outcome, result.detail, result.source_id, result.anchors,
        doc.notes, w.change,
    )


def _store(w: Writer, path: Path, data: bytes, doc: Document, update_source, cancelled):
    db = w.db
    target = update_source
    if target is None and doc.url:
        target = _same_article(db, doc, sources.source_with_url(db, doc.url))
    digest = sha256_bytes(data)
    same_bytes = sources.source_with_original(db, digest)
    # The same file again adds nothing, unless it is an earlier version of the source being
    # updated: going back to it is a new version like any other.
    if same_bytes is not None and (same_bytes != target
                                   or sources.current_original(db, target) == digest):
        title = sources.source_title(db, same_bytes)
        return ImportResult(path, "duplicate", f"same file as “{title}”", same_bytes)
    if target is None:
        same_text = sources.source_with_text(db, sha256_text(doc.text))
        if same_text is not None:
            title = sources.source_title(db, same_text)
            return ImportResult(path, "duplicate", f"same text as “{title}”", same_text)
        return _add(w, path, data, doc)
    return _update(w, path, data, doc, target, cancelled)


def _same_article(db, doc: Document, source_id: int | None) -> int | None:
    """The source at the same canonical URL, if it is plausibly the same article.

    Some sites give every page their home page as canonical URL: a different article there
    must become a new source, not a new version that orphans the other's excerpts.
    """
    if source_id is None:
        return None
    current = sources.current_text(db, source_id)
    if current is None or doc.title == sources.source_title(db, source_id):
        return source_id
    similar = fuzz.ratio(current.text[:SIMILAR_CHARS], doc.text[:SIMILAR_CHARS])
    return source_id if similar >= SAME_ARTICLE else None


def _add(w: Writer, path: Path, data: bytes, doc: Document) -> ImportResult:
    source_id = sources.add_source(
        w,
        title=doc.title or path.stem,
        publisher=doc.publisher,
        author=doc.author,
        url=doc.url,
        published=doc.published,
        published_note="from the file's metadata" if doc.published else None,
        language=doc.language,
        file_name=path.name,
    )
    text = sources.add_text(w, source_id, doc.text, data, doc.media_type, doc.pages)
    _find_mentions(w, text)
    return ImportResult(path, "added", doc.title or path.stem, source_id)


def _update(w, path, data, doc, source_id: int, cancelled) -> ImportResult:
    title = sources.source_title(w.db, source_id)
    if not title and not sources.source_exists(w.db, source_id):
        raise ValueError(f"no source {source_id} to update")
    current = sources.current_text(w.db, source_id)
    if current is not None and current.text_sha256 == sha256_text(doc.text):
        return ImportResult(path, "duplicate", f"same text as “{title}”", source_id)
    text = sources.add_text(w, source_id, doc.text, data, doc.media_type, doc.pages)
    counts: Counter[str] = anchors.reanchor_source(w, text, cancelled)
    _find_mentions(w, text)
    return ImportResult(path, "updated", title, source_id, dict(counts))


def _find_mentions(w: Writer, text: sources.SourceText) -> None:
    excerpts.refresh_mentions(w, text, entities.names_by_entity(w.db))
