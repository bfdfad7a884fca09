"""A briefing's content in which every statement carries its source: HTML for Qt's rich-text
engine (printed to PDF elsewhere), a standalone HTML file, and Markdown with [^n] notes.

The body is the analyst's Markdown: rendered block by block through desktop.report.markup (so
each piece stays within its limits and is sanitised there), read back into a small tree of the
allowed tags, and written out again as HTML and as Markdown from that tree alone. Whatever HTML
the body holds is stripped before either form exists; the Markdown export escapes every word.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from urllib.parse import quote

from sqlite_utils import Database

from desktop.report.footnotes import (
    Footnote,
    Notes,
    html_text,
    marker_html,
    marker_md,
    md_text,
    missing_html,
    missing_md,
)
from desktop.report.markup import MAX_RENDERED, URL_SCHEMES, render_markdown
from desktop.report.sections import (
    Part,
    annotations,
    claims,
    comparison,
    contents,
    first_line,
    notes_list,
    section,
    sources,
    standalone,
    timeline,
    title_page,
)
from desktop.report.timeline_figure import Figure
from desktop.storage.briefings import REFERENCE, SECTIONS, Briefing, references
from desktop.storage.claim_views import citations_of, claim_views

__all__ = ["BriefingDoc", "Footnote", "Heading", "build_briefing"]


@dataclass(frozen=True)
class Heading:
    anchor: str  # the HTML anchor name, e.g. "sec-key_judgments"
    title: str
    level: int  # 1 for sections


@dataclass(frozen=True)
class BriefingDoc:
    html: str  # body HTML for QTextDocument: title page, contents, sections, notes
    standalone_html: str  # a complete HTML file, nothing remote
    markdown: str  # the same briefing as Markdown with [^n] footnotes
    headings: tuple[Heading, ...]
    footnotes: tuple[Footnote, ...]
    problems: tuple[str, ...]  # dangling references and the like, also marked in the text
    title: str
    author: str
    subject: str  # for the PDF's metadata: the subtitle, else the body's first line
    figures: tuple[Figure, ...] = ()  # the images html names (by Figure.name), as PNG


NOTES_ANCHOR = "sec-notes"


def build_briefing(db: Database, briefing: Briefing, *,
                   include_private: bool = False) -> BriefingDoc:
    notes = Notes(db)
    problems: list[str] = []
    headings: list[Heading] = []
    parts: list[Part] = []
    for key in briefing.sections:
        if key not in SECTIONS:
            continue
        if key == "key_judgments":
            part = key_judgments(db, briefing.body, notes, problems)
        elif key == "timeline":
            part = timeline(db, notes)
        elif key == "comparison":
            part = comparison(db, notes)
        elif key == "claims":
            part = claims(db, notes)
        elif key == "sources":
            part = sources(db)
        else:
            part = annotations(db, notes, render_body, include_private=include_private)
        heading = Heading(f"sec-{key}", SECTIONS[key], 1)
        headings.append(heading)
        parts.append(section(heading.anchor, heading.title, part))
    footnotes = notes.footnotes()
    if footnotes:
        heading = Heading(NOTES_ANCHOR, "Notes", 1)
        headings.append(heading)
        parts.append(section(heading.anchor, heading.title, notes_list(footnotes)))
    title = briefing.title or "Briefing"
    front = title_page(briefing, title)
    listed = contents([(h.anchor, h.title) for h in headings])
    html = front.html + listed.html + "".join(p.html for p in parts)
    figures = tuple(f for p in parts for f in p.figures)
    markdown = "\n\n".join([front.markdown, listed.markdown, *(p.markdown for p in parts)])
    return BriefingDoc(
        html=html,
        standalone_html=standalone(title, html, figures),
        markdown=markdown.rstrip() + "\n",
        headings=tuple(headings),
        footnotes=footnotes,
        problems=tuple(dict.fromkeys(problems)),
        title=title,
        author=briefing.author or "",
        subject=(briefing.subtitle or "").strip() or first_line(briefing.body),
        figures=figures,
    )


# --- Key judgments: the body with its references as notes -----------------------------------

# A reference in the body becomes OPEN + token + CLOSE (private-use characters Markdown and the
# sanitiser leave alone): the token is a note's number, or "missing-claim" / "missing-event".
OPEN, CLOSE = "\ue001", "\ue002"
_TOKEN = re.compile(f"{OPEN}([^{OPEN}{CLOSE}]{{1,20}}){CLOSE}")


def key_judgments(db: Database, body: str, notes: Notes, problems: list[str]) -> Part:
    body = (body or "").replace(OPEN, "").replace(CLOSE, "")
    if not body.strip():
        return Part("<p><i>No key judgments have been written.</i></p>",
                    "*No key judgments have been written.*")
    refs = references(body)
    claim_ids = _ids(db, "claims", [uid for kind, uid in refs if kind == "claim"])
    event_ids = _ids(db, "events", [uid for kind, uid in refs if kind == "event"])
    views = {view.id: view for view in claim_views(db, list(claim_ids.values()))}
    event_cites = citations_of(db, "event_citations", "event_id", list(event_ids.values()))
    event_dates = dict(db.execute(
        "SELECT id, date_edtf FROM events WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(list(event_ids.values()))]).fetchall())

    def replace(match: re.Match) -> str:
        kind, uid = match.group(1), match.group(2).lower()
        found = (claim_ids if kind == "claim" else event_ids).get(uid)
        if found is None or (kind == "claim" and found not in views):
            article = "an" if kind == "event" else "a"
            problems.append(f"[[{kind}:{uid}]] refers to {article} {kind} no longer in the case")
            return f"{OPEN}missing-{kind}{CLOSE}"
        if kind == "claim":
            cites = views[found].citations
            number = notes.number(("claim", found), "claim", cites,
                                  empty="No source is cited for this claim.")
        else:
            cites = tuple(event_cites.get(found, ()))
            number = notes.number(("event", found), "event", cites,
                                  empty="No source is cited for this event.",
                                  event_date=event_dates.get(found))
        if not cites:
            problems.append(f"[[{kind}:{uid}]] cites no source")
        return f"{OPEN}{number}{CLOSE}"

    return _render(REFERENCE.sub(replace, body))


def _ids(db: Database, table: str, uids: list[str]) -> dict[str, int]:
    """Row ids by lower-case uid (a uid typed in capitals still finds its row)."""
    if not uids:
        return {}
    wanted = json.dumps(sorted({u for uid in uids for u in (uid, uid.upper())}))
    return {uid.lower(): row_id for row_id, uid in db.execute(
        f"SELECT id, uid FROM {table} WHERE uid IN (SELECT value FROM json_each(?))",  # noqa: S608 - fixed names
        [wanted])}


# --- The body: Markdown through the sanitiser, then one tree written out twice ---------------

CHUNK = MAX_RENDERED - 500  # each piece rendered stays inside markup's limits


def render_body(text: str) -> Part:
    """Markdown written in the case as HTML and as Markdown holding only what is allowed."""
    return _render((text or "").replace(OPEN, "").replace(CLOSE, ""))


def _render(text: str) -> Part:
    """render_body for a text whose only OPEN…CLOSE tokens are the notes put there."""
    root = _Node("body")
    for chunk in _chunks(text or ""):
        tree = _Tree()
        tree.feed(render_markdown(chunk))
        tree.close()
        root.children.extend(tree.root.children)
    return Part(_html(root), _md_blocks(root).strip())


def _chunks(text: str) -> list[str]:
    """The text cut at blank lines into pieces under CHUNK characters (a longer paragraph is a
    piece of its own, which markup then shows as typed)."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")):
        if current and size + len(block) + 2 > CHUNK:
            pieces.append("\n\n".join(current))
            current, size = [], 0
        current.append(block)
        size += len(block) + 2
    if current:
        pieces.append("\n\n".join(current))
    return [p for p in pieces if p.strip()]


MAX_DEPTH = 32  # deeper nesting is flattened: its words kept, its structure not
_VOID = {"br", "hr"}
_BLOCK = {"p", "pre", "blockquote", "ul", "ol", "li", "h3", "h4", "h5", "h6"}
_INLINE = {"em", "strong", "b", "i", "code", "sub", "sup"}


@dataclass
class _Node:
    tag: str
    href: str | None = None
    children: list = field(default_factory=list)  # _Node | str


class _Tree(HTMLParser):
    """The sanitiser's output as nodes; unknown tags keep their words and lose themselves."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("body")
        self._stack: list[_Node | None] = [self.root]

    def _top(self) -> _Node:
        return next(n for n in reversed(self._stack) if n is not None)

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            self._top().children.append(_Node(tag))
            return
        if len(self._stack) > MAX_DEPTH or tag not in _BLOCK | _INLINE | {"a"}:
            self._stack.append(None)
            return
        node = _Node(tag, dict(attrs).get("href") if tag == "a" else None)
        self._top().children.append(node)
        self._stack.append(node)

    def handle_endtag(self, tag):
        if tag not in _VOID and len(self._stack) > 1:
            self._stack.pop()

    def handle_data(self, data):
        self._top().children.append(data)


def _safe_href(href: str | None) -> str | None:
    """Web and mail addresses, and places in this document; nothing else is a link."""
    href = (href or "").strip()
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", href)
    if scheme and scheme.group(1).lower() in URL_SCHEMES:
        return href
    return href if re.fullmatch(r"#[\w.-]+", href) else None


def _tokens(text: str, *, html: bool, in_link: bool = False) -> str:
    """Text with the note tokens made markers, everything else escaped."""
    out, last = [], 0
    for match in _TOKEN.finditer(text):
        out.append(text[last:match.start()])
        last = match.end()
        token = match.group(1)
        if token.isdigit():
            out.append("\0" + (marker_html(int(token), linked=not in_link) if html
                               else marker_md(int(token))) + "\0")
        elif token.startswith("missing-"):
            kind = token.removeprefix("missing-")
            out.append("\0" + (missing_html(kind) if html else missing_md(kind)) + "\0")
    out.append(text[last:])
    # Every piece of text is escaped, the markers made here are not: split on the NULs.
    joined = "".join(out).replace(OPEN, "").replace(CLOSE, "")
    pieces = joined.split("\0")
    escape_piece = html_text if html else md_text
    done = "".join(p if n % 2 else escape_piece(p) for n, p in enumerate(pieces))
    # "[^1]:" opening a line would define a note rather than mark one.
    return done if html else re.sub(r"(\[\^\d+\]):", r"\1&#58;", done)


def _html(node: _Node, in_link: bool = False) -> str:
    out = []
    for child in node.children:
        if isinstance(child, str):
            out.append(_tokens(child.replace("\0", ""), html=True, in_link=in_link))
        elif child.tag in _VOID:
            out.append(f"<{child.tag}>")
        elif child.tag == "a":
            href = None if in_link else _safe_href(child.href)
            inner = _html(child, in_link or href is not None)
            out.append(f'<a href="{escape(href)}">{inner}</a>' if href else inner)
        else:
            out.append(f"<{child.tag}>{_html(child, in_link)}</{child.tag}>")
    return "".join(out)


def _text_of(node: _Node) -> str:
    return "".join(c if isinstance(c, str) else _text_of(c) for c in node.children)


def _md_blocks(node: _Node) -> str:
    """A container's children as Markdown blocks separated by blank lines."""
    blocks: list[str] = []
    inline: list[str] = []

    def flush() -> None:
        text = _concat(inline).strip()
        if text:
            blocks.append(text)
        inline.clear()

    for child in node.children:
        if isinstance(child, str) or child.tag in _INLINE | {"a", "br"}:
            inline.append(_md_inline(child))
            continue
        flush()
        if child.tag == "p":
            blocks.append(_md_inline_children(child).strip())
        elif child.tag in ("h3", "h4", "h5", "h6"):
            text = " ".join(_md_inline_children(child).split())
            blocks.append("#" * int(child.tag[1]) + " " + text)
        elif child.tag == "hr":
            blocks.append("* * *")
        elif child.tag == "pre":
            blocks.append(_code_block(_text_of(child)))
        elif child.tag == "blockquote":
            inner = _md_blocks(child)
            blocks.append("\n".join(f"> {line}".rstrip() for line in inner.splitlines()))
        elif child.tag in ("ul", "ol"):
            blocks.append(_md_list(child))
        else:  # an li outside a list, or flattened nesting: its words
            blocks.append(_md_blocks(child))
    flush()
    return "\n\n".join(b for b in blocks if b.strip())


def _md_list(node: _Node) -> str:
    items = []
    number = 0
    for child in node.children:
        if isinstance(child, str):
            continue
        number += 1
        marker = f"{number}. " if node.tag == "ol" else "- "
        lines = _md_blocks(child).splitlines() or [""]
        items.append("\n".join([marker + lines[0]]
                               + [f"    {line}" if line else "" for line in lines[1:]]))
    loose = any("\n\n" in item for item in items)  # items of several blocks stand apart
    return ("\n\n" if loose else "\n").join(items)


def _md_inline_children(node: _Node, in_link: bool = False) -> str:
    return _concat([_md_inline(child, in_link) for child in node.children])


def _concat(pieces: list[str]) -> str:
    """Inline Markdown joined; two code spans side by side would merge their backticks into
    one run, leaving the first open (and the HTML in it live), and a backslash before one may
    be read as escaping it: a space keeps them apart."""
    out = ""
    for piece in pieces:
        if out.endswith(("`", "\\")) and piece.startswith("`"):
            out += " "
        out += piece
    return out


def _md_inline(node, in_link: bool = False) -> str:
    if isinstance(node, str):
        return _tokens(re.sub(r"\s+", " ", node.replace("\0", "")), html=False)
    if node.tag == "br":
        return "  \n"
    if node.tag == "code":
        return _code_span(_text_of(node))
    inner = _md_inline_children(node, in_link or node.tag == "a")
    if node.tag in ("em", "i", "strong", "b"):
        mark = "*" if node.tag in ("em", "i") else "**"
        core = inner.strip()
        if not core:
            return inner
        lead, trail = inner[:len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()):]
        return f"{lead}{mark}{core}{mark}{trail}"
    if node.tag == "a":
        href = None if in_link else _safe_href(node.href)
        if href and inner.strip():
            return f"[{inner}]({quote(href, safe=':/?#@!$&*+,;=%~.-_')})"
    return inner


def _code_span(text: str, *, keep_spaces: bool = False) -> str:
    text = text.replace(OPEN, "").replace(CLOSE, "")
    text = text.rstrip() if keep_spaces else " ".join(text.split())
    if not text:
        return ""
    ticks = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _code_block(text: str) -> str:
    """A code block as lines of code spans. Not an indented block: next to a list, Markdown
    takes indented lines for the list's own words, and the HTML in them would be live; nor a
    fence (```), which Python-Markdown without its extension reads as words."""
    lines = text.replace(OPEN, "").replace(CLOSE, "").expandtabs(4).splitlines()
    return "  \n".join(_code_span(line, keep_spaces=True) for line in lines if line.strip())
