"""Annotations as W3C Web Annotation JSON-LD: one collection document, written atomically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop.storage.annotations import tags_of
from desktop.storage.atomic import replacing

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CASEFILE_PREFIX = "urn:casefile:"  # our own terms: casefile:status, casefile:private, ...
CONTEXT = [ANNO_CONTEXT, {"casefile": CASEFILE_PREFIX}]
REPLYING = "replying"  # the W3C motivation of a reply; its body's purpose keeps our own

_ROWS_SQL = (
    "SELECT a.uid, a.reply_to, a.motivation, a.body, a.tags, a.status, a.reviewer, a.private,"
    " a.created, a.modified, a.id, s.uid, s.url, x.start_pos, x.end_pos, x.exact, x.prefix,"
    " x.suffix, x.text_sha256,"
    " (SELECT t.text_sha256 FROM source_texts t WHERE t.source_id = a.source_id"
    "  ORDER BY t.version DESC LIMIT 1)"
    " FROM annotations a JOIN sources s ON s.id = a.source_id"
    " LEFT JOIN excerpts x ON x.id = a.excerpt_id ORDER BY a.id"
)


def urn(uid: str) -> str:
    return f"urn:uuid:{uid}"


def annotations_jsonld(db: Database, *, include_private: bool = False) -> dict[str, Any]:
    """Every annotation (private ones, and replies in their threads, only if asked for)."""
    uids: dict[int, str] = {}
    left_out: set[int] = set()
    items = []
    # Ordered by id, a reply comes after the note it answers (that note existed first).
    for row in db.execute(_ROWS_SQL):
        row_id, reply_to, private = row[10], row[1], bool(row[7])
        if (private and not include_private) or reply_to in left_out:
            left_out.add(row_id)
            continue
        uids[row_id] = row[0]
        items.append(_item(row, uids.get(reply_to)))
    title = db.execute("SELECT value FROM case_meta WHERE key = 'title'").fetchone()
    document: dict[str, Any] = {"@context": CONTEXT, "type": "AnnotationCollection"}
    if title and title[0]:
        document["label"] = f"Annotations of {title[0]}"
    return document | {"total": len(items), "items": items}


def _item(row: tuple, parent_uid: str | None) -> dict[str, Any]:
    (uid, reply_to, motivation, body, tags, status, reviewer, private, created, modified, _,
     source_uid, url, start, end, exact, prefix, suffix, excerpt_sha, text_sha) = row
    item: dict[str, Any] = {
        "id": urn(uid), "type": "Annotation",
        "motivation": REPLYING if reply_to is not None else motivation,
    }
    if reviewer:
        item["creator"] = {"type": "Person", "name": reviewer}
    item |= {"created": created, "modified": modified}
    item["body"] = [
        {"type": "TextualBody", "value": body, "format": "text/markdown", "purpose": motivation},
        *({"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in tags_of(tags)),
    ]
    if reply_to is not None:
        item["target"] = urn(parent_uid or "")
    else:
        source = url or urn(source_uid)
        item["target"] = source if exact is None else {"source": source, "selector": [
            {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix},
            {"type": "TextPositionSelector", "start": start, "end": end},
        ]}
        item["casefile:source"] = urn(source_uid)
        sha = excerpt_sha if exact is not None else text_sha
        if sha:
            item["casefile:sourceSha256"] = sha  # the text the positions count in
    item |= {"casefile:status": status, "casefile:private": bool(private)}
    return item


def write_annotations_jsonld(db: Database, out: Path, *, include_private: bool = False) -> int:
    """Write the collection beside out, then rename it there; returns how many annotations."""
    document = annotations_jsonld(db, include_private=include_private)
    with replacing(Path(out)) as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)
    return len(document["items"])
