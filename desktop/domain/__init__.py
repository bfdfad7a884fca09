"""Pure case logic: vocabularies, dates, text anchoring, mentions and comparison cells (no Qt, no SQL)."""
