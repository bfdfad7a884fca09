"""The case schema as sqlite-utils Migrations; user_version counts the migrations applied."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from desktop.domain import vocab
from desktop.domain.dates import DateError, parse_edtf

APPLICATION_ID = 0x43415345  # "CASE": PRAGMA application_id marks a file as ours
MIGRATION_SET = "casefile"
FTS_TOKENIZER = "unicode61 remove_diacritics 2"  # "cafe" finds "Café"

migrations = Migrations(MIGRATION_SET)
MIGRATION_NAMES: list[str] = []  # in order; the schema version is how many a file has applied


def _migration(name: str):
    MIGRATION_NAMES.append(name)
    return migrations(name=name)


def _one_of(column: str, values: tuple, nullable: bool = True) -> str:
    """A CHECK clause from one of our vocabularies (code constants, never user input)."""
    listed = ", ".join(repr(v) for v in values)
    clause = f"{column} IN ({listed})"
    return f"CHECK ({column} IS NULL OR {clause})" if nullable else f"CHECK ({clause})"


def _tables() -> list[str]:
    return [
        """CREATE TABLE case_meta (key TEXT PRIMARY KEY, value TEXT)""",
        f"""CREATE TABLE sources (
            id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
            publisher TEXT, author TEXT, url TEXT, canonical_url TEXT,
            published TEXT, published_lower TEXT, published_upper TEXT, published_note TEXT,
            accessed TEXT, language TEXT, file_name TEXT,
            reliability TEXT {_one_of("reliability", tuple(vocab.RELIABILITY))},
            reliability_note TEXT, added_at TEXT NOT NULL, added_by TEXT)""",
        # Texts live apart from source metadata so listing sources never reads article bodies,
        # and a changed version of a source is a new row rather than an edit in place.
        """CREATE TABLE source_texts (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            version INTEGER NOT NULL, media_type TEXT, text TEXT NOT NULL,
            text_sha256 TEXT NOT NULL, original_sha256 TEXT, added_at TEXT NOT NULL,
            added_by TEXT, original BLOB, UNIQUE (source_id, version))""",
        f"""CREATE TABLE source_lineage (
            id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES sources(id) ON DELETE CASCADE,
            parent_label TEXT,
            relation TEXT NOT NULL {_one_of("relation", vocab.LINEAGE_RELATIONS, False)},
            note TEXT,
            CHECK (parent_id IS NOT NULL OR parent_label IS NOT NULL),
            CHECK (parent_id IS NULL OR parent_id != source_id))""",
        f"""CREATE TABLE entities (
            id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL {_one_of("kind", vocab.ENTITY_KINDS, False)},
            name TEXT NOT NULL, description TEXT,
            merged_into INTEGER REFERENCES entities(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL, created_by TEXT)""",
        """CREATE TABLE entity_aliases (
            id INTEGER PRIMARY KEY,
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            alias TEXT NOT NULL, note TEXT, UNIQUE (entity_id, alias))""",
        f"""CREATE TABLE excerpts (
            id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE RESTRICT,
            start_pos INTEGER NOT NULL, end_pos INTEGER NOT NULL,
            exact TEXT NOT NULL, prefix TEXT NOT NULL DEFAULT '', suffix TEXT NOT NULL DEFAULT '',
            text_sha256 TEXT NOT NULL,
            anchor_status TEXT NOT NULL DEFAULT 'exact'
                {_one_of("anchor_status", vocab.ANCHOR_STATUSES, False)},
            anchor_score REAL, page INTEGER,
            credibility INTEGER CHECK (credibility IS NULL OR credibility BETWEEN 1 AND 6),
            created_at TEXT NOT NULL, created_by TEXT,
            CHECK (0 <= start_pos AND start_pos <= end_pos))""",
        """CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            start_pos INTEGER NOT NULL, end_pos INTEGER NOT NULL)""",
        f"""CREATE TABLE properties (
            id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, key TEXT NOT NULL UNIQUE,
            label TEXT NOT NULL,
            datatype TEXT NOT NULL {_one_of("datatype", vocab.DATATYPES, False)},
            description TEXT, ord INTEGER NOT NULL DEFAULT 0)""",
        f"""CREATE TABLE claims (
            id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
            subject_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE RESTRICT,
            property_id INTEGER REFERENCES properties(id) ON DELETE RESTRICT,
            value TEXT, value_entity_id INTEGER REFERENCES entities(id) ON DELETE RESTRICT,
            text TEXT NOT NULL, when_edtf TEXT, when_lower TEXT, when_upper TEXT,
            rank TEXT NOT NULL DEFAULT 'normal' {_one_of("rank", vocab.RANKS, False)},
            rank_reason TEXT,
            status TEXT NOT NULL DEFAULT 'draft' {_one_of("status", vocab.STATUSES, False)},
            likelihood TEXT {_one_of("likelihood", vocab.LIKELIHOODS)},
            confidence TEXT {_one_of("confidence", vocab.CONFIDENCES)},
            created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT)""",
        f"""CREATE TABLE citations (
            id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            excerpt_id INTEGER NOT NULL REFERENCES excerpts(id) ON DELETE RESTRICT,
            stance TEXT NOT NULL {_one_of("stance", vocab.STANCES, False)},
            credibility INTEGER CHECK (credibility IS NULL OR credibility BETWEEN 1 AND 6),
            note TEXT, created_at TEXT NOT NULL, created_by TEXT,
            UNIQUE (claim_id, excerpt_id))""",
        f"""CREATE TABLE events (
            id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
            description TEXT, date_edtf TEXT, date_lower TEXT, date_upper TEXT,
            date_precision TEXT, date_phrase TEXT, date_anchor TEXT, date_rule TEXT,
            status TEXT NOT NULL DEFAULT 'draft' {_one_of("status", vocab.STATUSES, False)},
            created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT)""",
        """CREATE TABLE event_entities (
            id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE RESTRICT,
            role TEXT NOT NULL DEFAULT '', UNIQUE (event_id, entity_id, role))""",
        # date_* here is the date that this citation gives, so disputed dates keep their source.
        f"""CREATE TABLE event_citations (
            id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            excerpt_id INTEGER NOT NULL REFERENCES excerpts(id) ON DELETE RESTRICT,
            stance TEXT NOT NULL {_one_of("stance", vocab.STANCES, False)},
            credibility INTEGER CHECK (credibility IS NULL OR credibility BETWEEN 1 AND 6),
            note TEXT, date_edtf TEXT, date_lower TEXT, date_upper TEXT,
            created_at TEXT NOT NULL, created_by TEXT, UNIQUE (event_id, excerpt_id))""",
        f"""CREATE TABLE annotations (
            id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            excerpt_id INTEGER REFERENCES excerpts(id) ON DELETE SET NULL,
            motivation TEXT NOT NULL DEFAULT 'commenting'
                {_one_of("motivation", vocab.MOTIVATIONS, False)},
            body TEXT NOT NULL DEFAULT '', tags TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'open'
                {_one_of("status", vocab.ANNOTATION_STATUSES, False)},
            reviewer TEXT, reply_to INTEGER REFERENCES annotations(id) ON DELETE CASCADE,
            private INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL, modified TEXT NOT NULL)""",
        f"""CREATE TABLE briefings (
            id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
            subtitle TEXT, author TEXT, caveat TEXT, body TEXT NOT NULL DEFAULT '',
            sections TEXT NOT NULL DEFAULT '[]',
            page_size TEXT NOT NULL DEFAULT 'A4' {_one_of("page_size", vocab.PAGE_SIZES, False)},
            is_default INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL, modified TEXT NOT NULL)""",
        """CREATE TABLE change_log (
            id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT, action TEXT NOT NULL,
            batch TEXT NOT NULL, table_name TEXT NOT NULL, row_ref TEXT NOT NULL,
            op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
            before TEXT, after TEXT)""",
    ]


TABLES = frozenset(sql.split()[2] for sql in _tables())

_INDEXES = [
    "CREATE INDEX source_texts_by_original ON source_texts (original_sha256)",
    "CREATE INDEX sources_by_url ON sources (canonical_url)",
    "CREATE INDEX lineage_by_source ON source_lineage (source_id)",
    "CREATE INDEX lineage_by_parent ON source_lineage (parent_id)",
    "CREATE INDEX entities_by_kind ON entities (kind, name)",
    "CREATE INDEX aliases_by_alias ON entity_aliases (alias)",
    "CREATE INDEX excerpts_by_source ON excerpts (source_id, start_pos)",
    "CREATE INDEX mentions_by_source ON mentions (source_id, start_pos)",
    "CREATE INDEX mentions_by_entity ON mentions (entity_id, source_id)",
    "CREATE INDEX claims_by_subject ON claims (subject_id, property_id)",
    "CREATE INDEX claims_by_property ON claims (property_id)",
    "CREATE INDEX claims_by_value_entity ON claims (value_entity_id)",
    "CREATE INDEX citations_by_excerpt ON citations (excerpt_id)",
    "CREATE INDEX events_by_date ON events (date_lower, date_upper)",
    "CREATE INDEX event_entities_by_entity ON event_entities (entity_id)",
    "CREATE INDEX event_citations_by_excerpt ON event_citations (excerpt_id)",
    "CREATE INDEX annotations_by_source ON annotations (source_id)",
    "CREATE INDEX annotations_by_excerpt ON annotations (excerpt_id)",
    "CREATE INDEX annotations_by_reply ON annotations (reply_to)",
    "CREATE INDEX change_log_by_row ON change_log (table_name, row_ref)",
]

# (content table, indexed columns, columns whose update must re-index)
FTS_TABLES: list[tuple[str, tuple[str, ...]]] = [
    ("sources", ("title", "publisher", "author")),
    ("source_texts", ("text",)),
    ("excerpts", ("exact",)),
    ("claims", ("text", "value")),
    ("events", ("title", "description", "date_phrase")),
    ("annotations", ("body", "tags")),
    ("entities", ("name", "description")),
    ("entity_aliases", ("alias",)),
]


def fts_statements(table: str, columns: tuple[str, ...]) -> list[str]:
    """An external-content FTS5 index over table, kept in sync by three triggers."""
    fts = f"{table}_fts"
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    # Table and column names come from FTS_TABLES above, never from input.
    delete_old = f"INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"  # noqa: S608
    insert_new = f"INSERT INTO {fts} (rowid, {cols}) VALUES (new.id, {new});"  # noqa: S608
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', "
        f"content_rowid='id', tokenize='{FTS_TOKENIZER}')",
        f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN {insert_new} END",
        f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN {delete_old} END",
        f"CREATE TRIGGER {table}_fts_update AFTER UPDATE OF {cols} ON {table} "
        f"BEGIN {delete_old} {insert_new} END",
    ]


@_migration("0001_initial")
def initial(db: Database) -> None:
    # Statement by statement: executescript() would commit the migration's transaction.
    for statement in _tables() + _INDEXES:
        db.execute(statement)
    for table, columns in FTS_TABLES:
        for statement in fts_statements(table, columns):
            db.execute(statement)


@_migration("0002_text_pages")
def text_pages(db: Database) -> None:
    # A PDF's text keeps where each page starts (a JSON list of code-point offsets), so an
    # excerpt can say "p. 3" without storing the page on every row that cites it.
    db.execute("ALTER TABLE source_texts ADD COLUMN pages TEXT")
    # An import asks whether a source already has this exact text.
    db.execute("CREATE INDEX source_texts_by_text ON source_texts (text_sha256)")


@_migration("0003_event_dates")
def event_dates(db: Database) -> None:
    # Filter bounds (strict bounds widened where a side is approximate), and what a relative
    # phrase was resolved against: the source whose publication date anchors it, and whether
    # the date was computed (then a corrected publication date computes it again).
    for statement in (
        "ALTER TABLE events ADD COLUMN date_earliest TEXT",
        "ALTER TABLE events ADD COLUMN date_latest TEXT",
        "ALTER TABLE events ADD COLUMN date_source_id INTEGER"
        " REFERENCES sources(id) ON DELETE SET NULL",
        "ALTER TABLE events ADD COLUMN date_auto INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE event_citations ADD COLUMN date_earliest TEXT",
        "ALTER TABLE event_citations ADD COLUMN date_latest TEXT",
        "CREATE INDEX events_by_filter_date ON events (date_earliest, date_latest)",
        "CREATE INDEX events_by_date_source ON events (date_source_id)",
    ):
        db.execute(statement)
    for table in ("events", "event_citations"):
        rows = db.execute(
            f"SELECT id, date_edtf FROM {table} WHERE date_edtf IS NOT NULL"  # noqa: S608
        ).fetchall()
        for row_id, text in rows:
            try:
                bounds = parse_edtf(text)
            except DateError:
                continue  # written by hand elsewhere; the integrity check reports it
            db.execute(
                f"UPDATE {table} SET date_earliest = ?, date_latest = ? WHERE id = ?",  # noqa: S608
                [bounds.earliest, bounds.latest, row_id],
            )


@_migration("0004_briefing_date")
def briefing_date(db: Database) -> None:
    # The date a briefing's title page prints (EDTF: "2026-07~" prints "about July 2026").
    db.execute("ALTER TABLE briefings ADD COLUMN date TEXT")


SCHEMA_VERSION = len(MIGRATION_NAMES)  # what this build writes and understands


def expected_triggers() -> dict[str, str]:
    """Every trigger this build creates, by name, with its SQL squashed to single spaces."""
    found = {}
    for table, columns in FTS_TABLES:
        for statement in fts_statements(table, columns):
            if statement.startswith("CREATE TRIGGER"):
                found[statement.split()[2]] = " ".join(statement.split())
    return found
