"""Importing exchanged annotations into a case: each matched to a source, anchored again to its
current text, all in one transaction; a refusal anywhere imports nothing."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from desktop.domain.anchoring import Selector, selector_at
from desktop.domain.reanchor import Anchor, Cancelled, TextIndex, reanchor
from desktop.ingest.annotation_formats import (
    Incoming,
    Refusal,
    load,
    parse,
    recognise,
    sniff,
    uuid_in,
)
from desktop.storage import sources
from desktop.storage.annotations import add_annotation, update_annotation
from desktop.storage.casefile import Case
from desktop.storage.changes import Change, Writer, write
from desktop.storage.excerpts import add_excerpt

ACTION = "Import annotations"
MAX_FUZZY_QUOTE = 500  # characters: longer quotes are found exactly or reported as orphans
_SHOWN = 3  # orphans and unmatched sources named in the one-line summary


@dataclass
class ImportReport:
    """What became of one annotation file."""

    path: Path
    added: int = 0
    updated: int = 0
    skipped: int = 0  # already in the case, and not changed since
    orphans: list[tuple[str, str, str]] = field(default_factory=list)  # (id, quote, reason)
    unmatched_sources: list[str] = field(default_factory=list)  # addresses no source has
    refused: str | None = None  # "<file>: <problem>"; then nothing was imported
    change: Change = field(default_factory=Change)
    batch: str | None = None  # the change log's name for its writes: what Undo reverts

    @property
    def ok(self) -> bool:
        return self.refused is None

    def line(self) -> str:
        """The one line the command line prints for this file, printable whatever the file
        held (a lone surrogate in an id cannot be written to a terminal)."""
        return self._line().encode("utf-8", "backslashreplace").decode("utf-8")

    def _line(self) -> str:
        if self.refused is not None:
            return f"refused: {self.refused}"
        line = (f"annotations: {self.path}: added {self.added}, updated {self.updated}, "
                f"skipped {self.skipped}, orphans {len(self.orphans)}")
        if self.orphans:
            named = [f"{label} “{_short(quote)}” ({reason})" if quote else f"{label} ({reason})"
                     for label, quote, reason in self.orphans[:_SHOWN]]
            line += ": " + "; ".join(named) + ("; …" if len(self.orphans) > _SHOWN else "")
        if self.unmatched_sources:
            shown = ", ".join(self.unmatched_sources[:_SHOWN])
            more = ", …" if len(self.unmatched_sources) > _SHOWN else ""
            line += (f"; not imported, no such source in the case: {shown}{more}")
        return line


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_annotation_file(path: Path) -> bool:
    """Whether the import command should hand this file to import_annotations: named .json or
    .jsonld, or JSON whose content is an annotation export."""
    if path.suffix.lower() in (".json", ".jsonld"):
        return True
    try:
        with path.open("rb") as handle:
            if not sniff(handle.read(64)):
                return False
        return recognise(load(path)) is not None
    except (OSError, Refusal):
        return False


def import_annotations(case: Case, path: Path, *,
                       progress: Callable[[int, int], None] | None = None,
                       cancelled: Callable[[], bool] | None = None) -> ImportReport:
    """Import a W3C Web Annotation JSON-LD or Hypothesis export file, all of it or nothing.
    progress(done, total) is told as notes are stored; cancelled() stops it, importing
    nothing."""
    path = Path(path)
    try:
        items = parse(load(path))
    except Refusal as exc:
        return ImportReport(path, refused=f"{path}: {exc}")
    report = ImportReport(path)
    try:
        with write(case, ACTION) as w:
            _Store(w, report, progress, cancelled).run(items)
    except Cancelled:
        return ImportReport(path, refused=f"{path}: cancelled; nothing was imported")
    except (ValueError, sqlite3.DatabaseError) as exc:
        # Locked, read-only, a value storage refuses: rolled back, the case is as it was.
        return ImportReport(path, refused=f"{path}: could not be stored ({exc})")
    report.change, report.batch = w.change, w.batch
    return report


class _Store:
    """One import's writes, with what it has learnt of the case's sources on the way."""

    def __init__(self, w: Writer, report: ImportReport,
                 progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> None:
        self.w, self.db, self.report = w, w.db, report
        self._progress, self._cancelled = progress, cancelled
        self.ids: dict[str, int | None] = {}  # uid -> annotation id, None if not imported
        self._urls: dict[str, int] | None = None
        self._texts: dict[int, sources.SourceText | None] = {}
        self._indexes: dict[int, TextIndex] = {}  # one search index per source's text

    def run(self, items: list[Incoming]) -> None:
        """Threads in order: a reply is stored after the note it answers, wherever it is."""
        incoming = {item.uid for item in items}
        children: dict[str, list[Incoming]] = defaultdict(list)
        queue = deque()
        for item in items:
            if item.parent is not None and item.parent in incoming:
                children[item.parent].append(item)
            else:
                queue.append(item)
        done, total = 0, len(items)
        while queue:
            item = queue.popleft()
            if self._cancelled is not None and self._cancelled():
                raise Cancelled
            self.ids[item.uid] = self._one(item)
            done += 1
            if self._progress is not None and (done % 50 == 0 or done == total):
                self._progress(done, total)
            queue.extend(children.pop(item.uid, ()))
        for stranded in children.values():  # replies in a loop, with no first note
            for item in stranded:
                self._orphan(item, "its thread has no first note")

    def _one(self, item: Incoming) -> int | None:
        row = self.db.execute(
            "SELECT id, modified, body, tags, motivation, status FROM annotations"
            " WHERE uid IN (?, ?) ORDER BY uid = ? DESC LIMIT 1", _spellings(item.uid)
            + [item.uid]).fetchone()
        if row is not None:
            status = item.status or row[5]
            same = (item.body, json.dumps(list(item.tags), ensure_ascii=False),
                    item.motivation, status) == tuple(row[2:])
            if _newer(item.modified, row[1]) and not same:
                update_annotation(self.w, row[0], body=item.body, tags=item.tags,
                                  motivation=item.motivation, status=item.status,
                                  modified=item.modified)
                self.report.updated += 1
            else:  # already here as it is (a newer time alone changes nothing)
                self.report.skipped += 1
            return row[0]
        if item.parent is not None:
            return self._reply(item)
        source_id = self._source(item)
        if source_id is None:
            ref = item.source_refs[0] if item.source_refs else item.label
            if ref not in self.report.unmatched_sources:
                self.report.unmatched_sources.append(ref)
            return None
        excerpt_id = None
        if item.quote is not None or item.position is not None:
            excerpt_id, reason = self._excerpt(item, source_id)
            if excerpt_id is None:
                return self._orphan(item, reason)
        return self._add(item, source_id, excerpt_id=excerpt_id)

    def _reply(self, item: Incoming) -> int | None:
        parent = self.ids.get(item.parent) if item.parent in self.ids else self._existing(item)
        if parent is None:
            reason = ("answers an annotation that was not imported" if item.parent in self.ids
                      else "answers an annotation that is not in the case")
            return self._orphan(item, reason)
        source_id = self.db.execute("SELECT source_id FROM annotations WHERE id = ?",
                                    [parent]).fetchone()[0]
        return self._add(item, source_id, reply_to=parent)

    def _existing(self, item: Incoming) -> int | None:
        row = self.db.execute("SELECT id FROM annotations WHERE uid IN (?, ?) LIMIT 1",
                              _spellings(item.parent or "")).fetchone()
        return row[0] if row else None

    def _add(self, item: Incoming, source_id: int, **where: int | None) -> int:
        self.report.added += 1
        return add_annotation(
            self.w, source_id, body=item.body, tags=item.tags, motivation=item.motivation,
            status=item.status or "open", private=item.private, uid=item.uid,
            created=item.created,
            modified=item.modified or item.created, reviewer=item.reviewer, **where)

    def _orphan(self, item: Incoming, reason: str) -> None:
        self.report.orphans.append((item.label, item.quote.exact if item.quote else "", reason))

    def _source(self, item: Incoming) -> int | None:
        """By address, then by the text's hash, then by our own urn:uuid of the source."""
        for ref in item.source_refs:
            if urlsplit(ref).scheme.lower() in ("http", "https"):
                found = self._by_url(ref)
                if found is not None:
                    return found
        if item.sha256:
            found = sources.source_with_text(self.db, item.sha256) or self._one_value(
                "SELECT source_id FROM source_texts WHERE text_sha256 = ? LIMIT 1", item.sha256)
            if found is not None:
                return found
        for ref in item.source_refs:
            uid = uuid_in(ref)
            if uid is not None:
                found = self._one_value("SELECT id FROM sources WHERE uid = ?", uid)
                if found is not None:
                    return found
        return None

    def _one_value(self, sql: str, *values: object) -> int | None:
        row = self.db.execute(sql, list(values)).fetchone()
        return row[0] if row else None

    def _by_url(self, url: str) -> int | None:
        found = sources.source_with_url(self.db, url) or self._one_value(
            "SELECT id FROM sources WHERE url = ? ORDER BY id LIMIT 1", url)
        if found is not None:
            return found
        if self._urls is None:  # the same page under another spelling of its address
            self._urls = {}
            for source_id, *urls in self.db.execute(
                    "SELECT id, canonical_url, url FROM sources ORDER BY id DESC"):
                self._urls |= {_same_page(u): source_id for u in urls if u}
        return self._urls.get(_same_page(url))

    def _excerpt(self, item: Incoming, source_id: int) -> tuple[int | None, str]:
        if source_id not in self._texts:
            self._texts[source_id] = sources.current_text(self.db, source_id)
        text = self._texts[source_id]
        if text is None:
            return None, "the source has no text"
        anchor = self._anchor(item, text)
        if anchor.status == "orphan" or anchor.start is None or anchor.end is None:
            return None, ("its words are not in the source's text" if item.quote
                          else "no quote, and positions in another text than the source's")
        found = selector_at(text.text, anchor.start, anchor.end)
        if anchor.status != "fuzzy":
            return add_excerpt(self.w, text, found), ""
        same = self._one_value(  # a fuzzy match on words an excerpt marks already: that one
            "SELECT id FROM excerpts WHERE source_id = ? AND start_pos = ? AND end_pos = ?"
            " AND text_sha256 = ?", source_id, found.start, found.end, text.text_sha256)
        excerpt_id = add_excerpt(self.w, text, found)
        if same is None and item.quote is not None:
            # New: it quotes the words as given and waits for review, as after an update of
            # a source's text.
            self.w.update("excerpts", excerpt_id, {
                "exact": item.quote.exact, "prefix": item.quote.prefix,
                "suffix": item.quote.suffix, "anchor_status": "fuzzy",
                "anchor_score": anchor.score})
        return excerpt_id, ""

    def _anchor(self, item: Incoming, text: sources.SourceText) -> Anchor:
        start, end = item.position or (0, 0)
        if item.quote is None:  # positions alone hold only in the very text they count in
            if item.sha256 == text.text_sha256 and end <= len(text.text) and start < end:
                return Anchor("exact", start, end, 1.0)
            return Anchor("orphan", None, None, 0.0)
        old_length = sources.text_length(self.db, text.source_id, item.sha256) \
            if item.sha256 else None
        quote = item.quote
        if len(quote.exact) > MAX_FUZZY_QUOTE:
            # A fuzzy search for a long quote costs minutes on a long text (one file of a few
            # KB could hold the case's write lock that long): long quotes must match exactly.
            at = text.text.find(quote.exact)
            return Anchor("moved", at, at + len(quote.exact), 1.0) if at >= 0 \
                else Anchor("orphan", None, None, 0.0)
        if text.source_id not in self._indexes:
            self._indexes[text.source_id] = TextIndex(text.text)
        return reanchor(self._indexes[text.source_id],
                        Selector(start, end, quote.exact, quote.prefix, quote.suffix),
                        old_length=old_length)


def _spellings(uid: str) -> list[str]:
    """A uid as we write it and in capitals: earlier builds kept a urn:uuid as the file wrote
    it, and the index on uid answers exact matches only."""
    return [uid, uid.upper()]


def _newer(incoming: str | None, stored: str | None) -> bool:
    if incoming is None:
        return False
    if stored is None:
        return True
    try:
        return _instant(incoming) > _instant(stored)
    except ValueError:
        return incoming > stored


def _instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _same_page(url: str) -> str:
    """An address without what does not change the page: fragment, trailing slash, http or
    https, case of scheme and host, tracking parameters."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    query = "&".join(p for p in parts.query.split("&") if p and not p.startswith("utm_"))
    scheme = parts.scheme.lower()
    scheme = "https" if scheme == "http" else scheme
    return urlunsplit((scheme, parts.netloc.lower(), parts.path.rstrip("/"), query, ""))
