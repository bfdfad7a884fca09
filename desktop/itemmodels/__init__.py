"""Qt item models over storage: they hold ids, fetch rows in pages and refresh on changes."""
