"""`casefile export --json`: the whole case as one JSON document (shape in README.md)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop.domain.vocab import grade
from desktop.storage.atomic import replacing
from desktop.storage.sources import current_text

FORMAT = "casefile-export"
FORMAT_VERSION = 1


def export_case(db: Database, casefile_version: str) -> dict[str, Any]:
    uids = _uid_maps(db)
    excerpts = _excerpts(db, uids)
    reliability = dict(db.execute("SELECT id, reliability FROM sources").fetchall())
    source_of = dict(db.execute("SELECT id, source_id FROM excerpts").fetchall())
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "casefile_version": casefile_version,
        "case": dict(db.execute("SELECT key, value FROM case_meta").fetchall()),
        "sources": _sources(db, uids),
        "entities": _entities(db, uids),
        "properties": [
            {"key": r["key"], "label": r["label"], "datatype": r["datatype"],
             "description": r["description"], "order": r["ord"]}
            for r in db.table("properties").rows_where(order_by="ord, id")
        ],
        "claims": _claims(db, uids, excerpts, reliability, source_of),
        "events": _events(db, uids, excerpts, reliability, source_of),
        "annotations": _annotations(db, uids),
        "briefings": [
            {k: r[k] for k in ("uid", "title", "subtitle", "author", "date", "caveat", "body",
                               "page_size", "is_default", "created", "modified")}
            | {"sections": _json_list(r["sections"])}
            for r in db.table("briefings").rows_where(order_by="id")
        ],
    }


def write_export(db: Database, out: Path, casefile_version: str) -> None:
    """Write to a temporary file beside out, then rename: a failed export leaves nothing."""
    document = export_case(db, casefile_version)
    with replacing(out) as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)


def _json_list(text: str | None) -> list:
    """A stored JSON list; damaged text exports as an empty list rather than failing."""
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def _uid_maps(db: Database) -> dict[str, dict[int, str]]:
    return {
        table: dict(db.execute(f"SELECT id, uid FROM {table}").fetchall())  # noqa: S608 - code names
        for table in ("sources", "entities", "excerpts", "claims", "events", "annotations")
    } | {"properties": dict(db.execute("SELECT id, key FROM properties").fetchall())}


def _sources(db: Database, uids) -> list[dict[str, Any]]:
    lineage = defaultdict(list)
    for r in db.table("source_lineage").rows_where(order_by="id"):
        lineage[r["source_id"]].append(
            {"relation": r["relation"], "parent": uids["sources"].get(r["parent_id"]),
             "parent_label": r["parent_label"], "note": r["note"]}
        )
    out = []
    for r in db.table("sources").rows_where(order_by="id"):
        text = current_text(db, r["id"])
        out.append({
            "uid": r["uid"], "title": r["title"], "publisher": r["publisher"],
            "author": r["author"], "url": r["url"], "language": r["language"],
            "file_name": r["file_name"],
            "published": {"edtf": r["published"], "lower": r["published_lower"],
                          "upper": r["published_upper"], "note": r["published_note"]},
            "reliability": {"grade": r["reliability"], "note": r["reliability_note"]},
            "added_at": r["added_at"], "added_by": r["added_by"],
            "text_version": text.version if text else None,
            "media_type": text.media_type if text else None,
            "text": text.text if text else None,
            "text_sha256": text.text_sha256 if text else None,
            "original_sha256": text.original_sha256 if text else None,
            "lineage": lineage.get(r["id"], []),
        })
    return out


def _entities(db: Database, uids) -> list[dict[str, Any]]:
    aliases = defaultdict(list)
    for r in db.table("entity_aliases").rows_where(order_by="id"):
        aliases[r["entity_id"]].append({"alias": r["alias"], "note": r["note"]})
    return [
        {"uid": r["uid"], "kind": r["kind"], "name": r["name"], "description": r["description"],
         "aliases": aliases.get(r["id"], []), "merged_into": uids["entities"].get(r["merged_into"])}
        for r in db.table("entities").rows_where(order_by="id")
    ]


def _excerpts(db: Database, uids) -> dict[int, dict[str, Any]]:
    return {
        r["id"]: {"uid": r["uid"], "source": uids["sources"].get(r["source_id"]),
                  "start": r["start_pos"], "end": r["end_pos"], "exact": r["exact"],
                  "prefix": r["prefix"], "suffix": r["suffix"], "page": r["page"],
                  "anchor_status": r["anchor_status"], "anchor_score": r["anchor_score"]}
        for r in db.table("excerpts").rows_where(order_by="id")
    }


def _citation(r: dict, excerpts, reliability, source_of) -> dict[str, Any]:
    excerpt = excerpts.get(r["excerpt_id"])
    return {"uid": r["uid"], "stance": r["stance"], "credibility": r["credibility"],
            "grade": grade(reliability.get(source_of.get(r["excerpt_id"])), r["credibility"]),
            "note": r["note"], "excerpt": excerpt}


def _claims(db: Database, uids, excerpts, reliability, source_of) -> list[dict[str, Any]]:
    cites = defaultdict(list)
    for r in db.table("citations").rows_where(order_by="id"):
        cites[r["claim_id"]].append(_citation(r, excerpts, reliability, source_of))
    return [
        {"uid": r["uid"], "subject": uids["entities"].get(r["subject_id"]),
         "property": uids["properties"].get(r["property_id"]), "value": r["value"],
         "value_entity": uids["entities"].get(r["value_entity_id"]), "text": r["text"],
         "when": {"edtf": r["when_edtf"], "lower": r["when_lower"], "upper": r["when_upper"]},
         "rank": r["rank"], "rank_reason": r["rank_reason"], "status": r["status"],
         "likelihood": r["likelihood"], "confidence": r["confidence"],
         "created_at": r["created_at"], "created_by": r["created_by"],
         "citations": cites.get(r["id"], [])}
        for r in db.table("claims").rows_where(order_by="id")
    ]


def _events(db: Database, uids, excerpts, reliability, source_of) -> list[dict[str, Any]]:
    cites, links = defaultdict(list), defaultdict(list)
    for r in db.table("event_citations").rows_where(order_by="id"):
        cites[r["event_id"]].append(
            _citation(r, excerpts, reliability, source_of)
            | {"date": {"edtf": r["date_edtf"], "lower": r["date_lower"], "upper": r["date_upper"],
                        "earliest": r["date_earliest"], "latest": r["date_latest"]}}
        )
    for r in db.table("event_entities").rows_where(order_by="id"):
        entity = uids["entities"].get(r["entity_id"])
        links[r["event_id"]].append({"entity": entity, "role": r["role"]})
    return [
        {"uid": r["uid"], "title": r["title"], "description": r["description"],
         "date": {"edtf": r["date_edtf"], "lower": r["date_lower"], "upper": r["date_upper"],
                  "earliest": r["date_earliest"], "latest": r["date_latest"],
                  "precision": r["date_precision"], "phrase": r["date_phrase"],
                  "anchor": r["date_anchor"],
                  "anchor_source": uids["sources"].get(r["date_source_id"]),
                  "resolved_from_phrase": bool(r["date_auto"]), "rule": r["date_rule"]},
         "disputed": _disputed(r, cites.get(r["id"], [])),
         # Every date a citation gives, with the citation: what a disputed event rests on.
         "dates_given": [{"edtf": c["date"]["edtf"], "citation": c["uid"]}
                         for c in cites.get(r["id"], []) if c["date"]["edtf"]],
         "status": r["status"], "entities": links.get(r["id"], []),
         "citations": cites.get(r["id"], [])}
        for r in db.table("events").rows_where(order_by="date_lower, id")
    ]


def _disputed(event: dict[str, Any], cites: list[dict[str, Any]]) -> bool:
    """As the timeline says: sources give different dates, or a reviewer marked it so."""
    given = {c["date"]["edtf"] for c in cites if c["date"]["edtf"]}
    return event["status"] == "disputed" or len(given) > 1


def _annotations(db: Database, uids) -> list[dict[str, Any]]:
    return [
        {"uid": r["uid"], "source": uids["sources"].get(r["source_id"]),
         "excerpt": uids["excerpts"].get(r["excerpt_id"]), "motivation": r["motivation"],
         "body": r["body"], "tags": _json_list(r["tags"]), "status": r["status"],
         "reviewer": r["reviewer"], "reply_to": uids["annotations"].get(r["reply_to"]),
         "private": bool(r["private"]), "created": r["created"], "modified": r["modified"]}
        for r in db.table("annotations").rows_where(order_by="id")
    ]
