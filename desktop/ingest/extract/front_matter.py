"""Front matter at the top of a Markdown file (YAML or TOML), read safely into metadata."""

from __future__ import annotations

import datetime as dt
import re
import tomllib

import yaml

from .document import clean_field, clean_url, short_reason
from .published import edtf_from_metadata

_YAML = re.compile(r"---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_TOML = re.compile(r"\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.S)
# Where the closing line must be found: front matter is a few lines, not a document.
_MAX_CHARS = 65536
# Document field -> the keys (lower case) that may hold it, preferred first.
_KEYS = {
    "title": ("title",),
    "publisher": ("publisher", "site", "site_name", "sitename", "source"),
    "author": ("author", "authors"),
    "published": ("date", "published", "date_published", "datepublished", "pubdate"),
    "url": ("url", "canonical_url", "canonical", "link"),
    "language": ("language", "lang"),
}


def split_front_matter(text: str) -> tuple[dict[str, str], str, list[str]]:
    """(fields, body, notes): the front matter's fields and the text after it.

    Fields are title, author, publisher, published (EDTF), url and language, when given.
    Front matter that cannot be read leaves the fields empty, with a note; never raises.
    """
    head = text[:_MAX_CHARS]
    for pattern, load, kind in ((_YAML, _load_yaml, "YAML"), (_TOML, tomllib.loads, "TOML")):
        match = pattern.match(head)
        if match is None:
            continue
        body = text[match.end() :]
        try:
            loaded = load(match.group(1) or "")
        except Exception as exc:  # parsers raise their own error types, and more on odd input
            return {}, body, [f"front matter could not be read: {kind}: {short_reason(exc)}"]
        if loaded is None:
            return {}, body, []
        if not isinstance(loaded, dict):
            return {}, body, ["front matter could not be read: it is not a list of keys and values"]
        return _fields(loaded), body, []
    return {}, text, []


def _load_yaml(source: str) -> object:
    return yaml.safe_load(source)  # safe_load only: front matter can build no Python objects


def _fields(loaded: dict) -> dict[str, str]:
    by_key = {str(key).strip().lower(): value for key, value in loaded.items()}
    fields: dict[str, str] = {}
    for field, keys in _KEYS.items():
        for key in keys:
            value = _convert(field, by_key.get(key))
            if value is not None:
                fields[field] = value
                break
    return fields


def _convert(field: str, value: object) -> str | None:
    if field == "published":
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # date: 2026
        return edtf_from_metadata(value) if isinstance(value, str | dt.date) else None
    if field == "url":
        return clean_url(value) if isinstance(value, str) else None
    if field == "author":
        return _names(value)
    if isinstance(value, dict):
        value = value.get("name")
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    if field == "publisher" and clean_url(value):
        return None  # "source: https://…" names a page, not a publisher
    return clean_field(value)


def _names(value: object) -> str | None:
    """One author or a list of them ("A, B"); lists may hold {name: …} mappings."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items[:100]:
        if isinstance(item, dict):
            item = item.get("name")
        # Only strings: str() of a nested (alias-built) list could be exponentially long.
        if isinstance(item, str) and (name := clean_field(item)):
            names.append(name)
    return clean_field(", ".join(names))
