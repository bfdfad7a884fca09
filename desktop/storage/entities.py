"""Entities (companies, agencies, people, models, documents) and their aliases."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlite_utils import Database

from desktop.domain import vocab
from desktop.storage.changes import Writer, new_uid, now_iso


def add_entity(
    w: Writer,
    kind: str,
    name: str,
    *,
    description: str | None = None,
    aliases: Iterable[tuple[str, str | None]] = (),
    uid: str | None = None,
) -> int:
    """Add an entity with its aliases as (alias, note) pairs, e.g. ("AISI", "former name")."""
    if kind not in vocab.ENTITY_KINDS:
        raise ValueError(f"unknown entity kind {kind!r}")
    if not name.strip():
        raise ValueError("an entity needs a name")
    entity_id = w.insert(
        "entities",
        {
            "uid": uid or new_uid(),
            "kind": kind,
            "name": name,
            "description": description,
            "created_at": now_iso(),
            "created_by": w.actor,
        },
    )
    for alias, note in aliases:
        if alias != name:
            w.insert("entity_aliases", {"entity_id": entity_id, "alias": alias, "note": note})
    return entity_id


def names_by_entity(db: Database) -> dict[int, list[str]]:
    """Every live entity's name then aliases: what mention-finding looks for."""
    names: dict[int, list[str]] = defaultdict(list)
    for entity_id, name in db.execute(
        "SELECT id, name FROM entities WHERE merged_into IS NULL ORDER BY id"
    ):
        names[entity_id].append(name)
    for entity_id, alias in db.execute(
        "SELECT a.entity_id, a.alias FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
        " WHERE e.merged_into IS NULL ORDER BY a.id"
    ):
        names[entity_id].append(alias)
    return dict(names)
