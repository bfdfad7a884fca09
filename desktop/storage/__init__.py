"""The case file: one SQLite database, its schema, lock, single write path and queries (no Qt)."""
