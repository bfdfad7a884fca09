"""Saved web pages: the article's text (trafilatura) and the page's metadata."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePath

import lxml.html
import trafilatura
import trafilatura.metadata
from htmldate import find_date
from lxml import etree

from desktop.domain.text import normalise_document_text

from .decode import declared_charset, decode_text
from .document import Document, Limits, Refused, clean_field, title_from_text
from .html_meta import PageMeta, read_meta
from .html_text import SKIPPED, tree_text

_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*>")  # lxml refuses it in a str
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # invalid in HTML; lxml refuses them
# Markup that is never shown as text: removed before trafilatura sees the page, because it
# unwraps some of it (the content of a <template> would become article text). JSON-LD stays
# for its metadata; trafilatura drops scripts from the text itself.
_INERT = " | ".join(
    ["//script[not(@type='application/ld+json')]"]
    + [f"//{tag}" for tag in sorted(SKIPPED - {"script", "title", "meta", "link", "base"})]
)
# Page furniture also removed before the fallback extraction (trafilatura finds its own).
_FURNITURE = " | ".join(
    f"//{tag}" for tag in ("script", "nav", "header", "footer", "aside", "form")
)
# Options for trafilatura.bare_extraction, explained in _article.
_OPTIONS = {
    "with_metadata": False,  # metadata is read in _metadata, only what the page's tags lack
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "favor_precision": True,
    "fast": True,
    "deduplicate": False,
}


def extract_html(name: str, data: bytes, limits: Limits) -> Document:
    """A saved .html or .htm page as a Document: the article only; raises Refused."""
    source, notes = decode_text(data, declared_charset(data))
    source = _CONTROLS.sub("", _XML_DECLARATION.sub("", source, count=1))
    root = _parse(source)
    if root is None:
        raise Refused("no article text found")
    page = read_meta(root)
    _remove(root, _INERT)
    # The metadata first: the fallback below strips the header that holds the <h1> and byline.
    page = _complete(page, root, source)
    found = _article(copy.deepcopy(root))  # trafilatura changes the tree it is given
    if found is None:
        text = _fallback_text(root)
        notes.append(
            "the article could not be told apart from the rest of the page; "
            "the text may include menus or other page parts"
        )
    else:
        text = tree_text(found.body) if found.body is not None else (found.text or "")
    text = normalise_document_text(text)
    if not text:
        raise Refused("no article text found")
    if page.published is None:
        notes.append("no publication date found")
    return Document(
        text=text,
        media_type="text/html",
        title=page.title or title_from_text(text, PurePath(name).stem),
        author=page.author,
        publisher=page.publisher,
        published=page.published,
        url=page.url,
        language=page.language,
        notes=tuple(notes),
    )


def _complete(page: PageMeta, root: etree._Element, source: str) -> PageMeta:
    """The page's own metadata, gaps filled by trafilatura's and htmldate's heuristics.

    Only the gaps: trafilatura's full metadata pass (licence, categories, tags, byline search
    on every page) costs as much as the text extraction itself, for fields we never store.
    """
    title = page.title or _heuristic(trafilatura.metadata.extract_title, root) or page.title_tag
    author = page.author or _heuristic(trafilatura.metadata.extract_author, root)
    publisher = page.publisher or _heuristic(trafilatura.metadata.extract_sitename, root)
    published = page.published or _verified_date(root, source)
    return replace(page, title=clean_field(title), author=clean_field(author),
                   publisher=clean_field(publisher), published=published)


def _parse(source: str) -> etree._Element | None:
    """The page as a tree; the parser loads nothing from the network (DTDs included)."""
    parser = lxml.html.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, collect_ids=False
    )
    try:
        return lxml.html.document_fromstring(source, parser=parser)
    except (etree.ParserError, ValueError):  # "Document is empty" and the like
        return None


def _article(root: etree._Element) -> trafilatura.settings.Document | None:
    """trafilatura's reading of the page's main text, or None when it finds none.

    It gets our tree, so our encoding detection stands. Comments, images and link targets are
    left out; tables are kept (often part of a report). favor_precision drops bylines, share
    bars and teasers at the edges of an article: a source's text should be its words only.
    Dates are read without the extensive search, which guesses from free text and URLs.
    """
    try:
        found = trafilatura.bare_extraction(root, **_OPTIONS)
    except Exception:  # a library heuristic failing on odd markup is no reason to refuse
        return None
    if found is None or not (found.text or "").strip():
        return None
    return found


def _fallback_text(root: etree._Element) -> str:
    """trafilatura's baseline (paragraphs, else all text) of the page without its furniture."""
    _remove(root, _FURNITURE)
    try:
        body, _, _ = trafilatura.baseline(root)
    except Exception:  # as in _article
        return ""
    return tree_text(body)


def _remove(root: etree._Element, xpath: str) -> None:
    for element in root.xpath(xpath):
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text that follows the element


def _heuristic(function: Callable[[etree._Element], str | None], root) -> str | None:
    try:
        return function(root)
    except Exception:  # as in _article
        return None


def _verified_date(root: etree._Element, source: str) -> str | None:
    """htmldate's date, only if the page states it: it fills a missing day with today's.

    No extensive search: that guesses from free text and URLs.
    """
    value = _heuristic(lambda tree: find_date(tree, extensive_search=False, original_date=True),
                       root)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) and value in source:
        return value
    return None
