"""Turning files into case content: the sample case builder now, importers later (no Qt)."""
