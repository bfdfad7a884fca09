"""Briefings stored in the case: title page fields, a handling caveat, a Markdown body whose
[[claim:UID]] and [[event:UID]] references become footnotes, the sections chosen, page size."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from sqlite_utils import Database

# A reference in a briefing's body: [[claim:UID]] or [[event:UID]].
REFERENCE = re.compile(r"\[\[(claim|event):([0-9A-Fa-f-]{36})\]\]")

# The sections a briefing may print, in the order they print, with their headings.
SECTIONS = {
    "key_judgments": "Key judgments",
    "timeline": "Timeline",
    "comparison": "Comparison",
    "claims": "Claims by entity",
    "sources": "Sources",
    "annotations": "Open review notes",
}
DEFAULT_SECTIONS = ("key_judgments", "timeline", "comparison", "claims", "sources")


@dataclass(frozen=True)
class Briefing:
    id: int
    uid: str
    title: str
    subtitle: str | None
    author: str | None
    date: str | None  # EDTF, as the title page prints it ("about July 2026")
    caveat: str | None  # the handling line printed on every page
    body: str  # Markdown with [[claim:UID]] and [[event:UID]] references
    sections: tuple[str, ...]  # keys of SECTIONS, in SECTIONS' order
    page_size: str  # A4 | Letter
    is_default: bool
    created: str
    modified: str


_COLUMNS = ("id, uid, title, subtitle, author, date, caveat, body, sections, page_size,"
            " is_default, created, modified")


def _briefing(row) -> Briefing:
    try:
        chosen = json.loads(row[8] or "[]")
    except ValueError:
        chosen = list(DEFAULT_SECTIONS)  # a damaged list prints the usual sections
    sections = tuple(key for key in SECTIONS if isinstance(chosen, list) and key in chosen)
    return Briefing(*row[:8], sections, row[9], bool(row[10]), *row[11:])


def briefings(db: Database) -> list[Briefing]:
    """Every briefing, the default first, then by title."""
    return [_briefing(r) for r in db.execute(
        f"SELECT {_COLUMNS} FROM briefings ORDER BY is_default DESC, title, id")]  # noqa: S608


def briefing(db: Database, briefing_id: int) -> Briefing | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM briefings WHERE id = ?",  # noqa: S608
                     [briefing_id]).fetchone()
    return _briefing(row) if row else None


def default_briefing(db: Database) -> Briefing | None:
    """The one marked default, else the first made; None in a case without briefings."""
    row = db.execute(f"SELECT {_COLUMNS} FROM briefings"  # noqa: S608
                     " ORDER BY is_default DESC, id LIMIT 1").fetchone()
    return _briefing(row) if row else None


def briefing_by_title(db: Database, title: str) -> Briefing | None:
    """By exact title, else the one title matching without regard to case."""
    for sql in ("title = ?", "title = ? COLLATE NOCASE"):
        row = db.execute(f"SELECT {_COLUMNS} FROM briefings WHERE {sql}"  # noqa: S608
                         " ORDER BY id LIMIT 1", [title]).fetchone()
        if row:
            return _briefing(row)
    return None


def references(body: str) -> list[tuple[str, str]]:
    """The (kind, uid) pairs the body refers to, in order of first appearance."""
    return list(dict.fromkeys((kind, uid.lower()) for kind, uid in REFERENCE.findall(body)))
