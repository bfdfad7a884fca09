"""A briefing's notes: numbered in order of first use, each naming its sources in words and
quoting their exact words, and the text escapes every form of the briefing needs."""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from html import escape

from sqlite_utils import Database

from desktop.domain.dates import describe_edtf
from desktop.storage.claim_views import CitationView


@dataclass(frozen=True)
class Footnote:
    number: int
    kind: str  # "claim" | "event" | "cell" | "source"
    text: str  # the whole note as plain text
    quotes: tuple[str, ...]  # the exact quoted words it carries


class Notes:
    """Footnote numbers in order of first use; the same thing noted twice keeps its number, and
    so does another thing whose note would read word for word the same (claims that rest on
    the same quotes)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._numbers: dict[Hashable, int] = {}
        self._by_text: dict[tuple[str, tuple[str, ...]], int] = {}
        self._notes: list[Footnote] = []
        self._urls: dict[int, str | None] | None = None

    def known(self, key: Hashable) -> int | None:
        return self._numbers.get(key)

    def number(self, key: Hashable, kind: str, cites: Sequence[CitationView], *,
               empty: str = "No source is cited.", event_date: str | None = None) -> int:
        """The note for these citations, made the first time its key is seen."""
        found = self._numbers.get(key)
        if found is not None:
            return found
        text = citations_text(cites, self.url, event_date=event_date) or empty
        quotes = tuple(dict.fromkeys(c.exact for c in cites))
        return self._add(key, kind, text, quotes)

    def source_note(self, key: Hashable, source_id: int, title: str, exact: str | None) -> int:
        """A note on a source as a whole, or on some of its words (a reviewer's annotation)."""
        found = self._numbers.get(key)
        if found is not None:
            return found
        row = self._db.execute("SELECT publisher, published, reliability FROM sources"
                               " WHERE id = ?", [source_id]).fetchone() or (None, None, None)
        parts = _source_parts(row[0], title, row[1], self.url(source_id), None)
        if exact:
            parts.append(quoted(exact))
        text = ", ".join(parts) + (f" [{row[2]}]" if row[2] else "")
        return self._add(key, "source", text, (exact,) if exact else ())

    def _add(self, key: Hashable, kind: str, text: str, quotes: tuple[str, ...]) -> int:
        same = self._by_text.get((text, quotes))
        if same is not None:
            self._numbers[key] = same
            return same
        number = len(self._notes) + 1
        self._numbers[key] = self._by_text[(text, quotes)] = number
        self._notes.append(Footnote(number, kind, text, quotes))
        return number

    def url(self, source_id: int) -> str | None:
        if self._urls is None:  # one query for every source a briefing may name
            self._urls = dict(self._db.execute("SELECT id, url FROM sources").fetchall())
        return self._urls.get(source_id)

    def footnotes(self) -> tuple[Footnote, ...]:
        return tuple(self._notes)


def quoted(words: str) -> str:
    return f"\u201c{words}\u201d"


def _source_parts(publisher: str | None, title: str | None, published: str | None,
                  url: str | None, page: int | None) -> list[str]:
    parts = [p for p in (publisher, quoted(title) if title else None) if p]
    if published:
        parts.append(describe_edtf(published))
    if url:
        parts.append(url)  # as text: a reader copies it, no viewer follows it
    if page is not None:
        parts.append(f"p. {page}")
    return parts


def citation_text(cite: CitationView, url: str | None, event_date: str | None = None) -> str:
    """Publisher, “title”, date in words, URL, “exact words” [B2]."""
    parts = _source_parts(cite.publisher, cite.source_title, cite.published, url, cite.page)
    parts.append(quoted(cite.exact))
    text = ", ".join(parts) + f" [{cite.grade}]"
    if cite.date and event_date is not None and cite.date != event_date:
        text += f" (gives the date as {describe_edtf(cite.date)})"
    if cite.anchor in ("fuzzy", "orphan"):
        text += " (these words could not be found again in the source's newest text)"
    return text


def citations_text(cites: Sequence[CitationView], url, *, event_date: str | None = None) -> str:
    """The supporting citations, then context, then those that argue against."""
    def joined(stance: str) -> str:
        return "; ".join(citation_text(c, url(c.source_id), event_date)
                         for c in cites if c.stance == stance)

    parts = []
    if supports := joined("supports"):
        parts.append(supports + ".")
    if context := joined("context"):
        parts.append(f"Context: {context}.")
    if against := joined("contradicts"):
        parts.append(f"Contradicted by: {against}.")
    return " ".join(parts)


# --- Markers and escaping --------------------------------------------------------------------

def marker_html(number: int, *, linked: bool = True) -> str:
    if not linked:  # inside a link of the body's own: an anchor may not hold another
        return f"<sup>{number}</sup>"
    return f'<sup><a href="#fn-{number}">{number}</a></sup>'


def marker_md(number: int) -> str:
    return f"[^{number}]"


def missing_html(kind: str) -> str:
    return f'<b>[missing {escape(kind)}]</b>'


def missing_md(kind: str) -> str:
    return f"**\\[missing {kind}\\]**"


def markers(numbers: Sequence[int]) -> tuple[str, str]:
    """Markers for several notes, each once: (html, markdown)."""
    unique = list(dict.fromkeys(numbers))
    return ("".join(marker_html(n) for n in unique), "".join(marker_md(n) for n in unique))


_MD_INLINE = re.compile(r"([\\`*_\[\]])")
_MD_LINE_START = re.compile(r"(?m)^(\s*)(?:([#>+\-])|(\d+)([.)]))")


def md_text(text: str | None) -> str:
    """Text from the case as Markdown that renders as these very words, in any renderer:
    no HTML (< and & as entities), no links, images, emphasis, code, lists or headings."""
    text = (text or "").replace("&", "&amp;").replace("<", "&lt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    # Beside a link or note marker made elsewhere, "!" before it would make an image of it,
    # "(" after it a link's address.
    if text.endswith("!"):
        text = text[:-1] + "\\!"
    if text.startswith("("):
        text = "\\" + text
    return _MD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match) -> str:
    """`# x`, `> x`, `- x` and `1. x` at a line's start would be a heading, quote or list."""
    lead, mark, digits, dot = match.groups()
    return f"{lead}\\{mark}" if mark else f"{lead}{digits}\\{dot}"


def md_cell(text: str) -> str:
    """Markdown already escaped, made safe for a pipe table's cell."""
    return text.replace("|", "\\|")


def md_line(text: str | None) -> str:
    """md_text on one line: line breaks become spaces (a table cell, a note, a list item)."""
    return md_text(" ".join((text or "").split()))


def html_text(text: str | None) -> str:
    return escape(text or "")
