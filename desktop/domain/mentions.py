"""Finding where known entity names and aliases occur in a text, whole words only."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    entity_id: int
    start: int
    end: int


def find_mentions(text: str, names: Mapping[int, Iterable[str]]) -> list[Mention]:
    """Every word-bounded, case-sensitive occurrence of any entity's names, longest name first."""
    owner: dict[str, int] = {}
    for entity_id, entity_names in names.items():
        for name in entity_names:
            # A name two entities share stays with the first, so a mention is never doubled.
            if name and name.strip() and name not in owner:
                owner[name] = entity_id
    if not owner:
        return []
    # Longest first, so "Center for AI Standards and Innovation" beats "AI" inside it.
    alternation = "|".join(re.escape(n) for n in sorted(owner, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")
    return [Mention(owner[m.group(0)], m.start(), m.end()) for m in pattern.finditer(text)]
