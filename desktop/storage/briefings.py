"""Briefings stored in the case: title page fields, a handling caveat, a Markdown body whose
[[claim:UID]] and [[event:UID]] references become footnotes, the sections chosen, page size."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from desktop.domain.dates import DateError, parse_edtf
from desktop.domain.vocab import PAGE_SIZES
from desktop.storage.changes import Writer, new_uid, now_iso

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


MAX_LINE = 500  # a title, subtitle, author or caveat: one line on the title page
MAX_BODY = 1_000_000
# The fields update_briefing accepts; uid, created and modified are the case's to keep.
FIELDS = ("title", "subtitle", "author", "date", "caveat", "body", "sections", "page_size",
          "is_default")


def add_briefing(
    w: Writer, title: str, *, subtitle: str | None = None, author: str | None = None,
    date: str | None = None, caveat: str | None = None, body: str = "",
    sections: Iterable[str] = DEFAULT_SECTIONS, page_size: str = "A4", is_default: bool = False,
    uid: str | None = None,
) -> int:
    """A new briefing. The case's first becomes its default whatever is asked; one made
    default takes the mark from the one that had it."""
    values = _checked(title=title, subtitle=subtitle, author=author, date=date, caveat=caveat,
                      body=body, sections=sections, page_size=page_size)
    if uid is not None and (not isinstance(uid, str) or not uid.strip()):
        raise ValueError("a briefing's uid must be non-empty text")
    uid = uid or new_uid()
    if w.db.execute("SELECT 1 FROM briefings WHERE uid = ?", [uid]).fetchone():
        raise ValueError(f"a briefing with uid {uid!r} is already in the case")
    first = w.db.execute("SELECT 1 FROM briefings LIMIT 1").fetchone() is None
    stamp = now_iso()
    briefing_id = w.insert("briefings", {
        "uid": uid, **values, "is_default": int(first or bool(is_default)),
        "created": stamp, "modified": stamp,
    })
    if is_default and not first:
        _clear_default(w, briefing_id)
    return briefing_id


def update_briefing(w: Writer, briefing_id: int, **fields: Any) -> None:
    """Change the fields given (any of FIELDS), writing only those that differ, with modified
    set to now when any does. is_default=True is set_default; the default cannot be unmarked
    except by marking another."""
    unknown = [name for name in fields if name not in FIELDS]
    if unknown:
        raise ValueError(f"a briefing has no field {unknown[0]!r}; expected one of "
                         f"{', '.join(FIELDS)}")
    row = _row(w, briefing_id)
    make_default = fields.pop("is_default", None)
    if make_default is not None and not make_default and row["is_default"]:
        raise ValueError("the default briefing stays the default until another is made "
                         "default")
    values = _checked(**fields)  # every field checked before anything is written
    changed = {k: v for k, v in values.items() if row.get(k) != v}
    if changed:
        # One update with the stamp: Writer.update would skip a stamp-only one.
        w.update("briefings", briefing_id, changed | {"modified": now_iso()})
    if make_default:
        set_default(w, briefing_id)


def delete_briefing(w: Writer, briefing_id: int) -> None:
    """Delete a briefing; if it was the default, the earliest made of the rest becomes it
    (as default_briefing would read it), so a case with briefings always has one default."""
    row = _row(w, briefing_id)
    w.delete("briefings", briefing_id)
    if row["is_default"]:
        heir = w.db.execute("SELECT id FROM briefings ORDER BY id LIMIT 1").fetchone()
        if heir is not None:
            w.update("briefings", heir[0], {"is_default": 1})


def set_default(w: Writer, briefing_id: int) -> None:
    """Make this briefing the case's one default: the mark is taken from any other that has
    it, each as its own logged update (so undo gives it back). Contents are unchanged, so
    modified is left as it was."""
    row = _row(w, briefing_id)
    _clear_default(w, briefing_id)
    if not row["is_default"]:
        w.update("briefings", briefing_id, {"is_default": 1})


def dangling_references(db: Database, body: str) -> list[tuple[str, str]]:
    """The (kind, uid) references in the body whose claim or event is not in the case, in
    order of first appearance: to report, never to drop silently."""
    found = references(body)
    present = {(kind, uid) for kind in _REFERRED
               for uid in referenced_ids(db, kind, [u for k, u in found if k == kind])}
    return [ref for ref in found if ref not in present]


_REFERRED = {"claim": "claims", "event": "events"}


def referenced_ids(db: Database, kind: str, uids: list[str]) -> dict[str, int]:
    """Row ids of the claims or events ("claim" | "event") these uids name, by lower-case uid:
    a uid typed or stored in any case finds its row."""
    wanted = sorted({uid.lower() for uid in uids})
    if not wanted:
        return {}
    table = _REFERRED[kind]
    variants = json.dumps(sorted({v for uid in wanted for v in (uid, uid.upper())}))
    found = {uid.lower(): row_id for row_id, uid in db.execute(
        f"SELECT id, uid FROM {table} WHERE uid IN (SELECT value FROM json_each(?))",  # noqa: S608 - fixed names
        [variants])}
    rest = [uid for uid in wanted if uid not in found]
    if rest:  # stored in mixed case (an import from elsewhere): the slow way, for these few
        found |= {uid.lower(): row_id for row_id, uid in db.execute(
            f"SELECT id, uid FROM {table} WHERE lower(uid) IN"  # noqa: S608 - fixed names
            " (SELECT value FROM json_each(?))", [json.dumps(rest)])}
    return found


def _clear_default(w: Writer, keep_id: int) -> None:
    for (other,) in w.db.execute("SELECT id FROM briefings WHERE is_default != 0 AND id != ?"
                                 " ORDER BY id", [keep_id]).fetchall():
        w.update("briefings", other, {"is_default": 0})


def _row(w: Writer, briefing_id: int) -> dict[str, Any]:
    cursor = w.db.execute("SELECT * FROM briefings WHERE id = ?", [briefing_id])
    found = cursor.fetchone()
    if found is None:
        raise ValueError("that briefing is no longer in the case")
    return dict(zip([d[0] for d in cursor.description], found, strict=True))


def _checked(**fields: Any) -> dict[str, Any]:
    """The given fields as stored, each checked; ValueError naming the first that is wrong."""
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "title":
            values[name] = _line(value, name) or _empty(name)
        elif name in ("subtitle", "author", "caveat"):
            values[name] = _line(value, name)
        elif name == "date":
            values[name] = _date(value)
        elif name == "body":
            values[name] = _body(value)
        elif name == "sections":
            values[name] = json.dumps(_sections(value))
        elif name == "page_size":
            if value not in PAGE_SIZES:
                raise ValueError(f"unknown page size {value!r}; expected one of "
                                 f"{', '.join(PAGE_SIZES)}")
            values[name] = value
    return values


def _line(value: Any, what: str) -> str | None:
    """One line: whitespace runs (line breaks included) made one space, control characters
    dropped (they would print as boxes on the title page); empty is None."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"the {what} must be text, not {type(value).__name__}")
    line = " ".join(value.split())
    line = " ".join("".join(c for c in line if unicodedata.category(c) != "Cc").split())
    if len(line) > MAX_LINE:
        raise ValueError(f"the {what} is longer than {MAX_LINE} characters")
    return line or None


def _empty(what: str) -> str:
    raise ValueError(f"the {what} is empty")


def _date(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"the date must be EDTF text, not {type(value).__name__}")
    value = value.strip()
    if not value:
        return None
    if len(value) > MAX_LINE:
        raise ValueError(f"the date is longer than {MAX_LINE} characters")
    try:
        parse_edtf(value)
    except DateError as exc:
        raise DateError(f"the date {exc}") from exc  # e.g. "the date 'June' is not an EDTF date"
    return value


def _body(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"the body must be Markdown text, not {type(value).__name__}")
    if len(value) > MAX_BODY:
        raise ValueError(f"the body is longer than {MAX_BODY:,} characters")
    return value


def _sections(value: Any) -> list[str]:
    """Section keys in SECTIONS' order, each once; an unknown key is named."""
    if isinstance(value, str) or value is None:
        # A single string would otherwise be read as its letters.
        raise ValueError("sections must be a list of section keys, not "
                         f"{'one string' if value is not None else 'nothing'}")
    try:
        chosen = list(value)
    except TypeError:
        raise ValueError("sections must be a list of section keys") from None
    for key in chosen:
        if not isinstance(key, str) or key not in SECTIONS:
            raise ValueError(f"unknown section {key!r}; expected some of {', '.join(SECTIONS)}")
    return [key for key in SECTIONS if key in chosen]
