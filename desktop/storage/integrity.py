"""`casefile check`: SQLite's own checks plus every excerpt still holding its words."""

from __future__ import annotations

import sqlite3
from itertools import islice

from sqlite_utils import Database

from desktop.domain.anchoring import matches
from desktop.storage.sources import SourceText, current_text

MAX_REPORTED = 200  # a badly damaged case could list millions; the first few say enough


def check(db: Database) -> list[str]:
    """Problems found, as sentences; an empty list means the case is sound."""
    problems: list[str] = []
    try:
        problems += [f"integrity: {row[0]}" for row in db.execute("PRAGMA integrity_check")
                     if row[0] != "ok"]
        problems += [
            f"foreign key: {table} row {rowid} points to a missing {parent} row"
            for table, rowid, parent, _ in islice(db.execute("PRAGMA foreign_key_check"),
                                                  MAX_REPORTED)
        ]
        problems += _excerpt_problems(db)
    except sqlite3.DatabaseError as exc:
        problems.append(f"the database could not be read to the end ({exc})")
    return problems[:MAX_REPORTED]


def _excerpt_problems(db: Database) -> list[str]:
    """Walk excerpts source by source, so each text is read once however many excerpts it has."""
    problems: list[str] = []
    current: SourceText | None = None
    rows = db.execute(
        "SELECT e.uid, e.source_id, e.start_pos, e.end_pos, e.exact, e.text_sha256,"
        " e.anchor_status FROM excerpts e ORDER BY e.source_id, e.start_pos"
    )
    for uid, source_id, start, end, exact, sha, status in rows:
        if status == "orphan":
            continue  # an orphan has, by definition, lost its words: listed in Needs review
        if current is None or current.source_id != source_id:
            current = current_text(db, source_id)
        if current is None:
            problems.append(f"excerpt {uid}: its source has no text")
            continue
        text = current.text
        if sha != current.text_sha256:
            problems.append(f"excerpt {uid}: anchored to an older text of its source")
        elif status == "fuzzy":
            # Its words as quoted differ from the text by design until someone reviews it;
            # only its span must still lie inside the text.
            if not 0 <= start <= end <= len(text):
                problems.append(f"excerpt {uid}: its span {start}-{end} lies outside the text")
        elif not matches(text, start, end, exact):
            problems.append(
                f"excerpt {uid}: the source's text at {start}-{end} no longer reads {exact!r}"
            )
        if len(problems) >= MAX_REPORTED:
            break
    return problems
