"""Markdown files: front matter for metadata, the body rendered to readable plain text."""

from __future__ import annotations

import re
from pathlib import PurePath

import lxml.html
import markdown

from desktop.domain.text import normalise_document_text, normalise_text

from .decode import decode_text
from .document import Document, Limits, check_text_size, clean_field, short_reason
from .front_matter import split_front_matter
from .html_text import tree_text

# Python-Markdown is slow on some shapes of text: cubic in how deeply lists nest (then a
# RecursionError), quadratic in a paragraph's unclosed "[", "(" or "<" (80 KB of "[a](" takes
# minutes). Text beyond these bounds is kept as written instead of being converted.
_MAX_INDENT_COLUMNS = 256
_MAX_UNCLOSED_COST = 2_000_000  # unclosed delimiters x paragraph length, about 0.3 s at most
_INDENTS = re.compile(r"^[ \t]+", re.M)
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")
_DELIMITERS = re.compile(r"[\[\]()<>]")
_OPENER = {"]": "[", ")": "(", ">": "<"}
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # lxml refuses them in text
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_EXTENSIONS = ["extra", "sane_lists"]  # tables, fenced code, footnotes, definition lists


def extract_markdown(name: str, data: bytes, limits: Limits) -> Document:
    """A .md or .markdown file as a Document; raises Refused."""
    source, notes = decode_text(data)
    check_text_size(source, limits)
    fields, body, front_notes = split_front_matter(normalise_text(source))
    text, heading = _render(_CONTROLS.sub("", body), notes)
    text = normalise_document_text(text)
    return Document(
        text=text,
        media_type="text/markdown",
        title=fields.get("title") or heading or PurePath(name).stem,
        author=fields.get("author"),
        publisher=fields.get("publisher"),
        published=fields.get("published"),
        url=fields.get("url"),
        language=fields.get("language"),
        notes=tuple(notes + front_notes),
    )


def _render(body: str, notes: list[str]) -> tuple[str, str | None]:
    """(plain text, first heading) of a Markdown body; the body as written if it can't be."""
    if _too_costly(body):
        notes.append("the Markdown is too convoluted to convert; the text is kept as written")
        return body, None
    try:
        html = markdown.markdown(body, extensions=_EXTENSIONS, output_format="html")
    except Exception as exc:  # hostile input finds odd failures (RecursionError, ...)
        notes.append(f"the Markdown could not be converted ({short_reason(exc)}); kept as written")
        return body, None
    # Only parsed, never rendered: images, links and stylesheets in it are never fetched.
    root = lxml.html.fragment_fromstring(html, create_parent="div", parser=_parser())
    text = tree_text(root)
    if not text.strip() and body.strip():
        # The parser drops what is nested over 255 deep: better the text as written than none.
        notes.append("the Markdown is nested too deeply to convert; the text is kept as written")
        return body, None
    heading = next(root.iter(*_HEADINGS), None)
    return text, clean_field(tree_text(heading)) if heading is not None else None


def _too_costly(body: str) -> bool:
    """Whether converting would take Python-Markdown's slow paths (see _MAX_UNCLOSED_COST)."""
    deepest = max((len(indent.expandtabs(4)) for indent in _INDENTS.findall(body)), default=0)
    if deepest > _MAX_INDENT_COLUMNS:
        return True
    return any(
        _unclosed(paragraph) * len(paragraph) > _MAX_UNCLOSED_COST
        for paragraph in _PARAGRAPHS.split(body)
    )


def _unclosed(paragraph: str) -> int:
    """How many "[", "(" and "<" in a paragraph nothing after them closes."""
    opened = {"[": 0, "(": 0, "<": 0}
    for delimiter in _DELIMITERS.findall(paragraph):
        if delimiter in opened:
            opened[delimiter] += 1
        elif opened[_OPENER[delimiter]]:
            opened[_OPENER[delimiter]] -= 1
    return sum(opened.values())


def _parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, collect_ids=False
    )
