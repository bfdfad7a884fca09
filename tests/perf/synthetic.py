"""A deterministic synthetic case of any size: its table rows, written through the real schema."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.domain.dates import filter_bounds
from desktop.domain.text import sha256_bytes, sha256_text
from desktop.domain.vocab import LINEAGE_RELATIONS
from desktop.storage.casefile import create_case
from tests.perf.synthetic_text import DatePool, Prose, cumulative, distinct, entity_name

# Rows at scale 1.0; every count scales linearly and never drops below one.
FULL_SCALE = {
    "sources": 50_000,
    "excerpts": 1_000_000,
    "claims": 200_000,
    "events": 100_000,
    "entities": 5_000,
}
ROWS_PER_TRANSACTION = 10_000  # keeps the WAL and the FTS pending buffer bounded
SOURCES_PER_CHUNK = 500  # ~500 texts and ~10,000 excerpts per transaction at any scale
ACTOR = "synthetic"
_BASE_TIME = datetime(2024, 1, 1, tzinfo=UTC)  # fixed, so the same seed gives the same rows

_ENTITY_KINDS = ("company", "agency", "person", "model", "document", "other")
_ENTITY_WEIGHTS = (30, 10, 35, 15, 9, 1)
_ROLES = ("", "actor", "subject", "witness", "regulator")
_STANCES = ("supports", "contradicts", "context")
_STANCE_WEIGHTS = (82, 12, 6)
_STATUSES = ("draft", "reviewed", "disputed", "retracted")
_STATUS_WEIGHTS = (50, 35, 10, 5)
_RELIABILITY = ("A", "B", "C", "D", "E", "F")
_RELIABILITY_WEIGHTS = (10, 30, 30, 15, 5, 10)
_LIKELIHOODS = ("unlikely", "roughly even chance", "likely", "very likely", None)
_CONFIDENCES = ("low", "moderate", "high", None)
_PROPERTIES = (
    ("founded", "Founded", "date"),
    ("headquarters", "Headquarters", "text"),
    ("ceo", "Chief executive", "entity"),
    ("parent_organisation", "Parent organisation", "entity"),
    ("employees", "Employees", "number"),
    ("released", "Released", "date"),
    ("developer", "Developer", "entity"),
    ("open_weights", "Open weights", "bool"),
    ("jurisdiction", "Jurisdiction", "text"),
    ("funding_total", "Total funding (USD)", "number"),
)


@dataclass(frozen=True)
class Chunk:
    """Rows for one table, written in one transaction: column names, then value tuples."""

    table: str
    columns: tuple[str, ...]
    rows: list[tuple]


def scaled_counts(scale: float) -> dict[str, int]:
    """The main tables' row counts at this scale (linear, at least one of each)."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    return {table: max(1, round(n * scale)) for table, n in FULL_SCALE.items()}


def case_title(scale: float, seed: int) -> str:
    return f"Synthetic case (scale {scale:g}, seed {seed})"


def generate(path: Path, scale: float, seed: int = 0) -> dict[str, int]:
    """Create a case file at path filled with synthetic rows; returns rows written per table."""
    case = create_case(Path(path), case_title(scale, seed), actor=ACTOR)
    written: dict[str, int] = {}
    try:
        db = case.db
        # Benchmark data, not user actions: rows go straight into the tables (FTS triggers
        # and constraints still fire), bypassing the per-row change_log that edits write.
        for chunk in iter_chunks(scale, seed):
            with db.atomic():
                db.table(chunk.table).insert_all(
                    [chunk.columns, *chunk.rows], batch_size=ROWS_PER_TRANSACTION
                )
            written[chunk.table] = written.get(chunk.table, 0) + len(chunk.rows)
    finally:
        case.close()
    return written


def iter_chunks(scale: float, seed: int = 0) -> Iterator[Chunk]:
    """Every row of the case, parents before children, in chunks of about 10,000 rows.

    Shared by generate() and the bare baseline in bench.py, so both write the same rows.
    """
    return _Generator(scale, seed).chunks()


def _stamp(minutes: int) -> str:
    return (_BASE_TIME + timedelta(minutes=minutes)).isoformat(timespec="seconds")


def _batched(rows: list[tuple], size: int = ROWS_PER_TRANSACTION) -> Iterator[list[tuple]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


class _Generator:
    def __init__(self, scale: float, seed: int):
        self.counts = scaled_counts(scale)
        self.seed = seed
        # One stream per section (str seeds hash with SHA-512, so they are stable across runs):
        # changing how one table is generated leaves the others' rows alone.
        self._rngs: dict[str, random.Random] = {}
        self.prose = Prose(self.rng("vocabulary"))
        self._dates = DatePool(self.rng("dates"), self.counts)
        self.entity_names: list[str] = []

    def rng(self, section: str) -> random.Random:
        if section not in self._rngs:
            self._rngs[section] = random.Random(f"casefile-synthetic/{self.seed}/{section}")
        return self._rngs[section]

    def uid(self, rng: random.Random) -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    def chunks(self) -> Iterator[Chunk]:
        yield from self._properties()
        yield from self._entities()
        yield from self._sources()
        yield from self._claims()
        yield from self._events()

    # -- tables --------------------------------------------------------------------------

    def _properties(self) -> Iterator[Chunk]:
        rng = self.rng("properties")
        rows = [
            (i, self.uid(rng), key, label, datatype, f"Synthetic property: {label}.", i)
            for i, (key, label, datatype) in enumerate(_PROPERTIES, start=1)
        ]
        yield Chunk(
            "properties", ("id", "uid", "key", "label", "datatype", "description", "ord"), rows
        )

    def _entities(self) -> Iterator[Chunk]:
        rng = self.rng("entities")
        entities, aliases = [], []
        alias_id = 0
        for i in range(1, self.counts["entities"] + 1):
            kind = rng.choices(_ENTITY_KINDS, weights=_ENTITY_WEIGHTS)[0]
            name, forms = entity_name(rng, kind)
            description = self.prose.phrase(rng, 6, 14).capitalize() + "."
            entities.append((i, self.uid(rng), kind, name, description, _stamp(i), ACTOR))
            self.entity_names.append(name)
            for alias in dict.fromkeys(forms[: rng.randint(1, 2)]):  # UNIQUE(entity_id, alias)
                alias_id += 1
                aliases.append((alias_id, i, alias))
        columns = ("id", "uid", "kind", "name", "description", "created_at", "created_by")
        for rows in _batched(entities):
            yield Chunk("entities", columns, rows)
        for rows in _batched(aliases):
            yield Chunk("entity_aliases", ("id", "entity_id", "alias"), rows)

    def _sources(self) -> Iterator[Chunk]:
        rng = self.rng("sources")
        n_sources, n_excerpts = self.counts["sources"], self.counts["excerpts"]
        per_source = [0] * n_sources
        for _ in range(n_excerpts):
            per_source[rng.randrange(n_sources)] += 1
        excerpt_id = lineage_id = 0
        for first in range(1, n_sources + 1, SOURCES_PER_CHUNK):
            sources, texts, lineage, excerpts = [], [], [], []
            for i in range(first, min(first + SOURCES_PER_CHUNK, n_sources + 1)):
                title = self.prose.title(rng)
                publisher = rng.choice(self.prose.publishers)
                published = self._dates.point(rng)
                reliability = rng.choices(_RELIABILITY, weights=_RELIABILITY_WEIGHTS)[0]
                note = f"Graded {reliability} on its record." if rng.random() < 0.2 else None
                url = f"https://example.org/{publisher.lower().replace(' ', '-')}/{i}"
                added = _stamp(i)
                sources.append((
                    i, self.uid(rng), title, publisher, rng.choice(self.entity_names), url,
                    url, published.edtf, published.lower, published.upper, "en",
                    reliability, note, added, ACTOR,
                ))
                text = self.prose.text(rng, title, self.entity_names)
                original = text.encode("utf-8")
                sha = sha256_text(text)
                texts.append(
                    (i, i, 1, "text/plain", text, sha, sha256_bytes(original), added, ACTOR,
                     original)
                )
                if i > 1 and rng.random() < 0.05:
                    lineage_id += 1
                    relation = "reworks" if rng.random() < 0.7 else rng.choice(LINEAGE_RELATIONS)
                    lineage.append(
                        (lineage_id, self.uid(rng), i, rng.randrange(1, i), relation, None)
                    )
                for _ in range(per_source[i - 1]):
                    excerpt_id += 1
                    excerpts.append(self._excerpt(rng, excerpt_id, i, text, sha))
            yield Chunk("sources", (
                "id", "uid", "title", "publisher", "author", "url", "canonical_url",
                "published", "published_lower", "published_upper", "language",
                "reliability", "reliability_note", "added_at", "added_by",
            ), sources)
            yield Chunk("source_texts", (
                "id", "source_id", "version", "media_type", "text", "text_sha256",
                "original_sha256", "added_at", "added_by", "original",
            ), texts)
            if lineage:
                yield Chunk(
                    "source_lineage",
                    ("id", "uid", "source_id", "parent_id", "relation", "note"),
                    lineage,
                )
            for rows in _batched(excerpts):
                yield Chunk("excerpts", (
                    "id", "uid", "source_id", "start_pos", "end_pos", "exact", "prefix",
                    "suffix", "text_sha256", "anchor_status", "anchor_score", "credibility",
                    "created_at", "created_by",
                ), rows)

    def _excerpt(self, rng: random.Random, excerpt_id: int, source_id: int, text: str,
                 sha: str) -> tuple:
        size = len(text)
        length = min(size, rng.randint(40, 280))
        start = rng.randrange(0, size - length + 1)
        # Snap to word boundaries, as a reader's selection would be.
        space = text.find(" ", start, start + 20)
        if space != -1:
            start = space + 1
        end = min(size, start + length)
        space = text.rfind(" ", start + 10, end)
        if space != -1:
            end = space
        credibility = rng.randint(1, 6) if rng.random() < 0.7 else None
        return (
            excerpt_id, self.uid(rng), source_id, start, end, text[start:end],
            text[max(0, start - 32) : start], text[end : end + 32], sha, "exact", 1.0,
            credibility, _stamp(excerpt_id), ACTOR,
        )

    def _claims(self) -> Iterator[Chunk]:
        rng = self.rng("claims")
        n_entities, n_excerpts = self.counts["entities"], self.counts["excerpts"]
        # A few entities carry most claims, as the main subjects of a real case do.
        order = list(range(1, n_entities + 1))
        rng.shuffle(order)
        weights = cumulative([1 / (k + 1) ** 0.8 for k in range(n_entities)])
        citation_id = 0
        claim_columns = (
            "id", "uid", "subject_id", "property_id", "value", "value_entity_id", "text",
            "when_edtf", "when_lower", "when_upper", "rank", "rank_reason", "status",
            "likelihood", "confidence", "created_at", "created_by", "updated_at",
        )
        citation_columns = (
            "id", "uid", "claim_id", "excerpt_id", "stance", "credibility", "note",
            "created_at", "created_by",
        )
        n_claims = self.counts["claims"]
        for first in range(1, n_claims + 1, ROWS_PER_TRANSACTION):
            claims, citations = [], []
            for i in range(first, min(first + ROWS_PER_TRANSACTION, n_claims + 1)):
                subject = rng.choices(order, cum_weights=weights)[0]
                subject_name = self.entity_names[subject - 1]
                property_id = value = value_entity = None
                if rng.random() < 0.7:
                    property_id = rng.randint(1, len(_PROPERTIES))
                    _, label, datatype = _PROPERTIES[property_id - 1]
                    value, value_entity = self._value(rng, datatype, subject)
                    shown = value if value_entity is None else self.entity_names[value_entity - 1]
                    text = f"{subject_name}: {label.lower()} {shown}."
                else:
                    words = self.prose.phrase(rng, 6, 16)
                    text = f"{subject_name} {words}."
                when = self._dates.any(rng) if rng.random() < 0.3 else None
                roll = rng.random()
                rank, reason = "normal", None
                if roll < 0.06:
                    rank, reason = "preferred", "Most recent primary source."
                elif roll < 0.10:
                    rank, reason = "deprecated", "Superseded by a later filing."
                created = _stamp(10_000 + i)
                claims.append((
                    i, self.uid(rng), subject, property_id, value, value_entity, text,
                    when and when.edtf, when and when.lower, when and when.upper, rank, reason,
                    rng.choices(_STATUSES, weights=_STATUS_WEIGHTS)[0],
                    rng.choice(_LIKELIHOODS), rng.choice(_CONFIDENCES), created, ACTOR,
                    created if rng.random() < 0.3 else None,
                ))
                for excerpt in distinct(rng, n_excerpts, rng.randint(1, 2)):
                    citation_id += 1
                    citations.append((
                        citation_id, self.uid(rng), i, excerpt,
                        rng.choices(_STANCES, weights=_STANCE_WEIGHTS)[0],
                        rng.randint(1, 6) if rng.random() < 0.6 else None,
                        None, created, ACTOR,
                    ))
            yield Chunk("claims", claim_columns, claims)
            yield Chunk("citations", citation_columns, citations)

    def _value(self, rng: random.Random, datatype: str, subject: int) -> tuple[str | None,
                                                                                int | None]:
        if datatype == "entity":
            n = self.counts["entities"]
            other = rng.randint(1, n)
            if other == subject and n > 1:
                other = other % n + 1
            return None, other
        if datatype == "date":
            return self._dates.point(rng).edtf, None
        if datatype == "number":
            return str(rng.randint(1, 10**rng.randint(1, 9))), None
        if datatype == "bool":
            return rng.choice(("true", "false")), None
        return self.prose.phrase(rng, 1, 3).title(), None

    def _events(self) -> Iterator[Chunk]:
        rng = self.rng("events")
        n_events, n_entities = self.counts["events"], self.counts["entities"]
        n_excerpts = self.counts["excerpts"]
        event_columns = (
            "id", "uid", "title", "description", "date_edtf", "date_lower", "date_upper",
            "date_precision", "status", "created_at", "created_by", "updated_at",
            "date_earliest", "date_latest",
        )
        citation_columns = (
            "id", "uid", "event_id", "excerpt_id", "stance", "credibility", "date_edtf",
            "date_lower", "date_upper", "created_at", "created_by",
        )
        citation_id = 0
        for first in range(1, n_events + 1, ROWS_PER_TRANSACTION):
            events, links, citations = [], [], []
            for i in range(first, min(first + ROWS_PER_TRANSACTION, n_events + 1)):
                when = self._dates.any(rng)
                people = distinct(rng, n_entities, rng.randint(1, 3))
                title = f"{self.entity_names[people[0] - 1]} {self.prose.phrase(rng, 3, 8)}"
                created = _stamp(300_000 + i)
                events.append((
                    i, self.uid(rng), title, rng.choice(self.prose.sentences), when.edtf,
                    when.lower, when.upper, when.precision,
                    rng.choices(_STATUSES, weights=_STATUS_WEIGHTS)[0],
                    created, ACTOR, None, *filter_bounds(when.edtf, when.lower, when.upper),
                ))
                links += [
                    # uuid5 of the link itself, so adding this column left the rng stream as it was
                    (str(uuid.uuid5(uuid.NAMESPACE_OID, f"event-entity:{i}:{entity}")), i, entity,
                     rng.choice(_ROLES))
                    for entity in people
                ]
                for n, excerpt in enumerate(distinct(rng, n_excerpts, rng.randint(1, 2))):
                    citation_id += 1
                    stance = rng.choices(_STANCES, weights=_STANCE_WEIGHTS)[0]
                    # The first citation gives the event's date; a contradicting one another.
                    given = when if n == 0 else (
                        self._dates.any(rng) if stance == "contradicts" else None)
                    citations.append((
                        citation_id, self.uid(rng), i, excerpt, stance,
                        rng.randint(1, 6) if rng.random() < 0.6 else None,
                        given and given.edtf, given and given.lower, given and given.upper,
                        created, ACTOR,
                    ))
            yield Chunk("events", event_columns, events)
            yield Chunk("event_entities", ("uid", "event_id", "entity_id", "role"), links)
            yield Chunk("event_citations", citation_columns, citations)
