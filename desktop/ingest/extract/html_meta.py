"""What a web page says about itself: title, author, site, canonical URL, language, date."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from .document import clean_field, clean_url
from .published import edtf_from_metadata

# <meta name|property=…> keys holding the publication date, preferred first.
_DATE_KEYS = (
    "article:published_time", "og:article:published_time", "date", "pubdate", "publish-date",
    "publish_date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued",
    "citation_publication_date", "citation_date",
)  # fmt: skip
_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "citation_author", "twitter:creator")
_PUBLISHER_KEYS = ("og:site_name", "application-name", "dc.publisher", "citation_publisher")
_TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "citation_title")
_LANGUAGE_KEYS = ("content-language", "language", "dc.language", "og:locale")
_MAX_JSON_CHARS = 1_000_000  # a JSON-LD block larger than this is data, not page metadata
_MAX_JSON_NODES = 200


@dataclass(frozen=True)
class PageMeta:
    title: str | None = None  # from the metadata tags (og:title and the like)
    title_tag: str | None = None  # <title>, which often carries the site's name too
    author: str | None = None
    publisher: str | None = None
    published: str | None = None  # EDTF
    url: str | None = None
    language: str | None = None


def read_meta(root: etree._Element) -> PageMeta:
    """Metadata from a parsed page's <head> and markup; reads only what is in the tree."""
    metas = _meta_values(root)
    linked = _json_ld(root)
    return PageMeta(
        title=_first(metas, _TITLE_KEYS),
        title_tag=_text(root.find(".//title")),
        author=_author(metas, linked),
        publisher=_first(metas, _PUBLISHER_KEYS) or _name(_ld_value(linked, "publisher")),
        published=_published(root, metas, linked),
        url=_canonical(root) or clean_url(metas.get("og:url")),
        language=_language(root, metas),
    )


def _meta_values(root: etree._Element) -> dict[str, str]:
    """<meta> content by lower-cased name, property or http-equiv; the first one wins."""
    values: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = meta.get("name") or meta.get("property") or meta.get("http-equiv")
        content = meta.get("content")
        if key and content and content.strip():
            values.setdefault(key.strip().lower(), content.strip())
    return values


def _first(metas: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = clean_field(metas.get(key))
        if value:
            return value
    return None


def _text(element: etree._Element | None) -> str | None:
    return clean_field(element.text_content()) if element is not None else None


def _author(metas: dict[str, str], linked: list[dict]) -> str | None:
    for key in _AUTHOR_KEYS:
        value = clean_field(metas.get(key))
        if value and not clean_url(value):  # article:author is often a profile URL
            return value
    author = _ld_value(linked, "author")
    if isinstance(author, list):
        return clean_field(", ".join(filter(None, (_name(a) for a in author[:20]))))
    return _name(author)


def _name(value: object) -> str | None:
    """A schema.org Person/Organization's name, or a plain string."""
    if isinstance(value, dict):
        value = value.get("name")
    return clean_field(value) if isinstance(value, str) else None


def _canonical(root: etree._Element) -> str | None:
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            return clean_url(link.get("href"))
    return None


def _language(root: etree._Element, metas: dict[str, str]) -> str | None:
    value = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    value = value or _first(metas, _LANGUAGE_KEYS)
    value = clean_field(value)
    if not value:
        return None
    # og:locale is en_GB; a Content-Language header may list several: keep the first.
    return value.split(",")[0].strip().replace("_", "-")[:35] or None


def _published(root: etree._Element, metas: dict[str, str], linked: list[dict]) -> str | None:
    """The first date the page states, at the precision it states it."""
    for value in _date_candidates(root, metas, linked):
        found = edtf_from_metadata(value)
        if found:
            return found
    return None


def _date_candidates(
    root: etree._Element, metas: dict[str, str], linked: list[dict]
) -> Iterator[object]:
    yield from (metas.get(key) for key in _DATE_KEYS)
    for element in root.xpath("//*[@itemprop='datePublished']"):
        yield element.get("content") or element.get("datetime") or element.text_content()
    yield _ld_value(linked, "datePublished")
    # <time pubdate> marks the article's own date; otherwise the first <time> is the best guess.
    times = root.xpath("//time[@datetime]")
    yield from (t.get("datetime") for t in times if t.get("pubdate") is not None)
    yield from (t.get("datetime") for t in times[:1])


def _json_ld(root: etree._Element) -> list[dict]:
    """The objects in the page's JSON-LD blocks (lists and @graph flattened), bounded."""
    nodes: list[dict] = []
    for script in root.xpath("//script[@type='application/ld+json']"):
        source = script.text or ""
        if len(source) > _MAX_JSON_CHARS:
            continue
        try:
            data = json.loads(source)
        except (ValueError, RecursionError):
            continue  # hand-written JSON-LD is often broken; the rest of the page still counts
        pending = [data]
        while pending and len(nodes) < _MAX_JSON_NODES:
            item = pending.pop(0)
            if isinstance(item, list):
                pending.extend(item[:_MAX_JSON_NODES])
            elif isinstance(item, dict):
                nodes.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    pending.extend(graph[:_MAX_JSON_NODES])
    return nodes


def _ld_value(nodes: list[dict], key: str) -> object:
    """The first JSON-LD object's value for key, articles before other types."""
    articles = [node for node in nodes if "Article" in str(node.get("@type", ""))[:200]]
    for node in articles + nodes:
        if node.get(key):
            return node[key]
    return None
