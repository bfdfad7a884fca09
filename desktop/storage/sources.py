"""Sources, their texts (one row per version) and their lineage."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from desktop.domain import vocab
from desktop.domain.dates import parse_edtf
from desktop.domain.text import sha256_bytes, sha256_text
from desktop.storage.changes import Writer, new_uid, now_iso
from desktop.storage.events import reresolve_for_source


@dataclass(frozen=True)
class SourceText:
    source_id: int
    version: int
    text: str
    text_sha256: str
    media_type: str | None = None
    original_sha256: str | None = None
    pages: tuple[int, ...] = ()  # where each PDF page starts; () for texts without pages


def add_source(
    w: Writer,
    *,
    title: str,
    publisher: str | None = None,
    author: str | None = None,
    url: str | None = None,
    published: str | None = None,
    published_note: str | None = None,
    language: str | None = None,
    file_name: str | None = None,
    reliability: str | None = None,
    reliability_note: str | None = None,
    uid: str | None = None,
) -> int:
    if reliability is not None and reliability not in vocab.RELIABILITY:
        raise ValueError(f"reliability must be one of A-F, not {reliability!r}")
    return w.insert(
        "sources",
        {
            "uid": uid or new_uid(),
            "title": title,
            "publisher": publisher,
            "author": author,
            "url": url,
            "canonical_url": url,
            **_published_columns(published, published_note),
            "language": language,
            "file_name": file_name,
            "reliability": reliability,
            "reliability_note": reliability_note,
            "added_at": now_iso(),
            "added_by": w.actor,
        },
    )


def set_published(w: Writer, source_id: int, published: str | None,
                  note: str | None = None) -> int:
    """Correct a source's publication date; the event dates resolved from phrases in it
    ("last week") are resolved again. Returns how many such events there were."""
    w.update("sources", source_id, _published_columns(published, note))
    return reresolve_for_source(w, source_id)


def _published_columns(published: str | None, note: str | None) -> dict:
    """The date as EDTF with its bounds (raises DateError for an unreadable one)."""
    bounds = parse_edtf(published) if published else None
    return {"published": published, "published_lower": bounds.lower if bounds else None,
            "published_upper": bounds.upper if bounds else None, "published_note": note}


def add_text(
    w: Writer,
    source_id: int,
    text: str,
    original: bytes | None,
    media_type: str,
    pages: tuple[int, ...] = (),
) -> SourceText:
    """Store a new version of a source's text; earlier versions are kept, never edited."""
    row = w.db.execute(
        "SELECT COALESCE(MAX(version), 0) FROM source_texts WHERE source_id = ?", [source_id]
    ).fetchone()
    version = row[0] + 1
    digest = sha256_text(text)
    w.insert(
        "source_texts",
        {
            "source_id": source_id,
            "version": version,
            "media_type": media_type,
            "text": text,
            "text_sha256": digest,
            "original_sha256": row_digest(original),
            "added_at": now_iso(),
            "added_by": w.actor,
            "original": original,
            "pages": json.dumps(list(pages)) if pages else None,
        },
    )
    return SourceText(
        source_id, version, text, digest, media_type, row_digest(original), tuple(pages)
    )


def row_digest(original: bytes | None) -> str | None:
    return sha256_bytes(original) if original is not None else None


def current_text(db: Database, source_id: int) -> SourceText | None:
    """The newest version of a source's text: the one excerpts are anchored against."""
    row = db.execute(
        "SELECT version, text, text_sha256, media_type, original_sha256, pages FROM source_texts"
        " WHERE source_id = ? ORDER BY version DESC LIMIT 1",
        [source_id],
    ).fetchone()
    if row is None:
        return None
    return SourceText(source_id, *row[:5], pages=tuple(json.loads(row[5])) if row[5] else ())


def current_original(db: Database, source_id: int) -> str | None:
    """The SHA-256 of the bytes the source's newest text came from (without reading the text)."""
    row = db.execute(
        "SELECT original_sha256 FROM source_texts WHERE source_id = ?"
        " ORDER BY version DESC LIMIT 1",
        [source_id],
    ).fetchone()
    return row[0] if row else None


def source_with_original(db: Database, original_sha256: str) -> int | None:
    """The source one of whose texts came from exactly these bytes."""
    row = db.execute(
        "SELECT source_id FROM source_texts WHERE original_sha256 = ? LIMIT 1", [original_sha256]
    ).fetchone()
    return row[0] if row else None


def source_with_text(db: Database, text_sha256: str) -> int | None:
    """The source whose newest text is exactly this text (the same article saved twice)."""
    row = db.execute(
        "SELECT t.source_id FROM source_texts t WHERE t.text_sha256 = ? AND t.version ="
        " (SELECT MAX(version) FROM source_texts WHERE source_id = t.source_id) LIMIT 1",
        [text_sha256],
    ).fetchone()
    return row[0] if row else None


def source_with_url(db: Database, canonical_url: str) -> int | None:
    row = db.execute(
        "SELECT id FROM sources WHERE canonical_url = ? ORDER BY id LIMIT 1", [canonical_url]
    ).fetchone()
    return row[0] if row else None


def source_title(db: Database, source_id: int) -> str:
    row = db.execute("SELECT title FROM sources WHERE id = ?", [source_id]).fetchone()
    return row[0] if row else ""


def text_length(db: Database, source_id: int, text_sha256: str) -> int | None:
    """How long the version of a source's text with this hash is (None if no such version)."""
    row = db.execute(
        "SELECT length(text) FROM source_texts WHERE source_id = ? AND text_sha256 = ? LIMIT 1",
        [source_id, text_sha256],
    ).fetchone()
    return row[0] if row else None


def add_lineage(
    w: Writer,
    source_id: int,
    relation: str,
    *,
    parent_id: int | None = None,
    parent_label: str | None = None,
    note: str | None = None,
) -> int:
    if relation not in vocab.LINEAGE_RELATIONS:
        raise ValueError(f"unknown lineage relation {relation!r}")
    if (parent_id is None) == (parent_label is None):
        raise ValueError("lineage needs exactly one of a parent source or a parent label")
    return w.insert(
        "source_lineage",
        {
            "uid": new_uid(),
            "source_id": source_id,
            "parent_id": parent_id,
            "parent_label": parent_label,
            "relation": relation,
            "note": note,
        },
    )


def source_exists(db: Database, source_id: int) -> bool:
    return db.execute("SELECT 1 FROM sources WHERE id = ?", [source_id]).fetchone() is not None
