"""Pure case logic: vocabularies, dates, anchoring, mentions, comparison cells (no Qt, no SQL)."""
