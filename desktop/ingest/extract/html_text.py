"""Readable plain text from an HTML (or trafilatura XML) tree: blocks, lines and inline runs."""

from __future__ import annotations

import re

from lxml import etree

# Elements whose content is never text to read: code, embedded things, form controls, media.
SKIPPED = frozenset({
    "script", "style", "template", "noscript", "iframe", "frame", "frameset", "object",
    "embed", "applet", "svg", "canvas", "audio", "video", "picture", "img", "graphic",
    "title", "meta", "link", "base", "button", "select", "input", "textarea",
    "map", "area",
})  # fmt: skip
# (An HTML <head> is skipped too, but in trafilatura's XML "head" is a heading: see below.)
# Elements that stand apart as paragraphs (a blank line on either side). The names after "tr"
# are trafilatura's XML: head = heading, list/item, quote, row/cell.
_BLOCKS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "address",
    "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "blockquote", "pre", "hr", "ul", "ol", "dl",
    "table", "figure", "figcaption", "details", "summary", "fieldset", "form", "body",
    "head", "list", "quote",
})  # fmt: skip
# Elements that start a new line without a blank line before them.
_LINES = frozenset({"li", "item", "dt", "dd", "tr", "row", "caption", "legend"})
_BREAKS = frozenset({"br", "lb"})
_CELLS = frozenset({"td", "th", "cell"})
_KEEP_WHITESPACE = frozenset({"pre", "code", "textarea", "listing", "plaintext", "xmp"})
# Runs of HTML white space, except a lone space (already what a run becomes).
_HTML_WHITESPACE = re.compile(r"[\t\n\r\f][ \t\n\r\f]*| [ \t\n\r\f]+")
# Markers in the output list (not characters, which the text itself could contain).
_NEW_LINE, _BLANK_LINE = 1, 2


def tree_text(root: etree._Element) -> str:
    """The text of root and everything in it, as a reader would see it rendered."""
    out: list[str | int] = []
    numbers: dict[etree._Element, int] = {}  # the last number used in each numbered list
    keep_whitespace = 0
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = _tag(element)
        if event == "start":
            if tag is None or tag in SKIPPED or _is_document_head(element, tag):
                walker.skip_subtree()  # comments and processing instructions too
                continue
            keep_whitespace += tag in _KEEP_WHITESPACE
            _open(out, element, tag, numbers)
            _append(out, element.text, keep_whitespace)
        else:
            if tag is not None and tag not in SKIPPED and not _is_document_head(element, tag):
                _close(out, element, tag)
                keep_whitespace -= tag in _KEEP_WHITESPACE
            if element is not root:
                _append(out, element.tail, keep_whitespace)
    return _join(out)


def _is_document_head(element: etree._Element, tag: str) -> bool:
    parent = element.getparent()
    return tag == "head" and parent is not None and _tag(parent) == "html"


def _tag(element: etree._Element) -> str | None:
    """The lower-case local name of an element; None for comments and the like."""
    if not isinstance(element.tag, str):
        return None
    return etree.QName(element).localname.lower()


def _open(
    out: list[str | int], element: etree._Element, tag: str, numbers: dict[etree._Element, int]
) -> None:
    if tag in _BLOCKS:
        out.append(_NEW_LINE if _is_nested_list(element, tag) else _BLANK_LINE)
    elif tag in _LINES:
        out.append(_NEW_LINE)
        out.append(_item_prefix(element, tag, numbers))
    elif tag in _BREAKS:
        out.append("\n")


def _close(out: list[str | int], element: etree._Element, tag: str) -> None:
    if tag in _BLOCKS:
        out.append(_NEW_LINE if _is_nested_list(element, tag) else _BLANK_LINE)
    elif tag in _LINES:
        out.append(_NEW_LINE)
    elif tag in _CELLS and element.getnext() is not None:
        out.append(" | ")


def _is_nested_list(element: etree._Element, tag: str) -> bool:
    """A list inside a list item continues its list: no blank line around it."""
    parent = element.getparent()
    return tag in ("ul", "ol", "list") and parent is not None and _is_item(parent)


def _item_prefix(element: etree._Element, tag: str, numbers: dict[etree._Element, int]) -> str:
    """'- ' before a bulleted item, '3. ' before the third numbered one; '' for other lines."""
    parent = element.getparent()
    if tag not in ("li", "item") or parent is None:
        return ""
    if _tag(parent) != "ol" and parent.get("rend", "").lower() != "ol":
        return "- "
    if parent not in numbers:
        start = parent.get("start", "1").strip()
        numbers[parent] = int(start) - 1 if start.isdigit() and len(start) < 10 else 0
    numbers[parent] += 1
    return f"{numbers[parent]}. "


def _is_item(element: etree._Element) -> bool:
    return _tag(element) in ("li", "item")


def _append(out: list[str | int], text: str | None, keep_whitespace: int) -> None:
    if text:
        out.append(text if keep_whitespace else _HTML_WHITESPACE.sub(" ", text))


def _join(parts: list[str | int]) -> str:
    """Text with each run of line markers replaced by the strongest break in it."""
    pieces: list[str] = []
    pending = 0
    for part in parts:
        if isinstance(part, int):
            pending = max(pending, part)
        elif pending and not part.strip():
            continue  # white space between two blocks is not part of either
        else:
            if pending and pieces:
                pieces.append("\n" * pending)
            pending = 0
            pieces.append(part)
    return "".join(pieces).strip()
