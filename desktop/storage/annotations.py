"""Annotations: reviewers' notes on a source's words or on a whole source, threaded by replies."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from desktop.domain.anchoring import selector_at
from desktop.domain.vocab import ANNOTATION_STATUSES, MOTIVATIONS
from desktop.storage.changes import Writer, new_uid, now_iso
from desktop.storage.excerpts import add_excerpt
from desktop.storage.sources import current_text, source_exists

MAX_BODY_CHARS = 100_000
MAX_TAGS = 50
MAX_TAG_CHARS = 100
MAX_TIMESTAMP_CHARS = 64


@dataclass(frozen=True)
class AnnotationView:
    id: int
    uid: str
    source_id: int
    source_title: str
    excerpt_id: int | None
    exact: str | None  # the quoted words; None for a note on the whole source
    start: int | None
    end: int | None
    motivation: str
    body: str  # Markdown: render with desktop.report.markup.render_markdown
    tags: tuple[str, ...]
    status: str
    reviewer: str | None
    reply_to: int | None
    private: bool
    created: str
    modified: str
    anchor_status: str | None  # of the excerpt: exact | moved | fuzzy | orphan


def check_timestamp(value: Any, what: str = "timestamp") -> str:
    """An ISO 8601 date-time as given; ValueError for anything else."""
    if not isinstance(value, str) or len(value) > MAX_TIMESTAMP_CHARS:
        raise ValueError(f"{what} is not an ISO 8601 date-time")
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what} {value!r} is not an ISO 8601 date-time") from None
    return value


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags trimmed, empty ones dropped, each once, in the order given; ValueError past limits."""
    if isinstance(tags, str):
        raise ValueError("tags must be a list of words, not one string")
    found: list[str] = []
    for tag in tags:
        if not isinstance(tag, str):
            raise ValueError(f"a tag must be text, not {type(tag).__name__}")
        tag = " ".join(tag.split())
        if len(tag) > MAX_TAG_CHARS:
            raise ValueError(f"a tag is longer than {MAX_TAG_CHARS} characters")
        if tag and tag not in found:
            found.append(tag)
    if len(found) > MAX_TAGS:
        raise ValueError(f"{len(found)} tags; at most {MAX_TAGS} are allowed")
    return found


def _check(motivation: str | None, status: str | None, body: str | None) -> None:
    if motivation is not None and motivation not in MOTIVATIONS:
        raise ValueError(f"unknown motivation {motivation!r}; expected one of "
                         f"{', '.join(MOTIVATIONS)}")
    if status is not None and status not in ANNOTATION_STATUSES:
        raise ValueError(f"unknown status {status!r}; expected open or resolved")
    if body is not None and (not isinstance(body, str) or len(body) > MAX_BODY_CHARS):
        raise ValueError(f"the note must be text of at most {MAX_BODY_CHARS:,} characters")


def add_annotation(
    w: Writer, source_id: int, *, excerpt_id: int | None = None, body: str = "",
    tags: Iterable[str] = (), motivation: str = "commenting", status: str = "open",
    private: bool = False, reply_to: int | None = None, uid: str | None = None,
    created: str | None = None, modified: str | None = None, reviewer: str | None = None,
) -> int:
    """A note by w.actor (or the reviewer named, for an import). A reply belongs to its
    parent's source and quotes no words of its own; it inherits nothing else."""
    _check(motivation, status, body)
    tag_list = clean_tags(tags)
    if not source_exists(w.db, source_id):
        raise ValueError(f"no source {source_id}")
    if excerpt_id is not None:
        row = w.db.execute("SELECT source_id FROM excerpts WHERE id = ?", [excerpt_id]).fetchone()
        if row is None or row[0] != source_id:
            raise ValueError("the excerpt is not one of this source's")
    if reply_to is not None:
        row = w.db.execute("SELECT source_id FROM annotations WHERE id = ?", [reply_to]).fetchone()
        if row is None or row[0] != source_id:
            raise ValueError("a reply must answer an annotation on the same source")
        if excerpt_id is not None:
            raise ValueError("a reply answers an annotation; it quotes no words of its own")
    created = check_timestamp(created, "created") if created is not None else now_iso()
    modified = check_timestamp(modified, "modified") if modified is not None else created
    return w.insert("annotations", {
        "uid": uid or new_uid(), "source_id": source_id, "excerpt_id": excerpt_id,
        "motivation": motivation, "body": body, "tags": json.dumps(tag_list, ensure_ascii=False),
        "status": status, "reviewer": reviewer if reviewer is not None else w.actor,
        "reply_to": reply_to, "private": int(bool(private)), "created": created,
        "modified": modified,
    })


def annotate_words(w: Writer, source_id: int, start: int, end: int, *,
                   text_sha256: str | None = None, **same: Any) -> int:
    """A note on the words start:end of the source's current text (its excerpt made or reused).
    text_sha256, when given, is the text the positions were taken from: a newer version
    imported while the note was written is refused rather than noted at the wrong words."""
    text = current_text(w.db, source_id)
    if text is None:
        raise ValueError("the source has no text to annotate")
    if text_sha256 is not None and text.text_sha256 != text_sha256:
        raise ValueError("a newer version of the source arrived meanwhile; select the words "
                         "again in it")
    excerpt_id = add_excerpt(w, text, selector_at(text.text, start, end))
    return add_annotation(w, source_id, excerpt_id=excerpt_id, **same)


def update_annotation(
    w: Writer, annotation_id: int, *, body: str | None = None,
    tags: Iterable[str] | None = None, motivation: str | None = None,
    status: str | None = None, modified: str | None = None,
) -> None:
    """Change what is given; modified becomes now (or the time given, for an import)."""
    _check(motivation, status, body)
    if w.db.execute("SELECT 1 FROM annotations WHERE id = ?", [annotation_id]).fetchone() is None:
        raise ValueError(f"no annotation {annotation_id}")
    values: dict[str, Any] = {k: v for k, v in (("body", body), ("motivation", motivation),
                                                ("status", status)) if v is not None}
    if tags is not None:
        values["tags"] = json.dumps(clean_tags(tags), ensure_ascii=False)
    values["modified"] = (check_timestamp(modified, "modified") if modified is not None
                          else now_iso())
    w.update("annotations", annotation_id, values)


def set_status(w: Writer, annotation_id: int, status: str) -> None:
    update_annotation(w, annotation_id, status=status)


def delete_annotation(w: Writer, annotation_id: int) -> None:
    """Delete a note and its replies, deepest first, each one logged (SQL would cascade them
    unlogged, and undo could not bring them back)."""
    rows = w.db.execute(
        "WITH RECURSIVE t(id, depth) AS (SELECT id, 0 FROM annotations WHERE id = ?"
        " UNION ALL SELECT a.id, t.depth + 1 FROM annotations a JOIN t ON a.reply_to = t.id"
        " WHERE t.depth < 100000) SELECT id FROM t ORDER BY depth DESC, id DESC",
        [annotation_id],
    ).fetchall()
    if not rows:
        raise ValueError(f"no annotation {annotation_id}")
    for (row_id,) in rows:
        w.delete("annotations", row_id)


_VIEW_SQL = (
    "SELECT a.id, a.uid, a.source_id, s.title, a.excerpt_id, x.exact, x.start_pos, x.end_pos,"
    " a.motivation, a.body, a.tags, a.status, a.reviewer, a.reply_to, a.private, a.created,"
    " a.modified, x.anchor_status FROM annotations a JOIN sources s ON s.id = a.source_id"
    " LEFT JOIN excerpts x ON x.id = a.excerpt_id WHERE a.id IN (SELECT value FROM json_each(?))"
)
# A thread matches when its first note has the status and source asked for, and any note of
# it (first or reply) has the reviewer, the tag and the words. A filter given as NULL is off.
_THREADS_SQL = """
WITH RECURSIVE roots(id, root) AS (
    SELECT id, id FROM annotations WHERE reply_to IS NULL
    UNION ALL SELECT a.id, r.root FROM annotations a JOIN roots r ON a.reply_to = r.id)
SELECT t.id FROM annotations t
WHERE t.reply_to IS NULL
  AND (:status IS NULL OR t.status = :status)
  AND (:source IS NULL OR t.source_id = :source)
  AND ((:reviewer IS NULL AND :tag IS NULL AND :like IS NULL) OR EXISTS (
      SELECT 1 FROM roots r JOIN annotations a ON a.id = r.id
      WHERE r.root = t.id
        AND (:reviewer IS NULL OR a.reviewer = :reviewer)
        AND (:tag IS NULL OR EXISTS (SELECT 1 FROM json_each(
             CASE WHEN json_valid(a.tags) THEN a.tags ELSE '[]' END) j WHERE j.value = :tag))
        AND (:like IS NULL OR a.body LIKE :like ESCAPE '\\' OR a.tags LIKE :like ESCAPE '\\')))
ORDER BY t.created, t.id
"""


def tags_of(text: str | None) -> tuple[str, ...]:
    """A stored JSON list of tags; damaged text reads as none."""
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return ()
    return tuple(t for t in value if isinstance(t, str)) if isinstance(value, list) else ()


def _view(row: Sequence[Any]) -> AnnotationView:
    values = list(row)
    values[10] = tags_of(values[10])
    values[14] = bool(values[14])
    return AnnotationView(*values)


def annotation_ids(
    db: Database, *, reviewer: str | None = None, status: str | None = None,
    tag: str | None = None, source_id: int | None = None, contains: str = "",
) -> list[int]:
    """The first notes of the threads that match, oldest first. Status and source are the
    thread's (its first note's); reviewer, tag and words match any note in the thread."""
    like = None
    if contains:
        escaped = contains.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{escaped}%"
    params = {"status": status, "source": source_id, "reviewer": reviewer, "tag": tag,
              "like": like}
    return [row[0] for row in db.execute(_THREADS_SQL, params)]


def annotation_views(db: Database, ids: Sequence[int]) -> list[AnnotationView]:
    """The annotations with these ids, in the order given (unknown ids left out)."""
    found = {row[0]: _view(row) for row in db.execute(_VIEW_SQL, [json.dumps(list(ids))])}
    return [found[i] for i in ids if i in found]


def thread(db: Database, annotation_id: int) -> list[AnnotationView]:
    """The thread an annotation is in: its first note, then every reply by when it was made."""
    top = db.execute(
        "WITH RECURSIVE up(id, parent, depth) AS (SELECT id, reply_to, 0 FROM annotations"
        " WHERE id = ? UNION ALL SELECT a.id, a.reply_to, up.depth + 1 FROM annotations a"
        " JOIN up ON a.id = up.parent WHERE up.depth < 100000)"
        " SELECT id FROM up WHERE parent IS NULL", [annotation_id]).fetchone()
    if top is None:
        return []
    rows = db.execute(
        "WITH RECURSIVE down(id, depth) AS (SELECT ?, 0 UNION ALL SELECT a.id, down.depth + 1"
        " FROM annotations a JOIN down ON a.reply_to = down.id WHERE down.depth < 100000)"
        " SELECT d.id FROM down d JOIN annotations a ON a.id = d.id"
        " ORDER BY d.depth > 0, a.created, a.id", [top[0]]).fetchall()
    return annotation_views(db, [row[0] for row in rows])


def reviewers(db: Database) -> list[str]:
    return [row[0] for row in db.execute(
        "SELECT DISTINCT reviewer FROM annotations WHERE reviewer IS NOT NULL AND reviewer != ''"
        " ORDER BY reviewer COLLATE NOCASE")]


def tags(db: Database) -> list[str]:
    return [row[0] for row in db.execute(
        "SELECT DISTINCT j.value FROM annotations a,"
        " json_each(CASE WHEN json_valid(a.tags) THEN a.tags ELSE '[]' END) j"
        " WHERE j.type = 'text' ORDER BY j.value COLLATE NOCASE")]


def spans_for_source(db: Database, source_id: int, text_sha256: str) -> list[tuple[int, int, int]]:
    """(annotation id, start, end) of the annotated words in this text of the source."""
    return [tuple(row) for row in db.execute(
        "SELECT a.id, x.start_pos, x.end_pos FROM annotations a JOIN excerpts x"
        " ON x.id = a.excerpt_id WHERE a.source_id = ? AND x.text_sha256 = ?"
        " AND x.anchor_status != 'orphan' ORDER BY x.start_pos, a.id",
        [source_id, text_sha256])]
