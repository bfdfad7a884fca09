"""Building a case from a human-editable TOML description whose quotes anchor to source files."""

from __future__ import annotations

import re
import sqlite3
import tomllib
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.domain.anchoring import AnchorError, anchor_quote
from desktop.domain.dates import DateError
from desktop.domain.text import normalise_text
from desktop.storage import briefings, claims, entities, events, excerpts, sources
from desktop.storage.casefile import Case
from desktop.storage.changes import Change, Writer, write
from desktop.storage.sources import SourceText

# Stable uids: rebuilding the sample case gives every row the same uid, so links survive.
_UID_NAMESPACE = uuid.UUID("6f1c2b8e-5d0a-4c47-9a51-3e1f0b7d2c90")
# In a briefing's body, [[claim:KEY]] and [[event:KEY]] name a claim or event of the file by its
# key; the builder writes its uid instead, the form the case stores.
_KEYED_REFERENCE = re.compile(r"\[\[(claim|event):([^\[\]\s]+)\]\]")


class CaseDescriptionError(ValueError):
    """A problem in a case description, naming the file and what is wrong in it."""


def stable_uid(kind: str, key: str) -> str:
    return str(uuid.uuid5(_UID_NAMESPACE, f"{kind}:{key}"))


def load_description(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise CaseDescriptionError(f"{path}: cannot be read ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CaseDescriptionError(f"{path}: not valid TOML ({exc})") from exc


def build_from_description(case: Case, path: Path, doc: dict[str, Any] | None = None) -> Change:
    """Write everything a case.toml describes in one transaction; on any error, nothing."""
    doc = load_description(path) if doc is None else doc
    builder = _Builder(path, doc)
    with write(case, f"Build case from {path.name}") as w:
        builder.run(w)
    return w.change


class _Builder:
    def __init__(self, path: Path, doc: dict[str, Any]):
        self.path, self.doc, self.folder = path, doc, path.parent
        self.sources: dict[str, SourceText] = {}
        self.entities: dict[str, int] = {}
        self.properties: dict[str, tuple[int, str]] = {}
        self.seen: set[tuple[str, str]] = set()

    def fail(self, where: str, problem: str) -> CaseDescriptionError:
        return CaseDescriptionError(f"{self.path}: {where}: {problem}")

    def run(self, w: Writer) -> None:
        meta = self.doc.get("case", {})
        for key in ("title", "description"):
            if key in meta:
                w.set_meta(key, meta[key])
        for item in self.doc.get("sources", []):
            self._source(w, item)
        for item in self.doc.get("lineage", []):
            self._lineage(w, item)
        for item in self.doc.get("entities", []):
            self._entity(w, item)
        for order, item in enumerate(self.doc.get("properties", [])):
            self._property(w, item, order)
        for item in self.doc.get("claims", []):
            self._claim(w, item)
        for item in self.doc.get("events", []):
            self._event(w, item)
        for item in self.doc.get("briefings", []):
            self._briefing(w, item)
        names = entities.names_by_entity(w.db)
        for text in self.sources.values():
            excerpts.refresh_mentions(w, text, names)

    def _source(self, w: Writer, item: dict[str, Any]) -> None:
        key = self._key(item, "source")
        file = self.folder / item.get("file", "")
        try:
            original = file.read_bytes()
            text = normalise_text(original.decode("utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise self.fail(f"source '{key}'", f"cannot read {file.name} ({exc})") from exc
        with self._reading(f"source '{key}'"):
            source_id = sources.add_source(
                w, title=item["title"], publisher=item.get("publisher"),
                author=item.get("author"), url=item.get("url"), published=item.get("published"),
                published_note=item.get("published_note"), language=item.get("language"),
                file_name=file.name, reliability=item.get("reliability"),
                reliability_note=item.get("reliability_note"), uid=stable_uid("source", key),
            )
        self.sources[key] = sources.add_text(w, source_id, text, original, "text/plain")

    def _lineage(self, w: Writer, item: dict[str, Any]) -> None:
        where = f"lineage of '{item.get('source')}'"
        child = self._ref(self.sources, item.get("source"), where, "source").source_id
        parent = item.get("parent")
        parent_id = self._ref(self.sources, parent, where, "source").source_id if parent else None
        with self._reading(where):
            sources.add_lineage(
                w, child, item.get("relation", "reworks"), parent_id=parent_id,
                parent_label=item.get("parent_label"), note=item.get("note"),
            )

    def _entity(self, w: Writer, item: dict[str, Any]) -> None:
        key = self._key(item, "entity")
        aliases = [
            (a, None) if isinstance(a, str) else (a["alias"], a.get("note"))
            for a in item.get("aliases", [])
        ]
        with self._reading(f"entity '{key}'"):
            self.entities[key] = entities.add_entity(
                w, item.get("kind", ""), item.get("name", ""),
                description=item.get("description"), aliases=aliases,
                uid=stable_uid("entity", key),
            )

    def _property(self, w: Writer, item: dict[str, Any], order: int) -> None:
        key = self._key(item, "property")
        with self._reading(f"property '{key}'"):
            prop_id = claims.add_property(
                w, key, item.get("label", key), item.get("datatype", "text"),
                item.get("description"), order,
            )
        self.properties[key] = (prop_id, item.get("datatype", "text"))

    def _claim(self, w: Writer, item: dict[str, Any]) -> None:
        key = self._key(item, "claim")
        where = f"claim '{key}'"
        subject = self._ref(self.entities, item.get("subject"), where, "entity")
        prop_id, value, value_entity = None, None, None
        if "property" in item:
            prop_id, datatype = self._ref(self.properties, item["property"], where, "property")
            if "value_entity" in item:
                value_entity = self._ref(self.entities, item["value_entity"], where, "entity")
            elif "value" in item:
                value = encode_value(item["value"], datatype)
        with self._reading(where):
            claim_id = claims.add_claim(
                w, subject, item.get("text", ""), property_id=prop_id, value=value,
                value_entity_id=value_entity, when=item.get("when"),
                rank=item.get("rank", "normal"), rank_reason=item.get("rank_reason"),
                status=item.get("status", "reviewed"), likelihood=item.get("likelihood"),
                confidence=item.get("confidence"), uid=stable_uid("claim", key),
            )
        self._cite_all(w, item, where, lambda excerpt_id, cite: claims.add_citation(
            w, claim_id, excerpt_id, cite.get("stance", "supports"),
            credibility=cite.get("credibility"), note=cite.get("note"),
        ))

    def _event(self, w: Writer, item: dict[str, Any]) -> None:
        key = self._key(item, "event")
        where = f"event '{key}'"
        with self._reading(where):
            event_id = events.add_event(
                w, item.get("title", ""), item.get("date"),
                description=item.get("description"), date_phrase=item.get("date_phrase"),
                date_anchor=item.get("date_anchor"), date_rule=item.get("date_rule"),
                status=item.get("status", "reviewed"), uid=stable_uid("event", key),
            )
        for link in item.get("entities", []):
            link = {"entity": link} if isinstance(link, str) else link
            entity_id = self._ref(self.entities, link.get("entity"), where, "entity")
            events.link_entity(w, event_id, entity_id, link.get("role", ""))
        self._cite_all(w, item, where, lambda excerpt_id, cite: events.add_event_citation(
            w, event_id, excerpt_id, cite.get("stance", "supports"),
            credibility=cite.get("credibility"), note=cite.get("note"), date=cite.get("date"),
        ))

    def _briefing(self, w: Writer, item: dict[str, Any]) -> None:
        key = self._key(item, "briefing")
        where = f"briefing '{key}'"
        body = item.get("body", "")
        if not isinstance(body, str):
            raise self.fail(where, f"the body must be text, not {body!r}")

        def uid_of(match: re.Match) -> str:
            kind, ref = match.groups()
            if (kind, ref) in self.seen:
                return f"[[{kind}:{stable_uid(kind, ref)}]]"
            if briefings.REFERENCE.fullmatch(match.group(0)):
                return match.group(0)  # a uid already: checked below with the rest
            raise self.fail(where, f"refers to unknown {kind} {ref!r}")

        body = _KEYED_REFERENCE.sub(uid_of, body)
        with self._reading(where):
            briefings.add_briefing(
                w, item.get("title", ""), subtitle=item.get("subtitle"),
                author=item.get("author"), date=item.get("date"), caveat=item.get("caveat"),
                body=body, sections=item.get("sections", briefings.DEFAULT_SECTIONS),
                page_size=item.get("page_size", "A4"), is_default=item.get("default", False),
                uid=stable_uid("briefing", key),
            )
        dangling = briefings.dangling_references(w.db, body)
        if dangling:
            kind, uid = dangling[0]
            raise self.fail(where, f"[[{kind}:{uid}]] refers to no {kind} in the case")

    def _cite_all(
        self, w: Writer, item: dict[str, Any], where: str, add: Callable[[int, dict], object]
    ) -> None:
        """Anchor each [[...cite]] quote and record it with add(excerpt_id, cite)."""
        cites = item.get("cite", [])
        if not cites:
            raise self.fail(where, "cites no excerpt; every claim and event must quote a source")
        for cite in cites:
            excerpt_id = self._excerpt(w, cite, where)
            with self._reading(where):
                add(excerpt_id, cite)

    def _excerpt(self, w: Writer, cite: dict[str, Any], where: str) -> int:
        text = self._ref(self.sources, cite.get("source"), where, "source")
        quote = cite.get("quote", "")
        if not isinstance(quote, str):
            raise self.fail(where, f"a quote must be text, not {quote!r}")
        try:
            # The text was normalised (NFC) when stored; the quote must be too, or an accent
            # typed as two code points would look identical and still not be found.
            selector = anchor_quote(text.text, normalise_text(quote), cite.get("occurrence"))
        except AnchorError as exc:
            file = self._file_of(cite.get("source"))
            raise self.fail(where, f"quote {quote!r} in {file}: {exc}") from exc
        return excerpts.add_excerpt(w, text, selector)

    def _file_of(self, source_key: str) -> str:
        for item in self.doc.get("sources", []):
            if item.get("key") == source_key:
                return item.get("file", "?")
        return "?"

    def _key(self, item: dict[str, Any], what: str) -> str:
        key = item.get("key")
        if not isinstance(key, str) or not key:
            raise self.fail(what, f"a {what} without a 'key'")
        if (what, key) in self.seen:
            raise self.fail(f"{what} '{key}'", "the key is used twice")
        self.seen.add((what, key))
        return key

    def _ref(self, table: dict[str, Any], key: Any, where: str, what: str) -> Any:
        if key not in table:
            raise self.fail(where, f"refers to unknown {what} {key!r}")
        return table[key]

    def _reading(self, where: str) -> _Reword:
        return _Reword(self, where)


class _Reword:
    """Turns a storage ValueError (bad enum, bad date) into one naming the file and item."""

    def __init__(self, builder: _Builder, where: str):
        self.builder, self.where = builder, where

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None and issubclass(
            exc_type, (ValueError, KeyError, TypeError, DateError, sqlite3.IntegrityError)
        ):
            if not isinstance(exc, CaseDescriptionError):
                raise self.builder.fail(self.where, str(exc)) from exc
        return False


def encode_value(value: Any, datatype: str) -> str:
    """A property value as stored: booleans as 'true'/'false', everything else as text."""
    if datatype == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"a bool property needs true or false, not {value!r}")
        return "true" if value else "false"
    return str(value)
