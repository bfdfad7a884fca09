"""The analyst's Markdown for print, with its references made note markers.

Rendered piece by piece through desktop.report.markup (so each piece stays within its limits and
is sanitised there), read back into a small tree of the allowed tags, and written out as HTML
and as Markdown from that tree alone: whatever HTML the text holds is stripped before either
form exists, and the Markdown export escapes every word.

References arrive as tokens (private-use characters Markdown and the sanitiser leave alone) that
index a list of References. A reference's note is numbered when its marker is first written, so
one the sanitiser drops (in a comment, an image's alt text) takes no number and the notes run
without gaps; the same note twice in a row is marked once. In code a reference reads as typed;
in a link's address it is nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from urllib.parse import quote

from desktop.report.footnotes import (
    html_text,
    marker_html,
    marker_md,
    md_text,
    missing_html,
    missing_md,
)
from desktop.report.markup import MAX_RENDERED, URL_SCHEMES, render_markdown
from desktop.report.sections import Part

OPEN, CLOSE = "\ue001", "\ue002"
_TOKEN = re.compile(f"{OPEN}(\\d{{1,9}}){CLOSE}")
_ANY_TOKEN = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
CHUNK = MAX_RENDERED - 500  # each piece rendered stays inside markup's limits


@dataclass(frozen=True)
class Reference:
    typed: str  # as the body has it: "[[claim:…]]"
    kind: str  # "claim" | "event"
    number: Callable[[], int] | None  # its note's number, given on first call; None: missing


def token(index: int) -> str:
    return f"{OPEN}{index}{CLOSE}"


def render(text: str, references: Sequence[Reference] = ()) -> Part:
    """Text whose tokens index references, as HTML and Markdown holding only what is allowed."""
    root = _Node("body")
    for chunk in _chunks(text or ""):
        tree = _Tree()
        tree.feed(render_markdown(chunk))
        tree.close()
        root.children.extend(tree.root.children)
    html = _Writer(references, html=True).blocks(root)
    markdown = _Writer(references, html=False).blocks(root).strip()
    return Part(html, markdown)


def plain(text: str) -> str:
    """Text from the case with no tokens of its own."""
    return (text or "").replace(OPEN, "").replace(CLOSE, "")


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
    href = _ANY_TOKEN.sub("", href or "").replace(OPEN, "").replace(CLOSE, "").strip()
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", href)
    if scheme and scheme.group(1).lower() in URL_SCHEMES:
        return href
    return href if re.fullmatch(r"#[\w.-]+", href) else None


def _text_of(node: _Node) -> str:
    return "".join(c if isinstance(c, str) else _text_of(c) for c in node.children)


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


class _Writer:
    """The tree written out once, as HTML or as Markdown, with the references' markers."""

    def __init__(self, references: Sequence[Reference], *, html: bool):
        self.references, self.html = references, html

    # -- references ----------------------------------------------------------------------------

    def typed(self, text: str) -> str:
        """Text with each reference as typed: what code shows."""
        def back(match: re.Match) -> str:
            index = int(match.group(1))
            return self.references[index].typed if index < len(self.references) else ""
        return _TOKEN.sub(back, text).replace(OPEN, "").replace(CLOSE, "")

    def tokens(self, text: str, *, in_link: bool = False) -> str:
        """Text with its references made markers, everything else escaped."""
        out, last, previous = [], 0, None
        for match in _TOKEN.finditer(text):
            between = text[last:match.start()]
            last = match.end()
            index = int(match.group(1))
            if index >= len(self.references):
                out.append(between)
                continue
            reference = self.references[index]
            if reference.number is None:
                out.append(between)
                mark = missing_html(reference.kind) if self.html else missing_md(reference.kind)
                out.append("\0" + mark + "\0")
                previous = None
                continue
            number = reference.number()
            if number == previous and not between.strip():
                continue  # the same note again straight after: marked once
            out.append(between)
            mark = marker_html(number, linked=not in_link) if self.html else marker_md(number)
            out.append("\0" + mark + "\0")
            previous = number
        out.append(text[last:])
        # Every piece of text is escaped, the markers made here are not: split on the NULs.
        pieces = "".join(out).replace(OPEN, "").replace(CLOSE, "").split("\0")
        escape_piece = html_text if self.html else md_text
        done = "".join(p if n % 2 else escape_piece(p) for n, p in enumerate(pieces))
        # "[^1]:" opening a line would define a note rather than mark one.
        return done if self.html else re.sub(r"(\[\^\d+\]):", r"\1&#58;", done)

    # -- the tree ------------------------------------------------------------------------------

    def blocks(self, node: _Node) -> str:
        return self._html(node) if self.html else self._md_blocks(node)

    def _html(self, node: _Node, in_link: bool = False, in_code: bool = False) -> str:
        out = []
        for child in node.children:
            if isinstance(child, str):
                text = child.replace("\0", "")
                out.append(html_text(self.typed(text)) if in_code
                           else self.tokens(text, in_link=in_link))
            elif child.tag in _VOID:
                out.append(f"<{child.tag}>")
            elif child.tag == "a":
                href = None if in_link else _safe_href(child.href)
                inner = self._html(child, in_link or href is not None, in_code)
                out.append(f'<a href="{escape(href)}">{inner}</a>' if href else inner)
            else:
                code = in_code or child.tag in ("code", "pre")
                out.append(f"<{child.tag}>{self._html(child, in_link, code)}</{child.tag}>")
        return "".join(out)

    def _md_blocks(self, node: _Node) -> str:
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
                inline.append(self._md_inline(child))
                continue
            flush()
            if child.tag == "p":
                blocks.append(self._md_inline_children(child).strip())
            elif child.tag in ("h3", "h4", "h5", "h6"):
                text = " ".join(self._md_inline_children(child).split())
                blocks.append("#" * int(child.tag[1]) + " " + text)
            elif child.tag == "hr":
                blocks.append("* * *")
            elif child.tag == "pre":
                blocks.append(self._code_block(_text_of(child)))
            elif child.tag == "blockquote":
                inner = self._md_blocks(child)
                blocks.append("\n".join(f"> {line}".rstrip() for line in inner.splitlines()))
            elif child.tag in ("ul", "ol"):
                blocks.append(self._md_list(child))
            else:  # an li outside a list, or flattened nesting: its words
                blocks.append(self._md_blocks(child))
        flush()
        return "\n\n".join(b for b in blocks if b.strip())

    def _md_list(self, node: _Node) -> str:
        items = []
        number = 0
        for child in node.children:
            if isinstance(child, str):
                continue
            number += 1
            marker = f"{number}. " if node.tag == "ol" else "- "
            lines = self._md_blocks(child).splitlines() or [""]
            items.append("\n".join([marker + lines[0]]
                                   + [f"    {line}" if line else "" for line in lines[1:]]))
        loose = any("\n\n" in item for item in items)  # items of several blocks stand apart
        return ("\n\n" if loose else "\n").join(items)

    def _md_inline_children(self, node: _Node, in_link: bool = False) -> str:
        return _concat([self._md_inline(child, in_link) for child in node.children])

    def _md_inline(self, node, in_link: bool = False) -> str:
        if isinstance(node, str):
            return self.tokens(re.sub(r"\s+", " ", node.replace("\0", "")))
        if node.tag == "br":
            return "  \n"
        if node.tag == "code":
            return self._code_span(_text_of(node))
        inner = self._md_inline_children(node, in_link or node.tag == "a")
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

    def _code_span(self, text: str, *, keep_spaces: bool = False) -> str:
        text = self.typed(text)
        text = text.rstrip() if keep_spaces else " ".join(text.split())
        if not text:
            return ""
        ticks = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
        pad = " " if text.startswith("`") or text.endswith("`") else ""
        return f"{ticks}{pad}{text}{pad}{ticks}"

    def _code_block(self, text: str) -> str:
        """A code block as lines of code spans. Not an indented block: next to a list, Markdown
        takes indented lines for the list's own words, and the HTML in them would be live; nor
        a fence (```), which Python-Markdown without its extension reads as words."""
        lines = self.typed(text).expandtabs(4).splitlines()
        return "  \n".join(self._code_span(line, keep_spaces=True)
                           for line in lines if line.strip())
