"""Sources, their texts (one row per version) and their lineage."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from desktop.domain import vocab
from desktop.domain.dates import parse_edtf
from desktop.domain.text import sha256_bytes, sha256_text
from desktop.storage.changes import Writer, new_uid, now_iso


@dataclass(frozen=True)
class SourceText:
    source_id: int
    version: int
    text: str
    text_sha256: str
    media_type: str | None = None
    original_sha256: str | None = None


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
    bounds = parse_edtf(published) if published else None
    return w.insert(
        "sources",
        {
            "uid": uid or new_uid(),
            "title": title,
            "publisher": publisher,
            "author": author,
            "url": url,
            "canonical_url": url,
            "published": published,
            "published_lower": bounds.lower if bounds else None,
            "published_upper": bounds.upper if bounds else None,
            "published_note": published_note,
            "language": language,
            "file_name": file_name,
            "reliability": reliability,
            "reliability_note": reliability_note,
            "added_at": now_iso(),
            "added_by": w.actor,
        },
    )


def add_text(
    w: Writer, source_id: int, text: str, original: bytes | None, media_type: str
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
        },
    )
    return SourceText(source_id, version, text, digest, media_type, row_digest(original))


def row_digest(original: bytes | None) -> str | None:
    return sha256_bytes(original) if original is not None else None


def current_text(db: Database, source_id: int) -> SourceText | None:
    """The newest version of a source's text: the one excerpts are anchored against."""
    row = db.execute(
        "SELECT version, text, text_sha256, media_type, original_sha256 FROM source_texts"
        " WHERE source_id = ? ORDER BY version DESC LIMIT 1",
        [source_id],
    ).fetchone()
    return SourceText(source_id, *row) if row else None


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
