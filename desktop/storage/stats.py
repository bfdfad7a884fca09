"""`casefile stats`: counts of what a case holds, including its conflicts."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlite_utils import Database

from desktop.domain import vocab
from desktop.domain.comparison import RankedValue, in_conflict


def case_stats(db: Database) -> dict[str, Any]:
    def count(sql: str) -> int:
        return db.execute(sql).fetchone()[0]

    kinds = dict(db.execute("SELECT kind, COUNT(*) FROM entities GROUP BY kind").fetchall())
    stances = dict(db.execute("SELECT stance, COUNT(*) FROM citations GROUP BY stance").fetchall())
    notes = dict(db.execute("SELECT status, COUNT(*) FROM annotations GROUP BY status").fetchall())
    return {
        "sources": count("SELECT COUNT(*) FROM sources"),
        "excerpts": count("SELECT COUNT(*) FROM excerpts"),
        "entities": {kind: kinds.get(kind, 0) for kind in vocab.ENTITY_KINDS},
        "properties": count("SELECT COUNT(*) FROM properties"),
        "claims": count("SELECT COUNT(*) FROM claims"),
        "citations": {stance: stances.get(stance, 0) for stance in vocab.STANCES},
        "events": count("SELECT COUNT(*) FROM events"),
        "event_citations": count("SELECT COUNT(*) FROM event_citations"),
        "annotations": {status: notes.get(status, 0) for status in vocab.ANNOTATION_STATUSES},
        "briefings": count("SELECT COUNT(*) FROM briefings"),
        "conflicts": conflicts(db),
    }


def conflicts(db: Database) -> dict[str, int]:
    """Three kinds: a comparison cell with two values left, a claim cited against, and an
    event whose sources give different dates."""
    cells: dict[tuple[int, int], list[RankedValue]] = defaultdict(list)
    for claim_id, subject, prop, value, value_entity, rank in db.execute(
        "SELECT id, subject_id, property_id, value, value_entity_id, rank FROM claims"
        " WHERE property_id IS NOT NULL"
    ):
        shown = value if value_entity is None else f"entity:{value_entity}"
        cells[(subject, prop)].append(RankedValue(claim_id, shown, rank))
    return {
        "cells": sum(1 for values in cells.values() if in_conflict(values)),
        "contradicted_claims": db.execute(
            "SELECT COUNT(DISTINCT claim_id) FROM citations WHERE stance = 'contradicts'"
        ).fetchone()[0],
        "disputed_event_dates": db.execute(
            "SELECT COUNT(*) FROM (SELECT event_id FROM event_citations"
            " WHERE date_edtf IS NOT NULL GROUP BY event_id"
            " HAVING COUNT(DISTINCT date_edtf) > 1)"
        ).fetchone()[0],
    }
